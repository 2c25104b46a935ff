"""HTML articles: a reader on :mod:`html.parser` with source offsets, and a
renderer that copies everything it does not translate byte for byte.

The standard library's tokenizer reports where each tag, comment and run of
text starts; the text between two events belongs to the first, so every
character of the file is accounted for and untouched regions are copied
from the source.  What is extracted:

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
from dataclasses import dataclass
from html.parser import HTMLParser

from transpipe.core.model import Block, BlockKind, Document, Sentence
from transpipe.core.notes import AttributeNote, format_attribute_note
from transpipe.document.segment import split_sentences
from transpipe.document.text import Lookup

__all__ = ["parse_html", "render_html"]

_WHITESPACE = " \t\n\r\f"
_INLINE = frozenset(
    {
        "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "br", "cite", "code", "data", "del",
        "dfn", "em", "font", "i", "img", "ins", "kbd", "label", "mark", "nobr", "q", "rp", "rt",
        "ruby", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u",
        "var", "wbr",
    }
)  # fmt: skip
_VOID = frozenset(
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta",
        "param", "source", "track", "wbr",
    }
)  # fmt: skip
# content never translated, wherever the element is
_SKIPPED = frozenset({"script", "style", "template", "pre", "textarea", "svg", "math"})
# inline elements kept whole inside a run
_OPAQUE = frozenset({"code", "kbd", "samp", "script", "style", "template"})
_TEXT_ATTRIBUTES = frozenset({"alt", "title", "aria-label", "placeholder"})
_NO_TEXT_ATTRIBUTES = frozenset({"link", "meta", "script", "style", "html", "head", "base"})
_META_NAMES = frozenset(
    {"description", "og:title", "og:description", "twitter:title", "twitter:description"}
)
_HEADINGS = {"h2", "h3", "h4", "h5", "h6"}
_LIST_ITEMS = {"li", "dt", "dd"}
_CLOSES_P = frozenset(
    {
        "address", "article", "aside", "blockquote", "details", "dialog", "div", "dl",
        "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
        "header", "hgroup", "hr", "main", "menu", "nav", "ol", "p", "pre", "search", "section",
        "table", "ul",
    }
)  # fmt: skip
_REFERENCE = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;?)")
_SPACE_RUN = re.compile(r"[ \t\n\r\f]+")

# an item of a run: what it is, and its span in the text it came from
_TEXT, _TAG, _WHOLE = "text", "tag", "whole"


@dataclass(frozen=True, slots=True)
class _Event:
    """One token of the tokenizer and the span of the source it covers."""

    kind: str  # "start", "startend", "end", "data", "comment" or "other"
    start: int
    end: int
    tag: str = ""
    attrs: tuple[tuple[str, str | None], ...] = ()


@dataclass(frozen=True, slots=True)
class _Attribute:
    """An attribute of a start tag: its name and the span of its value in the tag.

    ``quote`` is the quote character around the value, ``""`` for an
    unquoted value and None for an attribute without one.
    """

    name: str
    start: int
    end: int
    quote: str | None


@dataclass(frozen=True, slots=True)
class _Piece:
    """A stretch of the file that is not plain copied markup."""

    kind: BlockKind
    start: int
    end: int
    sentences: tuple[Sentence, ...] = ()
    prefix: str = ""


class _Tokenizer(HTMLParser):
    """html.parser with the file offset of every event."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self._line_starts = [0]
        self._line_starts.extend(m.end() for m in re.finditer("\n", text))
        self.found: list[tuple[str, int, str, tuple[tuple[str, str | None], ...]]] = []

    def _add(self, kind: str, tag: str = "", attrs: Sequence[tuple[str, str | None]] = ()) -> None:
        line, column = self.getpos()
        self.found.append((kind, self._line_starts[line - 1] + column, tag, tuple(attrs)))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._add("start", tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._add("startend", tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self._add("end", tag)

    def handle_data(self, data: str) -> None:
        self._add("data")

    def handle_comment(self, data: str) -> None:
        self._add("comment")

    def handle_decl(self, decl: str) -> None:
        self._add("other")

    def handle_pi(self, data: str) -> None:
        self._add("other")

    def unknown_decl(self, data: str) -> None:
        self._add("other")


def _tokenize(text: str) -> list[_Event]:
    """Every event of ``text`` with its span; the spans tile the text."""
    tokenizer = _Tokenizer(text)
    tokenizer.feed(text)
    tokenizer.close()
    found = tokenizer.found
    events = []
    for index, (kind, start, tag, attrs) in enumerate(found):
        end = found[index + 1][1] if index + 1 < len(found) else len(text)
        if end > start:
            events.append(_Event(kind, start, end, tag, attrs))
    return events


def _attributes(tag: str) -> list[_Attribute]:
    """The attributes of a start tag with their value spans, tokenized as the HTML standard says."""
    n = len(tag)
    i = 1
    while i < n and tag[i] not in _WHITESPACE and tag[i] not in "/>":
        i += 1
    found: list[_Attribute] = []
    while i < n:
        while i < n and (tag[i] in _WHITESPACE or tag[i] == "/"):
            i += 1
        if i >= n or tag[i] == ">":
            break
        name_start = i
        i += 1
        while i < n and tag[i] not in _WHITESPACE and tag[i] not in "/>=":
            i += 1
        name = tag[name_start:i].lower()
        j = i
        while j < n and tag[j] in _WHITESPACE:
            j += 1
        if j >= n or tag[j] != "=":
            found.append(_Attribute(name, i, i, None))
            i = j
            continue
        j += 1
        while j < n and tag[j] in _WHITESPACE:
            j += 1
        if j < n and tag[j] in "\"'":
            close = tag.find(tag[j], j + 1)
            close = n if close < 0 else close
            found.append(_Attribute(name, j + 1, close, tag[j]))
            i = close + 1
        else:
            k = j
            while k < n and tag[k] not in _WHITESPACE and tag[k] != ">":
                k += 1
            found.append(_Attribute(name, j, k, ""))
            i = k
    return found


def _checked_attributes(tag: str, parsed: Sequence[tuple[str, str | None]]) -> list[_Attribute]:
    """:func:`_attributes`, or nothing when it disagrees with html.parser about ``tag``."""
    found = _attributes(tag)
    if len(found) != len(parsed):
        return []
    for attribute, (name, value) in zip(found, parsed, strict=True):
        ours = (
            None if attribute.quote is None else html.unescape(tag[attribute.start : attribute.end])
        )
        if attribute.name != name or (ours or None) != (value or None):
            return []
    return found


def _attribute_text(raw: str) -> str:
    """What an attribute value says: references decoded, whitespace folded."""
    return _SPACE_RUN.sub(" ", html.unescape(raw)).strip()


def _fold(markup: str) -> str:
    """A tag as it appears in a sentence: whitespace runs folded to one space."""
    return _SPACE_RUN.sub(" ", markup)


def _escape_text(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\xa0", "&nbsp;")
    )  # fmt: skip


def _escape_attribute(text: str, quote: str) -> str:
    """``text`` as an attribute value in ``quote`` (``""`` for unquoted: quotes are added)."""
    escaped = _escape_text(text)
    if quote == "'":
        return escaped.replace("'", "&#39;")
    escaped = escaped.replace('"', "&quot;")
    return escaped if quote == '"' else f'"{escaped}"'


def _translatable_attributes(
    tag: str, name: str, attrs: Sequence[tuple[str, str | None]]
) -> list[tuple[_Attribute, str]]:
    """The text-carrying attributes of a start tag, each with its note."""
    if name == "meta":
        values = {k: (v or "").strip().lower() for k, v in attrs}
        label = values.get("name") or values.get("property") or ""
        if label not in _META_NAMES:
            return []
        wanted = {"content": format_attribute_note(AttributeNote(f"meta {label}", "content"))}
    elif name in _NO_TEXT_ATTRIBUTES:
        return []
    else:
        wanted = {a: format_attribute_note(AttributeNote(name, a)) for a in _TEXT_ATTRIBUTES}
    result = []
    for attribute in _checked_attributes(tag, attrs):
        if attribute.name in wanted and attribute.quote is not None:
            value = _attribute_text(tag[attribute.start : attribute.end])
            if any(ch.isalpha() for ch in value):
                result.append((attribute, wanted.pop(attribute.name)))
    return result


def _translate_off(attrs: Sequence[tuple[str, str | None]]) -> bool | None:
    """The element's own ``translate`` setting: True for "no", False for "yes", else None."""
    for key, value in attrs:
        if key == "translate":
            setting = (value or "").strip().lower()
            if setting == "no":
                return True
            if setting in ("", "yes"):
                return False
    return None


# -- reading ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Open:
    """An open element: whether its content is skipped (``pre``, ``script``) or
    ``translate="no"``, and the run its start tag belongs to (None: a boundary)."""

    tag: str
    skipped: bool
    no_translate: bool
    run: _Run | None = None

    @property
    def off(self) -> bool:
        return self.skipped or self.no_translate


@dataclass(slots=True)
class _Run:
    start: int
    kind: BlockKind
    items: list[tuple[str, int, int]]
    attributes: list[tuple[Sentence, int]]  # nested attribute sentences and their tag's start
    whole_from: int = -1  # start of an element kept whole, while inside it
    whole_depth: int = 0


class _Reader:
    """One pass over the events of an HTML file, producing blocks."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = [0]
        self.lines.extend(m.end() for m in re.finditer("\n", text))
        self.stack: list[_Open] = []
        self.pieces: list[_Piece] = []
        self.run: _Run | None = None
        self.h1_seen = False

    def line_of(self, offset: int) -> int:
        low, high = 0, len(self.lines)
        while high - low > 1:
            middle = (low + high) // 2
            if self.lines[middle] <= offset:
                low = middle
            else:
                high = middle
        return low + 1

    # -- the walk ---------------------------------------------------------------------

    def read(self) -> list[Block]:
        for event in _tokenize(self.text):
            self.event(event)
        self.close_run()
        return self.tile()

    @property
    def off(self) -> bool:
        return bool(self.stack) and self.stack[-1].off

    def event(self, event: _Event) -> None:
        run = self.run
        if run is not None and run.whole_from >= 0:
            self.inside_whole(run, event)
            return
        if event.kind == "data":
            if self.off:
                return
            raw = self.text[event.start : event.end]
            if run is None:
                if not raw.strip(_WHITESPACE):
                    return
                lead = len(raw) - len(raw.lstrip(_WHITESPACE))
                run = self.open_run(event.start + lead)
                run.items.append((_TEXT, event.start + lead, event.end))
            else:
                run.items.append((_TEXT, event.start, event.end))
            return
        if event.kind == "comment" and run is not None:
            run.items.append((_TAG, event.start, event.end))
            return
        if event.kind in ("start", "startend"):
            self.start_tag(event)
            return
        if event.kind == "end":
            self.end_tag(event)
            return
        self.close_run()

    def start_tag(self, event: _Event) -> None:
        tag = event.tag
        parent = self.stack[-1] if self.stack else _Open("", False, False)
        own = _translate_off(event.attrs)
        element = _Open(
            tag,
            parent.skipped or tag in _SKIPPED,
            parent.no_translate if own is None else own,
        )
        opens = event.kind == "start" and tag not in _VOID
        if tag == "html":
            self.language(event)
        if tag not in _INLINE or parent.off:
            self.close_run()
            self.implied_ends(tag)
            if not element.off:
                self.pieces.extend(_attribute_piece(self.text, s) for s in self.attributes(event))
            if opens:
                self.stack.append(element)
            return
        run = self.run if self.run is not None else self.open_run(event.start)
        element = _Open(element.tag, element.skipped, element.no_translate, run)
        if opens and (tag in _OPAQUE or element.off):
            run.whole_from, run.whole_depth = event.start, 1
            self.stack.append(element)
            return
        run.items.append((_TAG, event.start, event.end))
        if not element.off:
            run.attributes.extend((s, event.start) for s in self.attributes(event))
        if opens:
            self.stack.append(element)

    def inside_whole(self, run: _Run, event: _Event) -> None:
        """An event inside an inline element kept whole: find where the element ends."""
        if event.kind == "start" and event.tag not in _VOID:
            run.whole_depth += 1
            self.stack.append(_Open(event.tag, True, True, run))
        elif event.kind == "end" and self.pop(event.tag):
            run.whole_depth -= 1
        if run.whole_depth <= 0:
            run.items.append((_WHOLE, run.whole_from, event.end))
            run.whole_from = -1

    def end_tag(self, event: _Event) -> None:
        tag = event.tag
        run = self.run
        opened = next((e for e in reversed(self.stack) if e.tag == tag), None)
        if run is not None and tag in _INLINE and (opened is None or opened.run is run):
            run.items.append((_TAG, event.start, event.end))
            self.pop(tag)
            return
        self.close_run()
        self.pop(tag)

    def pop(self, tag: str) -> bool:
        """Close the innermost open ``tag`` and everything inside it; False if none is open."""
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return True
        return False

    def implied_ends(self, tag: str) -> None:
        """Close what a start tag ends without an end tag (``<li>`` after ``<li>``, ``<p>``)."""
        scopes = {
            "li": ({"li"}, {"ul", "ol", "menu"}),
            "dt": ({"dt", "dd"}, {"dl"}),
            "dd": ({"dt", "dd"}, {"dl"}),
            "tr": ({"tr"}, {"table", "tbody", "thead", "tfoot"}),
            "td": ({"td", "th"}, {"tr", "table"}),
            "th": ({"td", "th"}, {"tr", "table"}),
            "option": ({"option"}, {"select", "optgroup", "datalist"}),
        }
        if tag in scopes:
            closes, limits = scopes[tag]
            for index in range(len(self.stack) - 1, -1, -1):
                name = self.stack[index].tag
                if name in closes:
                    del self.stack[index:]
                    break
                if name in limits:
                    break
        if tag in _CLOSES_P:
            for index in range(len(self.stack) - 1, -1, -1):
                name = self.stack[index].tag
                if name == "p":
                    del self.stack[index:]
                    break
                if name not in _INLINE:
                    break

    # -- pieces -----------------------------------------------------------------------

    def language(self, event: _Event) -> None:
        raw = self.text[event.start : event.end]
        for attribute in _checked_attributes(raw, event.attrs):
            if attribute.name == "lang":
                quote = "=" if attribute.quote is None else attribute.quote
                start = event.start + attribute.start
                self.pieces.append(
                    _Piece(BlockKind.LANGUAGE, start, event.start + attribute.end, prefix=quote)
                )
                return
        at = event.start + len("<html")
        if self.text[event.start : at].lower() == "<html":
            self.pieces.append(_Piece(BlockKind.LANGUAGE, at, at, prefix=" lang="))

    def attributes(self, event: _Event) -> list[Sentence]:
        """The text-carrying attributes of a start tag, as sentences."""
        raw = self.text[event.start : event.end]
        return [
            Sentence(
                _attribute_text(raw[a.start : a.end]),
                self.line_of(event.start + a.start),
                event.start + a.start,
                event.start + a.end,
                note,
            )
            for a, note in _translatable_attributes(raw, event.tag, event.attrs)
        ]

    def open_run(self, start: int) -> _Run:
        kind = BlockKind.PARAGRAPH
        for element in reversed(self.stack):
            if element.tag == "title":
                kind = BlockKind.TITLE
            elif element.tag == "h1":
                kind = BlockKind.HEADING if self.h1_seen else BlockKind.TITLE
                self.h1_seen = True
            elif element.tag in _HEADINGS:
                kind = BlockKind.HEADING
            elif element.tag in _LIST_ITEMS:
                kind = BlockKind.LIST_ITEM
            elif element.tag == "blockquote":
                kind = BlockKind.QUOTE
            else:
                continue
            break
        self.run = _Run(start, kind, [], [])
        return self.run

    def close_run(self) -> None:
        run, self.run = self.run, None
        if run is None:
            return
        if run.whole_from >= 0:  # an element kept whole that never ends: it runs to here
            end = run.items[-1][2] if run.items else run.whole_from
            run.items.append((_WHOLE, run.whole_from, max(end, run.whole_from)))
        sentences = self.sentences(run)
        if not sentences:
            self.pieces.extend(_attribute_piece(self.text, s) for s, _ in run.attributes)
            return
        end = run.items[-1][2]
        while end > run.start and self.text[end - 1] in _WHITESPACE:
            end -= 1
        self.pieces.append(_Piece(run.kind, run.start, end, sentences))

    def sentences(self, run: _Run) -> tuple[Sentence, ...]:
        """The run's sentences, each preceded by the attribute sentences inside it."""
        items: list[tuple[str, int, int]] = []
        for item in run.items:  # adjacent runs of text are one
            if items and item[0] == _TEXT and items[-1][0] == _TEXT and items[-1][2] == item[1]:
                items[-1] = (_TEXT, items[-1][1], item[2])
            else:
                items.append(item)
        joined = _Joined()
        for kind, start, end in items:
            if kind == _TEXT:
                joined.add_text(self.text, start, end)
            else:
                joined.add_markup(self.text, start, end, whole=kind == _WHOLE)
        if not any(ch.isalpha() and real for ch, real in zip(joined.chars, joined.is_text)):
            return ()
        result: list[Sentence] = []
        attributes = sorted(run.attributes, key=lambda pair: pair[0].start)
        for a, b in joined.spans():
            start, end = joined.starts[a], joined.ends[b - 1]
            for sentence, tag_start in attributes:
                if start <= tag_start < end:
                    result.append(sentence)
            result.append(Sentence(joined.text(a, b), self.line_of(start), start, end))
        return tuple(result)

    # -- tiling -----------------------------------------------------------------------

    def tile(self) -> list[Block]:
        blocks: list[Block] = []
        pos = 0
        for piece in sorted(self.pieces, key=lambda p: (p.start, p.end)):
            if piece.start < pos:
                continue  # never expected: pieces do not overlap
            blocks.extend(self.markup(pos, piece.start))
            blocks.append(
                Block(
                    piece.kind,
                    self.line_of(piece.start),
                    self.text[piece.start : piece.end],
                    piece.prefix,
                    piece.sentences,
                )
            )
            pos = piece.end
        blocks.extend(self.markup(pos, len(self.text)))
        return blocks

    def markup(self, a: int, b: int) -> list[Block]:
        """Copied markup ``[a, b)``: whole lines as VERBATIM, the rest of a shared line as MARKUP."""
        if a >= b:
            return []
        text = self.text
        if a == 0 or text[a - 1] == "\n":
            first = a
        else:
            newline = text.find("\n", a, b)
            if newline < 0:
                return [Block(BlockKind.MARKUP, self.line_of(a), text[a:b])]
            first = newline + 1
        if b == len(text) and not text.endswith("\n"):
            last = b
        else:
            last = text.rfind("\n", first, b + 1) if b < len(text) else text.rfind("\n", first, b)
        parts = [(a, first, BlockKind.MARKUP)]
        if last > first:
            parts += [(first, last, BlockKind.VERBATIM), (last, b, BlockKind.MARKUP)]
        else:
            parts = [(a, b, BlockKind.MARKUP)]
        return [Block(kind, self.line_of(s), text[s:e]) for s, e, kind in parts if e > s]


class _Joined:
    """A run's sentence text being built, with the file span of every character.

    ``shadow`` is what the sentence splitter sees: tags as ``*`` (closers and
    openers to it), elements kept whole as ``X`` (a word), text as itself.
    """

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.shadow: list[str] = []
        self.is_text: list[bool] = []

    def _put(self, chars: str, start: int, end: int, shadow: str | None, real: bool) -> None:
        for ch in chars:
            self.chars.append(ch)
            self.starts.append(start)
            self.ends.append(end)
            self.shadow.append(ch if shadow is None else shadow)
            self.is_text.append(real)

    def add_text(self, text: str, start: int, end: int) -> None:
        decoded: list[tuple[str, int, int]] = []
        i = start
        while i < end:
            ch = text[i]
            if ch in _WHITESPACE:
                j = i
                while j < end and text[j] in _WHITESPACE:
                    j += 1
                if not (decoded and decoded[-1][0] == " "):
                    decoded.append((" ", i, j))
                i = j
                continue
            if ch == "&":
                found = _REFERENCE.match(text, i, end)
                if found is not None:
                    value = html.unescape(found.group())
                    if value != found.group():
                        decoded.extend((c, i, found.end()) for c in value)
                        i = found.end()
                        continue
            decoded.append((ch, i, i + 1))
            i += 1
        plain = "".join(c for c, _, _ in decoded)
        for index, (ch, a, b) in enumerate(decoded):
            self._put(_as_sentence_text(plain, index, ch), a, b, None, True)

    def add_markup(self, text: str, start: int, end: int, *, whole: bool) -> None:
        raw = text[start:end]
        i = 0
        for found in _SPACE_RUN.finditer(raw):
            for k in range(i, found.start()):
                self._put(raw[k], start + k, start + k + 1, "X" if whole else "*", False)
            self._put(" ", start + found.start(), start + found.end(), "X" if whole else "*", False)
            i = found.end()
        for k in range(i, len(raw)):
            self._put(raw[k], start + k, start + k + 1, "X" if whole else "*", False)

    def spans(self) -> list[tuple[int, int]]:
        """Sentence spans; one holding no letter of text joins its neighbour."""
        spans: list[tuple[int, int]] = []
        for a, b in split_sentences("".join(self.shadow)):
            has_text = any(self.is_text[p] and self.chars[p].isalpha() for p in range(a, b))
            if spans and not has_text:
                spans[-1] = (spans[-1][0], b)
            else:
                spans.append((a, b))
        if len(spans) > 1:
            a, b = spans[0]
            if not any(self.is_text[p] and self.chars[p].isalpha() for p in range(a, b)):
                spans[1] = (a, spans[1][1])
                del spans[0]
        return spans

    def text(self, a: int, b: int) -> str:
        return "".join(self.chars[a:b])


def _as_sentence_text(plain: str, index: int, ch: str) -> str:
    """A decoded character as it is written in a sentence: as itself unless it would read as markup."""
    if (
        ch == "<"
        and index + 1 < len(plain)
        and (plain[index + 1].isalpha() or plain[index + 1] in "/!?")
    ):
        return "&lt;"
    if ch == "&":
        found = _REFERENCE.match(plain, index)
        if found is not None and html.unescape(found.group()) != found.group():
            return "&amp;"
    return ch


def _attribute_piece(text: str, sentence: Sentence) -> _Piece:
    """An attribute value outside running text; ``prefix`` is its quote (``""``: unquoted)."""
    quote = text[sentence.start - 1] if sentence.start > 0 else ""
    prefix = quote if quote in ('"', "'") else ""
    return _Piece(BlockKind.ATTRIBUTE, sentence.start, sentence.end, (sentence,), prefix)


def parse_html(text: str, path: str) -> Document:
    """Read an HTML article (already decoded, ``\\n`` line ends) into blocks that tile it."""
    blocks = _Reader(text).read()
    return Document(
        path=path, format="html", blocks=tuple(blocks), trailing_newline=text.endswith("\n")
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
                out.append(_escape_attribute(found, block.prefix))
        elif block.translatable:
            out.append(_render_run(block, pos, lookup))
        else:
            out.append(block.raw)
        pos += len(block.raw)
    return "".join(out)


def _language_value(block: Block, language: str) -> str:
    """The edition's language where the ``lang`` value is (``prefix``: its quote) or goes."""
    if block.prefix in ('"', "'"):
        return _escape_attribute(language, block.prefix)
    if block.prefix == "" and re.fullmatch(r"[A-Za-z0-9-]+", language):
        return language  # an unquoted value stays unquoted
    if block.prefix == "":
        return _escape_attribute(language, "")
    return block.prefix + _escape_attribute(language, "")


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
        out.append(_escape_attribute(found, quote))
        pos = b
    out.append(raw[pos:])
    return "".join(out)


def _fragment_items(text: str) -> list[tuple[str, int, int]]:
    """A sentence as text, tags and elements kept whole, with their spans."""
    items: list[tuple[str, int, int]] = []
    whole_from, depth = -1, 0
    for event in _tokenize(text):
        if whole_from >= 0:
            if event.kind == "start" and event.tag not in _VOID:
                depth += 1
            elif event.kind == "end":
                depth -= 1
            if depth <= 0:
                items.append((_WHOLE, whole_from, event.end))
                whole_from = -1
            continue
        if (
            event.kind == "start"
            and event.tag not in _VOID
            and (event.tag in _OPAQUE or _translate_off(event.attrs))
        ):
            whole_from, depth = event.start, 1
        elif event.kind == "data":
            if items and items[-1][0] == _TEXT:
                items[-1] = (_TEXT, items[-1][1], event.end)
            else:
                items.append((_TEXT, event.start, event.end))
        else:
            items.append((_TAG, event.start, event.end))
    if whole_from >= 0:
        items.append((_WHOLE, whole_from, len(text)))
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
        if kind != _TEXT:
            by_form.setdefault(_fold(source[a:b]), []).append((a, b))
    out: list[str] = []
    for kind, a, b in _fragment_items(translation):
        piece = translation[a:b]
        if kind == _TEXT:
            out.append(_escape_text(html.unescape(piece)))
            continue
        matches = by_form.get(_fold(piece))
        if matches:
            sa, sb = matches.pop(0) if len(matches) > 1 else matches[0]
            inside = [s for s in attributes if base + sa <= s.start < base + sb]
            out.append(_substitute(source[sa:sb], base + sa, inside, lookup))
        else:  # markup the source sentence did not have is shown, never run
            out.append(_escape_text(piece))
    return "".join(out)
