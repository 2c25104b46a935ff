"""Approved glossary equivalents in machine output: translate, verify, steer.

Terms are never pasted in citation form into a sentence that must inflect
them.  A segment goes to the engine with only inline markup and invariant
terms as placeholders (``{n}``: digits and braces, which SentencePiece and
Apertium keep), so the engine inflects and places every other word itself.
Invariant terms are do-not-translate terms and an abbreviation in
parentheses right after its own term (``Armed Forces of Ukraine (AFU)``),
which takes the target language's abbreviation or, where the language has
none, is left out, so the full equivalent is never written twice.  An
abbreviation inside ``<abbr>`` with no target abbreviation stays as written.

Every other term is then looked for in the output: any accepted equivalent,
inflected (:func:`contains_term`).  In ``enforce`` mode a segment with a
missing term goes to the engine once more, *steered* (:func:`steer`): each
missing term whose gender and number are known (the glossary's grammar tags,
or the engine's own analyser) is replaced in the English by a stand-in noun
whose translation has that gender and number; the engine inflects and places
the stand-in, agreeing articles and adjectives with it, and the stand-in's
translation is swapped for the approved equivalent (pluralised where the
stand-in came out plural).  Invariant equivalents (abbreviations, proper
names in languages that do not decline them) are steered with a placeholder
instead.  A steered segment is kept only if every stand-in came back exactly
once; otherwise the free translation stays and the term is flagged for the
reviewer.  ``check`` mode translates freely and verifies.  Terms whose sense
is in doubt in the segment (a longer name, a title, a missing context word;
see :mod:`transpipe.terms.sense`) are left to the engine.  No placeholder ever
reaches the output.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from transpipe.core.notes import (
    FLAG_MISSING,
    FLAG_NOT_ENFORCED,
    FLAG_STEERED,
    TermNote,
    format_term_note,
)
from transpipe.document.inline import Protected, protect, restore
from transpipe.terms.glossary import GlossaryIndex, Match, is_abbreviation
from transpipe.terms.sense import QUOTATION, doubt, passage

_PLACEHOLDER = re.compile(r"\{(\d+)\}")
_ABBR_TAG = re.compile(r"<abbr\b", re.IGNORECASE)

# Stand-in English nouns by the gender of their usual translation, per target language.
# Each is a concrete, frequent noun that engines translate by one word of that gender.
SURROGATES: dict[str, dict[str, tuple[tuple[str, str], ...]]] = {
    "es": {"m": (("book", "books"), ("tree", "trees")), "f": (("house", "houses"), ("window", "windows"))},
    "ca": {"m": (("book", "books"), ("tree", "trees")), "f": (("house", "houses"), ("window", "windows"))},
    "fr": {"m": (("book", "books"), ("tree", "trees")), "f": (("house", "houses"), ("window", "windows"))},
    "it": {"m": (("book", "books"), ("tree", "trees")), "f": (("house", "houses"), ("window", "windows"))},
    "pt": {"m": (("book", "books"), ("car", "cars")), "f": (("house", "houses"), ("window", "windows"))},
    "de": {
        "m": (("tree", "trees"), ("table", "tables")),
        "f": (("door", "doors"), ("lamp", "lamps")),
        "n": (("book", "books"), ("house", "houses")),
    },
}  # fmt: skip
# languages that decline nouns by case: a steered equivalent would stand in the wrong case
CASE_LANGUAGES = frozenset({"pl", "uk", "ru", "be", "cs", "sk", "sl", "hr", "sr", "bs", "lt", "lv", "fi", "et", "hu", "el", "tr"})  # fmt: skip

# part of the machine memory's key: raise when what a segment's output depends on changes
STEERING = "steer-1"

FOUND = "found"
ENFORCED = "enforced"
STEERED = "steered"
MISSING = "missing"
NOT_ENFORCED = "not-enforced"
# how each status is flagged in the term's note: found and enforced terms need no flag
_NOTE_FLAGS = {
    FOUND: "",
    ENFORCED: "",
    STEERED: FLAG_STEERED,
    MISSING: FLAG_MISSING,
    NOT_ENFORCED: FLAG_NOT_ENFORCED,
}


@dataclass(frozen=True, slots=True)
class TermUse:
    """A glossary term of a segment and what became of it in one language."""

    concept_id: str
    source: str
    target: str
    status: str  # found, enforced, steered, missing, not-enforced
    stand_in: str = ""  # the stand-in's translation a steered term replaced

    def note(self) -> str:
        """The reviewer note for the term (:func:`transpipe.core.notes.format_term_note`)."""
        flag = _NOTE_FLAGS[self.status]
        return format_term_note(
            TermNote(self.source, self.target, self.concept_id, flag, self.stand_in)
        )


@dataclass(frozen=True, slots=True)
class Term:
    """A glossary term in a segment and what the target language accepts for it.

    ``start``/``end`` index the segment's protected text; ``target`` is what
    steering puts in (the target abbreviation for an abbreviation, else the
    first equivalent); ``placeholder`` is set for a term protected from the
    start; ``grammar`` gives the target's gender and number tags.
    """

    match: Match
    start: int
    end: int
    accepted: tuple[str, ...]
    target: str
    grammar: str = ""
    placeholder: int | None = None


@dataclass(frozen=True, slots=True)
class Prepared:
    """A segment ready for the engine: placeholders and the terms behind them.

    ``cuts`` are the spans of ``inline.text`` replaced in ``text``
    (placeholders of protected terms, dropped abbreviations): steering
    starts from them.
    """

    source: str
    inline: Protected
    text: str
    tokens: tuple[str, ...]
    terms: tuple[Term, ...]
    cuts: tuple[tuple[int, int, str], ...] = ()

    @property
    def plain(self) -> str:
        """The segment with only inline markup protected and dropped text left out."""
        return _compose(self.inline.text, [c for c in self.cuts if c[2] == ""])


@dataclass(frozen=True, slots=True)
class Finished:
    """Machine output for one segment with its glossary report."""

    text: str
    terms: tuple[TermUse, ...]
    retry: bool  # the engine broke a term placeholder: translate without them


def _compose(text: str, cuts: Sequence[tuple[int, int, str]]) -> str:
    pieces: list[str] = []
    pos = 0
    for start, end, new in sorted(cuts):
        pieces += (text[pos:start], new)
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces)


def _in_parentheses_after(text: str, match: Match, previous: Match | None) -> bool:
    """``TERM (ABBR)``: the abbreviation spells out nothing new."""
    if previous is None or previous.concept.id != match.concept.id:
        return False
    between = text[previous.end : match.start]
    return between.strip() == "(" and text[match.end : match.end + 1] == ")"


def _in_abbr_element(protected: Protected, match: Match) -> bool:
    before = re.search(r"\{(\d+)\}\s*$", protected.text[: match.start])
    if before is None:
        return False
    number = int(before.group(1))
    return 1 <= number <= len(protected.tokens) and bool(
        _ABBR_TAG.match(protected.tokens[number - 1])
    )


def prepare(source: str, index: GlossaryIndex | None, language: str) -> Prepared:
    """Protect inline markup and invariant terms; list every term with its equivalents."""
    inline = protect(source)
    if index is None:
        return Prepared(source, inline, inline.text, inline.tokens, ())
    tokens = list(inline.tokens)
    terms: list[Term] = []
    cuts: list[tuple[int, int, str]] = []
    where = passage(inline.text)
    previous: Match | None = None
    for match in index.find(inline.text):
        concept = match.concept
        accepted = concept.equivalents(language)
        last, previous = previous, match
        if not accepted:
            continue
        reason = doubt(match, where)
        if reason is not None and reason != QUOTATION and not concept.dnt:
            continue  # a name, a title, a form without its context: the engine's to translate
        abbreviation = concept.target_abbreviation(language)
        dnt_here = concept.dnt and not any(code == language for code, _ in concept.targets)
        if match.kind == "abbr" and _in_parentheses_after(inline.text, match, last):
            if terms and terms[-1].match is last:  # the term must be spelled out before it
                spelled = tuple(v for v in terms[-1].accepted if not is_abbreviation(v))
                terms[-1] = dataclasses.replace(terms[-1], accepted=spelled or terms[-1].accepted)
            if abbreviation is None:  # "Streitkräfte der Ukraine" once, not twice
                start = inline.text.rindex("(", 0, match.start)
                while start > 0 and inline.text[start - 1] == " ":
                    start -= 1
                cuts.append((start, match.end + 1, ""))
                continue
            fixed: str | None = abbreviation
        elif match.kind == "abbr" and abbreviation is None and _in_abbr_element(inline, match):
            fixed = match.text  # <abbr>AFU</abbr>: an abbreviation stays one
        elif dnt_here:
            fixed = match.text  # kept as written in the source
        elif concept.dnt:
            fixed = accepted[0]
        else:
            fixed = None
        target = abbreviation if match.kind == "abbr" and abbreviation else accepted[0]
        if fixed is not None:
            tokens.append(fixed)
            cuts.append((match.start, match.end, f"{{{len(tokens)}}}"))
            terms.append(
                Term(match, match.start, match.end, (fixed, *accepted), fixed, "", len(tokens))
            )
            continue
        grammar = concept.grammar_of(language, target)
        terms.append(Term(match, match.start, match.end, accepted, target, grammar))
    return Prepared(
        source, inline, _compose(inline.text, cuts), tuple(tokens), tuple(terms), tuple(cuts)
    )


_EQUIVALENT_CHARS = str.maketrans({"ё": "е", "Ё": "Е", "ʼ": "'", "’": "'", "‘": "'"})


def _fold(text: str) -> str:
    """Accents and Russian ё folded, Ukrainian apostrophes made one; case kept."""
    decomposed = unicodedata.normalize("NFD", text.translate(_EQUIVALENT_CHARS))
    # accents move when words inflect (avión, aviones): compare without them,
    # but keep the Cyrillic breve and diaeresis that make other letters (й, ї)
    kept = "".join(
        c
        for i, c in enumerate(decomposed)
        if not (unicodedata.combining(c) and i > 0 and decomposed[i - 1] < "\u0400")
    )
    return unicodedata.normalize("NFC", kept)


def _norm(text: str) -> str:
    return _fold(text).casefold()


def contains_term(output: str, target: str) -> bool:
    """Whether ``target`` occurs in ``output``, allowing inflected word endings.

    Accents do not count (a plural may move the accent: ``avión``,
    ``aviones``), nor does case, except that a capital inside the equivalent
    (``Unión Europea``) must be a capital in the output.  Each word of the
    equivalent must start a word of the output in order; words longer than
    four letters may lose up to two final letters (so Polish ``obrona
    powietrzna`` is found in ``obrony powietrznej``).
    """
    words = re.findall(r"\w+", _fold(target))
    if not words:
        return True
    parts = []
    for position, word in enumerate(words):
        stem = word if len(word) <= 4 else word[: max(4, len(word) - 2)]
        if position > 0 and stem[:1].isupper() and not word.isupper():
            parts.append(f"(?-i:{re.escape(stem[0])}){re.escape(stem[1:])}")
        else:
            parts.append(re.escape(stem))
    pattern = r"(?<!\w)" + r"\w*\W+".join(parts)
    return re.search(pattern, _fold(output), re.IGNORECASE) is not None


def contains_any(output: str, accepted: Sequence[str]) -> bool:
    """Whether any accepted equivalent occurs in ``output`` (see :func:`contains_term`)."""
    return any(contains_term(output, value) for value in accepted)


def _placeholders_intact(output: str, prepared: Prepared) -> bool:
    counts: dict[int, int] = {}
    for found in _PLACEHOLDER.finditer(output):
        number = int(found.group(1))
        counts[number] = counts.get(number, 0) + 1
    numbers = {t.placeholder for t in prepared.terms if t.placeholder is not None}
    return all(counts.get(n, 0) == 1 for n in numbers) and all(
        n <= len(prepared.tokens) for n in counts
    )


def finish(output: str, prepared: Prepared) -> Finished:
    """Put markup and invariant terms back into the engine's output and report terms."""
    protected = any(t.placeholder is not None for t in prepared.terms)
    if protected and not _placeholders_intact(output, prepared):
        return Finished("", (), retry=True)
    text = restore(output, prepared.tokens).text
    return Finished(text, tuple(_report(text, prepared.terms)), retry=False)


def _report(text: str, terms: Sequence[Term], missing: str = MISSING) -> list[TermUse]:
    uses = []
    for term in terms:
        if term.placeholder is not None:
            status = ENFORCED
        else:
            status = FOUND if contains_any(text, term.accepted) else missing
        uses.append(TermUse(term.match.concept.id, term.match.text, term.target, status))
    return uses


def finish_unprotected(output: str, prepared: Prepared) -> Finished:
    """Report for a segment re-translated after the engine broke its term placeholders."""
    text = restore(output, prepared.inline.tokens).text
    return Finished(text, tuple(_report(text, prepared.terms, NOT_ENFORCED)), retry=False)


# -- steering --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StandIn:
    """One missing term's stand-in in a steered segment."""

    term: Term  # the segment's term (one of ``Prepared.terms``)
    word: str  # the English stand-in as written into the segment
    pluralise: bool  # the equivalent must be made plural when swapped in
    gender: str = ""


@dataclass(frozen=True, slots=True)
class Steered:
    """A segment re-written for a second engine pass, and what to swap back."""

    text: str
    tokens: tuple[str, ...]
    stand_ins: tuple[StandIn, ...]
    placed: tuple[tuple[Term, int], ...]  # missing invariant terms and their placeholder


def _steerable_grammar(tags: str, language: str) -> tuple[str, bool] | None:
    """(gender, plural) of an equivalent if a stand-in can carry it, else None."""
    words = tags.split()
    genders = [t for t in words if t in ("m", "f", "n")]
    if len(genders) != 1 or genders[0] not in SURROGATES.get(language, {}):
        return None
    return genders[0], "pl" in words


def steer(
    prepared: Prepared,
    finished: Finished,
    language: str,
    grammar: Mapping[str, str] | None = None,
) -> Steered | None:
    """The segment with its missing terms replaced by stand-ins, or None if none can be.

    ``grammar`` gives gender and number tags for equivalents the glossary
    does not tag (from the engine's analyser).
    """
    if language in CASE_LANGUAGES or finished.retry:
        return None
    missing = {u.concept_id for u in finished.terms if u.status == MISSING}
    cuts = list(prepared.cuts)
    tokens = list(prepared.tokens)
    stand_ins: list[StandIn] = []
    placed: list[tuple[Term, int]] = []
    taken = {w.casefold() for w in re.findall(r"\w+", prepared.inline.text)}
    for term in prepared.terms:
        if term.placeholder is not None or term.match.concept.id not in missing:
            continue
        tags = term.grammar or (grammar or {}).get(term.target, "")
        known = _steerable_grammar(tags, language)
        one_word_name = (
            term.match.concept.pos == "proper-noun"
            and " " not in term.target.strip()
            and not is_abbreviation(term.target)
        )
        if known is not None and not one_word_name:
            gender, plural_term = known
            plural = plural_term or term.match.plural
            if (
                term.match.plural
                and not plural_term
                and pluralise_target(term.target, language, gender) is None
            ):
                continue
            choice = next(
                (pair for pair in SURROGATES[language][gender] if not taken & {pair[0], pair[1]}),
                None,
            )
            if choice is None:
                continue
            taken.update(choice)
            word = choice[1] if plural else choice[0]
            if term.match.text[:1].isupper() and term.start == 0:
                word = word.capitalize()
            cuts.append((term.start, term.end, word))
            stand_ins.append(StandIn(term, word, term.match.plural and not plural_term, gender))
        elif is_abbreviation(term.target) or one_word_name:
            tokens.append(term.target)  # invariant: an abbreviation or a one-word name
            cuts.append((term.start, term.end, f"{{{len(tokens)}}}"))
            placed.append((term, len(tokens)))
    if not stand_ins and not placed:
        return None
    return Steered(
        _compose(prepared.inline.text, cuts), tuple(tokens), tuple(stand_ins), tuple(placed)
    )


def _words(text: str) -> list[re.Match[str]]:
    return list(re.finditer(r"\w+(?:['’]\w+)?", text))


def finish_steered(
    output: str,
    steered: Steered,
    prepared: Prepared,
    free: Finished,
    translations: Mapping[str, str],
    language: str,
) -> Finished:
    """Swap the stand-ins' translations for the approved equivalents, or keep ``free``.

    ``translations`` maps each English stand-in word to the engine's
    translation of it alone.
    """
    if any(len(re.findall(rf"\{{{n}\}}", output)) != 1 for _, n in steered.placed):
        return free
    swaps: list[tuple[int, int, str]] = []
    replaced: dict[int, str] = {}  # id of a term -> the stand-in translation it replaced
    for stand_in in steered.stand_ins:
        needle = _norm(translations.get(stand_in.word.casefold(), ""))
        hits = [w for w in _words(output) if needle and _inflects(_norm(w.group()), needle)]
        if len(hits) != 1:
            return free
        hit = hits[0]
        value = stand_in.term.target
        if stand_in.pluralise:
            value = pluralise_target(value, language, stand_in.gender) or value
        if hit.group()[:1].isupper() and value[:1].islower() and _starts_sentence(output, hit):
            value = value[:1].upper() + value[1:]
        swaps.append((hit.start(), hit.end(), value))
        replaced[id(stand_in.term)] = hit.group()
    text = restore(_compose(output, swaps), steered.tokens).text
    placed = {id(term) for term, _ in steered.placed}
    uses = []
    for use, term in zip(free.terms, prepared.terms):
        if id(term) in replaced:
            status, stand_in_text = STEERED, replaced[id(term)]
        elif id(term) in placed:
            status, stand_in_text = ENFORCED, ""
        elif use.status in (FOUND, MISSING):
            status = FOUND if contains_any(text, term.accepted) else MISSING
            stand_in_text = ""
        else:
            status, stand_in_text = use.status, use.stand_in
        uses.append(TermUse(use.concept_id, use.source, use.target, status, stand_in_text))
    return Finished(text, tuple(uses), retry=False)


def _inflects(word: str, needle: str) -> bool:
    """``word`` is the stand-in's translation, perhaps with a case ending (``Baumes``)."""
    return word.startswith(needle) and len(word) - len(needle) <= 2


def _starts_sentence(text: str, word: re.Match[str]) -> bool:
    before = text[: word.start()].rstrip(" \"'“‘«¿¡([")
    return not before or before[-1] in ".!?:"


# -- plural forms of equivalents ---------------------------------------------------

_FUNCTION_WORDS = frozenset(
    [
        "de",
        "del",
        "della",
        "delle",
        "dei",
        "degli",
        "di",
        "da",
        "dal",
        "dalla",
        "des",
        "du",
        "d'",
        "en",
        "a",
        "à",
        "al",
        "als",
        "als",
        "per",
        "para",
        "por",
        "contra",
        "con",
        "amb",
        "sur",
        "pour",
        "contre",
        "von",
        "der",
        "die",
        "das",
        "des",
        "für",
        "gegen",
        "zur",
        "zum",
    ]
)
_ES_ACCENTS = str.maketrans("áéíóú", "aeiou")


def _plural_word(word: str, language: str, gender: str) -> str:
    lower = word.casefold()
    if language == "es":
        if lower.endswith("z"):
            return word[:-1] + "ces"
        if re.search(r"[áéíóú][ns]$", lower):
            return word[:-2] + word[-2:].translate(_ES_ACCENTS) + "es"
        if lower[-1] in "aeiouáéó":
            return word + "s"
        if lower.endswith(("s", "x")):
            return word
        return word + "es"
    if language == "ca":
        for end, plural in (("ca", "ques"), ("ga", "gues"), ("ça", "ces"), ("ja", "ges"), ("gua", "gües"), ("qua", "qües")):  # fmt: skip
            if lower.endswith(end):
                return word[: -len(end)] + plural
        if lower.endswith("a"):
            return word[:-1] + "es"
        if re.search(r"[àéèíóòú]$", lower):
            return word[:-1] + unicodedata.normalize("NFD", word[-1])[0] + "ns"
        if lower.endswith(("s", "x", "ç", "ix")):
            return word + "os"
        return word + "s"
    if language == "fr":
        if lower.endswith(("s", "x", "z")):
            return word
        if lower.endswith(("eau", "au", "eu")):
            return word + "x"
        if lower.endswith("al") and len(lower) > 3:
            return word[:-2] + "aux"
        return word + "s"
    if language == "it":
        if lower.endswith(("ca", "ga")):  # la minaccia, le minacce; il collega, i colleghi
            return word[:-1] + ("he" if gender == "f" else "hi")
        if lower.endswith("io"):
            return word[:-1]
        if lower.endswith("a"):
            return word[:-1] + ("e" if gender == "f" else "i")
        if lower.endswith(("o", "e")):
            return word[:-1] + "i"
        return word
    if language == "pt":
        if lower.endswith("ão"):
            return word[:-2] + "ões"
        if lower.endswith("m"):
            return word[:-1] + "ns"
        if lower[-1] in "aeiou":
            return word + "s"
        if lower.endswith(("r", "z", "s")):
            return word + "es"
        return word + "s"
    return word


def pluralise_target(value: str, language: str, gender: str = "") -> str | None:
    """The plural of an equivalent in a Romance language, or None where not known.

    Words up to the first preposition are pluralised (the head noun and its
    adjectives: ``misil balístico`` -> ``misiles balísticos``, ``sistema de
    defensa`` -> ``sistemas de defensa``); abbreviations stay as they are.
    """
    if language not in ("es", "ca", "fr", "it", "pt"):
        return None
    if is_abbreviation(value):
        return value
    words = value.split(" ")
    out = []
    for i, word in enumerate(words):
        if i > 0 and word.casefold() in _FUNCTION_WORDS:
            out += words[i:]
            break
        out.append(_plural_word(word, language, gender) if word[:1].isalpha() else word)
    return " ".join(out)


def term_notes(uses: Sequence[TermUse]) -> list[str]:
    """Reviewer comments for a segment's glossary terms, one per distinct term."""
    return list(dict.fromkeys(use.note() for use in uses))
