"""Degenerate machine translations, told from their source: pure functions.

Neural models fail in a few known ways, and :func:`degeneracy` names the
first that an output shows, in this order (``""`` when none):

- ``placeholders``: a ``{n}`` placeholder of the source is missing from the
  output, or written there more often than in the source.
- ``repetition``: a word n-gram (n = 1..4) repeated :data:`LOOP_REPEATS` times
  or more in a row ("the the the"), or any word 3-gram occurring more than
  twice; for text without spaces (Chinese, Japanese, Thai), a run of 1 to 8
  characters repeated :data:`CHAR_LOOP_REPEATS` times or more in a row.
- ``length``: for a source of :data:`LENGTH_MIN_SOURCE` characters or more,
  an output shorter than :data:`LENGTH_BAND` ``[0]`` or longer than
  :data:`LENGTH_BAND` ``[1]`` times the source, in characters.
- ``copy``: the output is the source again (spaces folded, case kept) for a
  source of :data:`COPY_MIN_WORDS` words or more with letters, between two
  different languages.  Case is kept: a model that gives up copies the source
  as it is, while a translation may differ from it only in case (a name in
  capitals, the uppercase test models).
- ``language``: for a target langdetect knows and an output with
  :data:`LANGUAGE_MIN_LETTERS` letters or more, langdetect (seeded, so one
  text always gives one answer) names another language with probability
  :data:`LANGUAGE_PROBABILITY` or more.

langdetect is imported only when a text is long enough to ask it.
"""

from __future__ import annotations

import re
from collections import Counter

__all__ = ["REASONS", "degeneracy", "prefer_retry", "repeated_ngram"]

REASONS = ("placeholders", "repetition", "length", "copy", "language")

LOOP_REPEATS = 3  # "the the the": a word n-gram this many times in a row is a loop
MAX_LOOP_NGRAM = 4
NGRAM_MAX_COUNT = 2  # a word 3-gram more often than this anywhere is a loop
CHAR_LOOP_REPEATS = 4  # unspaced scripts: a run of up to 8 characters this many times in a row
# Output/source length in characters.  Between European languages a sentence
# grows or shrinks by well under a factor of two (German and French run about
# 1.1-1.3 times English, Chinese and Japanese about 0.3-0.5), so a third of
# the source means a dropped clause or sentence, three times a run-on.
LENGTH_BAND = (0.3, 3.0)
LENGTH_MIN_SOURCE = 20  # shorter sources (a heading, a name) vary too much
COPY_MIN_WORDS = 3  # one or two words (a name, a number) may rightly stay as they are
LANGUAGE_MIN_LETTERS = 40  # langdetect is unreliable on less
LANGUAGE_PROBABILITY = 0.9

_PLACEHOLDER = re.compile(r"\{\d+\}")
_WORD = re.compile(r"\S+")
_EDGES = re.compile(r"^\W+|\W+$")
_CHAR_LOOP = re.compile(rf"(.{{1,8}}?)\1{{{CHAR_LOOP_REPEATS - 1},}}", re.DOTALL)


def degeneracy(source: str, output: str, target: str, source_language: str = "") -> str:
    """The first reason ``output`` is a degenerate translation of ``source``, or ``""``.

    ``target`` is the output's language code; ``source_language``, when given
    and equal to ``target``, turns the copy check off (a same-language pass
    may rightly give the text back).  An empty output of an empty source is
    fine; the reasons are those of :data:`REASONS`, checked in that order.
    """
    if not output.strip():
        return "length" if source.strip() else ""
    if Counter(_PLACEHOLDER.findall(source)) != Counter(_PLACEHOLDER.findall(output)):
        return "placeholders"
    if repeated_ngram(output):
        return "repetition"
    ratio = len(output) / max(1, len(source))
    if len(source) >= LENGTH_MIN_SOURCE and not LENGTH_BAND[0] <= ratio <= LENGTH_BAND[1]:
        return "length"
    if source_language != target and _is_copy(source, output):
        return "copy"
    if _wrong_language(output, target):
        return "language"
    return ""


def repeated_ngram(text: str) -> bool:
    """Whether ``text`` loops: see ``repetition`` in the module docstring."""
    # words without the punctuation around them: "shot, shot, shot." loops
    words = [bare for w in _WORD.findall(text) if (bare := _EDGES.sub("", w.casefold()))]
    for n in range(1, MAX_LOOP_NGRAM + 1):
        for start in range(len(words) - n * LOOP_REPEATS + 1):
            gram = words[start : start + n]
            if all(words[start + k * n : start + (k + 1) * n] == gram for k in range(LOOP_REPEATS)):
                return True
    trigrams = Counter(tuple(words[i : i + 3]) for i in range(len(words) - 2))
    if trigrams and max(trigrams.values()) > NGRAM_MAX_COUNT:
        return True
    # scripts without spaces: a loop hides inside one long "word" (of letters: not 1000000)
    return any(
        any(c.isalpha() for c in m.group(1))
        for w in words
        if len(w) >= 8
        for m in _CHAR_LOOP.finditer(w)
    )


def _is_copy(source: str, output: str) -> bool:
    words = _WORD.findall(source)
    if len(words) < COPY_MIN_WORDS or not any(c.isalpha() for c in source):
        return False
    return words == _WORD.findall(output)


def _wrong_language(output: str, target: str) -> bool:
    if sum(c.isalpha() for c in output) < LANGUAGE_MIN_LETTERS:
        return False
    code = target.split("-")[0].lower()
    if not _langdetect_knows(code):
        return False
    for lang, probability in _detect(output):
        base = lang.split("-")[0]
        if probability >= LANGUAGE_PROBABILITY and base != code:
            return True
    return False


def _langdetect_knows(code: str) -> bool:
    """Whether langdetect has a profile for language ``code`` (``zh``: ``zh-cn``, ``zh-tw``)."""
    from pathlib import Path

    import langdetect

    profiles = Path(langdetect.__file__).parent / "profiles"
    return any((profiles / name).is_file() for name in (code, f"{code}-cn", f"{code}-tw"))


def _detect(text: str) -> list[tuple[str, float]]:
    """langdetect's guesses for ``text``, seeded; none when it finds no features."""
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    try:
        return [(str(g.lang), float(g.prob)) for g in detect_langs(text)]
    except LangDetectException:
        return []


def prefer_retry(first: float | None, retry: float | None, reason: str, retry_reason: str) -> bool:
    """Whether a segment's retry replaces its first output, degenerate for ``reason``.

    The retry wins when it is no longer degenerate (``retry_reason`` empty),
    except for ``language``: blocking repeats does not change a model's
    language, it only forces other tokens in, and langdetect may then miss the
    language of what is left; such a retry must also score at least as well.
    When the retry is degenerate too, it wins only with a strictly better
    score (a tie, or a missing score, keeps the first).
    """
    if first is None or retry is None:
        return not retry_reason and reason != "language"
    if not retry_reason:
        return reason != "language" or retry >= first
    return retry > first
