"""Settings are validated where they are read, for every command.

``--min-reviewed`` (and ``min_reviewed``) is a finite share between 0 and 1:
``nan`` would make every comparison false and pass a fully fuzzy catalogue.
``check`` with no target language (none given, none configured, no catalogue
found) is a usage error, not a silent pass.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from typer.testing import CliRunner

from transpipe import build, check
from transpipe.cli import app
from transpipe.core.config import Settings, check_share, parse_settings
from transpipe.core.errors import ConfigError, TranspipeError

runner = CliRunner()

ARTICLE = "# Radar talks\n\nMinisters met in Brussels on Tuesday.\n"
BAD_SHARES = ["nan", "-3", "2", "-1", "inf", "1.5"]


def _one_line_error(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("transpipe: error: "), lines[0]
    return lines[0]


def _fuzzy_project(root: Path, name: str = "radar") -> None:
    """A project whose German catalogue holds only unreviewed (fuzzy) pseudo output."""
    (root / "transpipe.toml").write_text(
        '[project]\ntargets = ["de"]\n\n[engine]\nname = "pseudo"\n', encoding="utf-8"
    )
    (root / f"{name}.md").write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(app, ["translate", f"{name}.md"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("value", BAD_SHARES)
def test_check_refuses_a_min_reviewed_that_is_not_a_share(tmp_path: Path, value: str) -> None:
    _fuzzy_project(tmp_path)
    result = runner.invoke(app, ["check", "radar.md", f"--min-reviewed={value}"])
    assert result.exit_code == 2, result.output
    line = _one_line_error(result.stderr)
    assert "--min-reviewed must be a share between 0 and 1" in line, line


@pytest.mark.parametrize("value", BAD_SHARES)
def test_build_refuses_a_min_reviewed_that_is_not_a_share(tmp_path: Path, value: str) -> None:
    _fuzzy_project(tmp_path)
    result = runner.invoke(app, ["build", "radar.md", "--drafts", f"--min-reviewed={value}"])
    assert result.exit_code == 2, result.output
    assert "--min-reviewed must be a share" in _one_line_error(result.stderr)
    assert not (tmp_path / "editions").exists()


def test_a_fully_fuzzy_catalogue_fails_the_check_at_the_edges_of_the_range(
    tmp_path: Path,
) -> None:
    _fuzzy_project(tmp_path)
    assert runner.invoke(app, ["check", "radar.md", "--min-reviewed=1"]).exit_code == 1
    assert runner.invoke(app, ["check", "radar.md", "--min-reviewed=0"]).exit_code == 0


@pytest.mark.parametrize("value", [math.nan, -3.0, 2.0, math.inf])
def test_the_library_refuses_a_min_reviewed_that_is_not_a_share(
    tmp_path: Path, value: float
) -> None:
    _fuzzy_project(tmp_path)
    settings = Settings(root=tmp_path, targets=("de",))
    for run in (check, build):
        with pytest.raises(ConfigError, match="must be a share between 0 and 1"):
            run(["radar.md"], settings, min_reviewed=value, base=tmp_path)
    with pytest.raises(ConfigError, match="--min-reviewed must be a share"):
        settings.with_overrides(min_reviewed=value)
    assert not (tmp_path / "editions").exists()


@pytest.mark.parametrize(
    ("value", "ok"),
    [(0, True), (1, True), (0.8, True), (True, False), ("0.8", False), (math.nan, False)],
)
def test_check_share_accepts_only_finite_numbers_in_range(value: object, ok: bool) -> None:
    if ok:
        assert check_share(value) == float(value)  # type: ignore[arg-type]
    else:
        with pytest.raises(ConfigError, match="min_reviewed must be a share"):
            check_share(value)


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "-0.5"])
def test_min_reviewed_in_the_file_must_be_a_finite_share(tmp_path: Path, value: str) -> None:
    path = tmp_path / "transpipe.toml"
    with pytest.raises(ConfigError, match="min_reviewed must be a share") as info:
        parse_settings(f"[project]\n\nmin_reviewed = {value}\n", path)
    assert info.value.line == 3 and info.value.path == str(path)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('[project]\nsource = "../../../x"\n', 2),
        ('[project]\nsource = "en"\ntargets = ["de", "../x"]\n', 3),
        ('[project]\nsource = "xx"\n', 2),
    ],
)
def test_language_codes_in_the_file_are_validated_where_they_are_read(
    tmp_path: Path, text: str, line: int
) -> None:
    path = tmp_path / "transpipe.toml"
    with pytest.raises(ConfigError, match="unknown language code") as info:
        parse_settings(text, path)
    assert info.value.line == line and info.value.exit_code == 2


def test_check_with_no_target_language_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "[de].md").write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(app, ["check", "[de].md"])
    assert result.exit_code == 2, result.output
    line = _one_line_error(result.stderr)
    assert "[de].md: no target language" in line and "--to" in line, line
    assert "targets" in line and "locales/*/[de].po" in line, line


@pytest.mark.parametrize("command", ["build", "status"])
def test_build_and_status_with_no_target_language_are_usage_errors(
    tmp_path: Path, command: str
) -> None:
    (tmp_path / "radar.md").write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(app, [command, "radar.md"])
    assert result.exit_code == 2, result.output
    assert "radar.md: no target language" in _one_line_error(result.stderr)
    assert not (tmp_path / "editions").exists()


def test_catalogues_of_an_article_with_glob_characters_in_its_name_are_found(
    tmp_path: Path,
) -> None:
    _fuzzy_project(tmp_path, "[de]")
    (tmp_path / "transpipe.toml").write_text("[project]\ntargets = []\n", encoding="utf-8")
    assert (tmp_path / "locales" / "de" / "[de].po").is_file()
    result = runner.invoke(app, ["check", "[de].md"])
    assert result.exit_code == 1, result.output  # found, and nothing in it is reviewed
    assert "locales/de/[de].po" in result.output
    status = runner.invoke(app, ["status", "[de].md", "--format", "json"])
    assert status.exit_code == 0 and '"language": "de"' in status.output


def test_a_library_check_with_no_target_language_raises(tmp_path: Path) -> None:
    (tmp_path / "radar.md").write_text(ARTICLE, encoding="utf-8")
    with pytest.raises(TranspipeError, match="no target language") as info:
        check(["radar.md"], Settings(root=tmp_path), base=tmp_path)
    assert info.value.exit_code == 2
