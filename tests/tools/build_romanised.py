"""Rebuild src/transpipe/fragments/data/romanised.bin from wordfreq (deterministic).

Run: python tests/tools/build_romanised.py
"""

from __future__ import annotations

import math
from pathlib import Path

from transpipe.fragments.lexicon import ROMANISED, ROMANISED_DATA, pack_table, skeleton
from transpipe.text.scripts import transliterate

TARGET = (
    Path(__file__).resolve().parents[2]
    / "src"
    / "transpipe"
    / "fragments"
    / "data"
    / ROMANISED_DATA
)


def build_romanised_table(top: int = 30000) -> bytes:
    """The romanised Russian and Ukrainian lexicon: skeleton key -> ``"ru,uk"`` Zipf values.

    Made from wordfreq's most frequent Cyrillic words, romanised and collapsed
    with :func:`skeleton`; shipped as package data (a :func:`pack_table`
    file) because romanising 60,000 words at every start would take seconds.
    """
    import wordfreq

    tables: dict[str, dict[str, float]] = {}
    for lang in ROMANISED:
        frequencies = wordfreq.get_frequency_dict(lang, wordlist="small")
        table: dict[str, float] = {}
        for word in wordfreq.top_n_list(lang, top, wordlist="small"):
            key = skeleton(transliterate(word))
            if key and key.isascii() and key not in table:
                table[key] = round(math.log10(frequencies[word]) + 9, 2)
        tables[lang] = table
    keys = set().union(*tables.values())
    rows = {key: ",".join(f"{tables[lang].get(key, 0.0):g}" for lang in ROMANISED) for key in keys}
    return pack_table(rows, {"languages": list(ROMANISED), "top": top})


def build_bytes() -> bytes:
    return build_romanised_table()


if __name__ == "__main__":
    TARGET.write_bytes(build_bytes())
    print(f"wrote {TARGET} ({TARGET.stat().st_size:,} bytes)")
