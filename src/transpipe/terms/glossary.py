"""The glossary model and its matching: concepts, layered glossaries, forms found in text.

A glossary is a list of concepts; each has a canonical English term, accepted
abbreviations and variants, deprecated forms, flags, a note and approved
equivalents per target language (format: ``glossary/README.md``).  The files
that hold them are read and written elsewhere in this wing: ``gloss_format``
(``.gloss`` records), ``tbx`` and ``csv_format`` (exchange with CAT tools and
MT services), ``glossary_io`` (loading and layering files of any of these);
``validate`` finds clashing forms and missing languages.

Matching is whole-word and longest-match-first over word tokens: every form
is tokenized and folded (NFC, look-alike letters folded, Cyrillic romanised,
case folded unless the concept is case-sensitive) into a tuple key; English
plurals of a form's last word are indexed too, and possessives need nothing
special because ``'s`` is its own token.  Text inside URLs, e-mail addresses,
Markdown code spans and link targets is never matched.  Lookup costs one dict
probe per candidate length per token, independent of the glossary's size.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from transpipe.core.errors import TranspipeError
from transpipe.text.scripts import fold, scripts_in
from transpipe.text.spans import EMAIL_AT_RUN, URL, emails_after

FORM_KINDS = ("term", "abbr", "variant", "deprecated")
FLAGS = ("dnt", "case-sensitive", "foreign-ok")
GRAMMAR_TAGS = ("m", "f", "n", "pl", "sg")
POS = ("noun", "proper-noun", "verb", "adjective", "adverb", "phrase")
# what a concept id and a target-language code may be, in every file format
CONCEPT_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$")


class GlossaryError(TranspipeError):
    """A glossary file cannot be read or is malformed."""


# the control characters a glossary may not hold, in any of its formats (tab is allowed)
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def claim_id(seen: dict[str, int], concept_id: str, line: int, path: str) -> None:
    """Note that ``concept_id`` is defined on ``line``; a second definition is refused."""
    if concept_id in seen:
        raise GlossaryError(
            f"concept id {concept_id!r} already used on line {seen[concept_id]}",
            path=path,
            line=line,
        )
    seen[concept_id] = line


@dataclass(frozen=True, slots=True)
class FormRule:
    """Conditions on some English forms of a concept (a ``rule:`` line).

    ``exact_case``: the forms match only as written; ``suggest``: a match is
    only ever a suggestion, never a rewrite; ``context``: a rewrite needs one
    of these words in the same paragraph, else the match is a suggestion;
    ``unless``: none of these words may be in the paragraph.
    """

    forms: tuple[str, ...]
    exact_case: bool = False
    suggest: bool = False
    context: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()

    def format(self) -> str:
        conditions = [
            *(["exact-case"] if self.exact_case else []),
            *(["suggest"] if self.suggest else []),
            *([f"context({' '.join(self.context)})"] if self.context else []),
            *([f"unless({' '.join(self.unless)})"] if self.unless else []),
        ]
        return f"{' | '.join(self.forms)} = {', '.join(conditions)}"


_RULE_CONDITION = re.compile(r"\s*(exact-case|suggest|(context|unless)\(([^()]*)\))\s*(?:,|$)")


def parse_rule(value: str) -> FormRule:
    """A ``rule:`` value: ``FORM | FORM = condition, condition``; ValueError if malformed."""
    forms_text, sep, conditions_text = value.rpartition(" = ")
    forms = tuple(unicodedata.normalize("NFC", f) for f in split_values(forms_text))
    if not sep or not forms:
        raise ValueError("expected 'FORM | FORM = condition, ...'")
    exact_case = suggest = False
    context: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    pos = 0
    text = conditions_text.strip()
    while pos < len(text):
        found = _RULE_CONDITION.match(text, pos)
        if found is None:
            raise ValueError(
                f"unknown condition {text[pos:].split(',')[0].strip()!r}; known: exact-case, "
                "suggest, context(WORD WORD ...), unless(WORD WORD ...)"
            )
        if found.group(1) == "exact-case":
            exact_case = True
        elif found.group(1) == "suggest":
            suggest = True
        else:
            words = tuple(w.casefold() for w in found.group(3).split())
            if not words:
                raise ValueError(f"{found.group(2)}() needs at least one word")
            if found.group(2) == "context":
                context = words
            else:
                unless = words
        pos = found.end()
    if not (exact_case or suggest or context or unless):
        raise ValueError("a rule needs at least one condition")
    return FormRule(forms, exact_case, suggest, context, unless)


def check_rule_forms(rule: FormRule, forms: Iterable[str]) -> None:
    """ValueError if ``rule`` names a form that is not among the concept's ``forms``."""
    known = set(forms)
    for form in rule.forms:
        if form not in known:
            raise ValueError(f"rule names {form!r}, which is not a form of this concept")


_GRAMMAR = re.compile(r"\s*\{([a-z ]+)\}\s*$")


def split_grammar(value: str) -> tuple[str, str]:
    """``Unión Europea {f}`` -> (``Unión Europea``, ``f``); ValueError for unknown tags."""
    found = _GRAMMAR.search(value)
    if found is None:
        return value, ""
    tags = found.group(1).split()
    for tag in tags:
        if tag not in GRAMMAR_TAGS:
            raise ValueError(f"unknown grammar tag {tag!r}; known: {', '.join(GRAMMAR_TAGS)}")
    return value[: found.start()].rstrip(), " ".join(tags)


@dataclass(frozen=True, slots=True)
class Concept:
    """One glossary concept; ``targets`` maps a language to its approved equivalents."""

    id: str
    term: str
    abbreviations: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()
    deprecated: tuple[str, ...] = ()
    pos: str = ""
    note: str = ""
    dnt: bool = False
    case_sensitive: bool = False
    foreign_ok: bool = False
    targets: tuple[tuple[str, tuple[str, ...]], ...] = ()
    path: str = ""
    line: int = 0
    rules: tuple[FormRule, ...] = ()
    # (language, equivalent, tags): gender and number of an equivalent, e.g. ("es", "UE", "f")
    grammar: tuple[tuple[str, str, str], ...] = ()

    def rule_for(self, form: str) -> FormRule | None:
        """The conditions on ``form`` (as written in the glossary), or None."""
        for rule in self.rules:
            if form in rule.forms:
                return rule
        return None

    def grammar_of(self, language: str, equivalent: str) -> str:
        """Gender and number tags of an equivalent (``f``, ``m pl``), or ``""``."""
        for code, value, tags in self.grammar:
            if code == language and value == equivalent:
                return tags
        return ""

    def target_abbreviation(self, language: str) -> str | None:
        """An accepted equivalent in ``language`` that is an abbreviation (``ЗСУ``, ``UE``)."""
        for value in self.equivalents(language):
            if is_abbreviation(value):
                return value
        return None

    def equivalents(self, language: str) -> tuple[str, ...]:
        """Approved equivalents in ``language``; for do-not-translate terms, the term."""
        for code, values in self.targets:
            if code == language:
                return values
        return (self.term,) if self.dnt else ()

    def approved(self, language: str) -> str | None:
        """The equivalent to enforce in ``language``, or None if there is none."""
        values = self.equivalents(language)
        return values[0] if values else None

    def forms(self) -> Iterable[tuple[str, str]]:
        """``(kind, text)`` for every English form of the concept."""
        yield "term", self.term
        for kind, values in (
            ("abbr", self.abbreviations),
            ("variant", self.variants),
            ("deprecated", self.deprecated),
        ):
            for value in values:
                yield kind, value

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(code for code, _ in self.targets)


@dataclass(frozen=True, slots=True)
class Glossary:
    """Concepts in effect after layering; ``version`` changes whenever any content does."""

    concepts: tuple[Concept, ...]
    sources: tuple[str, ...] = ()
    version: str = ""

    def get(self, concept_id: str) -> Concept | None:
        for concept in self.concepts:
            if concept.id == concept_id:
                return concept
        return None

    def __len__(self) -> int:
        return len(self.concepts)


def is_abbreviation(text: str) -> bool:
    """One word with two or more capitals and no lower-case run (``EU``, ``ЗСУ``, ``EUMC``)."""
    if not text or any(c.isspace() for c in text):
        return False
    letters = [c for c in text if c.isalpha()]
    capitals = sum(1 for c in letters if c.isupper())
    return capitals >= 2 and capitals * 2 > len(letters)


def split_values(value: str) -> list[str]:
    """The values of a list field (``a | b``), trimmed, empty ones left out."""
    return [v.strip() for v in value.split(" | ") if v.strip()]


# -- matching --------------------------------------------------------------------

_TOKEN = re.compile(r"[\w\u0300-\u036f]+|[^\w\s]")
_PUNCT_FOLD = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
EXCLUDED_PATTERN = re.compile(
    r"`+[^`]*`+"  # code spans
    r"|\]\([^)\s]*(?:\s+\"[^\"]*\")?\)"  # link targets
    r"|<[a-z][a-z0-9+.-]*:[^>\s]*>"  # autolinks
    r"|</?[a-z][a-z0-9-]*(?:\s[^<>]*)?/?>"  # HTML tags
    r"|<!--[\s\S]*?-->"  # HTML comments
    # bare URLs with their trailing punctuation, which is no word either
    rf"|{URL.pattern}"
    r"|(?<![\w&/#])[#@][^\W\d_][\w-]*"  # hashtags and handles (#Kiev, @KievPost)
    # e-mail addresses, tried only where a run of address characters starts (else a long
    # word would be rescanned from each of its letters); see excluded_spans for the rest
    rf"|{EMAIL_AT_RUN.pattern}",
    re.IGNORECASE,
)


def excluded_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` never matched: code spans, link targets, tags, URLs, e-mail
    addresses, hashtags and handles.

    The same spans as ``EXCLUDED_PATTERN.finditer`` with ``EMAIL`` in place of
    ``EMAIL_AT_RUN`` (:mod:`transpipe.text.spans`), in linear time: an
    address can start inside a run of address characters only right where
    the previous span ended (``a@b.cc.+d@e.ff``), and only then is it tried
    there.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    while True:
        found = EXCLUDED_PATTERN.search(text, pos)
        if found is None:
            return spans
        spans.append(found.span())
        following = emails_after(text, found.end())
        spans.extend((s.start, s.end) for s in following)
        pos = following[-1].end if following else found.end()


@dataclass(frozen=True, slots=True)
class SpanSet:
    """Character spans, for asking in log time whether a span overlaps or lies inside one."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]  # merged: overlapping spans are one, touching ones stay two
    raw_starts: tuple[int, ...]  # the spans as given, sorted by start
    reach: tuple[int, ...]  # the largest end among the given spans up to each of raw_starts

    @classmethod
    def of(cls, spans: Iterable[tuple[int, int]]) -> SpanSet:
        ordered = sorted(spans)
        starts: list[int] = []
        ends: list[int] = []
        reach: list[int] = []
        for start, end in ordered:
            if starts and start < ends[-1]:  # overlapping; touching spans stay apart
                ends[-1] = max(ends[-1], end)
            else:
                starts.append(start)
                ends.append(end)
            reach.append(max(end, reach[-1]) if reach else end)
        return cls(tuple(starts), tuple(ends), tuple(s for s, _ in ordered), tuple(reach))

    def __bool__(self) -> bool:
        return bool(self.raw_starts)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether some span ``(s, e)`` has ``s < end and start < e``."""
        index = bisect.bisect_left(self.starts, end) - 1
        return index >= 0 and self.ends[index] > start

    def contains(self, start: int, end: int) -> bool:
        """Whether some span ``(s, e)`` has ``s <= start and end <= e``."""
        index = bisect.bisect_right(self.raw_starts, start) - 1
        return index >= 0 and self.reach[index] >= end


def _tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


def _key_token(token: str, case_sensitive: bool) -> str:
    folded = fold(token).translate(_PUNCT_FOLD)
    return folded if case_sensitive else folded.casefold()


def form_key(form: str, case_sensitive: bool) -> tuple[str, ...]:
    """The key ``form`` is indexed under: its tokens folded, and case-folded unless
    ``case_sensitive``; two forms with one key match the same text."""
    return tuple(_key_token(t, case_sensitive) for _, _, t in _tokens(form))


_PLURAL_HEADS = ("of", "for", "in", "to", "on", "at")


def plural_forms(tokens: list[str]) -> list[tuple[list[str], bool]]:
    """A form's tokens as written, then its English plurals, each flagged plural.

    The last word takes the plural; in a form with a preposition (``prisoner
    of war``, ``chief of staff``, ``ministry of defence``) the head before the
    first preposition does instead.
    """
    result = [(tokens, False)]
    heads = [i for i, t in enumerate(tokens) if i > 0 and t.casefold() in _PLURAL_HEADS]
    at = heads[0] - 1 if heads else len(tokens) - 1
    if tokens[at][-1:].isalnum():
        result.append(([*tokens[:at], pluralise(tokens[at]), *tokens[at + 1 :]], True))
    return result


# words in -man that are no compounds of "man": human -> humans, hetman -> hetmans
_MAN_PLURAL_S = frozenset(
    ("human", "german", "ottoman", "roman", "norman", "shaman", "talisman", "caiman", "hetman",
     "ataman", "oman", "cayman", "dolman", "walkman", "desman")
)  # fmt: skip


def pluralise(word: str) -> str:
    """English plural of one word (regular rules and -y/-f endings)."""
    if not word or not word[-1].isalnum():
        return word
    if word[-1].isdigit():
        return word + "s"  # F-16 -> F-16s
    lower = word.lower()
    if (word.isupper() and len(word) > 1) or len(word) == 1:
        return word + "s"  # APC -> APCs, S -> Ss
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if lower.endswith("y") and len(lower) > 1 and lower[-2] not in "aeiou":
        return word[:-1] + "ies"
    if lower.endswith("man") and lower not in _MAN_PLURAL_S:
        return word[:-3] + ("men" if word[-3:].islower() else "MEN")
    return word + "s"


def plural_text(form: str) -> str:
    """``form`` in the plural, as :func:`plural_forms` indexes it, keeping its spacing."""
    tokens = _tokens(form)
    words = [t for _, _, t in tokens]
    plural = plural_forms(words)
    if len(plural) == 1:
        return form
    at = next(i for i, (a, b) in enumerate(zip(words, plural[1][0])) if a != b)
    start, end, _ = tokens[at]
    return form[:start] + plural[1][0][at] + form[end:]


# a match glued to a designator (ZSU-23-4, 2S19) is part of another name
_GLUED_AFTER = re.compile(r"[-/\u2010\u2011]?\d")
_GLUED_BEFORE = re.compile(r"\d[-/\u2010\u2011]?\Z")  # \Z: a newline is no glue


def glued_to_designator(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` runs on into digits (``ZSU-23-4``, ``23-ZSU``)."""
    return _GLUED_AFTER.match(text, end) is not None or (
        start > 0 and _GLUED_BEFORE.search(text, max(0, start - 2), start) is not None
    )


@dataclass(frozen=True, slots=True)
class Match:
    """A glossary form found in a text; ``start``/``end`` index that text."""

    start: int
    end: int
    text: str
    concept: Concept
    kind: str  # which form matched: term, abbr, variant or deprecated
    form: str  # the form as written in the glossary
    plural: bool = False

    @property
    def written_form(self) -> str:
        """The glossary form as it matched: pluralised when the text was plural."""
        return plural_text(self.form) if self.plural else self.form

    @property
    def exact(self) -> bool:
        """True when the text is the form itself, not a look-alike or other script.

        Case counts only where the concept or the form's rule is case-sensitive.
        """
        text = unicodedata.normalize("NFC", self.text)
        form = self.written_form
        rule = self.concept.rule_for(self.form)
        if self.concept.case_sensitive or (rule is not None and rule.exact_case):
            return text == form
        return text.casefold() == form.casefold()

    @property
    def respelled(self) -> bool:
        """True when the text differs from the form in more than case (look-alikes, script)."""
        text = unicodedata.normalize("NFC", self.text).translate(_PUNCT_FOLD)
        return text.casefold() != self.written_form.translate(_PUNCT_FOLD).casefold()


@dataclass(slots=True)
class GlossaryIndex:
    """A glossary compiled for matching; build once, match many texts."""

    glossary: Glossary
    _exact: dict[tuple[str, ...], tuple[Concept, str, str, bool]] = field(default_factory=dict)
    _folded: dict[tuple[str, ...], tuple[Concept, str, str, bool]] = field(default_factory=dict)
    _lengths: dict[str, tuple[int, ...]] = field(default_factory=dict)

    @classmethod
    def build(cls, glossary: Glossary) -> GlossaryIndex:
        index = cls(glossary)
        lengths: dict[str, set[int]] = {}
        kind_rank = {kind: rank for rank, kind in enumerate(FORM_KINDS)}
        for concept in glossary.concepts:
            for kind, form in concept.forms():
                tokens = [t for _, _, t in _tokens(form)]
                if not tokens:
                    continue
                rule = concept.rule_for(form)
                case_sensitive = concept.case_sensitive or (rule is not None and rule.exact_case)
                table = index._exact if case_sensitive else index._folded
                for words, plural in plural_forms(tokens):
                    key = tuple(_key_token(t, case_sensitive) for t in words)
                    current = table.get(key)
                    # an exact (non-plural) form beats a generated plural; then kind order
                    if current is not None and (current[3], kind_rank[current[1]]) <= (
                        plural,
                        kind_rank[kind],
                    ):
                        continue
                    table[key] = (concept, kind, form, plural)
                    lengths.setdefault(key[0].casefold(), set()).add(len(key))
        index._lengths = {k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()}
        return index

    def find(self, text: str) -> list[Match]:
        """All matches in ``text``, left to right, longest first, none overlapping."""
        excluded = SpanSet.of(excluded_spans(text))
        tokens = _tokens(text)
        if excluded:
            tokens = [t for t in tokens if not excluded.overlaps(t[0], t[1])]
        exact = [_key_token(t, True) for _, _, t in tokens]
        folded = [k.casefold() for k in exact]
        matches: list[Match] = []
        i = 0
        while i < len(tokens):
            found = None
            for length in self._lengths.get(folded[i], ()):
                end = i + length
                if end > len(tokens) or not _contiguous(tokens, i, end, excluded):
                    continue
                hit = self._exact.get(tuple(exact[i:end])) or self._folded.get(tuple(folded[i:end]))
                if (
                    hit is not None
                    and not glued_to_designator(text, tokens[i][0], tokens[end - 1][1])
                    and _same_shape(text[tokens[i][0] : tokens[end - 1][1]], hit[2])
                ):
                    found = (end, hit)
                    break
            if found is None:
                i += 1
                continue
            end, (concept, kind, form, plural) = found
            start_char, end_char = tokens[i][0], tokens[end - 1][1]
            kind, form = _as_written(concept, kind, form, text[start_char:end_char])
            matches.append(
                Match(start_char, end_char, text[start_char:end_char], concept, kind, form, plural)
            )
            i = end
        return matches


def _as_written(concept: Concept, kind: str, form: str, text: str) -> tuple[str, str]:
    """The concept's form in the script of ``text`` where two forms fold alike (Cyrillic
    ``ЗСУ`` is its own form, not the Latin ``ZSU`` it folds to), so its own rule applies."""
    written = scripts_in(text)
    if scripts_in(form) == written:
        return kind, form
    key = form_key(form, True)
    for other_kind, other in concept.forms():
        if scripts_in(other) == written and form_key(other, True) == key:
            return other_kind, other
    return kind, form


def _same_shape(text: str, form: str) -> bool:
    """Latin text found through a form in another script keeps the form's capitals.

    ``Minoborony`` finds ``Минобороны`` and ``HUR`` finds ``ГУР``, but the
    lower-case word ``gur`` (cane sugar) is not the Cyrillic abbreviation.
    """
    if scripts_in(form) <= {"latin"} or scripts_in(text) != {"latin"}:
        return True
    reading = fold(form)
    return text[:1].isupper() == reading[:1].isupper() and (
        not reading.isupper() or text.rstrip("sS").isupper()
    )


def _contiguous(
    tokens: list[tuple[int, int, str]], start: int, end: int, excluded: SpanSet
) -> bool:
    """No excluded text (URL, code span) lies between tokens ``start..end``."""
    if not excluded or end - start == 1:
        return True
    for (_, prev_end, _), (next_start, _, _) in zip(
        tokens[start : end - 1], tokens[start + 1 : end]
    ):
        if excluded.overlaps(prev_end, next_start):
            return False
    return True
