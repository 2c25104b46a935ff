"""Machine-translation memory: engine output remembered across runs.

Keyed by (engine, model, model version, target language, engine settings,
glossary version, glossary mode, normalised source), so a re-run after a
one-sentence edit sends one sentence to the engine.  Stored in SQLite (one
file, transactional, rollback journal: a killed run leaves it as it was or
with the new rows).

The memory is a cache and never stops a run: a file that is not a database or
is corrupt is moved aside to ``<name>.corrupt`` and a fresh one started; a
file that cannot be opened or written at all (read-only folder, full disk)
turns the memory into a per-run one in RAM.  :attr:`MachineMemory.problem`
says what happened, for the caller to report.

A shard of a sharded run (``translate --shard I/N``) writes its own memory
file and reads the project's memory besides (``also``, opened read-only), so
shards never write one file at once; :func:`merge_memories` later joins the
shards' files into the project's memory.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from transpipe.core.errors import InputError

_SCHEMA = "CREATE TABLE IF NOT EXISTS machine (key TEXT PRIMARY KEY, text TEXT, notes TEXT)"
# result codes that mean the file itself is damaged, not just busy or read-only
_DAMAGED = ("SQLITE_CORRUPT", "SQLITE_NOTADB")
_SIDECARS = ("-journal", "-wal", "-shm")  # the files SQLite keeps beside a database


def memory_key(context: Sequence[str], source: str) -> str:
    """The cache key of ``source`` under ``context`` (engine, model, language, ...)."""
    return hashlib.sha256(json.dumps([*context, source], ensure_ascii=False).encode()).hexdigest()


def _damaged(exc: sqlite3.Error) -> bool:
    name = getattr(exc, "sqlite_errorname", "") or ""
    return name.startswith(_DAMAGED) or "malformed" in str(exc) or "not a database" in str(exc)


class MachineMemory:
    """Remembered engine output; ``path=None`` keeps it in memory for one run only."""

    def __init__(self, path: Path | None, also: Sequence[Path] = ()) -> None:
        self.path = path
        self.problem: str | None = None
        self._db = self._open()
        self._also = [db for db in map(_open_read_only, also) if db is not None]

    def _open(self) -> sqlite3.Connection:
        if self.path is None:
            return self._in_memory()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(str(self.path), timeout=30)
        except (OSError, sqlite3.Error) as exc:
            return self._give_up(exc)
        try:
            db.execute(_SCHEMA)
            db.execute("SELECT count(*) FROM machine").fetchone()
        except sqlite3.Error as exc:
            db.close()
            if _damaged(exc):
                return self._start_again(exc)
            return self._give_up(exc)
        return db

    def _in_memory(self) -> sqlite3.Connection:
        db = sqlite3.connect(":memory:")
        db.execute(_SCHEMA)
        return db

    def _give_up(self, exc: BaseException) -> sqlite3.Connection:
        self.problem = f"{self.path}: machine memory unusable ({exc}); not remembering this run"
        return self._in_memory()

    def _start_again(self, exc: BaseException) -> sqlite3.Connection:
        """Move a damaged file aside and open a fresh one (it is only a cache)."""
        assert self.path is not None
        aside = self.path.with_name(self.path.name + ".corrupt")
        try:
            os.replace(self.path, aside)
            for suffix in _SIDECARS:
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            db = sqlite3.connect(str(self.path), timeout=30)
            db.execute(_SCHEMA)
        except (OSError, sqlite3.Error) as again:
            return self._give_up(again)
        self.problem = f"{self.path}: machine memory was damaged ({exc}); moved to {aside.name}"
        return db

    def _recover(self, exc: sqlite3.Error) -> None:
        """After a failed query: start a fresh memory (damaged file) or fall back to RAM."""
        self._db.close()
        self._db = self._start_again(exc) if _damaged(exc) else self._give_up(exc)

    def get(
        self, context: Sequence[str], sources: Iterable[str]
    ) -> dict[str, tuple[str, tuple[str, ...]]]:
        """Remembered ``(text, notes)`` for each of ``sources`` that has an entry."""
        wanted = {memory_key(context, source): source for source in sources}
        found: dict[str, tuple[str, tuple[str, ...]]] = {}
        for db in self._also:  # read-only: a damaged one is only not consulted
            try:
                found.update(_lookup(db, wanted))
            except (sqlite3.Error, ValueError, TypeError):
                continue
        try:
            found.update(_lookup(self._db, wanted))
        except (sqlite3.Error, ValueError, TypeError) as exc:
            if isinstance(exc, sqlite3.Error):
                self._recover(exc)
        return found

    def put(self, context: Sequence[str], outputs: Mapping[str, tuple[str, Sequence[str]]]) -> None:
        """Remember ``outputs`` (source -> (text, notes)) in one transaction."""
        rows = [
            (memory_key(context, source), text, json.dumps(list(notes), ensure_ascii=False))
            for source, (text, notes) in outputs.items()
        ]
        try:
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO machine (key, text, notes) VALUES (?, ?, ?)", rows
                )
        except sqlite3.Error as exc:
            self._recover(exc)

    def close(self) -> None:
        self._db.close()
        for db in self._also:
            db.close()


def _lookup(
    db: sqlite3.Connection, wanted: Mapping[str, str]
) -> dict[str, tuple[str, tuple[str, ...]]]:
    found = {}
    for key, source in wanted.items():
        row = db.execute("SELECT text, notes FROM machine WHERE key = ?", (key,)).fetchone()
        if row is not None:
            found[source] = (str(row[0]), tuple(json.loads(row[1])))
    return found


def _rows(db: sqlite3.Connection) -> list[tuple[str, str, str]]:
    return [
        (str(k), str(t), str(n))
        for k, t, n in db.execute("SELECT key, text, notes FROM machine ORDER BY key")
    ]


def _open_read_only(path: Path) -> sqlite3.Connection | None:
    """``path`` opened read-only, or None where it is missing or not a memory."""
    if not path.is_file():
        return None
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
        db.execute("SELECT count(*) FROM machine").fetchone()
    except sqlite3.Error:
        return None
    return db


@dataclass(frozen=True, slots=True)
class MemoryMerge:
    """What :func:`merge_memories` did."""

    into: Path
    sources: tuple[Path, ...]
    added: int  # rows new to ``into``
    known: int  # rows ``into`` held already (the first text of a key stays)


def merge_memories(into: Path, sources: Sequence[Path], *, remove: bool = True) -> MemoryMerge:
    """Join the memories ``sources`` into ``into`` in one transaction.

    A key ``into`` holds already keeps its row: a memory is a cache of
    deterministic output, and the row reviewers' runs read first stays.  A
    source that is not a memory is refused before anything is written
    (an :class:`InputError` names it).  With ``remove``, the sources are
    deleted once the merge is committed.
    """
    readers = []
    try:
        for source in sources:
            reader = _open_read_only(source)
            if reader is None:
                raise InputError(
                    "not a transpipe machine memory; nothing was merged", path=str(source)
                )
            readers.append(reader)
        added, known = _merge_rows(into, readers)
    finally:
        for reader in readers:
            reader.close()
    if remove:
        for source in sources:
            for suffix in ("", *_SIDECARS):
                Path(f"{source}{suffix}").unlink(missing_ok=True)
    return MemoryMerge(into, tuple(sources), added, known)


def _merge_rows(into: Path, readers: Sequence[sqlite3.Connection]) -> tuple[int, int]:
    """Copy every reader's rows into ``into`` in one transaction: (added, known)."""
    into.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(str(into), timeout=30)
    added = known = 0
    try:
        db.execute(_SCHEMA)
        with db:
            for reader in readers:
                rows = _rows(reader)
                before = db.total_changes
                db.executemany(
                    "INSERT OR IGNORE INTO machine (key, text, notes) VALUES (?, ?, ?)", rows
                )
                new = db.total_changes - before
                added += new
                known += len(rows) - new
    except sqlite3.Error as exc:
        raise InputError(f"cannot merge into this memory ({exc})", path=str(into)) from exc
    finally:
        db.close()
    return added, known
