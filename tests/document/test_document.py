"""Reading articles into blocks and sentences, rendering them back, decoding bytes."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import ROOT, TESTS
from transpipe.core.errors import InputError
from transpipe.core.model import BlockKind, Document
from transpipe.document import article_format, decode_article, read_document, render_document

EXAMPLES = ROOT / "examples"
BAD = TESTS / "data" / "bad"
EXAMPLE_FILES = ["nato-air-defence.md", "briefing.txt"]

K = BlockKind


def bracket(sentence: str) -> str:
    return "(" + sentence + ")"


def miss(sentence: str) -> None:
    return None


def load(name: str) -> tuple[str, Document]:
    text = decode_article((EXAMPLES / name).read_bytes(), name)
    return text, read_document(text, name)


def assert_offsets(text: str, doc: Document) -> None:
    for sentence in doc.sentences():
        assert text.count("\n", 0, sentence.start) + 1 == sentence.line
        if sentence.note or any(
            s is sentence for b in doc.blocks if b.kind is K.HTML for s in b.sentences
        ):
            # a parameter or front matter value (its escapes undone), HTML text (references
            # decoded): its span is where it is written
            assert sentence.start < sentence.end <= len(text)
        elif "\n" not in text[sentence.start : sentence.end]:
            assert text[sentence.start : sentence.end] == sentence.text
        else:
            assert text[sentence.start] == sentence.text[0]
            assert text[sentence.end - 1] == sentence.text[-1]


# -- the example articles ------------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_examples_render_back_byte_for_byte(name: str) -> None:
    text, doc = load(name)
    assert render_document(doc, miss) == text
    assert (EXAMPLES / name).read_bytes() == render_document(doc, miss).encode("utf-8")


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_example_sentence_offsets_and_lines(name: str) -> None:
    text, doc = load(name)
    assert len(doc.sentences()) >= 12
    assert_offsets(text, doc)


def test_markdown_example_blocks() -> None:
    _, doc = load("nato-air-defence.md")
    assert doc.format == "markdown"
    assert doc.name == "nato-air-defence"
    assert [(b.kind, b.prefix) for b in doc.blocks] == [
        (K.TITLE, "# "),
        (K.PARAGRAPH, ""),
        (K.PARAGRAPH, ""),
        (K.HEADING, "## "),
        (K.PARAGRAPH, ""),
        (K.LIST_ITEM, "- "),
        (K.LIST_ITEM, "- "),
        (K.LIST_ITEM, "- "),
        (K.HEADING, "## "),
        (K.PARAGRAPH, ""),
        (K.PARAGRAPH, ""),
        (K.QUOTE, "> "),
        (K.PARAGRAPH, ""),
        (K.HEADING, "## "),
        (K.PARAGRAPH, ""),
        (K.PARAGRAPH, ""),
    ]
    title, repeated = doc.blocks[0], doc.blocks[1]
    assert title.sentences[0].text == repeated.sentences[0].text


def test_markdown_example_sentences_keep_inline_markup() -> None:
    _, doc = load("nato-air-defence.md")
    texts = [s.text for s in doc.sentences()]
    assert any("**three radar sites**" in t for t in texts)
    assert any("`AD-WEST-2`" in t and "No. 5 Squadron" in t for t in texts)
    assert any(t.endswith("(https://example.org/air-shield-note).") for t in texts)
    assert any(t.startswith("Dr. Halyna Marchuk") for t in texts)
    assert any(t.startswith("A U.S. official") for t in texts)
    assert "‘Nobody here wants a wider war,’ the CoS told reporters after the meeting." in texts


def test_text_example_blocks() -> None:
    _, doc = load("briefing.txt")
    assert doc.format == "text"
    assert [b.kind for b in doc.blocks] == [
        K.TITLE,
        K.HEADING,
        K.PARAGRAPH,
        K.HEADING,
        K.PARAGRAPH,
        K.PARAGRAPH,
        K.HEADING,
        K.PARAGRAPH,
    ]


def test_markdown_example_with_fake_translator_keeps_markup() -> None:
    text, doc = load("nato-air-defence.md")
    out = render_document(doc, bracket).split("\n")
    source = text.split("\n")
    assert len(out) == len(source)
    assert out[0] == "# (Allies Weigh a Shared Air Shield Over Western Ukraine)"
    assert out[6] == "## (What was on the table)"
    assert (
        out[10]
        == "- (Option A would pool existing *Patriot* and SAMP/T batteries under a single command.)"
    )
    assert out[20].startswith("> (“The Minobороны statement")
    assert out[20].endswith(") (“We read Moscow’s threats every week.”)")
    for src, new in zip(source, out, strict=True):
        assert (src == "") == (new == "")


# -- Markdown block kinds ------------------------------------------------------

SAMPLE = """\
---
title: Front matter stays as it is
---

# Ministers Meet in Brussels ##

Background
==========

The talks began at noon. They ended late.

1. First point of the plan.
2. Second point.
   - A nested note.
   + Another nested note.

   A paragraph inside the list item.

Back to normal text.

> A quoted sentence. Another one.
>
> > A nested quotation.
> - A quoted list item.

```text
Code. Never split.
```

    indented code stays

<div class="note">
Raw HTML.
</div>

| Unit | Base |
|------|------|
| AFU  | Lviv |

[note]: https://example.org/note "Note"

* * *

[^1]: A footnote. With two sentences.
## Closing heading
"""


def test_markdown_block_kinds_and_prefixes() -> None:
    doc = read_document(SAMPLE, "sample.md")
    got = [(b.kind, b.line, b.prefix, [s.text for s in b.sentences]) for b in doc.blocks]
    assert got == [
        (K.FRONT_MATTER, 1, "", ["Front matter stays as it is"]),
        (K.TITLE, 5, "# ", ["Ministers Meet in Brussels"]),
        (K.HEADING, 7, "", ["Background"]),
        (K.PARAGRAPH, 10, "", ["The talks began at noon.", "They ended late."]),
        (K.LIST_ITEM, 12, "1. ", ["First point of the plan."]),
        (K.LIST_ITEM, 13, "2. ", ["Second point."]),
        (K.LIST_ITEM, 14, "   - ", ["A nested note."]),
        (K.LIST_ITEM, 15, "   + ", ["Another nested note."]),
        (K.PARAGRAPH, 17, "   ", ["A paragraph inside the list item."]),
        (K.PARAGRAPH, 19, "", ["Back to normal text."]),
        (K.QUOTE, 21, "> ", ["A quoted sentence.", "Another one."]),
        (K.VERBATIM, 22, "", []),
        (K.QUOTE, 23, "> > ", ["A nested quotation."]),
        (K.QUOTE, 24, "> - ", ["A quoted list item."]),
        (K.CODE, 26, "", []),
        (K.CODE, 30, "", []),
        (K.HTML, 32, "", ["Raw HTML."]),
        (K.TABLE, 36, "", ["Unit", "Base", "AFU", "Lviv"]),
        (K.VERBATIM, 40, "", ["Note"]),  # a link definition's title
        (K.VERBATIM, 42, "", []),
        (K.PARAGRAPH, 44, "[^1]: ", ["A footnote.", "With two sentences."]),
        (K.HEADING, 45, "## ", ["Closing heading"]),
    ]
    assert doc.blocks[14].raw == "```text\nCode. Never split.\n```"
    assert doc.blocks[17].raw == "| Unit | Base |\n|------|------|\n| AFU  | Lviv |"
    assert_offsets(SAMPLE, doc)


def test_markdown_render_identity_and_fake_translation() -> None:
    doc = read_document(SAMPLE, "sample.md")
    assert render_document(doc, miss) == SAMPLE
    out = render_document(doc, bracket)
    assert "title: (Front matter stays as it is)" in out
    assert "# (Ministers Meet in Brussels) ##\n" in out
    assert "(Background)\n==========\n" in out
    assert "1. (First point of the plan.)\n2. (Second point.)\n   - (A nested note.)\n" in out
    assert "\n   (A paragraph inside the list item.)\n" in out
    assert (
        "> (A quoted sentence.) (Another one.)\n>\n> > (A nested quotation.)\n> - (A quoted list item.)\n"
        in out
    )
    assert "```text\nCode. Never split.\n```" in out
    assert "    indented code stays" in out
    assert '<div class="note">\n(Raw HTML.)\n</div>' in out
    assert "| (AFU)  | (Lviv) |" in out
    assert "* * *" in out
    assert "[^1]: (A footnote.) (With two sentences.)\n## (Closing heading)\n" in out


def test_only_the_first_level_one_heading_is_the_title() -> None:
    doc = read_document("# One\n\n# Two\n", "t.md")
    assert [b.kind for b in doc.blocks] == [K.TITLE, K.HEADING]


def test_multi_line_paragraph_offsets_and_reflow() -> None:
    text = "Intro line.\n\nThe convoy left Lviv\nat dawn. It reached\n  the border by noon.\n"
    doc = read_document(text, "m.md")
    paragraph = doc.blocks[1]
    assert paragraph.kind is K.PARAGRAPH
    first, second = paragraph.sentences
    assert first.text == "The convoy left Lviv at dawn."
    assert (first.line, first.start, first.end) == (3, 13, text.index("dawn.") + 5)
    assert second.text == "It reached the border by noon."
    assert (second.line, second.start, second.end) == (4, text.index("It reached"), len(text) - 1)
    # nothing translated: the source as it is; a translated sentence that ran over two
    # lines is put on one, and the sentence after it keeps its place
    assert render_document(doc, miss) == text
    assert render_document(doc, bracket) == (
        "(Intro line.)\n\n(The convoy left Lviv at dawn.) (It reached the border by noon.)\n"
    )


def test_list_item_continuation_lines_belong_to_the_item() -> None:
    text = "- The first item\n  goes on here.\nlazily too.\n- Second item.\n"
    doc = read_document(text, "l.md")
    assert [(b.kind, b.prefix, [s.text for s in b.sentences]) for b in doc.blocks] == [
        (K.LIST_ITEM, "- ", ["The first item goes on here. lazily too."]),
        (K.LIST_ITEM, "- ", ["Second item."]),
    ]
    assert doc.blocks[0].raw == "- The first item\n  goes on here.\nlazily too."


def test_list_item_with_its_text_on_the_next_line() -> None:
    doc = read_document("-\n  Text on the next line.\n", "e.md")
    assert doc.blocks[0].kind is K.LIST_ITEM
    assert render_document(doc, bracket) == "-\n  (Text on the next line.)\n"


def test_paragraph_with_a_year_at_line_start_is_not_a_list() -> None:
    text = "The war began in\n2014. The front moved.\n"
    doc = read_document(text, "y.md")
    assert [b.kind for b in doc.blocks] == [K.PARAGRAPH]
    assert [s.text for s in doc.sentences()] == ["The war began in 2014.", "The front moved."]


def test_blank_lines_between_blocks_and_final_newline_are_kept() -> None:
    text = "\n\n# Title\n\n\n\nA paragraph.\n- item\n\n\n```\ncode\n```"
    doc = read_document(text, "b.md")
    assert not doc.trailing_newline
    assert render_document(doc, miss) == text
    assert render_document(doc, bracket) == (
        "\n\n# (Title)\n\n\n\n(A paragraph.)\n- (item)\n\n\n```\ncode\n```"
    )


def test_unclosed_fence_runs_to_the_end() -> None:
    doc = read_document("Text.\n\n```\ncode\n\nmore code\n", "f.md")
    assert [b.kind for b in doc.blocks] == [K.PARAGRAPH, K.CODE]
    assert doc.blocks[1].raw == "```\ncode\n\nmore code"


def test_lookup_results() -> None:
    doc = read_document("# Title\n\nOne. Two. Three.\n", "l.md")
    table = {"One.": "Eins.", "Two.": "", "Title": "Line\nbreak"}
    out = render_document(doc, table.get)
    # None keeps the source, "" drops the sentence, newlines become spaces
    assert out == "# Line break\n\nEins. Three.\n"


MARKDOWN_PIECES = [
    *["\n", "\n\n", "# ", "## ", "- ", "1. ", "2) ", "> ", ">", "```", "~~~", "    ", "  "],
    *["---", "===", "***", "|", "|---|", "<div>", "<!--", "-->", "[x]: http://a", "[^1]: "],
    *["Word", "word", ". ", "U.S. ", "‘", "’", "“", "”", "(", ")", "`", "*", "\t", "+++"],
    *[
        '{{< figure caption="Cap" >}}',
        "{% include x caption='A b' %}",
        "{{ x }}",
        "{#id}",
        "{: .a}",
    ],
    *["![alt](i.png)", "[^1]", ": ", "- [x] ", "\\", "  \n", '<img alt="A">', "&amp;", "Term\n: "],
]


@given(
    st.lists(st.sampled_from(MARKDOWN_PIECES), max_size=40).map("".join),
    st.sampled_from(["a.md", "a.txt"]),
)
def test_any_input_gives_ordered_blocks_and_exact_offsets(text: str, path: str) -> None:
    doc = read_document(text, path)
    lines = text.split("\n")
    covered: set[int] = set()
    previous_last = 0
    for block in doc.blocks:
        last = block.line + block.raw.count("\n")
        assert block.line > previous_last
        assert block.raw == "\n".join(lines[block.line - 1 : last])
        covered.update(range(block.line, last + 1))
        previous_last = last
    assert all(n in covered for n, line in enumerate(lines, 1) if line.strip())
    assert_offsets(text, doc)
    assert render_document(doc, miss) == text
    render_document(doc, bracket)


# -- plain text ------------------------------------------------------------------


def test_text_title_heading_paragraph_and_list() -> None:
    text = (
        "Radar Deliveries Speed Up\n\n"
        "KYIV, 3 March\n\n"
        "The first radars arrived. More are due:\n"
        "- two in April,\n"
        "  and one later;\n"
        "- the rest in May.\n\n"
        "Officials were pleased.\n"
    )
    doc = read_document(text, "brief.txt")
    assert [(b.kind, b.line, b.prefix) for b in doc.blocks] == [
        (K.TITLE, 1, ""),
        (K.HEADING, 3, ""),
        (K.PARAGRAPH, 5, ""),
        (K.LIST_ITEM, 6, "- "),
        (K.LIST_ITEM, 8, "- "),
        (K.PARAGRAPH, 10, ""),
    ]
    assert [s.text for s in doc.blocks[3].sentences] == ["two in April, and one later;"]
    assert_offsets(text, doc)
    out = render_document(doc, bracket)
    assert out.startswith("(Radar Deliveries Speed Up)\n\n(KYIV, 3 March)\n\n")
    # a short item broken by hand: its one translated sentence on one line
    assert (
        "\n- (two in April, and one later;)\n- (the rest in May.)\n\n(Officials were pleased.)\n"
        in out
    )


def test_text_first_paragraph_with_punctuation_is_not_a_title() -> None:
    doc = read_document("The talks ended.\n\nShort heading\n\nA long line that ends.\n", "t.txt")
    assert [b.kind for b in doc.blocks] == [K.PARAGRAPH, K.HEADING, K.PARAGRAPH]


def test_text_markdown_markers_are_just_text() -> None:
    doc = read_document("# Not a heading marker.\n", "t.txt")
    assert doc.blocks[0].kind is K.PARAGRAPH
    assert doc.blocks[0].sentences[0].text == "# Not a heading marker."


# -- formats ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        ("a.md", "markdown"),
        ("dir/A.MARKDOWN", "markdown"),
        ("a.txt", "text"),
        ("a", "text"),
        ("a.html", "html"),
        ("dir/B.HTM", "html"),
    ],
)
def test_article_format(path: str, fmt: str) -> None:
    assert article_format(path) == fmt
    assert read_document("Hello.\n", path).format == fmt


def test_explicit_format_wins_over_extension() -> None:
    assert read_document("# Hi\n", "a.txt", "markdown").blocks[0].kind is K.TITLE
    assert read_document("# Hi\n", "a.md", "text").format == "text"
    with pytest.raises(InputError, match="unknown article format 'docx'"):
        read_document("Hi.\n", "a.md", "docx")


# -- decoding --------------------------------------------------------------------


def test_decode_strips_bom_and_normalises_line_ends() -> None:
    data = "\ufeffTitle\r\n\r\nOne line.\rTwo lines.\n".encode()
    assert decode_article(data, "a.txt") == "Title\n\nOne line.\nTwo lines.\n"


def test_decoded_crlf_article_round_trips_as_lf() -> None:
    data = (EXAMPLES / "briefing.txt").read_bytes().replace(b"\n", b"\r\n")
    text = decode_article(data, "briefing.txt")
    assert "\r" not in text
    assert render_document(read_document(text, "briefing.txt"), miss) == text


# file name -> (message fragment, line or None)
BAD_ARTICLES: dict[str, tuple[str, int | None]] = {
    "article-latin1.md": ("not valid UTF-8 at byte 47 (0xE9", 4),
    "article-cp1252-crlf.txt": ("not valid UTF-8 at byte 42 (0x93", 4),
    "article-truncated-utf8.txt": ("not valid UTF-8 at byte 23 (0xD1: unexpected end of data", 3),
    "article-nul.txt": ("NUL byte at byte 22", 3),
    "article-utf16.txt": ("UTF-16", 1),
    "article-control.md": ("control character U+0007", 3),
    "article-pdf.md": ("this is a PDF document", None),
    "article-empty.md": ("the article is empty", None),
    "article-blank.txt": ("the article is empty", None),
    "article-bom-only.md": ("the article is empty", None),
}


@pytest.mark.parametrize("path", sorted(BAD.glob("article-*")), ids=lambda p: p.name)
def test_bad_articles_are_rejected(path: Path) -> None:
    fragment, line = BAD_ARTICLES[path.name]
    with pytest.raises(InputError) as caught:
        decode_article(path.read_bytes(), str(path))
    assert fragment in caught.value.message
    assert caught.value.path == str(path)
    assert caught.value.line == line
    where = f"{path}:{line}: " if line is not None else f"{path}: "
    assert str(caught.value).startswith(where)


def test_every_bad_article_has_an_expectation() -> None:
    assert sorted(p.name for p in BAD.glob("article-*")) == sorted(BAD_ARTICLES)


def test_invalid_utf8_message_says_how_to_fix() -> None:
    with pytest.raises(InputError, match=r"save the file as UTF-8$"):
        decode_article(b"ok\n\xff\n", "x.md")
