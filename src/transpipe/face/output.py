"""What the commands print: one JSON printer, one table renderer, progress bars.

Tables go to stdout through a console that never reads user text as markup
and, off a terminal (a CI log, a pipe), is as wide as the table needs.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

import typer

import transpipe

if TYPE_CHECKING:
    from transpipe.commands.models import EngineListing
    from transpipe.commands.report import ReportResult
    from transpipe.commands.status import RiskyEntry
    from transpipe.commands.translate import TranslateResult
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


def translate_json(result: TranslateResult) -> dict[str, Any]:
    return {
        "articles": [
            {
                "file": str(a.path),
                "name": a.name,
                "sentences": a.sentences,
                "unique": a.unique,
                "template": str(a.template),
                "template_written": a.template_written,
                "catalogs": [
                    {
                        "language": c.language,
                        "file": str(c.path),
                        "written": c.written,
                        "merged_edits": c.merged_edits,
                        "switched_from": c.switched_from,
                        "replaced": c.replaced,
                        **asdict(c.stats),
                    }
                    for c in a.catalogs
                ],
            }
            for a in result.articles
        ],
        "models": [asdict(m) for m in result.models],
        "fragments": [
            {"file": shown, "fragments": [asdict(f) for f in fragments]}
            for shown, fragments in result.fragments
        ],
        "segments_translated": result.segments_translated,
    }


def shown_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def print_translate_table(result: TranslateResult) -> None:
    print_table(
        "Catalogues",
        ("article", "language", "catalogue", "entries", "approved", "fuzzy", "written"),
        (
            (article.name, c.language, shown_path(c.path), str(c.stats.entries),
             str(c.stats.approved), str(c.stats.fuzzy), "yes" if c.written else "unchanged")
            for article in result.articles
            for c in article.catalogs
        ),
    )  # fmt: skip


def engine_pairs(e: EngineListing) -> str:
    if e.shadowed:
        return f"not used: the built-in {e.name} engine has this name"
    if e.error is not None:
        return f"error: {e.error}"
    return ", ".join(e.pairs) or "none installed"


def print_translate_notes(
    result: TranslateResult, settings: Settings, *, fix: bool, quiet: bool
) -> None:
    """The lines ``translate`` says on stderr after its table: what a reviewer must know."""
    from transpipe.commands.articles import english_only

    for article in result.articles:
        for catalog in article.catalogs:
            if catalog.merged_edits:  # always said: a reviewer's work is involved
                typer.echo(
                    f"transpipe: {shown_path(catalog.path)} was saved by someone else during this "
                    "run; their edits are kept and this run's output merged into them",
                    err=True,
                )
            if catalog.switched_from and catalog.replaced:  # always said: review work changes
                typer.echo(
                    f"transpipe: {shown_path(catalog.path)}: "
                    f"{count(catalog.replaced, 'unreviewed machine translation')} by "
                    f"{catalog.switched_from} replaced with this engine's output; approved "
                    f"entries are kept, and the {catalog.switched_from} output stays in the "
                    "memory for a run with that engine",
                    err=True,
                )
    if not quiet and not english_only(settings):
        typer.echo(
            f"transpipe: the glossary and stray-fragment detection serve English articles; "
            f"neither is applied to this {settings.source} source",
            err=True,
        )
    if not quiet:
        for shown, fragments in result.fragments:
            typer.echo(
                f"transpipe: {count(len(fragments), 'stray fragment')} in {shown} "
                f"({'repaired where the glossary knows them' if fix else 'see: transpipe detect'}"
                "); each is noted in its catalogue entry",
                err=True,
            )


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
