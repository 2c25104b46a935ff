"""Quality checks of translated entries: slips a reviewer should look at twice.

Each check is a pure function from catalogue entries to findings, over the
entries that have a translation: approved entries, and fuzzy entries with a
msgstr.  Entries with a blank msgstr, untranslated and obsolete entries are
not read.  The codes are listed in :mod:`transpipe.checks.rules`.

- ``repeated-word``: a word, or a phrase of two to four words, written twice
  in a row in the msgstr with only spaces between ("the the", "die die"),
  when the msgid repeats none.  Punctuation between the two breaks the
  repeat (German "die, die" is a relative clause, not a slip); the repeats
  a language's grammar makes (French "nous nous", "vous vous") are in
  :data:`GRAMMATICAL_REPEATS`.
- ``unchanged``: the msgstr is the msgid (case and spacing folded) though
  the catalogue's language is not the source's, and the msgid has at least
  :data:`UNCHANGED_WORDS` words of letters once URLs, code, placeholders,
  all-capital acronyms and the glossary's do-not-translate terms are set
  aside.  A msgid whose words all begin with a capital reads as a name and is
  not reported.
- ``length-ratio``: the msgstr's length over the msgid's (characters, ends
  stripped) outside the band of the target language, for msgids of at least
  :data:`RATIO_MIN_LENGTH` characters (shorter ones vary too much).
- ``end-punctuation``: the msgid ends with ``.`` ``!`` ``?`` ``:`` or ``…``
  (closing quotes, brackets and emphasis after it are looked through) and
  the msgstr ends with none of its equivalents, or with another mark; or the
  msgstr ends with such a mark and the msgid with none.
- ``bracket-balance``: ``()`` ``[]`` ``{}`` or quotation marks balanced in
  the msgid and not in the msgstr.  ``{n}`` placeholders are not brackets.
  Double quotation marks (``"`` ``“`` ``”`` ``„`` ``«`` ``»``) balance when
  there is an even number of them, whatever the language's style (German
  „…“, French «…», Danish »…«); so do single ones (``‘`` ``’`` ``‚`` ``‹``
  ``›``), where a ``’`` between two letters or digits, before a digit, or
  after a letter or digit while no single quotation is open is an apostrophe
  and not counted ("l’accord", "the ’90s", "Scholz’ Regierung").  A msgid
  that is itself unbalanced (one sentence of a quotation that runs over
  several) is not compared.
- ``target-language``: langdetect (seeded, so one text gives one answer)
  names another language than the catalogue's, with a probability of at
  least :data:`LANGUAGE_PROBABILITY`, for a msgstr of at least
  :data:`LANGUAGE_LETTERS` letters (URLs, code and placeholders set aside).
  Only for catalogue languages langdetect has a profile for
  (:data:`LANGDETECT_LANGUAGES`); for any other it could only ever name
  another.  An error on approved entries, a warning on fuzzy ones.

The other checks here report warnings whether the entry is approved or not:
each finds what is often, not always, a mistake.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Sequence
from typing import Final

from transpipe.core.findings import ERROR, WARNING, Finding, Severity
from transpipe.core.model import CatalogEntry
from transpipe.document.markup import prose
from transpipe.fragments.language import identify_language
from transpipe.terms.glossary import GlossaryIndex

__all__ = [
    "check_bracket_balance",
    "check_end_punctuation",
    "check_length_ratio",
    "check_repeated_words",
    "check_target_language",
    "check_unchanged",
    "primary",
    "show",
    "translated",
]

# -- shared -------------------------------------------------------------------------


def show(text: str, limit: int = 60) -> str:
    """``text`` on one line, shortened, in double quotes."""
    flat = " ".join(text.split())
    if len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    return f'"{flat}"'


def translated(entries: Sequence[CatalogEntry]) -> list[CatalogEntry]:
    """The entries these checks read: live, with a msgstr, approved or fuzzy."""
    return [
        e
        for e in entries
        if e.msgid and not e.obsolete and e.msgstr.strip() and (e.approved or e.fuzzy)
    ]


def primary(code: str) -> str:
    """The language subtag of a code, lower-case: ``pt-BR`` and ``pt_br`` are ``pt``."""
    return code.replace("_", "-").split("-")[0].casefold()


def _folded(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


# -- repeated-word ------------------------------------------------------------------

REPEAT_MAX_WORDS = 4  # the longest phrase whose repeat is looked for
# repeats the grammar of a language makes (reflexive "nous nous sommes" in French)
GRAMMATICAL_REPEATS: Final = {"fr": frozenset({"nous", "vous"})}
_WORD = re.compile(r"\w+")


def repeats(text: str) -> list[str]:
    """Words and phrases (up to :data:`REPEAT_MAX_WORDS` words) written twice in a row.

    Only whitespace may lie between the words of the two copies; a word
    needs a letter.  Each repeat is given once, as first written.
    """
    words = list(_WORD.finditer(text))
    keys = [w.group().casefold() for w in words]
    # spaced[i]: only whitespace lies between word i and word i + 1
    spaced = [not text[a.end() : b.start()].strip() for a, b in itertools.pairwise(words)]
    found: list[str] = []
    for size in range(1, REPEAT_MAX_WORDS + 1):
        for i in range(len(words) - 2 * size + 1):
            if keys[i : i + size] != keys[i + size : i + 2 * size]:
                continue
            if not all(spaced[i : i + 2 * size - 1]):
                continue
            if not any(c.isalpha() for c in "".join(keys[i : i + size])):
                continue
            phrase = text[words[i].start() : words[i + size - 1].end()]
            if phrase.casefold() not in (f.casefold() for f in found):
                found.append(phrase)
    return found


def check_repeated_words(
    entries: Sequence[CatalogEntry], path: str, language: str
) -> list[Finding]:
    """``repeated-word``: a word or phrase doubled in the msgstr and not in the msgid."""
    allowed = GRAMMATICAL_REPEATS.get(primary(language), frozenset())
    findings = []
    for entry in translated(entries):
        if repeats(prose(entry.msgid)):
            continue  # the source repeats itself ("that that"): so may the translation
        for phrase in repeats(prose(entry.msgstr)):
            if phrase.casefold() in allowed:
                continue
            findings.append(
                Finding(path, entry.line, "repeated-word", WARNING,
                        f"{show(phrase + ' ' + phrase)} repeats {show(phrase)}; "
                        "remove the repeat", language)
            )  # fmt: skip
    return findings


# -- unchanged ----------------------------------------------------------------------

UNCHANGED_WORDS = 3  # fewer words of letters can well stay as they are (names, titles)


def _counted_words(msgid: str, index: GlossaryIndex | None) -> list[str]:
    """The words of ``msgid`` that ask for a translation.

    Not counted: URLs, code and placeholders; do-not-translate glossary terms;
    all-capital acronyms; words with no letter or with a digit.
    """
    text = prose(msgid)
    if index is not None:
        for match in reversed(index.find(text)):
            if match.concept.dnt:
                text = text[: match.start] + " " + text[match.end :]
    words = re.findall(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", text)
    return [w for w in words if not (len(w) > 1 and w.isupper())]


def check_unchanged(
    entries: Sequence[CatalogEntry],
    path: str,
    language: str,
    source: str,
    index: GlossaryIndex | None = None,
) -> list[Finding]:
    """``unchanged``: a msgstr that is its msgid, where a translation was due."""
    if primary(source) == primary(language):
        return []
    findings = []
    for entry in translated(entries):
        if _folded(entry.msgstr) != _folded(entry.msgid):
            continue
        words = _counted_words(entry.msgid, index)
        if len(words) < UNCHANGED_WORDS or all(w[:1].isupper() for w in words):
            continue  # too short to need a translation, or a name
        findings.append(
            Finding(path, entry.line, "unchanged", WARNING,
                    f"the translation of {show(entry.msgid)} is the msgid itself; "
                    f"translate it into {language}", language)
        )  # fmt: skip
    return findings


# -- length-ratio -------------------------------------------------------------------

RATIO_MIN_LENGTH = 20  # msgid characters; a short msgid's translation varies too much
# Alphabetic scripts: German and Finnish run up to about 1.5 times English, and a good
# translation may be terse; outside 0.4-2.5 a sentence was most likely dropped, added
# or doubled.
RATIO_LOW = 0.4
RATIO_HIGH = 2.5
# Chinese, Japanese and Korean write a word in one to three characters: a translation is
# about 0.3-0.7 times as long as its English, in characters.
CJK_RATIO_LOW = 0.15
CJK_RATIO_HIGH = 1.5
CJK_LANGUAGES: Final = frozenset({"zh", "ja", "ko", "yue"})


def ratio_band(language: str) -> tuple[float, float]:
    """The length ratios a translation into ``language`` is expected to lie between."""
    if primary(language) in CJK_LANGUAGES:
        return CJK_RATIO_LOW, CJK_RATIO_HIGH
    return RATIO_LOW, RATIO_HIGH


def check_length_ratio(entries: Sequence[CatalogEntry], path: str, language: str) -> list[Finding]:
    """``length-ratio``: a msgstr much shorter or longer than the language makes likely."""
    low, high = ratio_band(language)
    findings = []
    for entry in translated(entries):
        source, target = entry.msgid.strip(), entry.msgstr.strip()
        if len(source) < RATIO_MIN_LENGTH:
            continue
        ratio = len(target) / len(source)
        if low <= ratio <= high:
            continue
        what = "dropped" if ratio < low else "added or doubled"
        findings.append(
            Finding(path, entry.line, "length-ratio", WARNING,
                    f"the translation is {ratio:.2f} times as long as {show(entry.msgid)} "
                    f"(expected {low:g}-{high:g} for {language}); check for {what} text",
                    language)
        )  # fmt: skip
    return findings


# -- end-punctuation ----------------------------------------------------------------

# what may follow the final mark: closing quotes and brackets, emphasis, spaces
_CLOSERS = "\"'“”‘’„‚»«›‹)]}*_` \t\n\u00a0"
# each final mark of English and what stands for it in a translation
_EQUIVALENTS: Final = {
    ".": frozenset(".。．।۔።။"),
    "!": frozenset("!！"),
    "?": frozenset("?？؟՞"),
    ":": frozenset(":："),
    "…": frozenset("…"),
}
_MARKS: Final = frozenset().union(*_EQUIVALENTS.values())
# Greek writes its question mark as ";"
_LANGUAGE_EQUIVALENTS: Final = {("el", "?"): frozenset(";")}
# languages that end a sentence with no mark
NO_FULL_STOP: Final = frozenset({"th", "lo", "km"})


def final_mark(text: str) -> str:
    """The sentence mark that ends ``text`` (``"..."`` read as ``…``), or ``""``.

    Closing quotes, brackets and emphasis after it are looked through.
    """
    bare = text.rstrip(_CLOSERS)
    if bare.endswith("..."):
        return "…"
    last = bare[-1:]
    return last if last in _MARKS or last == ";" else ""


def _end_problem(msgid: str, msgstr: str, language: str) -> str | None:
    """What is wrong with the end of ``msgstr``, or None."""
    wanted, got = final_mark(msgid), final_mark(msgstr)
    lang = primary(language)
    if not wanted:
        if got in ("", ";") or (got == "." and msgstr.rstrip(_CLOSERS)[-2:-1].isdigit()):
            return None  # "5." is an ordinal ("am 5."), not the end of a sentence
        return f"ends with {got!r} though the msgid has no final mark; remove it"
    accepted = _EQUIVALENTS[wanted] | _LANGUAGE_EQUIVALENTS.get((lang, wanted), frozenset())
    if got in accepted or (wanted == "." and not got and lang in NO_FULL_STOP):
        return None
    if not got or got == ";":
        return f"does not end with {wanted!r} as the msgid does; add it"
    return f"ends with {got!r} where the msgid ends with {wanted!r}; use {wanted!r}"


def check_end_punctuation(
    entries: Sequence[CatalogEntry], path: str, language: str
) -> list[Finding]:
    """``end-punctuation``: the msgstr does not end as the msgid does."""
    findings = []
    for entry in translated(entries):
        problem = _end_problem(entry.msgid, entry.msgstr, language)
        if problem is not None:
            findings.append(
                Finding(path, entry.line, "end-punctuation", WARNING,
                        f"the translation of {show(entry.msgid)} {problem}", language)
            )  # fmt: skip
    return findings


# -- bracket-balance ----------------------------------------------------------------

_PAIRS: Final = (("(", ")"), ("[", "]"), ("{", "}"))
_PLACEHOLDER = re.compile(r"\{[\w.]*\}")
_DOUBLE_QUOTES = frozenset('"“”„«»‟')
_SINGLE_QUOTES = frozenset("‘’‚‹›‛")


def unbalanced(text: str) -> list[str]:
    """The brackets and quotation marks that do not balance in ``text``.

    A bracket pair balances when no closer comes before its opener and every
    opener is closed; quotation marks when there is an even number of them.
    """
    text = _PLACEHOLDER.sub(" ", text)
    found = []
    for opener, closer in _PAIRS:
        depth = 0
        for char in text:
            depth += (char == opener) - (char == closer)
            if depth < 0:
                break
        if depth != 0:
            found.append(opener + closer)
    if sum(c in _DOUBLE_QUOTES for c in text) % 2:
        found.append("double quotation marks")
    single = 0
    for i, c in enumerate(text):
        if c in _SINGLE_QUOTES and not (c == "’" and _apostrophe(text, i, open_=single % 2 == 1)):
            single += 1
    if single % 2:
        found.append("single quotation marks")
    return found


def _apostrophe(text: str, i: int, *, open_: bool) -> bool:
    """Whether the ``’`` at ``i`` is an apostrophe: between two letters or digits
    ("l’accord", "п’ять"), before a digit ("the ’90s"), or after a letter or digit
    while no single quotation is open ("Scholz’ Regierung", "the soldiers’ families")."""
    before = text[i - 1] if i > 0 else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    if before.isalnum() and after.isalnum():
        return True
    return after.isdigit() or (before.isalnum() and not open_)


def check_bracket_balance(
    entries: Sequence[CatalogEntry], path: str, language: str
) -> list[Finding]:
    """``bracket-balance``: brackets or quotes balanced in the msgid and not in the msgstr."""
    findings = []
    for entry in translated(entries):
        if unbalanced(entry.msgid):
            continue  # part of a quotation that runs over sentences: nothing to compare
        wrong = unbalanced(entry.msgstr)
        if wrong:
            findings.append(
                Finding(path, entry.line, "bracket-balance", WARNING,
                        f"unbalanced {', '.join(wrong)} in the translation of "
                        f"{show(entry.msgid)}; close or remove them", language)
            )  # fmt: skip
    return findings


# -- target-language ----------------------------------------------------------------

LANGUAGE_LETTERS = 40  # fewer letters are too few for langdetect to be sure
LANGUAGE_PROBABILITY = 0.9
LANGUAGE_SEED = 0
# the languages langdetect has profiles for (its zh-cn and zh-tw are zh here)
LANGDETECT_LANGUAGES: Final = frozenset(
    [
        "af",
        "ar",
        "bg",
        "bn",
        "ca",
        "cs",
        "cy",
        "da",
        "de",
        "el",
        "en",
        "es",
        "et",
        "fa",
        "fi",
        "fr",
        "gu",
        "he",
        "hi",
        "hr",
        "hu",
        "id",
        "it",
        "ja",
        "kn",
        "ko",
        "lt",
        "lv",
        "mk",
        "ml",
        "mr",
        "ne",
        "nl",
        "no",
        "pa",
        "pl",
        "pt",
        "ro",
        "ru",
        "sk",
        "sl",
        "so",
        "sq",
        "sv",
        "sw",
        "ta",
        "te",
        "th",
        "tl",
        "tr",
        "uk",
        "ur",
        "vi",
        "zh",
    ]
)
# codes langdetect knows under another name
_LANGDETECT_NAMES: Final = {"nb": "no", "nn": "no", "iw": "he", "fil": "tl"}


def _langdetect_name(code: str) -> str:
    lang = primary(code)
    return _LANGDETECT_NAMES.get(lang, lang)


def check_target_language(
    entries: Sequence[CatalogEntry], path: str, language: str
) -> list[Finding]:
    """``target-language``: a msgstr langdetect is sure is in another language.

    langdetect is loaded on the first msgstr long enough to be read.
    """
    expected = _langdetect_name(language)
    if expected not in LANGDETECT_LANGUAGES:
        return []
    findings = []
    for entry in translated(entries):
        guess = identify_language(prose(entry.msgstr), LANGUAGE_SEED, letters=LANGUAGE_LETTERS)
        if guess is None or guess.probability < LANGUAGE_PROBABILITY:
            continue
        if _langdetect_name(guess.lang) == expected:
            continue
        severity: Severity = ERROR if entry.approved else WARNING
        findings.append(
            Finding(path, entry.line, "target-language", severity,
                    f"the translation of {show(entry.msgid)} reads as {guess.lang} "
                    f"({guess.probability:.2f}), not {language}; translate it into {language}",
                    language)
        )  # fmt: skip
    return findings
