"""The ``normalise`` command: glossary terms found in articles, rewritten on request."""

from __future__ import annotations

import codecs
import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from transpipe.commands.articles import Article, load_index, read_articles, require_english
from transpipe.core.config import Settings
from transpipe.core.errors import (
    ConfigError,
    InputError,
)
from transpipe.core.fileio import (
    atomic_write_bytes,
    read_limited,
)
from transpipe.core.lock import locking
from transpipe.document import MAX_ARTICLE_BYTES, decode_article
from transpipe.terms.normalise import (
    Normalisation,
    apply_changes,
)


@dataclass(frozen=True, slots=True)
class NormaliseResult:
    """Every glossary match in one article and whether the article was rewritten."""

    path: Path
    display: str
    matches: tuple[Normalisation, ...]
    written: bool


@locking("normalise --write", only_if="write")
def normalise(
    inputs: Sequence[str],
    settings: Settings,
    *,
    write: bool = False,
    glossaries: Sequence[Path] = (),
    base: Path | None = None,
) -> list[NormaliseResult]:
    """Find glossary terms in articles; with ``write``, rewrite them normalised (atomically)."""
    require_english(settings, "normalisation")
    index = load_index(settings, glossaries)
    if index is None:
        raise ConfigError(
            "no glossary: the built-in one is left out; set glossaries in transpipe.toml, "
            "pass --glossary FILE or drop --no-builtin-glossary"
        )
    articles = read_articles(inputs, settings, index, base)
    results = []
    for article in articles:
        matches = tuple(m for s in article.sentences for m in s.matches)
        written = False
        if write and any(m.changed for m in matches):
            atomic_write_bytes(article.path, _rewritten(article, matches))
            written = True
        results.append(NormaliseResult(article.path, article.document.path, matches, written))
    return results


def _rewritten(article: Article, matches: Sequence[Normalisation]) -> bytes:
    """The bytes of ``article``'s file with the changed ``matches`` applied, nothing else.

    The matches' offsets index the decoded text (no byte order mark, ``\\n``
    line ends); they are mapped back onto the file as it is on disk, so its
    BOM and every line ending (CRLF, LF, lone CR) stay byte for byte.  The
    file is read again for this; if it no longer decodes to the text that was
    normalised, someone changed it meanwhile and it is left alone.
    """
    shown = article.document.path
    data = read_limited(article.path, shown, MAX_ARTICLE_BYTES, InputError, "article")
    if decode_article(data, shown) != article.text:
        raise InputError(
            "the article changed while it was being normalised; run normalise again",
            path=shown,
        )
    bom = codecs.BOM_UTF8 if data.startswith(codecs.BOM_UTF8) else b""
    raw = data[len(bom) :].decode("utf-8")
    # decoding turned each CRLF into one "\n": a decoded offset moves right by one for
    # every CRLF that ends before it (a lone CR became "\n" in place)
    crlf_at = [m.start() - i for i, m in enumerate(re.finditer("\r\n", raw))]

    def on_disk(offset: int) -> int:
        return offset + bisect_left(crlf_at, offset)

    mapped = [replace(m, start=on_disk(m.start), end=on_disk(m.end)) for m in matches]
    return bom + apply_changes(raw, mapped).encode("utf-8")
