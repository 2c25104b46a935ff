"""What the exchange formats (``tbx``, ``csv_format``) share: drafts of concepts and ids.

A reader turns each entry or row into a :class:`Draft`, then
:func:`finish_drafts` checks them all and makes concepts: explicit ids must
be unique and valid, and an entry without one gets the slug of its term
(``armed-forces-of-ukraine``, then ``-2``, ``-3`` where taken).  Values are
NFC-normalised and their line breaks folded to one space by :func:`clean`,
since a ``.gloss`` value is one line.

Round trips are exact: for concepts read from ``.gloss`` files,
``from_tbx(to_tbx(cs))`` and ``from_csv(to_csv(cs, languages_of(cs)))`` equal
``cs`` in every field but ``path`` and ``line`` (CSV targets come back in
column order, which is each concept's own order when all list their languages
alike).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from transpipe.terms.glossary import (
    CONCEPT_ID,
    FLAGS,
    LANGUAGE_CODE,
    POS,
    Concept,
    GlossaryError,
    check_rule_forms,
    claim_id,
    parse_rule,
)
from transpipe.text.scripts import transliterate

_NEWLINES = re.compile(r"\s*[\r\n]\s*")


def languages_of(concepts: Iterable[Concept]) -> tuple[str, ...]:
    """Every target language used by ``concepts``, in order of first use."""
    seen: dict[str, None] = {}
    for concept in concepts:
        for code in concept.languages:
            seen.setdefault(code, None)
    return tuple(seen)


def slug(text: str) -> str:
    """A concept id made from ``text``: romanised, lower-case, words joined by ``-``."""
    ascii_text = (
        unicodedata.normalize("NFKD", transliterate(text).casefold())
        .encode("ascii", "ignore")
        .decode()
    )
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "concept"


def clean(value: str) -> str:
    """NFC, trimmed, line breaks folded to one space (``.gloss`` values are one line)."""
    return unicodedata.normalize("NFC", _NEWLINES.sub(" ", value.strip()))


def flag_names(concept: Concept) -> list[str]:
    """The names of the flags ``concept`` has on, in :data:`FLAGS` order."""
    on = (concept.dnt, concept.case_sensitive, concept.foreign_ok)
    return [name for name, is_on in zip(FLAGS, on) if is_on]


def language_code(raw: str) -> str:
    """A language code as written when valid, else in BCP 47 case: ``DE_de`` -> ``de-DE``."""
    code = raw.strip().replace("_", "-")
    if LANGUAGE_CODE.match(code):
        return code
    primary, sep, rest = code.partition("-")
    rest = rest.upper() if len(rest) == 2 else rest.title() if len(rest) == 4 else rest
    return primary.lower() + sep + rest


@dataclass(frozen=True, slots=True)
class Draft:
    """Fields of a concept read from a file, before ids are settled and checked.

    ``rules`` are ``(line, rule text)``: a rule is parsed and checked against
    the forms only when the draft is finished, so its error names its line.
    """

    line: int
    term: str
    id: str = ""
    abbreviations: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()
    deprecated: tuple[str, ...] = ()
    pos: str = ""
    note: str = ""
    flags: tuple[str, ...] = ()
    targets: tuple[tuple[str, tuple[str, ...]], ...] = ()
    rules: tuple[tuple[int, str], ...] = ()
    grammar: tuple[tuple[str, str, str], ...] = ()  # (language, equivalent, tags)


def finish_drafts(drafts: Sequence[Draft], path: str) -> list[Concept]:
    """Check drafts and turn them into concepts; missing ids become unique slugs."""
    explicit: dict[str, int] = {}
    for draft in drafts:
        if not draft.id:
            continue
        if not CONCEPT_ID.match(draft.id):
            raise GlossaryError(
                f"id {draft.id!r} must be lower-case letters, digits and '-'",
                path=path,
                line=draft.line,
            )
        claim_id(explicit, draft.id, draft.line, path)
    taken = set(explicit)
    concepts = []
    for draft in drafts:
        concept_id = draft.id
        if not concept_id:
            base = concept_id = slug(draft.term)
            number = 1
            while concept_id in taken:
                number += 1
                concept_id = f"{base}-{number}"
            taken.add(concept_id)
        concepts.append(_concept(draft, concept_id, path))
    return concepts


def _concept(draft: Draft, concept_id: str, path: str) -> Concept:
    line = draft.line
    if not draft.term:
        raise GlossaryError(f"concept {concept_id!r} has no term", path=path, line=line)
    if draft.pos and draft.pos not in POS:
        raise GlossaryError(
            f"pos {draft.pos!r} is not one of {', '.join(POS)}", path=path, line=line
        )
    for flag in draft.flags:
        if flag not in FLAGS:
            raise GlossaryError(
                f"unknown flag {flag!r}; known: {', '.join(FLAGS)}", path=path, line=line
            )
    for code, _ in draft.targets:
        if not LANGUAGE_CODE.match(code):
            raise GlossaryError(
                f"{code!r} is not a language code like 'de' or 'pt-BR'", path=path, line=line
            )
    rules = []
    forms = {draft.term, *draft.abbreviations, *draft.variants, *draft.deprecated}
    for rule_line, text in draft.rules:
        try:
            rule = parse_rule(text)
            check_rule_forms(rule, forms)
        except ValueError as error:
            raise GlossaryError(f"{concept_id}: {error}", path=path, line=rule_line) from None
        rules.append(rule)
    return Concept(
        id=concept_id,
        term=draft.term,
        abbreviations=draft.abbreviations,
        variants=draft.variants,
        deprecated=draft.deprecated,
        pos=draft.pos,
        note=draft.note,
        dnt="dnt" in draft.flags,
        case_sensitive="case-sensitive" in draft.flags,
        foreign_ok="foreign-ok" in draft.flags,
        targets=draft.targets,
        path=path,
        line=line,
        rules=tuple(rules),
        grammar=draft.grammar,
    )
