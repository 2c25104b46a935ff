"""Static sharding: ``translate --shard I/N``, ``--files-from``, ``memory merge``, windows.

Shards of one archive, run apart, must write exactly what one run writes, and
their memories, merged, must be that run's memory.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from typer.testing import CliRunner

import transpipe
from tests.tools.archive_corpus import (
    copy_project,
    memory_rows,
    pseudo_project,
    tree_bytes,
    write_archive,
)
from transpipe.cli import app
from transpipe.commands.executors import ExecutorSpec
from transpipe.commands.shards import Shard, read_file_list
from transpipe.core.errors import ConfigError, InputError
from transpipe.core.lock import LockedError, project_lock
from transpipe.engines.pseudo import PseudoEngine

runner = CliRunner()


@pytest.fixture(autouse=True)
def _one_date(monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs minutes apart write the same header dates, as CI shards do with it set."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01 00:00 UTC


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """A project folder with 40 generated articles under articles/."""
    root = tmp_path / "project"
    write_archive(root / "articles", 40, seed=3)
    return root


def test_a_shard_parses_and_refuses_in_one_line() -> None:
    assert Shard.parse("2/4") == Shard(2, 4)
    assert Shard.parse(" 1 / 1 ") == Shard(1, 1)
    for bad in ("0/4", "5/4", "1", "a/b", "1/0", "-1/2", "1/2/3"):
        with pytest.raises(ConfigError, match="--shard"):
            Shard.parse(bad)


def test_every_path_belongs_to_exactly_one_shard_and_the_split_is_stable() -> None:
    paths = [f"articles/{i:04d}/story-{i:06d}.md" for i in range(2000)]
    for count in (1, 2, 3, 5):
        owners = [[s for s in range(1, count + 1) if Shard(s, count).holds(p)] for p in paths]
        assert all(len(o) == 1 for o in owners)
        sizes = [sum(1 for o in owners if o == [s]) for s in range(1, count + 1)]
        assert min(sizes) > 0.8 * len(paths) / count  # an even split, not a lopsided one
    # the hash is SHA-256 of the POSIX path, the same on every machine and Python
    digest = hashlib.sha256(b"articles/a2.txt").digest()
    assert int.from_bytes(digest[:8], "big") % 2 == 0
    assert Shard(1, 2).holds("articles/a2.txt")
    assert Shard(1, 2).holds("articles\\a2.txt")  # a Windows path is the same article


def test_two_shards_write_what_one_run_writes_and_their_memories_merge_into_its_memory(
    archive: Path, tmp_path: Path
) -> None:
    whole = copy_project(archive, tmp_path / "whole")
    split = copy_project(archive, tmp_path / "split")
    one = transpipe.translate(["articles"], pseudo_project(whole), base=whole)
    first = transpipe.translate(["articles"], pseudo_project(split), base=split, shard=Shard(1, 2))
    second = transpipe.translate(["articles"], pseudo_project(split), base=split, shard=Shard(2, 2))
    names = {a.name for a in first.articles} | {a.name for a in second.articles}
    assert len(names) == len(one.articles) == 40
    assert not {a.name for a in first.articles} & {a.name for a in second.articles}
    assert tree_bytes(split / "locales") == tree_bytes(whole / "locales")
    shard_files = sorted((split / ".transpipe").glob("memory.shard-*.sqlite3"))
    assert [p.name for p in shard_files] == [
        "memory.shard-1-of-2.sqlite3",
        "memory.shard-2-of-2.sqlite3",
    ]
    assert not (split / ".transpipe" / "memory.sqlite3").exists()  # shards wrote only their own
    merged = transpipe.merge_shard_memories(pseudo_project(split))
    assert merged.added > 0 and merged.sources == tuple(shard_files)
    assert not any(p.exists() for p in shard_files)  # joined, then removed
    whole_rows = memory_rows(whole / ".transpipe" / "memory.sqlite3")
    assert memory_rows(split / ".transpipe" / "memory.sqlite3") == whole_rows
    # boilerplate both shards met is in both memories once: known when the second joins
    assert merged.known > 0
    assert merged.added == len(whole_rows)


def test_a_finished_shard_run_again_does_nothing(archive: Path) -> None:
    settings = pseudo_project(archive)
    transpipe.translate(["articles"], settings, base=archive, shard=Shard(1, 3))
    before = {p: p.stat().st_mtime_ns for p in (archive / "locales").rglob("*") if p.is_file()}
    again = transpipe.translate(["articles"], settings, base=archive, shard=Shard(1, 3))
    assert again.segments_translated == 0
    assert not any(a.template_written for a in again.articles)
    assert not any(c.written for a in again.articles for c in a.catalogs)
    after = {p: p.stat().st_mtime_ns for p in (archive / "locales").rglob("*") if p.is_file()}
    assert after == before


class _DiesOnCall(PseudoEngine):
    """A pseudo engine that stops the run (as a kill would) on its ``n``-th call."""

    def __init__(self, n: int = 0) -> None:
        super().__init__()
        self.calls = 0
        self.n = n  # 0: never

    def translate(
        self,
        texts: Sequence[str],
        source: str,
        target: str,
        progress: Callable[[int], None] | None = None,
    ) -> list[str]:
        self.calls += 1
        if self.calls == self.n:
            raise KeyboardInterrupt
        return super().translate(texts, source, target, progress)


def test_a_shard_stopped_mid_run_is_simply_run_again(archive: Path, tmp_path: Path) -> None:
    whole = copy_project(archive, tmp_path / "whole")
    counting = _DiesOnCall()
    transpipe.translate(
        ["articles"],
        pseudo_project(whole),
        base=whole,
        shard=Shard(2, 2),
        window=4,
        engine=counting,
    )
    settings = pseudo_project(archive)
    with pytest.raises(KeyboardInterrupt):  # dies halfway through its windows
        transpipe.translate(
            ["articles"], settings, base=archive, shard=Shard(2, 2), window=4,
            engine=_DiesOnCall(counting.calls // 2 + 1),
        )  # fmt: skip
    partial = tree_bytes(archive / "locales")
    assert partial and partial != tree_bytes(whole / "locales")
    # every catalogue written so far is whole: msgfmt-valid and equal to the full run's
    for name, data in partial.items():
        assert tree_bytes(whole / "locales")[name] == data
    transpipe.translate(["articles"], settings, base=archive, shard=Shard(2, 2))
    assert tree_bytes(archive / "locales") == tree_bytes(whole / "locales")


def test_windows_change_nothing_in_what_is_written(archive: Path, tmp_path: Path) -> None:
    small = copy_project(archive, tmp_path / "small")
    result = transpipe.translate(["articles"], pseudo_project(small), base=small, window=3)
    transpipe.translate(["articles"], pseudo_project(archive), base=archive)
    assert tree_bytes(small / "locales") == tree_bytes(archive / "locales")
    assert [a.name for a in result.articles] == sorted(a.name for a in result.articles)


def test_shards_share_the_project_lock_and_a_whole_run_waits_for_them(tmp_path: Path) -> None:
    lock = tmp_path / ".transpipe" / "lock"
    with (
        project_lock(lock, "translate", shared=True),
        project_lock(lock, "x", shared=True),
        pytest.raises(LockedError, match="another transpipe run"),
        project_lock(lock, "translate", wait=0.1),
    ):
        pass
    with (
        project_lock(lock, "translate"),
        pytest.raises(LockedError),
        project_lock(lock, "translate", wait=0.1, shared=True),
    ):
        pass


def test_files_from_lists_articles_and_refuses_bad_lists(archive: Path) -> None:
    listed = archive / "changed.txt"
    chosen = sorted((archive / "articles").rglob("*.md"))[:3]
    listed.write_text(
        "\n".join(str(p.relative_to(archive)) for p in chosen) + "\n\n", encoding="utf-8"
    )
    assert read_file_list(str(listed)) == [str(p.relative_to(archive)) for p in chosen]
    (archive / "transpipe.toml").write_text(
        '[project]\ntargets = ["de"]\n[engine]\nname = "pseudo"\n', encoding="utf-8"
    )
    import os

    os.chdir(archive)
    result = runner.invoke(app, ["translate", "--files-from", "changed.txt", "-q"])
    assert result.exit_code == 0, result.output
    assert sorted(p.stem for p in (archive / "locales" / "de").glob("*.po")) == [
        p.stem for p in chosen
    ]
    (archive / "bad.txt").write_text("articles/x.md\nbad\x01name.md\n", encoding="utf-8")
    result = runner.invoke(app, ["translate", "--files-from", "bad.txt"])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "transpipe: error: bad.txt:2: a path with a control character"
    ]
    result = runner.invoke(app, ["translate", "--files-from", "missing.txt"])
    assert result.exit_code == 2 and "missing.txt" in result.output
    assert len(result.output.strip().splitlines()) == 1
    (archive / "empty.txt").write_text("\n\n", encoding="utf-8")
    result = runner.invoke(app, ["translate", "--files-from", "empty.txt"])
    assert result.exit_code == 2 and "names no article" in result.output
    result = runner.invoke(app, ["translate", "--shard", "3/2", "articles"])
    assert result.exit_code == 2 and "--shard '3/2'" in result.output
    result = runner.invoke(app, ["translate"])
    assert result.exit_code == 2 and "no article given" in result.output


def test_memory_merge_through_the_cli_and_a_file_that_is_no_memory(archive: Path) -> None:
    import os

    (archive / "transpipe.toml").write_text(
        '[project]\ntargets = ["de"]\n[engine]\nname = "pseudo"\n', encoding="utf-8"
    )
    os.chdir(archive)
    for shard in ("1/2", "2/2"):
        assert runner.invoke(app, ["translate", "articles", "--shard", shard, "-q"]).exit_code == 0
    bogus = archive / "bogus.sqlite3"
    bogus.write_bytes(b"not a database at all")
    main = archive / ".transpipe" / "memory.sqlite3"
    result = runner.invoke(app, ["memory", "merge", "bogus.sqlite3"])
    assert result.exit_code == 2
    assert result.output.strip() == (
        "transpipe: error: bogus.sqlite3: not a transpipe machine memory; nothing was merged"
    )
    assert not main.exists()
    result = runner.invoke(app, ["memory", "merge", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"added"' in result.output
    assert memory_rows(main)
    assert not list((archive / ".transpipe").glob("memory.shard-*"))
    result = runner.invoke(app, ["memory", "merge"])
    assert result.exit_code == 0 and "no shard memory to merge" in result.output


def test_a_shard_reads_the_project_memory_and_sends_nothing_it_holds(archive: Path) -> None:
    settings = pseudo_project(archive)
    transpipe.translate(["articles"], settings, base=archive)
    result = transpipe.translate(["articles"], settings, base=archive, shard=Shard(1, 2))
    assert result.segments_translated == 0


def test_a_list_refuses_what_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="this is a folder"):
        read_file_list(str(tmp_path))


def test_source_date_epoch_dates_the_catalogues_and_a_bad_one_is_ignored(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from transpipe.po.catalog import template_data

    assert template_data([], "x", "h").meta("POT-Creation-Date") == "2026-01-01 00:00+0000"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "99999999999999999999")
    assert template_data([], "x", "h").meta("POT-Creation-Date").startswith("20")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    assert template_data([], "x", "h").meta("POT-Creation-Date") != "2026-01-01 00:00+0000"


def test_an_executor_that_is_not_one_is_refused() -> None:
    assert ExecutorSpec.parse("ray:127.0.0.1:6379") == ExecutorSpec("ray", "127.0.0.1:6379")
    assert ExecutorSpec.parse("local") == ExecutorSpec()
    with pytest.raises(ConfigError, match="give local, ray or ray:ADDRESS"):
        ExecutorSpec.parse("spark")


def test_the_ray_executor_without_ray_is_one_line_naming_the_extra(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "ray", None)  # as where the extra is not installed
    with pytest.raises(ConfigError, match=r"pip install 'transpipe\[ray\]'"):
        transpipe.translate(
            ["articles"], pseudo_project(archive), base=archive, executor=ExecutorSpec("ray")
        )
    assert not (archive / "locales").exists()
