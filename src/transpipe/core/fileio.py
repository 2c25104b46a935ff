"""Atomic file writes: a file is either as it was or complete, never half-written.

Every file transpipe writes goes through :func:`atomic_write_bytes`: the data
goes to a temporary file beside the target (``.<name>.<pid>.<random>.tmp``),
is flushed to disk, and replaces the target with one ``rename``.  A run killed
at any moment leaves the target as it was or complete; at worst a temporary
file stays behind, which :func:`remove_stale_temps` deletes once the process
that made it is gone.  Readers here refuse what they cannot bound: an input
over its size limit is refused from its ``stat`` before it is read.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import secrets
import stat
from pathlib import Path

from transpipe.core.errors import OutputError, TranspipeError

_TEMP_NAME = re.compile(r"^\..+\.(\d+)\.[^.]+\.tmp$")


class ChangedMeanwhile(Exception):
    """The file changed since the caller read it: nothing was written (compare-and-swap)."""


def content_digest(path: Path) -> str:
    """A digest of the file's bytes, ``""`` for no file: what a compare-and-swap expects."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # never open a pipe or a device: it may not end
            return f"not a regular file: {stat.S_IFMT(info.st_mode):o}"
        data = path.read_bytes()
    except FileNotFoundError:
        return ""
    return hashlib.sha256(data).hexdigest()


def atomic_write_text(path: Path, text: str, *, expect: str | None = None) -> None:
    """Write ``text`` as UTF-8 to ``path`` through a temporary file and a rename."""
    atomic_write_bytes(path, text.encode("utf-8"), expect=expect)


def atomic_write_bytes(path: Path, data: bytes, *, expect: str | None = None) -> None:
    """Write ``data`` to ``path`` atomically, creating parent folders as needed.

    The file's permission bits are kept (a new file gets the umask's); the
    folder is synced after the rename so that the new name survives a crash.
    The temporary file is created with ``O_EXCL | O_NOFOLLOW``: a name that is
    taken (by a file or a planted link) is skipped, never opened.

    With ``expect`` (a :func:`content_digest` taken when the caller read the
    file), the file is compared again right before the rename; if someone
    saved it meanwhile, the temporary file is removed and
    :class:`ChangedMeanwhile` is raised, so their save is never overwritten.

    Any failure of the system (disk full, a read-only folder, a file where a
    folder belongs) raises :class:`~transpipe.core.errors.OutputError` naming
    ``path``; the target is then as it was.
    """
    try:
        _write(path, data, expect)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise OutputError(f"cannot write: {reason}", path=str(path)) from exc


def _write(path: Path, data: bytes, expect: str | None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else None
    if mode is None:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = _create_temp(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        if expect is not None and content_digest(path) != expect:
            raise ChangedMeanwhile(str(path))
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    _sync_folder(path.parent)


_TEMP_FLAGS = (
    os.O_WRONLY
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
_TEMP_ATTEMPTS = 100


def _temp_token() -> str:
    """The random part of a temporary file's name (no dots: see ``_TEMP_NAME``)."""
    return secrets.token_hex(6)


def _create_temp(path: Path) -> tuple[int, Path]:
    """A new, private temporary file beside ``path`` (``.<name>.<pid>.<random>.tmp``), open.

    ``O_EXCL | O_NOFOLLOW`` make the open fail on any existing name, a link
    included, so nothing but a file made here is ever written.
    """
    for _ in range(_TEMP_ATTEMPTS):
        candidate = path.parent / f".{path.name}.{os.getpid()}.{_temp_token()}.tmp"
        try:
            return os.open(candidate, _TEMP_FLAGS, 0o600), candidate
        except FileExistsError:
            continue
    raise FileExistsError(
        errno.EEXIST, f"no free temporary name after {_TEMP_ATTEMPTS} tries", str(path.parent)
    )


def _sync_folder(folder: Path) -> None:
    """Flush a folder's entries (the rename) to disk where the platform allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a folder; the rename is still atomic
    finally:
        os.close(fd)


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (ours, or another user's, counts as running)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's live process
    return True


def remove_stale_temps(*folders: Path) -> list[Path]:
    """Delete temporary files a killed writer left in ``folders`` (and their subfolders).

    Only files named as :func:`atomic_write_bytes` names them are touched, and
    only when the process that made them no longer runs.  Returns the files
    removed.
    """
    removed: list[Path] = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for candidate in folder.rglob(".*.tmp"):
            match = _TEMP_NAME.match(candidate.name)
            if match is None or not candidate.is_file() or process_alive(int(match.group(1))):
                continue
            try:
                candidate.unlink()
            except OSError:
                continue
            removed.append(candidate)
    return removed


def decode_utf8(data: bytes, shown: str, error: type[TranspipeError], what: str) -> str:
    """``data`` as UTF-8 text (a BOM is dropped); a bad byte raises ``error`` with its line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise error(f"not valid UTF-8; save the {what} as UTF-8", path=shown, line=line) from None


# catalogues, glossaries and imports: far above any real one, far below exhausting memory
MAX_DATA_BYTES = 128 * 1024 * 1024


def read_bytes(path: Path, error: type[TranspipeError], what: str) -> bytes:
    """The bytes of the regular file ``path``; anything else raises ``error`` naming it.

    A pipe, a device (``/dev/zero``) or a folder is refused before it is
    opened, and at most :data:`MAX_DATA_BYTES` are read (see :func:`read_limited`).
    """
    return read_limited(path, str(path), MAX_DATA_BYTES, error, what)


def read_limited(
    path: Path, shown: str, limit: int, error: type[TranspipeError], what: str
) -> bytes:
    """The bytes of the regular file ``path``, refused (``error`` naming ``shown``) over ``limit``.

    The size is read with ``stat`` first, so an oversize file is refused
    without reading it; at most ``limit + 1`` bytes are ever read, so a file
    that grows meanwhile cannot exhaust memory either.  Devices, pipes and
    sockets are refused: they may never end.
    """
    try:
        info = path.stat()  # before opening: opening a pipe would wait for a writer
        if stat.S_ISDIR(info.st_mode):
            raise error(f"this is a folder; give the {what} as a file", path=shown)
        if not stat.S_ISREG(info.st_mode):
            raise error(f"not a regular file; give the {what} as a file", path=shown)
        if info.st_size > limit:
            raise error(_too_large(what, info.st_size, limit), path=shown)
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise error(f"cannot read the {what}: {exc.strerror or exc}", path=shown) from exc
    if len(data) > limit:
        raise error(_too_large(what, len(data), limit), path=shown)
    return data


def _too_large(what: str, size: int, limit: int) -> str:
    return (
        f"the {what} is {size / 1e6:.1f} MB, over the limit of {limit / 1e6:g} MB; "
        f"split it into smaller files"
    )


def read_utf8(path: Path, error: type[TranspipeError], what: str) -> str:
    """Read ``path`` as UTF-8 text; errors (``error``) name the file and, for bad bytes, the line."""
    return decode_utf8(read_bytes(path, error, what), str(path), error, what)
