"""Translation engines: a small protocol, an explicit registry and plug-ins.

An engine translates a whole batch of segments for one language pair in one
call; the pipeline never knows which engine it talks to.  Engines are looked
up by name and imported only when used, so listing them costs nothing.

An engine that can say how sure it is of each translation (Argos can) is a
:class:`ScoringEngine`: it returns :class:`Scored` records, each with the
model's score and, where the first output was degenerate (a loop, a copy of
the source, a lost placeholder: ``engines/guards.py``), why the segment was
decoded again with safer settings.

An engine that also installs its own models (Argos does) is a
:class:`ModelInstaller`; ``transpipe models`` asks for that protocol, never
for a concrete engine.

Built-in engines (``argos``, ``apertium``, ``pseudo``) live in the registry
below.  Other packages add engines through the entry-point group
``transpipe.engines``: an entry ``name = "package.module:Factory"`` whose
factory takes :class:`~transpipe.core.config.EngineSettings` and returns an
:class:`Engine`.  Entry points are read only when an engine is looked up or
listed (never at import time), and a built-in name always wins: a plug-in
that reuses one is ignored, and ``transpipe engines`` shows it as shadowed.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from transpipe.core.config import EngineSettings
from transpipe.core.errors import ConfigError, EngineError, ModelMissingError
from transpipe.core.model import ModelInfo

# what a plug-in needs, from one place: its settings, what it returns and raises
__all__ = [
    "ANY_LANGUAGE",
    "Engine",
    "EngineError",
    "EngineSettings",
    "LanguagePair",
    "ModelInfo",
    "ModelInstaller",
    "ModelMissingError",
    "ProgressCallback",
    "Scored",
    "ScoringEngine",
    "create_engine",
    "engine_names",
    "engine_sources",
]

ENTRY_POINT_GROUP = "transpipe.engines"
ANY_LANGUAGE = "*"  # in a LanguagePair: the engine serves every language here


@dataclass(frozen=True, slots=True)
class LanguagePair:
    """A pair an engine can serve, and the model that serves it.

    ``source`` or ``target`` is :data:`ANY_LANGUAGE` (``"*"``) for an engine
    that needs no model for that side (the pseudo engine serves ``*``->``*``).
    """

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


@dataclass(frozen=True, slots=True)
class Scored:
    """A translation with the engine's confidence in it.

    ``score`` is the mean log-probability per token of the output (0 is
    certain, more negative less sure), comparable between short and long
    segments; ``None`` when the engine has none (an empty text, an engine
    without scores).  ``retried`` says why the segment was decoded again with
    safer settings (``"repetition"``, ``"length"``, ``"copy"``,
    ``"language"``, ``"placeholders"``: the reasons of
    :func:`transpipe.engines.guards.degeneracy`), ``""`` when it was not.
    """

    text: str
    score: float | None
    retried: str = ""


@runtime_checkable
class ScoringEngine(Protocol):
    """An engine that scores its translations (optional)."""

    def translate_scored(
        self,
        texts: Sequence[str],
        source: str,
        target: str,
        progress: Callable[[int], None] | None = None,
    ) -> list[Scored]:
        """As :meth:`Engine.translate`, with each result's score and retry reason."""
        ...


@runtime_checkable
class Analyser(Protocol):
    """An engine that can also tell the grammar of target-language words (optional)."""

    def grammar(self, texts: Sequence[str], language: str) -> list[str]:
        """Gender and number of each text's head noun in ``language``, as tags.

        One string per text: ``m``, ``f`` or ``n``, then ``pl`` if plural
        (``"f pl"``); ``""`` where the analyser does not know.
        """
        ...


# bytes downloaded so far, and the total when the server tells it
ProgressCallback = Callable[[int, int | None], None]


@runtime_checkable
class ModelInstaller(Protocol):
    """An engine that installs its own models (optional): ``transpipe models`` uses it.

    An engine without it lists its installed pairs only: it has no index to
    show and installs nothing.
    """

    packages_dir: Path  # where installed models live

    def available(self) -> list[LanguagePair]:
        """Every pair of the engine's model index, marked installed or not (may use the network)."""
        ...

    def broken_models(self) -> list[str]:
        """``"<where>: <reason>"`` for each installed model that cannot be read.

        Such a model is skipped (never hiding the others); this says which and why.
        """
        ...

    def install(self, spec: str, progress: ProgressCallback | None = None) -> LanguagePair:
        """Install a model from a file, or for a pair such as ``en-de`` from the index.

        Returns the pair the new model serves.  ``progress``, when given, hears
        of a download's bytes.
        """
        ...


EngineFactory = Callable[[EngineSettings], Engine]

# name -> "module:callable"; imported on first use only
_REGISTRY: dict[str, str] = {
    "argos": "transpipe.engines.argos:ArgosEngine",
    "apertium": "transpipe.engines.apertium:ApertiumEngine",
    "pseudo": "transpipe.engines.pseudo:PseudoEngine",
}

BUILT_IN = "built-in"


@dataclass(frozen=True, slots=True)
class EngineSource:
    """Where an engine comes from: the registry or a distribution's entry point.

    ``origin`` is ``"built-in"`` or the providing distribution as
    ``"name version"``; ``shadowed`` marks a plug-in whose name a built-in
    engine already has (the built-in wins).
    """

    name: str
    target: str
    origin: str
    shadowed: bool = False


def register(name: str, target: str) -> None:
    """Register an engine factory given as ``"package.module:callable"``."""
    _REGISTRY[name] = target


def plugin_sources() -> list[EngineSource]:
    """Engines declared in the ``transpipe.engines`` entry-point group, in name order.

    Reads installed distributions' metadata (no plug-in is imported).  When
    two distributions declare the same name, the first found on ``sys.path``
    is used, as Python itself resolves imports.
    """
    from importlib.metadata import entry_points

    found: dict[str, EngineSource] = {}
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        if entry.name in found:
            continue
        dist = entry.dist
        origin = f"{dist.name} {dist.version}" if dist is not None else "unknown distribution"
        found[entry.name] = EngineSource(
            entry.name, entry.value, origin, shadowed=entry.name in _REGISTRY
        )
    return [found[name] for name in sorted(found)]


def engine_sources() -> list[EngineSource]:
    """Every engine: built-ins first, then plug-ins (shadowed ones included), by name."""
    built_in = [EngineSource(name, _REGISTRY[name], BUILT_IN) for name in sorted(_REGISTRY)]
    return built_in + plugin_sources()


def engine_names() -> list[str]:
    """Names :func:`create_engine` accepts: built-ins and plug-ins."""
    return sorted({s.name for s in engine_sources()})


def _find(name: str) -> EngineSource:
    if name in _REGISTRY:
        return EngineSource(name, _REGISTRY[name], BUILT_IN)
    for source in plugin_sources():
        if source.name == name:
            return source
    raise ConfigError(f"unknown engine {name!r}; available: {', '.join(engine_names())}")


def load_factory(source: EngineSource) -> EngineFactory:
    """Import an engine's factory; a plug-in that fails raises a one-line EngineError."""
    module_name, _, attr = source.target.partition(":")
    try:
        factory: EngineFactory = getattr(importlib.import_module(module_name), attr)
    except Exception as exc:  # a plug-in's import may fail in any way
        if source.origin == BUILT_IN:
            raise
        raise EngineError(
            f"engine plug-in {source.name!r} from {source.origin} cannot be loaded "
            f"({source.target}): {type(exc).__name__}: {exc}"
        ) from exc
    return factory


def create_engine(settings: EngineSettings) -> Engine:
    """Build the engine named in ``settings`` (a built-in, else a plug-in)."""
    return load_factory(_find(settings.name))(settings)
