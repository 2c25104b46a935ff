"""Machine-translation memory: engine output remembered across runs.

Keyed by (engine, model, model version, target language, engine settings,
glossary version, glossary mode, normalised source), so a re-run after a
one-sentence edit sends one sentence to the engine.  Stored in SQLite (one
file, transactional: a killed run leaves it as it was or with the new rows).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

_SCHEMA = "CREATE TABLE IF NOT EXISTS machine (key TEXT PRIMARY KEY, text TEXT, notes TEXT)"


def memory_key(context: Sequence[str], source: str) -> str:
    """The cache key of ``source`` under ``context`` (engine, model, language, ...)."""
    return hashlib.sha256(json.dumps([*context, source], ensure_ascii=False).encode()).hexdigest()


class MachineMemory:
    """Remembered engine output; ``path=None`` keeps it in memory for one run only."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path) if path is not None else ":memory:", timeout=30)
        self._db.execute(_SCHEMA)

    def get(
        self, context: Sequence[str], sources: Iterable[str]
    ) -> dict[str, tuple[str, tuple[str, ...]]]:
        """Remembered ``(text, notes)`` for each of ``sources`` that has an entry."""
        found: dict[str, tuple[str, tuple[str, ...]]] = {}
        for source in sources:
            row = self._db.execute(
                "SELECT text, notes FROM machine WHERE key = ?", (memory_key(context, source),)
            ).fetchone()
            if row is not None:
                found[source] = (str(row[0]), tuple(json.loads(row[1])))
        return found

    def put(self, context: Sequence[str], outputs: Mapping[str, tuple[str, Sequence[str]]]) -> None:
        """Remember ``outputs`` (source -> (text, notes)) in one transaction."""
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO machine (key, text, notes) VALUES (?, ?, ?)",
                [
                    (memory_key(context, source), text, json.dumps(list(notes), ensure_ascii=False))
                    for source, (text, notes) in outputs.items()
                ],
            )

    def close(self) -> None:
        self._db.close()
