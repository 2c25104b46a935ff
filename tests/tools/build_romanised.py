"""Rebuild src/transpipe/fragments/data/romanised.bin from wordfreq (deterministic).

Run: python tests/tools/build_romanised.py
"""

from __future__ import annotations

from pathlib import Path

from transpipe.fragments.lexicon import ROMANISED_DATA, build_romanised_table

TARGET = (
    Path(__file__).resolve().parents[2]
    / "src"
    / "transpipe"
    / "fragments"
    / "data"
    / ROMANISED_DATA
)


def build_bytes() -> bytes:
    return build_romanised_table()


if __name__ == "__main__":
    TARGET.write_bytes(build_bytes())
    print(f"wrote {TARGET} ({TARGET.stat().st_size:,} bytes)")
