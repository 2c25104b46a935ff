"""The Argos engine's scores, and its second decoding of degenerate outputs."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import model_file
from transpipe.core.config import EngineSettings
from transpipe.engines import Scored, ScoringEngine
from transpipe.engines.argos import ArgosEngine


@pytest.fixture(scope="module")
def looping_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A packages folder with the looping en->nl test model installed."""
    folder = tmp_path_factory.mktemp("looping-packages")
    ArgosEngine(EngineSettings(packages_dir=folder)).install_file(model_file("en", "nl"))
    return folder


def _trigram_counts(text: str) -> Counter[tuple[str, ...]]:
    words = text.split()
    return Counter(tuple(words[i : i + 3]) for i in range(len(words) - 2))


def _plain(engine: ArgosEngine, text: str, max_length: int) -> tuple[str, float]:
    loaded = engine._load("en", "nl")
    tokens = loaded.tokenizer.encode([text])
    (result,) = loaded.translator.translate_batch(
        tokens, beam_size=1, max_decoding_length=max_length, return_scores=True
    )
    return loaded.tokenizer.decode(result.hypotheses[0]), float(result.scores[0])


def test_the_looping_model_loops_under_plain_decoding(looping_dir: Path) -> None:
    text, _ = _plain(ArgosEngine(EngineSettings(packages_dir=looping_dir)), "the cat", 60)
    assert text.startswith("THE THE THE THE")
    assert len(text) == 60  # never ended: it ran to the length limit
    assert max(_trigram_counts(text).values()) > 2


def test_a_loop_is_decoded_again_and_the_retry_kept(looping_dir: Path) -> None:
    engine = ArgosEngine(EngineSettings(packages_dir=looping_dir, beam_size=1))
    assert isinstance(engine, ScoringEngine)
    (result,) = engine.translate_scored(["the cat"], "en", "nl")
    assert result.retried == "repetition"
    assert result.text == "THE"
    assert max(_trigram_counts(result.text).values(), default=0) <= 2
    assert result.score is not None and result.score <= 0
    assert engine.translate(["the cat"], "en", "nl") == ["THE"]


def test_ctranslate2_scores_are_per_token_means(looping_dir: Path) -> None:
    """The same loop run 20 and 400 tokens long scores the same: the score is the summed
    log-probability divided by the length (CTranslate2's default length_penalty=1)."""
    engine = ArgosEngine(EngineSettings(packages_dir=looping_dir))
    _, short = _plain(engine, "the cat", 20)
    _, long = _plain(engine, "the cat", 400)
    assert -1 < short < 0 and -1 < long < 0
    assert long == pytest.approx(short, abs=0.01)  # a sum would be 20 times larger


def test_the_uppercase_models_outputs_are_scored_and_not_retried(packages_dir: Path) -> None:
    engine = ArgosEngine(EngineSettings(packages_dir=packages_dir))
    texts = ["Hello, world!", "Placeholders {1} and {2} must survive.", "", "x"]
    done: list[int] = []
    results = engine.translate_scored(texts, "en", "de", progress=done.append)
    assert [r.text for r in results] == [
        "HELLO, WORLD!",
        "PLACEHOLDERS {1} AND {2} MUST SURVIVE.",
        "",
        "X",
    ]
    assert done == [1, 2, 3]  # every non-empty segment reported
    assert results[2] == Scored("", None)
    for result in results[:2] + results[3:]:
        assert result.retried == ""
        assert result.score is not None and math.isfinite(result.score) and result.score <= 0


def test_progress_reports_every_segment_when_some_are_retried(looping_dir: Path) -> None:
    engine = ArgosEngine(EngineSettings(packages_dir=looping_dir, beam_size=1))
    done: list[int] = []
    results = engine.translate_scored(["the cat", "ab", "a dog"], "en", "nl", progress=done.append)
    assert done == [1, 2, 3]
    assert [r.retried for r in results] == ["repetition", "", "repetition"]
    assert results[1].text == "AB"


def test_empty_texts_come_back_empty_without_a_model(tmp_path: Path) -> None:
    engine = ArgosEngine(EngineSettings(packages_dir=tmp_path))
    assert engine.translate_scored(["", "  "], "en", "nl") == [Scored("", None), Scored("", None)]
