"""Benchmark: every stage stays linear on pathological lines, up to the line limit.

Run: python tests/benchmarks/bench_pathological.py [--max 500000] [--stages read,protect,...]

Each shape (unclosed link brackets, nested brackets, backtick runs, ``_a``,
quotes, link tails, look-alike letters, e-mail-like runs) is repeated into one
Markdown line of 62,500 characters, then doubled up to ``--max``; each stage
runs on it in this process: ``read`` (parse and split into sentences),
``protect`` (inline markup as placeholders), ``pseudo`` (the pseudo engine),
``glossary`` (matching with the shipped glossary), ``normalise`` and
``detect``.  Prints seconds and ``x2``, the time ratio between a size and
half of it: about 2.0 for linear work, 4.0 for quadratic, and ``growth``,
the ratio per doubling over the whole range ((t_max / t_first) ** (1 /
doublings)), which a single noisy step cannot swing.  Each time is the
processor time of the fastest of ``--repeat`` runs with the garbage collector
paused, as ``timeit`` measures: other processes on the machine do not count,
and noise only ever adds time.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import time
from collections.abc import Callable
from pathlib import Path

from transpipe.document import read_document
from transpipe.document.inline import protect
from transpipe.engines.pseudo import pseudo_translate
from transpipe.fragments.detect import Detector, detect_document
from transpipe.terms.glossary import GlossaryIndex, load_glossaries
from transpipe.terms.normalise import normalise_document

ROOT = Path(__file__).resolve().parents[2]
SHAPES = {
    "open links": "See [note ",
    "nested brackets": "[[[[]]]] [[",
    "backticks": "` `` ``` ",
    "underscores": "_a",
    "quotes": '“a ‘b " c ',
    "link tails": "[a](b ",
    "look-alikes": "NАТО Kiеv ",
    "address runs": "a.b_c+d-",
}


def stages(index: GlossaryIndex, detector: Detector) -> dict[str, Callable[[str], object]]:
    def read(text: str) -> object:
        return read_document(text, "a.md")

    def normalise(text: str) -> object:
        return normalise_document(read_document(text, "a.md"), text, index)

    def detect(text: str) -> object:
        return detect_document(read_document(text, "a.md"), text, detector)

    return {
        "read": read,
        "protect": lambda text: protect(text),
        "pseudo": pseudo_translate,
        "glossary": index.find,
        "normalise": normalise,
        "detect": detect,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max", type=int, default=500_000)
    parser.add_argument("--stages", default="read,protect,pseudo,glossary,normalise,detect")
    parser.add_argument("--repeat", type=int, default=7, help="runs per size; the fastest counts")
    args = parser.parse_args()
    files = [ROOT / "glossary" / f"{n}.gloss" for n in ("defence", "weapons", "places")]
    index = GlossaryIndex.build(load_glossaries(files))
    run = stages(index, Detector(index))
    chosen = args.stages.split(",")
    sizes = []
    size = 62_500
    while size <= args.max:
        sizes.append(size)
        size *= 2
    worst = 0.0
    print(
        f"{'shape':<16} {'stage':<10} "
        + " ".join(f"{s // 1000:>9}K" for s in sizes)
        + "  max x2  growth"
    )
    worst_growth = 0.0
    for name, unit in SHAPES.items():
        for stage in chosen:
            times = []
            for size in sizes:
                text = (unit * (size // len(unit) + 1))[:size] + "\n"
                times.append(min(_timed(run[stage], text) for _ in range(args.repeat)))
            ratios = [b / a for a, b in itertools.pairwise(times) if a > 0.02]
            ratio = max(ratios) if ratios else 0.0
            worst = max(worst, ratio)
            growth = (times[-1] / times[0]) ** (1 / (len(times) - 1)) if times[0] > 0 else 0.0
            worst_growth = max(worst_growth, growth)
            cells = " ".join(f"{t:>9.3f}s" for t in times)
            print(f"{name:<16} {stage:<10} {cells}  {ratio:>6.2f}  {growth:>6.2f}")
    print(f"\nlargest time ratio of one doubling (of runs over 0.02 s): {worst:.2f}")
    print(
        f"largest growth per doubling, {sizes[0]:,} to {sizes[-1]:,} characters: {worst_growth:.2f}"
    )


def _timed(stage: Callable[[str], object], text: str) -> float:
    """Processor seconds one run of ``stage`` takes, the collector paused (as ``timeit``)."""
    gc.collect()
    gc.disable()
    try:
        started = time.process_time()
        stage(text)
        return time.process_time() - started
    finally:
        gc.enable()


if __name__ == "__main__":
    main()
