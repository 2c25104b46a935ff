"""Rebuild src/transpipe/fragments/data/lexicon.bin from wordfreq's word lists (deterministic).

Run: python tests/tools/build_lexicon.py
"""

from __future__ import annotations

from pathlib import Path

from transpipe.fragments.lexicon import LEXICON_DATA, LEXICON_LANGUAGES, build_lexicon

TARGET = (
    Path(__file__).resolve().parents[2] / "src" / "transpipe" / "fragments" / "data" / LEXICON_DATA
)


def build_bytes() -> bytes:
    return build_lexicon(LEXICON_LANGUAGES)


if __name__ == "__main__":
    TARGET.write_bytes(build_bytes())
    print(f"wrote {TARGET} ({TARGET.stat().st_size:,} bytes)")
