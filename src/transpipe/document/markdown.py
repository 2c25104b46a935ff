"""Markdown articles: a line-based block reader and a renderer that round-trips.

The reader is hand-written rather than built on markdown-it-py because the
pipeline needs exact character offsets for every sentence and a block's
source text byte for byte; markdown-it-py only reports line ranges of
blocks and cannot render Markdown back.  It follows CommonMark and GFM
closely enough for news articles:

* TITLE: the first level-1 ATX heading (``# ...``); later ones are HEADING.
* HEADING: ATX headings (``##`` ... ``######``, an optional closing ``##``
  sequence is kept in the rendering, not in the text) and setext headings
  (a paragraph underlined with ``===`` or ``---``; the underline is kept).
* PARAGRAPH: consecutive lines, joined with single spaces; ``prefix`` is the
  first line's indentation.  A footnote definition ``[^1]: ...`` is a
  paragraph whose prefix is the ``[^1]: `` label.
* LIST_ITEM: ``-``, ``*``, ``+``, ``1.``, ``1)`` items; ``prefix`` is the
  indentation, marker and following spaces as written, so nested items keep
  their indentation.  Lines up to the next item, blank line or other block
  belong to the item (lazy continuation included).  Indented paragraphs
  after a blank line inside a list are PARAGRAPH blocks with their
  indentation as prefix.
* QUOTE: ``>`` lines; ``prefix`` is the quote marker as written (``"> "``,
  ``"> > "``), plus a list or heading marker when the quoted line has one.
  Inside a quotation, lines holding only ``>`` are VERBATIM blocks (so
  quoted paragraphs stay apart) and fenced code is CODE.
* CODE: fenced (```` ``` ```` or ``~~~``; unclosed fences run to the end)
  and indented code; never translated, ``raw`` kept.
* VERBATIM: thematic breaks, HTML blocks (CommonMark kinds 1 to 7), GFM
  tables, front matter (``---``/``+++`` on line 1, ``title:`` included: it
  is copied, not translated), link reference definitions.

Blank lines are not blocks; the renderer restores as many as the source had
between two blocks (from the blocks' line numbers).  What rendering does not
keep: the line breaks inside a paragraph, list item, quote or setext heading
(the lines are reflowed into one), spacing between sentences other than one
space, trailing whitespace at the end of a translated line (including
Markdown's two-space hard breaks), the content of whitespace-only lines
between blocks (they come back empty) and blank lines at the end of the
file (only the final newline is kept).  Untranslatable blocks (code,
verbatim) keep every byte.

A translation cannot add raw HTML: in a translated sentence (one that is not
the source sentence itself), every HTML tag, comment or element kept whole
(``<code>...</code>``) that the source sentence did not carry is escaped
(``<script>`` becomes ``&lt;script&gt;``), and so is every other ``<`` that
could open HTML (``<img src=x onerror=...`` without its ``>``).  The source
sentence's own tags, and all inline Markdown (emphasis, links, images, code
spans, autolinks, backslash escapes), are written as the translation has
them; whether they match the msgid is for ``build`` and ``check`` to judge.
"""

from __future__ import annotations

import re

from transpipe.core.model import Block, BlockKind, Document
from transpipe.document.inline import protect, restore
from transpipe.document.text import (
    Lookup,
    Piece,
    is_blank,
    make_sentences,
    render_blocks,
    render_sentences,
    split_lines,
)

__all__ = ["parse_markdown", "render_markdown"]

_FENCE = re.compile(r"(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)")
_ATX = re.compile(r"(?P<prefix> {0,3}#{1,6}(?:[ \t]+|$))(?P<content>.*)")
_ATX_CLOSING = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
_THEMATIC = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*")
_SETEXT = re.compile(r" {0,3}(?:=+|-+)[ \t]*")
_QUOTE = re.compile(r"[ \t]*>(?:[ \t]{0,3}>)*[ \t]?")
_LIST = re.compile(
    r"(?P<indent>[ \t]*)(?P<marker>[-*+]|(?P<number>\d{1,9})[.)])(?P<space>[ \t]+|$)"
)
_FOOTNOTE = re.compile(r" {0,3}\[\^[^\]\s]+\]:[ \t]*")
_LINK_DEF = re.compile(
    r" {0,3}\[(?:[^\]\\]|\\.)+\]:[ \t]*(?:<[^>]*>|\S+)"
    r"""(?:[ \t]+(?:"[^"]*"|'[^']*'|\([^)]*\)))?[ \t]*"""
)
_TABLE_DELIMITER = re.compile(r" {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*")
_INDENTED = re.compile(r"(?: {4}|\t)")
# a "<" that opens raw HTML for CommonMark: a tag name, "</", "<!" or "<?"; an autolink
# (<https://...>, <a@b.org>) has a ":" or "@" after its first word and is a link, not HTML
_HTML_TOKEN = re.compile(r"<(?:/?[A-Za-z][A-Za-z0-9-]*(?=[\s/>])|[!?])")
_HTML_OPENER = re.compile(r"<(?=[A-Za-z/!?])")

_HTML_NAMES = (
    "address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|"
    "details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|"
    "h1|h2|h3|h4|h5|h6|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|"
    "noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|"
    "thead|title|tr|track|ul"
)
_ATTRIBUTE = (
    r"""(?:[ \t]+[A-Za-z_:][A-Za-z0-9_.:-]*(?:[ \t]*=[ \t]*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)"""
)
# (start, end or None for "ends before a blank line", may interrupt a paragraph)
_HTML_BLOCKS: tuple[tuple[re.Pattern[str], re.Pattern[str] | None, bool], ...] = (
    (
        re.compile(r" {0,3}<(?:script|pre|style|textarea)(?:[ \t>]|$)", re.IGNORECASE),
        re.compile(r"</(?:script|pre|style|textarea)>", re.IGNORECASE),
        True,
    ),
    (re.compile(r" {0,3}<!--"), re.compile(r"-->"), True),
    (re.compile(r" {0,3}<\?"), re.compile(r"\?>"), True),
    (re.compile(r" {0,3}<!\[CDATA\["), re.compile(r"\]\]>"), True),
    (re.compile(r" {0,3}<![A-Za-z]"), re.compile(r">"), True),
    (re.compile(r" {0,3}</?(?:" + _HTML_NAMES + r")(?:[ \t]|/?>|$)", re.IGNORECASE), None, True),
    (
        re.compile(
            r" {0,3}(?:<[A-Za-z][A-Za-z0-9-]*" + _ATTRIBUTE + r"*[ \t]*/?>"
            r"|</[A-Za-z][A-Za-z0-9-]*[ \t]*>)[ \t]*$"
        ),
        None,
        False,
    ),
)


def parse_markdown(text: str, path: str) -> Document:
    """Read a Markdown article (already decoded, ``\\n`` line ends) into blocks."""
    blocks = _MarkdownReader(text).read()
    return Document(
        path=path, format="markdown", blocks=tuple(blocks), trailing_newline=text.endswith("\n")
    )


def render_markdown(doc: Document, lookup: Lookup) -> str:
    """Render a Markdown document, each sentence through ``lookup``.

    Untranslatable blocks come back as their raw source; translatable ones
    as ``prefix`` + translated sentences joined by single spaces (+ a
    heading's closing sequence or setext underline).  See the module
    docstring for what is not kept byte for byte.
    """

    def escaped(sentence: str) -> str | None:
        found = lookup(sentence)
        if found is None or found == sentence:
            return found
        return _escape_new_html(found, sentence)

    def one(block: Block) -> str:
        if not block.translatable:
            return block.raw
        body = render_sentences(block, escaped)
        line = block.prefix + body if body else block.prefix.rstrip()
        return line + _heading_suffix(block)

    return render_blocks(doc, one)


def _escape_new_html(translation: str, source: str) -> str:
    """``translation`` with the raw HTML that ``source`` did not carry escaped."""
    kept = {token for token in protect(source).tokens if _HTML_TOKEN.match(token)}
    protected = protect(translation)
    tokens = tuple(
        token.replace("<", "&lt;").replace(">", "&gt;")
        if _HTML_TOKEN.match(token) and token not in kept
        else token
        for token in protected.tokens
    )
    return restore(_HTML_OPENER.sub("&lt;", protected.text), tokens).text


def _heading_suffix(block: Block) -> str:
    """A heading's markup after its text: the setext underline or ATX closing ``#``s."""
    if block.kind not in (BlockKind.HEADING, BlockKind.TITLE):
        return ""
    lines = block.raw.split("\n")
    if len(lines) > 1 and _SETEXT.fullmatch(lines[-1]):
        return "\n" + lines[-1]
    atx = _ATX.fullmatch(lines[0])
    if atx is None:
        return ""
    content = atx.group("content")
    closing = _ATX_CLOSING.search(content)
    if closing is None or closing.start() == 0:
        return ""
    return content[closing.start() :].rstrip()


def _leading_space(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" \t"))]


def _indent_width(line: str) -> int:
    width = 0
    for ch in line:
        if ch == " ":
            width += 1
        elif ch == "\t":
            width += 4 - width % 4
        else:
            break
    return width


class _MarkdownReader:
    """One pass over the lines of a Markdown text, producing blocks."""

    def __init__(self, text: str) -> None:
        self.lines = split_lines(text)
        self.blocks: list[Block] = []
        self.title_seen = False
        self.list_indent: int | None = None  # content indent of the outermost open list item

    def read(self) -> list[Block]:
        i = self._front_matter()
        while i < len(self.lines):
            if is_blank(self.line(i)):
                i += 1
            else:
                i = self._block(i)
        return self.blocks

    def line(self, i: int) -> str:
        return self.lines[i][1]

    def raw(self, start: int, end: int) -> str:
        return "\n".join(line for _, line in self.lines[start:end])

    def add(
        self,
        kind: BlockKind,
        start: int,
        end: int,
        prefix: str = "",
        pieces: list[Piece] | None = None,
    ) -> int:
        sentences = make_sentences(pieces) if pieces else ()
        self.blocks.append(Block(kind, start + 1, self.raw(start, end), prefix, sentences))
        return end

    def piece(self, i: int, skip: int) -> Piece:
        offset, line = self.lines[i]
        return (i + 1, offset + skip, line[skip:])

    # -- dispatch -----------------------------------------------------------

    def _front_matter(self) -> int:
        if not self.lines:
            return 0
        opener = self.line(0).rstrip()
        closers = {"---": ("---", "..."), "+++": ("+++",)}.get(opener)
        if closers is None:
            return 0
        for k in range(1, len(self.lines)):
            if self.line(k).rstrip() in closers:
                return self.add(BlockKind.VERBATIM, 0, k + 1)
        return 0

    def _block(self, i: int) -> int:
        line = self.line(i)
        if (
            self.list_indent is not None
            and _indent_width(line) < self.list_indent
            and not _LIST.match(line)
        ):
            self.list_indent = None
        in_list = self.list_indent is not None
        if self._fence(line) is not None:
            return self._fenced(i)
        if not in_list and _INDENTED.match(line):
            return self._indented(i)
        if _THEMATIC.fullmatch(line):
            self.list_indent = None
            return self.add(BlockKind.VERBATIM, i, i + 1)
        if _ATX.fullmatch(line):
            return self._atx(i)
        if _QUOTE.match(line):
            return self._quote(i)
        item = _LIST.match(line)
        if item is not None and self._may_indent(line):
            return self._list_item(i)
        for start, end, _ in _HTML_BLOCKS:
            if start.match(line):
                return self._html(i, end)
        if self._table_starts(i):
            return self._table(i)
        if _LINK_DEF.fullmatch(line):
            return self._link_definitions(i)
        footnote = _FOOTNOTE.match(line)
        return self._paragraph(i, footnote.group() if footnote else None)

    def _fence(self, line: str) -> re.Match[str] | None:
        found = _FENCE.fullmatch(line)
        if found is None:
            return None
        if self.list_indent is None and _indent_width(found.group("indent")) > 3:
            return None
        if found.group("fence")[0] == "`" and "`" in found.group("info"):
            return None
        return found

    def _may_indent(self, line: str) -> bool:
        """Whether a block may start at this line's indentation (4+ spaces is code outside lists)."""
        return self.list_indent is not None or _indent_width(line) <= 3

    def _interrupts(self, line: str) -> bool:
        """Whether ``line`` ends a paragraph by starting another block."""
        if (
            self._fence(line)
            or _ATX.fullmatch(line)
            or _THEMATIC.fullmatch(line)
            or (_QUOTE.match(line) and self._may_indent(line))
        ):
            return True
        item = _LIST.match(line)
        if item is not None and item.group("space") and self._may_indent(line):
            number = item.group("number")
            if number is None or int(number) == 1:
                return True
        return any(start.match(line) for start, _, interrupts in _HTML_BLOCKS if interrupts)

    def _table_starts(self, i: int) -> bool:
        return (
            i + 1 < len(self.lines)
            and "|" in self.line(i)
            and "|" in self.line(i + 1)
            and _TABLE_DELIMITER.fullmatch(self.line(i + 1)) is not None
        )

    # -- blocks ---------------------------------------------------------------

    def _fenced(self, i: int) -> int:
        opener = self._fence(self.line(i))
        assert opener is not None
        fence = opener.group("fence")
        closing = re.compile(r"[ \t]*" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}[ \t]*")
        for k in range(i + 1, len(self.lines)):
            if closing.fullmatch(self.line(k)):
                return self.add(BlockKind.CODE, i, k + 1)
        return self.add(BlockKind.CODE, i, len(self.lines))

    def _indented(self, i: int) -> int:
        end = i + 1
        k = i + 1
        while k < len(self.lines) and (is_blank(self.line(k)) or _INDENTED.match(self.line(k))):
            if not is_blank(self.line(k)):
                end = k + 1
            k += 1
        return self.add(BlockKind.CODE, i, end)

    def _html(self, i: int, end: re.Pattern[str] | None) -> int:
        k = i
        while k < len(self.lines):
            if end is None:
                if is_blank(self.line(k)):
                    break
            elif end.search(self.line(k)):
                k += 1
                break
            k += 1
        return self.add(BlockKind.VERBATIM, i, k)

    def _table(self, i: int) -> int:
        k = i + 2
        while (
            k < len(self.lines)
            and not is_blank(self.line(k))
            and not self._interrupts(self.line(k))
        ):
            k += 1
        return self.add(BlockKind.VERBATIM, i, k)

    def _link_definitions(self, i: int) -> int:
        k = i + 1
        while k < len(self.lines) and _LINK_DEF.fullmatch(self.line(k)):
            k += 1
        return self.add(BlockKind.VERBATIM, i, k)

    def _atx(self, i: int) -> int:
        found = _ATX.fullmatch(self.line(i))
        assert found is not None
        prefix = found.group("prefix")
        content = found.group("content")
        closing = _ATX_CLOSING.search(content)
        if closing is not None:
            content = content[: closing.start()]
        if is_blank(content):
            return self.add(BlockKind.HEADING, i, i + 1, prefix)
        kind = BlockKind.HEADING
        if prefix.strip() == "#" and not self.title_seen:
            kind = BlockKind.TITLE
            self.title_seen = True
        offset = self.lines[i][0] + len(prefix)
        return self.add(kind, i, i + 1, prefix, [(i + 1, offset, content)])

    def _paragraph(self, i: int, label: str | None) -> int:
        line = self.line(i)
        prefix = label if label is not None else _leading_space(line)
        pieces = [self.piece(i, len(prefix))]
        k = i + 1
        while k < len(self.lines):
            line = self.line(k)
            if is_blank(line):
                break
            if _SETEXT.fullmatch(line):
                return self.add(BlockKind.HEADING, i, k + 1, prefix, pieces)
            if self._interrupts(line) or self._table_starts(k):
                break
            pieces.append(self.piece(k, 0))
            k += 1
        return self.add(BlockKind.PARAGRAPH, i, k, prefix, pieces)

    def _list_item(self, i: int) -> int:
        line = self.line(i)
        item = _LIST.match(line)
        assert item is not None
        prefix = item.group()
        indent = _indent_width(line)
        content_indent = (
            _indent_width(item.group("indent"))
            + len(item.group("marker"))
            + max(len(item.group("space")), 1)
        )
        if self.list_indent is None or indent < self.list_indent:
            self.list_indent = content_indent
        ordered = item.group("number") is not None
        delimiter = item.group("marker")[-1]
        pieces = [self.piece(i, len(prefix))]
        k = i + 1
        while k < len(self.lines):
            line = self.line(k)
            if is_blank(line):
                break
            other = _LIST.match(line)
            if other is not None:
                number = other.group("number")
                if number is None or int(number) == 1:
                    break
                sibling = ordered and other.group("marker")[-1] == delimiter
                if sibling and _indent_width(line) < content_indent:
                    break
            elif self._interrupts(line):
                break
            pieces.append(self.piece(k, 0))
            k += 1
        if not item.group("space") and len(pieces) > 1:
            prefix += " "  # "-" alone, text on the next lines: render "- text"
        return self.add(BlockKind.LIST_ITEM, i, k, prefix, pieces)

    def _quote(self, i: int) -> int:
        """A run of quoted lines, split into QUOTE, VERBATIM and CODE blocks."""
        current: list[int] = []
        current_prefix = ""
        current_depth = 0

        def flush() -> None:
            if not current:
                return
            pieces = [self.piece(current[0], len(current_prefix))]
            for k in current[1:]:
                marker = _QUOTE.match(self.line(k))
                pieces.append(self.piece(k, len(marker.group()) if marker else 0))
            self.add(BlockKind.QUOTE, current[0], current[-1] + 1, current_prefix, pieces)
            current.clear()

        k = i
        while k < len(self.lines):
            line = self.line(k)
            marker = _QUOTE.match(line)
            if marker is None:
                if current and not is_blank(line) and not self._interrupts(line):
                    current.append(k)
                    k += 1
                    continue
                break
            content = line[marker.end() :]
            depth = marker.group().count(">")
            if is_blank(content) or _THEMATIC.fullmatch(content):
                flush()
                k = self.add(BlockKind.VERBATIM, k, k + 1)
                continue
            fence = _FENCE.fullmatch(content)
            if fence is not None:
                flush()
                k = self._quoted_fence(k, fence.group("fence"))
                continue
            item = _LIST.match(content)
            heading = _ATX.fullmatch(content)
            if current and depth == current_depth and item is None and heading is None:
                current.append(k)
            else:
                flush()
                if item is not None:
                    lead = item.group()
                elif heading is not None:
                    lead = heading.group("prefix")
                else:
                    lead = _leading_space(content)
                current_prefix = marker.group() + lead
                current_depth = depth
                current.append(k)
            k += 1
        flush()
        return k

    def _quoted_fence(self, i: int, fence: str) -> int:
        closing = re.compile(r"[ \t]*" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}[ \t]*")
        k = i + 1
        while k < len(self.lines):
            marker = _QUOTE.match(self.line(k))
            if marker is None:
                break
            k += 1
            if closing.fullmatch(self.line(k - 1)[marker.end() :]):
                break
        return self.add(BlockKind.CODE, i, k)
