"""The Unicode tables the PO writer breaks lines with are the generator's, and well formed."""

from __future__ import annotations

import subprocess
import sys
from itertools import pairwise
from pathlib import Path

import pytest

from tests.conftest import TESTS
from tests.tools.make_unicode_tables import CLASSES, PAIRED, TARGET
from transpipe.text import unicode_tables

GENERATOR = TESTS / "tools" / "make_unicode_tables.py"


@pytest.mark.needs("libunistring")
def test_the_committed_tables_are_what_the_generator_writes(tmp_path: Path) -> None:
    written = tmp_path / "unicode_tables.py"
    subprocess.run([sys.executable, str(GENERATOR), str(written)], check=True, capture_output=True)
    assert written.read_bytes() == TARGET.read_bytes(), (
        "run python tests/tools/make_unicode_tables.py"
    )


@pytest.mark.parametrize("name", ["LINE_BREAK", "WIDTH"])
def test_the_runs_start_at_zero_and_rise(name: str) -> None:
    runs = getattr(unicode_tables, name)
    starts, values = runs[0::2], runs[1::2]
    assert len(starts) == len(values) and starts[0] == 0 and starts[-1] <= 0x10FFFF
    assert all(a < b for a, b in pairwise(starts))
    assert all(a != b for a, b in pairwise(values)), "runs must be maximal"


def test_the_classes_and_widths_are_in_range() -> None:
    assert set(unicode_tables.LINE_BREAK[1::2]) <= set(range(len(CLASSES)))
    assert set(unicode_tables.WIDTH[1::2]) <= {-1, 0, 1, 2}
    assert [getattr(unicode_tables, name) for name, _ in CLASSES] == list(range(len(CLASSES)))


def test_the_pair_table_has_a_rule_for_every_pair_of_classes() -> None:
    assert len(unicode_tables.PAIRS) == PAIRED
    assert all(len(row) == PAIRED and set(row) <= set("DIP") for row in unicode_tables.PAIRS)
