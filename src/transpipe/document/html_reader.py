"""The HTML reader: one pass over the tokens of an article, producing blocks.

What is extracted, and how the blocks tile the file, is described in
:mod:`transpipe.document.html`; :func:`read_blocks` is its reading half.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from transpipe.core.model import Block, BlockKind, Sentence
from transpipe.core.notes import AttributeNote, format_attribute_note
from transpipe.document.html_syntax import (
    INLINE_ELEMENTS,
    OPAQUE_ELEMENTS,
    SPACE_RUN,
    TAG,
    TEXT,
    VOID_ELEMENTS,
    WHITESPACE,
    WHOLE,
    Event,
    tokenize,
    translate_off,
)
from transpipe.document.segment import split_sentences

__all__ = ["read_blocks"]

# content never translated, wherever the element is
_SKIPPED = frozenset({"script", "style", "template", "pre", "textarea", "svg", "math"})
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


def _attributes(tag: str) -> list[_Attribute]:
    """The attributes of a start tag with their value spans, tokenized as the HTML standard says."""
    n = len(tag)
    i = 1
    while i < n and tag[i] not in WHITESPACE and tag[i] not in "/>":
        i += 1
    found: list[_Attribute] = []
    while i < n:
        while i < n and (tag[i] in WHITESPACE or tag[i] == "/"):
            i += 1
        if i >= n or tag[i] == ">":
            break
        name_start = i
        i += 1
        while i < n and tag[i] not in WHITESPACE and tag[i] not in "/>=":
            i += 1
        name = tag[name_start:i].lower()
        j = i
        while j < n and tag[j] in WHITESPACE:
            j += 1
        if j >= n or tag[j] != "=":
            found.append(_Attribute(name, i, i, None))
            i = j
            continue
        j += 1
        while j < n and tag[j] in WHITESPACE:
            j += 1
        if j < n and tag[j] in "\"'":
            close = tag.find(tag[j], j + 1)
            close = n if close < 0 else close
            found.append(_Attribute(name, j + 1, close, tag[j]))
            i = close + 1
        else:
            k = j
            while k < n and tag[k] not in WHITESPACE and tag[k] != ">":
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
    return SPACE_RUN.sub(" ", html.unescape(raw)).strip()


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


class _HtmlReader:
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
        for event in tokenize(self.text):
            self.event(event)
        self.close_run()
        return self.tile()

    @property
    def off(self) -> bool:
        return bool(self.stack) and self.stack[-1].off

    def event(self, event: Event) -> None:
        run = self.run
        if run is not None and run.whole_from >= 0:
            self.inside_whole(run, event)
            return
        if event.kind == "data":
            if self.off:
                return
            raw = self.text[event.start : event.end]
            if run is None:
                if not raw.strip(WHITESPACE):
                    return
                lead = len(raw) - len(raw.lstrip(WHITESPACE))
                run = self.open_run(event.start + lead)
                run.items.append((TEXT, event.start + lead, event.end))
            else:
                run.items.append((TEXT, event.start, event.end))
            return
        if event.kind == "comment" and run is not None:
            run.items.append((TAG, event.start, event.end))
            return
        if event.kind in ("start", "startend"):
            self.start_tag(event)
            return
        if event.kind == "end":
            self.end_tag(event)
            return
        self.close_run()

    def start_tag(self, event: Event) -> None:
        tag = event.tag
        parent = self.stack[-1] if self.stack else _Open("", False, False)
        own = translate_off(event.attrs)
        element = _Open(
            tag,
            parent.skipped or tag in _SKIPPED,
            parent.no_translate if own is None else own,
        )
        opens = event.kind == "start" and tag not in VOID_ELEMENTS
        if tag == "html":
            self.language(event)
        if tag not in INLINE_ELEMENTS or parent.off:
            self.close_run()
            self.implied_ends(tag)
            if not element.off:
                self.pieces.extend(_attribute_piece(self.text, s) for s in self.attributes(event))
            if opens:
                self.stack.append(element)
            return
        run = self.run if self.run is not None else self.open_run(event.start)
        element = _Open(element.tag, element.skipped, element.no_translate, run)
        if opens and (tag in OPAQUE_ELEMENTS or element.off):
            run.whole_from, run.whole_depth = event.start, 1
            self.stack.append(element)
            return
        run.items.append((TAG, event.start, event.end))
        if not element.off:
            run.attributes.extend((s, event.start) for s in self.attributes(event))
        if opens:
            self.stack.append(element)

    def inside_whole(self, run: _Run, event: Event) -> None:
        """An event inside an inline element kept whole: find where the element ends."""
        if event.kind == "start" and event.tag not in VOID_ELEMENTS:
            run.whole_depth += 1
            self.stack.append(_Open(event.tag, True, True, run))
        elif event.kind == "end" and self.pop(event.tag):
            run.whole_depth -= 1
        if run.whole_depth <= 0:
            run.items.append((WHOLE, run.whole_from, event.end))
            run.whole_from = -1

    def end_tag(self, event: Event) -> None:
        tag = event.tag
        run = self.run
        opened = next((e for e in reversed(self.stack) if e.tag == tag), None)
        if run is not None and tag in INLINE_ELEMENTS and (opened is None or opened.run is run):
            run.items.append((TAG, event.start, event.end))
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
                if name not in INLINE_ELEMENTS:
                    break

    # -- pieces -----------------------------------------------------------------------

    def language(self, event: Event) -> None:
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

    def attributes(self, event: Event) -> list[Sentence]:
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
            run.items.append((WHOLE, run.whole_from, max(end, run.whole_from)))
        sentences = self.sentences(run)
        if not sentences:
            self.pieces.extend(_attribute_piece(self.text, s) for s, _ in run.attributes)
            return
        end = run.items[-1][2]
        while end > run.start and self.text[end - 1] in WHITESPACE:
            end -= 1
        self.pieces.append(_Piece(run.kind, run.start, end, sentences))

    def sentences(self, run: _Run) -> tuple[Sentence, ...]:
        """The run's sentences, each preceded by the attribute sentences inside it."""
        items: list[tuple[str, int, int]] = []
        for item in run.items:  # adjacent runs of text are one
            if items and item[0] == TEXT and items[-1][0] == TEXT and items[-1][2] == item[1]:
                items[-1] = (TEXT, items[-1][1], item[2])
            else:
                items.append(item)
        joined = _Joined()
        for kind, start, end in items:
            if kind == TEXT:
                joined.add_text(self.text, start, end)
            else:
                joined.add_markup(self.text, start, end, whole=kind == WHOLE)
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
            if ch in WHITESPACE:
                j = i
                while j < end and text[j] in WHITESPACE:
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
        for found in SPACE_RUN.finditer(raw):
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


def read_blocks(text: str) -> list[Block]:
    """The blocks of an HTML article (decoded, ``\\n`` line ends); joined, their ``raw`` is ``text``."""
    return _HtmlReader(text).read()
