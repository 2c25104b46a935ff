"""Project settings from ``transpipe.toml``, found from a folder upward.

A ``transpipe.toml`` looks like::

    [project]
    source = "en"
    targets = ["de", "fr", "uk"]
    locales = "locales"          # relative to the file's folder
    glossaries = ["newsroom.gloss"]  # layered over the built-in glossary; later files win
    builtin_glossary = true      # false: only the glossaries listed above
    glossary_mode = "enforce"    # or "check": translate freely, then verify terms
    expand_abbreviations = false # house style: "Armed Forces of Ukraine (AFU)" first
    house_style = false          # house style: rewrite accepted variants to the term
    fix_fragments = false        # apply glossary-backed repairs of stray fragments
    editions = "editions"        # where `build` writes editions/<lang>/<article>.md
    min_reviewed = 0.8           # approved share a language needs to get an edition
    disabled_checks = []         # codes `transpipe check` leaves out, e.g. ["length-ratio"]

    [engine]
    name = "argos"
    device = "cpu"               # cpu, cuda or auto
    inter_threads = 0            # 0: one worker per core
    intra_threads = 1
    beam_size = 4
    compute_type = "default"     # int8, float32, float16, ...
    packages_dir = ""            # "" means argostranslate's own folder
    package_index = ""           # URL of a package index mirror; "" = the public one

Every setting can also be given on the command line, which wins. Without a
file, the defaults above apply (no targets: ``--to`` is then required).  The
defence glossary that ships inside the package (:func:`builtin_glossaries`)
is used wherever settings are loaded, under any glossaries a project lists.

Settings are validated where they are read, from the file or the command
line, for every command: language codes must be known ones (the source names
a folder of editions, so ``source = "../x"`` must never reach a path), and
``min_reviewed`` a finite share between 0 and 1.

Every key is one row of :data:`SETTINGS`: its section, the TOML type it
accepts and what that becomes, its default, the check of its value and its
help.  Reading the file, checking command-line values, the error messages
and the file ``transpipe init`` writes all come from that table, so a new
setting is one new row (and its field in :class:`Settings` or
:class:`EngineSettings`).
"""

from __future__ import annotations

import math
import os
import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from transpipe.core.errors import ConfigError, LanguageError
from transpipe.core.fileio import ChangedMeanwhile, atomic_write_text, read_utf8
from transpipe.core.findings import CHECK_CODES
from transpipe.core.languages import language

CONFIG_NAME = "transpipe.toml"
# the built-in glossary's files, in layering order (later files override earlier ones)
BUILTIN_GLOSSARY = ("defence.gloss", "weapons.gloss", "places.gloss")

DEVICES = ("cpu", "cuda", "auto")
GLOSSARY_MODES = ("enforce", "check")
COMPUTE_TYPES = (
    "default",
    "auto",
    "int8",
    "int8_float32",
    "int8_float16",
    "int8_bfloat16",
    "int16",
    "float16",
    "bfloat16",
    "float32",
)


@dataclass(frozen=True, slots=True)
class EngineSettings:
    """How the translation engine runs; shared by every engine."""

    name: str = "argos"
    device: str = "cpu"
    inter_threads: int = 0
    intra_threads: int = 1
    beam_size: int = 4
    compute_type: str = "default"
    # examples per batch on the CPU: fastest and smallest at beam 4 on 2 cores (on CUDA the
    # Argos engine batches by tokens, sized from the GPU's memory)
    max_batch_size: int = 8
    packages_dir: Path | None = None
    package_index: str = ""  # URL of an Argos package index; "" = argostranslate's


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a run needs to know; ``root`` is where relative paths start."""

    root: Path
    source: str = "en"
    targets: tuple[str, ...] = ()
    locales: Path = Path("locales")
    glossaries: tuple[Path, ...] = ()
    glossary_mode: str = "enforce"
    expand_abbreviations: bool = False
    house_style: bool = False
    fix_fragments: bool = False
    # front matter keys translated besides the usual ones (title, description, ...)
    front_matter_keys: tuple[str, ...] = ()
    editions: Path = Path("editions")
    min_reviewed: float = 0.8
    # finding codes `check` leaves out (see transpipe.core.findings.CHECK_CODES)
    disabled_checks: tuple[str, ...] = ()
    engine: EngineSettings = field(default_factory=EngineSettings)
    config_file: Path | None = None

    def catalog_path(self, article: str, language: str) -> Path:
        """Where the catalogue of ``article`` in ``language`` lives."""
        return self.locales_dir / language / f"{article}.po"

    def edition_path(self, article: str, language: str, suffix: str) -> Path:
        """Where ``build`` writes the edition of ``article`` in ``language``."""
        return self.editions_dir / language / f"{article}{suffix}"

    @property
    def editions_dir(self) -> Path:
        return self.editions if self.editions.is_absolute() else self.root / self.editions

    @property
    def memory_path(self) -> Path:
        """Where machine output is remembered between runs."""
        return self.root / ".transpipe" / "memory.sqlite3"

    @property
    def locales_dir(self) -> Path:
        return self.locales if self.locales.is_absolute() else self.root / self.locales

    def with_overrides(self, **changes: Any) -> Settings:
        """A copy with the non-None values of ``changes`` applied.

        Engine keys (``device``, ``beam_size``, ...) go to the engine settings.
        Each given value is checked as its row of :data:`SETTINGS` says, and
        errors name it as the command line does (``--source``, ``--to``); the
        engine settings are then checked whole (:func:`validate_engine`).
        """
        given = {key: value for key, value in changes.items() if value is not None}
        for row in SETTINGS:
            if row.section == "project" and row.key in given and row.check is not None:
                given[row.key] = row.check(given[row.key], row.option or row.key)
        engine_keys = {row.key for row in SETTINGS if row.section == "engine"}
        top = {key: value for key, value in given.items() if key not in engine_keys}
        eng = {key: value for key, value in given.items() if key in engine_keys}
        settings = replace(self, **top)
        if eng:
            settings = replace(settings, engine=replace(settings.engine, **eng))
        validate_engine(settings.engine, settings.config_file)
        return settings


def check_share(value: object, name: str = "min_reviewed") -> float:
    """``value`` as a share between 0 and 1; anything else (nan, inf, 2, -1) is refused.

    ``name`` is how the user gave it (``--min-reviewed`` or ``min_reviewed``).
    """
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not math.isfinite(value)
        or not 0 <= value <= 1
    ):
        raise ConfigError(f"{name} must be a share between 0 and 1, e.g. 0.8, not {value!r}")
    return float(value)


def check_language(code: str, name: str) -> None:
    """Refuse a language code CLDR does not know (``name`` says where it was given), and
    the codes that name no language (``und``, ``mul``, ``zxx``, ``mis``)."""
    if code.split("-")[0].lower() in ("und", "mul", "zxx", "mis"):
        raise ConfigError(f"{name}: {code!r} names no language; use a code such as de, fr, uk")
    try:
        language(code)
    except LanguageError as exc:
        raise ConfigError(f"{name}: {exc.message}") from None


# -- the settings table ------------------------------------------------------
Check = Callable[[Any, str], Any]


@dataclass(frozen=True, slots=True)
class SettingKind:
    """A TOML type a setting accepts, and how a value of it becomes the setting's value.

    ``wrong`` is the message for a value of any other type, with ``{key}``
    standing for the key; ``convert`` gets the value and the project root
    (the settings file's folder), against which file paths are resolved.
    """

    accepts: Callable[[object], bool]
    wrong: str
    convert: Callable[[Any, Path], Any] = lambda value, root: value


@dataclass(frozen=True, slots=True)
class Setting:
    """One key of ``transpipe.toml``: how it is read, checked, defaulted and explained.

    ``check`` takes a value of the right type and the name the user gave it
    (the key in the file, ``option`` on the command line when set), raises
    :class:`ConfigError` for a value no run can use and returns the value to
    keep.  ``default`` is written as the file would say it; ``transpipe init``
    writes ``example`` commented out instead where one is given, and leaves
    out the rows that are not ``listed`` (tuning keys).
    """

    section: str
    key: str
    kind: SettingKind
    default: object
    help: str
    check: Check | None = None
    option: str | None = None
    example: str | None = None
    listed: bool = True


def _is_text(value: object) -> bool:
    return isinstance(value, str)


def _is_texts(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


ANYTHING = SettingKind(lambda value: True, "")  # its check says what is wrong
LANGUAGE = SettingKind(_is_text, '{key} must be a language code string such as "en"')
LANGUAGES = SettingKind(
    _is_texts,
    '{key} must be a list of language codes, e.g. ["de", "fr"]',
    lambda value, root: tuple(value),
)
FOLDER = SettingKind(_is_text, "{key} must be a folder path string", lambda v, root: Path(v))
FILES = SettingKind(
    _is_texts,
    "{key} must be a list of file paths",
    lambda value, root: tuple(root / v for v in value),
)
FLAG = SettingKind(lambda value: isinstance(value, bool), "{key} must be true or false")
WHOLE_NUMBER = SettingKind(
    lambda value: isinstance(value, int) and not isinstance(value, bool),
    "{key} must be a whole number",
)
TEXT = SettingKind(_is_text, "{key} must be a string")
TEXTS = SettingKind(_is_texts, "{key} must be a list of strings", lambda value, root: tuple(value))
# "" keeps the engine's own folder; any other path is relative to the settings file
PACKAGES_FOLDER = SettingKind(
    _is_text, "{key} must be a folder path string", lambda v, root: (root / v) if v else None
)


def _known_language(code: str, name: str) -> str:
    check_language(code, name)
    return code


def _known_languages(codes: tuple[str, ...], name: str) -> tuple[str, ...]:
    for code in codes:
        check_language(code, name)
    return codes


def _glossary_mode(value: object, name: str) -> object:
    if value not in GLOSSARY_MODES:
        raise ConfigError(f"{name} must be one of {', '.join(GLOSSARY_MODES)}")
    return value


def _known_checks(codes: tuple[str, ...], name: str) -> tuple[str, ...]:
    """Refuse a code that is not one of the gate's (:data:`CHECK_CODES`), naming them all."""
    for code in codes:
        if code not in CHECK_CODES:
            raise ConfigError(
                f"{name}: unknown check code {code!r}; known codes: {', '.join(CHECK_CODES)}"
            )
    return tuple(dict.fromkeys(codes))


def _one_of(choices: tuple[str, ...]) -> Check:
    """A check that refuses a value outside ``choices``, naming the value and the choices."""

    def check(value: str, name: str) -> str:
        if value not in choices:
            raise ConfigError(f"{name} {value!r} is not one of {', '.join(choices)}")
        return value

    return check


def _at_least(low: int) -> Check:
    """A check that refuses a number under ``low`` (0 means automatic)."""
    shown = "0 (automatic)" if low == 0 else str(low)

    def check(value: int, name: str) -> int:
        if value < low:
            raise ConfigError(f"{name} must be {shown} or more")
        return value

    return check


SECTIONS = ("project", "engine")
SETTINGS: tuple[Setting, ...] = (
    Setting("project", "source", LANGUAGE, "en", "language the articles are written in",
            check=_known_language, option="--source"),
    Setting("project", "targets", LANGUAGES, (),
            'languages of the catalogues and editions, e.g. ["de", "fr"]',
            check=_known_languages, option="--to"),
    Setting("project", "locales", FOLDER, "locales",
            "catalogues: locales/<article>.pot, locales/<lang>/<article>.po"),
    Setting("project", "editions", FOLDER, "editions",
            "transpipe build writes editions/<lang>/<article>"),
    Setting("project", "min_reviewed", ANYTHING, 0.8,
            "approved share a language needs for its edition",
            check=check_share, option="--min-reviewed"),
    Setting("project", "glossaries", FILES, (),
            "your own terms, layered over the built-in defence glossary",
            example='["newsroom.gloss"]'),
    Setting("project", "builtin_glossary", FLAG, True, "false: only the glossaries listed above"),
    Setting("project", "glossary_mode", ANYTHING, "enforce",
            'or "check": translate freely, then verify the terms',
            check=_glossary_mode, option="glossary mode"),
    Setting("project", "expand_abbreviations", FLAG, False,
            'house style: "Armed Forces of Ukraine (AFU)" at first mention'),
    Setting("project", "house_style", FLAG, False,
            "house style: rewrite accepted variants to the term"),
    Setting("project", "fix_fragments", FLAG, False,
            "apply the certain repairs of stray fragments"),
    Setting("project", "front_matter_keys", TEXTS, (),
            "front matter keys to translate besides title, description, summary, "
            "subtitle, caption and alt", example='["teaser", "kicker"]'),
    Setting("project", "disabled_checks", TEXTS, (),
            "finding codes transpipe check leaves out", check=_known_checks,
            option="--disable", example='["length-ratio"]'),
    # -- [engine] ---------------------------------------------------------------
    # Read into EngineSettings, which every engine factory receives.  Beyond
    # ``name``, these are the Argos engine's (CTranslate2's device, compute type,
    # threads, beam and batch; the packages folder and index); Apertium reads
    # ``packages_dir`` as its data folder.  They stay here, not in the engines,
    # because the core parses and checks them without importing any engine.
    Setting("engine", "name", TEXT, "argos", "argos, apertium, pseudo or a plug-in"),
    Setting("engine", "device", TEXT, "cpu", "cpu, cuda or auto", check=_one_of(DEVICES)),
    Setting("engine", "beam_size", WHOLE_NUMBER, 4, "1 is fastest", check=_at_least(1)),
    Setting("engine", "compute_type", TEXT, "default", "int8, float16, ...",
            check=_one_of(COMPUTE_TYPES)),
    Setting("engine", "inter_threads", WHOLE_NUMBER, 0, "parallel workers; 0 = one per core",
            check=_at_least(0)),
    Setting("engine", "intra_threads", WHOLE_NUMBER, 1, "threads per worker",
            check=_at_least(0)),
    Setting("engine", "packages_dir", PACKAGES_FOLDER, "",
            '"" = Argos Translate\'s own packages folder'),
    Setting("engine", "package_index", TEXT, "",
            'URL of an Argos package index mirror; "" = the public one'),
    Setting("engine", "max_batch_size", WHOLE_NUMBER, 8,
            "examples per batch on the CPU: fastest and smallest at beam 4 on 2 cores",
            check=_at_least(1), listed=False),
)  # fmt: skip


def validate_engine(engine: EngineSettings, path: Path | None = None) -> None:
    """Reject engine settings no engine could use; errors name the file ``path`` if given."""
    for row in SETTINGS:
        if row.section == "engine" and row.check is not None:
            try:
                row.check(getattr(engine, row.key), row.key)
            except ConfigError as exc:
                where = str(path) if path is not None else None
                raise ConfigError(exc.message, path=where) from None


def builtin_glossaries() -> tuple[Path, ...]:
    """The files of the defence glossary that ships with transpipe.

    An installed package holds them in ``transpipe/glossaries``; a source
    checkout (an editable install) reads the repository's ``glossary/``.
    """
    package = Path(__file__).resolve().parents[1]  # transpipe/, above core/
    for folder in (package / "glossaries", package.parents[1] / "glossary"):
        found = tuple(folder / name for name in BUILTIN_GLOSSARY if (folder / name).is_file())
        if found:
            return found
    return ()


def find_config(start: Path) -> Path | None:
    """The nearest ``transpipe.toml`` in ``start`` or a parent folder."""
    start = start.resolve()
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def load_settings(start: Path | None = None, config: Path | None = None) -> Settings:
    """Settings from ``config``, or the file found from ``start`` upward, or defaults."""
    start = Path.cwd() if start is None else start
    path = config if config is not None else find_config(start)
    if path is None:
        return Settings(root=start.resolve(), glossaries=builtin_glossaries())
    return parse_settings(read_utf8(path, ConfigError, "configuration"), path)


_TEMPLATE_HEAD = (
    "# transpipe settings for this folder and everything below it (written by transpipe init).",
    "# Every setting can also be given on the command line, which wins.",
)
_COMMENT_COLUMN = 32


def project_template(targets: Sequence[str] = (), source: str = "en") -> str:
    """The text of a new project's ``transpipe.toml``: every listed setting, commented.

    Written from :data:`SETTINGS`: each row's default and help, with
    ``source`` and ``targets`` as given.
    """
    given: dict[str, object] = {"source": source, "targets": tuple(targets)}
    lines = list(_TEMPLATE_HEAD)
    for section in SECTIONS:
        lines += ["", f"[{section}]"]
        for row in SETTINGS:
            if row.section == section and row.listed:
                lines.append(_template_line(row, given.get(row.key, row.default)))
    return "\n".join(lines) + "\n"


def _template_line(row: Setting, value: object) -> str:
    if row.example is not None:
        line = f"# {row.key} = {row.example}"
    else:
        line = f"{row.key} = {_toml_value(value)}"
    return f"{line}{' ' * max(2, _COMMENT_COLUMN - len(line))}# {row.help}"


def _toml_value(value: object) -> str:
    """``value`` as TOML: the defaults are plain strings, flags, numbers and lists of strings."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return str(value)


def init_project(folder: Path, targets: Sequence[str] = (), source: str = "en") -> Path:
    """Write a commented ``transpipe.toml`` into ``folder``; never over an existing one."""
    check_language(source, "--source")
    for code in targets:
        check_language(code, "--to")
        if code == source:
            raise ConfigError(f"--to: {code} is the source language; translate into others")
    path = folder / CONFIG_NAME
    if path.exists() or path.is_symlink():
        raise ConfigError("a transpipe.toml is already here; edit it instead", path=str(path))
    try:  # expect no file: one made meanwhile is never overwritten
        atomic_write_text(path, project_template(targets, source), expect="")
    except ChangedMeanwhile:
        raise ConfigError("a transpipe.toml appeared meanwhile; edit it", path=str(path)) from None
    return path


def _folder_of(item: str, start: Path) -> Path:
    """The folder an article argument (file, folder or glob pattern) lies in."""
    path = Path(item) if Path(item).is_absolute() else start / item
    parts = path.parts
    for i, part in enumerate(parts):
        if any(c in part for c in "*?["):
            path = Path(*parts[:i])
            break
    return path if path.is_dir() else path.parent


def load_settings_for(
    articles: Sequence[str], start: Path | None = None, config: Path | None = None
) -> Settings:
    """Settings for a run over ``articles``: their own project's.

    With ``config`` that file decides.  Otherwise the articles' project (the
    nearest ``transpipe.toml`` above them) is used, wherever the command runs
    from, so catalogues go to that project and ``#:`` paths are relative to
    its root.  Articles of two projects, or outside any project and outside
    the current folder, are refused: their paths would leave the project.
    """
    start = Path.cwd() if start is None else start
    if config is not None or not articles:
        return load_settings(start, config)
    folders = {item: _folder_of(item, start).resolve() for item in articles}
    projects = {item: find_config(folder) for item, folder in folders.items()}
    found = set(projects.values())
    if len(found) > 1:
        shown = ", ".join(sorted(str(p.parent) if p else "none" for p in found))
        raise ConfigError(
            f"the articles belong to different projects ({shown}); run transpipe once per project"
        )
    (project,) = found
    if project is None:
        here = start.resolve()
        for item, folder in folders.items():
            if not folder.is_relative_to(here):
                raise ConfigError(
                    "outside the current folder and in no project (no transpipe.toml above "
                    "it); run transpipe from a folder that holds it",
                    path=os.path.relpath(item, start) if Path(item).is_absolute() else item,
                )
        return load_settings(start)
    return parse_settings(read_utf8(project, ConfigError, "configuration"), project)


@dataclass(frozen=True, slots=True)
class _File:
    """The text of a settings file, for errors that point at a key's line."""

    text: str
    path: Path

    def error(self, key: str, message: str) -> ConfigError:
        """``message`` located at the first line that sets ``key`` (or opens ``[key]``)."""
        pattern = rf"^[ \t]*(\[{re.escape(key)}\]|{re.escape(key)}\s*=)"
        match = re.search(pattern, self.text, re.MULTILINE)
        line = self.text.count("\n", 0, match.start()) + 1 if match else None
        return ConfigError(message, path=str(self.path), line=line)


def parse_settings(text: str, path: Path) -> Settings:
    """Parse the text of a ``transpipe.toml``; errors name the file and line.

    Keys are read and checked as their rows of :data:`SETTINGS` say, in the
    order the file gives them, ``[project]`` before ``[engine]``; the first
    bad one is reported at its line.
    """
    file = _File(text, path)
    tables = _tables(_load_toml(file), file)
    root = path.parent.resolve()
    read = {section: _read_table(section, table, root, file) for section, table in tables.items()}
    project = read["project"]
    own = project.pop("glossaries", ())
    builtin = project.pop("builtin_glossary", True)
    return Settings(
        root=root,
        config_file=path,
        glossaries=(*builtin_glossaries(), *own) if builtin else own,
        engine=EngineSettings(**read["engine"]),
        **project,
    )


def _load_toml(file: _File) -> dict[str, Any]:
    try:
        return tomllib.loads(file.text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"at line (\d+)", str(exc))
        line = int(match.group(1)) if match else None
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise ConfigError(f"invalid TOML: {message}", path=str(file.path), line=line) from exc


def _tables(data: dict[str, Any], file: _File) -> dict[str, dict[str, Any]]:
    """The file's sections by name, each a table (empty where the file has none)."""
    for section in data:
        if section not in SECTIONS:
            expected = " or ".join(f"[{name}]" for name in SECTIONS)
            raise file.error(section, f"unknown section [{section}]; expected {expected}")
    tables = {section: data.get(section, {}) for section in SECTIONS}
    if not all(isinstance(table, dict) for table in tables.values()):
        names = " and ".join(f"[{name}]" for name in SECTIONS)
        raise ConfigError(f"{names} must be tables", path=str(file.path))
    return tables


def _read_table(section: str, table: dict[str, Any], root: Path, file: _File) -> dict[str, Any]:
    """Each key of one section read and checked as its row says, in the file's order."""
    rows = {row.key: row for row in SETTINGS if row.section == section}
    values: dict[str, Any] = {}
    for key, value in table.items():
        row = rows.get(key)
        if row is None:
            raise file.error(key, f"unknown setting {key!r} in [{section}]")
        if not row.kind.accepts(value):
            raise file.error(key, row.kind.wrong.format(key=key))
        values[key] = row.kind.convert(value, root)
        if row.check is not None:
            try:
                values[key] = row.check(values[key], key)
            except ConfigError as exc:
                raise file.error(key, exc.message) from None
    return values
