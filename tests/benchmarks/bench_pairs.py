"""Two-word foreign phrases: which confirmer measures best.

Run: python tests/benchmarks/bench_pairs.py [--set tuning|heldout]

Data: tests/data/pairs/{tuning,heldout}.jsonl, original English sentences, half with one
stray two-word phrase in another language (labelled span and language), half with
two-word sequences that only look foreign (loanwords, names with particles, English
pairs a word-frequency model confuses with Dutch or Danish).

The lexicon proposes a phrase; for a phrase of exactly two words a confirmer decides.
Compared on the same detector, scoring the ``foreign-language`` kind:

- langdetect: the phrase stands when langdetect (seeded) names the lexicon's language
  among its guesses, or guesses another language the lexicon knows first (transpipe's);
- lexicon alone: every proposed two-word phrase stands;
- none: two-word phrases are dropped.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path

from transpipe.fragments.detect import Detector
from transpipe.terms.glossary import GlossaryIndex
from transpipe.terms.glossary_io import load_glossaries

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "pairs"


def load(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / f"{name}.jsonl").read_text("utf-8").splitlines()]


def score(rows: list[dict], detector: Detector) -> tuple[int, int, int]:
    """True positives, false positives and misses of ``foreign-language`` fragments."""
    tp = fp = fn = 0
    for row in rows:
        found = [f for f in detector.detect(row["text"]) if f.kind == "foreign-language"]
        gold = row["fragments"]
        hit: set[int] = set()
        for f in found:
            match = [i for i, g in enumerate(gold) if g["start"] < f.end and f.start < g["end"]]
            tp += bool(match)
            fp += not match
            hit.update(match)
        fn += len(gold) - len(hit)
    return tp, fp, fn


def confirmers() -> dict[str, Callable[[Detector], None]]:
    def langdetect(d: Detector) -> None:
        pass  # the detector's own

    def lexicon_alone(d: Detector) -> None:
        d._identify = lambda phrase: ["de"]  # type: ignore[method-assign]  # any Latin language

    def none(d: Detector) -> None:
        d._identify = lambda phrase: []  # type: ignore[method-assign]

    return {"langdetect (transpipe)": langdetect, "lexicon alone": lexicon_alone, "none": none}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="tuning", choices=("tuning", "heldout"))
    args = parser.parse_args()
    rows = load(args.set)
    index = GlossaryIndex.build(load_glossaries(sorted((ROOT / "glossary").glob("*.gloss"))))
    labelled = sum(len(r["fragments"]) for r in rows)
    print(f"{args.set}: {len(rows)} sentences, {labelled} two-word foreign phrases")
    for name, setup in confirmers().items():
        detector = Detector(index)
        setup(detector)
        tp, fp, fn = score(rows, detector)
        precision = tp / (tp + fp) if tp + fp else 1.0
        print(f"  {name:<24} precision {precision:.3f} ({tp}/{tp + fp})  "
              f"recall {tp / (tp + fn):.3f} ({tp}/{tp + fn})  false alarms {fp}")  # fmt: skip


if __name__ == "__main__":
    main()
