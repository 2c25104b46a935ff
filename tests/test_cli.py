"""The CLI end to end: an article in, .pot and .po catalogues out, errors as one line."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from typer.testing import CliRunner

from tests.conftest import EXAMPLES, model_file
from tests.models.build_test_models import expected_translation
from transpipe.cli import app
from transpipe.document import decode_article, read_document
from transpipe.document.inline import protect, restore

ARTICLE = "nato-air-defence.md"
runner = CliRunner()


def run_cli(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "transpipe", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONUTF8": "1"},
        timeout=300,
        check=False,
    )


def expected_msgstr(msgid: str) -> str:
    protected = protect(msgid)
    return restore(expected_translation(protected.text), protected.tokens).text


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    (tmp_path / "articles").mkdir()
    shutil.copy(EXAMPLES / ARTICLE, tmp_path / "articles" / ARTICLE)
    # the engine's output alone: no built-in glossary normalising or steering it
    (tmp_path / "transpipe.toml").write_text("[project]\nbuiltin_glossary = false\n")
    return tmp_path


@pytest.mark.needs("gettext")
def test_translate_end_to_end(workdir: Path, packages_dir: Path) -> None:
    args = [
        "translate",
        f"articles/{ARTICLE}",
        "--to",
        "de,fr,uk",
        "--packages-dir",
        str(packages_dir),
    ]
    run = run_cli(args, workdir)
    assert run.returncode == 0, run.stderr

    text = (workdir / "articles" / ARTICLE).read_text(encoding="utf-8")
    doc = read_document(decode_article(text.encode(), f"articles/{ARTICLE}"), f"articles/{ARTICLE}")
    sentences = [s.text for s in doc.sentences()]
    assert len(sentences) > len(set(sentences)), "the example repeats its title"
    expected_refs: dict[str, list[tuple[str, str]]] = {}
    for s in doc.sentences():
        expected_refs.setdefault(s.text, []).append((f"articles/{ARTICLE}", str(s.line)))

    pot = polib.pofile(str(workdir / "locales" / "nato-air-defence.pot"))
    assert [e.msgid for e in pot] == list(dict.fromkeys(sentences))  # each sentence once
    for entry in pot:
        assert entry.occurrences == expected_refs[entry.msgid]
        assert entry.msgstr == ""

    for lang in ("de", "fr", "uk"):
        path = workdir / "locales" / lang / "nato-air-defence.po"
        po = polib.pofile(str(path))
        assert po.metadata["Language"] == lang
        assert po.metadata["X-Transpipe-Engine"] == "argos"
        assert po.metadata["X-Transpipe-Model"] == f"translate-en_{lang}-1_0 1.0"
        assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
        assert "nplurals=" in po.metadata["Plural-Forms"]
        assert [e.msgid for e in po] == [e.msgid for e in pot]
        for entry in po:
            assert entry.flags == ["fuzzy"]
            assert entry.occurrences == expected_refs[entry.msgid]
            assert entry.msgstr == expected_msgstr(entry.msgid)
            assert f"translate-en_{lang}-1_0" in entry.comment
        assert shutil.which("msgfmt"), "GNU gettext's msgfmt is needed (tests/run.sh installs it)"
        check = subprocess.run(
            ["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, check=False
        )
        assert check.returncode == 0, check.stderr

    # a second run changes nothing on disk
    before = {p: p.read_bytes() for p in (workdir / "locales").rglob("*") if p.is_file()}
    again = run_cli(args, workdir)
    assert again.returncode == 0, again.stderr
    after = {p: p.read_bytes() for p in (workdir / "locales").rglob("*") if p.is_file()}
    assert after == before


def test_json_summary_and_many_articles(workdir: Path, packages_dir: Path) -> None:
    shutil.copy(EXAMPLES / "briefing.txt", workdir / "articles" / "briefing.txt")
    result = runner.invoke(
        app,
        [
            "translate",
            str(workdir / "articles"),
            "--to",
            "de",
            "--packages-dir",
            str(packages_dir),
            "--locales",
            str(workdir / "out"),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert sorted(a["name"] for a in data["articles"]) == ["briefing", "nato-air-defence"]
    for article in data["articles"]:
        (catalog,) = article["catalogs"]
        assert catalog["language"] == "de"
        assert catalog["fuzzy"] == catalog["entries"] == article["unique"]
        assert Path(catalog["file"]).is_file()
    assert data["models"][0]["name"] == "translate-en_de-1_0"


def _assert_one_line_error(output: str, *needles: str) -> None:
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1, output
    for needle in needles:
        assert needle in lines[0]


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (["--to", "pl"], ["en->pl", "transpipe models install en-pl"]),
        (["--to", "de,xx"], ["unknown language code 'xx'"]),
        (["--to", "en"], ["is the source language"]),
    ],
)
def test_language_and_model_errors(
    workdir: Path, packages_dir: Path, args: list[str], needles: list[str]
) -> None:
    result = runner.invoke(
        app,
        [
            "translate",
            str(workdir / "articles" / ARTICLE),
            "--packages-dir",
            str(packages_dir),
            "--locales",
            str(workdir / "locales"),
            *args,
        ],
    )
    assert result.exit_code == 2
    _assert_one_line_error(result.stderr, *needles)
    assert not (workdir / "locales").exists()


@pytest.mark.parametrize(
    ("content", "needles"),
    [
        (b"A fine first line.\n\nThen a bad byte \xff here.\n", ["bad.md:3:", "UTF-8"]),
        (b"", ["bad.md", "empty"]),
        (b"\x00\x01\x02binary\x00", ["bad.md"]),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(
    tmp_path: Path, packages_dir: Path, content: bytes, needles: list[str]
) -> None:
    (tmp_path / "bad.md").write_bytes(content)
    run = run_cli(
        ["translate", "bad.md", "--to", "de", "--packages-dir", str(packages_dir)], tmp_path
    )
    assert run.returncode == 2
    _assert_one_line_error(run.stderr, *needles)
    assert not (tmp_path / "locales").exists()


def test_missing_file_and_unreadable_input(tmp_path: Path, packages_dir: Path) -> None:
    result = runner.invoke(
        app,
        ["translate", str(tmp_path / "nope.md"), "--to", "de", "--packages-dir", str(packages_dir)],
    )
    assert result.exit_code == 2
    _assert_one_line_error(result.stderr, "nope.md", "no such file")
    secret = tmp_path / "secret.md"
    secret.write_text("Text.\n", encoding="utf-8")
    secret.chmod(0)
    try:
        if os.access(secret, os.R_OK):  # root reads anything: use a folder instead
            secret.chmod(0o644)
            secret = tmp_path / "folder.md"
            secret.mkdir()
        result = runner.invoke(
            app, ["translate", str(secret), "--to", "de", "--packages-dir", str(packages_dir)]
        )
    finally:
        secret.chmod(0o755)
    assert result.exit_code == 2
    _assert_one_line_error(result.stderr, secret.name)


def test_models_list_and_install(tmp_path: Path) -> None:
    pk = tmp_path / "pk"
    empty = runner.invoke(app, ["models", "list", "--packages-dir", str(pk), "--format", "json"])
    assert empty.exit_code == 0 and json.loads(empty.stdout) == []
    installed = runner.invoke(
        app, ["models", "install", str(model_file("en", "uk")), "--packages-dir", str(pk)]
    )
    assert installed.exit_code == 0, installed.output
    assert "en->uk" in installed.stdout
    listed = runner.invoke(app, ["models", "list", "--packages-dir", str(pk), "--format", "json"])
    assert [(p["source"], p["target"], p["installed"]) for p in json.loads(listed.stdout)] == [
        ("en", "uk", True)
    ]
    table = runner.invoke(app, ["models", "list", "--packages-dir", str(pk)])
    assert "en-uk" in table.stdout


def test_help_starts_without_heavy_imports() -> None:
    code = (
        "import sys\n"
        "from transpipe.cli import main\n"
        "sys.argv = ['transpipe', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('torch', 'stanza', 'spacy', 'argostranslate', 'ctranslate2', 'polib')"
        " if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert "translate" in run.stdout
    assert "HEAVY []" in run.stdout, run.stdout


def test_article_name_with_spaces(tmp_path: Path, packages_dir: Path) -> None:
    article = tmp_path / "my article.md"
    article.write_text("# A Title\n\nOne sentence here.\n", encoding="utf-8")
    result = runner.invoke(
        app, ["translate", str(article), "--to", "de", "--packages-dir", str(packages_dir),
              "--locales", str(tmp_path / "locales")],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    po = polib.pofile(str(tmp_path / "locales" / "de" / "my article.po"))
    assert po[0].occurrences[0][0].endswith("my%20article.md")
