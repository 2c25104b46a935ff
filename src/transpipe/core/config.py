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
"""

from __future__ import annotations

import math
import os
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from transpipe.core.errors import ConfigError, LanguageError
from transpipe.core.fileio import ChangedMeanwhile, atomic_write_text, read_utf8
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
    max_batch_size: int = 8  # examples per batch: fastest and smallest at beam 4 on 2 cores
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
    editions: Path = Path("editions")
    min_reviewed: float = 0.8
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
        """
        engine_keys = {f.name for f in fields(EngineSettings)}
        top: dict[str, Any] = {}
        eng: dict[str, Any] = {}
        for key, value in changes.items():
            if value is None:
                continue
            if key in engine_keys:
                eng[key] = value
            else:
                top[key] = value
        if top.get("glossary_mode", "enforce") not in GLOSSARY_MODES:
            raise ConfigError(f"glossary mode must be one of {', '.join(GLOSSARY_MODES)}")
        if "min_reviewed" in top:
            top["min_reviewed"] = check_share(top["min_reviewed"], "--min-reviewed")
        if "source" in top:
            check_language(top["source"], "--source")
        for code in top.get("targets", ()):
            check_language(code, "--to")
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


def project_template(targets: Sequence[str] = (), source: str = "en") -> str:
    """The text of a new project's ``transpipe.toml``: every setting, commented."""
    listed = ", ".join(f'"{code}"' for code in targets)
    return f"""\
# transpipe settings for this folder and everything below it (written by transpipe init).
# Every setting can also be given on the command line, which wins.

[project]
source = "{source}"
targets = [{listed}]            # languages of the catalogues and editions, e.g. ["de", "fr"]
locales = "locales"             # catalogues: locales/<article>.pot, locales/<lang>/<article>.po
editions = "editions"           # transpipe build writes editions/<lang>/<article>
min_reviewed = 0.8              # approved share a language needs for its edition
# glossaries = ["newsroom.gloss"]  # your own terms, layered over the built-in defence glossary
builtin_glossary = true         # false: only the glossaries listed above
glossary_mode = "enforce"       # or "check": translate freely, then verify the terms
expand_abbreviations = false    # house style: "Armed Forces of Ukraine (AFU)" at first mention
house_style = false             # house style: rewrite accepted variants to the term
fix_fragments = false           # apply the certain repairs of stray fragments

[engine]
name = "argos"                  # argos, apertium, pseudo or a plug-in
device = "cpu"                  # cpu, cuda or auto
beam_size = 4                   # 1 is fastest
compute_type = "default"        # int8, float16, ...
inter_threads = 0               # parallel workers; 0 = one per core
intra_threads = 1               # threads per worker
packages_dir = ""               # "" = Argos Translate's own packages folder
package_index = ""              # URL of an Argos package index mirror; "" = the public one
"""


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


def _line_of(text: str, key: str) -> int | None:
    pattern = rf"^[ \t]*(\[{re.escape(key)}\]|{re.escape(key)}\s*=)"
    match = re.search(pattern, text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None


def parse_settings(text: str, path: Path) -> Settings:
    """Parse the text of a ``transpipe.toml``; errors name the file and line."""
    name = str(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"at line (\d+)", str(exc))
        line = int(match.group(1)) if match else None
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise ConfigError(f"invalid TOML: {message}", path=name, line=line) from exc

    def fail(key: str, message: str) -> ConfigError:
        return ConfigError(message, path=name, line=_line_of(text, key))

    def known_language(code: str, key: str) -> None:
        try:
            check_language(code, key)
        except ConfigError as exc:
            raise fail(key, exc.message) from None

    known_sections = {"project", "engine"}
    for section in data:
        if section not in known_sections:
            raise fail(section, f"unknown section [{section}]; expected [project] or [engine]")
    project = data.get("project", {})
    engine = data.get("engine", {})
    if not isinstance(project, dict) or not isinstance(engine, dict):
        raise ConfigError("[project] and [engine] must be tables", path=name)

    root = path.parent.resolve()
    settings = Settings(root=root, config_file=path)
    changes: dict[str, Any] = {}
    own: tuple[Path, ...] = ()
    builtin = True
    for key, value in project.items():
        if key == "source":
            if not isinstance(value, str):
                raise fail(key, 'source must be a language code string such as "en"')
            known_language(value, key)
            changes["source"] = value
        elif key == "targets":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise fail(key, 'targets must be a list of language codes, e.g. ["de", "fr"]')
            for code in value:
                known_language(code, key)
            changes["targets"] = tuple(value)
        elif key == "locales":
            if not isinstance(value, str):
                raise fail(key, "locales must be a folder path string")
            changes["locales"] = Path(value)
        elif key == "glossaries":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise fail(key, "glossaries must be a list of file paths")
            own = tuple(root / v for v in value)
        elif key == "builtin_glossary":
            if not isinstance(value, bool):
                raise fail(key, "builtin_glossary must be true or false")
            builtin = value
        elif key == "glossary_mode":
            if value not in GLOSSARY_MODES:
                raise fail(key, f"glossary_mode must be one of {', '.join(GLOSSARY_MODES)}")
            changes["glossary_mode"] = value
        elif key in ("expand_abbreviations", "house_style", "fix_fragments"):
            if not isinstance(value, bool):
                raise fail(key, f"{key} must be true or false")
            changes[key] = value
        elif key == "editions":
            if not isinstance(value, str):
                raise fail(key, "editions must be a folder path string")
            changes["editions"] = Path(value)
        elif key == "min_reviewed":
            try:
                changes["min_reviewed"] = check_share(value)
            except ConfigError as exc:
                raise fail(key, exc.message) from None
        else:
            raise fail(key, f"unknown setting {key!r} in [project]")

    changes["glossaries"] = (*builtin_glossaries(), *own) if builtin else own

    engine_fields = {f.name: f for f in fields(EngineSettings)}
    eng: dict[str, Any] = {}
    for key, value in engine.items():
        if key not in engine_fields:
            raise fail(key, f"unknown setting {key!r} in [engine]")
        if key == "packages_dir":
            if not isinstance(value, str):
                raise fail(key, "packages_dir must be a folder path string")
            eng[key] = (root / value) if value else None
        elif key in ("inter_threads", "intra_threads", "beam_size", "max_batch_size"):
            if not isinstance(value, int) or isinstance(value, bool):
                raise fail(key, f"{key} must be a whole number")
            eng[key] = value
        else:
            if not isinstance(value, str):
                raise fail(key, f"{key} must be a string")
            eng[key] = value
    settings = replace(settings, **changes, engine=replace(settings.engine, **eng))
    try:
        validate_engine(settings.engine, path)
    except ConfigError as exc:
        bad_key = exc.message.split(" ", 1)[0]
        raise ConfigError(exc.message, path=name, line=_line_of(text, bad_key)) from None
    return settings


def validate_engine(engine: EngineSettings, path: Path | None = None) -> None:
    """Reject engine settings no engine could use."""
    name = str(path) if path is not None else None
    if engine.device not in DEVICES:
        raise ConfigError(f"device {engine.device!r} is not one of {', '.join(DEVICES)}", path=name)
    if engine.compute_type not in COMPUTE_TYPES:
        raise ConfigError(
            f"compute_type {engine.compute_type!r} is not one of {', '.join(COMPUTE_TYPES)}",
            path=name,
        )
    for key in ("inter_threads", "intra_threads"):
        if getattr(engine, key) < 0:
            raise ConfigError(f"{key} must be 0 (automatic) or more", path=name)
    if engine.beam_size < 1:
        raise ConfigError("beam_size must be 1 or more", path=name)
    if engine.max_batch_size < 1:
        raise ConfigError("max_batch_size must be 1 or more", path=name)
