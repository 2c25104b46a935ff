"""Atomic file writes: a file is either as it was or complete, never half-written."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from transpipe.errors import TranspipeError


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8 to ``path`` through a temporary file and a rename."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically, creating parent folders as needed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else None
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp_name, mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp_name, 0o666 & ~umask)
        os.replace(tmp_name, path)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except FileNotFoundError:
            pass
        raise


def decode_utf8(data: bytes, shown: str, error: type[TranspipeError], what: str) -> str:
    """``data`` as UTF-8 text (a BOM is dropped); a bad byte raises ``error`` with its line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise error(f"not valid UTF-8; save the {what} as UTF-8", path=shown, line=line) from None


def read_bytes(path: Path, error: type[TranspipeError], what: str) -> bytes:
    """The bytes of ``path``; an unreadable file raises ``error`` naming it."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise error(f"cannot read the {what}: {exc.strerror or exc}", path=str(path)) from exc


def read_utf8(path: Path, error: type[TranspipeError], what: str) -> str:
    """Read ``path`` as UTF-8 text; errors (``error``) name the file and, for bad bytes, the line."""
    return decode_utf8(read_bytes(path, error, what), str(path), error, what)
