"""Whatever goes wrong, the command line says it in one line naming the file, exit 2.

Disk full, a read-only folder, a file where a folder belongs, article names a
catalogue cannot record, XML and JSON nested thousands deep, and any error
the library did not expect: never a traceback, and nothing on disk damaged.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from tests.conftest import ROOT
from transpipe.cli import app
from transpipe.commands import translate as translate_command
from transpipe.core import fileio

runner = CliRunner()
GLOSSARY = (ROOT / "glossary" / "places.gloss").as_posix()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "news.md").write_text("Talks resumed in Kyiv on Monday.\n", encoding="utf-8")
    (tmp_path / "transpipe.toml").write_text(
        f'[project]\ntargets = ["de"]\nglossaries = ["{GLOSSARY}"]\n\n[engine]\nname = "pseudo"\n',
        encoding="utf-8",
    )
    return tmp_path


def _one_line(result: Result, *names: str) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith("transpipe:")]
    assert len(lines) == 1, result.stderr
    for name in names:
        assert name in lines[0], lines[0]
    return lines[0]


def _failing_temp(code: int) -> object:
    def create(path: Path) -> tuple[int, Path]:
        raise OSError(code, os.strerror(code), str(path.parent))

    return create


@pytest.mark.parametrize(
    ("code", "words"),
    [(errno.ENOSPC, "No space left"), (errno.EROFS, "Read-only"), (errno.EACCES, "Permission")],
)
def test_a_catalogue_that_cannot_be_written_is_one_line_and_the_old_one_stays(
    project: Path, monkeypatch: pytest.MonkeyPatch, code: int, words: str
) -> None:
    assert runner.invoke(app, ["translate", "news.md"]).exit_code == 0
    po = project / "locales" / "de" / "news.po"
    before = po.read_bytes()
    (project / "news.md").write_text("Talks resumed in Kyiv on Tuesday.\n", encoding="utf-8")
    monkeypatch.setattr(fileio, "_create_temp", _failing_temp(code))
    line = _one_line(runner.invoke(app, ["translate", "news.md"]), "news.po", words)
    assert "cannot write" in line
    assert po.read_bytes() == before


def test_an_edition_folder_that_cannot_be_written_is_one_line(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert runner.invoke(app, ["translate", "news.md"]).exit_code == 0
    monkeypatch.setattr(fileio, "_create_temp", _failing_temp(errno.EROFS))
    result = runner.invoke(app, ["build", "news.md", "--min-reviewed", "0"])
    _one_line(result, "news", "Read-only")
    assert not (project / "editions").exists() or not any((project / "editions").rglob("*.md"))


def test_locales_that_is_a_file_is_one_line(project: Path) -> None:
    (project / "locales").write_text("not a folder\n", encoding="utf-8")
    _one_line(runner.invoke(app, ["translate", "news.md"]), "locales")
    assert (project / "locales").read_text(encoding="utf-8") == "not a folder\n"


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("two\nlines.md", "control character"),
        ("back\\", "backslash"),
        (os.fsdecode(b"caf\xe9.md"), "not UTF-8"),
    ],
)
def test_article_names_a_catalogue_cannot_record_are_refused(
    project: Path, name: str, why: str
) -> None:
    (project / name).write_text("Talks resumed in Kyiv.\n", encoding="utf-8")
    for command in ("translate", "normalise", "detect"):
        line = _one_line(runner.invoke(app, [command, name]), why)
        assert "rename it" in line
    assert not (project / "locales").exists()


def test_a_non_utf8_name_is_shown_with_its_byte(project: Path) -> None:
    name = os.fsdecode(b"caf\xe9.md")
    (project / name).write_text("Kyiv.\n", encoding="utf-8")
    assert "caf\\xe9.md" in _one_line(runner.invoke(app, ["translate", name]))


def test_a_tbx_nested_a_thousand_deep_is_refused_with_its_line(project: Path) -> None:
    deep = "<termEntry>" * 1000 + "</termEntry>" * 1000
    tbx = project / "deep.tbx"
    tbx.write_text(f'<?xml version="1.0"?>\n<martif><text><body>\n{deep}</body></text></martif>\n')
    line = _one_line(runner.invoke(app, ["glossary", "import", str(tbx)]), "deep.tbx:3:")
    assert "nested" in line


def test_a_package_folder_with_deeply_nested_metadata_hides_no_other(
    packages_dir: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "packages"
    shutil.copytree(packages_dir, folder)
    broken = folder / "translate-en_xx"
    broken.mkdir()
    (broken / "metadata.json").write_text("[" * 100_000 + "]" * 100_000)
    result = runner.invoke(
        app, ["models", "list", "--packages-dir", str(folder), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert {p["target"] for p in json.loads(result.stdout)} == {"de", "fr", "uk"}
    (warning,) = result.stderr.strip().splitlines()
    assert "translate-en_xx" in warning and "nested too deeply" in warning


@pytest.mark.parametrize("where", ["folder", "missing-parent"])
def test_an_export_that_cannot_be_written_is_one_line(project: Path, where: str) -> None:
    output = project if where == "folder" else project / "no" / "such" / "x.csv"
    if where == "missing-parent":
        (project / "no").write_text("a file, not a folder\n")
    glossary = ROOT / "glossary" / "defence.gloss"
    args = ["glossary", "export", "-g", str(glossary), "--format", "csv", "-o", str(output)]
    _one_line(runner.invoke(app, args), "cannot write")
    assert sorted(p.name for p in project.iterdir()) == sorted(
        ["news.md", "transpipe.toml"] + (["no"] if where == "missing-parent" else [])
    )


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (ValueError("a value the library refused"), "a value the library refused"),
        (RecursionError(), "nested too deeply"),
        (MemoryError(), "too large"),
        (PermissionError(errno.EACCES, "Permission denied", "locales/de"), "locales/de"),
    ],
)
def test_any_unexpected_error_is_one_line(
    project: Path, monkeypatch: pytest.MonkeyPatch, error: BaseException, words: str
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr(translate_command, "translate", broken)
    _one_line(runner.invoke(app, ["translate", "news.md"]), words)
