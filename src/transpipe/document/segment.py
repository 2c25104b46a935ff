"""Offline, rule-based English sentence splitting.

:func:`split_sentences` returns character spans, so callers can map every
sentence back to its place in the file.  No model is downloaded and nothing
heavier than :mod:`re` is imported.

Rules, in the order they are applied:

* A blank line always ends a sentence; nothing below spans one.
* A sentence may end after a run of ``.``, ``!``, ``?`` or ``…``, optionally
  followed by closing quotes, brackets or emphasis markers
  (``"`` ``”`` ``’`` ``)`` ``]`` ``*`` ``_`` ``~``), and only where whitespace
  follows.  So ``3.5``, ``1,200.75``, ``U.S.-led``, ``nato.int`` and the
  inner dots of ``U.S.`` never end a sentence.
* The next sentence must start, after the whitespace and any opening quotes,
  brackets or emphasis markers, with an uppercase letter (any script), a
  digit or a currency sign; an opening quote or bracket followed by anything
  but a lowercase letter also starts one.  Hence ``etc.``, ``...`` and ``…``
  followed by a lowercase word never end a sentence.
* Nothing ends inside a code span (`` `...` ``), a URL, an e-mail address
  (as :mod:`transpipe.text.spans` finds them), an HTML tag, parentheses,
  square brackets (Markdown link text and reference labels; link targets
  are parentheses), or a quotation: straight ``"..."``, curly ``“...”`` and
  ``‘...’``.  A quotation or bracket that is never closed in the paragraph
  is ignored rather than swallowing the rest.
  ``’`` between two letters (``NATO’s``, ``don’t``) is an apostrophe; after a
  word and before a space (``allies’``) it closes an open ``‘`` only when no
  better closer comes first: a ``’`` after punctuation (``support,’``) or
  before punctuation or the end wins; failing that, the first word-final
  ``’`` before the next opening ``‘`` closes the quotation.
* A single ``.`` after these words does not end a sentence:

  - titles that precede a name: ``Dr.``, ``Mr.``, ``Mrs.``, ``Ms.``,
    ``Prof.``, ``Gen.``, ``Lt.``, ``Col.``, ``Sgt.``, ``Capt.``, ``Adm.``,
    ``Gov.``, ``Sen.``, ``Rep.``, ``St.`` and the like, and Latin or
    technical abbreviations that never close a sentence: ``e.g.``, ``i.e.``,
    ``vs.``, ``approx.``, ``cf.``, ``viz.``;
  - ``No.``, ``Nos.``, ``Art.``, ``Vol.``, ``p.``, ``pp.``, ``Fig.`` when a
    digit follows (``No. 5``); otherwise they end sentences like any word;
  - *ambiguous* abbreviations, which may end a sentence: dotted initialisms
    (``U.S.``, ``U.K.``, ``U.N.``, ``a.m.``), single capital initials
    (``John F. Kennedy``), months (``Jan.`` to ``Dec.``), company suffixes
    (``Inc.``, ``Ltd.``, ``Corp.``, ``Co.``), ``Jr.``, ``Sr.``, ``et al.``.
    After these the sentence ends only if the next word is a common sentence
    starter (``The``, ``This``, ``It``, ``He``, ``She``, ``They``, ``We``,
    ``In``, ``But``, ``A``, ``An``, ... see ``_STARTERS``).  So
    ``the U.S. Army`` and ``F. Kennedy`` stay whole while
    ``... the U.S. The talks ...`` is split.  ``A.`` followed by another
    initial (``F. A. Hayek``) is not taken as the word ``A``.
"""

from __future__ import annotations

import bisect
import re

from transpipe.text.spans import TEMPLATE_TAG, find_spans

__all__ = ["split_sentences"]

_TERMINATORS = frozenset(".!?…")
_CLOSERS = frozenset('"”’)]*_~')
_OPENERS = frozenset('"“‘([*_`')
_CURRENCY = frozenset("$€£¥")

_NEVER_BREAK = frozenset(
    {
        # titles before a name
        "Dr", "Mr", "Mrs", "Ms", "Messrs", "Mmes", "Prof", "Gen", "Lt", "Col", "Sgt",
        "Capt", "Adm", "Gov", "Sen", "Rep", "St", "Maj", "Cpl", "Pvt", "Cmdr", "Cdr",
        "Brig", "Rev", "Hon", "Pres", "Supt", "Insp", "Mt", "Ft", "Amb", "Lt.Col",
        # never at the end of a sentence
        "e.g", "i.e", "vs", "v", "approx", "cf", "viz", "incl", "esp", "ca",
    }
)  # fmt: skip
_BEFORE_NUMBER = frozenset({"No", "Nos", "no", "nos", "Art", "Vol", "vol", "p", "pp", "Fig", "fig"})
_AMBIGUOUS = frozenset(
    {
        "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
        "Inc", "Ltd", "Corp", "Co", "Bros", "Plc", "Jr", "Sr", "Esq", "al", "Ph.D",
    }
)  # fmt: skip
_STARTERS = frozenset(
    {
        "A", "An", "The", "This", "That", "These", "Those", "It", "Its", "He", "She",
        "They", "We", "I", "You", "His", "Her", "Their", "Our", "My", "Your", "There",
        "Here", "In", "On", "At", "By", "For", "From", "With", "Without", "Under",
        "After", "Before", "During", "Since", "Until", "When", "While", "Where", "If",
        "As", "But", "And", "Or", "So", "Yet", "Still", "Also", "However", "Meanwhile",
        "Moreover", "Nevertheless", "Although", "Though", "Despite", "According",
        "Some", "Many", "Most", "Several", "Both", "Each", "Every", "All", "No",
        "Not", "One", "Two", "Three", "What", "Why", "How", "Who", "Which",
        "Earlier", "Later", "Last", "Next", "Now", "Then", "Today", "Yesterday",
        "Officials", "Such",
    }
)  # fmt: skip

_INITIALISM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")
_INITIAL = re.compile(r"[A-Z]")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\f\v\r]*\n\s*")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--.*?-->", re.DOTALL)
_WORD_PUNCT_BEFORE = frozenset('.,!?;:…"”)]')
_PUNCT_AFTER = frozenset('.,;:!?)]—–-…"”')


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split English ``text`` into sentences, as ``(start, end)`` spans.

    Spans are in order, do not overlap, start and end on non-space
    characters (``end`` is exclusive) and together cover every non-space
    character of ``text``.  Inline Markdown is left in place and respected
    (code spans, links).  The rules are listed in the module docstring.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for brk in _PARAGRAPH_BREAK.finditer(text):
        spans.extend(_split_paragraph(text, pos, brk.start()))
        pos = brk.end()
    spans.extend(_split_paragraph(text, pos, len(text)))
    return spans


def _split_paragraph(text: str, start: int, end: int) -> list[tuple[int, int]]:
    chunk = text[start:end]
    cuts = _boundaries(chunk)
    spans: list[tuple[int, int]] = []
    prev = 0
    for cut in [*cuts, len(chunk)]:
        span = _strip(chunk, prev, cut)
        if span is not None:
            spans.append((span[0] + start, span[1] + start))
        prev = cut
    return spans


def _strip(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _boundaries(text: str) -> list[int]:
    """Offsets in ``text`` where one sentence ends and whitespace begins."""
    atomic = _atomic_mask(text)
    shielded = _shielded_mask(text, atomic)
    n = len(text)
    cuts: list[int] = []
    i = 0
    while i < n:
        if text[i] not in _TERMINATORS or atomic[i]:
            i += 1
            continue
        j = i
        while j < n and text[j] in _TERMINATORS:
            j += 1
        k = j
        while k < n and text[k] in _CLOSERS:
            k += 1
        if k >= n:
            break
        if not text[k].isspace() or shielded[k]:
            i = max(k, i + 1)
            continue
        m = k
        while m < n and text[m].isspace():
            m += 1
        if m < n and _starts_sentence(text, m) and _may_end(text, i, j, m):
            cuts.append(k)
        i = k
    return cuts


def _starts_sentence(text: str, m: int) -> bool:
    p = m
    while p < len(text) and text[p] in _OPENERS:
        p += 1
    if p >= len(text):
        return p > m
    ch = text[p]
    if ch.isupper() or ch.isdigit() or ch in _CURRENCY:
        return True
    return p > m and not ch.islower()


def _may_end(text: str, i: int, j: int, m: int) -> bool:
    """Whether the terminator run ``text[i:j]`` ends a sentence; ``m`` starts the next."""
    if text[i:j] != ".":
        return True
    start = i
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while start < i and text[start] in _OPENERS:
        start += 1
    word = text[start:i]
    if not word:
        return True
    if word in _NEVER_BREAK:
        return False
    if word in _BEFORE_NUMBER:
        return not _next_char_is_digit(text, m)
    if word in _AMBIGUOUS or _INITIALISM.fullmatch(word) or _INITIAL.fullmatch(word):
        return _next_word(text, m) in _STARTERS
    return True


def _next_char_is_digit(text: str, m: int) -> bool:
    return m < len(text) and text[m].isdigit()


def _next_word(text: str, m: int) -> str:
    p = m
    while p < len(text) and text[p] in _OPENERS:
        p += 1
    q = p
    while q < len(text) and text[q].isalpha():
        q += 1
    word = text[p:q]
    if len(word) == 1 and q < len(text) and text[q] == ".":
        return ""  # an initial such as the "A." of "F. A. Hayek"
    return word


def _atomic_mask(text: str) -> list[bool]:
    """Characters inside code spans, URLs, e-mail addresses, template tags and HTML tags."""
    mask = [False] * len(text)
    for span in find_spans(text):
        mask[span.start : span.end] = [True] * (span.end - span.start)
    for pattern in (TEMPLATE_TAG, _HTML_TAG):
        for found in pattern.finditer(text):
            a, b = found.span()
            if not mask[a]:
                mask[a:b] = [True] * (b - a)
    return mask


def _shielded_mask(text: str, atomic: list[bool]) -> list[bool]:
    """Characters inside the outermost quotations and brackets."""
    n = len(text)
    mask = [False] * n
    # closers found in one pass each: scanning ahead from every unclosed opener is quadratic
    pairs = {
        **_bracket_pairs(text, atomic, "(", ")"),
        **_bracket_pairs(text, atomic, "[", "]"),
        **_bracket_pairs(text, atomic, "“", "”"),
    }
    quotes = [p for p in _positions(text, '"') if not atomic[p]]
    i = 0
    while i < n:
        close: int | None = None
        if not atomic[i]:
            ch = text[i]
            if ch in "([“":
                close = pairs.get(i)
            elif ch == "‘" and _opens_quote(text, i):
                close = _close_single(text, atomic, i, pairs)
            elif ch == '"' and _opens_quote(text, i):
                after = bisect.bisect_right(quotes, i)
                close = quotes[after] if after < len(quotes) else None
        if close is None:
            i += 1
            continue
        mask[i + 1 : close] = [True] * (close - i - 1)
        i = close + 1
    return mask


def _positions(text: str, chars: str) -> list[int]:
    return [found.start() for found in re.finditer("[" + re.escape(chars) + "]", text)]


def _bracket_pairs(text: str, atomic: list[bool], open_: str, close: str) -> dict[int, int]:
    """Each ``open_`` outside ``atomic`` text mapped to its matching ``close``, if it has one."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for p in _positions(text, open_ + close):
        if atomic[p]:
            continue
        if text[p] == open_:
            stack.append(p)
        elif stack:
            pairs[stack.pop()] = p
    return pairs


def _opens_quote(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in '([{“‘"—–-/*_') and not after.isspace()


def _close_single(text: str, atomic: list[bool], i: int, pairs: dict[int, int]) -> int | None:
    """The ``’`` that closes the ``‘`` at ``i``, telling closers from apostrophes.

    ``pairs`` maps openers to their closers (:func:`_bracket_pairs`).
    """
    weak: list[int] = []
    n = len(text)
    p = i + 1
    while p < n:
        ch = text[p]
        if atomic[p]:
            pass
        elif ch == "“":
            inner = pairs.get(p)
            if inner is not None:
                p = inner
        elif ch == "‘" and _opens_quote(text, p):
            return weak[0] if weak else None
        elif ch == "’":
            before = text[p - 1]
            after = text[p + 1] if p + 1 < n else ""
            if before.isspace() or (before.isalnum() and after.isalpha()):
                pass  # ’90s, NATO’s, don’t
            elif before in _WORD_PUNCT_BEFORE or after == "" or after in _PUNCT_AFTER:
                return p
            else:
                weak.append(p)
        p += 1
    return weak[0] if weak else None
