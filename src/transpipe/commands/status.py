"""The ``status`` command: review progress per article and language."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from transpipe.commands.articles import collect_articles
from transpipe.commands.project import catalog_languages, display_path
from transpipe.core.config import Settings
from transpipe.core.languages import language
from transpipe.core.notes import parse_score_note, unwrapped
from transpipe.po.catalog import read_catalog


@dataclass(frozen=True, slots=True)
class CatalogStatus:
    """Review progress of one article in one language."""

    article: str
    language: str
    path: Path
    approved: int
    fuzzy: int
    untranslated: int
    obsolete: int

    @property
    def total(self) -> int:
        return self.approved + self.fuzzy + self.untranslated

    @property
    def share(self) -> float:
        return self.approved / self.total if self.total else 1.0


def status(
    inputs: Sequence[str], settings: Settings, *, targets: Sequence[str] | None = None,
    base: Path | None = None,
) -> list[CatalogStatus]:  # fmt: skip
    """Approved, fuzzy, untranslated and obsolete entries per article and language."""
    rows = []
    for name, code, po_path in _catalogues(inputs, settings, targets, base):
        if not po_path.exists():
            rows.append(CatalogStatus(name, code, po_path, 0, 0, 0, 0))
            continue
        entries = [e for e in read_catalog(po_path).entries if e.msgid]
        live = [e for e in entries if not e.obsolete]
        rows.append(
            CatalogStatus(
                article=name,
                language=code,
                path=po_path,
                approved=sum(1 for e in live if e.approved),
                fuzzy=sum(1 for e in live if e.fuzzy and e.msgstr),
                untranslated=sum(1 for e in live if not e.msgstr),
                obsolete=len(entries) - len(live),
            )
        )
    return rows


def _catalogues(
    inputs: Sequence[str], settings: Settings, targets: Sequence[str] | None, base: Path | None
) -> Iterator[tuple[str, str, Path]]:
    """Each article's name, language and catalogue path (the file may not exist)."""
    language(settings.source)
    for path in collect_articles(inputs, base):
        name = path.stem
        for code in catalog_languages(settings, targets, name, display_path(path, settings.root)):
            yield name, code, settings.catalog_path(name, code)


@dataclass(frozen=True, slots=True)
class RiskyEntry:
    """An unreviewed entry and the engine's score of its draft (lower is riskier)."""

    article: str
    language: str
    path: Path
    line: int
    msgid: str
    msgstr: str
    score: float


def worst_entries(
    inputs: Sequence[str], settings: Settings, count: int, *,
    targets: Sequence[str] | None = None, base: Path | None = None,
) -> list[RiskyEntry]:  # fmt: skip
    """The ``count`` unreviewed entries with the lowest scores, across articles and languages.

    An unreviewed entry is a fuzzy one with a msgstr; its score is the
    ``score`` note the engine's draft left (entries without one are not
    ranked).  Ties keep catalogue and line order.
    """
    found: list[RiskyEntry] = []
    for name, code, po_path in _catalogues(inputs, settings, targets, base):
        if not po_path.exists():
            continue
        for entry in read_catalog(po_path).entries:
            if entry.obsolete or not entry.fuzzy or not entry.msgstr:
                continue
            scores = [n for line in unwrapped(entry.comments) if (n := parse_score_note(line))]
            if scores:
                found.append(
                    RiskyEntry(name, code, po_path, entry.line, entry.msgid, entry.msgstr,
                               scores[0].score)
                )  # fmt: skip
    found.sort(key=lambda e: e.score)  # stable: ties stay in catalogue order
    return found[: max(count, 0)]
