"""The options several commands share, and the choices of ``--format``."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer


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

ToOption = Annotated[
    str | None, typer.Option("--to", "-t", help="Languages (default: configured or found).")
]

ArticlesArgument = Annotated[
    list[str], typer.Argument(help="Article files, folders or glob patterns.")
]
OptionalArticlesArgument = Annotated[
    list[str] | None,
    typer.Argument(help="Article files, folders or glob patterns (or --files-from)."),
]
FilesFromOption = Annotated[
    str | None,
    typer.Option(
        "--files-from", help="A file listing articles, one per line (- for stdin).",
        metavar="LIST",
    ),
]  # fmt: skip
ShardOption = Annotated[
    str | None,
    typer.Option(
        help="Translate only shard I of N (e.g. 1/4): a stable split by path; each shard "
        "writes its own memory (join them with: transpipe memory merge).",
        metavar="I/N",
    ),
]
ExecutorOption = Annotated[
    str,
    typer.Option(
        help="Where the work runs: local, ray (a local Ray) or ray:ADDRESS (a cluster; "
        "needs transpipe[ray]).",
        metavar="EXECUTOR",
    ),
]
TargetsOption = Annotated[
    str | None, typer.Option("--to", "-t", help="Target languages, e.g. de,fr,uk.")
]
SourceOption = Annotated[
    str | None, typer.Option(help="Source language code, or auto: the articles' own.")
]
LocalesOption = Annotated[Path | None, typer.Option(help="Folder for .pot/.po catalogues.")]
EngineOption = Annotated[
    str | None,
    typer.Option(
        help="Translation engine: argos, apertium, pseudo or a plug-in (transpipe engines)."
    ),
]
DeviceOption = Annotated[str | None, typer.Option(help="cpu, cuda or auto.")]
BeamSizeOption = Annotated[int | None, typer.Option(help="Beam size (1 is fastest).")]
ComputeTypeOption = Annotated[
    str | None, typer.Option(help="CTranslate2 compute type, e.g. int8, float32.")
]
InterThreadsOption = Annotated[
    int | None, typer.Option(help="Parallel translation workers (0: one per core).")
]
IntraThreadsOption = Annotated[int | None, typer.Option(help="Threads per worker.")]
GlossaryModeOption = Annotated[
    str | None,
    typer.Option(help="enforce: protect approved terms; check: translate, then verify."),
]
ExpandOption = Annotated[
    bool | None,
    typer.Option(
        "--expand-abbreviations/--no-expand-abbreviations",
        help="House style: spell out an abbreviation at its first mention.",
    ),
]
DownloadOption = Annotated[
    bool, typer.Option("--download", help="Fetch missing models from the Argos index first.")
]
FixOption = Annotated[
    bool,
    typer.Option("--fix", help="Apply glossary-backed repairs of stray fragments first."),
]
