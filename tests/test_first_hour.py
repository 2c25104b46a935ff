"""What a new user meets in the first hour: errors that name the real problem, plain counts,
whole tables in CI logs."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from transpipe.cli import app, count

runner = CliRunner()


def test_a_missing_article_is_named_before_a_missing_model(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["translate", "missing.txt", "--to", "de", "--packages-dir", str(tmp_path / "none")]
    )
    assert result.exit_code == 2
    assert result.stderr.strip() == "transpipe: error: missing.txt: no such file or folder"


def test_counts_take_the_noun_in_the_right_number() -> None:
    assert [count(n, "segment") for n in (0, 1, 2)] == ["0 segments", "1 segment", "2 segments"]


def test_one_line_per_language_and_plain_counts(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("The NАТО envoy arrived.\n", encoding="utf-8")
    args = ["translate", "a.md", "--to", "de,fr", "--engine", "pseudo"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    lines = first.stderr.splitlines()
    assert "translating 1 segment into de" in lines and "translating 1 segment into fr" in lines
    assert "transpipe: 1 stray fragment in a.md" in first.stderr
    again = runner.invoke(app, args)
    assert again.stderr.splitlines().count("nothing new to translate into de") == 1
    assert "translating 0" not in again.stderr


def test_tables_off_a_terminal_are_not_cut_at_80_columns(tmp_path: Path) -> None:
    name = "a-long-article-name-about-the-russian-ministry-of-defence-and-its-statements"
    (tmp_path / f"{name}.md").write_text("Troops moved.\n", encoding="utf-8")
    result = runner.invoke(app, ["translate", f"{name}.md", "--to", "de", "--engine", "pseudo"])
    assert result.exit_code == 0, result.output
    assert f"locales/de/{name}.po" in result.stdout  # whole, on one line
    assert "…" not in result.stdout


def test_build_drafts_writes_a_draft_and_check_names_it_and_its_staleness(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("Troops moved.\n\nThe convoy arrived.\n", encoding="utf-8")
    translated = runner.invoke(app, ["translate", "a.md", "--to", "de", "--engine", "pseudo"])
    assert translated.exit_code == 0, translated.output
    built = runner.invoke(app, ["build", "a.md", "--drafts", "--format", "json"])
    assert built.exit_code == 0, built.output
    (row,) = json.loads(built.stdout)
    assert row["written"] and row["approved"] == 0
    edition = tmp_path / "editions" / "de" / "a.md"
    assert edition.read_text(encoding="utf-8").startswith(
        "<!-- DRAFT: 2 of 2 sentences are unreviewed machine translation -->\n"
    )
    checked = runner.invoke(app, ["check", "a.md", "--format", "json"])
    kinds = {f["code"] for f in json.loads(checked.stdout)}
    assert "draft-edition" in kinds and "stale-edition" not in kinds

    po = tmp_path / "locales" / "de" / "a.po"  # a reviewer approves one sentence
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace("#, fuzzy\n", "", 1), encoding="utf-8")
    checked = runner.invoke(app, ["check", "a.md", "--format", "json"])
    kinds = {f["code"] for f in json.loads(checked.stdout)}
    assert {"draft-edition", "stale-edition"} <= kinds  # the draft no longer matches

    normal = runner.invoke(app, ["build", "a.md", "--format", "json"])  # 1 of 2: under 0.8
    assert not json.loads(normal.stdout)[0]["written"]
