"""The lock and the temporary files never follow a link planted in the project.

A cloned repository can ship ``.transpipe/lock`` (or ``.transpipe``) as a
symbolic link to any file of the user's; the commands that write must refuse
it in one line (exit 2) and leave the link's target as it was.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from transpipe.cli import app
from transpipe.core import fileio
from transpipe.core.fileio import atomic_write_text
from transpipe.core.lock import LockedError, project_lock

runner = CliRunner()

CONFIG = '[project]\ntargets = ["de"]\nmin_reviewed = 0.0\n\n[engine]\nname = "pseudo"\n'
GLOSSARY = "id: kyiv\nterm: Kyiv\ndeprecated: Kiev\nnote: n\n"
PRECIOUS = b"the user's own file\n"

COMMANDS = {
    "build": ["build", "a.md"],
    "translate": ["translate", "a.md"],
    "normalise --write": ["normalise", "a.md", "--write", "--glossary", "g.gloss"],
}


def _project(root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / "transpipe.toml").write_text(CONFIG, encoding="utf-8")
    (root / "a.md").write_text("Talks in Kiev went well.\n", encoding="utf-8")
    (root / "g.gloss").write_text(GLOSSARY, encoding="utf-8")


def _one_line_error(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("transpipe: error: "), lines[0]
    return lines[0]


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_lock_linked_to_a_file_leaves_that_file_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    victim = tmp_path / "home" / "notes.txt"
    victim.parent.mkdir()
    victim.write_bytes(PRECIOUS)
    project = tmp_path / "project"
    _project(project)
    (project / ".transpipe").mkdir()
    (project / ".transpipe" / "lock").symlink_to(victim)
    monkeypatch.chdir(project)

    result = runner.invoke(app, COMMANDS[command])

    assert result.exit_code == 2, result.output
    line = _one_line_error(result.stderr)
    assert ".transpipe/lock: " in line and "symbolic link" in line
    assert victim.read_bytes() == PRECIOUS
    assert (project / ".transpipe" / "lock").is_symlink()
    assert (project / "a.md").read_text(encoding="utf-8") == "Talks in Kiev went well.\n"
    assert not (project / "locales").exists() and not (project / "editions").exists()


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_lock_linked_to_a_missing_file_creates_nothing_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    target = tmp_path / "home" / ".bashrc"
    target.parent.mkdir()
    project = tmp_path / "project"
    _project(project)
    (project / ".transpipe").mkdir()
    (project / ".transpipe" / "lock").symlink_to(target)
    monkeypatch.chdir(project)

    result = runner.invoke(app, COMMANDS[command])

    assert result.exit_code == 2, result.output
    assert "symbolic link" in _one_line_error(result.stderr)
    assert not target.exists()


def test_a_lock_folder_linked_elsewhere_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "home" / "app"
    elsewhere.mkdir(parents=True)
    (elsewhere / "lock").write_bytes(PRECIOUS)
    project = tmp_path / "project"
    _project(project)
    (project / ".transpipe").symlink_to(elsewhere, target_is_directory=True)
    monkeypatch.chdir(project)

    result = runner.invoke(app, COMMANDS["build"])

    assert result.exit_code == 2, result.output
    line = _one_line_error(result.stderr)
    assert ".transpipe: " in line and "symbolic link" in line
    assert (elsewhere / "lock").read_bytes() == PRECIOUS
    assert sorted(p.name for p in elsewhere.iterdir()) == ["lock"]


def test_a_lock_that_is_not_a_regular_file_is_refused_without_waiting(tmp_path: Path) -> None:
    path = tmp_path / ".transpipe" / "lock"
    path.parent.mkdir()
    os.mkfifo(path)
    with (
        pytest.raises(LockedError, match="not a regular file") as info,
        project_lock(path, "build", wait=0),
    ):
        pass  # pragma: no cover - never reached
    assert info.value.exit_code == 2 and info.value.path == str(path)


def test_the_library_lock_refuses_a_link(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_bytes(PRECIOUS)
    path = tmp_path / ".transpipe" / "lock"
    path.parent.mkdir()
    path.symlink_to(victim)
    with pytest.raises(LockedError, match="symbolic link"), project_lock(path, "build", wait=0):
        pass  # pragma: no cover - never reached
    assert victim.read_bytes() == PRECIOUS


def test_a_regular_lock_still_works_and_names_its_holder(tmp_path: Path) -> None:
    path = tmp_path / ".transpipe" / "lock"
    with project_lock(path, "build", wait=0):
        assert path.read_text(encoding="utf-8") == f"build pid {os.getpid()}\n"
    with project_lock(path, "translate", wait=0):
        assert path.read_text(encoding="utf-8") == f"translate pid {os.getpid()}\n"


def test_atomic_writes_never_follow_a_link_planted_at_the_temporary_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    victim = tmp_path / "victim"
    victim.write_bytes(PRECIOUS)
    folder = tmp_path / "locales"
    folder.mkdir()
    tokens = iter(["planted", "planted", "fresh"])
    tried: list[str] = []

    def token() -> str:
        tried.append(value := next(tokens))
        return value

    monkeypatch.setattr(fileio, "_temp_token", token)
    planted = folder / f".a.po.{os.getpid()}.planted.tmp"
    planted.symlink_to(victim)

    atomic_write_text(folder / "a.po", "new text\n")

    assert tried == ["planted", "planted", "fresh"]  # the taken name is skipped, not opened
    assert victim.read_bytes() == PRECIOUS
    assert planted.is_symlink()
    assert (folder / "a.po").read_text(encoding="utf-8") == "new text\n"
    assert sorted(p.name for p in folder.iterdir()) == [planted.name, "a.po"]


def test_temporary_files_are_made_private_then_get_the_final_mode(tmp_path: Path) -> None:
    target = tmp_path / "a.po"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    atomic_write_text(target, "new\n")
    assert target.stat().st_mode & 0o777 == 0o640
    fresh = tmp_path / "b.po"
    umask = os.umask(0o022)
    try:
        atomic_write_text(fresh, "x\n")
    finally:
        os.umask(umask)
    assert fresh.stat().st_mode & 0o777 == 0o644


def test_a_lock_folder_linked_to_nowhere_is_refused_and_nothing_is_created(
    tmp_path: Path,
) -> None:
    missing = tmp_path / "home" / "app"
    (tmp_path / ".transpipe").symlink_to(missing, target_is_directory=True)
    with (
        pytest.raises(LockedError, match="symbolic link") as info,
        project_lock(tmp_path / ".transpipe" / "lock", "build", wait=0),
    ):
        pass  # pragma: no cover - never reached
    assert info.value.path == str(tmp_path / ".transpipe")
    assert not missing.exists() and not missing.parent.exists()
