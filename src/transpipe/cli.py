"""The ``transpipe`` command line: a thin shell over the library API (:mod:`transpipe.commands`).

Each command parses its options, makes one library call and turns
:class:`~transpipe.core.errors.TranspipeError` into a one-line message with the
error's exit code (2 for usage and input errors).  Heavy modules are imported
inside the commands that need them, so ``--help`` starts fast.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, Self

import typer
from typer.core import TyperGroup

import transpipe
from transpipe import __version__
from transpipe.core.errors import EXIT_USAGE, TranspipeError

if TYPE_CHECKING:
    from transpipe.commands.models import EngineListing
    from transpipe.commands.translate import TranslateResult
    from transpipe.core.config import Settings


class _OneLineErrors(TyperGroup):
    """The last line of defence: an error no command expected is one line, exit 2.

    Commands turn :class:`~transpipe.core.errors.TranspipeError` into a line
    themselves; a system error (``OSError``: disk full, a read-only folder, a
    broken pipe), a value the library refused (``ValueError``), input nested
    too deeply (``RecursionError``) or too large (``MemoryError``) must not
    print a traceback either.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _name_values(self)

    def invoke(self, ctx: Any) -> Any:  # typer's own click Context
        try:
            return super().invoke(ctx)
        except TranspipeError as exc:
            _fail(exc)
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename is not None else ""
            _fail(f"{where}{exc.strerror or exc}")
        except RecursionError:
            _fail("the input is nested too deeply to read")
        except MemoryError:
            _fail("the input is too large to hold in memory")
        except ValueError as exc:
            _fail(str(exc))
        except Exception as exc:  # after the others: only a usage error is handled here
            if not any(k.__name__ == "UsageError" for k in type(exc).__mro__):
                raise
            # a bad option or value: one line with the way to help, not a boxed panel
            path = getattr(getattr(exc, "ctx", None), "command_path", "") or ""
            where = " ".join(["transpipe", *path.split()[1:]])  # whatever program ran it
            message = exc.format_message().rstrip(".")  # type: ignore[attr-defined]
            _fail(f"{message}; see {where} --help")


# what each value stands for in --help, instead of its Python type (<str>, <int>)
_METAVARS = {
    "articles": "ARTICLE...", "specs": "PAIR|FILE...", "term": "TERM", "source_file": "FILE",
    "to": "LANGS", "languages": "LANGS", "source": "LANG", "deepl_target": "LANG",
    "locales": "FOLDER", "editions": "FOLDER", "packages_dir": "FOLDER", "config": "FILE",
    "glossary": "FILE", "output": "FILE", "engine": "NAME", "device": "cpu|cuda|auto",
    "compute_type": "TYPE", "beam_size": "N", "inter_threads": "N", "intra_threads": "N",
    "package_index": "URL", "min_reviewed": "SHARE", "glossary_mode": "enforce|check",
}  # fmt: skip


def _name_values(group: Any) -> None:
    """Give every option and argument of ``group``'s commands its metavar from _METAVARS."""
    for command in getattr(group, "commands", {}).values():
        _name_values(command)
        for param in getattr(command, "params", []):
            flag = getattr(param, "is_flag", False)
            if param.metavar is None and not flag and param.name in _METAVARS:
                param.metavar = _METAVARS[param.name]


app = typer.Typer(
    cls=_OneLineErrors,
    help="Turn English news articles into reviewed, localized editions, offline.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
models_app = typer.Typer(help="List and install translation models.", no_args_is_help=True)
app.add_typer(models_app, name="models")
glossary_app = typer.Typer(
    help="Validate, look up, export and import glossaries.", no_args_is_help=True
)
app.add_typer(glossary_app, name="glossary")


class Output(str, Enum):
    """What a command prints: a table for people, JSON for programs."""

    table = "table"
    json = "json"


class CheckOutput(str, Enum):
    """``check`` also speaks GitHub's workflow annotations."""

    table = "table"
    json = "json"
    github = "github"


class ExportFormat(str, Enum):
    """Glossary exchange formats."""

    tbx = "tbx"
    csv = "csv"
    deepl = "deepl"


FormatOption = Annotated[Output, typer.Option("--format", help="Output.")]
QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="Print only errors (JSON is still printed).")
]
ConfigOption = Annotated[
    Path | None, typer.Option("--config", help="Use this transpipe.toml instead of searching.")
]
PackagesOption = Annotated[
    Path | None,
    typer.Option(
        "--packages-dir",
        help="Folder of installed models: Argos packages, or Apertium's data folder (apertium -d).",
    ),
]
GlossaryOption = Annotated[
    list[Path] | None,
    typer.Option("--glossary", "-g", help="Glossary file, after the configured ones (repeatable)."),
]
BuiltinOption = Annotated[
    bool | None,
    typer.Option(
        "--builtin-glossary/--no-builtin-glossary",
        help="Use the built-in defence glossary under the others (default: yes, or the "
        "builtin_glossary setting).",
    ),
]
HouseStyleOption = Annotated[
    bool | None,
    typer.Option(
        "--house-style/--no-house-style",
        help="House style: rewrite accepted variants (US spellings, other names) to the term.",
    ),
]
IndexOption = Annotated[
    str | None,
    typer.Option("--package-index", help="URL of an Argos package index (a mirror)."),
]


def _fail(error: TranspipeError | str, code: int = EXIT_USAGE) -> NoReturn:
    message = str(error)
    if isinstance(error, TranspipeError):
        code = error.exit_code
    typer.echo(f"transpipe: error: {message}", err=True)
    raise typer.Exit(code)


def _print_json(data: Any) -> None:
    """``data`` as indented JSON on stdout, non-ASCII text as itself."""
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


def _print_table(title: str, columns: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """A table on stdout (see :func:`_console`); every cell is plain text, never markup."""
    from rich.table import Table

    table = Table(title=title)
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*row)
    _console().print(table)


def _echo_per_file(objects: list[dict[str, Any]]) -> None:
    """JSON for per-file results: one object for one file, a list for several."""
    _print_json(objects[0] if len(objects) == 1 else objects)


def _settings(config: Path | None, articles: Sequence[str] = (), **overrides: Any) -> Settings:
    """Settings from ``config``, else the articles' own project, with command-line overrides."""
    from transpipe.core.config import load_settings_for

    files: Sequence[str] = articles
    if articles and config is None:  # the project is decided by each matched file
        from transpipe.commands.articles import collect_articles

        files = [str(path) for path in collect_articles(articles)]
    return load_settings_for(files, config=config).with_overrides(**overrides)


def _with_glossaries(
    settings: Settings, extra: list[Path] | None, builtin: bool | None = None
) -> Settings:
    """``extra`` glossary files after the configured ones; ``builtin`` False drops the
    built-in glossary (True adds it where the settings left it out)."""
    from transpipe.core.config import builtin_glossaries

    shipped = builtin_glossaries()
    own = tuple(p for p in settings.glossaries if p not in shipped)
    has_builtin = len(own) < len(settings.glossaries)
    use_builtin = has_builtin if builtin is None else builtin
    glossaries = (*(shipped if use_builtin else ()), *own, *(extra or ()))
    if glossaries == settings.glossaries:
        return settings
    return settings.with_overrides(glossaries=glossaries)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"transpipe {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Turn English news articles into reviewed, localized editions, offline."""


@app.command()
def init(
    to: Annotated[
        str | None, typer.Option("--to", "-t", help="Target languages, e.g. de,fr,uk.")
    ] = None,
    source: Annotated[str, typer.Option(help="Source language code.")] = "en",
) -> None:
    """Start a project here: write a commented transpipe.toml with every setting."""
    from transpipe.core.config import init_project
    from transpipe.core.languages import parse_language_list

    path = init_project(Path.cwd(), parse_language_list(to) if to else (), source)
    then = "run transpipe translate ARTICLE" if to else "set targets, then run transpipe translate"
    typer.echo(f"wrote {path.name}: {then}", err=True)


@app.command()
def translate(
    articles: Annotated[list[str], typer.Argument(help="Article files, folders or glob patterns.")],
    to: Annotated[
        str | None, typer.Option("--to", "-t", help="Target languages, e.g. de,fr,uk.")
    ] = None,
    source: Annotated[
        str | None, typer.Option(help="Source language code, or auto: the articles' own.")
    ] = None,
    locales: Annotated[Path | None, typer.Option(help="Folder for .pot/.po catalogues.")] = None,
    engine: Annotated[
        str | None,
        typer.Option(
            help="Translation engine: argos, apertium, pseudo or a plug-in (transpipe engines)."
        ),
    ] = None,
    device: Annotated[str | None, typer.Option(help="cpu, cuda or auto.")] = None,
    beam_size: Annotated[int | None, typer.Option(help="Beam size (1 is fastest).")] = None,
    compute_type: Annotated[
        str | None, typer.Option(help="CTranslate2 compute type, e.g. int8, float32.")
    ] = None,
    inter_threads: Annotated[
        int | None, typer.Option(help="Parallel translation workers (0: one per core).")
    ] = None,
    intra_threads: Annotated[int | None, typer.Option(help="Threads per worker.")] = None,
    packages_dir: PackagesOption = None,
    package_index: IndexOption = None,
    glossary: GlossaryOption = None,
    builtin_glossary: BuiltinOption = None,
    glossary_mode: Annotated[
        str | None,
        typer.Option(help="enforce: protect approved terms; check: translate, then verify."),
    ] = None,
    expand_abbreviations: Annotated[
        bool | None,
        typer.Option(
            "--expand-abbreviations/--no-expand-abbreviations",
            help="House style: spell out an abbreviation at its first mention.",
        ),
    ] = None,
    house_style: HouseStyleOption = None,
    download: Annotated[
        bool, typer.Option("--download", help="Fetch missing models from the Argos index first.")
    ] = False,
    fix: Annotated[
        bool,
        typer.Option("--fix", help="Apply glossary-backed repairs of stray fragments first."),
    ] = False,
    config: ConfigOption = None,
    fmt: FormatOption = Output.table,
    quiet: QuietOption = False,
) -> None:
    """Translate articles into .pot/.po catalogues for review (machine output is fuzzy)."""
    from transpipe.core.languages import parse_language_list

    if source == "auto":  # the articles' own language, by langdetect
        source = transpipe.identify_source(articles)
        if not quiet:
            typer.echo(f"transpipe: source language: {source}", err=True)
    settings = _settings(
        config,
        articles,
        source=source,
        locales=locales,
        name=engine,
        device=device,
        beam_size=beam_size,
        compute_type=compute_type,
        inter_threads=inter_threads,
        intra_threads=intra_threads,
        packages_dir=packages_dir,
        package_index=package_index,
        glossary_mode=glossary_mode,
        expand_abbreviations=expand_abbreviations,
        house_style=house_style,
    )
    settings = _with_glossaries(settings, glossary, builtin_glossary)
    targets = parse_language_list(to) if to else None
    if download:
        missing = transpipe.missing_pairs(settings, targets)
        for src, tgt in missing:
            _install_with_progress(settings, f"{src}-{tgt}", quiet)
    with _Progress() as bars:
        result = transpipe.translate(
            articles, settings, targets=targets, progress=None if quiet else bars, fix=fix
        )
    if fmt == "json":
        _print_json(_translate_json(result))
    elif not quiet:
        _print_translate_table(result)
    for article in result.articles:
        for catalog in article.catalogs:
            if catalog.merged_edits:  # always said: a reviewer's work is involved
                typer.echo(
                    f"transpipe: {_shown(catalog.path)} was saved by someone else during this "
                    "run; their edits are kept and this run's output merged into them",
                    err=True,
                )
            if catalog.switched_from and catalog.replaced:  # always said: review work changes
                typer.echo(
                    f"transpipe: {_shown(catalog.path)}: "
                    f"{count(catalog.replaced, 'unreviewed machine translation')} by "
                    f"{catalog.switched_from} replaced with this engine's output; approved "
                    f"entries are kept, and the {catalog.switched_from} output stays in the "
                    "memory for a run with that engine",
                    err=True,
                )
    from transpipe.commands.articles import english_only

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


def _console() -> Any:
    """A console for tables: user text never read as markup; off a terminal (a CI log, a
    pipe) as wide as the table needs, so no cell is cut or wrapped at 80 columns."""
    from rich.console import Console

    wide = None if sys.stdout.isatty() else 100_000
    return Console(markup=False, highlight=False, width=wide, soft_wrap=False)


def count(n: int, noun: str) -> str:
    """``1 segment``, ``2 segments``: a number and its noun, in the right number."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


class _Progress:
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


def _translate_json(result: TranslateResult) -> dict[str, Any]:
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


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _print_translate_table(result: TranslateResult) -> None:
    _print_table(
        "Catalogues",
        ("article", "language", "catalogue", "entries", "approved", "fuzzy", "written"),
        (
            (article.name, c.language, _shown(c.path), str(c.stats.entries),
             str(c.stats.approved), str(c.stats.fuzzy), "yes" if c.written else "unchanged")
            for article in result.articles
            for c in article.catalogs
        ),
    )  # fmt: skip


def _install_with_progress(settings: Settings, spec: str, quiet: bool) -> str:

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


@models_app.command("list")
def models_list(
    available: Annotated[
        bool, typer.Option("--available", help="Also list pairs in the Argos index (network).")
    ] = False,
    packages_dir: PackagesOption = None,
    package_index: IndexOption = None,
    config: ConfigOption = None,
    fmt: FormatOption = Output.table,
) -> None:
    """Show installed (and, with --available, downloadable) language pairs."""

    settings = _settings(config, packages_dir=packages_dir, package_index=package_index)
    pairs = transpipe.list_models(settings, available=available)
    broken = transpipe.broken_models(settings)
    for line in broken:
        typer.echo(f"transpipe: warning: broken package, skipped: {line}", err=True)
    if fmt == "json":
        _print_json([asdict(p) for p in pairs])
        return
    _print_table(
        f"Models ({settings.engine.name})",
        ("pair", "model", "version", "installed"),
        (
            (f"{p.source}-{p.target}", p.model, p.version, "yes" if p.installed else "no")
            for p in pairs
        ),
    )
    if not pairs:
        typer.echo(
            "no models installed; install one with: transpipe models install en-de "
            "(network) or transpipe models install FILE.argosmodel",
            err=True,
        )


@models_app.command("install")
def models_install(
    specs: Annotated[list[str], typer.Argument(help="Pairs such as en-de, or .argosmodel files.")],
    packages_dir: PackagesOption = None,
    package_index: IndexOption = None,
    config: ConfigOption = None,
    quiet: QuietOption = False,
) -> None:
    """Install models: pairs from the Argos index, or package files (offline)."""
    settings = _settings(config, packages_dir=packages_dir, package_index=package_index)
    for spec in specs:
        installed = _install_with_progress(settings, spec, quiet=quiet)
        if not quiet:
            typer.echo(f"installed {installed}")


@app.command()
def engines(
    packages_dir: PackagesOption = None,
    config: ConfigOption = None,
    fmt: FormatOption = Output.table,
) -> None:
    """List translation engines (built-in and plug-ins) and the pairs each serves here."""

    listings = transpipe.list_engines(_settings(config, packages_dir=packages_dir))
    if fmt == "json":
        _print_json([asdict(e) for e in listings])
        return
    _print_table(
        "Engines",
        ("engine", "from", "pairs on this machine"),
        ((e.name, e.origin, _engine_pairs(e)) for e in listings),
    )


def _engine_pairs(e: EngineListing) -> str:
    if e.shadowed:
        return f"not used: the built-in {e.name} engine has this name"
    if e.error is not None:
        return f"error: {e.error}"
    return ", ".join(e.pairs) or "none installed"


ToOption = Annotated[
    str | None, typer.Option("--to", "-t", help="Languages (default: configured or found).")
]
ArticlesArgument = Annotated[
    list[str], typer.Argument(help="Article files, folders or glob patterns.")
]


def _targets(to: str | None) -> tuple[str, ...] | None:
    from transpipe.core.languages import parse_language_list

    return parse_language_list(to) if to else None


@app.command()
def build(
    articles: ArticlesArgument,
    to: ToOption = None,
    drafts: Annotated[
        bool, typer.Option("--drafts", help="Use unreviewed machine output (marked as draft).")
    ] = False,
    min_reviewed: Annotated[
        float | None,
        typer.Option(help="Approved share a language needs for its edition (default 0.8)."),
    ] = None,
    editions: Annotated[Path | None, typer.Option(help="Folder for the editions.")] = None,
    locales: Annotated[Path | None, typer.Option(help="Folder of the catalogues.")] = None,
    config: ConfigOption = None,
    fmt: FormatOption = Output.table,
    quiet: QuietOption = False,
    glossary: GlossaryOption = None,
    builtin_glossary: BuiltinOption = None,
) -> None:
    """Write localized editions from reviewed catalogues (and the normalised source edition)."""

    settings = _with_glossaries(
        _settings(config, articles, editions=editions, locales=locales, min_reviewed=min_reviewed),
        glossary,
        builtin_glossary,
    )
    results = transpipe.build(articles, settings, targets=_targets(to), drafts=drafts)
    if fmt == "json":
        rows = [
            {"article": r.article, "language": r.language, "file": str(r.path),
             **asdict(r.edition)}
            for r in results
        ]  # fmt: skip
        for row in rows:
            row.pop("text", None)
        _print_json(rows)
        return
    if quiet:
        return
    _print_table(
        "Editions",
        ("article", "language", "approved", "drafts", "source", "share", "edition"),
        (
            (r.article, r.language, f"{r.edition.approved}/{r.edition.total}",
             str(r.edition.drafts_used), str(r.edition.fallbacks), f"{r.edition.share:.0%}",
             _shown(r.path) if r.edition.written else "not written: under the threshold")
            for r in results
        ),
    )  # fmt: skip


@app.command()
def status(
    articles: ArticlesArgument,
    to: ToOption = None,
    locales: Annotated[Path | None, typer.Option(help="Folder of the catalogues.")] = None,
    config: ConfigOption = None,
    fmt: FormatOption = Output.table,
) -> None:
    """Review progress per article and language: approved, fuzzy, untranslated, obsolete."""

    rows = transpipe.status(
        articles, _settings(config, articles, locales=locales), targets=_targets(to)
    )
    if fmt == "json":
        data = [
            {"article": r.article, "language": r.language, "file": str(r.path),
             "approved": r.approved, "fuzzy": r.fuzzy, "untranslated": r.untranslated,
             "obsolete": r.obsolete, "share": round(r.share, 4)}
            for r in rows
        ]  # fmt: skip
        _print_json(data)
        return
    _print_table(
        "Review status",
        ("article", "language", "approved", "fuzzy", "untranslated", "obsolete", "approved share"),
        (
            (r.article, r.language, str(r.approved), str(r.fuzzy), str(r.untranslated),
             str(r.obsolete), f"{r.share:.0%}")
            for r in rows
        ),
    )  # fmt: skip


@app.command()
def check(
    articles: ArticlesArgument,
    to: ToOption = None,
    min_reviewed: Annotated[
        float | None, typer.Option(help="Approved share each catalogue needs (default 0.8).")
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail the check too.")] = False,
    locales: Annotated[Path | None, typer.Option(help="Folder of the catalogues.")] = None,
    config: ConfigOption = None,
    fmt: Annotated[
        CheckOutput, typer.Option("--format", help="Output (github: workflow annotations).")
    ] = CheckOutput.table,
    quiet: QuietOption = False,
    glossary: GlossaryOption = None,
    builtin_glossary: BuiltinOption = None,
) -> None:
    """The CI gate: catalogue syntax, completeness, glossary, placeholders, numbers, staleness.

    Exit 0 when clean, 1 with findings (errors, or warnings with --strict), 2 on bad input.
    """
    from transpipe.checks.rules import exit_code, format_github

    settings = _with_glossaries(
        _settings(config, articles, locales=locales, min_reviewed=min_reviewed),
        glossary,
        builtin_glossary,
    )
    findings = transpipe.check(articles, settings, targets=_targets(to))
    shown = [f for f in findings if f.severity == "error"] if quiet else findings
    if fmt == "json":
        _print_json([asdict(f) for f in findings])
    elif fmt == "github":
        if shown:
            typer.echo(format_github(shown))
    elif quiet:
        for finding in shown:
            typer.echo(str(finding))
    else:
        for finding in findings:
            typer.echo(str(finding))
        errors = sum(1 for f in findings if f.severity == "error")
        typer.echo(
            f"{count(errors, 'error')}, {count(len(findings) - errors, 'warning')}", err=True
        )
    raise typer.Exit(exit_code(findings, strict=strict))


@app.command()
def detect(
    articles: Annotated[list[str], typer.Argument(help="Article files, folders or glob patterns.")],
    glossary: GlossaryOption = None,
    builtin_glossary: BuiltinOption = None,
    back_translate: Annotated[
        bool,
        typer.Option(
            "--back-translate/--no-back-translate",
            help="Suggest a translation where a model into the source language is installed.",
        ),
    ] = True,
    packages_dir: PackagesOption = None,
    config: ConfigOption = None,
    fmt: FormatOption = Output.table,
    quiet: QuietOption = False,
) -> None:
    """Find stray foreign fragments (exit 1 if any): mixed scripts, look-alikes, other languages."""

    settings = _with_glossaries(
        _settings(config, articles, packages_dir=packages_dir), glossary, builtin_glossary
    )
    results = transpipe.detect(articles, settings, back_translate=back_translate)
    if fmt == "json":
        objects = [
            {
                "file": r.display,
                "language": r.language,
                "language_confidence": r.language_confidence,
                "fragments": [asdict(f) for f in r.fragments],
            }
            for r in results
        ]
        _echo_per_file(objects)
    elif not quiet:
        from transpipe.commands.articles import ARTICLE_PROBABILITY

        for r in results:
            foreign = r.language and r.language != settings.source
            if foreign and r.language_confidence >= ARTICLE_PROBABILITY:
                _console().print(
                    f"{r.display}: the article is in {r.language} "
                    f"({r.language_confidence:.2f}), not in {settings.source}"
                )
            if not r.fragments:
                _console().print(f"{r.display}: no stray fragments")
                continue
            _print_table(
                f"{r.display}: {count(len(r.fragments), 'stray fragment')}",
                ("line", "text", "kind", "lang", "conf.", "suggestion"),
                (
                    (str(f.line), f.text, f.kind, f.lang or "", f"{f.confidence:.2f}",
                     f.suggestion or "")
                    for f in r.fragments
                ),
            )  # fmt: skip
    if any(r.fragments for r in results):
        raise typer.Exit(1)


@app.command()
def normalise(
    articles: Annotated[list[str], typer.Argument(help="Article files, folders or glob patterns.")],
    write: Annotated[
        bool, typer.Option("--write", help="Rewrite the articles normalised (atomically).")
    ] = False,
    glossary: GlossaryOption = None,
    builtin_glossary: BuiltinOption = None,
    expand_abbreviations: Annotated[
        bool | None,
        typer.Option(
            "--expand-abbreviations/--no-expand-abbreviations",
            help="House style: spell out an abbreviation at its first mention.",
        ),
    ] = None,
    house_style: HouseStyleOption = None,
    config: ConfigOption = None,
    fmt: FormatOption = Output.table,
    quiet: QuietOption = False,
) -> None:
    """Show every glossary term in articles and how it is normalised; --write applies it."""

    settings = _with_glossaries(
        _settings(
            config,
            articles,
            expand_abbreviations=expand_abbreviations,
            house_style=house_style,
        ),
        glossary,
        builtin_glossary,
    )
    results = transpipe.normalise(articles, settings, write=write)
    if fmt == "json":
        objects = [
            {"file": r.display, "matches": [asdict(m) for m in r.matches], "written": r.written}
            for r in results
        ]
        _echo_per_file(objects)
        return
    if quiet:
        return
    for r in results:
        changed = sum(1 for m in r.matches if m.changed)
        suggested = sum(1 for m in r.matches if m.action == "suggest")
        _print_table(
            f"{r.display}: {len(r.matches)} glossary "
            f"{'match' if len(r.matches) == 1 else 'matches'}, {changed} changed, "
            f"{suggested} suggested",
            ("line", "text", "term", "class", "text after / proposed", "why"),
            (
                (str(m.line), m.text, m.term_id, m.action, m.replacement, m.reason)
                for m in r.matches
            ),
        )
        if r.written:
            _console().print(f"rewrote {r.display}")


def _glossary_settings(
    config: Path | None, glossary: list[Path] | None, builtin: bool | None
) -> Settings:
    return _with_glossaries(_settings(config), glossary, builtin)


@glossary_app.command("check")
def glossary_check(
    glossary: GlossaryOption = None,
    builtin_glossary: BuiltinOption = None,
    languages: Annotated[
        str | None,
        typer.Option("--languages", help="Languages every concept needs (default: targets)."),
    ] = None,
    config: ConfigOption = None,
    fmt: FormatOption = Output.table,
) -> None:
    """Validate glossaries: clashing forms, missing languages, empty fields (exit 1 if any)."""
    from transpipe.core.languages import parse_language_list
    from transpipe.terms.validate import split_concept

    settings = _glossary_settings(config, glossary, builtin_glossary)
    codes = parse_language_list(languages) if languages else ()
    report = transpipe.glossary_check(settings, codes)
    if fmt == "json":
        problems = []
        for f in report.findings:
            concept, message = split_concept(f)
            problems.append({"path": f.path, "line": f.line, "concept": concept,
                             "message": message, "severity": f.severity})  # fmt: skip
        _print_json({"concepts": report.concepts, "problems": problems})
    else:
        for f in report.findings:
            typer.echo(f"{f.severity}: {f.path}:{f.line}: {f.message}")
        warnings = len(report.findings) - report.errors
        typer.echo(
            f"{count(report.concepts, 'concept')}, {count(report.errors, 'error')}, "
            f"{count(warnings, 'warning')}",
            err=True,
        )
    if report.errors:
        raise typer.Exit(1)


@glossary_app.command("lookup")
def glossary_lookup(
    term: Annotated[str, typer.Argument(help="A term, abbreviation or variant.")],
    glossary: GlossaryOption = None,
    builtin_glossary: BuiltinOption = None,
    config: ConfigOption = None,
    fmt: FormatOption = Output.table,
) -> None:
    """Show the concept(s) a term belongs to (exit 1 if none)."""
    from transpipe.terms.gloss_format import format_concept

    found = transpipe.glossary_lookup(_glossary_settings(config, glossary, builtin_glossary), term)
    if found is None:
        typer.echo(f"transpipe: {term!r} is not in the glossary", err=True)
        raise typer.Exit(1)
    concept = found.concept
    if fmt == "json":
        data = asdict(concept)
        data["targets"] = {code: list(values) for code, values in concept.targets}
        data["matched_as"] = found.matched_as
        _print_json(data)
    else:
        typer.echo(f"# {concept.path}:{concept.line} (matched as {found.matched_as})")
        typer.echo(format_concept(concept), nl=False)


@glossary_app.command("export")
def glossary_export(
    fmt: Annotated[ExportFormat, typer.Option("--format", help="File format.")] = ExportFormat.tbx,
    to: Annotated[
        str | None, typer.Option("--to", help="Target language for --format deepl.")
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here.")] = None,
    glossary: GlossaryOption = None,
    builtin_glossary: BuiltinOption = None,
    config: ConfigOption = None,
) -> None:
    """Export the glossary for CAT tools: TBX-Basic, full CSV, or a DeepL CSV for one language."""
    if fmt == "deepl" and not to:
        _fail("--format deepl needs --to LANG")
    settings = _glossary_settings(config, glossary, builtin_glossary)
    _write_or_print(transpipe.glossary_export(settings, fmt.value, to), output)


@glossary_app.command("import")
def glossary_import(
    source: Annotated[Path, typer.Argument(help="A .tbx or .csv glossary.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the .gloss file here.")
    ] = None,
    deepl_target: Annotated[
        str | None,
        typer.Option("--deepl-target", help="Target language of a two-column DeepL CSV."),
    ] = None,
) -> None:
    """Convert a TBX or CSV glossary into transpipe's .gloss format."""
    text = transpipe.glossary_import(source, deepl_target)
    try:
        _write_or_print(text, output)
    except OSError as exc:
        _fail(f"{output}: cannot write: {exc.strerror or exc}")


def _write_or_print(text: str, output: Path | None) -> None:
    """``text`` to ``output`` (atomically), or to stdout without one."""
    from transpipe.core.fileio import atomic_write_text

    if output is None:
        sys.stdout.write(text)
    else:
        atomic_write_text(output, text)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="transpipe")
