"""A sentence as the sense rules see it: its quotations, titles, case and setting.

:func:`passage` reads once per sentence what every match in it is weighed
against (:class:`Passage`): where quotations and titles of works lie, whether
the line is in capitals or Title Case, a table of contents or a credit line,
about spelling, set in the Russian Empire or before 1991.  The rules that
weigh one match are :mod:`transpipe.terms.sense`'s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from transpipe.terms.glossary import SpanSet

# a word, as the sense rules count words: letters first, then letters, apostrophes, hyphens
WORD = re.compile(r"[^\W\d_][\w'’-]*")
_BEFORE_1991 = r"1(?:[0-8][0-9]{2}|9[0-8][0-9]|990)"  # the years 1000 to 1990
_OLD_YEAR = re.compile(rf"(?<!\d){_BEFORE_1991}(?!\d)")
# a year before 1991 standing as a year ("in 1908", "1941"), not a quantity ("1,500 troops")
OLD_YEAR_WORD = re.compile(
    rf"(?<!since )(?<![\d,.]){_BEFORE_1991}"
    r"(?![\d,.]\d|s\b|\s*(?:km|kilomet|metre|meter|"
    r"mile|tonne|ton|troop|soldier|people|residents|civilian|drone|missile|shell|round|hryvnia|"
    r"dollar|euro|%|per))"
)
# words that make a whole sentence about spelling ("misspelt the city's name as Kharkov")
_SPELLING = re.compile(
    r"\b(?:mis)?spel(?:led|lings?|t)\b|\bmisspel|\btransliterat|\bthe \w+ word for\b"
    r"|\bword for\b",
    re.IGNORECASE,
)
# the sentence says that it quotes Cyrillic text
_CYRILLIC_NAMED = re.compile(r"\b(?:in|its|the) Cyrillic\b", re.IGNORECASE)
# words that set a sentence in the time of the empire: the old name may be the right one
_EMPIRE = re.compile(
    r"\b(?:Russian Empire|tsarist|[Tt]sar\b|imperial Russia|governorate)", re.IGNORECASE
)
# what may open a sentence before its first word: quotation marks, brackets, markup marks
LEADING = " \t\"'“‘«(*_#>-"
# a credit line: whose work it is, not copy ("Reporting by ... in Kiev; Editing by ...")
_CREDITS = re.compile(
    r"\b(?:(?:Additional\s+)?[Rr]eporting|Editing|Writing|Compiled|Produced)\s+by\b"
    r"|\((?:Photo|Photograph|Picture|Image|Video)s?(?:\s+by)?\s*:"
)
# a table of contents: introduced as contents, or titles with page numbers
_CONTENTS = re.compile(
    r"^\s*(?:Contents|Table of contents|In this issue|Inside|Chapters)\s*:", re.IGNORECASE
)
_PAGE = re.compile(r"\b(?:page|p\.|pp\.)\s*\d+\b", re.IGNORECASE)
_TITLE_SPANS = re.compile(
    r"(?<![\w*])\*(?!\s)[^*\n]+(?<!\s)\*(?![\w*])"
    r"|(?<![\w_])_(?!\s)[^_\n]+(?<!\s)_(?![\w_])"
    r"|<(i|em|cite)\b[^>]*>.*?</\1\s*>",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True, slots=True)
class Passage:
    """A sentence with what decides whether its matches are certain."""

    text: str
    quotes: SpanSet
    titles: SpanSet
    all_caps: bool
    title_case: bool  # a headline in Title Case: capitals tell nothing of names
    context: frozenset[str]  # case-folded words of the paragraph
    quoted_block: bool = False
    names: frozenset[str] = frozenset()  # forms the article uses as names (case-folded)
    heading: bool = False
    contents: bool = False  # the sentence lists titles (a table of contents)
    credits: bool = False  # the sentence or its paragraph is a credit line or contents
    lead: int = 0  # where the sentence's words begin, after quotes and markup marks
    unpunctuated: bool = False  # no full stop, question or exclamation mark at its end
    spelling: bool = False  # the sentence is about spelling ("misspelt ... as Kharkov")
    empire: bool = False  # the sentence is set in the Russian Empire
    cyrillic: bool = False  # the sentence says it quotes Cyrillic text
    old_year: bool = False  # the sentence names a year before 1991


def context_words(paragraph: str) -> frozenset[str]:
    """The case-folded words of a paragraph, for :func:`passage` (compute once per block)."""
    return frozenset(w.casefold() for w in WORD.findall(paragraph))


def passage(
    text: str,
    paragraph: str | frozenset[str] | None = None,
    *,
    quoted_block: bool = False,
    heading: bool = False,
    names: frozenset[str] = frozenset(),
    listing: bool = False,
) -> Passage:
    """The :class:`Passage` of sentence ``text`` inside ``paragraph`` (default: itself).

    ``paragraph`` is its text or its :func:`context_words`.  In a ``heading``
    even two capitalised words are Title Case, not a name.  ``listing``
    (:func:`listing` of the paragraph) marks a table of contents or a credit
    line that the sentence splitter cut into pieces.
    """
    if not isinstance(paragraph, frozenset):
        paragraph = context_words(paragraph or text)
    contents = _contents(text)
    return Passage(
        text=text,
        quotes=SpanSet.of(quotation_spans(text)),
        titles=SpanSet.of(m.span() for m in _TITLE_SPANS.finditer(text)),
        all_caps=_all_caps(text),
        title_case=title_case(text, 2 if heading else 3),
        context=paragraph,
        quoted_block=quoted_block,
        names=names,
        heading=heading,
        contents=contents,
        credits=listing or contents or _CREDITS.search(text) is not None,
        lead=len(text) - len(text.lstrip(LEADING)),
        unpunctuated=not text.rstrip().endswith((".", "!", "?")),
        spelling=_SPELLING.search(text) is not None,
        empire=_EMPIRE.search(text) is not None,
        cyrillic=_CYRILLIC_NAMED.search(text) is not None,
        old_year=_OLD_YEAR.search(text) is not None,
    )


def _all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    words = WORD.findall(text)
    if len(letters) < 8 or len(words) < 3:
        return False
    return sum(1 for c in letters if c.isupper()) >= 0.9 * len(letters)


_MINOR_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "but",
        "or",
        "nor",
        "for",
        "yet",
        "so",
        "of",
        "in",
        "on",
        "at",
        "to",
        "by",
        "up",
        "as",
        "via",
        "per",
        "off",
    ]
)


def title_case(text: str, least: int = 3) -> bool:
    """A headline in Title Case: nearly every word but the minor ones capitalised."""
    words = [w for w in WORD.findall(text) if w.casefold() not in _MINOR_WORDS]
    return len(words) >= least and sum(1 for w in words if w[:1].isupper()) >= 0.8 * len(words)


def _apostrophe(text: str, at: int) -> bool:
    """A ’ or ' between letters (``NATO’s``) or after a plural's s (``allies’ ``)."""
    before = text[at - 1] if at > 0 else " "
    after = text[at + 1] if at + 1 < len(text) else " "
    return before.isalnum() and (after.isalnum() or (before in "sS" and not after.isalnum()))


def quotation_spans(text: str) -> list[tuple[int, int]]:
    """Spans of quoted speech in one sentence, quotation marks included."""
    spans: list[tuple[int, int]] = []
    open_at: dict[str, int] = {}
    pairs = {"“": "”", "«": "»", "‘": "’", "„": "“"}
    closers = {v: k for k, v in pairs.items() if k != "„"}
    for at, char in enumerate(text):
        before = text[at - 1] if at > 0 else " "
        after = text[at + 1] if at + 1 < len(text) else " "
        if char in ('"', "'"):
            # "rumours';" closes an open quote; "veterans' clinic" is a plural's apostrophe
            closing = char in open_at and (after in ",.;:!?)—" or at + 1 == len(text))
            if char == "'" and not closing and _apostrophe(text, at):
                continue
            if char in open_at and not after.isalnum():
                spans.append((open_at.pop(char), at + 1))
            elif (
                char not in open_at
                and (before.isspace() or before in "([—–-")
                and (after.isalnum() or after in "‘'…")
            ):
                open_at[char] = at
            elif char not in open_at and char == '"' and not spans and not after.isalnum():
                spans.append((0, at + 1))  # opened in an earlier sentence
            continue
        if (
            char in pairs
            and char not in ("‘",)
            or (char == "‘" and (before.isspace() or before in '([“"—–-'))
        ):
            open_at.setdefault(char, at)
            continue
        if char in closers:
            opener = closers[char]
            if char == "’" and (opener not in open_at or _apostrophe(text, at)):
                continue
            if opener in open_at:
                spans.append((open_at.pop(opener), at + 1))
            elif char == "“" and "„" in open_at:
                spans.append((open_at.pop("„"), at + 1))
            elif not spans:
                spans.append((0, at + 1))  # opened in an earlier sentence
    spans.extend((start, len(text)) for start in open_at.values())
    return spans


def listing_text(text: str) -> bool:
    """Whether a paragraph is a table of contents or carries a credit line (``Reporting
    by``, ``(Photo: …)``): its place names are not copy to respell."""
    return _contents(text) or _CREDITS.search(text) is not None


def _contents(text: str) -> bool:
    """A table of contents: ``Contents:`` or ``In this issue:``, or two page numbers."""
    if _CONTENTS.match(text):
        return True
    pages = _PAGE.finditer(text)
    return next(pages, None) is not None and next(pages, None) is not None
