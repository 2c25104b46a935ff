"""Wrapping a paragraph to a width in display columns, breaking where UAX #14 allows."""

from __future__ import annotations

import functools
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transpipe.text.linebreak import PROHIBITED, UnicodeProps, break_opportunities
from transpipe.text.wrap import display_width, wrap


@functools.cache
def uni() -> UnicodeProps:
    return UnicodeProps.load()


def width_of(text: str) -> int:
    return display_width(text, uni())


def align(text: str, bodies: list[str]) -> list[tuple[int, int]]:
    """Where each line's body lies in ``text``; only spaces may lie between or around them."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for body in bodies:
        while text.startswith(" ", pos):
            pos += 1
        assert text.startswith(body, pos), (text, bodies)
        spans.append((pos, pos + len(body)))
        pos += len(body)
    assert text[pos:].strip(" ") == ""
    return spans


def cuts(text: str) -> set[int]:
    """Where UAX #14 lets ``text`` break, as indices of the character after the break."""
    found = break_opportunities(list(text), uni())
    return {i for i, brk in enumerate(found) if i and brk != PROHIBITED}


def naive_wrap(text: str, width: int, first_indent: str = "", indent: str = "") -> list[str]:
    """The definition, slowly: each line ends at the farthest opportunity that still fits."""
    text = text.strip(" ")
    ends = sorted(cuts(text) | {len(text)})
    lines: list[str] = []
    start = 0
    while start < len(text):
        prefix = indent if lines else first_indent
        after = [end for end in ends if end > start]
        fitting = [end for end in after if width_of(prefix + text[start:end].rstrip(" ")) <= width]
        end = max(fitting) if fitting else after[0]
        lines.append(prefix + text[start:end].rstrip(" "))
        start = end
    return lines


# -- columns -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "columns"),
    [
        ("", 0),
        ("Kyiv", 4),
        ("日本語", 6),  # wide
        ("ＡＢ", 4),  # fullwidth
        ("한국어", 6),
        ("e\u0301", 1),  # a combining mark takes no column
        ("a\u200bb", 2),  # zero width space
        ("😀", 2),
        ("a\tb", 2),  # control characters take none, a tab too
        ("a\u00a0b", 3),
    ],
)
def test_display_width_counts_columns_as_gettext_does(text: str, columns: int) -> None:
    assert display_width(text) == columns
    assert display_width(text, uni()) == columns


# -- English -----------------------------------------------------------------------------

FOX = "The quick brown fox jumps over the lazy dog and keeps running across the open field."


def test_english_breaks_at_spaces_and_drops_them() -> None:
    assert wrap(FOX, 20) == [
        "The quick brown fox",
        "jumps over the lazy",
        "dog and keeps",
        "running across the",
        "open field.",
    ]


def test_a_line_may_fill_the_width_exactly_since_the_dropped_space_takes_no_room() -> None:
    # a PO line keeps the space at its end and counts it: there "aaa bbb " would not fit in 7
    assert wrap("aaa bbb ccc", 7) == ["aaa bbb", "ccc"]
    assert wrap("aaa bbb ccc", 6) == ["aaa", "bbb", "ccc"]


def test_text_that_fits_gives_one_line() -> None:
    assert wrap(FOX, len(FOX)) == [FOX]
    assert wrap("short", 80, first_indent="  ") == ["  short"]


def test_spaces_inside_a_line_stay_and_spaces_at_a_break_or_the_ends_go() -> None:
    assert wrap("  one  two   three  ", 9) == ["one  two", "three"]
    assert wrap("one  two   three", 16) == ["one  two   three"]


def test_a_word_wider_than_the_line_overflows_on_a_line_of_its_own() -> None:
    text = "see antidisestablishmentarianism here"
    assert wrap(text, 10) == ["see", "antidisestablishmentarianism", "here"]


# -- German compounds and hyphens -------------------------------------------------------


def test_a_german_compound_is_never_split() -> None:
    text = "Die Donaudampfschifffahrtsgesellschaftskapitänsmütze liegt auf dem Tisch."
    assert wrap(text, 30) == [
        "Die",
        "Donaudampfschifffahrtsgesellschaftskapitänsmütze",
        "liegt auf dem Tisch.",
    ]


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("a well-known fact", 8, ["a well-", "known", "fact"]),  # after a hyphen before a letter
        ("a well-known fact", 12, ["a well-known", "fact"]),
        ("die Bundes-Verfassungsgericht-Entscheidung", 20, ["die Bundes-", "Verfassungsgericht-", "Entscheidung"]),
        ("pages 12-34 here", 8, ["pages", "12-34", "here"]),  # not between digits
        ("war — peace", 5, ["war —", "peace"]),  # after a dash
    ],
)  # fmt: skip
def test_hyphens_and_dashes_break_after_them_where_uax14_allows(
    text: str, width: int, lines: list[str]
) -> None:
    assert wrap(text, width) == lines


def test_no_break_spaces_never_break() -> None:
    assert wrap("Paris 10\u00a0000 people", 6) == ["Paris", "10\u00a0000", "people"]


# -- Chinese and Japanese -----------------------------------------------------------------

CHINESE = "北约秘书长今天在布鲁塞尔表示，联盟将继续支持乌克兰，直到战争结束。各国部长同意增加援助。"
JAPANESE = "東京の記者によると、会議は午後に始まり、各国の代表が新しい合意について話し合った。"


@pytest.mark.parametrize("text", [CHINESE, JAPANESE])
@pytest.mark.parametrize("width", [1, 2, 3, 10, 11, 20, 40])
def test_chinese_and_japanese_break_between_characters_within_the_width(
    text: str, width: int
) -> None:
    lines = wrap(text, width)
    assert "".join(lines) == text
    assert all(width_of(line) <= max(width, 4) for line in lines)  # "。" sticks to its ideograph
    assert not any(line.startswith(("。", "、", "，")) for line in lines)
    assert lines == naive_wrap(text, width)


def test_japanese_fills_each_line_to_the_column() -> None:
    assert wrap(JAPANESE, 20) == [
        "東京の記者によると、",
        "会議は午後に始まり、",
        "各国の代表が新しい合",
        "意について話し合っ",
        "た。",
    ]


def test_mixed_widths_count_two_columns_for_wide_characters() -> None:
    text = "Der Korrespondent in 東京 berichtet über 日本語 und ＡＢＣ heute."
    lines = wrap(text, 16)
    assert lines == [
        "Der",
        "Korrespondent in",
        "東京 berichtet",
        "über 日本語 und",
        "ＡＢＣ heute.",
    ]
    assert [width_of(line) for line in lines] == [3, 16, 14, 15, 13]


# -- URLs and e-mail addresses --------------------------------------------------------------


def test_a_url_is_never_broken_although_uax14_would_break_after_its_slashes() -> None:
    url = "https://example.org/news/a-very-long-path/index.html?x=1"
    assert cuts(url)  # the opportunities wrap ignores
    assert wrap(f"See {url} for more.", 20) == ["See", url, "for more."]


def test_an_email_address_is_never_broken() -> None:
    text = "Write to press.office@ministry.example.org today."
    assert wrap(text, 12) == ["Write to", "press.office@ministry.example.org", "today."]


def test_a_url_in_chinese_stays_whole_and_the_ideographs_around_it_still_break() -> None:
    text = "请访问https://x.org/a/b。获取更多信息"
    assert wrap(text, 12) == ["请访问", "https://x.org/a/b。", "获取更多信息"]


# -- indents -----------------------------------------------------------------------------


def test_the_first_line_takes_first_indent_and_the_others_indent() -> None:
    assert wrap(FOX, 24, first_indent="  * ", indent="    ") == [
        "  * The quick brown fox",
        "    jumps over the lazy",
        "    dog and keeps",
        "    running across the",
        "    open field.",
    ]


def test_a_wide_indent_counts_in_columns() -> None:
    assert wrap("一二三四五六", 8, first_indent="　", indent="　") == ["　一二三", "　四五六"]


@pytest.mark.parametrize("width", [0, 2, 4])
def test_a_width_no_wider_than_the_indent_puts_every_piece_on_its_own_line(width: int) -> None:
    assert wrap("one two three", width, first_indent="    ", indent="    ") == [
        "    one",
        "    two",
        "    three",
    ]


def test_ideographs_wider_than_the_line_stand_one_a_line() -> None:
    assert wrap("東京。", 1) == ["東", "京。"]


# -- hard breaks and empty text ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("one\u2028two", ["> one", "  two"]),  # LINE SEPARATOR
        ("one\u2029two", ["> one", "  two"]),  # PARAGRAPH SEPARATOR
        ("one\ntwo", ["> one", "  two"]),
        ("one\r\ntwo", ["> one", "  two"]),  # CR LF is one break
        ("one\rtwo", ["> one", "  two"]),
        ("one\x85two\x0bthree\x0cfour", ["> one", "  two", "  three", "  four"]),
        ("one  \n  two", ["> one", "  two"]),  # the spaces around it go
        ("one\n\ntwo", ["> one", "", "  two"]),  # an empty part: an empty line, no indent
        ("one\n   \ntwo", ["> one", "", "  two"]),
        ("one\n", ["> one"]),  # a break at the end starts no further line
        ("one\n  ", ["> one"]),
        ("\none", ["", "  one"]),
        ("\n", [""]),
        ("", []),
        ("   ", []),
    ],
)
def test_a_mandatory_break_ends_its_line_and_belongs_to_none(text: str, lines: list[str]) -> None:
    assert wrap(text, 40, first_indent="> ", indent="  ") == lines


def test_each_part_between_hard_breaks_is_wrapped_on_its_own() -> None:
    assert wrap("aaa bbb\u2028ccc ddd eee", 7) == ["aaa bbb", "ccc ddd", "eee"]


# -- the whole, against the definition ---------------------------------------------------------


def test_wrapping_the_joined_lines_of_space_separated_text_gives_the_same_lines() -> None:
    for width in range(1, 90):
        lines = wrap(FOX, width)
        assert wrap(" ".join(lines), width) == lines


def test_one_props_serves_many_calls() -> None:
    props = UnicodeProps.load()
    assert wrap("東京 Kyiv", 4, props=props) == ["東京", "Kyiv"]
    assert "東" in props.seen
    assert display_width("東京", props) == 4


# letters, marks, wide and narrow punctuation, spaces of several kinds; no ":" "@" or "w",
# so no URL or e-mail address, whose breaks wrap takes away, ever forms
ALPHABET = (
    "abcxyzé\u0301ÄßАж東京語のかテ가。、，！（）「」ＡＢ😀\u200b\u00a0\u3000\t-—.,!?()12%$'\" "
)
texts = st.text(alphabet=st.sampled_from(ALPHABET), max_size=80)
indents = st.sampled_from(["", "  ", "> ", "　", "     "])


@settings(max_examples=300, deadline=None)
@given(texts, st.integers(0, 30), indents, indents)
def test_wrap_is_the_greedy_fill_at_uax14_opportunities(
    text: str, width: int, first_indent: str, indent: str
) -> None:
    lines = wrap(text, width, first_indent=first_indent, indent=indent)
    assert lines == naive_wrap(text, width, first_indent, indent)
    bodies = [line.removeprefix(indent if i else first_indent) for i, line in enumerate(lines)]
    spans = align(text, bodies)  # the lines are the text less spaces at the breaks and ends
    assert all(body and body[0] != " " and body[-1] != " " for body in bodies)
    opportunities = cuts(text)
    for line, (start, end) in zip(lines, spans, strict=True):
        if width_of(line) > width:  # only a piece no opportunity cuts
            assert not opportunities & set(range(start + 1, end)), line


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text(alphabet="abcdeäöü", min_size=1, max_size=12), max_size=30), st.integers(1, 40)
)
def test_wrapping_joined_lines_again_changes_nothing(words: list[str], width: int) -> None:
    lines = wrap(" ".join(words), width)
    assert wrap(" ".join(lines), width) == lines
    assert " ".join(lines) == " ".join(words)


# -- long input -------------------------------------------------------------------------------

HANG_GUARD = 20  # seconds: a hang guard only, not a performance assertion


@pytest.mark.parametrize(
    "text",
    [
        "a " * 100_000,
        "a" * 200_000,
        "東" * 200_000,
        "https://x.org/" + "a/" * 100_000,
        " " * 200_000,
    ],
    ids=["words", "one word", "ideographs", "one url", "spaces"],
)
def test_long_text_wraps_in_linear_time(text: str) -> None:
    started = time.monotonic()
    lines = wrap(text, 72, props=uni())
    assert time.monotonic() - started < HANG_GUARD
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
