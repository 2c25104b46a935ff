"""Benchmark: how often normalisation's automatic rewrites are right, on labelled traps.

Run: python tests/benchmarks/bench_traps.py [--set tuning|heldout|heldout2|heldout3|all] [--glossary FILE ...]

The trap set (``tests/data/traps/*.jsonl``) is original news paragraphs, each
with the rewrites a careful editor would certainly make (usually none) and a
category: deprecated spellings in clear contexts, look-alike letters, and the
traps: quotations, names, titles, abbreviations with other meanings, places
whose old form is right, the two defence ministries, plain English a glossary
might restyle, markup, clean copy.  Every paragraph is normalised with the
shipped glossary; a rewrite (repair, replace or expand) is right when the
labels inside its span, applied, give its text after (the same text, whatever
the span: ``ΝATO summit`` -> ``NATO summit`` agrees with ``ΝATO`` -> ``NATO``).  Prints rewrite precision, legitimate recall,
per-category figures and every false or missed rewrite.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from transpipe.document import read_document
from transpipe.terms.glossary import GlossaryIndex
from transpipe.terms.glossary_io import load_glossaries
from transpipe.terms.normalise import normalise_document

ROOT = Path(__file__).resolve().parents[2]
TRAPS = ROOT / "tests" / "data" / "traps"
# the tuning part, and held-out parts each written after the one before was scored once
SETS = (
    "tuning",
    "heldout",
    "heldout2",
    "heldout3",
    "heldout4",
    "heldout5",
    "heldout6",
    "heldout7",
    "heldout8",
    "heldout9",
)
SHIPPED = tuple(ROOT / "glossary" / f"{name}.gloss" for name in ("defence", "weapons", "places"))


@dataclass(slots=True)
class Tally:
    """Rewrites made, right, and labelled, for one category or all."""

    made: int = 0
    right: int = 0
    labelled: int = 0
    covered: int = 0  # labels that a right rewrite made
    false: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.right / self.made if self.made else 1.0

    @property
    def recall(self) -> float:
        return self.covered / self.labelled if self.labelled else 1.0


def load_traps(names: Iterable[str]) -> list[dict[str, object]]:
    records = []
    for name in names:
        with (TRAPS / f"{name}.jsonl").open(encoding="utf-8") as handle:
            records += [json.loads(line) for line in handle if line.strip()]
    return records


def rewrites(text: str, index: GlossaryIndex) -> list[tuple[int, int, str]]:
    """(start, end, text after) of every change normalisation makes to ``text``."""
    document = read_document(text + "\n", "trap.md")
    out = []
    for sentence in normalise_document(document, text + "\n", index):
        for match in sentence.matches:
            if getattr(match, "changed", match.action not in ("kept", "keep", "suggest")):
                out.append((match.start, match.end, match.replacement))
    return out


def score(records: Sequence[dict[str, object]], index: GlossaryIndex) -> dict[str, Tally]:
    """Tallies by category, and over all records under ``"all"``."""
    tallies: dict[str, Tally] = {"all": Tally()}
    for record in records:
        text = str(record["text"])
        category = str(record["category"])
        labels = {
            (int(r["start"]), int(r["end"]), str(r["replacement"]))
            for r in record["rewrites"]  # type: ignore[attr-defined]
        }
        made = set(rewrites(text, index))
        right, covered = _agreeing(text, made, labels)
        for tally in (tallies["all"], tallies.setdefault(category, Tally())):
            tally.made += len(made)
            tally.right += len(right)
            tally.labelled += len(labels)
            tally.covered += len(covered)
            for start, end, after in sorted(made - right):
                tally.false.append(f"{record['id']}: {text[start:end]!r} -> {after!r}")
            for start, end, after in sorted(labels - covered):
                tally.missed.append(f"{record['id']}: {text[start:end]!r} -> {after!r}")
    return tallies


Rewrite = tuple[int, int, str]


def _agreeing(
    text: str, made: set[Rewrite], labels: set[Rewrite]
) -> tuple[set[Rewrite], set[Rewrite]]:
    """Rewrites that agree with the labels, and the labels they cover.

    A rewrite agrees when the labels inside its span, applied, give its text
    after (``ΝATO summit`` -> ``NATO summit`` where ``ΝATO`` -> ``NATO`` is
    labelled): the text comes out the same, whatever the span.
    """
    right: set[Rewrite] = set()
    covered: set[Rewrite] = set()
    for start, end, after in made:
        inside = sorted(label for label in labels if start <= label[0] and label[1] <= end)
        if not inside:
            continue
        pieces, pos = [], start
        for a, b, new in inside:
            pieces += (text[pos:a], new)
            pos = b
        pieces.append(text[pos:end])
        if "".join(pieces) == after:
            right.add((start, end, after))
            covered.update(inside)
    return right, covered


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=(*SETS, "all"), default="tuning")
    parser.add_argument("--glossary", type=Path, action="append")
    parser.add_argument("--quiet", action="store_true", help="figures only, no examples")
    args = parser.parse_args()
    names = SETS if args.set == "all" else (args.set,)
    records = load_traps(names)
    index = GlossaryIndex.build(load_glossaries(args.glossary or SHIPPED))
    tallies = score(records, index)
    print(f"trap set {args.set}: {len(records)} paragraphs")
    print(f"{'category':<18} {'made':>5} {'right':>5} {'labels':>6} {'precision':>9} {'recall':>6}")
    for name in sorted(tallies, key=lambda n: (n == "all", n)):
        t = tallies[name]
        print(
            f"{name:<18} {t.made:>5} {t.right:>5} {t.labelled:>6} "
            f"{t.precision:>9.3f} {t.recall:>6.3f}"
        )
    total = tallies["all"]
    if not args.quiet:
        print("\nfalse rewrites:")
        print("\n".join(f"  {line}" for line in total.false) or "  none")
        print("missed rewrites:")
        print("\n".join(f"  {line}" for line in total.missed) or "  none")
    print(f"\nrewrite precision {total.precision:.3f}, legitimate recall {total.recall:.3f}")


if __name__ == "__main__":
    main()
