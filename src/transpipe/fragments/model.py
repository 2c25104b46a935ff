"""What the fragment finders share: the fragment record, its kinds, and how they read words.

Every finder (:mod:`~transpipe.fragments.script_runs`,
:mod:`~transpipe.fragments.language` and :mod:`~transpipe.fragments.detect`)
reads the article's words with :data:`WORD`, strips a possessive with
:func:`bare` and numbers lines with :class:`Lines`, so that one word is one
word to all of them.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal, get_args

# the kinds of fragment, in the order they are looked for; the names are written to JSON
# reports and catalogue comments
FragmentKind = Literal[
    "homoglyph", "mixed-script", "foreign-script", "foreign-language", "foreign-paragraph"
]
KINDS: tuple[FragmentKind, ...] = get_args(FragmentKind)

# a back-translator: texts in one language (its code) -> English texts, or None when it has none
BackTranslate = Callable[[Sequence[str], str], list[str] | None]

# a word: letters first, then letters, digits and combining marks, joined by - ' ’ or .
WORD = re.compile(r"[^\W\d_][\w\u0300-\u036f]*(?:[-'’.][\w\u0300-\u036f]+)*")


@dataclass(frozen=True, slots=True)
class Fragment:
    """A stray foreign fragment; offsets index the decoded file text."""

    start: int
    end: int
    line: int
    text: str
    kind: FragmentKind
    lang: str | None
    confidence: float
    suggestion: str | None


class Lines:
    """1-based line numbers of offsets in one text, by binary search over its newlines."""

    __slots__ = ("_newlines",)

    def __init__(self, text: str) -> None:
        self._newlines = [found.start() for found in re.finditer("\n", text)]

    def of(self, offset: int) -> int:
        """The line ``offset`` is on."""
        return bisect.bisect_left(self._newlines, offset) + 1


def bare(token: str) -> str:
    """``token`` without a possessive ``'s`` (``NATO’s``: ``NATO``)."""
    return re.sub(r"['’]s$", "", token)
