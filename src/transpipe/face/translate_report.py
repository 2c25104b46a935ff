"""What ``transpipe translate`` says about a run, gathered article by article.

The library hands each article's result to :class:`TranslateReport` as soon
as its catalogues are written and keeps none of them, so what the command
holds must not grow with the archive either:

- ``--format json``: each article's object (and each article's fragments) is
  written to a spooled temporary file as it comes (memory up to 1 MiB, then
  disk) and the document is printed whole at the end, so a run that fails
  prints no half a document.
- the table: one row per catalogue for up to :data:`ROWS` articles; beyond
  that, one row per language with the totals (a million rows help nobody).
- the notes on stderr: every catalogue a reviewer saved during the run and
  every engine switch (each is said), and the stray fragments of up to
  :data:`ROWS` articles, then how many more articles have them.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field
from typing import IO, TYPE_CHECKING, Any, Self

import typer

from transpipe.face.output import count, print_table, shown_path

if TYPE_CHECKING:
    from transpipe.commands.translate import ArticleResult, CatalogResult, TranslateResult
    from transpipe.core.config import Settings

ROWS = 200  # articles shown one by one (table rows, fragment notes) before totals only
_SPOOL = 1 << 20  # bytes of JSON held in memory before the spool goes to disk


@dataclass(slots=True)
class _LanguageTotals:
    catalogs: int = 0
    entries: int = 0
    approved: int = 0
    fuzzy: int = 0
    written: int = 0


@dataclass(slots=True)
class TranslateReport:
    """Collects what the command prints; call it with each :class:`ArticleResult`, inside
    ``with`` (which removes the spools)."""

    json: bool
    fix: bool
    articles: int = 0
    rows: list[tuple[str, ...]] = field(default_factory=list)
    languages: dict[str, _LanguageTotals] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # said whatever the run's size
    fragment_notes: list[str] = field(default_factory=list)
    more_with_fragments: int = 0
    spools: dict[str, IO[str]] = field(default_factory=dict)  # "articles", "fragments"
    files: ExitStack = field(default_factory=ExitStack)  # the spools, closed on exit

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.files.close()

    def __call__(self, article: ArticleResult) -> None:
        self.articles += 1
        for c in article.catalogs:
            totals = self.languages.setdefault(c.language, _LanguageTotals())
            totals.catalogs += 1
            totals.entries += c.stats.entries
            totals.approved += c.stats.approved
            totals.fuzzy += c.stats.fuzzy
            totals.written += c.written
            if self.articles <= ROWS:
                self.rows.append((
                    article.name, c.language, shown_path(c.path), str(c.stats.entries),
                    str(c.stats.approved), str(c.stats.fuzzy), "yes" if c.written else "unchanged",
                ))  # fmt: skip
            self.notes.extend(_catalog_notes(c))
        if article.fragments:
            if len(self.fragment_notes) < ROWS:
                self.fragment_notes.append(self._fragment_note(article))
            else:
                self.more_with_fragments += 1
        if self.json:
            self._spool("articles", article_json(article))
            if article.fragments:
                fragments = [asdict(f) for f in article.fragments]
                self._spool("fragments", {"file": article.shown, "fragments": fragments})

    def _fragment_note(self, article: ArticleResult) -> str:
        fixed = "repaired where the glossary knows them" if self.fix else "see: transpipe detect"
        return (
            f"transpipe: {count(len(article.fragments), 'stray fragment')} in {article.shown} "
            f"({fixed}); each is noted in its catalogue entry"
        )

    def _spool(self, key: str, obj: dict[str, Any]) -> None:
        spool = self.spools.get(key)
        if spool is None:  # made for its first object
            spool = self.spools[key] = self.files.enter_context(
                tempfile.SpooledTemporaryFile(_SPOOL, "w+", encoding="utf-8")  # noqa: SIM115
            )
        else:
            spool.write(",\n")
        spool.write(_indented(obj, 4))

    def print_json(self, result: TranslateResult) -> None:
        """The run as one JSON document, laid out as :func:`.output.print_json` lays out any,
        from the spools."""
        out = sys.stdout
        out.write("{\n")
        self._write_array(out, "articles")
        out.write(f',\n  "models": {_indented([asdict(m) for m in result.models], 2)[2:]},\n')
        self._write_array(out, "fragments")
        out.write(f',\n  "segments_translated": {result.segments_translated}\n}}\n')
        out.flush()

    def _write_array(self, out: IO[str], key: str) -> None:
        spool = self.spools.get(key)
        if spool is None:
            out.write(f'  "{key}": []')
            return
        out.write(f'  "{key}": [\n')
        spool.seek(0)
        shutil.copyfileobj(spool, out)
        out.write("\n  ]")

    def print_table(self) -> None:
        """One row per catalogue, or per language when the run had more than ROWS articles."""
        if self.articles <= ROWS:
            print_table(
                "Catalogues",
                ("article", "language", "catalogue", "entries", "approved", "fuzzy", "written"),
                self.rows,
            )
            return
        print_table(
            f"Catalogues of {self.articles} articles, by language",
            ("language", "catalogues", "entries", "approved", "fuzzy", "written", "unchanged"),
            (
                (code, str(t.catalogs), str(t.entries), str(t.approved), str(t.fuzzy),
                 str(t.written), str(t.catalogs - t.written))
                for code, t in self.languages.items()
            ),
        )  # fmt: skip

    def print_notes(self, settings: Settings, *, quiet: bool) -> None:
        """The lines said on stderr after the table: what a reviewer must know."""
        from transpipe.commands.articles import english_only

        for note in self.notes:  # always said: a reviewer's work is involved
            typer.echo(note, err=True)
        if quiet:
            return
        if not english_only(settings):
            typer.echo(
                f"transpipe: the glossary and stray-fragment detection serve English articles; "
                f"neither is applied to this {settings.source} source",
                err=True,
            )
        for note in self.fragment_notes:
            typer.echo(note, err=True)
        if self.more_with_fragments:
            typer.echo(
                f"transpipe: and {count(self.more_with_fragments, 'more article')} with stray "
                "fragments (see: transpipe detect)",
                err=True,
            )


def _catalog_notes(catalog: CatalogResult) -> list[str]:
    notes = []
    if catalog.merged_edits:
        notes.append(
            f"transpipe: {shown_path(catalog.path)} was saved by someone else during this "
            "run; their edits are kept and this run's output merged into them"
        )
    if catalog.switched_from and catalog.replaced:
        notes.append(
            f"transpipe: {shown_path(catalog.path)}: "
            f"{count(catalog.replaced, 'unreviewed machine translation')} by "
            f"{catalog.switched_from} replaced with this engine's output; approved "
            f"entries are kept, and the {catalog.switched_from} output stays in the "
            "memory for a run with that engine"
        )
    return notes


def _indented(obj: Any, by: int) -> str:
    """``obj`` as indented JSON, every line shifted ``by`` spaces (a string in JSON never
    holds a raw newline, so lines are safe to shift)."""
    text = json.dumps(obj, indent=2, ensure_ascii=False)
    return "\n".join(" " * by + line for line in text.split("\n"))


def article_json(a: ArticleResult) -> dict[str, Any]:
    """One article of ``translate --format json``."""
    return {
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
