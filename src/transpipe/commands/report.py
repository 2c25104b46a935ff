"""The ``report`` command: one HTML page for reviewers, riskiest entries first.

It reads each article's catalogues, what ``check`` finds in them
(:func:`transpipe.commands.check.check_articles`) and each entry's notes (the
engine's score, low confidence, retries, glossary and fragment notes), and
writes one self-contained page (:mod:`transpipe.review`) per project:
``<locales>/report.html`` unless told otherwise, never outside the project.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from transpipe.commands.check import ArticleCheck, CatalogueCheck, check_articles
from transpipe.commands.project import check_inside, display_path
from transpipe.core.config import Settings
from transpipe.core.fileio import atomic_write_text
from transpipe.core.findings import Finding
from transpipe.core.model import CatalogEntry
from transpipe.core.notes import LOW_CONFIDENCE, parse_retried_note, parse_score_note, unwrapped
from transpipe.review.html import render_report
from transpipe.review.model import (
    STATE_CODES,
    LanguageSummary,
    ReportData,
    ReportEntry,
    SourceLink,
    State,
    risk_order,
)

REPORT_NAME = "report.html"


@dataclass(frozen=True, slots=True)
class ReportResult:
    """The page written: where, each language's progress, how many entries and findings."""

    path: Path
    languages: tuple[LanguageSummary, ...]
    entries: int
    findings: int


def report(
    inputs: Sequence[str],
    settings: Settings,
    *,
    targets: Sequence[str] | None = None,
    out: Path | None = None,
    base: Path | None = None,
) -> ReportResult:
    """Write the review report of the articles' catalogues and return what it holds.

    ``out`` defaults to ``<locales>/report.html``; a path outside the project
    and its folders is refused before any work.  The page is written
    atomically.  Obsolete entries are left out; a missing or broken catalogue
    appears as its finding.
    """
    path = out if out is not None else settings.locales_dir / REPORT_NAME
    check_inside(settings, [path])
    checked = check_articles(inputs, settings, targets=targets, base=base)
    entries: list[ReportEntry] = []
    general: list[Finding] = []
    for article in checked:
        general += article.source
        for catalogue in article.catalogues:
            found, rest = _catalogue_entries(catalogue, settings, path.parent)
            entries += found
            general += rest
    data = ReportData(
        title=_title(checked),
        languages=_summaries(entries, [c.language for a in checked for c in a.catalogues]),
        entries=tuple(risk_order(entries)),
        general=tuple(general),
    )
    atomic_write_text(path, render_report(data))
    count = len(general) + sum(len(e.findings) for e in entries)
    return ReportResult(path, data.languages, len(entries), count)


def _title(checked: Sequence[ArticleCheck]) -> str:
    names = [article.article for article in checked]
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    return f"Review report: {shown}" if shown else "Review report"


def _catalogue_entries(
    catalogue: CatalogueCheck, settings: Settings, folder: Path
) -> tuple[list[ReportEntry], list[Finding]]:
    """The live entries of one catalogue with their findings, and the findings about
    no single entry (the whole catalogue, its edition, a line msgfmt names)."""
    live = [e for e in catalogue.entries if not e.obsolete]
    lines = {e.line for e in live}
    by_line: dict[int, list[Finding]] = {}
    rest: list[Finding] = []
    for finding in catalogue.findings:
        if finding.line in lines:
            if finding.code not in STATE_CODES:  # the entry's state says as much
                by_line.setdefault(finding.line, []).append(finding)
        else:
            rest.append(finding)
    shown = display_path(catalogue.path, settings.root)
    entries = [
        _entry(e, catalogue, shown, tuple(by_line.get(e.line, ())), settings, folder) for e in live
    ]
    return entries, rest


def _entry(
    entry: CatalogEntry,
    catalogue: CatalogueCheck,
    shown: str,
    findings: tuple[Finding, ...],
    settings: Settings,
    folder: Path,
) -> ReportEntry:
    """One catalogue entry as a report record: its state, notes read, sources linked."""
    notes = unwrapped(entry.comments)
    scores = [s.score for line in notes if (s := parse_score_note(line)) is not None]
    retries = [r.reason for line in notes if (r := parse_retried_note(line)) is not None]
    other = [
        line for line in notes
        if parse_score_note(line) is None and parse_retried_note(line) is None
        and line != LOW_CONFIDENCE
    ]  # fmt: skip
    if entry.tcomment:
        other.append(f"translator: {entry.tcomment}")
    return ReportEntry(
        article=catalogue.article,
        language=catalogue.language,
        catalogue=shown,
        line=entry.line,
        msgid=entry.msgid,
        msgstr=entry.msgstr,
        state=_state(entry),
        msgctxt=entry.msgctxt,
        score=scores[0] if scores else None,
        low_confidence=LOW_CONFIDENCE in notes,
        retried=retries[0] if retries else None,
        notes=tuple(other),
        findings=findings,
        sources=tuple(_source(file, line, settings, folder) for file, line in entry.references),
    )


def _state(entry: CatalogEntry) -> State:
    if entry.approved:
        return "approved"
    return "fuzzy" if entry.msgstr.strip() else "untranslated"


def _source(file: str, line: str, settings: Settings, folder: Path) -> SourceLink:
    """``file:line`` of a ``#:`` reference, linked relative to the report where the
    article is a file (a ``#L12`` fragment, as code hosts and viewers read it)."""
    text = f"{file}:{line}" if line else file
    article = settings.root / file
    if not article.is_file():
        return SourceLink(text)
    relative = Path(os.path.relpath(article.resolve(), folder.resolve())).as_posix()
    anchor = f"#L{line}" if line.isdigit() else ""
    return SourceLink(text, quote(relative) + anchor)


def _summaries(entries: Sequence[ReportEntry], codes: Sequence[str]) -> tuple[LanguageSummary, ...]:
    """Approved, fuzzy and untranslated entries per language (``codes``, in order)."""
    counts: dict[str, Counter[str]] = {code: Counter() for code in codes}
    for entry in entries:
        counts.setdefault(entry.language, Counter())[entry.state] += 1
    return tuple(
        LanguageSummary(code, c["approved"], c["fuzzy"], c["untranslated"])
        for code, c in counts.items()
    )
