"""Whether a glossary match in running text is certain enough to change the copy.

A change to a reporter's text must be right at least 98 times in 100, so a
match that a glossary form would rewrite is certain only when nothing around
it says otherwise.  :func:`doubt` gives the reason to hold back, or None:

- ``quotation``: inside quotation marks (“…”, "…", ‘…’, «…»; a quote left open
  runs to the end of the sentence, one closed without an opening started in an
  earlier sentence) or in a block quote; quotations are verbatim;
- ``title``: inside emphasis (``*…*``, ``_…_``) or ``<i>``, ``<em>``,
  ``<cite>``, the way titles of works are set;
- ``name``: part of a longer capitalised name: a capitalised word right before
  it that does not open the sentence (``Dynamo Kiev``, a given name), one
  right after it (``Kiev Nights``) other than a word that keeps the place
  (``Oblast``, ``Mayor``), ``Battle of …`` and the like, ``…-class``, a
  common noun that introduces a name (``the carrier Kiev``, ``chicken
  Kiev``) or an apposition that says what the name is (``Izyum, a family
  bakery``), a North American state after it (``Odessa, Texas``), an event
  of a year before 1991 (``the Kharkov trial of 1943``), a common noun after
  it that names a thing (``the Minoborony Ukrainy channel``, ``Dnepr
  motorcycles``), or the article using the form as a name elsewhere; an
  acronym (``IRIS T SLM``) may run on into further capitalised words;
- ``all-caps line``: a headline in capitals, where case tells nothing;
- ``named, not used``: the form itself is the subject (``spelled Kiev``,
  ``formerly known as Kiev``);
- ``paired with another form``: two renderings side by side (``NATO/OTAN``);
- ``lower-case common word``: a proper name's form written in lower case
  (``izyum``, raisins, is not the town);
- ``defined in the article as …``: the article spells the abbreviation out as
  something else (``Voronezh State University (VSU)``); such a match is kept;
- ``title`` also for a table of contents (``Contents:``, two page numbers)
  and for an unpunctuated line in Title Case in the body (a heading is the
  article's own);
- ``credit line``: a byline or credit (``Reporting by``, ``(Photo: …)``) in
  the sentence or its paragraph;
- ``historical context``: a place's old name within a few words of a year
  before 1991 (``born in Odessa in 1908``);
- ``ambiguous abbreviation``: a deprecated Latin acronym of two to five
  letters (``ZSU``, ``SVO``, ``VDV``), which has other meanings everywhere;
- ``named, not used`` also when the concept's own term stands beside the
  form (``switched from Kiev to Kyiv``);
- ``ambiguous form`` / ``no context`` / ``context of another sense``: the
  form's glossary rule says suggest, needs a context word that the paragraph
  lacks, or names a word of another sense that the paragraph has; a
  designator in Latin letters (``X-101``, ``F16``, ``Leopard II``) names
  products of every trade, so without a rule of its own it needs a military
  word in the paragraph (a robot vacuum called X-101 is no missile).

Plain data in and out; the caller decides what a doubt means (normalisation
makes the change a suggestion; enforcement leaves the term to the engine).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from transpipe.terms.glossary import FormRule, GlossaryIndex, Match
from transpipe.terms.names import after_head, article_names, in_name
from transpipe.terms.passage import (
    LEADING,
    OLD_YEAR_WORD,
    WORD,
    Passage,
    context_words,
    listing_text,
    passage,
    quotation_spans,
)

# the sentence and its setting (passage) and names (names) have modules of their own; the
# callers of the rules find them here too
__all__ = [
    "ABBREVIATION",
    "ALL_CAPS",
    "AMBIGUOUS",
    "CREDITS",
    "DEFINED",
    "HISTORY",
    "LEADING",
    "LOWER_CASE",
    "MENTION",
    "NAME",
    "NO_CONTEXT",
    "OTHER_CONTEXT",
    "PAIRED",
    "QUOTATION",
    "TITLE",
    "Passage",
    "article_definitions",
    "article_names",
    "context_words",
    "doubt",
    "listing_text",
    "passage",
    "quotation_spans",
]

QUOTATION = "quotation"
TITLE = "title"
NAME = "name"
ALL_CAPS = "all-caps line"
AMBIGUOUS = "ambiguous form"
NO_CONTEXT = "no context"
OTHER_CONTEXT = "context of another sense"
DEFINED = "defined in the article as"
MENTION = "named, not used"
PAIRED = "paired with another form"
LOWER_CASE = "lower-case common word"
HISTORY = "historical context"
CREDITS = "credit line"
ABBREVIATION = "ambiguous abbreviation"

_WORK_HEADS = (
    "album|film|movie|novel|book|documentary|song|single|play|opera|series|poem|report|memoir"
    "|biography|autobiography|essay|story|anthology|musical|exhibition"
)
# "the album, Nights in Kharkov," / "the novel Kiev Nights": a title set in capitals, no quotes
_WORK_TITLE = re.compile(
    rf"\b(?i:{_WORK_HEADS})[,:]?\s+"
    r"(?:(?:[A-Z][\w'’-]*|of|in|the|and|a|an|at|on|for|to|from|with)\s+){0,6}$"
)
_MENTION_WORDS_TEXT = """
    spelled spelling spelt spellings called named name renamed formerly previously once known
    transliterated transliteration rendered version form titled entitled initials acronym
    abbreviation abbreviated cyrillic
"""
_MENTION_WORDS = frozenset(_MENTION_WORDS_TEXT.split())
# words of military copy: a designator (letters and numbers) is a weapon only among them
_MILITARY_TEXT = """
    military army armies armed troops soldier soldiers war wartime missile rocket jet jets
    fighter warplane aircraft bomber helicopter tank tanks howitzer artillery air-defence
    air-defense defence defense pentagon nato weapon weapons arms brigade battalion drone
    drones strike strikes launcher launched fired shell shells ammunition munition munitions
    navy naval frigate warship battlefield frontline front-line combat pilot pilots invasion
    ukraine ukrainian kyiv russia russian kremlin offensive shot downed intercepted
"""
_MILITARY = frozenset(_MILITARY_TEXT.split())
_ROMAN_END = re.compile(r"\s(?:II|III|IV|V|VI)$")
_ACRONYM = re.compile(r"[A-Z][A-Za-z]{1,4}")
_DEFINITION_AFTER = re.compile(r"\(([^\W\d_][\w&.-]{1,9})\)")
# "VSU, Voronezh State University, said": an abbreviation and its capitalised long form
_DEFINITION_APPOSED = re.compile(
    r"(?<![\w-])([^\W\d_][\w&.-]{1,9}),\s+((?:[A-Z][\w'’-]*\s+(?:(?:of|for|and|the)\s+)?){1,7}"
    r"[A-Z][\w'’-]*)(?=[,.;)])"
)
_DEFINITION_BEFORE = re.compile(r"(?<![\w-])([^\W\d_][\w&.-]{1,9})\s+\(([^()]{4,120})\)")


def article_definitions(text: str, index: GlossaryIndex) -> dict[str, str]:
    """Abbreviations the article spells out as something other than their glossary concept.

    ``Voronezh State University (VSU)``, ``VSU (Voronezh State University)``
    and ``VSU, Voronezh State University,`` define VSU for the article; a long form that the glossary reads as the
    abbreviation's own concept (``Armed Forces of Ukraine (AFU)``) defines
    nothing new.  Maps the abbreviation as written to its long form.
    """
    defined: dict[str, str] = {}
    candidates: list[tuple[str, str]] = []
    for found in _DEFINITION_AFTER.finditer(text):
        abbreviation = found.group(1)
        words = re.findall(r"[\w'’.-]+", text[max(0, found.start() - 160) : found.start()])
        long_form = _long_form(abbreviation, words)
        if long_form:
            candidates.append((abbreviation, long_form))
    for found in _DEFINITION_APPOSED.finditer(text):
        abbreviation, inner = found.group(1), found.group(2)
        words = [p for w in inner.split() for p in w.split("-") if p]
        letters = [c.casefold() for c in abbreviation if c.isalpha()]
        capitals = [w[0].casefold() for w in words if w[:1].isupper()]
        every = [w[0].casefold() for w in words]
        if _capitals(abbreviation) >= 2 and letters in (capitals, every):
            candidates.append((abbreviation, inner.strip()))
    for found in _DEFINITION_BEFORE.finditer(text):
        abbreviation, inner = found.group(1), found.group(2)
        words = inner.split()
        if _capitals(abbreviation) >= 2 and len(words) >= 2 and _initials_fit(abbreviation, words):
            candidates.append((abbreviation, inner.strip()))
    for abbreviation, long_form in candidates:
        if abbreviation in defined:
            continue
        own = [m for m in index.find(abbreviation) if (m.start, m.end) == (0, len(abbreviation))]
        if not own:
            continue
        concept = own[0].concept.id
        if any(m.concept.id == concept for m in index.find(long_form)):
            continue
        defined[abbreviation] = long_form
    return defined


def _capitals(word: str) -> int:
    return sum(1 for c in word if c.isupper())


def _initials_fit(abbreviation: str, words: list[str]) -> bool:
    """The long form starts with the abbreviation's first letter and is long enough."""
    letters = [c for c in abbreviation if c.isalpha()]
    return (
        bool(letters)
        and words[0][:1].casefold() == letters[0].casefold()
        and (len(words) >= min(len(letters), 2))
    )


def _long_form(abbreviation: str, words: list[str]) -> str:
    """The words before ``(ABBR)`` that spell it out, or ``""``.

    Capitalised words starting with the abbreviation's first letter
    (``Voronezh State University (VSU)``), or lower-case words whose initials
    are exactly its letters (``single sign-on (SSO)``).
    """
    if _capitals(abbreviation) < 2 or not words:
        return ""
    letters = [c.casefold() for c in abbreviation if c.isalpha()]
    parts = [p for w in words[-len(letters) :] for p in w.split("-") if p]
    if len(parts) >= len(letters):
        tail = parts[-len(letters) :]
        if [p[0].casefold() for p in tail] == letters:
            return " ".join(tail)
    for size in range(2, min(len(words), len(letters) + 3) + 1):
        tail = words[-size:]
        if tail[0][:1].isupper() and _initials_fit(abbreviation, tail):
            return " ".join(tail)
    return ""


def doubt(
    match: Match,
    where: Passage,
    defined: Mapping[str, str] | None = None,
) -> str | None:
    """Why changing ``match`` (a span of ``where.text``) is not certain, or None.

    The reasons are tried in a fixed order and the first that holds is given:
    the article's own definitions, then where the sentence stands, then the
    form's glossary rule, then how the form is used.
    """
    if defined and match.text in defined:
        return f"{DEFINED} {defined[match.text]}"
    setting = _setting_doubt(match, where)
    if setting is not None:
        return setting
    rule = _rule(match)
    return _rule_doubt(match, where, rule) or _usage_doubt(match, where, rule)


def _setting_doubt(match: Match, where: Passage) -> str | None:
    """A reason in where the sentence stands: a quotation, a title, a heading in capitals,
    a credit line."""
    if where.quoted_block or where.quotes.overlaps(match.start, match.end):
        return QUOTATION
    if where.titles.overlaps(match.start, match.end) or _WORK_TITLE.search(
        where.text, max(0, match.start - 80), match.start
    ):
        return TITLE
    if where.contents:
        return TITLE  # a table of contents lists titles
    if where.all_caps:
        return ALL_CAPS
    if where.credits:
        return CREDITS  # a table of contents, a caption's credit, a byline
    respelled = match.kind in ("deprecated", "variant")
    if respelled and where.title_case and not where.heading and where.unpunctuated:
        return TITLE  # a line in Title Case in the body, unpunctuated, may be a work's title
    return None


def _rule(match: Match) -> FormRule | None:
    """The glossary's conditions on the matched form, or None."""
    rule = match.concept.rule_for(match.form)
    if rule is None and not match.form.isascii() and match.concept.dnt:
        # a system's name in Cyrillic (Гепард, Град, Бук) is an ordinary word too (cheetah,
        # hail, beech): the Latin form's context decides
        rule = next((r for r in match.concept.rules if r.context), None)
    return rule


def _rule_doubt(match: Match, where: Passage, rule: FormRule | None) -> str | None:
    """A reason in the form's glossary rule (or Cyrillic named as such)."""
    if not match.text.isascii() and where.cyrillic:
        return MENTION  # "the board shows Київ-Пасажирський in Cyrillic"
    if rule is not None and rule.suggest:
        return AMBIGUOUS
    if rule is not None and rule.context and not _has_context(rule.context, where.context):
        return NO_CONTEXT
    if rule is not None and rule.unless and _has_context(rule.unless, where.context):
        return OTHER_CONTEXT
    return None


def _usage_doubt(match: Match, where: Passage, rule: FormRule | None) -> str | None:
    """A reason in how the form is used: paired, an abbreviation, in lower case, part of a
    name, a designator without military context, named rather than used, of its time."""
    if _paired(where.text, match.start, match.end):
        return PAIRED
    if match.kind == "deprecated" and _acronym(match.form):
        return ABBREVIATION  # ZSU, SVO, VDV: a few Latin capitals have many meanings
    if match.concept.pos == "proper-noun" and match.form[:1].isupper() and match.text[:1].islower():
        return LOWER_CASE  # "izyum" (raisins) is not the town
    if _capitals_mid_sentence(match, where):
        return NAME  # "ODESSA, the supposed network": an acronym, not the city
    designator = any(c.isdigit() for c in match.text)  # F16, Su34: never part of another name
    capital = match.text[:1].isupper() and not designator
    if capital and (
        match.text.casefold() in where.names
        or in_name(
            where.text, match.start, match.end, where.title_case and where.heading, where.old_year
        )
    ):
        return NAME
    if designator and after_head(where.text, match.start):
        return NAME  # "cell F16 of the spreadsheet", "the ketch Leopard II"
    no_rule = rule is None or not rule.context
    if no_rule and _designator(match.form) and not _has_context(_MILITARY, where.context):
        return NO_CONTEXT
    spelling = where.spelling or _mentioned(where.text, match.start)
    if spelling or _beside_its_term(match, where.text):
        return MENTION
    if _of_its_time(match, where):
        return HISTORY  # "born in Odessa in 1908": the name of the time may be meant
    return None


def _of_its_time(match: Match, where: Passage) -> bool:
    """A place's old name in a sentence set in its time: a year before independence
    within a few words (``born in Odessa in 1908``) or the Russian Empire.

    Only deprecated names in Latin letters without digits: a designator or a
    Cyrillic fragment is spelled right whatever the year."""
    if match.concept.pos != "proper-noun" or match.kind != "deprecated":
        return False
    if not match.form.isascii() or _designator(match.form):
        return False
    if where.empire:
        return True
    low, high = max(0, match.start - 40), min(len(where.text), match.end + 40)
    return OLD_YEAR_WORD.search(where.text, low, high) is not None


def _capitals_mid_sentence(match: Match, where: Passage) -> bool:
    """A place's name in capitals inside a sentence in lower case: an acronym
    (``ODESSA, the network``); a dateline (``KIEV, May 3 -``) opens the sentence."""
    word = match.text
    if match.concept.pos != "proper-noun" or match.kind != "deprecated" or not word.isascii():
        return False
    if len(word) < 4 or not word.isupper() or not word.isalpha():
        return False  # a designator (IRIS T, S300) is written in capitals anywhere
    return match.start > where.lead and not where.all_caps


def _acronym(form: str) -> bool:
    """A short Latin abbreviation (``ZSU``, ``DShV``): two to five letters, two capitals."""
    return _ACRONYM.fullmatch(form) is not None and _capitals(form) >= 2


def _beside_its_term(match: Match, text: str) -> bool:
    """The sentence also spells the concept's own term near the form (``from Kiev to
    Kyiv``): the two spellings are compared, not used.  Only for a form that
    would be respelled: an abbreviation beside its term defines it."""
    if match.kind not in ("deprecated", "variant"):
        return False
    term = re.compile(rf"(?<!\w){re.escape(match.concept.term)}(?!\w)", re.IGNORECASE)
    low, high = max(0, match.start - 60), min(len(text), match.end + 60)
    return any(
        not (found.start() < match.end and match.start < found.end())
        and not _in_address(text, found.start())
        for found in term.finditer(text, low, high)
    )


def _in_address(text: str, at: int) -> bool:
    """Whether position ``at`` lies in a URL or path (a run of text without spaces that has
    a slash): ``…/zaporizhzhia-safety-guide`` spells nothing for the reader."""
    start = max(text.rfind(" ", 0, at), text.rfind("(", 0, at)) + 1
    end = text.find(" ", at)
    return "/" in text[start : end if end >= 0 else len(text)]


def _has_context(wanted: Iterable[str], words: frozenset[str]) -> bool:
    """Whether a wanted word (or its plural; for words of 5+ letters, a word it begins) occurs."""
    for word in wanted:
        if word in words or f"{word}s" in words or f"{word}es" in words:
            return True
        if len(word) >= 5 and any(w.startswith(word) for w in words):
            return True
    return False


def _designator(form: str) -> bool:
    """A glossary form in Latin letters that is a code: digits (``F16``, ``X-101``) or a
    Roman number (``Leopard II``)."""
    latin = form.isascii()
    return latin and (any(c.isdigit() for c in form) or _ROMAN_END.search(form) is not None)


def _paired(text: str, start: int, end: int) -> bool:
    """Two forms side by side on purpose: ``NATO/OTAN``, ``Kyiv/Kiev``."""
    before = start > 1 and text[start - 1] == "/" and text[start - 2].isalpha()
    after = text[end : end + 1] == "/" and text[end + 1 : end + 2].isalpha()
    return before or after


def _mentioned(text: str, start: int) -> bool:
    """The form is named, not used: ``spelled Kiev``, ``known as Kiev``, ``formerly Kiev``."""
    words = [w.casefold() for w in WORD.findall(text, max(0, start - 40), start)][-4:]
    return any(w in _MENTION_WORDS for w in words)
