"""Settings from transpipe.toml: discovery, parsing, errors with file and line."""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path

import pytest

from transpipe.core.config import (
    SETTINGS,
    EngineSettings,
    Setting,
    Settings,
    builtin_glossaries,
    find_config,
    load_settings,
    parse_settings,
    project_template,
)
from transpipe.core.errors import ConfigError

GOOD = """\
[project]
source = "en"
targets = ["de", "fr"]
locales = "out/locales"
glossaries = ["glossary/defence.tsv"]

[engine]
device = "cpu"
beam_size = 2
inter_threads = 2
compute_type = "int8"
packages_dir = "models"
"""


def test_found_from_a_subfolder_upward(tmp_path: Path) -> None:
    (tmp_path / "transpipe.toml").write_text(GOOD, encoding="utf-8")
    sub = tmp_path / "articles" / "2026"
    sub.mkdir(parents=True)
    assert find_config(sub) == (tmp_path / "transpipe.toml").resolve()
    settings = load_settings(sub)
    assert settings.root == tmp_path.resolve()
    assert settings.targets == ("de", "fr")
    assert settings.locales_dir == tmp_path.resolve() / "out" / "locales"
    own = tmp_path.resolve() / "glossary" / "defence.tsv"
    assert settings.glossaries == (*builtin_glossaries(), own)  # layered over the built-in one
    assert settings.engine.beam_size == 2
    assert settings.engine.compute_type == "int8"
    assert settings.engine.packages_dir == tmp_path.resolve() / "models"


def test_defaults_without_a_file(tmp_path: Path) -> None:
    settings = load_settings(tmp_path)
    assert settings.config_file is None
    assert settings.source == "en"
    assert settings.targets == ()
    assert settings.locales_dir == tmp_path.resolve() / "locales"
    assert settings.engine.name == "argos"
    assert settings.engine.device == "cpu"
    assert settings.engine.intra_threads == 1


def test_command_line_overrides_win(tmp_path: Path) -> None:
    settings = parse_settings(GOOD, tmp_path / "transpipe.toml")
    changed = settings.with_overrides(beam_size=1, device="auto", source=None, targets=("uk",))
    assert changed.engine.beam_size == 1
    assert changed.engine.device == "auto"
    assert changed.targets == ("uk",)
    assert changed.source == "en"  # None means "not given"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('[project]\nsource = "en"\ntargets = "de"\n', 3, "targets must be a list"),
        ('[project]\nsource = "en"\ncolour = "red"\n', 3, "unknown setting 'colour'"),
        ("[engine]\nbeam_size = 0\n", 2, "beam_size must be 1 or more"),
        ('[engine]\n\ndevice = "tpu"\n', 3, "device 'tpu'"),
        ("[project]\nsource = \n", 2, "invalid TOML"),
        ("[models]\nx = 1\n", 1, "unknown section [models]"),
    ],
)
def test_errors_name_file_and_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    path = tmp_path / "transpipe.toml"
    with pytest.raises(ConfigError) as info:
        parse_settings(text, path)
    assert info.value.line == line
    assert str(info.value).startswith(f"{path}:{line}: ")
    assert words in str(info.value)


def test_bad_override_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="compute_type 'int3'"):
        Settings(root=tmp_path).with_overrides(compute_type="int3")


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"source": "xx"}, "--source: unknown language code 'xx'; use an ISO 639-1 code"),
        ({"targets": ("de", "und")}, "--to: 'und' names no language; use a code such as"),
        ({"glossary_mode": "loose"}, "glossary mode must be one of enforce, check"),
        ({"inter_threads": -1}, "inter_threads must be 0 (automatic) or more"),
        ({"max_batch_size": 0}, "max_batch_size must be 1 or more"),
    ],
)
def test_command_line_values_are_checked_and_named_as_given(
    tmp_path: Path, change: dict[str, object], error: str
) -> None:
    with pytest.raises(ConfigError) as info:
        Settings(root=tmp_path).with_overrides(**change)
    assert str(info.value).startswith(error)


def test_every_setting_is_one_row_of_the_table() -> None:
    keys = [(row.section, row.key) for row in SETTINGS]
    assert len(keys) == len(set(keys))
    engine = {key for section, key in keys if section == "engine"}
    assert engine == {f.name for f in fields(EngineSettings)}
    project = {key for section, key in keys if section == "project"}
    own = {f.name for f in fields(Settings)} - {"root", "engine", "config_file"}
    assert project == own | {"builtin_glossary"}  # it decides which glossaries are read


def test_a_file_giving_every_default_reads_as_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "transpipe.toml"
    text = "".join(
        f"[{section}]\n"
        + "".join(f"{r.key} = {json.dumps(r.default)}\n" for r in SETTINGS if r.section == section)
        for section in ("project", "engine")
    )
    defaults = Settings(root=tmp_path.resolve(), glossaries=builtin_glossaries(), config_file=path)
    assert parse_settings(text, path) == defaults


@pytest.mark.parametrize("row", SETTINGS, ids=lambda row: row.key)
def test_a_value_of_the_wrong_type_is_refused_at_its_key(tmp_path: Path, row: Setting) -> None:
    path = tmp_path / "transpipe.toml"
    with pytest.raises(ConfigError) as info:
        parse_settings(f"[{row.section}]\n\n{row.key} = {{}}\n", path)
    assert info.value.line == 3 and info.value.path == str(path)
    assert info.value.message.startswith(f"{row.key} "), info.value.message


def test_the_init_template_explains_every_listed_setting(tmp_path: Path) -> None:
    text = project_template(["de", "uk"], "fr")
    for row in SETTINGS:
        assert (f"{row.key} = " in text) is row.listed, row.key
        assert (f"# {row.help}\n" in text) is row.listed, row.key
    path = tmp_path / "transpipe.toml"
    expected = Settings(
        root=tmp_path.resolve(),
        source="fr",
        targets=("de", "uk"),
        glossaries=builtin_glossaries(),
        config_file=path,
    )
    assert parse_settings(text, path) == expected
