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
* Nothing ends inside a code span (`` `...` ``), a URL, an e-mail address,
  an HTML tag, parentheses, square brackets (Markdown link text and
  reference labels; link targets are parentheses), or a quotation: straight
  ``"..."``, curly ``“...”`` and ``‘...’``.  A quotation or bracket that is
  never closed in the paragraph is ignored rather than swallowing the rest.
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

import re

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
_URL = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]{1,20}://|www\.)[^\s<>\"“”‘’`\[\]]+")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--.*?-->", re.DOTALL)
_BACKTICKS = re.compile(r"`+")
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
    """Characters inside code spans, URLs, e-mail addresses and HTML tags."""
    mask = [False] * len(text)

    def cover(a: int, b: int) -> None:
        for p in range(a, b):
            mask[p] = True

    for a, b in _code_spans(text):
        cover(a, b)
    for regex in (_URL, _EMAIL, _HTML_TAG):
        for found in regex.finditer(text):
            a, b = found.span()
            if mask[a]:
                continue
            if regex is _URL:
                b = _trim_url(text, a, b)
            cover(a, b)
    return mask


def _code_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    runs = list(_BACKTICKS.finditer(text))
    used = -1
    for idx, run in enumerate(runs):
        if idx <= used:
            continue
        length = len(run.group())
        for jdx in range(idx + 1, len(runs)):
            if len(runs[jdx].group()) == length:
                spans.append((run.start(), runs[jdx].end()))
                used = jdx
                break
    return spans


def _trim_url(text: str, a: int, b: int) -> int:
    while b > a and text[b - 1] in ".,;:!?'’":
        b -= 1
    while b > a and text[b - 1] == ")" and text.count("(", a, b) < text.count(")", a, b):
        b -= 1
    return b


def _shielded_mask(text: str, atomic: list[bool]) -> list[bool]:
    """Characters inside the outermost quotations and brackets."""
    n = len(text)
    mask = [False] * n
    i = 0
    while i < n:
        close: int | None = None
        if not atomic[i]:
            ch = text[i]
            if ch == "(":
                close = _match_bracket(text, atomic, i, "(", ")")
            elif ch == "[":
                close = _match_bracket(text, atomic, i, "[", "]")
            elif ch == "“":
                close = _match_bracket(text, atomic, i, "“", "”")
            elif ch == "‘" and _opens_quote(text, i):
                close = _close_single(text, atomic, i)
            elif ch == '"' and _opens_quote(text, i):
                close = _close_double(text, atomic, i)
        if close is None:
            i += 1
            continue
        for p in range(i + 1, close):
            mask[p] = True
        i = close + 1
    return mask


def _opens_quote(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in '([{“‘"—–-/*_') and not after.isspace()


def _match_bracket(text: str, atomic: list[bool], i: int, open_: str, close: str) -> int | None:
    depth = 0
    for p in range(i, len(text)):
        if atomic[p]:
            continue
        if text[p] == open_:
            depth += 1
        elif text[p] == close:
            depth -= 1
            if depth == 0:
                return p
    return None


def _close_double(text: str, atomic: list[bool], i: int) -> int | None:
    for p in range(i + 1, len(text)):
        if text[p] == '"' and not atomic[p]:
            return p
    return None


def _close_single(text: str, atomic: list[bool], i: int) -> int | None:
    """The ``’`` that closes the ``‘`` at ``i``, telling closers from apostrophes."""
    weak: list[int] = []
    n = len(text)
    p = i + 1
    while p < n:
        ch = text[p]
        if atomic[p]:
            pass
        elif ch == "“":
            inner = _match_bracket(text, atomic, p, "“", "”")
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
