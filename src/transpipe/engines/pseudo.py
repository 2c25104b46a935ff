"""The pseudo engine: a pseudo-translation for rehearsing the whole workflow.

Like Translate Toolkit's ``podebug`` or Okapi's pseudo-translation step, it
needs no model and serves every pair.  Each segment comes back

* with its letters swapped for accented look-alikes (``The`` -> ``Ŧĥé``),
  always the same way, so a reviewer spots untranslated text at a glance and
  rendering of non-ASCII letters is exercised;
* about a third longer, padded with ``~`` inside the brackets, as German or
  Finnish text tends to be, so layouts that break on longer text show it;
* wrapped in ``[`` ... ``]``, so truncation and string concatenation show.

What a translation must keep stays as it is: placeholders ``{n}``, printf
and Python format fields, numbers, URLs, e-mail addresses, HTML tags and
entities, Markdown code spans and link targets.  Every check of
``transpipe check`` therefore passes on pseudo output.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence

from transpipe.core.config import EngineSettings
from transpipe.core.model import ModelInfo
from transpipe.engines import ANY_LANGUAGE, LanguagePair

VERSION = "1"
EXPANSION = 0.35  # share of the source length added (brackets and padding)

_PLAIN = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_ACCENTED = "ÅƁÇÐÉƑĜĤÎĴĶĹṀÑÖÞǪŔŠŦÛṼŴẊÝŽáƀçðéƒĝĥîĵķĺɱñöþǫŕšŧûṽŵẋýž"
_ACCENTS = str.maketrans(_PLAIN, _ACCENTED)

# spans copied unchanged, tried in this order at each position
_KEEP = re.compile(
    r"""
      \{\d+\}                                   # transpipe placeholders
    | \{[A-Za-z_][A-Za-z0-9_]*\}                # {name} format fields
    | %(?:\([A-Za-z_]\w*\))?[-+ #0]*\d*(?:\.\d+)?[sdifgeEGxXoc%]  # printf fields
    | <!--.*?-->                                # HTML comments
    | </?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>  # HTML tags
    | &(?:[A-Za-z][A-Za-z0-9]*|\#\d+|\#x[0-9A-Fa-f]+);  # entities
    | `[^`]*`                                   # code spans
    | \]\([^)\s]*(?:\s+"[^"]*")?\)              # Markdown link targets
    | \]\[[^\]]*\]                              # reference link labels
    | (?:https?|ftp)://[^\s<>"'`)\]]*[^\s<>"'`)\].,;:!?]  # URLs
    | www\.[^\s<>"'`)\]]*[^\s<>"'`)\].,;:!?]
    | (?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}
                                                # e-mail, tried only where a run of address
                                                # characters starts (else quadratic on _a_a_a)
    | \d+(?:[.,]\d+)*                           # numbers
    """,
    re.VERBOSE | re.DOTALL,
)


def pseudo_translate(text: str) -> str:
    """The pseudo-translation of ``text`` (empty or blank text is returned as it is)."""
    if not text.strip():
        return text
    parts: list[str] = []
    pos = 0
    for found in _KEEP.finditer(text):
        parts.append(text[pos : found.start()].translate(_ACCENTS))
        parts.append(found.group(0))
        pos = found.end()
    parts.append(text[pos:].translate(_ACCENTS))
    body = "".join(parts)
    padding = max(1, math.ceil(len(text) * EXPANSION) - 3)  # 3: "[", " " and "]"
    return f"[{body} {'~' * padding}]"


class PseudoEngine:
    """Pseudo-translation into any language; needs nothing installed."""

    name = "pseudo"

    def __init__(self, settings: EngineSettings | None = None) -> None:
        self.settings = settings or EngineSettings(name="pseudo")

    def pairs(self) -> list[LanguagePair]:
        """One wildcard pair: every source into every target."""
        return [LanguagePair(ANY_LANGUAGE, ANY_LANGUAGE, "pseudo", VERSION)]

    def require(self, source: str, target: str) -> ModelInfo:
        return ModelInfo(engine=self.name, name="pseudo", version=VERSION, source=source,
                         target=target)  # fmt: skip

    def translate(
        self,
        texts: Sequence[str],
        source: str,
        target: str,
        progress: Callable[[int], None] | None = None,
    ) -> list[str]:
        """Pseudo-translate every text; the languages do not change the output."""
        results = [pseudo_translate(text) for text in texts]
        if progress is not None:
            progress(len(results))
        return results
