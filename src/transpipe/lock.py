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
"""

from __future__ import annotations

import inspect
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import ParamSpec, TypeVar

from transpipe.config import Settings
from transpipe.errors import TranspipeError
from transpipe.fileio import remove_stale_temps

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
def project_lock(path: Path, command: str, wait: float = WAIT_SECONDS) -> Iterator[None]:
    """Hold the exclusive lock ``path`` while the ``with`` body runs.

    Waits up to ``wait`` seconds for another holder, then raises
    :class:`LockedError` naming the file and, where it wrote them, the
    holder's command and process id.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on POSIX
        yield
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise LockedError(
            f"cannot create the lock file: {exc.strerror or exc}", path=str(path)
        ) from exc
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockedError(
                        f"another transpipe run ({_holder(fd)}) is writing in this project; "
                        "wait for it to finish, then run this again",
                        path=str(path),
                    ) from None
                time.sleep(0.05)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{command} pid {os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _holder(fd: int) -> str:
    try:
        text = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
    except OSError:
        text = ""
    return text or "unknown"


def locking(
    command: str, *, only_if: str | None = None
) -> Callable[[Callable[_P, _R]], Callable[_P, _R]]:
    """Decorate a pipeline function taking ``settings`` to run under the project's lock.

    With ``only_if``, the lock is taken only when that keyword argument is
    true (``normalise`` locks only with ``write``).  Under the lock,
    temporary files a killed run left in the locales and editions folders are
    removed first.
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
            with project_lock(lock_path(settings), command):
                remove_stale_temps(settings.locales_dir, settings.editions_dir)
                return function(*args, **kwargs)

        return run

    return decorate
