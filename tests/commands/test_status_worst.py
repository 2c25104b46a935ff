"""``status --worst N``: the unreviewed entries the engine was least sure of, riskiest first."""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest
from typer.testing import CliRunner

from transpipe import worst_entries
from transpipe.cli import app
from transpipe.core.config import Settings
from transpipe.core.notes import ScoreNote, format_score_note

runner = CliRunner()


def _catalogue(path: Path, rows: list[tuple[str, float | None, bool]]) -> None:
    """A catalogue whose entries have a draft, a score note (or none) and a review state."""
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": path.parent.name}
    for msgid, score, approved in rows:
        entry = polib.POEntry(msgid=msgid, msgstr=msgid.upper())
        if score is not None:
            entry.comment = (
                f"machine translation: argos m 1.0\n{format_score_note(ScoreNote(score))}"
            )
        if not approved:
            entry.flags.append("fuzzy")
        po.append(entry)
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))


def _project(tmp_path: Path) -> Settings:
    for name in ("one", "two"):
        (tmp_path / f"{name}.md").write_text(f"# {name}\n\nText.\n", encoding="utf-8")
    locales = tmp_path / "locales"
    _catalogue(locales / "de" / "one.po", [("Fine.", -0.10, False), ("Shaky.", -1.90, False)])
    _catalogue(locales / "fr" / "one.po", [("Reviewed.", -3.00, True), ("Unscored.", None, False)])
    _catalogue(locales / "de" / "two.po", [("Worst.", -2.40, False), ("Middle.", -0.80, False)])
    return Settings(root=tmp_path, targets=("de", "fr"))


def test_the_worst_unreviewed_entries_come_first_across_articles_and_languages(
    tmp_path: Path,
) -> None:
    settings = _project(tmp_path)
    found = worst_entries([str(tmp_path / "one.md"), str(tmp_path / "two.md")], settings, 3)
    assert [(e.msgid, e.language, e.score) for e in found] == [
        ("Worst.", "de", -2.40),
        ("Shaky.", "de", -1.90),
        ("Middle.", "de", -0.80),
    ]
    assert found[0].path == tmp_path / "locales" / "de" / "two.po"
    assert found[0].line > 0
    # approved entries and entries without a score are never ranked
    everything = worst_entries([str(tmp_path / "one.md"), str(tmp_path / "two.md")], settings, 99)
    assert {e.msgid for e in everything} == {"Worst.", "Shaky.", "Middle.", "Fine."}


def test_status_worst_prints_a_table_and_json_with_scores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _project(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "transpipe.toml").write_text(
        '[project]\ntargets = ["de", "fr"]\n', encoding="utf-8"
    )
    table = runner.invoke(app, ["status", "one.md", "two.md", "--worst", "2"])
    assert table.exit_code == 0, table.output
    assert table.output.index("Worst.") < table.output.index("Shaky.")
    assert "Middle." not in table.output
    assert "-2.40" in table.output and "two.po:" in table.output
    result = runner.invoke(app, ["status", "one.md", "two.md", "--worst", "5", "--format", "json"])
    data = json.loads(result.output)
    assert [row["score"] for row in data] == [-2.4, -1.9, -0.8, -0.1]
    assert {"article", "language", "file", "line", "msgid", "msgstr"} <= set(data[0])
