"""Pipes, devices and folders given where a file is read: one line, exit 2, no hang."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import ROOT
from transpipe.cli import app

runner = CliRunner()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "news.md").write_text("Talks resumed in Kyiv.\n", encoding="utf-8")
    (tmp_path / "transpipe.toml").write_text(
        '[project]\ntargets = ["de"]\n\n[engine]\nname = "pseudo"\n', encoding="utf-8"
    )
    return tmp_path


def _fifo(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    return path


def test_a_pipe_as_glossary_is_refused(project: Path) -> None:
    pipe = _fifo(project / "g.gloss")
    result = runner.invoke(app, ["normalise", "news.md", "--glossary", str(pipe)])
    assert result.exit_code == 2
    assert "g.gloss" in result.stderr and "not a regular file" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_pipe_as_catalogue_is_refused_by_translate_and_check(project: Path) -> None:
    _fifo(project / "locales" / "de" / "news.po")
    for command in (["translate", "news.md"], ["check", "news.md"]):
        result = runner.invoke(app, command)
        assert result.exit_code == 2, (command, result.output)
        assert "news.po" in result.output and "not a regular file" in result.output


def test_a_device_as_import_is_refused(project: Path) -> None:
    result = runner.invoke(app, ["glossary", "import", "/dev/zero"])
    assert result.exit_code == 2
    assert "/dev/zero" in result.output
    assert "Traceback" not in result.output


def test_a_catalogue_linked_to_a_device_is_refused(project: Path) -> None:
    po = project / "locales" / "de" / "news.po"
    po.parent.mkdir(parents=True)
    po.symlink_to("/dev/zero")
    result = runner.invoke(app, ["check", "news.md"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output and "MemoryError" not in result.output
    assert ROOT.exists()  # (the project root, unused: a reminder that nothing else is touched)


def test_build_refuses_two_articles_that_would_share_an_edition(project: Path) -> None:
    for folder in ("a", "b"):
        (project / folder).mkdir()
        (project / folder / "x.md").write_text(f"Text from {folder}.\n", encoding="utf-8")
    result = runner.invoke(app, ["build", "a/x.md", "b/x.md"])
    assert result.exit_code == 2
    assert "two articles named 'x'" in result.output and "would share one edition" in result.output
    assert not (project / "editions").exists()


def test_text_that_looks_like_rich_markup_is_printed_as_it_is(project: Path) -> None:
    (project / "g.gloss").write_text(
        "id: x\nterm: [/x] thing\nnote: n\nde: [bold]Ding[/bold]\n", encoding="utf-8"
    )
    (project / "[red]n.md").write_text("The [/x] thing works in Kyiv.\n", encoding="utf-8")
    shown = runner.invoke(app, ["normalise", "[red]n.md", "--glossary", "g.gloss"])
    assert shown.exit_code == 0, shown.output
    assert "[/x] thing" in shown.stdout and "[red]n.md" in shown.stdout
    translated = runner.invoke(app, ["translate", "[red]n.md", "--glossary", "g.gloss"])
    assert translated.exit_code == 0, translated.output
    assert "Traceback" not in translated.output


def test_the_size_limit_is_inclusive_and_a_file_grown_past_it_is_refused_not_cut(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from transpipe.core.errors import InputError
    from transpipe.core.fileio import read_limited

    path = tmp_path / "a.txt"
    path.write_bytes(b"0123456789")
    assert read_limited(path, "a.txt", 10, InputError, "article") == b"0123456789"
    with pytest.raises(InputError, match="a.txt"):
        read_limited(path, "a.txt", 9, InputError, "article")
    # the file grows between the size check and the read: refused, never truncated
    small = os.stat_result((0o100644, 0, 0, 1, 0, 0, 5, 0, 0, 0))
    monkeypatch.setattr(Path, "stat", lambda self, **kw: small)
    with pytest.raises(InputError, match="a.txt"):
        read_limited(path, "a.txt", 9, InputError, "article")
