"""Scores and retries reach the catalogue: every draft of a scoring engine carries its score,
the lowest band is marked, and a retried draft says why."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

import polib
import pytest
from typer.testing import CliRunner

from tests.conftest import model_file
from transpipe import translate
from transpipe.cli import app
from transpipe.commands.machine import score_notes, translate_texts
from transpipe.core.config import EngineSettings, Settings
from transpipe.core.model import ModelInfo
from transpipe.engines import LanguagePair, Scored
from transpipe.engines.argos import ArgosEngine

runner = CliRunner()


class _Scoring:
    """An engine that scores its drafts as it is told."""

    name = "scoring"

    def __init__(self, scored: dict[str, Scored]) -> None:
        self.scored = scored

    def pairs(self) -> list[LanguagePair]:
        return [LanguagePair("*", "*", "scoring", "1")]

    def require(self, source: str, target: str) -> ModelInfo:
        return ModelInfo("scoring", "scoring", "1", source, target)

    def translate(
        self, texts: Sequence[str], source: str, target: str,
        progress: Callable[[int], None] | None = None,
    ) -> list[str]:  # fmt: skip
        return [s.text for s in self.translate_scored(texts, source, target, progress)]

    def translate_scored(
        self, texts: Sequence[str], source: str, target: str,
        progress: Callable[[int], None] | None = None,
    ) -> list[Scored]:  # fmt: skip
        return [self.scored.get(t, Scored(t.upper(), None)) for t in texts]


def test_a_scored_draft_carries_its_score_low_confidence_and_retry_notes() -> None:
    engine = _Scoring({
        "Sure.": Scored("SICHER.", -0.1234),
        "Unsure.": Scored("UNSICHER.", -2.5),
        "Looped.": Scored("SCHLEIFE.", -0.4, retried="repetition"),
    })  # fmt: skip
    out = translate_texts(engine, ["Sure.", "Unsure.", "Looped.", "Plain."], "en", "de")
    assert out["Sure."].notes == ("score -0.12",)
    assert out["Unsure."].notes == ("score -2.50", "check: low confidence")
    assert out["Looped."].notes == ("score -0.40", "machine translation: retried (repetition)")
    assert out["Plain."].notes == ()  # an engine without a score for a draft leaves none
    assert score_notes(Scored("X", None, "copy")) == ("machine translation: retried (copy)",)


def _trigrams(text: str) -> Counter[tuple[str, ...]]:
    words = text.split()
    return Counter(tuple(words[i : i + 3]) for i in range(len(words) - 2))


def test_the_looping_model_leaves_no_loop_in_the_catalogue_and_every_draft_a_score(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("looping")
    ArgosEngine(EngineSettings(packages_dir=folder)).install_file(model_file("en", "nl"))
    article = tmp_path / "loop.md"
    article.write_text(
        "# Talks resume\n\nThe talks in the city resumed on a cold morning.\n\n"
        "Both delegations arrived early and left late.\n",
        encoding="utf-8",
    )
    # greedy decoding: the looping model repeats itself until the length limit
    settings = Settings(root=tmp_path, engine=EngineSettings(packages_dir=folder, beam_size=1))
    engine = ArgosEngine(settings.engine)
    translate([str(article)], settings, targets=["nl"], engine=engine)
    po = polib.pofile(str(tmp_path / "locales" / "nl" / "loop.po"))
    drafts = [e for e in po if e.msgid and "fuzzy" in e.flags]
    assert len(drafts) == 3
    for entry in drafts:
        assert max(_trigrams(entry.msgstr).values(), default=0) <= 2, entry.msgstr
        assert any(
            line.startswith("score -") or line == "score 0.00" for line in entry.comment.split("\n")
        )
    retried = [e for e in drafts if "machine translation: retried (repetition)" in e.comment]
    assert retried, [e.comment for e in drafts]

    # status --worst ranks them by score
    (tmp_path / "transpipe.toml").write_text('[project]\ntargets = ["nl"]\n', encoding="utf-8")
    result = runner.invoke(
        app, ["status", str(article), "--worst", "5", "--format", "json", "--config",
              str(tmp_path / "transpipe.toml")],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert len(rows) == 3
    assert [r["score"] for r in rows] == sorted(r["score"] for r in rows)


def test_every_draft_of_the_example_carries_a_score_and_the_worst_five_come_in_order(
    tmp_path: Path, packages_dir: Path
) -> None:
    from tests.conftest import EXAMPLES

    article = tmp_path / "nato-air-defence.md"
    article.write_bytes((EXAMPLES / "nato-air-defence.md").read_bytes())
    settings = Settings(root=tmp_path, engine=EngineSettings(packages_dir=packages_dir))
    translate([str(article)], settings, targets=["de"], engine=ArgosEngine(settings.engine))
    po = polib.pofile(str(tmp_path / "locales" / "de" / "nato-air-defence.po"))
    drafts = [e for e in po if e.msgid and "fuzzy" in e.flags]
    assert len(drafts) >= 5
    for entry in drafts:
        assert any(line.startswith("score ") for line in entry.comment.split("\n")), entry.msgid
    (tmp_path / "transpipe.toml").write_text('[project]\ntargets = ["de"]\n', encoding="utf-8")
    result = runner.invoke(
        app, ["status", str(article), "--worst", "5", "--format", "json", "--config",
              str(tmp_path / "transpipe.toml")],
    )  # fmt: skip
    rows = json.loads(result.output)
    assert len(rows) == 5
    assert [r["score"] for r in rows] == sorted(r["score"] for r in rows)
    assert all(r["file"].endswith("nato-air-defence.po") and r["line"] > 0 for r in rows)
