"""Weekdays and months named in the msgid, looked for in the msgstr.

``weekday-mismatch`` and ``month-mismatch`` are two codes, not one
``date-mismatch``: a workflow may well silence one (a newsroom that writes
months as numbers in translations) and keep the other.

The English msgid names a day or month with its full name, capitalised
("Tuesday", "March"), or with an abbreviation next to a number ("Sept. 12",
"12 Mar", "Mon, 5 June"), after a point and a comma ("Tue., March 5") or
after one of the words below ("on Tue.").  "The Sun.", "Sun. Times" and
"Mar-a-Lago" name no day or month.  "May" and "March" are also words
("troops may", "March on", "Theresa May, 64,"): they count only right next
to a number or after "in", "on", "of", "since", "until", "by", "from",
"last", "next", "early", "late" or "mid".

The msgstr names it when it holds one of Babel's (CLDR's) names of it in the
catalogue's language: wide and abbreviated, in the format and stand-alone
contexts, compared case-folded and without accents or other marks (Greek
capitals drop the tonos; "ţ" is "ț"), an abbreviation's point left out, any
apostrophe one (Ukrainian "п’ятниця", "п'ятниця", "пʼятниця").  Narrow names
(one letter) are not used: any word would hold them.  A name of several words
("thứ ba", "سه‌شنبه" also written "سه شنبه") is those words in a row; the
first part of a hyphenated name says it alone (Portuguese "terça" for
"terça-feira"); a word with a hyphen or an apostrophe is also read as its
parts ("d’août").  The English name kept as a name's part counts too ("Super
Tuesday", "Black-Friday-Angebote").  How a word of the msgstr matches a name:

- Chinese, Japanese, Korean and Thai (no spaces between words): the name
  anywhere in the text, not after a digit ("1月" is not "11月"); names of one
  character are not used ("火" is also fire).
- Languages that inflect their day and month names (Slavic, Baltic, Finnic,
  Hungarian, Greek, Turkish): a word that begins with the name's stem, the
  full name less its last two letters but at least three letters long
  ("вівтор" in "вівторка", "wtor" in "wtorku", "ма" is never a stem).  A
  name of three letters or fewer may also change its last letter and gain
  one ("мае", "мая", "маем" for "май"), unless the word names another day or
  month ("март").
- Languages that build compounds (German, Dutch, Scandinavian): a word that
  begins with the full name ("Dienstagabend"), or holds a full name of at
  least :data:`COMPOUND_INNER` letters ("Karfreitag", "Ostermontag").
- Any other language: a word that is the name.

An abbreviated name always has to be the whole word.  A day named in the
msgid and not in the msgstr is the defect, and the message names the day the
msgstr has instead, if any ("on Tuesday" as "el miércoles").  An error on
approved entries, a warning on fuzzy ones; in the languages of
:data:`UNCERTAIN_LANGUAGES`, whose names CLDR does not list in all their
spellings, a name not found is a warning unless another day or month is
named instead.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from transpipe.checks.quality import primary, show, translated

# languages whose day and month names have spellings or attached prefixes CLDR does not
# list (Hebrew "ביום שלישי", Albanian "të martën", Welsh "ddydd Mawrth", Levantine Arabic
# "آذار", Chinese "星期天"/"礼拜二", Japanese "火曜"): there a name not found is a warning
UNCERTAIN_LANGUAGES: Final = frozenset({"he", "iw", "sq", "cy", "ar", "zh", "ja", "yue"})
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
COMPOUND_INNER = 5  # a name this long is also found inside a compound ("Karfreitag")

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
    # an abbreviation before a hyphen is a name's start ("Mar-a-Lago")
    return re.compile(rf"\b(?:(?P<full>{full})\b|(?P<abbr>{abbr})(?:\.|\b(?!-)))")


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
        after = text[match.end() :].lstrip(" ")
        cued = bool(re.search(rf"(?:^|\W){_CUE}-?$", before, re.IGNORECASE))
        # "May 5", "5 May", "Mon, 5 June"; not "Theresa May, 64,"
        numbered = before[-1:].isdigit() or after[:1].isdigit()
        if match.group("full") and word in _WORDS_AS_WELL and not (cued or numbered):
            continue
        numbered = numbered or after.lstrip(",").lstrip()[:1].isdigit()
        # "Tue., March 5", not "the Sun." nor "Sun. Times"
        pointed = match.group().endswith(".") and after[:1] == ","
        if match.group("abbr") and not (pointed or cued or numbered):
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


# apostrophes (Ukrainian writes "пʼятниця" with any of them), and the joiner of Persian
# "سه‌شنبه" (also written with a space)
_APOSTROPHES: Final = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "\u200c": " "})
_TOKEN = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")


def _key(text: str) -> str:
    """``text`` as names are compared: case-folded, without accents or other marks
    (Greek capitals drop the tonos, Romanian "ţ" is "ț"), with one apostrophe."""
    bare = unicodedata.normalize("NFKD", text.casefold().translate(_APOSTROPHES))
    bare = "".join(c for c in bare if not unicodedata.category(c).startswith("M"))
    return unicodedata.normalize("NFC", bare)


def _parts(words: list[str]) -> list[str]:
    """The words with hyphenated and elided ones split ("d'août": "d", "août")."""
    return [part for word in words for part in re.split(r"['-]", word)]


def _matches(word: str, name: str, lang: str) -> bool:
    """Whether one word of the msgstr is the one-word wide ``name`` under ``lang``'s rules."""
    if word == name:
        return True
    if lang in INFLECTING:
        return word.startswith(name[: max(STEM_MIN, len(name) - STEM_CUT)])
    if lang in COMPOUNDING:  # "Dienstagabend", "Karfreitag"
        return word.startswith(name) or (len(name) >= COMPOUND_INNER and name in word)
    return False


def _holds(
    text: str, words: list[str], lang: str, wide: frozenset[str], short: frozenset[str]
) -> bool:
    """Whether ``text`` (its ``words``, whole and split) holds one of the names, all as
    :func:`_key` gives them; only a wide name may be inflected or begin a compound."""
    if lang in UNSPACED:
        return any(
            re.search(rf"(?<!\d){re.escape(name)}", text) for name in wide | short if len(name) > 1
        )
    sequence = " " + " ".join(_parts(words)) + " "
    for name in wide | short:
        tokens = _TOKEN.findall(name)
        if len(tokens) > 1:  # "thứ ba", "dydd mawrth": the words in a row
            if f" {' '.join(_parts(tokens))} " in sequence:
                return True
        elif tokens and any(
            word == tokens[0] or (name in wide and _matches(word, name, lang)) for word in words
        ):
            return True
    return False


def _short_forms(words: list[str], lang: str, names: frozenset[str], taken: set[str]) -> bool:
    """Whether an inflected form of a name too short for a stem is among ``words``
    (Russian "мае" for "май"): the name less its last letter and at most two letters
    more, not a word that names another day or month ("март")."""
    if lang not in INFLECTING:
        return False
    return any(
        word.startswith(name[:-1]) and len(word) <= len(name) + 1 and word not in taken
        for name in names
        if len(name) <= STEM_MIN
        for word in words
    )


Names = dict[int, tuple[frozenset[str], frozenset[str]]]


def named_in_target(text: str, names: Names, language: str) -> list[int]:
    """The keys of ``names`` (from :func:`names_in`) that ``text``, in ``language``, names."""
    folded = _key(text)
    whole = _TOKEN.findall(folded)
    words = list(dict.fromkeys(whole + _parts(whole)))
    lang = primary(language)
    # the first part of a hyphenated name says it alone (Portuguese "terça" for "terça-feira")
    keyed = {
        key: (
            frozenset(_key(n) for n in wide),
            frozenset({_key(n) for n in short} | {_key(n).split("-")[0] for n in wide if "-" in n}),
        )
        for key, (wide, short) in names.items()
    }
    found = [key for key, (w, s) in keyed.items() if _holds(folded, words, lang, w, s)]
    short = [
        key
        for key, (w, _) in keyed.items()
        if key not in found and any(len(n) <= STEM_MIN for n in w)
    ]
    if lang not in INFLECTING or not short:
        return found
    taken = {word for word in words for w, s in keyed.values() if _holds(word, [word], lang, w, s)}
    return found + [
        key for key in short if _short_forms(words, lang, keyed[key][0], taken)
    ]  # fmt: skip


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
            kept = _kept(prose(entry.msgstr), kind) if wanted else []
            for key in wanted:
                if key in got or key in kept or key not in names:
                    continue
                other = [k for k in got if k not in wanted]
                instead = f", which names {_wide(names, other[0])} instead" if other else ""
                # where the names' other spellings are not all known, a name not found is
                # only worth a look; another day or month named instead is still the defect
                sure = other or primary(language) not in UNCERTAIN_LANGUAGES
                findings.append(
                    Finding(path, entry.line, kind.code, severity if sure else WARNING,
                            f"{kind.english[key - kind.first]} of {show(entry.msgid)} is not "
                            f"in the translation{instead}; name the same {kind.noun} "
                            f"({_wide(names, key)})", language)
                )  # fmt: skip
    return findings


def _kept(text: str, kind: _Kind) -> list[int]:
    """The keys of the English names ``text`` keeps, as a name keeps them
    ("Super Tuesday", "Black-Friday-Angebote", "Sunday Times")."""
    return [
        i + kind.first
        for i, name in enumerate(kind.english)
        if re.search(rf"(?<![^\W\d_]){name}(?![^\W\d_])", text)
    ]


def _wide(names: Names, key: int) -> str:
    """The longest wide name of ``key``, quoted, for a message."""
    return show(max(sorted(names[key][0]), key=len))
