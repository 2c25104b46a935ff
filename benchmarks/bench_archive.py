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
best time when ``--repeat`` runs more than one round (rounds interleaved, so a
slow spell of a shared machine hits one round, not one size).

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
import resource
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / ".work" / "archive"
MODEL = HERE / ".model"
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


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
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
    start = time.perf_counter()
    result = transpipe.translate(
        ["articles"],
        settings,
        base=root,
        shard=shard,
        executor=executor,  # type: ignore[arg-type]
        on_article=lambda _: None,  # results streamed, none kept: the driver stays flat
    )
    seconds = time.perf_counter() - start
    stop.set()
    languages = len(result.models)
    print(
        json.dumps(
            {
                "seconds": seconds,
                "articles": result.totals.articles,
                "sentences": result.totals.sentences * languages,
                "unique_in_articles": result.totals.unique * languages,
                "sent": result.segments_translated,
                "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "worker_peak_mb": max(peaks.values(), default=0.0),
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
            "peak_mb": max(p["peak_mb"] for p in parts),
            "worker_peak_mb": 0.0,
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
        f"{'round':>5} {'executor':<8} {'articles':>8} {'seconds':>8} {'art/hour':>9} "
        f"{'sentences':>9} {'sent':>7} {'saved':>6} {'calls w/o dedup / with':>22} "
        f"{'driver MB':>9} {'worker MB':>9}"
    )
    print(header)
    best: dict[tuple[str, int], float] = {}
    peaks: dict[tuple[str, int], float] = {}
    for round_ in range(1, args.repeat + 1):  # rounds interleaved, so a slow spell hits one
        for n in sizes:
            archive = WORK / f"archive-{n}"
            if not (archive / "articles").is_dir():
                shutil.rmtree(archive, ignore_errors=True)
                write_archive(archive / "articles", n, seed=2026)
            for executor in executors:
                r = run(executor, archive, args.engine, n)
                key = (executor, n)
                best[key] = min(best.get(key, r["seconds"]), r["seconds"])
                peaks[key] = max(peaks.get(key, 0.0), r["peak_mb"])
                _print_row(round_, executor, r)
    _print_summary(executors, sizes, best, peaks, args.repeat)


def _print_row(round_: int, executor: str, r: dict[str, float]) -> None:
    saved = 1 - r["sent"] / r["sentences"]
    print(
        f"{round_:>5} {executor:<8} {int(r['articles']):>8} {r['seconds']:>8.1f} "
        f"{3600 * r['articles'] / r['seconds']:>9.0f} {int(r['sentences']):>9} "
        f"{int(r['sent']):>7} {saved:>6.1%} {r['sentences'] / r['sent']:>22.2f} "
        f"{r['peak_mb']:>9.0f} {r['worker_peak_mb']:>9.0f}",
        flush=True,
    )


def _print_summary(
    executors: list[str],
    sizes: list[int],
    best: dict[tuple[str, int], float],
    peaks: dict[tuple[str, int], float],
    repeat: int,
) -> None:
    which = "best of each size's rounds" if repeat > 1 else "one round"
    print(
        f"\ntime ratio per doubling (linear: 2.0; {which}), over the whole range per "
        "doubling, and driver peak memory first -> last size"
    )
    for executor in executors:
        t = [best[(executor, n)] for n in sizes]
        ratios = [b / a for a, b in itertools.pairwise(t)]
        shown = ", ".join(f"{x:.2f}" for x in ratios) or "-"
        doublings = math.log2(sizes[-1] / sizes[0]) if len(sizes) > 1 else 0
        overall = (t[-1] / t[0]) ** (1 / doublings) if doublings else 0.0
        first, last = peaks[(executor, sizes[0])], peaks[(executor, sizes[-1])]
        print(
            f"{executor:<8} {shown}   max {max(ratios, default=0):.2f}   whole range "
            f"{overall:.2f}   seconds {' -> '.join(f'{x:.1f}' for x in t)}   memory "
            f"{first:.0f} -> {last:.0f} MB (x{last / first:.2f})"
        )


if __name__ == "__main__":
    main()
