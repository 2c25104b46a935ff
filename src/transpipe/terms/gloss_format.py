"""The ``.gloss`` record format: :func:`parse_glossary` reads it, :func:`format_glossary` writes it.

A file is records separated by blank lines; each line of a record is
``key: value`` (``#`` starts a comment line).  ``id`` and ``term`` are
required; ``abbr``, ``variant`` and ``deprecated`` hold several values joined
with `` | ``; ``flags`` is a comma list of :data:`~transpipe.terms.glossary.FLAGS`;
``rule`` lines restrict some forms (``FORM | FORM = condition, ...``); every
other key is a target language whose values may end in grammar tags
(``Unión Europea {f}``).  Values are NFC-normalised; control characters other
than tab are refused.  Full description: ``glossary/README.md``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from transpipe.terms.glossary import (
    CONCEPT_ID,
    CONTROL_CHARACTER,
    FLAGS,
    LANGUAGE_CODE,
    POS,
    Concept,
    FormRule,
    GlossaryError,
    check_rule_forms,
    claim_id,
    parse_rule,
    split_grammar,
    split_values,
)

_LIST_KEYS = {"abbr": "abbreviations", "variant": "variants", "deprecated": "deprecated"}


def parse_glossary(text: str, path: str) -> list[Concept]:
    """Parse the text of a ``.gloss`` file; errors name ``path`` and the line."""
    concepts: list[Concept] = []
    seen: dict[str, int] = {}
    record: list[tuple[int, str, str]] = []

    def flush() -> None:
        if record:
            concept = _build(record, path)
            claim_id(seen, concept.id, concept.line, path)
            concepts.append(concept)
            record.clear()

    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip("\r")
        control = CONTROL_CHARACTER.search(line)
        if control is not None:
            raise GlossaryError(
                f"control character U+{ord(control.group()):04X}: a glossary is plain UTF-8 "
                "text; remove it",
                path=path,
                line=number,
            )
        stripped = line.strip()
        if not stripped:
            flush()
            continue
        if stripped.startswith("#"):
            continue
        key, sep, value = line.partition(":")
        key = key.strip()
        if not sep or not key or " " in key:
            raise GlossaryError(
                f"expected 'key: value', got {stripped[:40]!r}", path=path, line=number
            )
        record.append((number, key, value.strip()))
    flush()
    return concepts


def _build(record: list[tuple[int, str, str]], path: str) -> Concept:
    """One record's ``(line, key, value)`` lines as a concept; errors name the line."""
    first = record[0][0]
    fields: dict[str, object] = {"path": path, "line": first}
    lists: dict[str, list[str]] = {name: [] for name in _LIST_KEYS.values()}
    targets: dict[str, list[str]] = {}
    rules: list[tuple[int, FormRule]] = []
    grammar: list[tuple[str, str, str]] = []
    for number, key, value in record:
        if not value:
            raise GlossaryError(f"empty value for {key!r}", path=path, line=number)
        if key in ("id", "term", "pos", "note"):
            if key in fields:
                raise GlossaryError(f"{key!r} given twice in one record", path=path, line=number)
            fields[key] = _single_value(key, value, path, number)
        elif key in _LIST_KEYS:
            lists[_LIST_KEYS[key]].extend(
                unicodedata.normalize("NFC", v) for v in split_values(value)
            )
        elif key == "flags":
            for flag in _flags(value, path, number):
                fields[flag.replace("-", "_")] = True
        elif key == "rule":
            try:
                rules.append((number, parse_rule(value)))
            except ValueError as error:
                raise GlossaryError(f"rule: {error}", path=path, line=number) from None
        elif LANGUAGE_CODE.match(key):
            for equivalent, tags in _equivalents(value, path, number):
                targets.setdefault(key, []).append(equivalent)
                if tags:
                    grammar.append((key, equivalent, tags))
        else:
            raise GlossaryError(f"unknown key {key!r}", path=path, line=number)
    for required in ("id", "term"):
        if required not in fields:
            raise GlossaryError(f"record has no {required!r}", path=path, line=first)
    known = [str(fields["term"]), *(v for values in lists.values() for v in values)]
    for number, rule in rules:
        try:
            check_rule_forms(rule, known)
        except ValueError as error:
            raise GlossaryError(str(error), path=path, line=number) from None
    return Concept(
        id=str(fields["id"]),
        term=str(fields["term"]),
        abbreviations=tuple(lists["abbreviations"]),
        variants=tuple(lists["variants"]),
        deprecated=tuple(lists["deprecated"]),
        pos=str(fields.get("pos", "")),
        note=str(fields.get("note", "")),
        dnt=bool(fields.get("dnt", False)),
        case_sensitive=bool(fields.get("case_sensitive", False)),
        foreign_ok=bool(fields.get("foreign_ok", False)),
        targets=tuple((code, tuple(values)) for code, values in targets.items()),
        path=path,
        line=first,
        rules=tuple(rule for _, rule in rules),
        grammar=tuple(grammar),
    )


def _single_value(key: str, value: str, path: str, number: int) -> str:
    """The value of an ``id``, ``term``, ``pos`` or ``note`` line, checked and NFC."""
    if key == "id" and not CONCEPT_ID.match(value):
        raise GlossaryError(
            f"id {value!r} must be lower-case letters, digits and '-'",
            path=path,
            line=number,
        )
    if key == "pos" and value not in POS:
        raise GlossaryError(f"pos {value!r} is not one of {', '.join(POS)}", path=path, line=number)
    return unicodedata.normalize("NFC", value)


def _flags(value: str, path: str, number: int) -> list[str]:
    """The flags of a ``flags`` line; an unknown one is an error."""
    flags = [f.strip() for f in value.split(",")]
    for flag in flags:
        if flag not in FLAGS:
            raise GlossaryError(
                f"unknown flag {flag!r}; known: {', '.join(FLAGS)}", path=path, line=number
            )
    return flags


def _equivalents(value: str, path: str, number: int) -> list[tuple[str, str]]:
    """``(equivalent, grammar tags)`` for each value of a language line."""
    found = []
    for item in split_values(value):
        try:
            found.append(split_grammar(unicodedata.normalize("NFC", item)))
        except ValueError as error:
            raise GlossaryError(str(error), path=path, line=number) from None
    return found


def format_concept(concept: Concept) -> str:
    """The ``.gloss`` record text of ``concept`` (inverse of :func:`parse_glossary`)."""
    lines = [f"id: {concept.id}", f"term: {concept.term}"]
    for key, values in (
        ("abbr", concept.abbreviations),
        ("variant", concept.variants),
        ("deprecated", concept.deprecated),
    ):
        if values:
            lines.append(f"{key}: {' | '.join(values)}")
    if concept.pos:
        lines.append(f"pos: {concept.pos}")
    flags = [
        name
        for name, on in (
            ("dnt", concept.dnt),
            ("case-sensitive", concept.case_sensitive),
            ("foreign-ok", concept.foreign_ok),
        )
        if on
    ]
    if flags:
        lines.append(f"flags: {', '.join(flags)}")
    for rule in concept.rules:
        lines.append(f"rule: {rule.format()}")
    if concept.note:
        lines.append(f"note: {concept.note}")
    for code, values in concept.targets:
        shown = []
        for value in values:
            tags = concept.grammar_of(code, value)
            shown.append(f"{value} {{{tags}}}" if tags else value)
        lines.append(f"{code}: {' | '.join(shown)}")
    return "\n".join(lines) + "\n"


def format_glossary(concepts: Sequence[Concept], header: str = "") -> str:
    """A whole ``.gloss`` file for ``concepts``."""
    head = "".join(f"# {line}\n" for line in header.splitlines()) + ("\n" if header else "")
    return head + "\n".join(format_concept(c) for c in concepts)
