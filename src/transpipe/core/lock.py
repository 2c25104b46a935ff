"""One writer per project: a lock file that the commands writing files hold.

``translate``, ``build`` and ``normalise --write`` read catalogues, merge and
write them back; two runs at once could each write a catalogue missing the
other's entries.  They therefore hold an exclusive lock on ``.transpipe/lock``
beside the locales folder (``<project>/.transpipe/lock`` with the usual
layout, where the project is the folder of ``transpipe.toml``, or the current
folder without one) for the whole run.  The lock is an operating
system ``flock``: it is released when the process ends, however it ends, so a
killed run never leaves a stale lock behind.  A second run waits up to
:data:`WAIT_SECONDS` for it, then stops with a one-line error naming the run
that holds it.  Where ``fcntl`` does not exist (Windows) runs are not locked.

The lock file and its folder are opened without following symbolic links
(``O_NOFOLLOW``): a cloned repository may ship ``.transpipe/lock`` as a link to
any file of the user's, which a followed link would truncate.  A link, or a
lock that is not a regular file, is refused with a one-line error (exit 2).
"""

from __future__ import annotations

import errno
import inspect
import os
import stat
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import ParamSpec, TypeVar

from transpipe.core.config import Settings
from transpipe.core.errors import TranspipeError
from transpipe.core.fileio import remove_stale_temps

WAIT_SECONDS = 2.0
LOCK_NAME = "lock"

_P = ParamSpec("_P")
_R = TypeVar("_R")


class LockedError(TranspipeError):
    """Another transpipe run is writing in the same project (exit code 2)."""


def lock_path(settings: Settings) -> Path:
    """The lock of the catalogues ``settings`` writes: beside the locales folder.

    With the usual layout that is ``<project>/.transpipe/lock``; projects that
    share one locales folder (``--locales``) share its lock too.
    """
    return settings.locales_dir.resolve().parent / ".transpipe" / LOCK_NAME


@contextmanager
def project_lock(
    path: Path, command: str, wait: float = WAIT_SECONDS, *, shared: bool = False
) -> Iterator[None]:
    """Hold the exclusive (or ``shared``) lock ``path`` while the ``with`` body runs.

    Waits up to ``wait`` seconds for another holder, then raises
    :class:`LockedError` naming the file and, where it wrote them, the
    holder's command and process id.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on POSIX
        yield
        return
    fd = _open_lock(path)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockedError(
                        f"another transpipe run ({_holder(fd)}) is writing in this project; "
                        "wait for it to finish, then run this again",
                        path=str(path),
                    ) from None
                time.sleep(0.05)
        if not shared:  # the holder's name, for the runs that wait for it
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{command} pid {os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)


def _open_lock(path: Path) -> int:
    """Open (creating it) the lock file ``path`` without following a link, or refuse it.

    The folder is opened first, itself without following a link, and the file
    inside it relative to that descriptor, so neither a linked lock nor a
    linked ``.transpipe`` folder can lead the write elsewhere.  ``O_NONBLOCK``
    keeps a FIFO planted as the lock from stalling the open.
    """
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # a file, or a link to nowhere, in the folder's place
        raise _refusal(folder, exc, "folder") from exc
    try:
        folder_fd = os.open(folder, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC)
    except OSError as exc:
        raise _refusal(folder, exc, "folder") from exc
    try:
        flags = os.O_RDWR | os.O_CREAT | _NOFOLLOW | _CLOEXEC | _NONBLOCK
        fd = os.open(path.name, flags, 0o644, dir_fd=folder_fd)
    except OSError as exc:
        raise _refusal(path, exc, "file") from exc
    finally:
        os.close(folder_fd)
    try:
        regular = stat.S_ISREG(os.fstat(fd).st_mode)
    except OSError:
        regular = False
    if not regular:
        os.close(fd)
        raise LockedError(
            "the lock is not a regular file; remove it (the next run creates it again)",
            path=str(path),
        )
    return fd


def _refusal(path: Path, exc: OSError, what: str) -> LockedError:
    """The one-line error for a lock file or folder that could not be opened."""
    if exc.errno in (errno.ELOOP, errno.EMLINK) or path.is_symlink():
        return LockedError(
            f"the lock {what} is a symbolic link, which transpipe does not follow; "
            "remove the link (the next run creates a real one)",
            path=str(path),
        )
    if exc.errno == errno.ENOTDIR:
        return LockedError(
            f"the lock {what} is not a folder; remove it (the next run creates it again)",
            path=str(path),
        )
    return LockedError(f"cannot create the lock {what}: {exc.strerror or exc}", path=str(path))


def _holder(fd: int) -> str:
    try:
        text = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
    except OSError:
        text = ""
    return text or "unknown"


def locking(
    command: str, *, only_if: str | None = None, shared_if: str | None = None
) -> Callable[[Callable[_P, _R]], Callable[_P, _R]]:
    """Decorate a pipeline function taking ``settings`` to run under the project's lock.

    With ``only_if``, the lock is taken only when that keyword argument is
    true (``normalise`` locks only with ``write``).  Under the lock,
    temporary files a killed run left in the locales and editions folders are
    removed first.  With ``shared_if``, the lock is shared when that keyword
    argument is set (the shards of ``translate --shard``, which write
    disjoint files, run side by side; any other run waits for them all), and
    no temporary file is removed: another shard may be writing it.
    """

    def decorate(function: Callable[_P, _R]) -> Callable[_P, _R]:
        signature = inspect.signature(function)

        @wraps(function)
        def run(*args: _P.args, **kwargs: _P.kwargs) -> _R:
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            settings = bound.arguments["settings"]
            if not isinstance(settings, Settings) or (
                only_if is not None and not bound.arguments[only_if]
            ):
                return function(*args, **kwargs)
            shared = shared_if is not None and bool(bound.arguments[shared_if])
            with project_lock(lock_path(settings), command, shared=shared):
                if not shared:
                    remove_stale_temps(settings.locales_dir, settings.editions_dir)
                return function(*args, **kwargs)

        return run

    return decorate
