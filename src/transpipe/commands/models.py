"""The ``models`` and ``engines`` commands: list, check and install translation models."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from transpipe.commands.project import resolve_languages
from transpipe.core.config import Settings
from transpipe.core.errors import ConfigError, ModelMissingError, TranspipeError
from transpipe.engines import (
    ANY_LANGUAGE,
    Engine,
    LanguagePair,
    ModelInstaller,
    create_engine,
    engine_sources,
    load_factory,
)


def missing_pairs(
    settings: Settings, targets: Sequence[str] | None, engine: Engine | None = None
) -> list[tuple[str, str]]:
    """The (source, target) pairs the engine has no model for."""
    engine = create_engine(settings.engine) if engine is None else engine
    missing = []
    for lang in resolve_languages(settings, targets):
        try:
            engine.require(settings.source, lang.code)
        except ModelMissingError:
            missing.append((settings.source, lang.code))
    return missing


def list_models(settings: Settings, *, available: bool = False) -> list[LanguagePair]:
    """Installed pairs, or with ``available`` every pair of the engine's index too."""
    engine = create_engine(settings.engine)
    if not available:
        return engine.pairs()
    if not isinstance(engine, ModelInstaller):
        raise ConfigError(f"engine {engine.name!r} has no model index")
    index = engine.available()
    listed = {(p.source, p.target) for p in index}
    return index + [p for p in engine.pairs() if (p.source, p.target) not in listed]


def broken_models(settings: Settings) -> list[str]:
    """A line for each installed package folder that cannot be read (listed, never hiding
    the others): ``"<metadata.json>: <reason>"``."""
    engine = create_engine(settings.engine)
    return engine.broken_models() if isinstance(engine, ModelInstaller) else []


@dataclass(frozen=True, slots=True)
class EngineListing:
    """One engine as ``transpipe engines`` shows it.

    ``origin`` is ``"built-in"`` or the distribution providing the plug-in;
    ``pairs`` are ``"en-es"`` strings, or ``("any",)`` for an engine that
    serves every pair; ``error`` says why a plug-in could not be loaded;
    ``shadowed`` marks a plug-in whose name belongs to a built-in engine.
    """

    name: str
    origin: str
    entry_point: str
    pairs: tuple[str, ...]
    error: str | None = None
    shadowed: bool = False


def list_engines(settings: Settings) -> list[EngineListing]:
    """Every engine, built-in and plug-in, with the pairs it serves on this machine.

    Each engine is built with the project's engine settings and asked for its
    pairs; an engine that fails (a plug-in that cannot be imported, say) is
    listed with its error instead of stopping the listing.
    """

    listings = []
    for source in engine_sources():
        pairs: tuple[str, ...] = ()
        error: str | None = None
        if not source.shadowed:
            try:
                engine = load_factory(source)(replace(settings.engine, name=source.name))
                found = engine.pairs()
            except Exception as exc:  # noqa: BLE001 - a plug-in may fail in any way: list it
                # a plug-in that cannot be imported: its own error says more than ours
                cause = exc.__cause__ if exc.__cause__ is not None else exc
                message = cause.message if isinstance(cause, TranspipeError) else str(cause)
                error = f"{type(cause).__name__}: {message}".splitlines()[0]
            else:
                names = [
                    "any" if ANY_LANGUAGE in (p.source, p.target) else f"{p.source}-{p.target}"
                    for p in found
                ]
                pairs = tuple(dict.fromkeys(names))
        listings.append(
            EngineListing(source.name, source.origin, source.target, pairs, error, source.shadowed)
        )
    return listings


def install_model(
    settings: Settings,
    spec: str,
    progress: Callable[[int, int | None], None] | None = None,
) -> str:
    """Install a model from a package file or, for ``src-tgt``, from the Argos index.

    Returns a description of what was installed.
    """
    engine = create_engine(settings.engine)
    if not isinstance(engine, ModelInstaller):
        raise ConfigError(f"engine {engine.name!r} does not install models")
    pair = engine.install(spec, progress)
    return f"{pair.source}->{pair.target} ({pair.model} {pair.version}) in {engine.packages_dir}"
