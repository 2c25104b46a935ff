"""Rebuild src/transpipe/fragments/data/lexicon.bin from wordfreq's word lists (deterministic).

Run: python tests/tools/build_lexicon.py
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from transpipe.fragments.lexicon import LEXICON_DATA, LEXICON_LANGUAGES, WORDLIST, pack_table

TARGET = (
    Path(__file__).resolve().parents[2] / "src" / "transpipe" / "fragments" / "data" / LEXICON_DATA
)


def build_lexicon(languages: Sequence[str]) -> bytes:
    """The lexicon file for ``languages``, from wordfreq's ``small`` word lists.

    Each word's value lists ``language-index:centibel-bucket`` pairs.
    Deterministic for one wordfreq version; the version is stored in the header.
    """
    from importlib.metadata import version

    import wordfreq

    values: dict[str, list[str]] = {}
    for index, lang in enumerate(languages):
        for bucket, words in enumerate(wordfreq.get_frequency_list(lang, WORDLIST)):
            for word in words:
                values.setdefault(word, []).append(f"{index}:{bucket}")
    header = {"wordfreq": version("wordfreq"), "wordlist": WORDLIST, "languages": list(languages)}
    return pack_table({word: ",".join(v) for word, v in values.items()}, header)


def build_bytes() -> bytes:
    return build_lexicon(LEXICON_LANGUAGES)


if __name__ == "__main__":
    TARGET.write_bytes(build_bytes())
    print(f"wrote {TARGET} ({TARGET.stat().st_size:,} bytes)")
