"""File reads and writes, one function at a time: what each promises, exactly."""

from __future__ import annotations

import errno
import hashlib
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from transpipe.core import fileio
from transpipe.core.errors import CatalogError, InputError, OutputError
from transpipe.core.fileio import (
    atomic_write_bytes,
    atomic_write_text,
    content_digest,
    decode_utf8,
    process_alive,
    read_limited,
    read_utf8,
    remove_stale_temps,
)


def test_a_digest_is_the_sha256_of_the_bytes_and_empty_for_no_file(tmp_path: Path) -> None:
    path = tmp_path / "a.po"
    assert content_digest(path) == ""
    path.write_bytes(b'msgid "x"\n')
    assert content_digest(path) == hashlib.sha256(b'msgid "x"\n').hexdigest()
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert content_digest(fifo).startswith("not a regular file")  # never opened


def test_text_is_written_as_utf8_and_a_changed_file_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "a.po"
    atomic_write_text(path, "Київ\n")
    assert path.read_bytes() == "Київ\n".encode()
    expect = content_digest(path)
    path.write_text("a reviewer's save\n", encoding="utf-8")
    with pytest.raises(fileio.ChangedMeanwhile):
        atomic_write_text(path, "ours\n", expect=expect)
    assert path.read_text(encoding="utf-8") == "a reviewer's save\n"
    atomic_write_text(path, "ours\n", expect=content_digest(path))
    assert path.read_text(encoding="utf-8") == "ours\n"
    assert [p.name for p in path.parent.iterdir()] == ["a.po"]  # no temporary file left


def test_a_new_file_gets_the_umask_mode_and_an_old_one_keeps_its_own(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        atomic_write_bytes(tmp_path / "new.txt", b"x")
    finally:
        os.umask(old)
    assert (tmp_path / "new.txt").stat().st_mode & 0o777 == 0o640
    kept = tmp_path / "kept.txt"
    kept.write_bytes(b"old")
    kept.chmod(0o600)
    atomic_write_bytes(kept, b"new")
    assert kept.stat().st_mode & 0o777 == 0o600


def test_temporary_names_carry_the_pid_and_a_fresh_token(tmp_path: Path) -> None:
    token = fileio._temp_token()
    assert re.fullmatch(r"[0-9a-f]{12}", token) and token != fileio._temp_token()
    fd, temp = fileio._create_temp(tmp_path / "a.po")
    os.close(fd)
    assert re.fullmatch(rf"\.a\.po\.{os.getpid()}\.[0-9a-f]{{12}}\.tmp", temp.name)
    assert temp.parent == tmp_path and temp.stat().st_mode & 0o777 == 0o600


def test_a_taken_temporary_name_is_skipped_and_endless_collisions_stop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tokens = iter(["aaaaaaaaaaaa", "aaaaaaaaaaaa", "bbbbbbbbbbbb"])
    monkeypatch.setattr(fileio, "_temp_token", lambda: next(tokens))
    first, name_a = fileio._create_temp(tmp_path / "a.po")
    second, name_b = fileio._create_temp(tmp_path / "a.po")  # "aaa…" is taken: "bbb…"
    os.close(first)
    os.close(second)
    assert name_a.name.endswith(".aaaaaaaaaaaa.tmp") and name_b.name.endswith(".bbbbbbbbbbbb.tmp")
    monkeypatch.setattr(fileio, "_temp_token", lambda: "aaaaaaaaaaaa")
    with pytest.raises(FileExistsError, match="no free temporary name after 100 tries"):
        fileio._create_temp(tmp_path / "a.po")


def test_processes_alive_and_gone(monkeypatch: pytest.MonkeyPatch) -> None:
    assert process_alive(os.getpid())

    def gone(pid: int, signal: int) -> None:
        raise ProcessLookupError

    def foreign(pid: int, signal: int) -> None:
        raise PermissionError

    monkeypatch.setattr(os, "kill", gone)
    assert process_alive(os.getpid() + 1) is False
    assert process_alive(os.getpid()) is True  # ourselves, without asking
    monkeypatch.setattr(os, "kill", foreign)
    assert process_alive(1) is True  # another user's live process
    monkeypatch.setattr(os, "kill", lambda pid, signal: None)
    assert process_alive(12345) is True


def test_only_the_temporaries_of_ended_writers_are_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dead, live = 999_991, os.getpid()
    (tmp_path / "de").mkdir()
    stale = tmp_path / "de" / f".a.po.{dead}.abcdef012345.tmp"
    ours = tmp_path / "de" / f".a.po.{live}.abcdef012345.tmp"
    other = tmp_path / "de" / ".notes.tmp"  # not named as a temporary file
    folder = tmp_path / "de" / f".b.po.{dead}.abcdef012345.tmp"
    for path in (stale, ours, other):
        path.write_text("x")
    folder.mkdir()
    monkeypatch.setattr(fileio, "process_alive", lambda pid: pid == live)
    assert remove_stale_temps(tmp_path / "missing", tmp_path) == [stale]
    assert not stale.exists() and ours.exists() and other.exists() and folder.is_dir()


def test_bad_bytes_are_named_with_their_line_and_a_bom_is_dropped() -> None:
    assert decode_utf8("\ufeffKyiv\n".encode(), "a.md", InputError, "article") == "Kyiv\n"
    with pytest.raises(InputError) as caught:
        decode_utf8(b"one\ntwo\nthr\xffee\n", "a.md", InputError, "article")
    assert str(caught.value) == "a.md:3: not valid UTF-8; save the article as UTF-8"


def test_read_utf8_and_limits_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "a.po"
    path.write_bytes(b"ok\n\xfe\n")
    with pytest.raises(CatalogError) as caught:
        read_utf8(path, CatalogError, "catalogue")
    assert str(caught.value) == f"{path}:2: not valid UTF-8; save the catalogue as UTF-8"
    path.write_bytes(b"x" * 2_450_000)  # 2.45 MB: one decimal shows which way it rounds
    with pytest.raises(InputError) as too_large:
        read_limited(path, "a.po", 1_500_000, InputError, "article")
    assert str(too_large.value) == (
        "a.po: the article is 2.5 MB, over the limit of 1.5 MB; split it into smaller files"
    )
    with pytest.raises(InputError, match="a.po: this is a folder; give the article as a file"):
        read_limited(tmp_path, "a.po", 10, InputError, "article")


def test_a_read_that_fails_names_the_file_and_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.md"
    path.write_text("x")

    def refuse(self: Path, *args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(InputError) as caught:
        read_limited(path, "a.md", 10, InputError, "article")
    assert str(caught.value) == "a.md: cannot read the article: Permission denied"


def test_a_write_error_names_the_target_not_the_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OutputError) as caught:
        atomic_write_bytes(tmp_path / "a.po", b"x")
    assert str(caught.value) == f"{tmp_path / 'a.po'}: cannot write: No space left on device"
    assert list(tmp_path.iterdir()) == []


def test_endless_collisions_name_the_folder_and_errno(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fileio, "_temp_token", lambda: "aaaaaaaaaaaa")
    os.close(fileio._create_temp(tmp_path / "a.po")[0])
    with pytest.raises(FileExistsError) as caught:
        fileio._create_temp(tmp_path / "a.po")
    assert (caught.value.errno, caught.value.filename) == (errno.EEXIST, str(tmp_path))


def test_a_change_meanwhile_names_the_file_and_a_bare_os_error_its_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.po"
    path.write_text("theirs")
    with pytest.raises(fileio.ChangedMeanwhile) as changed:
        atomic_write_text(path, "ours", expect="not what is there")
    assert str(changed.value) == str(path)

    def broken(fd: int) -> None:
        raise OSError("the device went away")

    monkeypatch.setattr(os, "fsync", broken)
    with pytest.raises(OutputError, match="cannot write: the device went away"):
        atomic_write_text(path, "ours")


def test_asking_whether_a_process_lives_sends_it_nothing() -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        assert process_alive(child.pid)
        time.sleep(0.2)
        assert child.poll() is None  # signal 0 only asks; any other would end it
    finally:
        child.kill()
        child.wait()


def test_one_temporary_that_cannot_be_removed_does_not_stop_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = tmp_path / ".a.po.999991.abcdef012345.tmp"
    second = tmp_path / ".b.po.999991.abcdef012345.tmp"
    first.write_text("x")
    second.write_text("x")
    monkeypatch.setattr(fileio, "process_alive", lambda pid: False)
    monkeypatch.setattr(Path, "rglob", lambda self, pattern: iter([first, second]))
    real_unlink = Path.unlink

    def unlink(self: Path, missing_ok: bool = False) -> None:
        if self.name.startswith(".a.po"):
            raise PermissionError(13, "Permission denied")
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", unlink)
    assert remove_stale_temps(tmp_path) == [second]


def test_what_is_read_is_named_in_every_refusal(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="this is a folder; give the catalogue as a file"):
        read_utf8(tmp_path, CatalogError, "catalogue")
    path = tmp_path / "a.md"
    path.write_bytes(b"x" * 30)
    small = os.stat_result((0o100644, 0, 0, 1, 0, 0, 5, 0, 0, 0))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Path, "stat", lambda self, **kw: small)
        with pytest.raises(InputError, match="a.md: the article is 0.0 MB, over the limit"):
            read_limited(path, "a.md", 9, InputError, "article")
