"""Weekdays and months named in the msgid, looked for in the msgstr.

``weekday-mismatch`` and ``month-mismatch`` are two codes, not one
``date-mismatch``: a workflow may well silence one (a newsroom that writes
months as numbers in translations) and keep the other.

The English msgid names a day or month with its full name, capitalised
("Tuesday", "March"), or with an abbreviation that ends in a point or stands
next to a number ("Tue.", "Sept. 12", "12 Mar").  "May" and "March" are
also words ("troops may", "March on"): they count only next to a number or
after "in", "on", "of", "since", "until", "by", "from", "last", "next",
"early", "late" or "mid".  An abbreviation without a point or number counts
after those words too ("on Tue").

The msgstr names it when it holds one of Babel's (CLDR's) names of it in the
catalogue's language: wide and abbreviated, in the format and stand-alone
contexts, compared case-folded, an abbreviation's point left out.  Narrow
names (one letter) are not used: any word would hold them.  How a word of
the msgstr matches a name:

- Chinese, Japanese, Korean and Thai (no spaces between words): the name
  anywhere in the text, not after a digit ("1月" is not "11月"); names of one
  character are not used ("火" is also fire).
- Languages that inflect their day and month names (Slavic, Baltic, Finnic,
  Hungarian, Greek, Turkish): a word that begins with the name's stem, the
  full name less its last two letters but at least three letters long
  ("вівтор" in "вівторка", "wtor" in "wtorku", "ма" is never a stem).
- Languages that build compounds (German, Dutch, Scandinavian): a word that
  begins with the full name ("Dienstagabend").
- Any other language: a word that is the name.

An abbreviated name always has to be the whole word.  A day named in the
msgid and not in the msgstr is the defect, and the message names the day the
msgstr has instead, if any ("on Tuesday" as "el miércoles").  An error on
approved entries, a warning on fuzzy ones.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from transpipe.checks.quality import primary, show, translated
from transpipe.core.findings import ERROR, WARNING, Finding, Severity
from transpipe.core.model import CatalogEntry
from transpipe.document.markup import prose

__all__ = ["check_dates", "named_in_source", "named_in_target", "names_in"]

# no spaces between words: names are found anywhere in the text
UNSPACED: Final = frozenset({"zh", "ja", "ko", "th", "yue", "lo", "km", "my"})
INFLECTING: Final = frozenset(
    [
        "be",
        "bg",
        "bs",
        "cs",
        "hr",
        "mk",
        "pl",
        "ru",
        "sk",
        "sl",
        "sr",
        "uk",
        "lt",
        "lv",
        "fi",
        "et",
        "hu",
        "el",
        "tr",
    ]
)
COMPOUNDING: Final = frozenset({"de", "nl", "sv", "da", "no", "nb", "nn", "is", "af", "lb"})
STEM_CUT = 2  # letters an inflecting language's ending may replace
STEM_MIN = 3  # letters a stem keeps at least

_DAYS: Final = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS: Final = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip
_WORDS_AS_WELL: Final = frozenset({"May", "March"})
_CUE = r"(?:in|on|of|since|until|by|from|last|next|early|late|mid)"


@dataclass(frozen=True, slots=True)
class _Kind:
    """Weekdays or months: their code, English names and Babel's getter."""

    code: str
    noun: str
    english: tuple[str, ...]
    first: int  # Babel's key of the first English name: 0 for Monday, 1 for January
    # abbreviations besides the names' first three letters, and the name each stands for
    extra: tuple[tuple[str, str], ...] = ()


_WEEKDAY = _Kind(
    "weekday-mismatch", "day", _DAYS, 0,
    (("Tues", "Tuesday"), ("Thur", "Thursday"), ("Thurs", "Thursday")),
)  # fmt: skip
_MONTH = _Kind("month-mismatch", "month", _MONTHS, 1, (("Sept", "September"),))


def _english_pattern(kind: _Kind) -> re.Pattern[str]:
    """English names and abbreviations of ``kind``; groups ``full`` and ``abbr``."""
    full = "|".join(kind.english)
    # longest first: "Thurs" before "Thur" before "Thu"
    abbr = "|".join([a for a, _ in sorted(kind.extra, key=lambda x: -len(x[0]))] +
                    [n[:3] for n in kind.english])  # fmt: skip
    return re.compile(rf"\b(?:(?P<full>{full})\b|(?P<abbr>{abbr})(?:\.|\b))")


def _english_index(kind: _Kind, name: str) -> int:
    """Babel's key of an English name or abbreviation."""
    name = dict(kind.extra).get(name, name)
    return next(i for i, n in enumerate(kind.english) if n[:3] == name[:3]) + kind.first


def named_in_source(text: str, kind: _Kind) -> list[int]:
    """Babel's keys of the days or months ``text`` names, in order, each once."""
    found: list[int] = []
    for match in _english_pattern(kind).finditer(text):
        word = match.group("full") or match.group("abbr")
        before = text[: match.start()].rstrip()
        after = text[match.end() :].lstrip(" ,")
        cued = bool(re.search(rf"(?:^|\W){_CUE}-?$", before, re.IGNORECASE))
        numbered = before[-1:].isdigit() or after[:1].isdigit()
        if match.group("full") and word in _WORDS_AS_WELL and not (cued or numbered):
            continue
        if match.group("abbr") and not (match.group().endswith(".") or cued or numbered):
            continue
        key = _english_index(kind, word)
        if key not in found:
            found.append(key)
    return found


def names_in(kind: _Kind, language: str) -> dict[int, tuple[frozenset[str], frozenset[str]]]:
    """Babel's names of each day or month in ``language``: (wide, abbreviated), folded."""
    from babel import Locale, UnknownLocaleError
    from babel.dates import get_day_names, get_month_names

    try:
        locale = Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return {}
    getter = get_day_names if kind is _WEEKDAY else get_month_names
    names: dict[int, tuple[set[str], set[str]]] = {}
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            for key, name in getter(width, context, locale).items():
                wide, short = names.setdefault(key, (set(), set()))
                (wide if width == "wide" else short).add(name.casefold().rstrip("."))
    return {k: (frozenset(w), frozenset(s)) for k, (w, s) in names.items()}


def _holds(
    text: str, words: list[str], lang: str, wide: frozenset[str], short: frozenset[str]
) -> bool:
    """Whether the folded ``text`` (its ``words``) holds one of the names."""
    if lang in UNSPACED:
        return any(
            re.search(rf"(?<!\d){re.escape(name)}", text) for name in wide | short if len(name) > 1
        )
    if any(word in short or word in wide for word in words):
        return True
    if lang in INFLECTING:
        stems = {n[: max(STEM_MIN, len(n) - STEM_CUT)] for n in wide}
        return any(word.startswith(stem) for word in words for stem in stems)
    if lang in COMPOUNDING:
        return any(word.startswith(name) for word in words for name in wide)
    return False


Names = dict[int, tuple[frozenset[str], frozenset[str]]]


def named_in_target(text: str, names: Names, language: str) -> list[int]:
    """The keys of ``names`` (from :func:`names_in`) that ``text``, in ``language``, names."""
    folded = text.casefold()
    words = re.findall(r"\w+", folded)
    lang = primary(language)
    return [key for key, (wide, short) in names.items() if _holds(folded, words, lang, wide, short)]


def check_dates(entries: Sequence[CatalogEntry], path: str, language: str) -> list[Finding]:
    """``weekday-mismatch``, ``month-mismatch``: a day or month of the msgid not in the msgstr."""
    tables = {kind.code: names_in(kind, language) for kind in (_WEEKDAY, _MONTH)}
    findings = []
    for entry in translated(entries):
        severity: Severity = ERROR if entry.approved else WARNING
        for kind in (_WEEKDAY, _MONTH):
            wanted = named_in_source(prose(entry.msgid), kind)
            names = tables[kind.code]
            got = named_in_target(prose(entry.msgstr), names, language) if wanted else []
            for key in wanted:
                if key in got or key not in names:
                    continue
                other = [k for k in got if k not in wanted]
                instead = f", which names {_wide(names, other[0])} instead" if other else ""
                findings.append(
                    Finding(path, entry.line, kind.code, severity,
                            f"{kind.english[key - kind.first]} of {show(entry.msgid)} is not "
                            f"in the translation{instead}; name the same {kind.noun} "
                            f"({_wide(names, key)})", language)
                )  # fmt: skip
    return findings


def _wide(names: Names, key: int) -> str:
    """The longest wide name of ``key``, quoted, for a message."""
    return show(max(sorted(names[key][0]), key=len))
