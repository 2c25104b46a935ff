"""Where ``translate`` does its work: in this process, or on a Ray cluster.

A run reads its articles (parse, detect, repair, normalise) and machine-
translates the segments no memory holds; an executor does those two jobs and
nothing else.  Merging with the reviewers' work and writing catalogues stay
on the driver, in :mod:`transpipe.commands.translate`, the same for every
executor, so every executor writes the same bytes.

- ``local``: one process, the engine built once (the default).
- ``ray`` or ``ray:ADDRESS``: :mod:`transpipe.commands.ray_executor` (the
  ``transpipe[ray]`` extra), Ray Data for the reading and an actor pool for
  the engine, each actor building its own engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

from transpipe.commands.articles import Article, ArticleReader
from transpipe.commands.machine import translate_texts
from transpipe.core.config import EngineSettings
from transpipe.core.errors import ConfigError
from transpipe.engines import Engine
from transpipe.po.merge import Proposal
from transpipe.terms.glossary import GlossaryIndex

# builds an engine inside a worker (CTranslate2 translators cannot be pickled)
EngineFactory = Callable[[EngineSettings], Engine]


@dataclass(frozen=True, slots=True)
class ExecutorSpec:
    """``--executor``: ``local``, ``ray`` (a local Ray, or the one ``RAY_ADDRESS`` names)
    or ``ray:ADDRESS`` (``ray:auto``, ``ray:10.0.0.5:6379``, ``ray:ray://head:10001``)."""

    kind: Literal["local", "ray"] = "local"
    address: str | None = None
    engine_factory: EngineFactory | None = None  # None: the engine the settings name

    @classmethod
    def parse(cls, text: str) -> ExecutorSpec:
        kind, _, address = text.strip().partition(":")
        if kind == "local" and not address:
            return cls("local")
        if kind == "ray":
            return cls("ray", address or None)
        raise ConfigError(f"--executor {text!r}: give local, ray or ray:ADDRESS")


class Executor(Protocol):
    """Reads articles and translates segments for one ``translate`` run."""

    def articles(self, paths: Sequence[Path]) -> Iterator[Article]:
        """Each of ``paths`` read and normalised, in the order given."""
        ...

    def translate(
        self,
        texts: Sequence[str],
        source: str,
        target: str,
        progress: Callable[[int], None] | None = None,
    ) -> Mapping[str, Proposal]:
        """Machine output of every one of ``texts`` (distinct), keyed by text."""
        ...

    def close(self) -> None: ...


class LocalExecutor:
    """Everything in this process, with the one engine of the run."""

    def __init__(
        self, reader: ArticleReader, engine: Engine, index: GlossaryIndex | None, mode: str
    ) -> None:
        self.reader = reader
        self.engine = engine
        self.index = index
        self.mode = mode

    def articles(self, paths: Sequence[Path]) -> Iterator[Article]:
        for path in paths:
            yield self.reader.read(path)

    def translate(
        self,
        texts: Sequence[str],
        source: str,
        target: str,
        progress: Callable[[int], None] | None = None,
    ) -> Mapping[str, Proposal]:
        return translate_texts(self.engine, texts, source, target, self.index, self.mode, progress)

    def close(self) -> None:
        return None
