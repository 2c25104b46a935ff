"""Static sharding of a run: ``translate --shard I/N`` and ``--files-from LIST``.

An article belongs to shard ``I`` of ``N`` by a stable hash (SHA-256) of its
project-relative path, the same on every machine, Python and run, so shards
run on different machines (a CI matrix) split an archive without talking to
each other.  Each shard writes only its own articles' catalogues and its own
machine memory, ``.transpipe/memory.shard-I-of-N.sqlite3``, reading the
project's memory besides; ``transpipe memory merge`` joins the shards'
memories into the project's.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from transpipe.core.config import Settings
from transpipe.core.errors import ConfigError, InputError
from transpipe.core.fileio import read_limited
from transpipe.po.memory import MemoryMerge, merge_memories

_SHARD = re.compile(r"\s*(\d{1,6})\s*/\s*(\d{1,6})\s*")
MAX_LIST_BYTES = 64 * 1024 * 1024  # a --files-from list of about a million paths


@dataclass(frozen=True, slots=True)
class Shard:
    """Shard ``index`` (1-based) of ``count``."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        """``"2/4"`` -> ``Shard(2, 4)``; anything else is refused in one line."""
        found = _SHARD.fullmatch(text)
        if found is None:
            raise ConfigError(f"--shard {text!r}: give it as I/N, e.g. 1/4")
        index, count = int(found[1]), int(found[2])
        if not 1 <= index <= count:
            raise ConfigError(f"--shard {text!r}: I must be between 1 and N")
        return cls(index, count)

    def holds(self, relative: str) -> bool:
        """Whether the article at the project-relative path ``relative`` is this shard's."""
        digest = hashlib.sha256(relative.replace("\\", "/").encode("utf-8")).digest()
        return int.from_bytes(digest[:8], "big") % self.count == self.index - 1

    @property
    def memory_name(self) -> str:
        return f"memory.shard-{self.index}-of-{self.count}.sqlite3"

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


def shard_paths(
    paths: Sequence[Path], shown: Sequence[str], shard: Shard | None
) -> list[tuple[Path, str]]:
    """The articles of ``paths`` (project-relative: ``shown``) that belong to ``shard`` (all
    of them without one), each with its project-relative path."""
    pairs = list(zip(paths, shown, strict=True))
    return pairs if shard is None else [(p, s) for p, s in pairs if shard.holds(s)]


def shard_memory(settings: Settings, shard: Shard | None) -> tuple[Path, tuple[Path, ...]]:
    """The memory file a run writes, and the ones it only reads."""
    if shard is None:
        return settings.memory_path, ()
    return settings.memory_path.with_name(shard.memory_name), (settings.memory_path,)


def shard_memories(settings: Settings) -> list[Path]:
    """The shard memories lying beside the project's memory, in name order."""
    folder = settings.memory_path.parent
    if not folder.is_dir():
        return []
    pattern = re.compile(r"memory\.shard-\d+-of-\d+\.sqlite3")
    return sorted(p for p in folder.iterdir() if pattern.fullmatch(p.name) and p.is_file())


def merge_shard_memories(
    settings: Settings, sources: Sequence[Path] = (), *, keep: bool = False
) -> MemoryMerge:
    """Join shard memories (all of those beside the project's, by default) into it."""
    found = list(sources) or shard_memories(settings)
    return merge_memories(settings.memory_path, found, remove=not keep)


def read_file_list(source: str, base: Path | None = None) -> list[str]:
    """The article paths listed in ``source`` (``-``: standard input), one per line.

    Blank lines are skipped; relative paths are taken from the current folder,
    as if given on the command line.  Control characters other than tabs are
    refused with the list's name and line.
    """
    if source == "-":
        text = sys.stdin.read()
        shown = "<stdin>"
    else:
        path = Path(source) if Path(source).is_absolute() else (base or Path.cwd()) / source
        shown = source
        data = read_limited(path, shown, MAX_LIST_BYTES, InputError, "list of articles")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(f"not UTF-8 text ({exc.reason})", path=shown) from None
    items = []
    for number, line in enumerate(text.splitlines(), 1):
        item = line.strip()
        if not item:
            continue
        if any(ord(c) < 32 and c != "\t" for c in item):
            raise InputError("a path with a control character", path=shown, line=number)
        items.append(item)
    if not items:
        raise InputError("the list names no article", path=shown)
    return items
