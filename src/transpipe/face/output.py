"""What the commands print: one JSON printer, one table renderer, progress bars.

Tables go to stdout through a console that never reads user text as markup
and, off a terminal (a CI log, a pipe), is as wide as the table needs.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

import typer

import transpipe

if TYPE_CHECKING:
    from transpipe.commands.models import EngineListing
    from transpipe.commands.report import ReportResult
    from transpipe.commands.status import RiskyEntry
    from transpipe.core.config import Settings


def print_json(data: Any) -> None:
    """``data`` as indented JSON on stdout, non-ASCII text as itself."""
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


def print_table(title: str, columns: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """A table on stdout (see :func:`console`); every cell is plain text, never markup."""
    from rich.table import Table

    table = Table(title=title)
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*row)
    console().print(table)


def print_per_file(objects: list[dict[str, Any]]) -> None:
    """JSON for per-file results: one object for one file, a list for several."""
    print_json(objects[0] if len(objects) == 1 else objects)


def console() -> Any:
    """A console for tables: user text never read as markup; off a terminal (a CI log, a
    pipe) as wide as the table needs, so no cell is cut or wrapped at 80 columns."""
    from rich.console import Console

    wide = None if sys.stdout.isatty() else 100_000
    return Console(markup=False, highlight=False, width=wide, soft_wrap=False)


def count(n: int, noun: str) -> str:
    """``1 segment``, ``2 segments``: a number and its noun, in the right number."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


class LanguageProgress:
    """A bar per language on a terminal; otherwise a plain line when a language starts."""

    def __init__(self) -> None:
        self.bar: Any = None
        self.tasks: dict[str, Any] = {}

    def __enter__(self) -> Self:
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                ProgressColumn,
                Task,
                TextColumn,
                TimeRemainingColumn,
            )
            from rich.text import Text

            class Rate(ProgressColumn):
                def render(self, task: Task) -> Text:
                    speed = task.speed
                    return Text(f"{speed:.1f} seg/s" if speed else "- seg/s")

            self.bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                Rate(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=False,
            )
            self.bar.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)

    def __call__(self, language: str, done: int, total: int) -> None:
        if self.bar is None:
            if language not in self.tasks:  # one line per language, however often called
                self.tasks[language] = None
                what = (
                    f"translating {count(total, 'segment')}"
                    if total
                    else "nothing new to translate"
                )
                typer.echo(f"{what} into {language}", err=True)
            return
        task = self.tasks.get(language)
        if task is None:
            task = self.tasks[language] = self.bar.add_task(f"translating into {language}",
                                                            total=total)  # fmt: skip
        self.bar.update(task, completed=done, total=total)


def print_worst(entries: Sequence[RiskyEntry], fmt: str) -> None:
    """The riskiest unreviewed entries, as JSON or a table with file:line."""
    if fmt == "json":
        print_json([
            {"article": e.article, "language": e.language, "file": str(e.path), "line": e.line,
             "score": e.score, "msgid": e.msgid, "msgstr": e.msgstr}
            for e in entries
        ])  # fmt: skip
        return
    print_table(
        "Riskiest unreviewed entries",
        ("score", "where", "source", "draft"),
        ((f"{e.score:.2f}", f"{e.path}:{e.line}", e.msgid, e.msgstr) for e in entries),
    )


def report_json(result: ReportResult) -> dict[str, Any]:
    """The review page's path, its entries and findings, and each language's progress."""
    return {
        "path": str(result.path),
        "entries": result.entries,
        "findings": result.findings,
        "languages": [
            {"language": s.language, "approved": s.approved, "fuzzy": s.fuzzy,
             "untranslated": s.untranslated, "share": round(s.share, 4)}
            for s in result.languages
        ],
    }  # fmt: skip


def print_report_line(result: ReportResult) -> None:
    """``wrote locales/report.html: 48 entries, 3 findings``."""
    entries = "entry" if result.entries == 1 else "entries"
    typer.echo(
        f"wrote {shown_path(result.path)}: {result.entries} {entries}, "
        f"{count(result.findings, 'finding')}"
    )


def shown_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def engine_pairs(e: EngineListing) -> str:
    if e.shadowed:
        return f"not used: the built-in {e.name} engine has this name"
    if e.error is not None:
        return f"error: {e.error}"
    return ", ".join(e.pairs) or "none installed"


def install_with_progress(settings: Settings, spec: str, quiet: bool) -> str:
    """Install one model, with a download bar on a terminal unless ``quiet``."""
    if quiet or Path(spec).suffix == ".argosmodel":
        return transpipe.install_model(settings, spec)
    from rich.progress import BarColumn, DownloadColumn, Progress, TransferSpeedColumn

    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        transient=True,
    ) as bar:
        task = bar.add_task(f"downloading {spec}", total=None)

        def hook(done: int, total: int | None) -> None:
            bar.update(task, completed=done, total=total)

        return transpipe.install_model(settings, spec, progress=hook)
