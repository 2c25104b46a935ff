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
from dataclasses import dataclass

from transpipe.terms.glossary import GlossaryIndex, Match, SpanSet

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

_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# capitalised words that open a sentence or a clause without starting a name
_OPENERS_TEXT = """
    a about across after against all along also although among an and around as at before
    behind below beneath beside besides between beyond both but by despite during each
    either even every for from further here however if in inside into it its like meanwhile
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december near neither no nor not now of
    off on once only or outside over since so some such than that the their then there these
    they this those though through throughout thus to toward towards under unlike until
    unlike upon via was were what when where whether which while who with within without yet
"""
_OPENERS = frozenset(_OPENERS_TEXT.split())
# words after a place that keep it a place, not a longer name
_PLACE_WORDS_TEXT = """
    oblast oblasts region regions regional province raion district city mayor governor
    council administration authorities residents officials
"""
_PLACE_WORDS = frozenset(_PLACE_WORDS_TEXT.split())
# "the carrier Kiev", "the novel Kiev": a common noun that introduces a name
_NAMING_HEADS_TEXT = """
    carrier cruiser frigate corvette destroyer submarine warship ship vessel tanker freighter
    ferry yacht liner boat icebreaker band album song single film movie novel book poem play
    opera magazine newspaper journal brand label restaurant hotel codenamed dubbed chicken
    cutlet bakery cafe café shop store company firm startup chain club team bank documentary
    series show exhibition channel station programme program game painting sculpture
    photograph ketch sloop schooner airport cell row column model version room gate flight
    platform seat memoir biography autobiography essay story anthology musical podcast
    symphony suite movement painting canvas triptych
"""
_NAMING_HEADS = frozenset(_NAMING_HEADS_TEXT.split())
# people by their role: "the analyst Nikolaev"; in apposition only when it is closed
# ("Nikolaev, an analyst at X, said"), not an attribution ("…to Kharkov, an analyst said")
_ROLES_TEXT = """
    analyst spokesman spokeswoman spokesperson official officer commander general colonel
    captain lieutenant soldier pilot journalist reporter author writer poet director singer
    player striker coach lawyer professor researcher activist economist historian cellist
    pianist violinist skater choreographer
"""
_ROLES = frozenset(_ROLES_TEXT.split())
_HEADS = _NAMING_HEADS | _ROLES  # any common noun that introduces a name
# capitalised words before a name that describe it rather than belong to it
_DEMONYMS_TEXT = """
    ukrainian russian belarusian polish german french british american turkish soviet western
    eastern israeli iranian chinese japanese korean italian spanish dutch swedish finnish
    norwegian danish czech slovak hungarian romanian bulgarian lithuanian latvian estonian
    georgian moldovan canadian australian european nordic baltic allied us uk eu nato
"""
_DEMONYMS = frozenset(_DEMONYMS_TEXT.split())
_WORK_HEADS = (
    "album|film|movie|novel|book|documentary|song|single|play|opera|series|poem|report|memoir"
    "|biography|autobiography|essay|story|anthology|musical|exhibition"
)
# "the album, Nights in Kharkov," / "the novel Kiev Nights": a title set in capitals, no quotes
_WORK_TITLE = re.compile(
    rf"\b(?i:{_WORK_HEADS})[,:]?\s+"
    r"(?:(?:[A-Z][\w'’-]*|of|in|the|and|a|an|at|on|for|to|from|with)\s+){0,6}$"
)
_PARTICIPLE = re.compile(
    r"-(?:made|supplied|built|based|led|backed|held|controlled|occupied|owned)$"
)
# "Odessa, Texas": a namesake abroad
_STATES_TEXT = """
    alabama alaska arizona arkansas california colorado connecticut delaware florida georgia
    hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts
    michigan minnesota mississippi missouri montana nebraska nevada hampshire jersey mexico york
    carolina dakota ohio oklahoma oregon pennsylvania rhode tennessee texas utah vermont virginia
    washington wisconsin wyoming ontario quebec alberta manitoba saskatchewan
"""
_STATES = frozenset(_STATES_TEXT.split())
# "the Kharkov trial of 1943": an event of history known by the old name
_EVENT_WORDS_TEXT = """
    trial trials offensive operation uprising massacre pogrom agreement accords protocol pact
    treaty congress conference process affair incident disaster famine rebellion raid siege
    ghetto deportation deportations liberation
"""
_EVENT_WORDS = frozenset(_EVENT_WORDS_TEXT.split())
_BEFORE_1991 = r"1(?:[0-8][0-9]{2}|9[0-8][0-9]|990)"  # the years 1000 to 1990
_OLD_YEAR = re.compile(rf"(?<!\d){_BEFORE_1991}(?!\d)")
# a year before 1991 standing as a year ("in 1908", "1941"), not a quantity ("1,500 troops")
_OLD_YEAR_WORD = re.compile(
    rf"(?<!since )(?<![\d,.]){_BEFORE_1991}"
    r"(?![\d,.]\d|s\b|\s*(?:km|kilomet|metre|meter|"
    r"mile|tonne|ton|troop|soldier|people|residents|civilian|drone|missile|shell|round|hryvnia|"
    r"dollar|euro|%|per))"
)
_APPOSITION = re.compile(
    r",\s+(?:\d{4},\s+)?(?:a|an|the)\s+((?:[\w'’-]+\s+){0,4}[\w'’-]+)"
)  # "Kiev, 1941, a new play": a year may stand between; "Sloviansk, past the station" is no
# apposition
_CLOSED_APPOSITION = re.compile(r",\s+[^,.;:!?]{1,80},")
# "Battle of Kiev", "Principality of Kiev": names of history, not the city today
_HISTORY_HEADS_TEXT = """
    battle battles siege treaty principality prince grand metropolitan metropolis patriarch
    patriarchate pogrom sack rus
"""
_HISTORY_HEADS = frozenset(_HISTORY_HEADS_TEXT.split())
_MENTION_WORDS_TEXT = """
    spelled spelling spelt spellings called named name renamed formerly previously once known
    transliterated transliteration rendered version form titled entitled initials acronym
    abbreviation abbreviated cyrillic
"""
_MENTION_WORDS = frozenset(_MENTION_WORDS_TEXT.split())
# words that make a whole sentence about spelling ("misspelt the city's name as Kharkov")
_SPELLING = re.compile(
    r"\b(?:mis)?spel(?:led|lings?|t)\b|\bmisspel|\btransliterat|\bthe \w+ word for\b"
    r"|\bword for\b",
    re.IGNORECASE,
)
# words that set a sentence in the time of the empire: the old name may be the right one
_CYRILLIC_NAMED = re.compile(r"\b(?:in|its|the) Cyrillic\b", re.IGNORECASE)
_EMPIRE = re.compile(
    r"\b(?:Russian Empire|tsarist|[Tt]sar\b|imperial Russia|governorate)", re.IGNORECASE
)
# what may open a sentence before its first word: quotation marks, brackets, markup marks
LEADING = " \t\"'“‘«(*_#>-"
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
# "the Minoborony Ukrainy channel", "Dnepr motorcycles": a common noun after it names a thing
_NAMED_AFTER_TEXT = """
    channel channels account accounts feed podcast website blog brand brands label motorcycle
    motorcycles motorbike motorbikes camera cameras watch watches vodka beer cigarettes perfume
    restaurant restaurants cafe café bistro hotel cake cakes torte cutlet cutlets dish
    recipe salad soup dumplings
"""
_NAMED_AFTER = frozenset(_NAMED_AFTER_TEXT.split())
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
_ACRONYM = re.compile(r"[A-Z][A-Za-z]{1,4}")
# "Slavyansk-na-Kubani", "Rostov-on-Don": a place joined to a river by a preposition
_NAMESAKE_JOIN = re.compile(r"[-‑](?:na|nad|pod|on|upon|am|an|sur|sous)[-‑]", re.IGNORECASE)
# a capitalised word (not opening the sentence) and "of", "from", "on" (the) right before:
# a name or a title built around the place
_TITLE_OF = re.compile(
    r"(?<=[\w,;:)’'\"”] )(?!(?:The|A|An|In|At|On|Of|From|To|And|But|For)\b)"
    r"[A-Z][\w'’-]+ (?:of|from|on|over)(?: the)? $"
)
# two capitalised words, the second possessive, right before: a person's work or thing
_PERSONS_WORK = re.compile(r"\b(?!(?:The|A|An|In|At|On|Of)\b)[A-Z][a-z]+ [A-Z][\w-]+['’]s $")
_JOINED_AFTER = re.compile(r"[-–—‑](?=[^\W\d_])[^\W\d_]*(?<=[^\W\d_])", re.UNICODE)
_JOINED_BEFORE = re.compile(r"[^\W\d_]+[-–—‑]$")
_TITLE_SPANS = re.compile(
    r"(?<![\w*])\*(?!\s)[^*\n]+(?<!\s)\*(?![\w*])"
    r"|(?<![\w_])_(?!\s)[^_\n]+(?<!\s)_(?![\w_])"
    r"|<(i|em|cite)\b[^>]*>.*?</\1\s*>",
    re.IGNORECASE | re.DOTALL,
)
_DEFINITION_AFTER = re.compile(r"\(([^\W\d_][\w&.-]{1,9})\)")
# "VSU, Voronezh State University, said": an abbreviation and its capitalised long form
_DEFINITION_APPOSED = re.compile(
    r"(?<![\w-])([^\W\d_][\w&.-]{1,9}),\s+((?:[A-Z][\w'’-]*\s+(?:(?:of|for|and|the)\s+)?){1,7}"
    r"[A-Z][\w'’-]*)(?=[,.;)])"
)
_DEFINITION_BEFORE = re.compile(r"(?<![\w-])([^\W\d_][\w&.-]{1,9})\s+\(([^()]{4,120})\)")


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
    return frozenset(w.casefold() for w in _WORD.findall(paragraph))


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
        title_case=_title_case(text, 2 if heading else 3),
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
    words = _WORD.findall(text)
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


def _title_case(text: str, least: int = 3) -> bool:
    """A headline in Title Case: nearly every word but the minor ones capitalised."""
    words = [w for w in _WORD.findall(text) if w.casefold() not in _MINOR_WORDS]
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
    """Why changing ``match`` (a span of ``where.text``) is not certain, or None."""
    if defined and match.text in defined:
        return f"{DEFINED} {defined[match.text]}"
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
    rule = match.concept.rule_for(match.form)
    if rule is None and not match.form.isascii() and match.concept.dnt:
        # a system's name in Cyrillic (Гепард, Град, Бук) is an ordinary word too (cheetah,
        # hail, beech): the Latin form's context decides
        rule = next((r for r in match.concept.rules if r.context), None)
    if not match.text.isascii() and where.cyrillic:
        return MENTION  # "the board shows Київ-Пасажирський in Cyrillic"
    if rule is not None and rule.suggest:
        return AMBIGUOUS
    if rule is not None and rule.context and not _has_context(rule.context, where.context):
        return NO_CONTEXT
    if rule is not None and rule.unless and _has_context(rule.unless, where.context):
        return OTHER_CONTEXT
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
        or _in_name(
            where.text, match.start, match.end, where.title_case and where.heading, where.old_year
        )
    ):
        return NAME
    if designator and _after_head(where.text, match.start):
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
    return _OLD_YEAR_WORD.search(where.text, low, high) is not None


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
    words = [w.casefold() for w in _WORD.findall(text, max(0, start - 40), start)][-4:]
    return any(w in _MENTION_WORDS for w in words)


def _after_head(text: str, start: int) -> bool:
    """A common noun that introduces a name stands right before ``start``."""
    before = list(_WORD.finditer(text, max(0, start - 40), start))
    if not before or text[before[-1].end() : start].strip():
        return False
    return before[-1].group().casefold() in _HEADS


def _given_name(text: str, start: int, previous: re.Match[str] | None) -> bool:
    """The word right before ``start`` is capitalised and part of the name (``Pavel
    Nikolaev``, ``Dynamo Kiev``): not a sentence opener, a demonym or a possessive."""
    if previous is None or text[previous.end() : start].strip() != "":
        return False
    word = previous.group()
    possessive = word.endswith(("'s", "’s", "s'", "s’"))
    describes = word.casefold() in _DEMONYMS or _PARTICIPLE.search(word) is not None
    return word[:1].isupper() and word.casefold() not in _OPENERS and not (possessive or describes)


def article_names(text: str, index: GlossaryIndex) -> frozenset[str]:
    """Proper-name forms (case-folded) that the article uses as a name somewhere: after a
    given name (``Pavel Nikolaev``), every mention is that person; before a North American
    state (``Odessa, Texas``), every mention is the namesake town."""
    names: set[str] = set()
    for match in index.find(text):
        if match.text.casefold() in names or match.concept.pos != "proper-noun":
            continue
        if not match.text[:1].isupper():
            continue
        state = re.match(r",\s+([^\W\d_]+)", text[match.end : match.end + 40])
        if state is not None and state.group(1).casefold() in _STATES:
            names.add(match.text.casefold())
            continue
        before = list(_WORD.finditer(text, max(0, match.start - 80), match.start))
        previous = before[-1] if before else None
        if not _given_name(text, match.start, previous):
            continue
        assert previous is not None
        # a given name inside the sentence; a capitalised word opening a sentence (Dynamo
        # Kiev won) or a headline may be a club or a title, not a person
        opening = text[max(0, previous.start() - 3) : previous.start()]
        if re.search(r"(?:^|[.!?:]\s*|\n\s*|[“\"‘(]\s*)$", opening):
            continue
        # the line around it, at most 200 characters each side (linear on a long line)
        low, high = max(0, match.start - 200), min(len(text), match.end + 200)
        line = text[max(low, text.rfind("\n", low, match.start) + 1) : match.end]
        end = text.find("\n", match.end, high)
        line += text[match.end : end if end >= 0 else high]
        if not _title_case(line):
            names.add(match.text.casefold())
    return frozenset(names)


def _in_name(
    text: str, start: int, end: int, title_case: bool = False, old_year: bool = False
) -> bool:
    """Whether ``text[start:end]`` sits inside a longer capitalised name.

    A capitalised word joined by a hyphen or dash (``Lvov–Sandomierz``)
    belongs to the name, which is then judged whole.  In a Title Case
    headline only the signs that do not rest on capitals count (``-class``,
    ``Battle of``).  ``old_year``: the sentence names a year before 1991, which
    makes ``the Kharkov trial`` an event of history.
    """
    after = text[end : end + 7].casefold()
    if after.startswith(("-class", "‑class")):
        return True
    if _NAMESAKE_JOIN.match(text, end):
        return True  # "Slavyansk-na-Kubani", "Rostov-on-Don": another town
    if _TITLE_OF.search(text, max(0, start - 60), start):
        return True  # "The Great Gate of Kiev", "Postcards from Lvov", "Night on the Dnieper"
    while True:
        joined = _JOINED_AFTER.match(text, end)
        if joined is None:
            break
        end = joined.end()
    while True:
        joined = _JOINED_BEFORE.search(text, max(0, start - 60), start)
        if joined is None:
            break
        start = joined.start()
    before_words = list(_WORD.finditer(text, max(0, start - 80), start))
    previous = before_words[-1] if before_words else None
    if not title_case and _given_name(text, start, previous):
        return True
    if not title_case and _PERSONS_WORK.search(text, max(0, start - 60), start):
        return True  # "Sergei Loznitsa’s Donbass": a person's work
    adjacent = previous is not None and text[previous.end() : start].strip() == ""
    if adjacent and previous is not None and previous.group().casefold() in _HEADS:
        return True
    if adjacent and previous is not None and len(before_words) > 1:
        noun, word = before_words[-2], previous.group()
        between = text[noun.end() : previous.start()].strip() == ""
        ship = noun.group().casefold() in _NAMING_HEADS
        if between and ship and word.islower() and word not in _OPENERS:
            return True  # "the destroyer leader Kharkov", "the cruiser class Kiev"
    if previous is not None and previous.group().casefold() == "of":
        head = before_words[-2] if len(before_words) > 1 else None
        gap = text[previous.end() : start].strip() == ""
        if gap and head is not None and head.group().casefold() in _HISTORY_HEADS:
            return head.group()[:1].isupper()
    rest = text[end : end + 120]
    state = re.match(r",\s+([^\W\d_]+)", rest)
    if state is not None and state.group(1).casefold() in _STATES:
        return True  # a namesake town in North America
    apposition = _APPOSITION.match(rest)
    if apposition is not None:
        words = {w.casefold() for w in re.findall(r"[\w'’-]+", apposition.group(1))}
        if words & _NAMING_HEADS:
            return True  # "Izyum, a family bakery", "the Kharkov, a Soviet destroyer"
        if words & _ROLES and _CLOSED_APPOSITION.match(rest):
            return True  # "Nikolaev, a choreographer from Perm, said"
    if re.match(r" \d", rest):
        return True  # "Krym 24": a name with a number
    named = _WORD.match(text, end + 1) if text[end : end + 1] == " " else None
    if named is not None and named.group().casefold() in _NAMED_AFTER:
        return True  # "the Minoborony Ukrainy channel", "Dnepr motorcycles"
    event = _WORD.match(text, end + 1) if text[end : end + 1] == " " else None
    historic = event is not None and event.group().casefold() in _EVENT_WORDS
    if historic and old_year:
        return True  # "the Kharkov trial of December 1943"
    if title_case:
        return False
    following = _WORD.match(text, end + 1) if text[end : end + 1] == " " else None
    if following is not None and not text[start:end].isupper():
        word = following.group()
        if word[:1].isupper() and word.casefold() not in _PLACE_WORDS:
            return True
    return False
