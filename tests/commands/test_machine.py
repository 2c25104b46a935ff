"""Machine translation in batches: a broken engine is named, never trusted."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest

from transpipe.commands.machine import translate_texts
from transpipe.core.errors import EngineError
from transpipe.core.model import ModelInfo
from transpipe.engines import LanguagePair


class _Short:
    """An engine that drops the last segment of every batch."""

    name = "short"

    def pairs(self) -> list[LanguagePair]:
        return [LanguagePair("en", "de")]

    def require(self, source: str, target: str) -> ModelInfo:
        return ModelInfo("short", "short", "1", source, target)

    def translate(
        self,
        texts: Sequence[str],
        source: str,
        target: str,
        progress: Callable[[int], None] | None = None,
    ) -> list[str]:
        return [t.upper() for t in texts][:-1]


def test_an_engine_that_returns_too_few_translations_is_an_engine_error() -> None:
    with pytest.raises(EngineError, match=r"engine short returned 1 translations for 2 segments"):
        translate_texts(_Short(), ["One.", "Two."], "en", "de")


def test_an_engine_that_returns_one_per_segment_is_taken() -> None:
    class Whole(_Short):
        def translate(self, texts, source, target, progress=None):  # type: ignore[no-untyped-def]
            return [t.upper() for t in texts]

    out = translate_texts(Whole(), ["One.", "Two."], "en", "de")
    assert {k: v.machine for k, v in out.items()} == {"One.": "ONE.", "Two.": "TWO."}
