"""Glossaries as CSV: every field (:func:`to_csv`), or DeepL's glossary CSV (:func:`to_deepl_csv`).

:func:`to_csv` writes every field, header
``id,term,abbr,variant,deprecated,pos,flags,rule,note,<lang>...``, several values
in one cell joined with `` | `` (rules one per line of their cell, grammar tags
after each equivalent as in ``.gloss`` files: ``Unión Europea {f}``); :func:`from_csv` reads it back (targets in
column order; an empty id gets the slug of the term).

**DeepL.** :func:`to_deepl_csv` writes DeepL's glossary CSV: no header, one
``source,target`` row per English form with the approved equivalent: the term,
abbreviations and variants.  Deprecated forms are left out: transpipe
normalises them to the term before translating, so they never reach the
engine, and listing them would teach the service they are acceptable.  A
source form already written for an earlier concept is skipped (DeepL refuses
duplicate sources).  :func:`from_csv` recognises a headerless file of two
columns (or DeepL's export with source and target language as columns 3 and 4)
and groups rows by target into concepts: the first source is the term, a
one-word source written mostly in capitals (``AFU``, ``MoD``) an abbreviation,
the others variants; the id is the slug of the term.  A DeepL file carries no notes, part
of speech, flags or deprecated forms.

**Formula cells.** Both CSV writers neutralise cells a spreadsheet would run
as a formula, as the OWASP guidance on CSV injection says: a cell starting
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
``'`` (``=HYPERLINK(...)`` is written ``'=HYPERLINK(...)``, ``-23`` is
``'-23``), and so does a cell that already starts with ``'`` before one of
them (``'=x`` is ``''=x``).  The reader takes exactly one such quote off a
cell whose next character would start a formula (or is another quote before
one), so values come back as they were; a quote before anything else
(``'s Gravenhage``) is part of the value.  Only a cell's start counts: values
after the first in a cell are not quoted.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence

from transpipe.terms.exchange import Draft, clean, finish_drafts, flag_names, language_code
from transpipe.terms.glossary import LANGUAGE_CODE, Concept, GlossaryError, split_grammar

CSV_COLUMNS = ("id", "term", "abbr", "variant", "deprecated", "pos", "flags", "rule", "note")
SEPARATOR = " | "
# what starts a formula in a spreadsheet cell (OWASP), after any quotes already there
_FORMULA_START = re.compile(r"'*[=+\-@\t\r]")


def _split(value: str) -> list[str]:
    return [v for v in (clean(part) for part in value.split(SEPARATOR)) if v]


def _neutralise(cell: str) -> str:
    """``cell`` as a spreadsheet will not run it: a leading ``'`` before a formula start."""
    return "'" + cell if _FORMULA_START.match(cell) else cell


def _unneutralise(cell: str) -> str:
    """``cell`` as :func:`_neutralise` was given it: its neutralising quote taken off."""
    return cell[1:] if cell.startswith("'") and _FORMULA_START.match(cell, 1) else cell


def _safe_row(cells: Sequence[str]) -> list[str]:
    return [_neutralise(cell) for cell in cells]


def to_csv(concepts: Sequence[Concept], languages: Sequence[str]) -> str:
    """Every field of ``concepts`` as CSV with a header; ``languages`` are the target columns.

    A concept with equivalents in a language not among ``languages`` is an
    error rather than a silent loss; :func:`languages_of` gives them all.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*CSV_COLUMNS, *languages])
    for concept in concepts:
        missing = [code for code in concept.languages if code not in languages]
        if missing:
            raise GlossaryError(
                f"concept {concept.id!r} has {', '.join(missing)} equivalents but the CSV has "
                "no such column; add the language",
                path=concept.path,
                line=concept.line,
            )
        targets = dict(concept.targets)
        cells = [
            concept.id,
            concept.term,
            _cell(concept, concept.abbreviations),
            _cell(concept, concept.variants),
            _cell(concept, concept.deprecated),
            concept.pos,
            SEPARATOR.join(flag_names(concept)),
            "\n".join(rule.format() for rule in concept.rules),
            concept.note,
        ]
        cells += [
            _cell(concept, [_tagged(concept, code, v) for v in targets.get(code, ())])
            for code in languages
        ]
        writer.writerow(_safe_row(cells))
    return out.getvalue()


def _tagged(concept: Concept, code: str, value: str) -> str:
    tags = concept.grammar_of(code, value)
    return f"{value} {{{tags}}}" if tags else value


def _cell(concept: Concept, values: Sequence[str]) -> str:
    """Values joined for one cell; a value holding the separator could not come back."""
    for value in values:
        if SEPARATOR in value:
            raise GlossaryError(
                f"concept {concept.id!r}: {value!r} contains {SEPARATOR!r}, "
                "which separates values in a CSV cell",
                path=concept.path,
                line=concept.line,
            )
    return SEPARATOR.join(values)


def from_csv(text: str, path: str, deepl_target: str | None = None) -> list[Concept]:
    """Concepts from a full glossary CSV, or from a headerless DeepL glossary CSV.

    A DeepL file names no target language unless it has DeepL's language
    columns: pass ``deepl_target`` then.  Errors name the CSV line.
    """
    rows = list(_csv_rows(text.lstrip("\ufeff"), path))
    if not rows:
        return []
    first_line, header = rows[0]
    if [cell.strip().lower() for cell in header[:2]] == ["id", "term"]:
        return _from_full_csv(header, rows[1:], path, first_line)
    if all(2 <= len(cells) <= 5 for _, cells in rows):
        return _from_deepl_csv(rows, path, deepl_target)
    raise GlossaryError(
        "neither a glossary CSV (header id,term,...) nor a DeepL glossary (source,target rows)",
        path=path,
        line=first_line,
    )


def _csv_rows(text: str, path: str) -> Iterator[tuple[int, list[str]]]:
    """Non-blank CSV records with the line each starts on."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "unexpected end of data" in str(exc):
                # an unclosed quote swallowed the rest of the file: name where it opened
                raise GlossaryError(
                    "bad CSV: a quoted field in this record is never closed "
                    f"(the rest of the file, to line {reader.line_num}, would be lost)",
                    path=path,
                    line=start,
                ) from None
            raise GlossaryError(f"bad CSV: {exc}", path=path, line=reader.line_num) from None
        if any(cell.strip() for cell in cells):
            yield start, [_unneutralise(cell) for cell in cells]


def _from_full_csv(
    header: list[str], rows: list[tuple[int, list[str]]], path: str, header_line: int
) -> list[Concept]:
    columns = [cell.strip() for cell in header]
    for number, name in enumerate(columns):
        if name in columns[:number]:
            raise GlossaryError(f"column {name!r} appears twice", path=path, line=header_line)
        if name not in CSV_COLUMNS and not LANGUAGE_CODE.match(name):
            raise GlossaryError(
                f"unknown column {name!r}; expected {', '.join(CSV_COLUMNS)} and language codes",
                path=path,
                line=header_line,
            )
    languages = [name for name in columns if name not in CSV_COLUMNS]
    drafts = []
    for line, cells in rows:
        if len(cells) != len(columns):
            raise GlossaryError(
                f"expected {len(columns)} columns as in the header, got {len(cells)}",
                path=path,
                line=line,
            )
        row = dict(zip(columns, cells))
        flags = re.split(r"\s*[|,]\s*", row.get("flags", "").strip())
        targets: list[tuple[str, tuple[str, ...]]] = []
        grammar: list[tuple[str, str, str]] = []
        for code in languages:
            values = []
            for item in _split(row[code]):
                try:
                    value, tags = split_grammar(item)
                except ValueError as error:
                    raise GlossaryError(str(error), path=path, line=line) from None
                values.append(value)
                if tags:
                    grammar.append((code, value, tags))
            if values:
                targets.append((code, tuple(values)))
        drafts.append(
            Draft(
                line=line,
                term=clean(row["term"]),
                id=row["id"].strip(),
                abbreviations=tuple(_split(row.get("abbr", ""))),
                variants=tuple(_split(row.get("variant", ""))),
                deprecated=tuple(_split(row.get("deprecated", ""))),
                pos=row.get("pos", "").strip(),
                note=clean(row.get("note", "")),
                flags=tuple(f for f in flags if f),
                targets=tuple(targets),
                rules=tuple(
                    (line, r.strip()) for r in row.get("rule", "").split("\n") if r.strip()
                ),
                grammar=tuple(grammar),
            )
        )
    return finish_drafts(drafts, path)


def to_deepl_csv(concepts: Sequence[Concept], target: str) -> str:
    """A DeepL glossary CSV: ``source,target`` rows, no header, for one target language.

    Each concept with an approved ``target`` equivalent (a do-not-translate term
    maps to itself) gives a row for its term, each abbreviation and each
    variant; deprecated forms and sources already written are left out.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    written: set[str] = set()
    for concept in concepts:
        approved = concept.approved(target)
        if approved is None:
            continue
        for kind, form in concept.forms():
            if kind == "deprecated" or form in written:
                continue
            written.add(form)
            writer.writerow(_safe_row([form, approved]))
    return out.getvalue()


def _looks_like_abbreviation(form: str) -> bool:
    letters = [c for c in form if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return " " not in form and upper >= 2 and upper * 2 > len(letters)


def _from_deepl_csv(
    rows: list[tuple[int, list[str]]], path: str, deepl_target: str | None
) -> list[Concept]:
    groups: dict[tuple[str, str], list[tuple[int, str]]] = {}
    sources: dict[str, int] = {}
    for line, cells in rows:
        source, target = clean(cells[0]), clean(cells[1])
        code = deepl_target or (language_code(cells[3]) if len(cells) >= 4 else "")
        if not code:
            raise GlossaryError(
                "a DeepL glossary (source,target rows without a header) names no target "
                "language; give the target language",
                path=path,
                line=line,
            )
        if not source or not target:
            raise GlossaryError("empty source or target", path=path, line=line)
        if source in sources:
            raise GlossaryError(
                f"source {source!r} already given on line {sources[source]}", path=path, line=line
            )
        sources[source] = line
        groups.setdefault((code, target), []).append((line, source))
    drafts = []
    for (code, target), entries in groups.items():
        (line, term), others = entries[0], [s for _, s in entries[1:]]
        drafts.append(
            Draft(
                line=line,
                term=term,
                abbreviations=tuple(s for s in others if _looks_like_abbreviation(s)),
                variants=tuple(s for s in others if not _looks_like_abbreviation(s)),
                targets=((code, (target,)),),
            )
        )
    return finish_drafts(drafts, path)
