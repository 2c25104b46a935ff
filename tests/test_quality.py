"""Quality bars on labelled data: normalisation's rewrites, glossary terms on a real engine.

The figures come from the benchmarks in ``tests/benchmarks`` (run them for the
full report): every automatic rewrite of the trap set must be right at least
98 times in 100, with at least 95 % of the legitimate rewrites made; on the
Apertium set, transpipe's default settings must beat raw Apertium by 2 chrF,
get 90 % of glossary terms right and make no more than 3 sentences in 60 more
than 5 chrF worse.
"""

from __future__ import annotations

import pytest

from tests.benchmarks import bench_apertium, bench_traps
from transpipe.terms.glossary import GlossaryIndex
from transpipe.terms.glossary_io import load_glossaries


@pytest.fixture(scope="module")
def shipped() -> GlossaryIndex:
    return GlossaryIndex.build(load_glossaries(bench_traps.SHIPPED))


def test_normalisation_rewrites_are_right_98_times_in_100(shipped: GlossaryIndex) -> None:
    records = bench_traps.load_traps(bench_traps.SETS)
    categories = {str(r["category"]) for r in records}
    assert len(categories) >= 11, categories
    total = bench_traps.score(records, shipped)["all"]
    assert total.labelled >= 300
    assert total.precision >= 0.98, total.false
    assert total.recall >= 0.95, total.missed


@pytest.mark.parametrize("name", bench_traps.SETS)
def test_no_part_of_the_trap_set_falls_far_behind(shipped: GlossaryIndex, name: str) -> None:
    records = bench_traps.load_traps([name])
    assert len(records) >= 90
    total = bench_traps.score(records, shipped)["all"]
    assert total.precision >= 0.98, total.false
    assert total.recall >= 0.92, total.missed


def test_the_trap_set_has_150_paragraphs_over_every_class() -> None:
    records = bench_traps.load_traps(bench_traps.SETS)
    assert len(records) >= 150
    for record in records:
        text = str(record["text"])
        for rewrite in record["rewrites"]:  # type: ignore[attr-defined]
            assert text[rewrite["start"] : rewrite["end"]] == rewrite["text"], record["id"]


@pytest.mark.needs("apertium")
def test_apertium_with_the_glossary_beats_raw_apertium(shipped: GlossaryIndex) -> None:
    result, _ = bench_apertium.run(bench_apertium.load("tuning"), "es", shipped, rounds=0)
    assert result.sentences == 60
    assert result.chrf - result.raw_chrf >= 2.0, result
    assert result.terms >= 0.90, result
    assert result.worse <= 3, result
