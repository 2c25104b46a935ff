"""Reliability: killed runs, concurrent runs, broken and hostile inputs.

Each test names the guarantee it keeps.  Runs that must be killed or run side
by side are real subprocesses of a small wrapper script (written into the
test's folder) that registers a test engine and, when asked, slows each file
sync or memory insert so a kill lands inside the write.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tests.conftest import model_file
from tests.po.test_gettext_format import EXPECTED_BAD
from transpipe import build, engines, normalise, translate
from transpipe.cli import app
from transpipe.core.config import EngineSettings, Settings
from transpipe.core.errors import CatalogError, ModelMissingError, OutputError
from transpipe.core.fileio import atomic_write_text, remove_stale_temps
from transpipe.core.model import ModelInfo
from transpipe.document import MAX_ARTICLE_BYTES, MAX_LINE_CHARS
from transpipe.engines import LanguagePair
from transpipe.po.catalog import read_catalog, write_catalog
from transpipe.po.memory import MachineMemory

DATA = Path(__file__).parent / "data"
BAD = DATA / "bad"
HANG_GUARD = 60  # seconds: a hang guard only, not a performance assertion
runner = CliRunner()


class IdentityEngine:
    """A pass-through engine: every "translation" is its source text."""

    name = "identity"

    def __init__(self, settings: EngineSettings | None = None) -> None:
        self.settings = settings

    def pairs(self) -> list[LanguagePair]:
        return [LanguagePair("en", t, "identity", "1") for t in ("de", "fr", "uk")]

    def require(self, source: str, target: str) -> ModelInfo:
        if source != "en":
            raise ModelMissingError(f"no identity model for {source}->{target}")
        return ModelInfo("identity", "identity", "1", source, target)

    def translate(
        self,
        texts: Sequence[str],
        source: str,
        target: str,
        progress: Callable[[int], None] | None = None,
    ) -> list[str]:
        return list(texts)


@pytest.fixture(autouse=True)
def _identity_engine() -> None:
    engines.register("identity", "tests.test_reliability:IdentityEngine")


# The wrapper a subprocess runs: the identity engine (optionally slow), and
# slowed file syncs / memory inserts that announce themselves on stderr.
WRAPPER = """\
import os, sqlite3, sys, time
from transpipe import engines
from transpipe.core.model import ModelInfo

SYNC = float(os.environ.get("SLOW_SYNC", "0"))
ENGINE = float(os.environ.get("SLOW_ENGINE", "0"))

class IdentityEngine:
    name = "identity"
    def __init__(self, settings): pass
    def pairs(self): return []
    def require(self, source, target):
        if source != "en":
            from transpipe.core.errors import ModelMissingError
            raise ModelMissingError("none")
        return ModelInfo("identity", "identity", "1", source, target)
    def translate(self, texts, source, target, progress=None):
        print("ENGINE", target, file=sys.stderr, flush=True)
        time.sleep(ENGINE)
        return list(texts)

engines.register("identity", "__main__:IdentityEngine")
if SYNC:
    real_fsync = os.fsync
    def fsync(fd):
        print("SYNC", file=sys.stderr, flush=True)
        time.sleep(SYNC)
        real_fsync(fd)
    os.fsync = fsync
    real_connect = sqlite3.connect
    def connect(*args, **kw):
        db = real_connect(*args, **kw)
        def trace(statement):
            if statement.startswith("INSERT"):
                print("INSERT", file=sys.stderr, flush=True)
                time.sleep(SYNC)
        db.set_trace_callback(trace)
        return db
    sqlite3.connect = connect
from transpipe.cli import main
sys.argv[0] = "transpipe"
main()
"""

ARTICLES = {
    "radar.md": (
        "# Radar Talks in Brussels\n\nMinisters met in Brussels on Tuesday. "
        "They discussed radar deliveries.\n\n- Option A pools batteries.\n"
        "- Option B adds two aircraft.\n\nA spokesman declined to comment.\n"
    ),
    "convoy.md": (
        "# Convoy Leaves\n\nThe first convoy will leave in October, officials said.\n\n"
        "> Quoted words stay quoted.\n\nThe U.S. sent 3.5 million rounds.\n"
    ),
    "briefing.txt": (
        "Morning Briefing\n\nTalks resumed at noon. No decision was taken.\n\n"
        "The next meeting is on Friday.\n"
    ),
}
LANGS = ("de", "fr", "uk")
CONFIG = (
    '[project]\ntargets = ["de", "fr", "uk"]\nmin_reviewed = 0.0\n\n[engine]\nname = "identity"\n'
)


def _project(root: Path) -> Settings:
    root.mkdir(parents=True, exist_ok=True)
    (root / "transpipe.toml").write_text(CONFIG, encoding="utf-8")
    (root / "articles").mkdir(exist_ok=True)
    for name, text in ARTICLES.items():
        (root / "articles" / name).write_text(text, encoding="utf-8")
    return Settings(
        root=root, targets=LANGS, min_reviewed=0.0, engine=EngineSettings(name="identity")
    )


def _approve(path: Path, count: int | None = None, mark: str = "REVIEWED ") -> dict[str, str]:
    """Approve the first ``count`` live entries (all if None) with a reviewer's msgstr."""
    data = read_catalog(path)
    approved: dict[str, str] = {}
    entries = []
    for entry in data.entries:
        if entry.msgid and not entry.obsolete and (count is None or len(approved) < count):
            msgstr = mark + entry.msgid if mark else entry.msgstr
            entry = replace(entry, msgstr=msgstr, flags=())
            approved[entry.msgid] = msgstr
        entries.append(entry)
    write_catalog(replace(data, entries=tuple(entries)), path)
    return approved


def _catalogues(root: Path) -> dict[Path, bytes]:
    found = sorted((root / "locales").rglob("*.po*"))
    return {p: p.read_bytes() for p in found if p.suffix in (".po", ".pot")}


def _undated(data: bytes) -> bytes:
    return re.sub(rb'"(POT-Creation|PO-Revision)-Date: [^"]*"\n', b"", data)


def _msgfmt_ok(path: Path) -> bool:
    run = subprocess.run(
        ["msgfmt", "-c", "-o", os.devnull, str(path)], capture_output=True, check=False
    )
    return run.returncode == 0


def _temps(*folders: Path) -> list[Path]:
    return [p for f in folders if f.is_dir() for p in f.rglob(".*.tmp")]


def _start(root: Path, args: list[str], **env: str) -> subprocess.Popen[str]:
    wrapper = root / "run_transpipe.py"
    if not wrapper.exists():
        wrapper.write_text(WRAPPER, encoding="utf-8")
    return subprocess.Popen(
        [sys.executable, str(wrapper), *args],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUTF8": "1", **env},
    )


def _run(root: Path, args: list[str], **env: str) -> tuple[int, str]:
    process = _start(root, args, **env)
    _, err = process.communicate(timeout=HANG_GUARD)
    return process.returncode, err


def _kill_at(root: Path, args: list[str], marker: str, nth: int, delay: float) -> str:
    """Start a slowed run; SIGKILL it ``delay`` s after its ``nth`` ``marker`` line."""
    process = _start(root, args, SLOW_SYNC="0.05")
    assert process.stderr is not None
    seen = 0
    lines = []
    deadline = time.monotonic() + HANG_GUARD
    for line in process.stderr:
        lines.append(line)
        if line.startswith(marker):
            seen += 1
            if seen > nth:
                break
        assert time.monotonic() < deadline
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=HANG_GUARD)
    return "".join(lines)


def _memory_intact(root: Path) -> None:
    db = sqlite3.connect(str(root / ".transpipe" / "memory.sqlite3"))
    try:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        db.execute("SELECT count(*) FROM machine").fetchone()
    finally:
        db.close()


# -- 1. atomic writes: runs killed at any moment -----------------------------------


@pytest.mark.slow
@pytest.mark.needs("gettext")
def test_killed_translate_and_build_leave_old_or_complete_files(tmp_path: Path) -> None:
    root = tmp_path / "project"
    settings = _project(root)
    translate(["articles"], settings, base=root)
    approved = {po: _approve(po, 2) for po in sorted((root / "locales").rglob("*.po"))}
    build(["articles"], settings, base=root)
    for name in ARTICLES:  # every catalogue must be rewritten by the next run
        with (root / "articles" / name).open("a", encoding="utf-8") as handle:
            handle.write("\nA sentence added later.\n")
    old = _catalogues(root)
    old_editions = {p: p.read_bytes() for p in (root / "editions").rglob("*") if p.is_file()}

    reference = tmp_path / "reference"
    shutil.copytree(root, reference)
    code, err = _run(reference, ["translate", "articles"], SLOW_SYNC="0.001")
    assert code == 0, err
    syncs = err.count("SYNC")
    assert syncs >= 24  # 3 templates + 9 catalogues, each synced and its folder synced
    new = {root / p.relative_to(reference): _undated(b) for p, b in _catalogues(reference).items()}
    code, err = _run(reference, ["build", "articles"])
    assert code == 0, err
    new_editions = {
        root / p.relative_to(reference): p.read_bytes()
        for p in (reference / "editions").rglob("*")
        if p.is_file()
    }

    # kill points: inside the memory transaction, then in a file's sync (its temporary
    # file written, not yet renamed) or in its folder's sync (just renamed)
    points = [("INSERT", 0, 0.0), ("INSERT", 2, 0.0)]
    points += [("SYNC", n, 0.0) for n in (0, 1, 4, 7, 10, 15, 20, syncs - 1)]
    points += [("SYNC", n, 0.03) for n in (3, 12)]
    snapshot = tmp_path / "snapshot"
    shutil.copytree(root / "locales", snapshot)
    mixed = 0
    for marker, nth, delay in points:
        shutil.rmtree(root / "locales")
        shutil.copytree(snapshot, root / "locales")
        _kill_at(root, ["translate", "articles"], marker, nth, delay)
        now = _catalogues(root)
        assert set(now) == set(old)
        for path, data in now.items():
            assert data == old[path] or _undated(data) == new[path], f"{path} is half-written"
            read_catalog(path)  # the strict reader accepts it
            assert _msgfmt_ok(path)
            if path in approved:
                entries = {e.msgid: e for e in read_catalog(path).entries}
                for msgid, msgstr in approved[path].items():
                    assert entries[msgid].msgstr == msgstr and entries[msgid].approved
        mixed += len({data == old[path] for path, data in now.items()}) == 2
        _memory_intact(root)
    assert mixed >= 3, "too few kills landed between two catalogue writes"
    assert _temps(root / "locales"), "no kill left a temporary file"

    code, err = _run(root, ["translate", "articles"])
    assert code == 0, err
    assert not _temps(root / "locales")  # a killed run's temporaries are removed
    assert {p: _undated(b) for p, b in _catalogues(root).items()} == new

    # build killed while writing editions
    for nth in (0, 3, 6):
        _kill_at(root, ["build", "articles"], "SYNC", nth, 0.0)
        for path in (root / "editions").rglob("*"):
            if path.is_file() and not path.name.startswith("."):
                assert path.read_bytes() in (old_editions.get(path), new_editions[path]), path
    assert _temps(root / "editions")
    code, err = _run(root, ["build", "articles"])
    assert code == 0, err
    assert not _temps(root / "editions")
    assert {p: p.read_bytes() for p in (root / "editions").rglob("*") if p.is_file()} == (
        new_editions
    )
    _memory_intact(root)


def test_stale_temporaries_of_live_processes_are_kept(tmp_path: Path) -> None:
    mine = tmp_path / f".a.po.{os.getpid()}.abcdefgh.tmp"
    dead_pid = 2**22 + 12345  # above the default pid_max of 4194304: never running
    dead = tmp_path / "de" / f".a.po.{dead_pid}.abcdefgh.tmp"
    other = tmp_path / ".notes.tmp"
    for path in (mine, dead, other):
        path.parent.mkdir(exist_ok=True)
        path.write_text("x", encoding="utf-8")
    assert remove_stale_temps(tmp_path) == [dead]
    assert mine.exists() and other.exists() and not dead.exists()


def test_atomic_write_keeps_the_old_file_when_the_write_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.po"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o640)

    def broken(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken)
    with pytest.raises(OutputError, match="a.po: cannot write: No space"):
        atomic_write_text(path, "new")
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.po"]
    monkeypatch.undo()
    atomic_write_text(path, "new")
    assert path.read_text(encoding="utf-8") == "new" and path.stat().st_mode & 0o777 == 0o640


def test_normalise_write_is_atomic_and_locked(tmp_path: Path) -> None:
    gloss = tmp_path / "g.gloss"
    gloss.write_text("id: kyiv\nterm: Kyiv\ndeprecated: Kiev\nnote: n\n", encoding="utf-8")
    article = tmp_path / "a.md"
    article.write_text("Talks in Kiev.\n", encoding="utf-8")
    settings = Settings(root=tmp_path)
    (result,) = normalise([str(article)], settings, write=True, glossaries=[gloss])
    assert result.written and article.read_text(encoding="utf-8") == "Talks in Kyiv.\n"
    assert (tmp_path / ".transpipe" / "lock").is_file()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".a.md")] == []


@pytest.mark.parametrize("damage", ["garbage", "truncated", "folder"])
def test_a_damaged_memory_never_blocks_translation(tmp_path: Path, damage: str) -> None:
    settings = _project(tmp_path)
    translate(["articles/radar.md"], settings, targets=["de"], base=tmp_path)
    memory = settings.memory_path
    data = memory.read_bytes()
    if damage == "garbage":
        memory.write_bytes(b"this is not a database" * 100)
    elif damage == "truncated":
        memory.write_bytes(data[:1024] + b"\xff" * (len(data) - 1024))
    else:
        memory.unlink()
        memory.mkdir()
    shutil.rmtree(tmp_path / "locales")
    result = translate(["articles/radar.md"], settings, targets=["de"], base=tmp_path)
    assert result.segments_translated == 6  # translated again: nothing remembered
    assert read_catalog(tmp_path / "locales" / "de" / "radar.po").entries
    if damage != "folder":
        assert memory.with_name("memory.sqlite3.corrupt").is_file()
        probe = MachineMemory(memory)
        assert probe.problem is None and probe.get(["x"], ["y"]) == {}
        probe.close()


# -- 2. concurrency -------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.needs("gettext")
def test_a_second_run_is_refused_while_the_first_writes(tmp_path: Path) -> None:
    settings = _project(tmp_path)
    translate(["articles"], settings, base=tmp_path)
    approved = {po: _approve(po, 2) for po in sorted((tmp_path / "locales").rglob("*.po"))}
    for name in ARTICLES:
        with (tmp_path / "articles" / name).open("a", encoding="utf-8") as handle:
            handle.write("\nOne more sentence.\n")

    first = _start(tmp_path, ["translate", "articles", "-q"], SLOW_ENGINE="2")
    assert first.stderr is not None
    assert first.stderr.readline().startswith("ENGINE")  # it holds the lock now
    second = _start(tmp_path, ["translate", "articles", "-q"])
    builder = _start(tmp_path, ["build", "articles"])
    for process in (second, builder):
        _, err = process.communicate(timeout=HANG_GUARD)
        assert process.returncode == 2, err
        lines = [line for line in err.splitlines() if line.strip()]
        assert len(lines) == 1, err
        assert lines[0].startswith("transpipe: error: ") and ".transpipe/lock: " in lines[0]
        assert "another transpipe run (translate pid" in lines[0]
    assert first.poll() is None, "the first run ended before the others were refused"
    _, rest = first.communicate(timeout=HANG_GUARD)
    assert first.returncode == 0, rest

    for po, entries in approved.items():
        data = read_catalog(po)
        by_msgid = {e.msgid: e for e in data.entries}
        assert "One more sentence." in by_msgid
        for msgid, msgstr in entries.items():
            assert by_msgid[msgid].msgstr == msgstr and by_msgid[msgid].approved
        assert _msgfmt_ok(po)
    code, err = _run(tmp_path, ["translate", "articles", "-q"])  # the lock is free again
    assert code == 0, err


@pytest.mark.slow
@pytest.mark.needs("gettext")
def test_projects_sharing_a_locales_folder_share_its_lock(tmp_path: Path) -> None:
    shared = tmp_path / "shared" / "locales"
    first_root, second_root = tmp_path / "desk-a", tmp_path / "desk-b"
    for root in (first_root, second_root):
        _project(root)
    first = _start(
        first_root, ["translate", "articles", "-q", "--locales", str(shared)], SLOW_ENGINE="2"
    )
    assert first.stderr is not None
    assert first.stderr.readline().startswith("ENGINE")
    code, err = _run(second_root, ["translate", "articles", "-q", "--locales", str(shared)])
    assert code == 2, err
    assert str(tmp_path / "shared" / ".transpipe" / "lock") in err
    _, rest = first.communicate(timeout=HANG_GUARD)
    assert first.returncode == 0, rest
    code, err = _run(second_root, ["translate", "articles", "-q", "--locales", str(shared)])
    assert code == 0, err
    for po in shared.rglob("*.po"):
        assert _msgfmt_ok(po)


def test_a_killed_run_leaves_no_lock_behind(tmp_path: Path) -> None:
    _project(tmp_path)
    first = _start(tmp_path, ["translate", "articles", "-q"], SLOW_ENGINE="30")
    assert first.stderr is not None
    assert first.stderr.readline().startswith("ENGINE")
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=HANG_GUARD)
    assert (tmp_path / ".transpipe" / "lock").exists()
    code, err = _run(tmp_path, ["translate", "articles", "-q"])
    assert code == 0, err


def test_runs_wait_briefly_for_the_lock(tmp_path: Path) -> None:
    from transpipe.core.lock import LockedError, project_lock

    path = tmp_path / ".transpipe" / "lock"
    with project_lock(path, "build"):
        started = time.monotonic()
        with pytest.raises(LockedError) as info, project_lock(path, "translate", wait=0.3):
            pass  # pragma: no cover - never reached
        assert 0.3 <= time.monotonic() - started < 5
    assert f"build pid {os.getpid()}" in str(info.value)
    assert info.value.exit_code == 2
    with project_lock(path, "translate", wait=0):
        pass


# -- 3. broken catalogues are reported and never overwritten ---------------------------

BAD_PO = sorted((DATA / "po" / "bad").glob("*.po")) + sorted((BAD / "po").glob("*.po"))
EXTRA_BAD_PO = {
    "invalid-utf8.po": (8, "not valid UTF-8"),
    "truncated-header.po": (4, "unterminated string"),
    "binary.po": (1, "not valid UTF-8"),
}


def _bad_po_expectation(path: Path) -> tuple[int | None, str]:
    if path.name in EXTRA_BAD_PO and path.parent == BAD / "po":
        return EXTRA_BAD_PO[path.name]
    return EXPECTED_BAD[path.name]


def test_every_new_bad_catalogue_has_an_expectation() -> None:
    assert {p.name for p in (BAD / "po").glob("*.po")} == set(EXTRA_BAD_PO)


@pytest.mark.parametrize("bad", BAD_PO, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_a_broken_catalogue_is_reported_and_kept(tmp_path: Path, bad: Path) -> None:
    _project(tmp_path)
    po = tmp_path / "locales" / "de" / "radar.po"
    po.parent.mkdir(parents=True)
    shutil.copy(bad, po)
    before = po.read_bytes()
    line, words = _bad_po_expectation(bad)
    where = f"locales/de/radar.po:{line}: " if line else "locales/de/radar.po"
    for command in ("translate", "build"):
        result = runner.invoke(app, [command, "articles/radar.md", "--to", "de"])
        assert result.exit_code == 2, (command, result.output)
        lines = [x for x in result.stderr.splitlines() if x.strip()]
        assert len(lines) == 1, result.stderr
        assert where in lines[0] and words in lines[0]
        assert po.read_bytes() == before
    assert not (tmp_path / "locales" / "radar.pot").exists()  # translate stopped before writing
    assert not (tmp_path / "editions").exists()  # build read every catalogue before writing
    check = runner.invoke(app, ["check", "articles/radar.md", "--to", "de", "--format", "json"])
    assert check.exit_code == 2
    (syntax,) = [f for f in json.loads(check.stdout) if f["code"] == "po-syntax"]
    assert syntax["path"].endswith("locales/de/radar.po") and syntax["line"] == (line or 0)
    assert po.read_bytes() == before


def test_polib_is_not_needed_to_read_reviewer_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = _project(tmp_path)
    translate(["articles/radar.md"], settings, targets=["de"], base=tmp_path)
    monkeypatch.setitem(sys.modules, "polib", None)  # any import of polib now fails
    po = tmp_path / "locales" / "de" / "radar.po"
    assert len(read_catalog(po).entries) == 6
    po.write_text(po.read_text(encoding="utf-8") + 'msgid "x"\nmsgstr "cut', encoding="utf-8")
    with pytest.raises(CatalogError, match="radar.po:"):  # polib would drop the entry silently
        read_catalog(po)


# -- 4. hostile article inputs ------------------------------------------------------


def _big_article(path: Path) -> None:
    with path.open("wb") as handle:
        handle.write(b"# Big\n\n")
        handle.truncate(50_000_000)  # 50 MB, sparse: refused from its size alone


def _long_line(path: Path) -> None:
    path.write_bytes(b"# Long\n\n" + b"Word " * 200_000 + b"\n")


def _fifo(path: Path) -> None:
    os.mkfifo(path)


INPUTS: dict[str, tuple[Callable[[Path], None] | bytes, int, str]] = {
    # name: (content or maker, exit code, expected words (with line) in the error)
    "invalid-utf8.md": (b"# T\n\nFine.\n\nBad \xe9 byte.\n", 2, "invalid-utf8.md:5: not valid UTF-8"),
    "bom.md": (b"\xef\xbb\xbf# T\n\nOne sentence.\n", 0, ""),
    "crlf.md": (b"# T\r\n\r\nOne sentence.\r\nTwo lines.\r\n", 0, ""),
    "nul.md": (b"# T\n\nA NUL\x00 here.\n", 2, "nul.md:3: NUL byte"),
    "empty.md": (b"", 2, "empty.md: the article is empty"),
    "binary.md": (bytes(range(256)) * 40, 2, "binary.md:1: NUL byte"),
    "png.md": (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, 2, "png.md: this is a PNG image"),
    "big.md": (_big_article, 2, "big.md: the article is 50.0 MB, over the limit of 5 MB"),
    "long-line.md": (_long_line, 2, "long-line.md:3: line 3 is 1000000 characters long"),
    "fifo.md": (_fifo, 2, "fifo.md: not a regular file"),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(INPUTS))
def test_hostile_articles_work_or_fail_in_one_line(tmp_path: Path, name: str) -> None:
    content, code, words = INPUTS[name]
    (tmp_path / "transpipe.toml").write_text(CONFIG, encoding="utf-8")
    article = tmp_path / name
    if isinstance(content, bytes):
        article.write_bytes(content)
    else:
        content(article)
    before = sorted(p for p in tmp_path.rglob("*") if ".transpipe" not in p.parts)
    started = time.monotonic()
    for command in ("translate", "build", "detect", "normalise"):
        args = (
            [command, name, "--to", "de"] if command in ("translate", "build") else [command, name]
        )
        if command == "normalise":
            args += ["--write", "--glossary", str(DATA / "glossary" / "mini.gloss")]
        result = runner.invoke(app, args)
        lines = [x for x in result.stderr.splitlines() if x.strip()]
        if code:
            assert result.exit_code == code, (command, result.output)
            assert len(lines) == 1, result.stderr
            assert words in lines[0]
        else:
            assert result.exit_code in (0, 1), (command, result.output)  # 1: findings (detect)
    assert time.monotonic() - started < HANG_GUARD
    if code:  # nothing written but the lock file
        assert sorted(p for p in tmp_path.rglob("*") if ".transpipe" not in p.parts) == before
    else:
        po = tmp_path / "locales" / "de" / f"{article.stem}.po"
        assert [e.msgid for e in read_catalog(po).entries] == ["T", "One sentence.", "Two lines."][
            : len(read_catalog(po).entries)
        ]


@pytest.mark.slow
def test_the_longest_allowed_line_works(tmp_path: Path) -> None:
    sentences = " ".join(
        f"The U.S. sent {i} rounds to Kyiv (see `AD-{i}`), officials said." for i in range(9000)
    )
    line = sentences[:MAX_LINE_CHARS]
    assert len(line) == MAX_LINE_CHARS
    (tmp_path / "a.md").write_text(f"# T\n\n{line}\n", encoding="utf-8")
    (tmp_path / "transpipe.toml").write_text(CONFIG, encoding="utf-8")
    started = time.monotonic()
    result = runner.invoke(app, ["translate", "a.md", "--to", "de", "-q"])
    assert result.exit_code == 0, result.output
    assert time.monotonic() - started < HANG_GUARD
    assert len(read_catalog(tmp_path / "locales" / "de" / "a.po").entries) > 7000
    assert (MAX_ARTICLE_BYTES, MAX_LINE_CHARS) == (5_000_000, 500_000)


@pytest.mark.slow
def test_one_huge_sentence_survives_catalogue_and_edition(tmp_path: Path) -> None:
    words = " ".join(f"unit{i} (`AD-{i}`) moved" for i in range(17_000))
    sentence = f"The {words} and stayed."  # one sentence of about 500,000 characters
    assert len(sentence) <= MAX_LINE_CHARS
    (tmp_path / "a.md").write_text(f"# T\n\n{sentence}\n", encoding="utf-8")
    (tmp_path / "transpipe.toml").write_text(CONFIG, encoding="utf-8")
    started = time.monotonic()
    result = runner.invoke(app, ["translate", "a.md", "--to", "de", "-q"])
    assert result.exit_code == 0, result.output
    assert [e.msgid for e in read_catalog(tmp_path / "locales" / "de" / "a.po").entries] == [
        "T",
        sentence,
    ]
    result = runner.invoke(app, ["build", "a.md", "--to", "de", "--drafts"])
    assert result.exit_code == 0, result.output
    assert time.monotonic() - started < HANG_GUARD
    editions = [p for p in tmp_path.rglob("a.md") if p.parent != tmp_path]
    assert editions and sentence in editions[0].read_text(encoding="utf-8")


# -- 5. source text that looks like PO syntax or placeholders ------------------------

TRICKY = """\
# Quotes "inside" a \\"title\\"

He typed msgid "x" and then msgstr "" on one line.

A path C:\\new\\table and a literal \\n stay as written.

#~ msgid "old" is not an obsolete entry here.

msgctxt "menu" is plain text.

Placeholders {0}, {1}, %s, %(name)s, {{x}} and [mt deadbeef] stay.

A tab\there and a backslash at the end \\

"Quoted sentence ends here."
"""


@pytest.mark.needs("gettext")
@pytest.mark.parametrize("suffix", [".md", ".txt"])
def test_po_like_source_text_round_trips(tmp_path: Path, suffix: str) -> None:
    article = tmp_path / f"tricky{suffix}"
    article.write_text(TRICKY, encoding="utf-8")
    edition = _round_trip(tmp_path, article)
    assert edition == (tmp_path / "editions" / "en" / article.name).read_text(encoding="utf-8")
    assert edition == TRICKY
    for po in (tmp_path / "locales").rglob("*.po"):
        assert _msgfmt_ok(po)


def _round_trip(root: Path, article: Path, glossaries: tuple[Path, ...] = ()) -> str:
    """Detect, normalise, translate with the identity engine, approve every entry, build.

    Returns the German edition.
    """
    settings = Settings(root=root, targets=("de",), min_reviewed=1.0, glossaries=glossaries,
                        engine=EngineSettings(name="identity"))  # fmt: skip
    translate([str(article)], settings, base=root)
    po = root / "locales" / "de" / f"{article.stem}.po"
    _approve(po, mark="")
    (result,) = [r for r in build([str(article)], settings, base=root) if r.language == "de"]
    assert result.edition.text is not None
    return (root / "editions" / "de" / article.name).read_text(encoding="utf-8")


# -- 6. untrusted model files --------------------------------------------------------

META = json.dumps({"from_code": "en", "to_code": "pl", "package_version": "1.0"}).encode()


def _package(path: Path, members: dict[str, bytes], link: str | None = None) -> None:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        if link is not None:
            info = zipfile.ZipInfo(link)
            info.external_attr = 0o120777 << 16
            archive.writestr(info, "../../../../etc/passwd")


MODEL = {"p/metadata.json": META, "p/model/model.bin": b"\x01" * 2000}
BAD_PACKAGES: dict[str, tuple[dict[str, bytes], str | None, str]] = {
    "traversal": ({**MODEL, "p/../../evil.txt": b"x"}, None, "unsafe path"),
    "absolute": ({**MODEL, "/tmp/evil.txt": b"x"}, None, "unsafe path"),
    "symlink": (MODEL, "p/model/link", "symbolic link"),
    "oversize": ({**MODEL, "p/model/big.bin": os.urandom(3000)}, None, "too large"),
    "bomb": ({**MODEL, "p/model/zeros.bin": b"\0" * (20 << 20)}, None, "zip bomb"),
    "no-metadata": ({"p/model/model.bin": b"x"}, None, "no metadata.json"),
    "bad-metadata": ({"p/metadata.json": b"{", "p/model/model.bin": b"x"}, None, "not JSON"),
    "metadata-list": ({"p/metadata.json": b"[]", "p/model/model.bin": b"x"}, None, "from_code"),
    "no-model": ({"p/metadata.json": META}, None, "no CTranslate2 model"),
    "two-tops": ({**MODEL, "q/x": b"x"}, None, "exactly one top-level folder"),
    "not-a-zip": ({}, None, "zip archives"),
}


@pytest.fixture
def installed(tmp_path: Path) -> Path:
    folder = tmp_path / "pk"
    result = runner.invoke(
        app, ["models", "install", str(model_file("en", "de")), "--packages-dir", str(folder)]
    )
    assert result.exit_code == 0, result.output
    return folder


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() if p.is_file() else b"/"
        for p in folder.rglob("*")
    }


@pytest.mark.parametrize("case", sorted(BAD_PACKAGES))
def test_untrusted_packages_are_refused_before_extraction(
    tmp_path: Path, installed: Path, case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from transpipe.engines import argos

    if case == "oversize":
        monkeypatch.setattr(argos, "MAX_MEMBER_BYTES", 2500)  # a small stand-in for 4 GB
    members, link, words = BAD_PACKAGES[case]
    path = tmp_path / f"{case}.argosmodel"
    if case == "not-a-zip":
        path.write_bytes(b"MZ not a zip at all")
    else:
        _package(path, members, link)
    before = _tree(installed)
    result = runner.invoke(app, ["models", "install", str(path), "--packages-dir", str(installed)])
    assert result.exit_code == 2
    lines = [x for x in result.stderr.splitlines() if x.strip()]
    assert len(lines) == 1 and words in lines[0] and path.name in lines[0], result.stderr
    assert _tree(installed) == before
    assert not (tmp_path / "evil.txt").exists() and not Path("/tmp/evil.txt").exists()


def test_a_package_with_a_bad_crc_is_refused_before_extraction(
    tmp_path: Path, installed: Path
) -> None:
    path = tmp_path / "damaged.argosmodel"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("p/metadata.json", META)
        archive.writestr("p/model/model.bin", b"\x01" * 2000)
    data = bytearray(path.read_bytes())
    at = data.index(b"\x01" * 2000)
    data[at + 1000] = 0x02  # one flipped byte in the model; its CRC no longer matches
    path.write_bytes(bytes(data))
    before = _tree(installed)
    result = runner.invoke(app, ["models", "install", str(path), "--packages-dir", str(installed)])
    assert result.exit_code == 2
    (line,) = [x for x in result.stderr.splitlines() if x.strip()]
    assert "damaged" in line and "CRC" in line and path.name in line
    assert _tree(installed) == before


def test_an_install_that_fails_half_way_leaves_the_packages_folder_as_it_was(
    tmp_path: Path, installed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from transpipe.engines import argos

    def extract_half_then_fail(path: Path, into: Path) -> None:
        folder = into / "translate-en_fr-1_0"
        (folder / "model").mkdir(parents=True)
        (folder / "metadata.json").write_text('{"from_code": "en", "to_code": "fr"}')
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(argos, "extract_package", extract_half_then_fail)
    before = _tree(installed)
    result = runner.invoke(
        app, ["models", "install", str(model_file("en", "fr")), "--packages-dir", str(installed)]
    )
    assert result.exit_code == 2
    (line,) = [x for x in result.stderr.splitlines() if x.strip()]
    assert "cannot install the package: No space left on device" in line
    assert _tree(installed) == before  # no half package, no staging folder

    # a staging folder left by a killed install is ignored, then cleared by the next install
    (installed / ".installing-killed" / "translate-en_fr-1_0").mkdir(parents=True)
    (installed / ".installing-killed" / "translate-en_fr-1_0" / "metadata.json").write_bytes(META)
    monkeypatch.undo()
    listed = runner.invoke(
        app, ["models", "list", "--packages-dir", str(installed), "--format", "json"]
    )
    assert [(p["source"], p["target"]) for p in json.loads(listed.stdout)] == [("en", "de")]
    again = runner.invoke(
        app, ["models", "install", str(model_file("en", "fr")), "--packages-dir", str(installed)]
    )
    assert again.exit_code == 0, again.output
    assert sorted(p.name for p in installed.iterdir()) == [
        "translate-en_de-1_0",
        "translate-en_fr-1_0",
    ]


def test_an_install_leaves_another_running_install_alone(tmp_path: Path, installed: Path) -> None:
    running = installed / f".installing-{os.getpid()}-busy"  # a live process's staging folder
    (running / "translate-en_uk-1_0").mkdir(parents=True)
    result = runner.invoke(
        app, ["models", "install", str(model_file("en", "fr")), "--packages-dir", str(installed)]
    )
    assert result.exit_code == 0, result.output
    assert (running / "translate-en_uk-1_0").is_dir()
    listed = runner.invoke(
        app, ["models", "list", "--packages-dir", str(installed), "--format", "json"]
    )
    assert [(p["source"], p["target"]) for p in json.loads(listed.stdout)] == [
        ("en", "de"),
        ("en", "fr"),
    ]


def test_a_package_named_like_an_installed_one_is_not_installed_over_it(
    tmp_path: Path, installed: Path
) -> None:
    name = "translate-en_de-1_0"
    path = tmp_path / "impostor.argosmodel"
    _package(path, {f"{name}/metadata.json": META, f"{name}/model/model.bin": b"x"})
    before = _tree(installed)
    result = runner.invoke(app, ["models", "install", str(path), "--packages-dir", str(installed)])
    assert result.exit_code == 2 and "already installed" in result.stderr
    assert _tree(installed) == before


def test_stray_entries_in_the_packages_folder_do_not_hide_the_others(installed: Path) -> None:
    (installed / "stray-folder").mkdir()
    (installed / "stray-folder" / "notes.txt").write_text("x", encoding="utf-8")
    (installed / "README.txt").write_text("x", encoding="utf-8")
    (installed / "half-copied").mkdir()
    (installed / "half-copied" / "model").mkdir()
    result = runner.invoke(
        app, ["models", "list", "--packages-dir", str(installed), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert [(p["source"], p["target"]) for p in json.loads(result.stdout)] == [("en", "de")]


def test_a_package_with_broken_metadata_does_not_hide_the_others(installed: Path) -> None:
    (installed / "translate-en_fr-broken").mkdir()
    (installed / "translate-en_fr-broken" / "metadata.json").write_text("{", encoding="utf-8")
    listed = runner.invoke(
        app, ["models", "list", "--packages-dir", str(installed), "--format", "json"]
    )
    assert listed.exit_code == 0, listed.output
    assert [(p["source"], p["target"]) for p in json.loads(listed.stdout)] == [("en", "de")]
    Path("x.md").write_text("Troops moved.\n", encoding="utf-8")  # in the test's own folder
    missing = runner.invoke(
        app, ["translate", "x.md", "--to", "fr", "--packages-dir", str(installed)]
    )
    assert missing.exit_code == 2
    (line,) = [x for x in missing.stderr.splitlines() if x.strip()]
    assert "no Argos model installed for en->fr" in line
    assert "translate-en_fr-broken/metadata.json: unreadable package metadata" in line


# -- 7. malformed glossaries and settings through the CLI ----------------------------


def _expectation(path: Path) -> tuple[int, str]:
    """The ``# expect: LINE: WORDS`` comment a bad file starts with."""
    match = re.match(r"# expect: (\d+): (.+)", path.read_text(encoding="utf-8", errors="replace"))
    assert match is not None, f"{path} has no '# expect: LINE: WORDS' first line"
    return int(match.group(1)), match.group(2).strip()


BAD_GLOSS = sorted((BAD / "gloss").glob("*.gloss"))
BAD_TOML = sorted((BAD / "toml").glob("*.toml"))


@pytest.mark.parametrize("path", BAD_GLOSS, ids=lambda p: p.name)
def test_bad_glossaries_name_file_and_line(tmp_path: Path, path: Path) -> None:
    line, words = _expectation(path)
    (tmp_path / "a.md").write_text("Talks in Kiev.\n", encoding="utf-8")
    for args in (["normalise", "a.md", "--write"], ["glossary", "check"]):
        result = runner.invoke(app, [*args, "--glossary", str(path)])
        assert result.exit_code == 2, result.output
        lines = [x for x in result.stderr.splitlines() if x.strip()]
        assert len(lines) == 1 and f"{path}:{line}: " in lines[0] and words in lines[0], lines
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == "Talks in Kiev.\n"


@pytest.mark.parametrize("path", BAD_TOML, ids=lambda p: p.name)
def test_bad_settings_name_file_and_line(tmp_path: Path, path: Path) -> None:
    line, words = _expectation(path)
    shutil.copy(path, tmp_path / "transpipe.toml")
    (tmp_path / "a.md").write_text("One sentence.\n", encoding="utf-8")
    for args in (["translate", "a.md", "--to", "de"], ["status", "a.md", "--to", "de"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, result.output
        lines = [x for x in result.stderr.splitlines() if x.strip()]
        assert len(lines) == 1 and f"transpipe.toml:{line}: " in lines[0], lines
        assert words in lines[0], lines
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "transpipe.toml"]


def test_bad_input_sets_are_not_empty() -> None:
    assert len(BAD_GLOSS) >= 5 and len(BAD_TOML) >= 5


def test_an_unclosed_csv_quote_is_reported_where_it_opens(tmp_path: Path) -> None:
    csv_file = tmp_path / "terms.csv"
    csv_file.write_text('id,term,de\nkyiv,"Kyiv,Kyjiw\nair,Air Force,Luftwaffe\n', "utf-8")
    result = runner.invoke(app, ["glossary", "import", str(csv_file), "-o", "out.gloss"])
    assert result.exit_code == 2
    assert f"{csv_file}:2: bad CSV: a quoted field" in result.stderr
    assert not (tmp_path / "out.gloss").exists()


def test_detection_is_deterministic_across_processes(tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    article.write_text(
        "Officials said po dannym the talks went well.\n\nThe minister said za danymy "
        "it was calm.\n\nEr sagte, dass es gut sei, und ging.\n\nC'est la vie, he said.\n",
        encoding="utf-8",
    )
    outputs = set()
    for seed in ("1", "2"):
        run = subprocess.run(
            [sys.executable, "-m", "transpipe", "detect", "a.md", "--format", "json"],
            cwd=tmp_path, capture_output=True, text=True, check=False, timeout=HANG_GUARD,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )  # fmt: skip
        assert run.returncode in (0, 1), run.stderr
        outputs.add(run.stdout)
    assert len(outputs) == 1


# -- 8. any generated article round-trips --------------------------------------------

WORDS = st.sampled_from(
    ["the", "minister", "said", "U.S.", "Dr.", "No. 5", "3.5", "Kiev", "NATO", "talks",
     "defense", "\"quoted", "words\"", "{0}", "%s",
     "air", "defence", "Brussels", "on", "Tuesday", "12", "e.g.", "radar", "1,200"]
)  # fmt: skip


@st.composite
def _sentence(draw: st.DrawFn) -> str:
    words = draw(st.lists(WORDS, min_size=2, max_size=8))
    inline = draw(st.sampled_from(["", "*", "**", "`", "link"]))
    if inline == "link":
        words[0] = f"[{words[0]}](https://example.org/{len(words)})"
    elif inline:
        words[-1] = f"{inline}{words[-1]}{inline}"
    text = " ".join(words)
    return text[0].upper() + text[1:] + draw(st.sampled_from([".", "?", "!", '."']))


_END = '.?!"'


@st.composite
def _article(draw: st.DrawFn) -> str:
    blocks = [f"# {draw(_sentence()).rstrip(_END)}"]
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["para", "list", "quote", "code", "heading"]))
        if kind == "para":
            blocks.append(" ".join(draw(st.lists(_sentence(), min_size=1, max_size=3))))
        elif kind == "list":
            items = draw(st.lists(_sentence(), min_size=1, max_size=3))
            blocks.append("\n".join(f"- {s}" for s in items))
        elif kind == "quote":
            blocks.append(f"> {draw(_sentence())}")
        elif kind == "code":
            blocks.append('```\nmsgid "x" {0} %s\n```')
        else:
            blocks.append(f"## {draw(_sentence()).rstrip(_END)}")
    return "\n\n".join(blocks) + "\n"


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
@given(text=_article())
def test_generated_articles_round_trip(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    root = tmp_path_factory.mktemp("gen")
    article = root / "gen.md"
    article.write_text(text, encoding="utf-8")
    gloss = root / "g.gloss"
    gloss.write_text(
        "id: air-defence\nterm: air defence\nvariant: air defense\nnote: n\n"
        "\nid: kyiv\nterm: Kyiv\ndeprecated: Kiev\nnote: n\n",
        encoding="utf-8",
    )
    edition = _round_trip(root, article, (gloss,))
    source = (root / "editions" / "en" / "gen.md").read_text(encoding="utf-8")
    assert edition == source


@pytest.fixture(scope="module", autouse=True)
def _no_leaked_registry() -> Iterator[None]:
    yield
    engines._REGISTRY.pop("identity", None)
