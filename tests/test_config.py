"""Settings from transpipe.toml: discovery, parsing, errors with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from transpipe.core.config import (
    Settings,
    builtin_glossaries,
    find_config,
    load_settings,
    parse_settings,
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
