"""Compare stray-fragment finders on the labelled data set.

Run: python tests/benchmarks/bench_language_id.py [tests/data/fragments/labelled.jsonl ...]
(lingua is optional: pip install lingua-language-detector)

Finders compared, each scored per kind (precision, recall; a prediction counts
when its kind matches and its span overlaps a labelled span):

- a bare regex for Cyrillic tokens (all of them reported as foreign-script);
- langdetect alone over clauses (seeded), any clause not identified as English
  reported as foreign-language;
- lingua alone over clauses, the same way, if installed;
- transpipe's detector.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

from transpipe.fragments.detect import KINDS, Detector
from transpipe.terms.glossary import GlossaryIndex
from transpipe.terms.glossary_io import load_glossaries

Span = tuple[int, int, str]
CLAUSE = re.compile(r"[^.;:!?,“”\"‘’()]+")


def cyrillic_regex(text: str) -> list[Span]:
    return [(m.start(), m.end(), "foreign-script") for m in re.finditer(r"\w*[Ѐ-ӿ]\w*", text)]


def clause_finder(identify: Callable[[str], str | None]) -> Callable[[str], list[Span]]:
    def find(text: str) -> list[Span]:
        spans = []
        for m in CLAUSE.finditer(text):
            clause = m.group().strip()
            if len(clause.split()) < 2 or not re.search(r"[A-Za-z]", clause):
                continue
            lang = identify(clause)
            if lang is not None and lang != "en":
                spans.append((m.start(), m.end(), "foreign-language"))
        return spans

    return find


def langdetect_identify(clause: str) -> str | None:
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    try:
        return str(detect(clause))
    except LangDetectException:
        return None


def lingua_identifier() -> Callable[[str], str | None] | None:
    try:
        from lingua import Language, LanguageDetectorBuilder
    except ImportError:
        return None
    names = ["ENGLISH", "GERMAN", "FRENCH", "SPANISH", "ITALIAN", "POLISH", "PORTUGUESE",
             "DUTCH", "CZECH", "SLOVAK", "ROMANIAN", "SWEDISH"]  # fmt: skip
    detector = LanguageDetectorBuilder.from_languages(
        *(getattr(Language, n) for n in names)
    ).build()

    def identify(clause: str) -> str | None:
        lang = detector.detect_language_of(clause)
        return None if lang is None else lang.iso_code_639_1.name.lower()

    return identify


def score(
    rows: list[dict], find: Callable[[str], list[Span]]
) -> dict[str, tuple[float | None, float | None]]:
    counts = {k: [0, 0, 0] for k in KINDS}
    for row in rows:
        pred = find(row["text"])
        gold = row["fragments"]
        hit_gold: set[int] = set()
        for start, end, kind in pred:
            hits = [i for i, g in enumerate(gold)
                    if g["kind"] == kind and g["start"] < end and start < g["end"]]  # fmt: skip
            counts[kind][0 if hits else 1] += 1
            hit_gold.update(hits)
        for i, g in enumerate(gold):
            if i not in hit_gold:
                counts[g["kind"]][2] += 1
    return {
        k: (tp / (tp + fp) if tp + fp else None, tp / (tp + fn) if tp + fn else None)
        for k, (tp, fp, fn) in counts.items()
    }


def _pct(value: float | None) -> str:
    return "  - " if value is None else f"{value:.2f}"


def main() -> None:
    files = [Path(a) for a in sys.argv[1:]] or [Path("tests/data/fragments/labelled.jsonl")]
    rows = [json.loads(line) for f in files for line in f.read_text(encoding="utf-8").splitlines()]
    glossary = load_glossaries(sorted(Path("glossary").glob("*.gloss")))
    detector = Detector(GlossaryIndex.build(glossary))
    finders: dict[str, Callable[[str], list[Span]]] = {
        "cyrillic regex": cyrillic_regex,
        "langdetect over clauses": clause_finder(langdetect_identify),
    }
    lingua = lingua_identifier()
    if lingua is not None:
        finders["lingua over clauses"] = clause_finder(lingua)
    finders["transpipe detect"] = lambda t: [(f.start, f.end, f.kind) for f in detector.detect(t)]
    if lingua is not None:
        with_lingua = Detector(detector.index)
        with_lingua._identify = lingua  # type: ignore[method-assign]
        finders["detect, lingua confirms"] = lambda t: [
            (f.start, f.end, f.kind) for f in with_lingua.detect(t)
        ]
    print(f"{len(rows)} paragraphs, {sum(len(r['fragments']) for r in rows)} fragments")
    for name, find in finders.items():
        began = time.perf_counter()
        result = score(rows, find)
        took = time.perf_counter() - began
        parts = "  ".join(f"{k} P={_pct(p)} R={_pct(r)}" for k, (p, r) in result.items())
        print(f"{name:24} {took:5.2f}s  {parts}")


if __name__ == "__main__":
    main()
