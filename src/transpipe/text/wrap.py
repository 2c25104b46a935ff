"""Hard-wrapping a paragraph to a width in display columns, breaking where UAX #14 allows.

A plain-text article's paragraphs are wrapped to some width; a translated
paragraph is wrapped to the width its source used, with these rules:

Columns (:func:`display_width`)
  Counted as GNU gettext counts them (libunistring 1.0's ``uc_width``): East
  Asian wide and fullwidth characters (CJK ideographs, kana, Hangul, most
  emoji) take 2, combining marks and format characters (U+200B, U+200D) 0,
  control characters 0 (a tab too), every other character 1.  An indent
  counts like the text.

Break opportunities
  UAX #14's, as :func:`~transpipe.text.linebreak.break_opportunities` finds
  them (libunistring 1.0, the breaker of the PO writer): after a run of
  spaces; after a hyphen or dash before a letter (``well-`` | ``known``, but
  not in ``1-2``); between ideographs and kana, so Chinese and Japanese,
  written without spaces, break between characters (and Korean between
  syllables, as UAX #14 allows), never before closing punctuation such as
  ``。`` or ``、``; never inside a run of letters or digits, so a long word
  or a German compound stays whole.  No-break spaces (U+00A0, U+202F) never
  break.  URLs and e-mail addresses (:mod:`transpipe.text.spans`) are never
  broken, although UAX #14 would break after their ``/``, ``.`` and ``-``:
  a link cut in two is no longer one for its reader; they overflow like a
  long word.

Filling
  Greedy, like gettext: each line takes as many pieces (the text from one
  break opportunity to the next) as fit in ``width`` columns, its prefix
  included; the next piece starts the next line.  A piece that does not fit
  even on an empty line overflows the width on a line of its own; it is
  never split.  So when ``width`` is no wider than the indent, every piece
  has a line of its own.  Text that fits gives one line.

Spaces
  The spaces (U+0020) at a break are dropped: no line starts or ends with
  one, and unlike a PO line (:func:`~transpipe.text.linebreak.line_breaks`,
  where they stay at the end of the line and count) they take no room, so a
  line may fill the width exactly.  The text's own leading and trailing
  spaces are dropped too; spaces between pieces on one line stay as the
  text has them.  Other spaces are characters like any other: an
  ideographic space (U+3000) or a tab stays at the end of its line.

Hard breaks
  A mandatory break (LF, CR, CR LF as one, VT, FF, NEL U+0085, LINE
  SEPARATOR U+2028, PARAGRAPH SEPARATOR U+2029) ends its line where it
  stands and belongs to no line; the text between two of them is wrapped on
  its own, each of its lines after the very first with ``indent``.  A break
  at the end of the text starts no further line; text between two breaks
  that holds nothing but spaces gives an empty line, without indent (an
  indent alone would be trailing whitespace).  Text that holds nothing but
  spaces gives no line.  To reflow the lines of a hard-wrapped paragraph,
  join them with spaces first, as the plain-text reader does.
"""

from __future__ import annotations

from itertools import accumulate, pairwise

from transpipe.text.linebreak import MANDATORY, PROHIBITED, UnicodeProps, break_opportunities
from transpipe.text.spans import emails, urls

__all__ = ["display_width", "wrap"]


def display_width(text: str, props: UnicodeProps | None = None) -> int:
    """The columns ``text`` takes on a terminal, counted as gettext counts them.

    Wide and fullwidth characters take 2, combining marks, format and
    control characters 0, the rest 1; a line break counts 0 too, so only
    text without one measures a line.  One ``props`` passed to many calls
    shares its cache of looked-up characters.
    """
    uni = UnicodeProps.load() if props is None else props
    return sum(uni.props(list(text))[1])


def wrap(
    text: str,
    width: int,
    *,
    first_indent: str = "",
    indent: str = "",
    props: UnicodeProps | None = None,
) -> list[str]:
    """The lines of ``text`` wrapped to ``width`` columns, without their newlines.

    The first line starts with ``first_indent``, every other with
    ``indent``.  Each line, its indent included, is at most ``width``
    columns wide unless it holds a single piece that no break opportunity
    cuts; the lines joined, less their indents, are the text less the spaces
    dropped at the breaks and at its ends, and less its mandatory breaks
    (see the module docstring for the rules).  One ``props`` passed to many
    calls shares its cache of looked-up characters.
    """
    if not text.strip(" "):
        return []
    uni = UnicodeProps.load() if props is None else props
    chars = list(text)
    breaks = _opportunities(text, chars, uni)
    columns = list(accumulate(uni.props(chars)[1], initial=0))
    first_width, indent_width = display_width(first_indent, uni), display_width(indent, uni)
    lines: list[str] = []
    for start, end in _hard_lines(text, breaks):
        if start == end:
            lines.append("")
            continue
        bounds = [start, *(i for i in range(start + 1, end) if breaks[i] != PROHIBITED), end]
        pieces = [(a, _unspaced_end(text, a, b)) for a, b in pairwise(bounds)]
        prefix, prefix_width = (indent, indent_width) if lines else (first_indent, first_width)
        line_start, line_end = start, start
        for piece_start, piece_end in pieces:
            fits = prefix_width + columns[piece_end] - columns[line_start] <= width
            if line_end > line_start and not fits:
                lines.append(prefix + text[line_start:line_end])
                prefix, prefix_width = indent, indent_width
                line_start = piece_start
            line_end = piece_end
        lines.append(prefix + text[line_start:line_end])
    return lines


def _opportunities(text: str, chars: list[str], uni: UnicodeProps) -> list[int]:
    """UAX #14's break opportunities in ``text``, none inside a URL or an e-mail address."""
    breaks = break_opportunities(chars, uni)
    for span in (*urls(text), *emails(text)):
        for i in range(span.start + 1, span.end):
            if breaks[i] != MANDATORY:
                breaks[i] = PROHIBITED
    return breaks


def _hard_lines(text: str, breaks: list[int]) -> list[tuple[int, int]]:
    """``(start, end)`` of the text between mandatory breaks, without spaces at either end.

    CR LF is one break; a break with nothing but spaces after it starts no
    further part.
    """
    parts: list[tuple[int, int]] = []
    start = 0
    for i, brk in enumerate(breaks):
        if brk == MANDATORY:
            if not (text[i] == "\n" and i > 0 and text[i - 1] == "\r"):
                parts.append((start, i))
            start = i + 1
    last = len(text.rstrip(" "))
    if start < last:
        parts.append((start, last))
    stripped: list[tuple[int, int]] = []
    for first, end in parts:
        while first < end and text[first] == " ":
            first += 1
        stripped.append((first, _unspaced_end(text, first, end)))
    return stripped


def _unspaced_end(text: str, start: int, end: int) -> int:
    """``end`` moved back over the spaces that end ``text[start:end]``."""
    while end > start and text[end - 1] == " ":
        end -= 1
    return end
