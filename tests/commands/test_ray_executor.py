"""``translate --executor ray``: a local Ray instance (127.0.0.1 only) writes what a local
run writes, sends each distinct segment to an engine once, and loses nothing when a
translating actor is killed mid-run."""

from __future__ import annotations

import functools
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

import transpipe
from tests.commands import ray_engines
from tests.conftest import ROOT
from tests.tools.archive_corpus import (
    CLOSING,
    DISCLAIMER,
    STANDARD,
    memory_rows,
    pseudo_project,
    tree_bytes,
    write_archive,
)
from transpipe.cli import app
from transpipe.commands.executors import ExecutorSpec

pytestmark = [pytest.mark.needs("ray"), pytest.mark.slow]


@pytest.fixture(scope="module", autouse=True)
def _one_date() -> Iterator[None]:
    """The local run and the Ray runs, minutes apart, write the same header dates."""
    os.environ["SOURCE_DATE_EPOCH"] = "1767225600"
    yield
    del os.environ["SOURCE_DATE_EPOCH"]


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    """One Ray for the module, on this machine only, whose workers can import the tests."""
    import ray

    ray.init(
        address="local",
        _node_ip_address="127.0.0.1",
        num_cpus=2,
        include_dashboard=False,
        log_to_driver=False,
        runtime_env={"env_vars": {"PYTHONPATH": str(ROOT)}},
    )
    yield
    ray.shutdown()


def _memory(root: Path) -> list[tuple[str, str, str]]:
    return memory_rows(root / ".transpipe" / "memory.sqlite3")


def _calls(folder: Path) -> list[dict[str, object]]:
    return [
        json.loads(line)
        for log in sorted(folder.glob("calls-*.jsonl"))
        for line in log.read_text(encoding="utf-8").splitlines()
    ]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("archive") / "project"
    write_archive(root / "articles", 200, seed=11)
    return root


@pytest.fixture(scope="module")
def local_run(archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 200 articles translated by the local executor: the bytes Ray must write."""
    root = tmp_path_factory.mktemp("local") / "project"
    shutil.copytree(archive, root)
    transpipe.translate(["articles"], pseudo_project(root), base=root)
    return root


def test_ray_writes_the_local_bytes_and_sends_each_segment_once(
    local_ray: None, archive: Path, local_run: Path, tmp_path: Path
) -> None:
    root = tmp_path / "project"
    shutil.copytree(archive, root)
    log = tmp_path / "log"
    log.mkdir()
    spec = ExecutorSpec(
        "ray", engine_factory=functools.partial(ray_engines.logging_engine, str(log))
    )
    result = transpipe.translate(["articles"], pseudo_project(root), base=root, executor=spec)
    assert len(result.articles) == 200
    assert tree_bytes(root / "locales") == tree_bytes(local_run / "locales")
    assert _memory(root) == _memory(local_run)
    calls = _calls(log)
    assert len({c["pid"] for c in calls}) == 2  # both translating actors worked
    repeated = [*STANDARD, DISCLAIMER, CLOSING]  # in every article, or in many
    for target in ("de", "fr"):
        sent = [t for c in calls if c["target"] == target for t in c["texts"]]  # type: ignore[attr-defined]
        assert all(sent.count(sentence) == 1 for sentence in repeated)
    sentences = sum(a.sentences for a in result.articles)
    assert result.segments_translated < 0.8 * 2 * sentences  # repeats were not sent


def test_a_translating_actor_killed_mid_run_loses_nothing(
    local_ray: None, archive: Path, local_run: Path, tmp_path: Path
) -> None:
    root = tmp_path / "project"
    shutil.copytree(archive, root)
    log = tmp_path / "log"
    log.mkdir()
    spec = ExecutorSpec("ray", engine_factory=functools.partial(ray_engines.dying_engine, str(log)))
    transpipe.translate(["articles"], pseudo_project(root), base=root, executor=spec)
    killed = int((log / "killed").read_text())
    assert killed not in {c["pid"] for c in _calls(log)}  # that process translated nothing
    assert tree_bytes(root / "locales") == tree_bytes(local_run / "locales")
    assert _memory(root) == _memory(local_run)


def test_an_input_error_in_a_ray_worker_is_one_line(local_ray: None, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Officials said the port reopened.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\xff\xfe broken \x00 bytes")
    (tmp_path / "transpipe.toml").write_text(
        '[project]\ntargets = ["de"]\n[engine]\nname = "pseudo"\n', encoding="utf-8"
    )
    os.chdir(tmp_path)
    result = CliRunner().invoke(app, ["translate", "a.txt", "b.txt", "--executor", "ray"])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("transpipe: error: b.txt")
    assert not (tmp_path / "locales" / "de" / "a.po").exists()  # the window was not written
