"""Markdown as newsrooms write it: what is an entry, what is markup, how editions keep it."""

from __future__ import annotations

import pytest

from transpipe.core.model import BlockKind as K
from transpipe.core.model import Document
from transpipe.document import encode_edition, read_article, read_document, render_document


def bracket(sentence: str) -> str:
    return "(" + sentence + ")"


def entries(doc: Document) -> list[tuple[str, str]]:
    return [(s.text, s.note) for s in doc.sentences()]


def with_translations(doc: Document, table: dict[str, str]) -> str:
    return render_document(doc, table.get)


# -- identity -----------------------------------------------------------------------------

ARTICLE = """\
# Border Talks Resume {#talks}

KYIV, 4 June  
Staff report\\
Updated at noon

A first sentence runs over
two lines. A second follows.

![Troops at the crossing](crossing.jpg "At dawn")

- [x] Convoy cleared.
- [ ] Depot inspected.

| Unit | Base | Strength |
|:-----|:----:|---------:|
| First brigade | Lviv \\| west | 1200 |
| Reserve | | 300 |

{{< figure src="map.png" caption="The new line of contact" alt="A map" class="wide" >}}

{% include quote.html caption='Said the envoy' %}

{{< highlight go >}}
fmt.Println("Not prose. Never translated.")
{{< /highlight >}}

<figure>
<img src="a.jpg" alt="A damaged bridge">
<figcaption>The bridge near the border.</figcaption>
</figure>

<!-- an editor's note, never shown -->

Ceasefire
: A halt to fighting agreed by both sides.

The report[^1] cites {{< ref "earlier.md" >}} sources &amp; witnesses.

[^1]: Published on Monday.
    It runs to forty pages.

    A second paragraph of the note.

{: .lead}
Setext Heading {#setext}
------------------------
"""


def test_nothing_translated_gives_the_source_byte_for_byte() -> None:
    doc = read_document(ARTICLE, "a.md")
    assert render_document(doc, lambda s: None) == ARTICLE
    assert render_document(doc, lambda s: s) == ARTICLE


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_byte_order_mark_and_line_ends_come_back(newline: str, bom: bytes) -> None:
    data = bom + ARTICLE.replace("\n", newline).encode("utf-8")
    doc = read_article(data, "a.md")
    assert (doc.bom, doc.newline) == (bool(bom), newline)
    assert encode_edition(doc, render_document(doc, lambda s: None)) == data
    translated = encode_edition(doc, render_document(doc, bracket))
    assert translated.startswith(bom + b"# (Border Talks Resume) {#talks}" + newline.encode())
    # one line fewer: the translated sentence that ran over two lines is on one
    assert translated.count(newline.encode()) == data.count(newline.encode()) - 1


def test_text_files_keep_their_bytes_too() -> None:
    data = b"\xef\xbb\xbfA Title\r\n\r\nA line that is\r\nwrapped by hand.\r\n\r\n\r\n"
    doc = read_article(data, "a.txt")
    assert encode_edition(doc, render_document(doc, lambda s: None)) == data


# -- what is an entry -------------------------------------------------------------------


def test_every_reader_facing_text_is_an_entry_and_no_markup_is() -> None:
    doc = read_document(ARTICLE, "a.md")
    assert entries(doc) == [
        ("Border Talks Resume", ""),
        ("KYIV, 4 June", ""),
        ("Staff report", ""),
        ("Updated at noon", ""),
        ("A first sentence runs over two lines.", ""),
        ("A second follows.", ""),
        ("Troops at the crossing", "image alt"),
        ("At dawn", "image title"),
        ("Convoy cleared.", ""),
        ("Depot inspected.", ""),
        ("Unit", "table row 1, column 1"),
        ("Base", "table row 1, column 2"),
        ("Strength", "table row 1, column 3"),
        ("First brigade", "table row 2, column 1"),
        ("Lviv \\| west", "table row 2, column 2"),
        ("Reserve", "table row 3, column 1"),
        ("The new line of contact", "shortcode figure caption"),
        ("A map", "shortcode figure alt"),
        ("Said the envoy", "liquid include caption"),
        ("A damaged bridge", "html attribute: img alt"),
        ("The bridge near the border.", ""),
        ("Ceasefire", ""),
        ("A halt to fighting agreed by both sides.", ""),
        ('The report[^1] cites {{< ref "earlier.md" >}} sources &amp; witnesses.', ""),
        ("Published on Monday.", ""),
        ("It runs to forty pages.", ""),
        ("A second paragraph of the note.", ""),
        ("Setext Heading", ""),
    ]


def test_block_kinds_of_the_constructs() -> None:
    doc = read_document(ARTICLE, "a.md")
    kinds = {b.line: (b.kind, b.prefix) for b in doc.blocks}
    assert kinds[1] == (K.TITLE, "# ")
    assert kinds[12] == (K.LIST_ITEM, "- [x] ")
    assert kinds[13] == (K.LIST_ITEM, "- [ ] ")
    assert kinds[15][0] is K.TABLE
    assert kinds[20][0] is K.TEMPLATE
    assert kinds[24][0] is K.CODE  # a highlight shortcode encloses code
    assert kinds[28][0] is K.HTML
    assert kinds[33][0] is K.VERBATIM  # an HTML comment
    assert kinds[35][0] is K.PARAGRAPH  # a term
    assert kinds[36] == (K.LIST_ITEM, ": ")  # its definition
    assert kinds[43] == (K.PARAGRAPH, "    ")  # the footnote's second paragraph
    assert kinds[45][0] is K.VERBATIM  # the attribute line
    assert kinds[46][0] is K.HEADING


def test_a_template_line_interrupts_a_paragraph() -> None:
    doc = read_document("Text before it.\n{{< youtube abc >}}\nText after.\n", "a.md")
    assert [b.kind for b in doc.blocks] == [K.PARAGRAPH, K.VERBATIM, K.PARAGRAPH]


def test_a_multi_line_shortcode_is_one_block() -> None:
    text = '{{< figure\n    src="a.jpg"\n    caption="Soldiers at rest" >}}\n'
    doc = read_document(text, "a.md")
    assert [(b.kind, b.line) for b in doc.blocks] == [(K.TEMPLATE, 1)]
    (caption,) = doc.sentences()
    assert (caption.text, caption.line) == ("Soldiers at rest", 3)
    assert text[caption.start : caption.end] == "Soldiers at rest"


def test_liquid_raw_and_comment_blocks_are_code() -> None:
    text = "{% raw %}\n{{ not.a.variable }} Text.\n{% endraw %}\n\n{% comment %}\nHidden.\n{% endcomment %}\n"
    doc = read_document(text, "a.md")
    assert [b.kind for b in doc.blocks] == [K.CODE, K.CODE]
    assert doc.sentences() == []


def test_an_unclosed_comment_or_a_script_is_never_text() -> None:
    for text in ("<!--\nNot shown.\n", "<script>\nvar a = 'Words here.';\n</script>\n"):
        assert read_document(text, "a.md").sentences() == []


def test_a_lone_image_is_no_entry_but_its_alt_is() -> None:
    doc = read_document("![Smoke over the port](port.jpg)\n", "a.md")
    assert entries(doc) == [("Smoke over the port", "image alt")]


def test_escaped_quotes_in_a_shortcode_parameter_are_read() -> None:
    doc = read_document('{{< figure caption="The \\"Storm\\" battery" >}}\n', "a.md")
    assert entries(doc) == [('The "Storm" battery', "shortcode figure caption")]


# -- how editions write translations -------------------------------------------------------


def test_hard_breaks_stay_where_they_were() -> None:
    doc = read_document("KYIV, 4 June  \nStaff report\\\nUpdated at noon\n", "a.md")
    assert (
        render_document(doc, bracket) == "(KYIV, 4 June)  \n(Staff report)\\\n(Updated at noon)\n"
    )


def test_a_translated_cell_gets_its_pipes_escaped() -> None:
    doc = read_document("| A | B |\n|---|---|\n| Left | Right |\n", "a.md")
    out = with_translations(doc, {"Left": "Links | rechts", "Right": "Rechts \\| schon"})
    assert out == "| A | B |\n|---|---|\n| Links \\| rechts | Rechts \\| schon |\n"


@pytest.mark.parametrize(
    ("source", "translation", "expected"),
    [
        (
            '{{< figure caption="Storm" >}}',
            'Der "Sturm"',
            '{{< figure caption="Der \\"Sturm\\"" >}}',
        ),
        ("{% include x caption='Storm' %}", "L'orage", '{% include x caption="L\'orage" %}'),
        (
            '{% include x caption="Storm" %}',
            'Der "Sturm"',
            '{% include x caption="Der &quot;Sturm&quot;" %}',
        ),
        ("{{< figure caption=Storm >}}", "Der Sturm", '{{< figure caption="Der Sturm" >}}'),
        (
            '{{< figure caption="Storm" >}}',
            "<script>x</script>",
            '{{< figure caption="&lt;script&gt;x&lt;/script&gt;" >}}',
        ),
    ],
)
def test_a_translated_parameter_is_quoted_as_its_tag_requires(
    source: str, translation: str, expected: str
) -> None:
    doc = read_document(source + "\n", "a.md")
    assert with_translations(doc, {"Storm": translation}) == expected + "\n"


@pytest.mark.parametrize(
    ("translation", "written"),
    [
        ("# Keine Überschrift.", "\\# Keine Überschrift."),
        ("- kein Punkt.", "\\- kein Punkt."),
        ("1. Kein Listenpunkt.", "1\\. Kein Listenpunkt."),
        ("> kein Zitat.", "\\> kein Zitat."),
        (": keine Definition.", "\\: keine Definition."),
        ("Ein <script>alert(1)</script> Satz.", "Ein &lt;script&gt;alert(1)&lt;/script&gt; Satz."),
    ],
)
def test_a_translation_cannot_open_a_block_or_add_html(translation: str, written: str) -> None:
    doc = read_document("First line here.\nSecond sentence.\n", "a.md")
    out = with_translations(doc, {"Second sentence.": translation})
    assert out == f"First line here.\n{written}\n"


def test_an_image_alt_is_translated_inside_a_translated_sentence() -> None:
    doc = read_document("See ![the map](m.png) below.\n", "a.md")
    out = with_translations(
        doc,
        {
            "See ![the map](m.png) below.": "Siehe ![the map](m.png) unten.",
            "the map": "die [Karte]",
        },
    )
    assert out == "Siehe ![die \\[Karte\\]](m.png) unten.\n"
    alone = with_translations(doc, {"the map": "die Karte"})
    assert alone == "See ![die Karte](m.png) below.\n"


def test_a_raw_html_block_is_rendered_as_html() -> None:
    doc = read_document(
        '<figure>\n<img alt="A bridge">\n<figcaption>Near <b>Kharkiv</b>.</figcaption>\n</figure>\n',
        "a.md",
    )
    out = with_translations(
        doc, {"A bridge": 'Eine "Brücke"', "Near <b>Kharkiv</b>.": "Bei <b>Charkiw</b> & <i>x</i>."}
    )
    assert out == (
        '<figure>\n<img alt="Eine &quot;Brücke&quot;">\n'
        "<figcaption>Bei <b>Charkiw</b> &amp; &lt;i&gt;x&lt;/i&gt;.</figcaption>\n</figure>\n"
    )


def test_headings_keep_their_attribute_blocks_and_closing_marks() -> None:
    doc = read_document("## Results ## {#results .wide}\n\nSetext {#s}\n===\n", "a.md")
    assert [s.text for s in doc.sentences()] == ["Results", "Setext"]
    assert (
        render_document(doc, bracket) == "## (Results) ## {#results .wide}\n\n(Setext) {#s}\n===\n"
    )


def test_an_empty_translation_drops_the_sentence_and_its_space() -> None:
    doc = read_document("One. Two. Three.\n", "a.md")
    assert with_translations(doc, {"Two.": ""}) == "One. Three.\n"


def test_link_and_image_titles_are_entries_written_back_escaped() -> None:
    text = 'See [the report](https://x.org "Full report") and ![Map](m.png (Front line)).\n\n[c]: https://c.eu "Council press"\n'
    doc = read_document(text, "a.md")
    assert [(s.text, s.note) for s in doc.sentences() if s.note] == [
        ("Full report", "link title"),
        ("Map", "image alt"),
        ("Front line", "image title"),
        ("Council press", "link title"),
    ]
    titles = {
        "Full report": 'Der "ganze" Bericht',
        "Front line": "Front (Linie)",
        "Council press": "Rat",
    }
    assert with_translations(doc, titles) == (
        'See [the report](https://x.org "Der \\"ganze\\" Bericht") and ![Map](m.png (Front \\(Linie\\))).\n\n'
        '[c]: https://c.eu "Rat"\n'
    )


def test_a_shortcut_reference_link_still_links_when_its_text_is_translated() -> None:
    text = "See the [Council] and the [EU][] on [this](https://x.org).\n\n[Council]: https://c.eu\n[eu]: https://e.eu\n"
    doc = read_document(text, "a.md")
    source = "See the [Council] and the [EU][] on [this](https://x.org)."
    out = with_translations(
        doc, {source: "Siehe den [Rat] und die [Union][] zu [dies](https://x.org)."}
    )
    assert out.startswith(
        "Siehe den [Rat][Council] und die [Union][EU] zu [dies](https://x.org).\n"
    )
    kept = with_translations(
        doc, {source: "Siehe den [Council] und die [EU][] zu [dies](https://x.org)."}
    )
    assert kept.startswith("Siehe den [Council] und die [EU][] zu")


def test_inline_html_attributes_are_entries_of_their_own() -> None:
    text = '> An envoy of the <abbr title="Organization for Security">OSCE</abbr>\n> spoke.\n'
    doc = read_document(text, "a.md")
    assert entries(doc) == [
        ("Organization for Security", "html attribute: abbr title"),
        ('An envoy of the <abbr title="Organization for Security">OSCE</abbr> spoke.', ""),
    ]
    title = {"Organization for Security": 'Organisation für "Sicherheit"'}
    assert with_translations(doc, title) == (
        '> An envoy of the <abbr title="Organisation für &quot;Sicherheit&quot;">OSCE</abbr>\n> spoke.\n'
    )
    both = {
        **title,
        'An envoy of the <abbr title="Organization for Security">OSCE</abbr> spoke.': (
            'Ein Gesandter der <abbr title="Organization for Security">OSZE</abbr> sprach.'
        ),
    }
    assert with_translations(doc, both) == (
        '> Ein Gesandter der <abbr title="Organisation für &quot;Sicherheit&quot;">OSZE</abbr> sprach.\n'
    )


def test_footnote_definitions_follow_each_other_without_blank_lines() -> None:
    doc = read_document("[^a]: First note.\n[^b]: Second note.\n", "a.md")
    assert [(b.prefix, [s.text for s in b.sentences]) for b in doc.blocks] == [
        ("[^a]: ", ["First note."]),
        ("[^b]: ", ["Second note."]),
    ]


def test_an_outer_list_item_after_a_nested_one_is_an_item() -> None:
    text = "1. First step.\n   - Detail.\n2. Second step.\n"
    doc = read_document(text, "a.md")
    assert [(b.line, b.prefix) for b in doc.blocks] == [(1, "1. "), (2, "   - "), (3, "2. ")]
    assert render_document(doc, bracket) == "1. (First step.)\n   - (Detail.)\n2. (Second step.)\n"
