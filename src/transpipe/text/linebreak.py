"""Where GNU gettext breaks a line: UAX #14 as libunistring 1.0 implements it (Unicode 14).

The PO writer (:mod:`transpipe.po.writer`) runs :func:`line_breaks` over each
escaped string: a line breaks at the last break opportunity before it would
pass the width, counting display columns: CJK and most emoji 2, combining
marks and control characters 0.  The opportunities are UAX #14's, with
libunistring's choices where the standard leaves one: after a run of spaces,
after ``-``, ``/``, ``.``, ``?`` and dashes before a letter, around ideographs
and emoji; none inside a run of letters or digits, so such a run overflows the
line.  A mandatory break (U+0085, U+2028, U+2029 and the like) restarts the
column count without breaking the line, as in libunistring.
:func:`break_opportunities` gives the opportunities alone, for
:mod:`transpipe.text.wrap` to fill plain-text lines with.

The classes and widths are libunistring 1.0's, the library gettext 0.21 wraps
with (:mod:`transpipe.text.unicode_tables`, generated from it);
:meth:`UnicodeProps.load` indexes them once per catalogue or per caller of
:mod:`~transpipe.text.wrap` that passes one on, never at import.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from transpipe.text.unicode_tables import (
    AL,
    BA,
    BK,
    CM,
    CR,
    HL,
    HY,
    LF,
    LINE_BREAK,
    PAIRS,
    RI,
    SP,
    WIDTH,
    ZW,
    ZWJ,
)

_HL_BA = 100  # a Hebrew letter followed by a hyphen (UAX #14 rule LB21a): only at run time

# Results of the line breaking, libunistring's UC_BREAK_* values.
UNDEFINED, PROHIBITED, POSSIBLE, MANDATORY = 0, 1, 2, 3


@dataclass(frozen=True, slots=True)
class _Runs:
    """A code point property stored as runs: ``values[i]`` from ``starts[i]`` on."""

    starts: tuple[int, ...]
    values: tuple[int, ...]

    @classmethod
    def of(cls, runs: tuple[int, ...]) -> _Runs:
        """The property from a table of :mod:`~transpipe.text.unicode_tables`: start, value, ..."""
        return cls(runs[0::2], runs[1::2])

    def __call__(self, char: str) -> int:
        return self.values[bisect_right(self.starts, ord(char)) - 1]


@dataclass(frozen=True, slots=True)
class UnicodeProps:
    """What the line breaker needs to know about characters.

    ``seen`` remembers the (class, width) of characters already looked up;
    it lives as long as the object: one :func:`~transpipe.po.writer.format_catalog`
    call, or as long as a caller of :mod:`~transpipe.text.wrap` keeps it.
    """

    linebreak: _Runs
    width: _Runs
    pairs: tuple[str, ...]
    seen: dict[str, tuple[int, int]]
    ascii_classes: bytes  # bytes.translate tables for the common all-ASCII case
    ascii_widths: bytes

    @classmethod
    def load(cls) -> UnicodeProps:
        linebreak = _Runs.of(LINE_BREAK)
        width = _Runs.of(WIDTH)
        ascii_classes = bytes(linebreak(chr(i)) for i in range(128)) + bytes(128)
        ascii_widths = bytes(max(width(chr(i)), 0) for i in range(128)) + bytes(128)
        return cls(linebreak, width, PAIRS, {}, ascii_classes, ascii_widths)

    def props(self, chars: list[str]) -> tuple[list[int], list[int]]:
        """Line-breaking classes and column widths (0 for control characters) of ``chars``."""
        text = "".join(chars)
        if text.isascii() and len(text) == len(chars):
            data = text.encode("ascii")
            return list(data.translate(self.ascii_classes)), list(data.translate(self.ascii_widths))
        seen = self.seen
        classes: list[int] = []
        widths: list[int] = []
        for char in chars:
            known = seen.get(char)
            if known is None:
                known = seen[char] = (self.linebreak(char), max(self.width(char), 0))
            classes.append(known[0])
            widths.append(known[1])
        return classes, widths


def _possible_breaks(classes: list[int], pairs: tuple[str, ...]) -> list[int]:
    """UAX #14 break opportunities before each character, as libunistring 1.0 finds them."""
    # locals, not globals: this loop runs once per character of every long string
    bk, sp, zw, zwj, al, ri, hl, hl_ba = BK, SP, ZW, ZWJ, AL, RI, HL, _HL_BA
    ends, attached, hyphens = (BK, CR, LF), (CM, ZWJ), (HY, BA)
    mandatory, prohibited, possible = MANDATORY, PROHIBITED, POSSIBLE
    result: list[int] = []
    prev = bk  # class of the previous character
    last = bk  # class of the last character that was not a space
    seen_space = False
    ri_count = 0
    for cls in classes:
        if cls in ends:
            result.append(mandatory)
            prev = cls
            last = bk
            seen_space = False
        else:
            if cls == sp:
                result.append(prohibited)
                seen_space = True
            elif cls == zw:
                result.append(prohibited)
                last = zw
                seen_space = False
            elif cls in attached:
                if last == bk:
                    result.append(prohibited)
                    last = al
                    seen_space = False
                elif last == zw or seen_space:
                    result.append(possible)
                    last = al
                    seen_space = False
                else:
                    result.append(prohibited)
            else:
                if last == bk:
                    brk = prohibited
                elif last == zw:
                    brk = possible
                elif prev == zwj:
                    brk = prohibited
                elif last == ri and cls == ri:
                    brk = possible if seen_space or ri_count % 2 == 0 else prohibited
                elif prev == hl_ba:
                    brk = prohibited
                else:
                    rule = pairs[last][cls]
                    if rule == "D" or (rule == "I" and seen_space):
                        brk = possible
                    else:
                        brk = prohibited
                result.append(brk)
                last = cls
                seen_space = False
            prev = hl_ba if prev == hl and cls in hyphens else cls
        ri_count = ri_count + 1 if cls == ri else 0
    return result


def break_opportunities(chars: list[str], uni: UnicodeProps) -> list[int]:
    """UAX #14's verdict before each of ``chars``, whatever the width (u8_possible_linebreaks).

    ``result[i]`` is PROHIBITED (no break before ``chars[i]``), POSSIBLE or
    MANDATORY (``chars[i]`` is itself a line break: LF, CR, U+2028 and the
    like; its line ends with it).  A break after spaces is possible before
    the first character after them, so the spaces end the line before it;
    the first character of the text, or of a line after a mandatory break,
    is PROHIBITED.
    """
    return _possible_breaks(uni.props(chars)[0], uni.pairs)


def line_breaks(
    chars: list[str], width: int, start: int, overrides: list[int], uni: UnicodeProps
) -> list[bool]:
    """Where to break ``chars`` so that lines fit in ``width`` columns (u8_width_linebreaks).

    ``result[i]`` is True for a break before ``chars[i]``.  The first line
    starts at column ``start``; ``overrides[i]``, unless UNDEFINED, replaces
    the break opportunity UAX #14 finds before ``chars[i]``.
    """
    classes, widths = uni.props(chars)
    result = [False] * len(chars)
    if start + sum(widths) <= width:
        return result
    possible = _possible_breaks(classes, uni.pairs)
    last_break = -1
    last_column = start
    piece = 0
    for i, columns in enumerate(widths):
        brk = overrides[i] or possible[i]
        if brk == PROHIBITED:
            piece += columns
            continue
        if last_break >= 0 and last_column + piece > width:
            result[last_break] = True
            last_column = 0
        if brk == MANDATORY:
            last_break = -1
            last_column = 0
            piece = 0
        else:
            last_break = i
            last_column += piece
            piece = columns
    if last_break >= 0 and last_column + piece > width:
        result[last_break] = True
    return result
