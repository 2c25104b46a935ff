"""HTML articles: a reader on :mod:`html.parser` with source offsets, and a
renderer that copies everything it does not translate byte for byte.

The standard library's tokenizer reports where each tag, comment and run of
text starts; the text between two events belongs to the first, so every
character of the file is accounted for and untouched regions are copied
from the source (the tokens and element sets are in
:mod:`transpipe.document.html_syntax`, the reading pass in
:mod:`transpipe.document.html_reader`).  What is extracted:

* Running text: a run is the text and inline elements (``a``, ``em``,
  ``strong``, ``b``, ``i``, ``span``, ``br``, ``sup``, ``sub``, ``abbr``,
  ``q``, ``img``, inline ``code`` and the rest of phrasing content) between
  two other tags.  A run with at least one letter is a translatable block,
  split into sentences; its kind comes from the nearest enclosing
  ``title`` or ``h1`` (TITLE for ``title`` and the first ``h1``),
  ``h2``-``h6`` (HEADING), ``li``/``dt``/``dd`` (LIST_ITEM) or
  ``blockquote`` (QUOTE), else PARAGRAPH (``p``, ``td``, ``th``,
  ``figcaption``, ``caption``, text directly in ``div`` ...).
* A sentence's text keeps its inline tags as written (whitespace inside a
  tag folded to one space) so the reviewer sees them; the placeholder
  protection of :mod:`transpipe.document.inline` hides them from the engine.  Text
  has its character references decoded (``&amp;`` is ``&``, ``&nbsp;`` is
  U+00A0, ``&#8212;`` is ``—``) and whitespace runs folded to one space;
  only where a decoded character would read as markup does it stay a
  reference: ``&lt;`` before a letter, ``/``, ``!`` or ``?``, and ``&amp;``
  before something that reads as a reference.
* Never translated: ``script``, ``style``, ``template``, ``pre``,
  ``textarea``, ``svg``, ``math``, comments, declarations, and every element
  with ``translate="no"`` (a ``translate="yes"`` inside one is translated
  again).  Inside a run, ``code``, ``kbd``, ``samp`` and ``translate="no"``
  elements are kept whole as one piece of markup.
* Attributes: ``alt``, ``title``, ``aria-label`` and ``placeholder`` (not
  on ``link``, ``meta``, ``script`` or ``style``) and the ``content`` of
  ``<meta name="description">`` (and ``og:``/``twitter:`` titles and
  descriptions) are sentences of their own, noted
  ``html attribute: <element> <attribute>``; those inside a run come just
  before the sentence holding their tag.
* The ``lang`` value of ``<html>`` (or where it would go) is a LANGUAGE
  block, rendered as the edition's language when one is given.

Blocks tile the file: joined, their ``raw`` texts are the source.  Markup
between translatable pieces is VERBATIM where it fills whole lines and
MARKUP where it shares a line with text, so line-based checks can skip the
whole-line markup without losing text.

Rendering replaces each translated sentence and attribute and copies every
other character of the source: doctype, comments, whitespace, attribute
order and quoting, references in untouched text.  In a translated sentence,
text is escaped (``&``, ``<``, ``>``, U+00A0 as ``&nbsp;``) and each tag
that matches one of the source sentence's tags is copied from the source;
any other tag, comment or element, one the source sentence did not carry,
is escaped as text too, so a translation can add no element or attribute
(``<script>``, ``<img onerror=...>``) to the edition.  An attribute value is
escaped for its quotes (an unquoted value gets double quotes).  A sentence
whose lookup is None, or gives back the sentence itself, keeps its source
bytes.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

from transpipe.core.model import Block, BlockKind, Document, Sentence
from transpipe.document.html_reader import read_blocks
from transpipe.document.html_syntax import (
    OPAQUE_ELEMENTS,
    TAG,
    TEXT,
    VOID_ELEMENTS,
    WHOLE,
    escape_attribute,
    escape_text,
    fold,
    tokenize,
    translate_off,
)
from transpipe.document.text import Lookup

__all__ = ["parse_html", "render_html"]


def parse_html(text: str, path: str) -> Document:
    """Read an HTML article (already decoded, ``\\n`` line ends) into blocks that tile it."""
    blocks = read_blocks(text)
    return Document(
        path=path,
        format="html",
        blocks=tuple(blocks),
        trailing_newline=text.endswith("\n"),
        source=text,
    )


# -- rendering ----------------------------------------------------------------------------


def render_html(doc: Document, lookup: Lookup, language: str | None = None) -> str:
    """Render an HTML document, each sentence and attribute through ``lookup``.

    Every character outside translated sentences and attribute values is
    copied from the source; with a lookup that always returns None the
    output is the source byte for byte.  ``language`` (the edition's) becomes
    the ``lang`` value of ``<html>``.  A translation equal to its source
    sentence keeps the source's bytes too (references stay as written).
    """
    out: list[str] = []
    pos = 0
    for block in doc.blocks:
        if block.kind is BlockKind.LANGUAGE:
            out.append(block.raw if language is None else _language_value(block, language))
        elif block.kind is BlockKind.ATTRIBUTE:
            found = lookup(block.sentences[0].text)
            if found is None or found == block.sentences[0].text:
                out.append(block.raw)
            else:
                out.append(escape_attribute(found, block.prefix))
        elif block.translatable:
            out.append(_render_run(block, pos, lookup))
        else:
            out.append(block.raw)
        pos += len(block.raw)
    return "".join(out)


def _language_value(block: Block, language: str) -> str:
    """The edition's language where the ``lang`` value is (``prefix``: its quote) or goes."""
    if block.prefix in ('"', "'"):
        return escape_attribute(language, block.prefix)
    if block.prefix == "" and re.fullmatch(r"[A-Za-z0-9-]+", language):
        return language  # an unquoted value stays unquoted
    if block.prefix == "":
        return escape_attribute(language, "")
    return block.prefix + escape_attribute(language, "")


def _render_run(block: Block, base: int, lookup: Lookup) -> str:
    """A run of text: translated sentences in place of the source ones, gaps as in the source."""
    texts = [s for s in block.sentences if not s.note]
    attributes = [s for s in block.sentences if s.note]
    found = [lookup(s.text) for s in texts]
    out: list[str] = []
    pos = base
    for sentence, translation in zip(texts, found, strict=True):
        out.append(block.raw[pos - base : sentence.start - base])
        source = block.raw[sentence.start - base : sentence.end - base]
        inside = [a for a in attributes if sentence.start <= a.start < sentence.end]
        if translation is None or translation == sentence.text:
            out.append(_substitute(source, sentence.start, inside, lookup))
        else:
            out.append(_render_translation(translation, source, sentence.start, inside, lookup))
        pos = sentence.end
    out.append(block.raw[pos - base :])
    return "".join(out)


def _substitute(raw: str, base: int, attributes: Iterable[Sentence], lookup: Lookup) -> str:
    """Source markup ``raw`` (at file offset ``base``) with its attribute sentences translated."""
    out: list[str] = []
    pos = 0
    for sentence in sorted(attributes, key=lambda s: s.start):
        found = lookup(sentence.text)
        if found is None or found == sentence.text:
            continue
        a, b = sentence.start - base, sentence.end - base
        quote = raw[a - 1] if a > 0 and raw[a - 1] in "\"'" else ""
        out.append(raw[pos:a])
        out.append(escape_attribute(found, quote))
        pos = b
    out.append(raw[pos:])
    return "".join(out)


def _fragment_items(text: str) -> list[tuple[str, int, int]]:
    """A sentence as text, tags and elements kept whole, with their spans."""
    items: list[tuple[str, int, int]] = []
    whole_from, depth = -1, 0
    for event in tokenize(text):
        if whole_from >= 0:
            if event.kind == "start" and event.tag not in VOID_ELEMENTS:
                depth += 1
            elif event.kind == "end":
                depth -= 1
            if depth <= 0:
                items.append((WHOLE, whole_from, event.end))
                whole_from = -1
            continue
        if (
            event.kind == "start"
            and event.tag not in VOID_ELEMENTS
            and (event.tag in OPAQUE_ELEMENTS or translate_off(event.attrs))
        ):
            whole_from, depth = event.start, 1
        elif event.kind == "data":
            if items and items[-1][0] == TEXT:
                items[-1] = (TEXT, items[-1][1], event.end)
            else:
                items.append((TEXT, event.start, event.end))
        else:
            items.append((TAG, event.start, event.end))
    if whole_from >= 0:
        items.append((WHOLE, whole_from, len(text)))
    return items


def _render_translation(
    translation: str, source: str, base: int, attributes: Sequence[Sentence], lookup: Lookup
) -> str:
    """A translated sentence as HTML: text escaped, tags copied from the source where they match.

    A tag, comment or element kept whole (``code``, ``translate="no"``) of the
    translation that is not one of the source sentence's, as the sentence
    shows it, is escaped like text: a reviewer's or engine's ``<script>`` or
    ``<img onerror=...>`` reaches the edition as visible text.
    """
    by_form: dict[str, list[tuple[int, int]]] = {}
    for kind, a, b in _fragment_items(source):
        if kind != TEXT:
            by_form.setdefault(fold(source[a:b]), []).append((a, b))
    out: list[str] = []
    for kind, a, b in _fragment_items(translation):
        piece = translation[a:b]
        if kind == TEXT:
            out.append(escape_text(html.unescape(piece)))
            continue
        matches = by_form.get(fold(piece))
        if matches:
            sa, sb = matches.pop(0) if len(matches) > 1 else matches[0]
            inside = [s for s in attributes if base + sa <= s.start < base + sb]
            out.append(_substitute(source[sa:sb], base + sa, inside, lookup))
        else:  # markup the source sentence did not have is shown, never run
            out.append(escape_text(piece))
    return "".join(out)
