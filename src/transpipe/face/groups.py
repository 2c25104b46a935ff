"""The command groups ``transpipe models|glossary|memory ...``, which ``cli`` adds.

Each command parses its options and makes one library call, as in ``cli``.
"""

from __future__ import annotations

import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

import transpipe
from transpipe.face.options import (
    BuiltinOption,
    ConfigOption,
    ExportFormat,
    FormatOption,
    GlossaryOption,
    IndexOption,
    Output,
    PackagesOption,
    QuietOption,
)
from transpipe.face.output import (
    count,
    install_with_progress,
    print_json,
    print_table,
    shown_path,
)
from transpipe.face.settings import parse_targets, settings_from, with_glossaries
from transpipe.face.shell import fail

if TYPE_CHECKING:
    from transpipe.core.config import Settings

models_app = typer.Typer(help="List and install translation models.", no_args_is_help=True)
glossary_app = typer.Typer(
    help="Validate, look up, export and import glossaries.", no_args_is_help=True
)
memory_app = typer.Typer(help="The machine-translation memory.", no_args_is_help=True)


@memory_app.command("merge")
def memory_merge(
    memories: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Shard memories to join (default: every .transpipe/memory.shard-*.sqlite3)."
        ),
    ] = None,
    keep: Annotated[
        bool, typer.Option("--keep", help="Keep the shard memories after joining them.")
    ] = False,
    config: ConfigOption = None,
    fmt: FormatOption = Output.table,
) -> None:
    """Join the memories of a sharded run (translate --shard I/N) into the project's memory."""
    settings = settings_from(config)
    result = transpipe.merge_shard_memories(settings, memories or (), keep=keep)
    if fmt == "json":
        print_json(
            {
                "into": str(result.into),
                "sources": [str(p) for p in result.sources],
                "added": result.added,
                "known": result.known,
            }
        )
        return
    if not result.sources:
        typer.echo("transpipe: no shard memory to merge", err=True)
        return
    typer.echo(
        f"{shown_path(result.into)}: {result.added} entries added, {result.known} known "
        f"already, from {len(result.sources)} shard memories"
    )


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

    settings = settings_from(config, packages_dir=packages_dir, package_index=package_index)
    pairs = transpipe.list_models(settings, available=available)
    broken = transpipe.broken_models(settings)
    for line in broken:
        typer.echo(f"transpipe: warning: broken package, skipped: {line}", err=True)
    if fmt == "json":
        print_json([asdict(p) for p in pairs])
        return
    print_table(
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
    settings = settings_from(config, packages_dir=packages_dir, package_index=package_index)
    for spec in specs:
        installed = install_with_progress(settings, spec, quiet=quiet)
        if not quiet:
            typer.echo(f"installed {installed}")


def _glossary_settings(
    config: Path | None, glossary: list[Path] | None, builtin: bool | None
) -> Settings:
    return with_glossaries(settings_from(config), glossary, builtin)


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
    from transpipe.terms.validate import split_concept

    settings = _glossary_settings(config, glossary, builtin_glossary)
    codes = parse_targets(languages) or ()
    report = transpipe.glossary_check(settings, codes)
    if fmt == "json":
        problems = []
        for f in report.findings:
            concept, message = split_concept(f)
            problems.append({"path": f.path, "line": f.line, "concept": concept,
                             "message": message, "severity": f.severity})  # fmt: skip
        print_json({"concepts": report.concepts, "problems": problems})
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
        print_json(data)
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
        fail("--format deepl needs --to LANG")
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
        fail(f"{output}: cannot write: {exc.strerror or exc}")


def _write_or_print(text: str, output: Path | None) -> None:
    """``text`` to ``output`` (atomically), or to stdout without one."""
    from transpipe.core.fileio import atomic_write_text

    if output is None:
        sys.stdout.write(text)
    else:
        atomic_write_text(output, text)
