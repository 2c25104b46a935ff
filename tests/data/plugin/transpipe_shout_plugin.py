"""A test-only transpipe engine plug-in: "translates" by upper-casing letters."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from transpipe.engines import EngineSettings, LanguagePair, ModelInfo


class ShoutEngine:
    """Serves en->de and en->fr; its output is the input in capitals."""

    name = "shout"

    def __init__(self, settings: EngineSettings) -> None:
        self.settings = settings

    def pairs(self) -> list[LanguagePair]:
        return [LanguagePair("en", t, "shout", "1.2") for t in ("de", "fr")]

    def require(self, source: str, target: str) -> ModelInfo:
        from transpipe.engines import ModelMissingError

        if (source, target) not in {(p.source, p.target) for p in self.pairs()}:
            raise ModelMissingError(f"shout has no {source}->{target}")
        return ModelInfo("shout", "shout", "1.2", source, target)

    def translate(
        self,
        texts: Sequence[str],
        source: str,
        target: str,
        progress: Callable[[int], None] | None = None,
    ) -> list[str]:
        return [text.upper() for text in texts]
