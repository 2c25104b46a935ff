"""No path transpipe writes lies outside the project or its configured folders.

``source`` names the folder of the source edition (``editions/<source>/``);
``source = "../../../x"`` in a cloned project's ``transpipe.toml`` must not
let ``build`` write outside it.  Every command validates the source language
as ``translate`` does, and every path a run writes is checked (links
resolved) to lie inside the project or the configured locales and editions
folders before anything is written.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from transpipe import build, check, status, translate
from transpipe.cli import app
from transpipe.core.config import EngineSettings, Settings
from transpipe.core.errors import TranspipeError

runner = CliRunner()

ARTICLE = "# Radar talks\n\nMinisters met in Brussels on Tuesday.\n"
ESCAPING = "../../../x"


def _tree(root: Path) -> dict[str, bytes | None]:
    """Every file and folder under ``root`` (links as their target), for before/after."""
    found: dict[str, bytes | None] = {}
    for path in sorted(root.rglob("*")):
        key = path.relative_to(root).as_posix()
        if path.is_symlink():
            found[key] = str(path.readlink()).encode()
        elif path.is_file():
            found[key] = path.read_bytes()
        else:
            found[key] = None
    return found


def _one_line_error(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("transpipe: error: "), lines[0]
    return lines[0]


def _translated_project(tmp_path: Path) -> Path:
    """A project three folders deep with a pseudo-translated German catalogue."""
    project = tmp_path / "a" / "b" / "c" / "project"
    project.mkdir(parents=True)
    (project / "radar.md").write_text(ARTICLE, encoding="utf-8")
    settings = Settings(root=project, targets=("de",), engine=EngineSettings(name="pseudo"))
    translate(["radar.md"], settings, base=project)
    return project


def _escaping_config(project: Path) -> None:
    (project / "transpipe.toml").write_text(
        f'[project]\nsource = "{ESCAPING}"\ntargets = ["de"]\nmin_reviewed = 0.0\n',
        encoding="utf-8",
    )


@pytest.mark.parametrize("command", ["build", "check", "status"])
def test_an_escaping_source_in_the_configuration_is_refused_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    project = _translated_project(tmp_path)
    _escaping_config(project)
    monkeypatch.chdir(project)
    before = _tree(tmp_path)

    result = runner.invoke(app, [command, "radar.md"])

    assert result.exit_code == 2, result.output
    line = _one_line_error(result.stderr)
    assert "transpipe.toml:2: " in line and repr(ESCAPING) in line, line
    assert _tree(tmp_path) == before  # build wrote nothing, in the project or outside it
    assert not (tmp_path / "x").exists()


def test_an_escaping_source_given_to_the_library_writes_nothing(tmp_path: Path) -> None:
    project = _translated_project(tmp_path)
    settings = Settings(root=project, source=ESCAPING, targets=("de",), min_reviewed=0.0)
    before = _tree(tmp_path)
    for run in (build, check, status):
        with pytest.raises(TranspipeError, match="unknown language code") as info:
            run(["radar.md"], settings, base=project)
        assert info.value.exit_code == 2
    after = _tree(tmp_path)
    after.pop("a/b/c/project/.transpipe/lock", None)  # build took the lock before it refused
    before.pop("a/b/c/project/.transpipe/lock", None)
    assert after == before
    assert not (tmp_path / "x").exists()


def test_an_editions_subfolder_linked_out_of_the_project_is_refused(tmp_path: Path) -> None:
    project = _translated_project(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (project / "editions").mkdir()
    (project / "editions" / "de").symlink_to(outside, target_is_directory=True)
    settings = Settings(root=project, targets=("de",), min_reviewed=0.0)
    before = _tree(tmp_path)

    with pytest.raises(TranspipeError, match="outside the project") as info:
        build(["radar.md"], settings, base=project)

    assert info.value.exit_code == 2
    assert info.value.path is not None and info.value.path.endswith("editions/de/radar.md")
    assert list(outside.iterdir()) == []
    assert not (project / "editions" / "en").exists()  # refused before anything was written
    after = _tree(tmp_path)
    for snapshot in (before, after):
        snapshot.pop("a/b/c/project/.transpipe/lock", None)
    assert after == before


def test_a_locales_subfolder_linked_out_of_the_project_is_refused(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "radar.md").write_text(ARTICLE, encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (project / "locales").mkdir()
    (project / "locales" / "de").symlink_to(outside, target_is_directory=True)
    settings = Settings(root=project, targets=("de",), engine=EngineSettings(name="pseudo"))

    with pytest.raises(TranspipeError, match="outside the project") as info:
        translate(["radar.md"], settings, base=project)

    assert info.value.exit_code == 2
    assert list(outside.iterdir()) == []
    assert not (project / "locales" / "radar.pot").exists()  # nothing written at all


def test_configured_folders_outside_the_project_are_still_written(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "radar.md").write_text(ARTICLE, encoding="utf-8")
    shared = tmp_path / "shared"
    real_editions = tmp_path / "site" / "editions"
    real_editions.mkdir(parents=True)
    (project / "editions").symlink_to(real_editions, target_is_directory=True)
    settings = Settings(
        root=project,
        targets=("de",),
        locales=shared / "locales",
        min_reviewed=0.0,
        engine=EngineSettings(name="pseudo"),
    )
    translate(["radar.md"], settings, base=project)
    results = build(["radar.md"], settings, base=project, drafts=True)
    assert (shared / "locales" / "de" / "radar.po").is_file()
    assert (real_editions / "de" / "radar.md").is_file()
    assert (real_editions / "en" / "radar.md").is_file()
    assert [r.edition.written for r in results] == [True]
