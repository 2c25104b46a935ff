"""Benchmark: transpipe's glossary handling on a real engine (Apertium en->es, en->ca).

Run: python tests/benchmarks/bench_apertium.py [--set tuning|heldout] [--lang es,ca] [--mode enforce]

The data (``tests/data/apertium/*.jsonl``) is original wire-service
English, each sentence with glossary terms, and professional Spanish and
Catalan references written before any engine output was seen.  Every
sentence is translated twice in one run: by raw Apertium, and through
transpipe's ``translate_texts`` with the shipped glossary (default settings:
enforce mode).  Printed per language: corpus chrF (sacrebleu) of both, the
difference with a 95 % paired-bootstrap interval, the share of glossary terms
whose approved equivalent (any accepted one, inflected) is in the output, and
how many sentences transpipe scores more than 5 chrF below raw Apertium.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sacrebleu.metrics import CHRF

from transpipe.commands.machine import translate_texts
from transpipe.core.config import EngineSettings
from transpipe.engines.apertium import ApertiumEngine
from transpipe.terms.enforce import contains_any
from transpipe.terms.glossary import GlossaryIndex
from transpipe.terms.glossary_io import load_glossaries

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "apertium"
SHIPPED = tuple(ROOT / "glossary" / f"{name}.gloss" for name in ("defence", "weapons", "places"))


@dataclass(frozen=True, slots=True)
class Result:
    """One language's figures for raw Apertium and for transpipe."""

    language: str
    sentences: int
    raw_chrf: float
    chrf: float
    low: float  # 95 % paired-bootstrap interval of chrf - raw_chrf
    high: float
    raw_terms: float  # share of glossary terms right, or -1 where the glossary has no equivalents
    terms: float
    worse: int  # sentences more than 5 chrF below raw Apertium
    seconds: float


def load(name: str) -> list[dict[str, object]]:
    with (DATA / f"{name}.jsonl").open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def term_share(
    outputs: Sequence[str], sources: Sequence[str], index: GlossaryIndex, language: str
) -> float:
    """Share of glossary terms in ``sources`` with an accepted equivalent in the output."""
    right = total = 0
    for source, output in zip(sources, outputs):
        seen = set()
        for match in index.find(source):
            accepted = match.concept.equivalents(language)
            if not accepted or match.concept.id in seen:
                continue
            seen.add(match.concept.id)
            total += 1
            right += contains_any(output, accepted)
    return right / total if total else -1.0


def bootstrap(
    refs: Sequence[str], base: Sequence[str], system: Sequence[str], rounds: int = 1000
) -> tuple[float, float]:
    """95 % interval of corpus chrF(system) - chrF(base) over resampled sentences."""
    if rounds <= 0:
        return float("nan"), float("nan")
    metric = CHRF()
    rng = random.Random(13)
    n = len(refs)
    deltas = []
    for _ in range(rounds):
        pick = [rng.randrange(n) for _ in range(n)]
        r = [[refs[i] for i in pick]]
        deltas.append(
            metric.corpus_score([system[i] for i in pick], r).score
            - metric.corpus_score([base[i] for i in pick], r).score
        )
    deltas.sort()
    return deltas[int(0.025 * rounds)], deltas[int(0.975 * rounds) - 1]


def run(
    records: Sequence[dict[str, object]],
    language: str,
    index: GlossaryIndex,
    mode: str = "enforce",
    rounds: int = 1000,
) -> tuple[Result, list[tuple[str, str, str, str, float]]]:
    """Figures for one language, and (source, reference, raw, transpipe, delta) per sentence."""
    engine = ApertiumEngine(EngineSettings(name="apertium"))
    engine.require("en", language)
    sources = [str(r["en"]) for r in records]
    refs = [str(r[language]) for r in records]
    raw = engine.translate(sources, "en", language)
    start = time.perf_counter()
    out = translate_texts(engine, sources, "en", language, index, mode)
    seconds = time.perf_counter() - start
    system = [out[s].machine for s in sources]
    metric = CHRF()
    raw_chrf = metric.corpus_score(raw, [refs]).score
    chrf = metric.corpus_score(system, [refs]).score
    low, high = bootstrap(refs, raw, system, rounds)
    rows = []
    worse = 0
    for source, ref, a, b in zip(sources, refs, raw, system):
        delta = metric.sentence_score(b, [ref]).score - metric.sentence_score(a, [ref]).score
        worse += delta < -5
        rows.append((source, ref, a, b, delta))
    result = Result(
        language,
        len(records),
        raw_chrf,
        chrf,
        low,
        high,
        term_share(raw, sources, index, language),
        term_share(system, sources, index, language),
        worse,
        seconds,
    )
    return result, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=("tuning", "heldout"), default="tuning")
    parser.add_argument("--lang", default="es,ca")
    parser.add_argument("--mode", default="enforce", choices=("enforce", "check"))
    parser.add_argument("--show", type=int, default=5, help="worst sentences to print")
    args = parser.parse_args()
    records = load(args.set)
    index = GlossaryIndex.build(load_glossaries(SHIPPED))
    for language in args.lang.split(","):
        result, rows = run(records, language, index, args.mode)
        terms = (
            f"{result.raw_terms:.1%} -> {result.terms:.1%}"
            if result.terms >= 0
            else "n/a (no equivalents)"
        )
        print(
            f"en->{language} ({args.set}, {result.sentences} sentences, {args.mode}): "
            f"chrF raw {result.raw_chrf:.1f}, transpipe {result.chrf:.1f} "
            f"(diff {result.chrf - result.raw_chrf:+.1f}, 95% CI {result.low:+.1f}..{result.high:+.1f}); "
            f"glossary terms right {terms}; "
            f"sentences >5 chrF below raw: {result.worse}; transpipe time {result.seconds:.1f} s"
        )
        for source, ref, raw, system, delta in sorted(rows, key=lambda r: r[4])[: args.show]:
            print(f"  {delta:+.1f}  {source}\n    raw: {raw}\n    tp:  {system}\n    ref: {ref}")


if __name__ == "__main__":
    main()
