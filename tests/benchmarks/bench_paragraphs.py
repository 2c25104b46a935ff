"""Whole paragraphs in another language: how well langdetect finds them, and at what settings.

Run: python tests/benchmarks/bench_paragraphs.py [--set tuning|heldout] [--sweep]

Data: tests/data/paragraphs/{tuning,heldout}.jsonl, original news paragraphs, each
labelled with the language it is written in (``en`` for English paragraphs, many of
them full of foreign names, quoted foreign words and designators).  Only Latin-script
paragraphs are this kind's job (Cyrillic ones are ``foreign-script`` fragments).

For each paragraph the detector is asked, as in an article, whether the paragraph is a
``foreign-paragraph`` fragment; scored:

- precision: reported paragraphs that are really not English;
- recall: foreign paragraphs reported;
- language: reported paragraphs whose language is right;
- false alarms: English paragraphs reported, the figure that matters to a reporter.

``--sweep`` prints the same for a grid of the two settings (letters needed, probability)
on the chosen set: tune on ``tuning`` only, then score ``heldout`` once.
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import dataclass
from pathlib import Path

from transpipe.fragments import language
from transpipe.fragments.detect import Detector
from transpipe.text.scripts import scripts_in

DATA = Path(__file__).resolve().parents[1] / "data" / "paragraphs"


@dataclass(frozen=True, slots=True)
class Paragraph:
    id: str
    text: str
    lang: str


def load(name: str) -> list[Paragraph]:
    rows = (json.loads(line) for line in (DATA / f"{name}.jsonl").read_text("utf-8").splitlines())
    return [Paragraph(r["id"], r["text"], r["lang"]) for r in rows]


def latin(paragraph: Paragraph) -> bool:
    letters = [c for c in paragraph.text if c.isalpha()]
    return sum(scripts_in(c) <= {"latin"} for c in letters) >= 0.8 * len(letters)


@dataclass(slots=True)
class Score:
    reported: int = 0
    right: int = 0  # reported and really foreign
    lang_right: int = 0
    foreign: int = 0
    english: int = 0
    false_alarms: int = 0

    @property
    def precision(self) -> float:
        return self.right / self.reported if self.reported else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.foreign if self.foreign else 1.0

    def line(self) -> str:
        return (
            f"precision {self.precision:.3f} ({self.right}/{self.reported})  "
            f"recall {self.recall:.3f} ({self.right}/{self.foreign})  "
            f"language right {self.lang_right}/{self.right}  "
            f"false alarms {self.false_alarms}/{self.english} English paragraphs"
        )


def score(paragraphs: list[Paragraph], detector: Detector) -> tuple[Score, list[str]]:
    result = Score()
    errors = []
    for p in paragraphs:
        found = [
            f
            for f in detector.detect(p.text, paragraphs=[(0, len(p.text))])
            if f.kind == "foreign-paragraph"
        ]
        foreign = p.lang != "en"
        result.foreign += foreign
        result.english += not foreign
        if found:
            result.reported += 1
            result.right += foreign
            result.lang_right += foreign and found[0].lang == p.lang
            result.false_alarms += not foreign
            if not foreign or found[0].lang != p.lang:
                errors.append(f"  {p.id} ({p.lang}) reported as {found[0].lang} "
                              f"{found[0].confidence}: {p.text[:70]}")  # fmt: skip
        elif foreign:
            errors.append(f"  {p.id} ({p.lang}) missed: {p.text[:70]}")
    return result, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="tuning", choices=("tuning", "heldout"))
    parser.add_argument("--sweep", action="store_true")
    args = parser.parse_args()
    paragraphs = [p for p in load(args.set) if latin(p)]
    print(f"{args.set}: {len(paragraphs)} Latin-script paragraphs, "
          f"{sum(p.lang != 'en' for p in paragraphs)} of them not English")  # fmt: skip
    detector = Detector()
    if args.sweep:
        for letters in (20, 40, 60):
            for probability in (0.8, 0.9, 0.95, 0.99, 0.999):
                language.PARAGRAPH_LETTERS, language.PARAGRAPH_PROBABILITY = letters, probability
                result, _ = score(paragraphs, detector)
                print(f"letters {letters:>2} probability {probability:<5}  {result.line()}")
        return
    started = time.perf_counter()
    result, errors = score(paragraphs, detector)
    took = time.perf_counter() - started
    print(f"letters {language.PARAGRAPH_LETTERS}, probability {language.PARAGRAPH_PROBABILITY}: "
          f"{result.line()}")  # fmt: skip
    print(f"{took / len(paragraphs) * 1000:.1f} ms per paragraph")
    print("\n".join(errors))
    traps = [
        json.loads(line)["text"]
        for path in sorted((DATA.parent / "traps").glob("*.jsonl"))
        for line in path.read_text("utf-8").splitlines()
    ]
    flagged = [
        t for t in traps
        if any(f.kind == "foreign-paragraph" for f in detector.detect(t, paragraphs=[(0, len(t))]))
    ]  # fmt: skip
    print(f"English paragraphs of the trap sets (tests/data/traps) flagged: "
          f"{len(flagged)} of {len(traps)}")  # fmt: skip


if __name__ == "__main__":
    main()
