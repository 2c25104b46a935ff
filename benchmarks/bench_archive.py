"""Archive throughput: the local, sharded (2 shards) and Ray executors on generated archives.

    python benchmarks/bench_archive.py                          # pseudo engine, 1,000-8,000
    python benchmarks/bench_archive.py --sizes 250,500 --executors local,ray
    python benchmarks/bench_archive.py --engine argos --sizes 20,40   # the argos-sized model
    python benchmarks/bench_archive.py --repeat 2         # two rounds: ratios of the best times

Each size is a fresh archive from ``tests/tools/archive_corpus.py`` (original
articles with a newsroom's share of repeated boilerplate), translated from
scratch into an empty project by each executor in its own process(es).  For
each run it prints the wall time, articles per hour, the segments sent to the
engine against the sentences a run without deduplication would send, the
peak memory of the driver and of each worker, and, per executor, the time
ratio per doubling of the archive (linear growth is 2.0), from each size's
best time when ``--repeat`` runs more than one round (rounds go up and down
the sizes in turn, so a machine that slows under sustained load slows the
large sizes in one round, not in every one).  It also prints the seconds
per window of 200 articles of the largest run, first windows against last:
a run that slowed as its archive grew would show it there.

- ``local``: one ``transpipe.translate`` process.
- ``sharded``: ``--shard 1/2`` and ``--shard 2/2`` side by side, then
  ``memory merge``; the time is the wall time of all of it, and the printed
  memory is the larger shard's.
- ``ray``: ``--executor ray`` on a local Ray started by the run (its start,
  several seconds, is in the time); workers' memory is sampled every 0.2 s.

``--engine argos`` uses the benchmark model of ``build_bench_model.py`` (built
into ``benchmarks/.model/`` if missing): a real CTranslate2 model of
argos-train's size, on the CPU.  Everything goes to ``benchmarks/.work/``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / ".work" / "archive"
MODEL = HERE / ".model"
WINDOW = 200  # translate's window: the time between windows shows where a run slows
sys.path.insert(0, str(ROOT))


def _settings(root: Path, engine: str) -> object:
    from transpipe.core.config import EngineSettings, Settings, builtin_glossaries

    if engine == "argos":
        settings = EngineSettings(name="argos", packages_dir=MODEL / "packages", beam_size=1)
        targets: tuple[str, ...] = ("de",)
    else:
        settings = EngineSettings(name="pseudo")
        targets = ("de", "fr")
    return Settings(root=root, targets=targets, engine=settings, glossaries=builtin_glossaries())


def _rss_mb(pid: int | str, field: str = "VmRSS") -> float:
    """A process's resident memory now (``VmRSS``) or at its peak (``VmHWM``), in MB.

    The peak is read from ``/proc`` rather than ``getrusage``: Linux carries
    ``ru_maxrss`` across ``exec``, so a child would report its parent's size.
    """
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(f"{field}:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _ray_workers() -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if command.startswith(b"ray::"):
            found.append(int(entry.name))
    return found


def child(spec: dict[str, object]) -> None:
    """One run in this process; prints what it measured as JSON."""
    import transpipe
    from transpipe.commands.executors import ExecutorSpec
    from transpipe.commands.shards import Shard

    root = Path(str(spec["root"]))
    settings = _settings(root, str(spec["engine"]))
    shard = Shard.parse(str(spec["shard"])) if spec.get("shard") else None
    executor = ExecutorSpec.parse(str(spec.get("executor", "local")))
    peaks: dict[int, float] = {}
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.2):
            for pid in _ray_workers():
                peaks[pid] = max(peaks.get(pid, 0.0), _rss_mb(pid))

    sampler = threading.Thread(target=sample, daemon=True)
    if executor.kind == "ray":
        sampler.start()
    done: list[float] = []  # when every 200th article's catalogues were written
    start = time.perf_counter()

    def written(_: object) -> None:  # results streamed, none kept: the driver stays flat
        nonlocal articles
        articles += 1
        if articles % WINDOW == 0:
            done.append(time.perf_counter())

    articles = 0
    result = transpipe.translate(
        ["articles"],
        settings,
        base=root,
        shard=shard,
        executor=executor,  # type: ignore[arg-type]
        on_article=written,
    )
    seconds = time.perf_counter() - start
    cpu = os.times()
    stop.set()
    languages = len(result.models)
    print(
        json.dumps(
            {
                "seconds": seconds,
                "cpu_seconds": cpu.user + cpu.system,  # this process's (a Ray run's driver's)
                "articles": result.totals.articles,
                "sentences": result.totals.sentences * languages,
                "unique_in_articles": result.totals.unique * languages,
                "sent": result.segments_translated,
                "peak_mb": _rss_mb("self", "VmHWM"),
                "worker_peak_mb": max(peaks.values(), default=0.0),
                "windows": [b - a for a, b in itertools.pairwise(done)],
            }
        )
    )


def _spawn(spec: dict[str, object]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, __file__, "--child", json.dumps(spec)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def _collect(process: subprocess.Popen[str]) -> dict[str, float]:
    out, _ = process.communicate()
    if process.returncode != 0:
        raise SystemExit(f"a benchmark run failed (exit {process.returncode})")
    return json.loads(out.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _project(archive: Path, name: str) -> Path:
    root = WORK / "runs" / name
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(archive / "articles", root / "articles")
    return root


def run(executor: str, archive: Path, engine: str, n: int) -> dict[str, float]:
    root = _project(archive, f"{executor}-{n}")
    base = {"root": str(root), "engine": engine}
    start = time.perf_counter()
    if executor == "sharded":
        shards = [_spawn({**base, "shard": f"{i}/2"}) for i in (1, 2)]
        parts = [_collect(p) for p in shards]
        from transpipe.commands.shards import merge_shard_memories

        merge_shard_memories(_settings(root, engine))  # type: ignore[arg-type]
        wall = time.perf_counter() - start
        return {
            "seconds": wall,
            "articles": sum(p["articles"] for p in parts),
            "sentences": sum(p["sentences"] for p in parts),
            "sent": sum(p["sent"] for p in parts),
            "cpu_seconds": sum(p["cpu_seconds"] for p in parts),
            "peak_mb": max(p["peak_mb"] for p in parts),
            "worker_peak_mb": 0.0,
            "windows": parts[0]["windows"],  # shard 1's
        }
    result = _collect(_spawn({**base, "executor": executor}))
    result["seconds"] = time.perf_counter() - start  # with the process's start
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,2000,4000,8000")
    parser.add_argument("--executors", default="local,sharded,ray")
    parser.add_argument("--engine", choices=("pseudo", "argos"), default="pseudo")
    parser.add_argument(
        "--repeat", type=int, default=1, help="rounds over every size; the ratios use the best"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(json.loads(args.child))
        return
    from tests.tools.archive_corpus import write_archive

    if args.engine == "argos" and not (MODEL / "packages").is_dir():
        subprocess.run([sys.executable, str(HERE / "build_bench_model.py")], check=True)
    sizes = [int(s) for s in args.sizes.split(",")]
    executors = args.executors.split(",")
    print(
        f"engine {args.engine}; sizes {sizes}; executors {executors}; {args.repeat} round(s); "
        f"{os.cpu_count()} CPUs"
    )
    header = (
        f"{'round':>5} {'executor':<8} {'articles':>8} {'seconds':>8} {'CPU s':>7} "
        f"{'art/hour':>9} {'sentences':>9} {'sent':>7} {'saved':>6} "
        f"{'calls w/o dedup / with':>22} {'driver MB':>9} {'worker MB':>9}"
    )
    print(header)
    runs: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for round_ in range(1, args.repeat + 1):
        # odd rounds go up the sizes, even ones down: a machine that slows under sustained
        # load (a shared one does) then slows the large sizes in one round, not in every one
        for n in sizes if round_ % 2 else sizes[::-1]:
            archive = WORK / f"archive-{n}"
            if not (archive / "articles").is_dir():
                shutil.rmtree(archive, ignore_errors=True)
                write_archive(archive / "articles", n, seed=2026)
            for executor in executors:
                r = run(executor, archive, args.engine, n)
                runs.setdefault((executor, n), []).append(r)
                _print_row(round_, executor, r)
    _print_summary(executors, sizes, runs, args.repeat)
    _print_windows(executors, sizes[-1], runs)


def _print_row(round_: int, executor: str, r: dict[str, Any]) -> None:
    saved = 1 - r["sent"] / r["sentences"]
    print(
        f"{round_:>5} {executor:<8} {int(r['articles']):>8} {r['seconds']:>8.1f} "
        f"{r['cpu_seconds']:>7.1f} {3600 * r['articles'] / r['seconds']:>9.0f} "
        f"{int(r['sentences']):>9} {int(r['sent']):>7} {saved:>6.1%} "
        f"{r['sentences'] / r['sent']:>22.2f} {r['peak_mb']:>9.0f} {r['worker_peak_mb']:>9.0f}",
        flush=True,
    )


def _ratios(times: list[float], sizes: list[int]) -> str:
    """``1.98, 2.03, 2.01 (max 2.03; whole range 2.01)``: per doubling, and on average."""
    ratios = [b / a for a, b in itertools.pairwise(times)]
    doublings = math.log2(sizes[-1] / sizes[0]) if len(sizes) > 1 else 0
    overall = (times[-1] / times[0]) ** (1 / doublings) if doublings else 0.0
    shown = ", ".join(f"{x:.2f}" for x in ratios) or "-"
    return f"{shown} (max {max(ratios, default=0):.2f}; whole range {overall:.2f})"


def _print_summary(
    executors: list[str],
    sizes: list[int],
    runs: dict[tuple[str, int], list[dict[str, Any]]],
    repeat: int,
) -> None:
    which = "the best of each size's rounds" if repeat > 1 else "one round"
    print(
        f"\nratio per doubling (linear: 2.0), of {which}: wall time, and CPU time of the "
        "processes that translate (not Ray's workers); driver peak memory first -> last size"
    )
    for executor in executors:
        wall = [min(r["seconds"] for r in runs[(executor, n)]) for n in sizes]
        cpu = [min(r["cpu_seconds"] for r in runs[(executor, n)]) for n in sizes]
        peak = [max(r["peak_mb"] for r in runs[(executor, n)]) for n in sizes]
        print(
            f"{executor:<8} wall {_ratios(wall, sizes)}: {' -> '.join(f'{x:.1f}' for x in wall)} s"
        )
        if executor != "ray":
            print(f"{'':<8} CPU  {_ratios(cpu, sizes)}: {' -> '.join(f'{x:.1f}' for x in cpu)} s")
        print(f"{'':<8} memory {peak[0]:.0f} -> {peak[-1]:.0f} MB (x{peak[-1] / peak[0]:.2f})")


def _print_windows(
    executors: list[str], n: int, runs: dict[tuple[str, int], list[dict[str, Any]]]
) -> None:
    """Whether a run slows as it goes: its first windows' times against its last ones'."""
    print(
        f"\nseconds per window of {WINDOW} articles at {n}, in the fastest round "
        "(shard 1 of the sharded run)"
    )
    for executor in executors:
        times = min(runs[(executor, n)], key=lambda r: r["seconds"])["windows"]
        if len(times) < 10:
            print(f"{executor:<8} too few windows")
            continue
        first, last = statistics.mean(times[:5]), statistics.mean(times[-5:])
        print(
            f"{executor:<8} first five {first:.2f}, last five {last:.2f} (x{last / first:.2f}); "
            f"median {statistics.median(times):.2f}, {len(times)} windows"
        )


if __name__ == "__main__":
    main()
