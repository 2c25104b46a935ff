"""UAX #14's break opportunities, on their own, as the wrapper reads them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transpipe.text.linebreak import (
    MANDATORY,
    POSSIBLE,
    PROHIBITED,
    UNDEFINED,
    UnicodeProps,
    break_opportunities,
    line_breaks,
)

P, B, M = PROHIBITED, POSSIBLE, MANDATORY


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a b", [P, P, B]),  # after the space: the space ends the line before
        ("a  b", [P, P, P, B]),
        ("  a", [P, P, P]),  # never at the start of the text
        ("ab-cd", [P, P, P, B, P]),  # after a hyphen before a letter
        ("1-2", [P, P, P]),
        ("東京。", [P, B, P]),  # between ideographs, never before "。"
        ("a\nb", [P, M, P]),  # the break is the "\n" itself; none right after it
        ("a\u2028 b", [P, M, P, P]),
        ("a\u00a0b", [P, P, P]),
    ],
)
def test_break_opportunities_are_those_of_libunistring(text: str, expected: list[int]) -> None:
    assert break_opportunities(list(text), UnicodeProps.load()) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab -東京。\u00a0\u2028", max_size=40), st.integers(0, 12))
def test_the_po_writer_breaks_only_at_an_opportunity(text: str, width: int) -> None:
    uni = UnicodeProps.load()
    chars = list(text)
    opportunities = break_opportunities(chars, uni)
    breaks = line_breaks(chars, width, 0, [UNDEFINED] * len(chars), uni)
    assert all(opportunities[i] == POSSIBLE for i, brk in enumerate(breaks) if brk)
