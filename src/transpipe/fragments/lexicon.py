"""Word frequencies of English and 23 other languages, without loading them all.

Fragment detection asks, for each word of an article, how frequent it is in
English and in every other language it knows.  wordfreq answers that, but
importing it and reading 24 word lists costs about 0.65 s per run, more than
the whole of a quick command.  This module answers the same questions, with
the same numbers, from one shipped file (``data/lexicon.bin``) made from
wordfreq's ``small`` lists by ``tests/tools/build_lexicon.py``:

- the file is a JSON header (languages, wordfreq version, shard table) and
  zlib-compressed shards of 500 words each of the sorted word list;
  a lookup reads the file once and inflates only the shards it needs;
- values are wordfreq's own centibel buckets, so a word's frequency is
  computed with wordfreq's arithmetic (tokens combined as ``1/f = Σ 1/fᵢ``,
  three significant digits, Zipf rounded to 0.01) and comes out identical;
- words are tokenized as wordfreq does for the shapes news text has: NFC,
  case folding, ``’`` as ``'``, hyphens splitting tokens, apostrophes kept
  inside a token.  Anything else (French elisions such as ``l'armée``,
  Romanian and Turkish cedillas, combining marks, dots, digits) is passed to
  wordfreq itself, imported only then.

:class:`Lexicons` puts together what fragment detection asks of one word: its
frequency in English and in each other language, Russian and Ukrainian read
in Latin letters included (``data/romanised.bin``, made by
``tests/tools/build_romanised.py``).
"""

from __future__ import annotations

import bisect
import json
import math
import re
import unicodedata
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

LEXICON_DATA = "lexicon.bin"
ROMANISED_DATA = "romanised.bin"
# the Latin-script languages besides English that fragment detection knows
LATIN_LANGUAGES = (
    "de", "fr", "es", "it", "pl", "pt", "nl", "cs", "sk", "ro", "sv", "da", "nb", "fi", "hu",
    "tr", "lt", "lv", "sl", "ca",
)  # fmt: skip
ROMANISED = ("ru", "uk")  # read in Latin letters too (data/romanised.bin)
CYRILLIC_LANGUAGES = ("ru", "uk", "bg")
# the languages of the shipped frequency lexicon (data/lexicon.bin)
LEXICON_LANGUAGES = ("en", *LATIN_LANGUAGES, *CYRILLIC_LANGUAGES)

WORDLIST = "small"
_MAGIC = b"transpipe-lexicon 1\n"
_MINIMUM = 1e-9  # wordfreq's frequency for Zipf 0, returned for unknown words

# a token wordfreq keeps whole: letters, apostrophes between letters
_PLAIN_TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
# wordfreq splits "l'armée", "qu'il", "d'heure" after the apostrophe (its Case 4)
_ELISION = re.compile(r"[^\W\d_]{1,2}'[aeiouyhàâäæçéèêëîïôœùûüÿáíóúý]", re.IGNORECASE)
# letters that wordfreq rewrites for one language only (ro, tr) or that need
# grapheme rules (combining marks); Turkish folds a capital I to ı: such words
# go to wordfreq itself (the detector asks in lower case)
_SPECIAL = re.compile(r"[şţșțŞŢȘȚıIİ\u0300-\u036f]")
# words whose frequencies one Lexicon (or Lexicons) remembers; a long article has fewer
_REMEMBERED = 65536


_SHARD_ROWS = 500


def pack_table(rows: dict[str, str], header: dict[str, Any]) -> bytes:
    """A lookup file of ``rows`` (key -> value, no tabs or newlines) and a JSON ``header``.

    Keys are sorted and cut into zlib-compressed shards of 500 rows, so that a
    lookup inflates one small shard instead of the whole table.
    """
    keys = sorted(rows)
    body = bytearray()
    shards: list[tuple[str, int, int]] = []
    for first in range(0, len(keys), _SHARD_ROWS):
        lines = [f"{key}\t{rows[key]}" for key in keys[first : first + _SHARD_ROWS]]
        blob = zlib.compress("\n".join(lines).encode("utf-8"), 9)
        shards.append((keys[first], len(body), len(blob)))
        body += blob
    head = json.dumps(
        {**header, "shards": shards}, ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    return _MAGIC + head.encode("utf-8") + b"\n" + bytes(body)


class PackedTable:
    """Read side of :func:`pack_table`: ``get(key)`` inflates only the shard it needs."""

    def __init__(self, data: bytes) -> None:
        if not data.startswith(_MAGIC):
            raise ValueError("not a transpipe lexicon file")
        end = data.index(b"\n", len(_MAGIC))
        self.header: dict[str, Any] = json.loads(data[len(_MAGIC) : end])
        shards: list[list[Any]] = self.header.pop("shards")
        self._firsts = [str(s[0]) for s in shards]
        self._spans = [(int(s[1]), int(s[2])) for s in shards]
        self._data = data
        self._body = end + 1
        self._loaded: dict[int, str] = {}

    @classmethod
    def shipped(cls, name: str) -> PackedTable:
        """The table in transpipe's package data file ``name``."""
        return cls(_package_data(name))

    def get(self, key: str) -> str | None:
        """The value stored for ``key``, or None."""
        at = bisect.bisect_right(self._firsts, key) - 1
        if at < 0:
            return None
        shard = self._loaded.get(at)
        if shard is None:
            offset, length = self._spans[at]
            start = self._body + offset
            inflated = zlib.decompress(self._data[start : start + length]).decode("utf-8")
            shard = self._loaded[at] = f"\n{inflated}\n"
        found = shard.find(f"\n{key}\t")
        if found < 0:
            return None
        begin = found + len(key) + 2
        return shard[begin : shard.index("\n", begin)]


class Lexicon:
    """Zipf frequencies of words in the shipped languages, as wordfreq gives them.

    Remembers the frequencies of the last 65,536 words it was asked about for
    as long as it lives: keep one and ask it again rather than read another.
    """

    def __init__(self, data: bytes) -> None:
        self._table = PackedTable(data)
        self.languages: tuple[str, ...] = tuple(self._table.header["languages"])
        self._index = {lang: i for i, lang in enumerate(self.languages)}
        # this instance's memory, not the process's: it goes when the lexicon goes
        self._remembered = lru_cache(maxsize=_REMEMBERED)(self._zipf_all)

    @classmethod
    def shipped(cls) -> Lexicon:
        """The lexicon shipped with transpipe (``data/lexicon.bin``), read now (about 20 ms)."""
        return cls(_package_data(LEXICON_DATA))

    def _buckets(self, token: str) -> dict[int, int]:
        """Centibel bucket of ``token`` per language index (absent: not in the list)."""
        packed = self._table.get(token)
        if not packed:
            return {}
        return {int(i): int(b) for i, _, b in (v.partition(":") for v in packed.split(","))}

    def zipf_all(self, word: str) -> dict[str, float]:
        """Zipf frequency of ``word`` in every language of the lexicon.

        The dictionary is the one remembered for ``word``: read it, do not change it.
        """
        return self._remembered(word)

    def _zipf_all(self, word: str) -> dict[str, float]:
        tokens = _tokens(word)
        if tokens is None:
            return {lang: _wordfreq_zipf(word, lang) for lang in self.languages}
        per_token = [self._buckets(token) for token in tokens]
        out: dict[str, float] = {}
        for lang, index in self._index.items():
            buckets = [found.get(index) for found in per_token]
            out[lang] = _combine(buckets)
        return out

    def zipf(self, word: str, lang: str) -> float:
        """Zipf frequency of ``word`` in ``lang`` (0.0 when unknown)."""
        return self.zipf_all(word)[lang]


def _tokens(word: str) -> list[str] | None:
    """wordfreq's tokens for ``word``, or None where only wordfreq can tell."""
    text = unicodedata.normalize("NFC", word)
    if _SPECIAL.search(text):
        return None
    text = text.casefold().replace("’", "'")
    tokens = text.split("-")
    for token in tokens:
        if not _PLAIN_TOKEN.fullmatch(token) or not all(c < "\u0530" for c in token):
            return None
        if "'" in token and _ELISION.match(token):
            return None
    return tokens


def _combine(buckets: list[int | None]) -> float:
    """wordfreq's ``zipf_frequency`` from the centibel buckets of a word's tokens."""
    if any(b is None for b in buckets):
        return 0.0
    one_over = 0.0
    for bucket in buckets:
        assert bucket is not None
        one_over += 1.0 / (10 ** (-bucket / 100))
    freq = max(1.0 / one_over, _MINIMUM)
    # math.log(x, 10), not log10: the same float operations as wordfreq, same last digit
    leading_zeroes = math.floor(-math.log(freq, 10))  # noqa: FURB163
    return round(math.log(round(freq, leading_zeroes + 3), 10) + 9, 2)  # noqa: FURB163


def _wordfreq_zipf(word: str, lang: str) -> float:
    import wordfreq

    return float(wordfreq.zipf_frequency(word, lang, wordlist=WORDLIST))


def shipped_lexicon() -> Lexicon:
    """A new :class:`Lexicon` read from the shipped file: :meth:`Lexicon.shipped`.

    Each call reads the file again and starts with nothing remembered: call it
    once and pass the lexicon on.
    """
    return Lexicon.shipped()


def _package_data(name: str) -> bytes:
    from importlib.resources import files

    return files("transpipe.fragments").joinpath("data", name).read_bytes()


@dataclass(frozen=True, slots=True)
class WordScores:
    """How frequent one word is (Zipf scale: 0 unknown, 7 "the") in English and elsewhere."""

    english: float
    others: dict[str, float]  # language -> Zipf frequency, for every language but English


def skeleton(word: str) -> str:
    """Collapse romanisation variants (kh/h, ts/c, ya/ia/ja, y/i/j, soft signs) to one key."""
    w = word.lower().replace("'", "").replace("’", "")
    for old, new in (
        ("shch", "sc"), ("sch", "sc"), ("zh", "z"), ("kh", "h"), ("ts", "c"), ("ch", "c"),
        ("sh", "s"), ("yo", "o"), ("ya", "a"), ("ia", "a"), ("ja", "a"), ("yu", "u"), ("iu", "u"),
        ("ju", "u"), ("ye", "e"), ("ie", "e"), ("yi", "i"), ("y", "i"), ("j", "i"), ("ii", "i"),
        ("g", "h"),
    ):  # fmt: skip
        w = w.replace(old, new)
    return w


class Lexicons:
    """What fragment detection asks of a word: how frequent it is in English and in the
    other languages, Russian and Ukrainian read in Latin letters included (Zipf scale).

    Reads the shipped files when first asked (about 20 ms) and remembers the
    scores of the last 65,536 words for as long as it lives.  Make one per run
    and pass it to each :class:`~transpipe.fragments.detect.Detector` and
    :func:`~transpipe.fragments.detect.article_language` call, so that a word is
    looked up once per run, not once per article.
    """

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self._lexicon = lexicon
        self._romanised: PackedTable | None = None
        # this instance's memory, not the process's: it goes when the lexicons go.  Bound
        # here rather than wrapped in a method: detection asks this for every word, often
        # several times, and a wrapper's extra call would cost more than the lookup
        self.scores: Callable[[str], WordScores] = lru_cache(maxsize=_REMEMBERED)(self._scores)
        """English frequency of a word and its frequency in each other language.

        The scores are the ones remembered for the word: read them, do not change them.
        """

    @property
    def lexicon(self) -> Lexicon:
        """The shipped lexicon of every language, read on first use."""
        if self._lexicon is None:
            self._lexicon = Lexicon.shipped()
        return self._lexicon

    def _scores(self, word: str) -> WordScores:
        lower = word.lower()
        zipf = self.lexicon.zipf_all(lower)
        english = zipf["en"]
        others = {lang: zipf[lang] for lang in LATIN_LANGUAGES}
        if lower.isascii():
            if self._romanised is None:
                self._romanised = PackedTable.shipped(ROMANISED_DATA)
            found = self._romanised.get(skeleton(lower))
            values = found.split(",") if found else ["0"] * len(ROMANISED)
            for lang, value in zip(ROMANISED, values):
                others[lang] = float(value)
        return WordScores(english, others)
