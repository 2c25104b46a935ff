"""The ``transpipe`` command line: a thin shell over the library API (:mod:`transpipe.commands`).

Each command parses its options, makes one library call and turns
:class:`~transpipe.core.errors.TranspipeError` into a one-line message with the
error's exit code (2 for usage and input errors).  Heavy modules are imported
inside the commands that need them, so ``--help`` starts fast.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

import transpipe
from transpipe import __version__
from transpipe.face.options import (
    ArticlesArgument,
    BeamSizeOption,
    BuiltinOption,
    CheckOutput,
    ComputeTypeOption,
    ConfigOption,
    DeviceOption,
    DownloadOption,
    EngineOption,
    ExpandOption,
    ExportFormat,
    FixOption,
    FormatOption,
    GlossaryModeOption,
    GlossaryOption,
    HouseStyleOption,
    IndexOption,
    InterThreadsOption,
    IntraThreadsOption,
    LocalesOption,
    Output,
    PackagesOption,
    QuietOption,
    SourceOption,
    TargetsOption,
    ToOption,
)
from transpipe.face.output import (
    LanguageProgress,
    console,
    count,
    engine_pairs,
    install_with_progress,
    print_json,
    print_per_file,
    print_report_line,
    print_table,
    print_translate_notes,
    print_translate_table,
    print_worst,
    report_json,
    shown_path,
    translate_json,
)
from transpipe.face.shell import OneLineErrors, fail

if TYPE_CHECKING:
    from transpipe.core.config import Settings

app = typer.Typer(
    cls=OneLineErrors,
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


def _settings(config: Path | None, articles: Sequence[str] = (), **overrides: Any) -> Settings:
    """Settings from ``config``, else the articles' own project, with command-line overrides.

    ``articles`` are files (see :func:`_expand`): the project is decided by each of them.
    """
    from transpipe.core.config import load_settings_for

    return load_settings_for(articles, config=config).with_overrides(**overrides)


def _expand(articles: Sequence[str]) -> list[str]:
    """The article files that files, folders and patterns name, found once per command:
    the settings and the library call then get the files themselves."""
    from transpipe.commands.articles import collect_articles

    return [str(path) for path in collect_articles(articles)]


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


def _targets(to: str | None) -> tuple[str, ...] | None:
    from transpipe.core.languages import parse_language_list

    return parse_language_list(to) if to else None


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

    path = init_project(Path.cwd(), _targets(to) or (), source)
    then = "run transpipe translate ARTICLE" if to else "set targets, then run transpipe translate"
    typer.echo(f"wrote {path.name}: {then}", err=True)


@app.command()
def translate(
    articles: ArticlesArgument,
    to: TargetsOption = None,
    source: SourceOption = None,
    locales: LocalesOption = None,
    engine: EngineOption = None,
    device: DeviceOption = None,
    beam_size: BeamSizeOption = None,
    compute_type: ComputeTypeOption = None,
    inter_threads: InterThreadsOption = None,
    intra_threads: IntraThreadsOption = None,
    packages_dir: PackagesOption = None,
    package_index: IndexOption = None,
    glossary: GlossaryOption = None,
    builtin_glossary: BuiltinOption = None,
    glossary_mode: GlossaryModeOption = None,
    expand_abbreviations: ExpandOption = None,
    house_style: HouseStyleOption = None,
    download: DownloadOption = False,
    fix: FixOption = False,
    config: ConfigOption = None,
    fmt: FormatOption = Output.table,
    quiet: QuietOption = False,
) -> None:
    """Translate articles into .pot/.po catalogues for review (machine output is fuzzy)."""
    articles = _expand(articles)

    if source == "auto":  # the articles' own language, by langdetect
        source = transpipe.identify_source(articles)
        if not quiet:
            typer.echo(f"transpipe: source language: {source}", err=True)
    settings = _settings(
        config, articles, source=source, locales=locales, name=engine, device=device,
        beam_size=beam_size, compute_type=compute_type, inter_threads=inter_threads,
        intra_threads=intra_threads, packages_dir=packages_dir, package_index=package_index,
        glossary_mode=glossary_mode, expand_abbreviations=expand_abbreviations,
        house_style=house_style,
    )  # fmt: skip
    settings = _with_glossaries(settings, glossary, builtin_glossary)
    targets = _targets(to)
    if download:
        missing = transpipe.missing_pairs(settings, targets)
        for src, tgt in missing:
            install_with_progress(settings, f"{src}-{tgt}", quiet)
    with LanguageProgress() as bars:
        result = transpipe.translate(
            articles, settings, targets=targets, progress=None if quiet else bars, fix=fix
        )
    if fmt == "json":
        print_json(translate_json(result))
    elif not quiet:
        print_translate_table(result)
    print_translate_notes(result, settings, fix=fix, quiet=quiet)


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
    settings = _settings(config, packages_dir=packages_dir, package_index=package_index)
    for spec in specs:
        installed = install_with_progress(settings, spec, quiet=quiet)
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
        print_json([asdict(e) for e in listings])
        return
    print_table(
        "Engines",
        ("engine", "from", "pairs on this machine"),
        ((e.name, e.origin, engine_pairs(e)) for e in listings),
    )


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
    articles = _expand(articles)

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
        print_json(rows)
        return
    if quiet:
        return
    print_table(
        "Editions",
        ("article", "language", "approved", "drafts", "source", "share", "edition"),
        (
            (r.article, r.language, f"{r.edition.approved}/{r.edition.total}",
             str(r.edition.drafts_used), str(r.edition.fallbacks), f"{r.edition.share:.0%}",
             shown_path(r.path) if r.edition.written else "not written: under the threshold")
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
    worst: Annotated[
        int | None,
        typer.Option(
            "--worst",
            min=1,
            metavar="N",
            help="List the N unreviewed entries the engine was least sure of, riskiest first.",
        ),
    ] = None,
) -> None:
    """Review progress per article and language: approved, fuzzy, untranslated, obsolete."""
    articles = _expand(articles)
    settings = _settings(config, articles, locales=locales)
    if worst is not None:
        print_worst(transpipe.worst_entries(articles, settings, worst, targets=_targets(to)), fmt)
        return
    rows = transpipe.status(articles, settings, targets=_targets(to))
    if fmt == "json":
        data = [
            {"article": r.article, "language": r.language, "file": str(r.path),
             "approved": r.approved, "fuzzy": r.fuzzy, "untranslated": r.untranslated,
             "obsolete": r.obsolete, "share": round(r.share, 4)}
            for r in rows
        ]  # fmt: skip
        print_json(data)
        return
    print_table(
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
    disable: Annotated[
        list[str] | None,
        typer.Option("--disable", metavar="CODE", help="Leave out a finding code (repeatable)."),
    ] = None,
) -> None:
    """The CI gate: catalogue syntax, completeness, glossary, placeholders, numbers, staleness.

    Exit 0 when clean, 1 with findings (errors, or warnings with --strict), 2 on bad input.
    """
    articles = _expand(articles)
    from transpipe.checks.rules import exit_code, format_github

    settings = _with_glossaries(
        _settings(config, articles, locales=locales, min_reviewed=min_reviewed),
        glossary,
        builtin_glossary,
    )
    if disable:  # added to the project's own disabled_checks
        settings = settings.with_overrides(disabled_checks=(*settings.disabled_checks, *disable))
    findings = transpipe.check(articles, settings, targets=_targets(to))
    shown = [f for f in findings if f.severity == "error"] if quiet else findings
    if fmt == "json":
        print_json([asdict(f) for f in findings])
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
def report(
    articles: ArticlesArgument,
    to: ToOption = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Write the page here (default: <locales>/report.html)."),
    ] = None,
    locales: Annotated[Path | None, typer.Option(help="Folder of the catalogues.")] = None,
    config: ConfigOption = None,
    fmt: FormatOption = Output.table,
    quiet: QuietOption = False,
    glossary: GlossaryOption = None,
    builtin_glossary: BuiltinOption = None,
) -> None:
    """Write one HTML page for reviewers: each language's share, every entry riskiest first."""
    articles = _expand(articles)
    settings = _with_glossaries(
        _settings(config, articles, locales=locales), glossary, builtin_glossary
    )
    result = transpipe.report(articles, settings, targets=_targets(to), out=out)
    if fmt == "json":
        print_json(report_json(result))
    elif not quiet:
        print_report_line(result)


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
    articles = _expand(articles)

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
        print_per_file(objects)
    elif not quiet:
        from transpipe.commands.articles import ARTICLE_PROBABILITY

        for r in results:
            foreign = r.language and r.language != settings.source
            if foreign and r.language_confidence >= ARTICLE_PROBABILITY:
                console().print(
                    f"{r.display}: the article is in {r.language} "
                    f"({r.language_confidence:.2f}), not in {settings.source}"
                )
            if not r.fragments:
                console().print(f"{r.display}: no stray fragments")
                continue
            print_table(
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
    expand_abbreviations: ExpandOption = None,
    house_style: HouseStyleOption = None,
    config: ConfigOption = None,
    fmt: FormatOption = Output.table,
    quiet: QuietOption = False,
) -> None:
    """Show every glossary term in articles and how it is normalised; --write applies it."""
    articles = _expand(articles)

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
        print_per_file(objects)
        return
    if quiet:
        return
    for r in results:
        changed = sum(1 for m in r.matches if m.changed)
        suggested = sum(1 for m in r.matches if m.action == "suggest")
        print_table(
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
            console().print(f"rewrote {r.display}")


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
    from transpipe.terms.validate import split_concept

    settings = _glossary_settings(config, glossary, builtin_glossary)
    codes = _targets(languages) or ()
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


def main() -> None:
    """Console-script entry point."""
    app(prog_name="transpipe")
