"""Hostile translations: whatever a translation holds, a Markdown edition keeps its structure."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transpipe.core.model import Document
from transpipe.document import read_document, render_document
from transpipe.document.markdown_syntax import tag_name, tag_parameters
from transpipe.text.spans import TEMPLATE_TAG


def translated(source: str, table: dict[str, str]) -> str:
    return render_document(read_document(source, "a.md"), table.get)


def shape(doc: Document) -> list[tuple[str, int, tuple[str, ...]]]:
    """Each block's kind, first line and the places of its entries."""
    return [(b.kind.value, b.line, tuple(s.note for s in b.sentences)) for b in doc.blocks]


# -- a dropped sentence ----------------------------------------------------------------------


def test_a_dropped_sentence_does_not_leave_the_next_one_opening_a_list() -> None:
    assert translated("It rose. 1. Then fell.\n", {"It rose.": ""}) == "1\\. Then fell.\n"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("One two.\nThree four.\nFive six.\n", "One two.\nFive six.\n"),
        ("> One two.\n> Three four.\n> Five six.\n", "> One two.\n> Five six.\n"),
        ("- One two.\n  Three four.\n  Five six.\n", "- One two.\n  Five six.\n"),
        ("One two.  \nThree four.  \nFive six.\n", "One two.  \nFive six.\n"),
    ],
)
def test_a_dropped_sentence_on_a_line_of_its_own_takes_the_line_and_keeps_one_paragraph(
    source: str, expected: str
) -> None:
    out = translated(source, {"Three four.": ""})
    assert out == expected
    assert len(read_document(out, "a.md").blocks) == 1


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("One two.\nFive six. Three four.\n", "One two.\n"),
        ("Five six. Three four.\nFive six. Three four.\nSeven.\n", "\nSeven.\n"),
    ],
)
def test_a_line_whose_sentences_are_all_dropped_goes(source: str, expected: str) -> None:
    assert translated(source, {"Three four.": "", "Five six.": ""}) == expected


# -- what a translation starting a line could open -----------------------------------------


@pytest.mark.parametrize(
    ("translation", "written"),
    [
        ("***", "\\***"),
        ("_ _ _", "\\_ _ _"),
        ("[x]: https://evil.example", "\\[x]: https://evil.example"),
        ("[^1]: A note of its own.", "\\[^1]: A note of its own."),
        ("{: .lead}", "\\{: .lead}"),
    ],
)
def test_a_translation_cannot_become_a_rule_or_a_definition(translation: str, written: str) -> None:
    out = translated("Some text here.\n", {"Some text here.": translation})
    assert out == written + "\n"
    assert [b.kind.value for b in read_document(out, "a.md").blocks] == ["paragraph"]


# -- backslashes next to markup ---------------------------------------------------------------


@pytest.mark.parametrize("translation", ["Links\\", "Links\\\\"])
def test_a_cell_ending_in_a_backslash_does_not_escape_the_next_pipe(translation: str) -> None:
    out = translated("|A|B|\n|-|-|\n|Left|Right|\n", {"Left": translation})
    assert out == f"|A|B|\n|-|-|\n|{translation} |Right|\n"
    cells = [s.text for s in read_document(out, "a.md").sentences()]
    assert cells == ["A", "B", translation, "Right"]


@pytest.mark.parametrize(
    ("translation", "written"),
    [("Karte\\", "Karte\\\\"), ("a\\\\]b", "a\\\\\\]b"), ("die \\[Karte]", "die \\[Karte\\]")],
)
def test_an_alt_text_cannot_close_its_image_early(translation: str, written: str) -> None:
    out = translated("See ![the map](m.png) below.\n", {"the map": translation})
    assert out == f"See ![{written}](m.png) below.\n"


# -- template tags ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        '{{< figure src="x.png" caption="Storm" class="w" >}}',
        '{% include x.html caption="Storm" class="w" %}',
        "{% include x.html caption='Storm' class='w' %}",
        "{% include x.html caption=Storm class=w %}",
        "{{% note caption=`Storm` class=w %}}",
    ],
)
@pytest.mark.parametrize(
    "translation", ["a >}} b", "a %}} b", "a %} b", "a }} b", "a #} b", "a\\", 'a\\"b', "}}}x"]
)
def test_a_parameter_cannot_close_its_tag_or_escape_its_quote(
    source: str, translation: str
) -> None:
    out = translated(source + "\n", {"Storm": translation})
    tags = [found.group() for found in TEMPLATE_TAG.finditer(out)]
    assert len(tags) == 1
    assert out == tags[0] + "\n"
    parameters = {p.name: p.value for p in tag_parameters(tags[0])}
    assert tag_name(tags[0]) == tag_name(source)
    assert parameters["class"] == "w"
    assert parameters["caption"].startswith(translation[0] if translation[0] != "}" else "}")


def test_a_backslash_and_a_closer_in_a_parameter_are_character_references() -> None:
    out = translated('{{< figure caption="Storm" >}}\n', {"Storm": 'a\\"b >}}'})
    assert out == '{{< figure caption="a&#92;\\"b &gt;}&#125;" >}}\n'


# -- raw HTML ----------------------------------------------------------------------------------


def test_a_blank_line_in_an_inline_html_attribute_does_not_end_the_paragraph() -> None:
    out = translated('An <abbr title="Long form">LF</abbr> here.\n', {"Long form": "a\n\nb"})
    assert out == 'An <abbr title="a b">LF</abbr> here.\n'


def test_a_blank_line_in_a_translation_does_not_end_an_html_block() -> None:
    source = '<div class="x">\n<p>Html text.</p>\n<img alt="Img alt" src="a">\n</div>\n'
    out = translated(source, {"Img alt": "a\n\nb", "Html text.": "c\n\n# d"})
    assert out == '<div class="x">\n<p>c # d</p>\n<img alt="a b" src="a">\n</div>\n'
    assert shape(read_document(out, "a.md")) == shape(read_document(source, "a.md"))


# -- any translation, any construct --------------------------------------------------------------

CONSTRUCTS = [
    "# Title here {#t}",
    "## Section two ##",
    "Para one. Two here.\nThird line here.",
    "Start here.  \nAfter break.\\\nEnd.",
    "- Item one.\n- Item two.\n  More text.",
    "1. First.\n2. Second.",
    "> Quoted one.\n> Quoted two.",
    "| Head A | Head B |\n|---|:-:|\n| Cell one | Cell two |\n|Tight|Cells|",
    '{{< figure src="x.png" caption="Cap one" alt=\'Alt one\' class="w" >}}',
    "{% include x.html caption=\"Cap two\" title=bare class='c' %}",
    '<div class="x">\n<p>Html text.</p>\n<img alt="Img alt" src="a">\n</div>',
    'See ![the map](m.png "T") below.',
    'An <abbr title="Long form">LF</abbr> here.',
    "Term word\n: Definition here.",
]
HOSTILE = st.lists(
    st.sampled_from(
        [
            "x\\", "a >}} b", "a %} b", "a }} b", "# h", "- l", "1. n", "> q", ": d", "```",
            "***", "___", "---", "===", "[x]: http://e", "[^9]: f", "<script>", "<div>",
            "|", "\\|", "\\\\", '"', "'", "`", "\u2028", "\n", "\n\n", "    code", "{: .c}",
            "Wort", " ",
        ]
    ),
    min_size=1,
    max_size=4,
).map("".join)  # fmt: skip


@settings(deadline=None)
@given(
    parts=st.lists(st.sampled_from(CONSTRUCTS), min_size=1, max_size=4, unique=True),
    data=st.data(),
)
def test_a_hostile_translation_of_one_entry_keeps_every_block_and_every_other_entry(
    parts: list[str], data: st.DataObject
) -> None:
    source = "\n\n".join(parts) + "\n"
    doc = read_document(source, "a.md")
    entry = data.draw(st.sampled_from(list(doc.sentences())))
    translation = data.draw(HOSTILE.filter(lambda t: any(c.isalpha() for c in t)))
    out = render_document(doc, lambda text: translation if text == entry.text else None)
    again = read_document(out, "a.md")
    assert [b.kind for b in again.blocks] == [b.kind for b in doc.blocks]
    outside = [s for s in doc.sentences() if not entry.start <= s.start < entry.end]
    places = [s.note for s in outside if s.note]
    assert [s.note for s in again.sentences() if s.note in places] == places


def test_dropping_a_sentence_that_ran_over_lines_and_the_one_after_it_drops_both() -> None:
    source = "Keep this.\nLine a\nline b ends. Two here.\nStays.\n"
    doc = read_document(source, "a.md")
    assert [s.text for s in doc.sentences()] == [
        "Keep this.",
        "Line a line b ends.",
        "Two here.",
        "Stays.",
    ]
    out = translated(source, {"Line a line b ends.": "", "Two here.": ""})
    assert out == "Keep this.\nStays.\n"


def test_a_template_tag_a_translation_brings_in_is_made_inert() -> None:
    text = 'Text with {{< ref "a.md" >}} here.\n\n| A |\n|---|\n| Cell |\n'
    doc = read_document(text, "a.md")
    sentence = 'Text with {{< ref "a.md" >}} here.'
    out = render_document(
        doc,
        {
            sentence: 'Text {% include evil %} mit {{< ref "a.md" >}} und {{ site.x }} und {% offen',
            "Cell": "Zelle {{ x }}",
        }.get,
    )
    assert out.startswith(
        'Text &#123;% include evil %} mit {{< ref "a.md" >}} und &#123;{ site.x }} und &#123;% offen\n'
    )
    assert "| Zelle &#123;{ x }} |" in out


def test_html_behind_a_backslash_in_a_template_parameter_is_escaped() -> None:
    doc = read_document('{% include x.html title=bare caption="Keep <b>bold</b>" %}\n', "a.md")
    out = render_document(
        doc,
        {
            "bare": "x\\<script>alert(1)</script>",
            "Keep <b>bold</b>": "Halte <b>fett</b> <i>neu</i>",
        }.get,
    )
    assert out == (
        '{% include x.html title="x&#92;&lt;script&gt;alert(1)&lt;/script&gt;" '
        'caption="Halte <b>fett</b> &lt;i&gt;neu&lt;/i&gt;" %}\n'
    )


def test_an_emptied_setext_heading_leaves_no_underline_behind() -> None:
    doc = read_document("Intro.\n\nTitle here\n===\n\nBody.\n", "a.md")
    assert render_document(doc, {"Title here": ""}.get) == "Intro.\n\n\n\nBody.\n"
