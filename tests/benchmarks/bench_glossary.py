"""Benchmark: match a 5,000-word article against a 100,000-concept glossary.

Run: python tests/benchmarks/bench_glossary.py [--concepts 100000] [--words 5000]

The glossary is synthetic (deterministic, seeded): multi-word terms, variants
and deprecated forms drawn from a 20,000-word pseudo-vocabulary, plus case-
sensitive abbreviations; the article mixes ordinary words with ~300 of those
terms in possessive and plural forms.  Prints the index build time and the
best-of-five matching time, and the matching time as a share of one second.
"""

from __future__ import annotations

import argparse
import random
import time

from transpipe.terms.glossary import Concept, Glossary, GlossaryIndex


def pseudo_words(rng: random.Random, count: int) -> list[str]:
    letters = "abcdefghiklmnoprstuvwy"
    words: set[str] = set()
    while len(words) < count:
        words.add("".join(rng.choice(letters) for _ in range(rng.randint(4, 10))))
    return sorted(words)


def build(concepts: int, words: int, seed: int = 7) -> tuple[Glossary, str]:
    rng = random.Random(seed)
    vocab = pseudo_words(rng, 20_000)
    items = []
    terms = []
    for i in range(concepts):
        term = " ".join(rng.choice(vocab) for _ in range(rng.randint(1, 4)))
        terms.append(term)
        items.append(
            Concept(
                id=f"c{i}",
                term=term,
                abbreviations=(f"X{i}Q",) if i % 5 == 0 else (),
                variants=(term.replace(" ", "-"),) if i % 3 == 0 else (),
                deprecated=(term + " " + rng.choice(vocab),) if i % 7 == 0 else (),
                case_sensitive=i % 5 == 0,
                note="synthetic",
                targets=(("de", (term.upper(),)),),
            )
        )
    out: list[str] = []
    while len(out) < words:
        if rng.random() < 0.06:
            term = rng.choice(terms)
            suffix = rng.choice(["", "'s", "s", ""])
            out.extend((term + suffix).split())
        else:
            out.append(rng.choice(vocab))
        if rng.random() < 0.07:
            out[-1] += "."
    return Glossary(tuple(items)), " ".join(out[:words])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concepts", type=int, default=100_000)
    parser.add_argument("--words", type=int, default=5_000)
    args = parser.parse_args()
    glossary, article = build(args.concepts, args.words)
    forms = sum(1 for c in glossary.concepts for _ in c.forms())
    start = time.perf_counter()
    index = GlossaryIndex.build(glossary)
    built = time.perf_counter() - start
    timings = []
    matches = []
    for _ in range(5):
        start = time.perf_counter()
        matches = index.find(article)
        timings.append(time.perf_counter() - start)
    best = min(timings)
    print(f"glossary: {len(glossary):,} concepts, {forms:,} forms; article: {args.words:,} words")
    print(f"index build: {built:.2f} s (once per run)")
    print(f"matching: best {best * 1000:.1f} ms of 5 runs, {len(matches)} matches")
    print(f"matching time / 1 s budget: {best:.3f}")


if __name__ == "__main__":
    main()
