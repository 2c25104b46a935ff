"""The ``transpipe`` command line: a thin shell over the library API (:mod:`transpipe.commands`).

Each command parses its options, makes one library call and turns
:class:`~transpipe.core.errors.TranspipeError` into a one-line message with the
error's exit code (2 for usage and input errors).  Heavy modules are imported
inside the commands that need them, so ``--help`` starts fast.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

import transpipe
from transpipe import __version__
from transpipe.face.groups import glossary_app, memory_app, models_app
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
    ExecutorOption,
    ExpandOption,
    FilesFromOption,
    FixOption,
    FormatOption,
    GlossaryModeOption,
    GlossaryOption,
    HouseStyleOption,
    IndexOption,
    InterThreadsOption,
    IntraThreadsOption,
    LocalesOption,
    OptionalArticlesArgument,
    Output,
    PackagesOption,
    QuietOption,
    ShardOption,
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
    print_worst,
    report_json,
    shown_path,
)
from transpipe.face.settings import (
    expand_articles,
    listed_articles,
    parse_targets,
    settings_from,
    with_glossaries,
)
from transpipe.face.shell import OneLineErrors
from transpipe.face.translate_report import TranslateReport

app = typer.Typer(
    cls=OneLineErrors,
    help="Turn English news articles into reviewed, localized editions, offline.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

app.add_typer(models_app, name="models")
app.add_typer(glossary_app, name="glossary")
app.add_typer(memory_app, name="memory")


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

    path = init_project(Path.cwd(), parse_targets(to) or (), source)
    then = "run transpipe translate ARTICLE" if to else "set targets, then run transpipe translate"
    typer.echo(f"wrote {path.name}: {then}", err=True)


@app.command()
def translate(
    articles: OptionalArticlesArgument = None,
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
    files_from: FilesFromOption = None,
    shard: ShardOption = None,
    executor: ExecutorOption = "local",
    config: ConfigOption = None,
    fmt: FormatOption = Output.table,
    quiet: QuietOption = False,
) -> None:
    """Translate articles into .pot/.po catalogues for review (machine output is fuzzy)."""
    chosen_shard = transpipe.Shard.parse(shard) if shard is not None else None
    spec = transpipe.ExecutorSpec.parse(executor)
    articles = expand_articles(listed_articles(articles, files_from))

    if source == "auto":  # the articles' own language, by langdetect
        source = transpipe.identify_source(articles)
        if not quiet:
            typer.echo(f"transpipe: source language: {source}", err=True)
    settings = settings_from(
        config, articles, source=source, locales=locales, name=engine, device=device,
        beam_size=beam_size, compute_type=compute_type, inter_threads=inter_threads,
        intra_threads=intra_threads, packages_dir=packages_dir, package_index=package_index,
        glossary_mode=glossary_mode, expand_abbreviations=expand_abbreviations,
        house_style=house_style,
    )  # fmt: skip
    settings = with_glossaries(settings, glossary, builtin_glossary)
    targets = parse_targets(to)
    if download:
        missing = transpipe.missing_pairs(settings, targets)
        for src, tgt in missing:
            install_with_progress(settings, f"{src}-{tgt}", quiet)
    with TranslateReport(json=fmt == "json", fix=fix) as report:
        with LanguageProgress() as bars:
            result = transpipe.translate(
                articles, settings, targets=targets, progress=None if quiet else bars, fix=fix,
                shard=chosen_shard, executor=spec, on_article=report,
            )  # fmt: skip
        if fmt == "json":
            report.print_json(result)
        elif not quiet:
            report.print_table()
        report.print_notes(settings, quiet=quiet)


@app.command()
def engines(
    packages_dir: PackagesOption = None,
    config: ConfigOption = None,
    fmt: FormatOption = Output.table,
) -> None:
    """List translation engines (built-in and plug-ins) and the pairs each serves here."""

    listings = transpipe.list_engines(settings_from(config, packages_dir=packages_dir))
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
    articles = expand_articles(articles)

    settings = with_glossaries(
        settings_from(
            config, articles, editions=editions, locales=locales, min_reviewed=min_reviewed
        ),
        glossary,
        builtin_glossary,
    )
    results = transpipe.build(articles, settings, targets=parse_targets(to), drafts=drafts)
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
    articles = expand_articles(articles)
    settings = settings_from(config, articles, locales=locales)
    if worst is not None:
        print_worst(
            transpipe.worst_entries(articles, settings, worst, targets=parse_targets(to)), fmt
        )
        return
    rows = transpipe.status(articles, settings, targets=parse_targets(to))
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
    articles = expand_articles(articles)
    from transpipe.checks.rules import exit_code, format_github

    settings = with_glossaries(
        settings_from(config, articles, locales=locales, min_reviewed=min_reviewed),
        glossary,
        builtin_glossary,
    )
    if disable:  # added to the project's own disabled_checks
        settings = settings.with_overrides(disabled_checks=(*settings.disabled_checks, *disable))
    findings = transpipe.check(articles, settings, targets=parse_targets(to))
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
    articles = expand_articles(articles)
    settings = with_glossaries(
        settings_from(config, articles, locales=locales), glossary, builtin_glossary
    )
    result = transpipe.report(articles, settings, targets=parse_targets(to), out=out)
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
    articles = expand_articles(articles)

    settings = with_glossaries(
        settings_from(config, articles, packages_dir=packages_dir), glossary, builtin_glossary
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
    articles = expand_articles(articles)

    settings = with_glossaries(
        settings_from(
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


def main() -> None:
    """Console-script entry point."""
    app(prog_name="transpipe")
