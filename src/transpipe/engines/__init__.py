"""Translation engines: a small protocol and an explicit registry.

An engine translates a whole batch of segments for one language pair in one
call; the pipeline never knows which engine it talks to.  Engines are looked
up by name and imported only when used, so listing them costs nothing.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from transpipe.config import EngineSettings
from transpipe.errors import ConfigError
from transpipe.model import ModelInfo


@dataclass(frozen=True, slots=True)
class LanguagePair:
    """A pair an engine can serve, and the model that serves it."""

    source: str
    target: str
    model: str
    version: str
    installed: bool = True


@runtime_checkable
class Engine(Protocol):
    """What the pipeline needs from a translation engine."""

    name: str

    def pairs(self) -> list[LanguagePair]:
        """The pairs this engine can translate on this machine now."""
        ...

    def require(self, source: str, target: str) -> ModelInfo:
        """The model for ``source``->``target``; raises ModelMissingError if none."""
        ...

    def translate(
        self,
        texts: Sequence[str],
        source: str,
        target: str,
        progress: Callable[[int], None] | None = None,
    ) -> list[str]:
        """Translate every text of ``texts``; one result per text, in order.

        ``progress``, when given, is called with the number of texts done so far.
        """
        ...


EngineFactory = Callable[[EngineSettings], Engine]

# name -> "module:callable"; imported on first use only
_REGISTRY: dict[str, str] = {
    "argos": "transpipe.engines.argos:ArgosEngine",
}


def register(name: str, target: str) -> None:
    """Register an engine factory given as ``"package.module:callable"``."""
    _REGISTRY[name] = target


def engine_names() -> list[str]:
    return sorted(_REGISTRY)


def create_engine(settings: EngineSettings) -> Engine:
    """Build the engine named in ``settings``."""
    target = _REGISTRY.get(settings.name)
    if target is None:
        raise ConfigError(
            f"unknown engine {settings.name!r}; available: {', '.join(engine_names())}"
        )
    module_name, _, attr = target.partition(":")
    factory: EngineFactory = getattr(importlib.import_module(module_name), attr)
    return factory(settings)
