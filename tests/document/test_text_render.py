"""Plain-text editions: the source's bytes where nothing changed, its width where it was wrapped."""

from __future__ import annotations

from transpipe.document import encode_edition, read_article, read_document, render_document
from transpipe.text.wrap import display_width

WRAPPED = """\
Radar Deliveries Speed Up

The first two radars reached the western border on Tuesday
morning, three weeks ahead of the schedule agreed in March, a
spokesman for the ministry said. More are due before winter.

- Both radars will be handed over to air defence crews
  after a week of checks.
- Training starts at once.

Contact the press office.
Interviews by arrangement.
"""


def test_nothing_translated_keeps_every_byte() -> None:
    for data in (
        WRAPPED.encode(),
        b"\xef\xbb\xbf" + WRAPPED.replace("\n", "\r\n").encode(),
        WRAPPED.rstrip("\n").encode(),
        (WRAPPED + "\n\n  \n").encode(),
    ):
        doc = read_article(data, "a.txt")
        assert encode_edition(doc, render_document(doc, lambda s: None)) == data


def test_a_wrapped_paragraph_is_filled_again_to_its_source_width() -> None:
    doc = read_document(WRAPPED, "a.txt")
    german = {
        "The first two radars reached the western border on Tuesday morning, three weeks "
        "ahead of the schedule agreed in March, a spokesman for the ministry said.": (
            "Die ersten beiden Radaranlagen erreichten am Dienstagmorgen die Westgrenze, drei "
            "Wochen vor dem im März vereinbarten Zeitplan, sagte ein Sprecher des Ministeriums."
        ),
        "Both radars will be handed over to air defence crews after a week of checks.": (
            "Beide Radaranlagen werden nach einer Woche der Prüfungen an die Besatzungen der "
            "Luftverteidigung übergeben."
        ),
    }
    out = render_document(doc, german.get)
    paragraph = out.split("\n\n")[1].split("\n")
    width = max(display_width(line) for line in WRAPPED.split("\n\n")[1].split("\n"))
    assert width == 61
    assert all(display_width(line) <= width for line in paragraph)
    assert len(paragraph) > 2
    assert " ".join(paragraph).endswith("des Ministeriums. More are due before winter.")
    item = out.split("\n\n")[2].split("\n")
    assert item[0].startswith("- Beide Radaranlagen")
    assert all(line.startswith("  ") for line in item[1:-1])
    assert item[-1] == "- Training starts at once."
    assert out.endswith("\n\nContact the press office.\nInterviews by arrangement.\n")


def test_lines_broken_by_hand_keep_their_breaks() -> None:
    doc = read_document(WRAPPED, "a.txt")
    out = render_document(doc, {"Interviews by arrangement.": "Interviews nach Absprache."}.get)
    assert out.endswith("\n\nContact the press office.\nInterviews nach Absprache.\n")
    # a short item broken by hand keeps its place, its one sentence on one line
    short = read_document("- two in April,\n  and one later;\n- the rest.\n", "b.txt")
    out = render_document(
        short, {"two in April, and one later;": "zwei im April, einer später;"}.get
    )
    assert out == "- zwei im April, einer später;\n- the rest.\n"


def test_chinese_is_filled_by_display_columns() -> None:
    doc = read_document(WRAPPED, "a.txt")
    chinese = "首批两部雷达于周二上午抵达西部边境，比三月商定的时间表提前了三周，国防部发言人说。"
    source = (
        "The first two radars reached the western border on Tuesday morning, three weeks ahead "
        "of the schedule agreed in March, a spokesman for the ministry said."
    )
    out = render_document(doc, {source: chinese}.get)
    lines = out.split("\n\n")[1].split("\n")
    assert all(display_width(line) <= 61 for line in lines)
    assert "".join(lines).replace(" ", "").startswith(chinese)
    assert len(lines) >= 2
