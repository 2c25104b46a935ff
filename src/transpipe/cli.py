"""The ``transpipe`` command line: a thin shell over :mod:`transpipe.pipeline`.

Each command parses its options, makes one library call and turns
:class:`~transpipe.errors.TranspipeError` into a one-line message with the
error's exit code (2 for usage and input errors).  Heavy modules are imported
inside the commands that need them, so ``--help`` starts fast.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from transpipe import __version__
from transpipe.errors import EXIT_USAGE, TranspipeError

if TYPE_CHECKING:
    from transpipe.config import Settings
    from transpipe.pipeline import TranslateResult

app = typer.Typer(
    help="Turn English news articles into reviewed, localized editions, offline.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
models_app = typer.Typer(help="List and install translation models.", no_args_is_help=True)
app.add_typer(models_app, name="models")

FormatOption = Annotated[str, typer.Option("--format", help="Output: table or json.")]
ConfigOption = Annotated[
    Path | None, typer.Option("--config", help="Use this transpipe.toml instead of searching.")
]
PackagesOption = Annotated[
    Path | None,
    typer.Option("--packages-dir", help="Folder of installed Argos packages."),
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


def _check_format(fmt: str) -> None:
    if fmt not in ("table", "json"):
        _fail(f"--format must be table or json, not {fmt!r}")


def _settings(config: Path | None, **overrides: Any) -> Settings:
    from transpipe.config import load_settings

    return load_settings(config=config).with_overrides(**overrides)


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
def translate(
    articles: Annotated[list[str], typer.Argument(help="Article files, folders or glob patterns.")],
    to: Annotated[
        str | None, typer.Option("--to", "-t", help="Target languages, e.g. de,fr,uk.")
    ] = None,
    source: Annotated[str | None, typer.Option(help="Source language code.")] = None,
    locales: Annotated[Path | None, typer.Option(help="Folder for .pot/.po catalogues.")] = None,
    engine: Annotated[str | None, typer.Option(help="Translation engine.")] = None,
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
    download: Annotated[
        bool, typer.Option("--download", help="Fetch missing models from the Argos index first.")
    ] = False,
    config: ConfigOption = None,
    fmt: FormatOption = "table",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")] = False,
) -> None:
    """Translate articles into .pot/.po catalogues for review (machine output is fuzzy)."""
    _check_format(fmt)
    from transpipe import pipeline
    from transpipe.languages import parse_language_list

    try:
        settings = _settings(
            config,
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
        )
        targets = parse_language_list(to) if to else None
        if download:
            missing = pipeline.missing_pairs(settings, targets)
            for src, tgt in missing:
                _install_with_progress(settings, f"{src}-{tgt}", quiet)
        result = pipeline.translate(
            articles, settings, targets=targets, progress=None if quiet else _progress_printer()
        )
    except TranspipeError as exc:
        _fail(exc)
    if fmt == "json":
        typer.echo(json.dumps(_translate_json(result), indent=2, ensure_ascii=False))
    elif not quiet:
        _print_translate_table(result)


def _progress_printer() -> Any:
    interactive = sys.stderr.isatty()

    def hook(lang: str, done: int, total: int) -> None:
        if done == 0:
            typer.echo(f"translating {total} segments into {lang} ...", err=True)
        elif interactive:
            typer.echo(f"  {lang}: {done}/{total} done", err=True)

    return hook


def _translate_json(result: TranslateResult) -> dict[str, Any]:
    return {
        "articles": [
            {
                "file": str(a.path),
                "name": a.name,
                "sentences": a.sentences,
                "unique": a.unique,
                "template": str(a.template),
                "catalogs": [
                    {
                        "language": c.language,
                        "file": str(c.path),
                        "written": c.written,
                        **asdict(c.stats),
                    }
                    for c in a.catalogs
                ],
            }
            for a in result.articles
        ],
        "models": [asdict(m) for m in result.models],
        "segments_translated": result.segments_translated,
    }


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _print_translate_table(result: TranslateResult) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Catalogues")
    for column in ("article", "language", "catalogue", "entries", "approved", "fuzzy", "written"):
        table.add_column(column)
    for article in result.articles:
        for c in article.catalogs:
            table.add_row(
                article.name,
                c.language,
                _shown(c.path),
                str(c.stats.entries),
                str(c.stats.approved),
                str(c.stats.fuzzy),
                "yes" if c.written else "unchanged",
            )
    Console().print(table)


def _install_with_progress(settings: Settings, spec: str, quiet: bool) -> str:
    from transpipe import pipeline

    if quiet or Path(spec).suffix == ".argosmodel":
        return pipeline.install_model(settings, spec)
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

        return pipeline.install_model(settings, spec, progress=hook)


@models_app.command("list")
def models_list(
    available: Annotated[
        bool, typer.Option("--available", help="Also list pairs in the Argos index (network).")
    ] = False,
    packages_dir: PackagesOption = None,
    package_index: IndexOption = None,
    config: ConfigOption = None,
    fmt: FormatOption = "table",
) -> None:
    """Show installed (and, with --available, downloadable) language pairs."""
    _check_format(fmt)
    from transpipe import pipeline

    try:
        settings = _settings(config, packages_dir=packages_dir, package_index=package_index)
        pairs = pipeline.list_models(settings, available=available)
    except TranspipeError as exc:
        _fail(exc)
    if fmt == "json":
        typer.echo(json.dumps([asdict(p) for p in pairs], indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Models ({settings.engine.name})")
    for column in ("pair", "model", "version", "installed"):
        table.add_column(column)
    for p in pairs:
        table.add_row(f"{p.source}-{p.target}", p.model, p.version, "yes" if p.installed else "no")
    Console().print(table)
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
) -> None:
    """Install models: pairs from the Argos index, or package files (offline)."""
    try:
        settings = _settings(config, packages_dir=packages_dir, package_index=package_index)
        for spec in specs:
            installed = _install_with_progress(settings, spec, quiet=False)
            typer.echo(f"installed {installed}")
    except TranspipeError as exc:
        _fail(exc)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="transpipe")
