"""Whether a glossary match is part of a longer name, or the article uses it as one.

The signs (:mod:`transpipe.terms.sense` lists them with the other reasons to
hold back): a capitalised word right before it that does not open the
sentence, one right after it other than a word that keeps the place, ``Battle
of …``, ``…-class``, a common noun that introduces a name or an apposition
that says what the name is, a North American state after it, an event of a
year before 1991, a common noun after it that names a thing.
:func:`article_names` finds the forms an article uses as names anywhere.
"""

from __future__ import annotations

import re

from transpipe.terms.glossary import GlossaryIndex
from transpipe.terms.passage import WORD, title_case

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
# "the Minoborony Ukrainy channel", "Dnepr motorcycles": a common noun after it names a thing
_NAMED_AFTER_TEXT = """
    channel channels account accounts feed podcast website blog brand brands label motorcycle
    motorcycles motorbike motorbikes camera cameras watch watches vodka beer cigarettes perfume
    restaurant restaurants cafe café bistro hotel cake cakes torte cutlet cutlets dish
    recipe salad soup dumplings
"""
_NAMED_AFTER = frozenset(_NAMED_AFTER_TEXT.split())
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


def after_head(text: str, start: int) -> bool:
    """A common noun that introduces a name stands right before ``start``."""
    before = list(WORD.finditer(text, max(0, start - 40), start))
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
        before = list(WORD.finditer(text, max(0, match.start - 80), match.start))
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
        if not title_case(line):
            names.add(match.text.casefold())
    return frozenset(names)


def in_name(
    text: str, start: int, end: int, headline: bool = False, old_year: bool = False
) -> bool:
    """Whether ``text[start:end]`` sits inside a longer capitalised name.

    A capitalised word joined by a hyphen or dash (``Lvov–Sandomierz``)
    belongs to the name, which is then judged whole.  In a Title Case
    ``headline`` only the signs that do not rest on capitals count
    (``-class``, ``Battle of``).  ``old_year``: the sentence names a year
    before 1991, which makes ``the Kharkov trial`` an event of history.
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
    before = _named_by_what_precedes(text, start, headline)
    if before is not None:
        return before
    return _named_by_what_follows(text, start, end, headline, old_year)


def _named_by_what_precedes(text: str, start: int, headline: bool) -> bool | None:
    """Whether the words before ``start`` make it part of a name: True or False when
    they decide (``Battle of Kiev``, ``battle of Kiev``), None when they do not."""
    before_words = list(WORD.finditer(text, max(0, start - 80), start))
    previous = before_words[-1] if before_words else None
    if not headline and _given_name(text, start, previous):
        return True
    if not headline and _PERSONS_WORK.search(text, max(0, start - 60), start):
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
    return None


def _named_by_what_follows(text: str, start: int, end: int, headline: bool, old_year: bool) -> bool:
    """Whether the words after ``end`` make ``text[start:end]`` part of a name."""
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
    following = WORD.match(text, end + 1) if text[end : end + 1] == " " else None
    if following is not None and following.group().casefold() in _NAMED_AFTER:
        return True  # "the Minoborony Ukrainy channel", "Dnepr motorcycles"
    historic = following is not None and following.group().casefold() in _EVENT_WORDS
    if historic and old_year:
        return True  # "the Kharkov trial of December 1943"
    if headline:
        return False
    if following is not None and not text[start:end].isupper():
        word = following.group()
        if word[:1].isupper() and word.casefold() not in _PLACE_WORDS:
            return True
    return False
