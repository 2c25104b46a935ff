"""The ``glossary`` commands: validate, look up, export and import glossaries.

Each works on the glossaries a project's settings name (the built-in one,
the configured files, then any given on the command line) and returns plain
data: findings, a concept, or the text of an exchange file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from transpipe.commands.articles import load_glossary
from transpipe.core.config import Settings
from transpipe.core.errors import ConfigError
from transpipe.core.findings import ERROR, Finding
from transpipe.terms import glossary_io
from transpipe.terms.glossary import Concept, GlossaryIndex
from transpipe.terms.validate import validate_glossary

ExportFormat = Literal["tbx", "csv", "deepl"]


@dataclass(frozen=True, slots=True)
class GlossaryReport:
    """What validating the glossaries found: how many concepts, and the findings."""

    concepts: int
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == ERROR)


@dataclass(frozen=True, slots=True)
class Lookup:
    """The concept a term belongs to, and which of its forms the term is."""

    concept: Concept
    matched_as: str


def glossary_check(settings: Settings, languages: Sequence[str] = ()) -> GlossaryReport:
    """Validate the glossaries: clashing forms, missing ``languages`` (default: targets)."""
    loaded = load_glossary(settings)
    findings = validate_glossary(loaded, tuple(languages) or settings.targets)
    return GlossaryReport(len(loaded), tuple(findings))


def glossary_lookup(settings: Settings, term: str) -> Lookup | None:
    """The concept ``term`` as a whole belongs to; None when the glossaries lack it."""
    index = GlossaryIndex.build(load_glossary(settings))
    matches = [m for m in index.find(term) if m.start == 0 and m.end == len(term)]
    if not matches:
        return None
    return Lookup(matches[0].concept, matches[0].kind)


def glossary_export(settings: Settings, fmt: ExportFormat, target: str | None = None) -> str:
    """The glossaries as TBX-Basic, a full CSV, or a DeepL CSV into ``target``."""
    concepts = list(load_glossary(settings).concepts)
    if fmt == "tbx":
        return glossary_io.to_tbx(concepts)
    if fmt == "csv":
        return glossary_io.to_csv(concepts, glossary_io.languages_of(concepts))
    if target is None:
        raise ConfigError("--format deepl needs --to LANG")
    return glossary_io.to_deepl_csv(concepts, target)


def glossary_import(source: Path, deepl_target: str | None = None) -> str:
    """A TBX or CSV glossary file as transpipe's ``.gloss`` text."""
    return glossary_io.import_glossary(source, deepl_target)
