"""Which language a paragraph or a whole article is in.

- A paragraph is a ``foreign-paragraph`` fragment when it is in Latin script,
  its lower-case words are not mostly plainly English (the shipped lexicon:
  langdetect calls "met on to discuss radar deliveries" Dutch), and
  langdetect (seeded) names another language than the article's with at least
  :data:`PARAGRAPH_PROBABILITY` from at least :data:`PARAGRAPH_LETTERS`
  letters.  Its confidence is langdetect's probability.
- An article's language (:func:`article_language`) is English when half or
  more of its lower-case words are plainly English, with that share as the
  confidence; otherwise langdetect's, with its probability.

Names tell nothing of a language, so only lower-case words are weighed.
langdetect is imported only when it is asked: it takes longer to load than
the rest of a quick command.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from transpipe.core.model import BlockKind, Document
from transpipe.fragments.lexicon import Lexicons
from transpipe.fragments.model import WORD, Fragment, Lines, bare
from transpipe.terms.glossary import SpanSet
from transpipe.text.scripts import scripts_in

# langdetect on a paragraph: letters it needs, and the probability that reports it as foreign
# (tuned on tests/data/paragraphs/tuning.jsonl: tests/benchmarks/bench_paragraphs.py)
PARAGRAPH_LETTERS = 20  # of lower-case words: names do not count
PARAGRAPH_PROBABILITY = 0.95
# a paragraph whose lower-case words are this share plainly English (the shipped lexicon) is
# English, whatever langdetect says of it ("met on to discuss radar deliveries": Dutch)
PARAGRAPH_ENGLISH = 0.5
ARTICLE_LETTERS = 100  # of lower-case words: less is too little to name an article's language
# the blocks of running text: each is identified as a whole
PROSE = (BlockKind.PARAGRAPH, BlockKind.QUOTE, BlockKind.LIST_ITEM)


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """A language langdetect names for a text, and its probability."""

    lang: str
    probability: float


def paragraph_fragments(
    text: str,
    paragraphs: Iterable[tuple[int, int]],
    excluded: SpanSet,
    source: str,
    lines: Lines,
    *,
    seed: int,
    lexicons: Lexicons,
) -> list[Fragment]:
    """The ``paragraphs`` spans of ``text`` that are in another language than ``source``.

    Words inside ``excluded`` spans are not read.
    """
    out = []
    for start, end in paragraphs:
        words = [m for m in WORD.finditer(text, start, end) if not excluded.overlaps(*m.span())]
        latin = sum(1 for w in words if scripts_in(w.group()) <= {"latin"})
        if not words or latin < 0.8 * len(words):
            continue  # other scripts are the foreign-script kind's
        # names tell nothing of a paragraph's language: only lower-case words are weighed
        common = [w for w in words if w.group()[:1].islower()]
        if source == "en" and english_share(common, lexicons) >= PARAGRAPH_ENGLISH:
            continue  # most of its words are plainly English: langdetect's guess is wrong
        joined = " ".join(w.group() for w in common)
        found = identify_language(joined, seed, letters=PARAGRAPH_LETTERS)
        if found is None:
            continue
        lang, probability = found.lang, found.probability
        if lang != source and probability >= PARAGRAPH_PROBABILITY:
            out.append(
                Fragment(start, end, lines.of(start), text[start:end], "foreign-paragraph",
                         lang, round(probability, 2), None)
            )  # fmt: skip
    return out


def english_share(words: Sequence[re.Match[str]], lex: Lexicons) -> float:
    """The share of ``words`` the lexicons call plainly English (0 for no words)."""
    if not words:
        return 0.0
    english = 0
    for word in words:
        scores = lex.scores(bare(word.group()))
        best = max(scores.others.values(), default=0.0)
        english += scores.english >= 3.0 and scores.english >= best - 0.5
    return english / len(words)


def _langdetect(text: str, seed: int) -> list[LanguageGuess]:
    """langdetect's (seeded) guesses for ``text`` with their probabilities, most probable
    first; none when it finds no features.  Imported here: it is slow to load."""
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = seed
    try:
        return [LanguageGuess(str(guess.lang), float(guess.prob)) for guess in detect_langs(text)]
    except LangDetectException:
        return []


def language_guesses(text: str, seed: int = 0) -> list[str]:
    """Every language langdetect (seeded) thinks ``text`` may be in, most probable first."""
    if not any(c.isalpha() for c in text):
        return []
    return [guess.lang for guess in _langdetect(text, seed)]


def identify_language(
    text: str, seed: int = 0, *, letters: int = PARAGRAPH_LETTERS
) -> LanguageGuess | None:
    """langdetect's most probable language of ``text`` and its probability.

    None when ``text`` has fewer than ``letters`` letters (too little to tell)
    or langdetect finds no features.  Seeded, so one text always gives one
    answer.  langdetect names Chinese ``zh-cn``/``zh-tw``; the region is kept.
    """
    if sum(c.isalpha() for c in text) < letters:
        return None
    guesses = _langdetect(text, seed)
    return guesses[0] if guesses else None


def article_language(
    document: Document, text: str, seed: int = 0, *, lexicons: Lexicons | None = None
) -> LanguageGuess | None:
    """The language of a whole article's prose, and how sure that is.

    Only lower-case words of paragraphs, quotations, list items and headings
    are weighed (names tell nothing); None when they have fewer than
    :data:`ARTICLE_LETTERS` letters.  When half or more of them are words the
    lexicon calls plainly English, the article is English, with that share as
    its confidence, and langdetect is not asked (nor loaded: it takes longer
    to load than the rest of a quick command).  Otherwise langdetect (seeded)
    names the language, with its probability.

    Pass the run's ``lexicons`` (a detector's, say): without them, new ones
    are read for this call alone (about 20 ms, and every word looked up anew).
    """
    words = [
        w
        for block in document.blocks
        if block.kind in (*PROSE, BlockKind.HEADING, BlockKind.TITLE)
        for sentence in block.sentences
        for w in WORD.finditer(text, sentence.start, sentence.end)
        if w.group()[:1].islower() and scripts_in(w.group()) <= {"latin", "cyrillic", "greek"}
    ]
    if sum(c.isalpha() for w in words for c in w.group()) < ARTICLE_LETTERS:
        return None
    share = english_share(words, lexicons if lexicons is not None else Lexicons())
    if share >= 0.5:
        return LanguageGuess("en", round(share, 2))
    return identify_language(" ".join(w.group() for w in words), seed, letters=ARTICLE_LETTERS)
