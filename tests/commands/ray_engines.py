"""Engines the Ray executor's tests build inside Ray's worker processes.

Ray workers import them by name (the tests put the repository on the workers'
``PYTHONPATH``); a test passes ``functools.partial(logging_engine, folder)``
as the engine factory.  Each writes what it does to files in ``folder``, since a
worker's memory is out of reach.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from transpipe.core.config import EngineSettings
from transpipe.engines.pseudo import PseudoEngine


class LoggingEngine(PseudoEngine):
    """The pseudo engine, logging every batch it is asked to translate."""

    def __init__(self, settings: EngineSettings, folder: str) -> None:
        super().__init__(settings)
        self.folder = Path(folder)

    def translate(
        self,
        texts: Sequence[str],
        source: str,
        target: str,
        progress: Callable[[int], None] | None = None,
    ) -> list[str]:
        line = json.dumps({"pid": os.getpid(), "target": target, "texts": list(texts)})
        with (self.folder / f"calls-{os.getpid()}.jsonl").open("a", encoding="utf-8") as log:
            log.write(line + "\n")
        return super().translate(texts, source, target, progress)


class DyingEngine(LoggingEngine):
    """Kills its own process on its first call, once per folder: a worker lost mid-run."""

    def translate(
        self,
        texts: Sequence[str],
        source: str,
        target: str,
        progress: Callable[[int], None] | None = None,
    ) -> list[str]:
        marker = self.folder / "killed"
        try:
            fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            return super().translate(texts, source, target, progress)
        os.write(fd, str(os.getpid()).encode())
        os.close(fd)
        os._exit(1)


def logging_engine(folder: str, settings: EngineSettings) -> LoggingEngine:
    return LoggingEngine(settings, folder)


def dying_engine(folder: str, settings: EngineSettings) -> DyingEngine:
    return DyingEngine(settings, folder)
