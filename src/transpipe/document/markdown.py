"""Markdown articles: a line-based block reader whose sentences carry exact source spans.

The reader is hand-written rather than built on markdown-it-py because the
pipeline needs exact character offsets for every sentence; markdown-it-py
reports only line ranges and cannot render Markdown back (the tests use it as
the oracle: the reader's blocks and every edition's structure agree with
it).  Rendering (:mod:`transpipe.document.markdown_render`) copies every
character of the source that is not inside a translated sentence, so an
edition where nothing is translated is the source byte for byte.  What is
read, following CommonMark and GFM as news articles use them:

* FRONT_MATTER: YAML (``---``), TOML (``+++``) or JSON (``{``) front matter
  at the top (:mod:`transpipe.document.front_matter`); the values of its
  reader-facing keys are sentences noted ``front matter: title``.
* TITLE: the first level-1 ATX heading (``# ...``); later ones are HEADING.
* HEADING: ATX headings (a closing ``##`` sequence and an attribute block
  ``{#id .class}`` are markup, not text) and setext headings (a paragraph
  underlined with ``===`` or ``---``).
* PARAGRAPH: consecutive lines; a sentence may run over several of them and
  is one entry.  A hard line break (two trailing spaces or a trailing
  backslash) ends a sentence: the break is markup and stays.  A footnote
  definition ``[^1]: ...`` is a paragraph whose prefix is its label, and
  paragraphs indented under it continue it.
* LIST_ITEM: ``-``, ``*``, ``+``, ``1.``, ``1)`` items (a task box ``[x]``
  is part of the marker) and the definitions of definition lists
  (``: ...`` under a term, the term being a paragraph).
* QUOTE: ``>`` lines; lines holding only ``>`` are VERBATIM, fenced code
  inside a quotation is CODE.
* TABLE: a GFM table; every cell with a letter is one entry noted
  ``table row N, column M`` (the header row is row 1); pipes and the
  alignment row are markup.
* HTML: a raw HTML block (CommonMark kinds 1 to 7) read as HTML is
  (:mod:`transpipe.document.html`): its text runs and its ``alt``, ``title``
  and the like are entries, everything else is kept; one without text is
  VERBATIM.
* TEMPLATE: lines holding only template tags: Hugo shortcodes, Liquid and
  Jinja tags; the ``caption``, ``title``, ``alt``, ``summary`` and
  ``description`` parameters are entries noted ``shortcode figure caption``
  or ``liquid include caption``.  Paired tags around code or kept text
  (``highlight``, ``code``, ``raw``, ``comment``) enclose a CODE block.
* CODE: fenced and indented code: never translated.
* VERBATIM: thematic breaks, link reference definitions, attribute lines
  (``{: .lead}``), HTML comments and other markup without text.

Inside a sentence, inline markup (emphasis, links, code spans, inline HTML,
template tags, footnote references) is kept as written for the reviewer; the
inline protection hides it from engines.  An image's alt text is an entry of
its own, noted ``image alt``, as are the ``alt`` and ``title`` attributes of
inline HTML (``html attribute: abbr title``); a sentence made of markup alone
(an image on its own) is no entry.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from transpipe.core.model import Block, BlockKind, Document, Sentence
from transpipe.core.notes import PlaceNote, format_place_note
from transpipe.document.front_matter import DEFAULT_KEYS, read_front_matter
from transpipe.document.html_reader import read_blocks
from transpipe.document.inline import protect
from transpipe.document.markdown_syntax import (
    ATTRIBUTE_LINE,
    ATX,
    ATX_CLOSING,
    DEFINITION,
    FENCE,
    FOOTNOTE,
    HEADING_ATTRIBUTES,
    HTML_BLOCKS,
    INDENTED,
    LINK_DEF,
    LIST,
    QUOTE,
    SETEXT,
    TABLE_DELIMITER,
    TASK,
    THEMATIC,
    code_tag_closer,
    hard_break,
    indent_width,
    leading_space,
    table_cells,
    tag_name,
    tag_parameters,
    template_line_end,
    title_span,
)
from transpipe.document.text import Piece, is_blank, make_sentences, split_lines
from transpipe.text.spans import TEMPLATE_TAG

__all__ = ["TAG_TEXT_PARAMETERS", "parse_markdown"]

# the template-tag parameters whose values readers see
TAG_TEXT_PARAMETERS = frozenset({"caption", "title", "alt", "summary", "description"})
_LETTER = re.compile(r"[^\W\d_]")
_PLACEHOLDER = re.compile(r"\{\d+\}")


def parse_markdown(text: str, path: str, keys: frozenset[str] = frozenset()) -> Document:
    """Read a Markdown article (already decoded, ``\\n`` line ends) into blocks.

    ``keys`` are front matter keys to translate besides :data:`DEFAULT_KEYS`.
    Malformed front matter raises :class:`~transpipe.core.errors.InputError`
    naming ``path`` and the line.
    """
    blocks = _MarkdownReader(text, path, DEFAULT_KEYS | keys).read()
    return Document(
        path=path,
        format="markdown",
        blocks=tuple(blocks),
        trailing_newline=text.endswith("\n"),
        source=text,
    )


def _inline_entries(sentence: Sentence, source: str) -> list[Sentence]:
    """The entries inside a sentence's markup: image alt texts and inline HTML text attributes."""
    found: list[Sentence] = []
    at = sentence.start
    for token in protect(sentence.text).tokens:
        start = source.find(token, at, sentence.end)
        if start < 0:  # markup that runs over a line break: it stays in the sentence
            continue
        at = start + len(token)
        line = sentence.line + source.count("\n", sentence.start, start)
        if token.startswith("!["):
            close = _bracket_end(token, 1)
            alt = token[2:close]
            if close > 2 and _LETTER.search(alt):
                note = format_place_note(PlaceNote("image", parameter="alt"))
                found.append(Sentence(alt, line, start + 2, start + close, note))
            found.extend(_title(token, close, start, line, "image"))
        elif token.startswith("]("):
            found.extend(_title(token, 0, start, line, "link"))
        elif token.startswith("<") and not token.startswith(("</", "<!")):
            found.extend(
                Sentence(s.text, line, start + s.start, start + s.end, s.note)
                for block in read_blocks(token)
                if block.kind is BlockKind.ATTRIBUTE
                for s in block.sentences
            )
    return found


def _title(token: str, tail: int, start: int, line: int, kind: str) -> list[Sentence]:
    """The title of a link or image ``token`` (at file offset ``start``) as an entry, if it has one."""
    span = title_span(token, tail)
    if span is None or not _LETTER.search(token[span[0] : span[1]]):
        return []
    note = format_place_note(PlaceNote(kind, parameter="title"))
    return [Sentence(token[span[0] : span[1]], line, start + span[0], start + span[1], note)]


def _bracket_end(text: str, opener: int) -> int:
    """Index of the ``]`` matching the ``[`` at ``opener`` (backslash escapes skipped)."""
    depth = 0
    i = opener
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return len(text)


def _is_prose(sentence: Sentence) -> bool:
    """Whether a sentence holds text of its own, not only markup (an image, a shortcode)."""
    protected = protect(sentence.text)
    return not protected.tokens or bool(_LETTER.search(_PLACEHOLDER.sub("", protected.text)))


class _MarkdownReader:
    """One pass over the lines of a Markdown text, producing blocks."""

    def __init__(self, text: str, path: str, keys: frozenset[str]) -> None:
        self.text = text
        self.path = path
        self.keys = keys
        self.lines = split_lines(text)
        self.blocks: list[Block] = []
        self.title_seen = False
        self.list_indent: int | None = None  # content indent of the outermost open item

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
        sentences = self.sentences(pieces) if pieces else ()
        self.blocks.append(Block(kind, start + 1, self.raw(start, end), prefix, sentences))
        return end

    def add_entries(
        self, kind: BlockKind, start: int, end: int, sentences: Sequence[Sentence]
    ) -> int:
        """A block of markup whose entries were found by other means (cells, parameters)."""
        if not sentences:
            kind = BlockKind.VERBATIM
        self.blocks.append(Block(kind, start + 1, self.raw(start, end), "", tuple(sentences)))
        return end

    def piece(self, i: int, skip: int) -> Piece:
        offset, line = self.lines[i]
        return (i + 1, offset + skip, line[skip:])

    def sentences(self, pieces: list[Piece]) -> tuple[Sentence, ...]:
        """The entries of a block's text: sentences that end at hard breaks, image alts."""
        groups: list[list[Piece]] = [[]]
        for k, (line_no, offset, text) in enumerate(pieces):
            cut = hard_break(text) if k < len(pieces) - 1 else None
            groups[-1].append((line_no, offset, text if cut is None else text[:cut]))
            if cut is not None:
                groups.append([])
        found: list[Sentence] = []
        for group in groups:
            for sentence in make_sentences(group):
                found.extend(_inline_entries(sentence, self.text))
                if _is_prose(sentence):
                    found.append(sentence)
        return tuple(found)

    # -- dispatch -----------------------------------------------------------

    def _front_matter(self) -> int:
        front = read_front_matter(self.text, self.path, self.keys)
        if front is None:
            return 0
        sentences = [
            Sentence(
                value.text,
                value.line,
                value.start,
                value.end,
                format_place_note(PlaceNote("front matter", value.key)),
            )
            for value in front.values
            if not value.language
        ]
        last = self.text.count("\n", 0, front.end - 1 if front.end else 0)
        end = min(last + 1, len(self.lines))
        self.blocks.append(Block(BlockKind.FRONT_MATTER, 1, self.raw(0, end), "", tuple(sentences)))
        return end

    def _block(self, i: int) -> int:
        line = self.line(i)
        if (
            self.list_indent is not None
            and indent_width(line) < self.list_indent
            and not LIST.match(line)
            and not DEFINITION.match(line)
        ):
            self.list_indent = None
        in_list = self.list_indent is not None
        if self._fence(line) is not None:
            return self._fenced(i)
        if not in_list and INDENTED.match(line):
            return self._indented(i)
        if THEMATIC.fullmatch(line):
            self.list_indent = None
            return self.add(BlockKind.VERBATIM, i, i + 1)
        if ATX.fullmatch(line):
            return self._atx(i)
        if QUOTE.match(line):
            return self._quote(i)
        item = LIST.match(line)
        if item is not None and self._may_indent(line):
            return self._list_item(i)
        if DEFINITION.match(line):
            return self._definition(i)
        for start, end, _ in HTML_BLOCKS:
            if start.match(line):
                return self._html(i, end)
        tags_end = template_line_end([text for _, text in self.lines], i)
        if tags_end is not None:
            return self._template(i, tags_end)
        if ATTRIBUTE_LINE.fullmatch(line):
            return self.add(BlockKind.VERBATIM, i, i + 1)
        if self._table_starts(i):
            return self._table(i)
        if LINK_DEF.fullmatch(line):
            return self._link_definitions(i)
        footnote = FOOTNOTE.match(line)
        if footnote is not None:
            self.list_indent = 4  # indented paragraphs after it continue the footnote
        return self._paragraph(i, footnote.group() if footnote else None)

    def _fence(self, line: str) -> re.Match[str] | None:
        found = FENCE.fullmatch(line)
        if found is None:
            return None
        if self.list_indent is None and indent_width(found.group("indent")) > 3:
            return None
        if found.group("fence")[0] == "`" and "`" in found.group("info"):
            return None
        return found

    def _may_indent(self, line: str) -> bool:
        """Whether a block may start at this line's indentation (4+ spaces is code outside lists)."""
        return self.list_indent is not None or indent_width(line) <= 3

    def _interrupts(self, line: str) -> bool:
        """Whether ``line`` ends a paragraph by starting another block."""
        if (
            self._fence(line)
            or ATX.fullmatch(line)
            or THEMATIC.fullmatch(line)
            or (QUOTE.match(line) and self._may_indent(line))
            or ATTRIBUTE_LINE.fullmatch(line)
            or DEFINITION.match(line)
            or FOOTNOTE.match(line)
            or template_line_end([line], 0) is not None
        ):
            return True
        item = LIST.match(line)
        if item is not None and item.group("space") and self._may_indent(line):
            number = item.group("number")
            if number is None or int(number) == 1:
                return True
        return any(start.match(line) for start, _, interrupts in HTML_BLOCKS if interrupts)

    def _table_starts(self, i: int) -> bool:
        return (
            i + 1 < len(self.lines)
            and "|" in self.line(i)
            and "|" in self.line(i + 1)
            and TABLE_DELIMITER.fullmatch(self.line(i + 1)) is not None
        )

    # -- blocks of markup ---------------------------------------------------------

    def _fenced(self, i: int) -> int:
        opener = self._fence(self.line(i))
        if opener is None:
            raise ValueError(f"line {i + 1} opens no fence")
        fence = opener.group("fence")
        closing = re.compile(r"[ \t]*" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}[ \t]*")
        for k in range(i + 1, len(self.lines)):
            if closing.fullmatch(self.line(k)):
                return self.add(BlockKind.CODE, i, k + 1)
        return self.add(BlockKind.CODE, i, len(self.lines))

    def _indented(self, i: int) -> int:
        end = i + 1
        k = i + 1
        while k < len(self.lines) and (is_blank(self.line(k)) or INDENTED.match(self.line(k))):
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
        if end is not None:  # script, style, pre, comments, declarations: nothing to read
            return self.add(BlockKind.VERBATIM, i, k)
        raw = self.raw(i, k)
        base, first = self.lines[i][0], i + 1
        sentences = [
            Sentence(s.text, s.line + first - 1, s.start + base, s.end + base, s.note)
            for block in read_blocks(raw)
            for s in block.sentences
        ]
        return self.add_entries(BlockKind.HTML, i, k, sentences)

    def _template(self, i: int, end: int) -> int:
        closer = code_tag_closer(self.line(i))
        if closer is not None:
            opener_end = TEMPLATE_TAG.match(self.line(i).lstrip(" \t"))
            skip = len(leading_space(self.line(i))) + (opener_end.end() if opener_end else 0)
            for k in range(i, len(self.lines)):
                if closer.search(self.line(k), skip if k == i else 0):
                    return self.add(BlockKind.CODE, i, k + 1)
            return self.add(BlockKind.CODE, i, len(self.lines))
        raw = self.raw(i, end)
        base = self.lines[i][0]
        sentences = []
        for tag in TEMPLATE_TAG.finditer(raw):
            kind = "shortcode" if tag.group().startswith(("{{<", "{{%")) else "liquid"
            name = tag_name(tag.group())
            for parameter in tag_parameters(tag.group()):
                if parameter.name.lower() in TAG_TEXT_PARAMETERS and _LETTER.search(
                    parameter.value
                ):
                    start = tag.start() + parameter.start
                    note = format_place_note(PlaceNote(kind, name, parameter.name))
                    line = i + 1 + raw.count("\n", 0, start)
                    sentences.append(
                        Sentence(
                            parameter.value,
                            line,
                            base + start,
                            base + tag.start() + parameter.end,
                            note,
                        )
                    )
        return self.add_entries(BlockKind.TEMPLATE, i, end, sentences)

    def _table(self, i: int) -> int:
        k = i + 2
        while (
            k < len(self.lines)
            and not is_blank(self.line(k))
            and not self._interrupts(self.line(k))
        ):
            k += 1
        sentences: list[Sentence] = []
        for row, index in enumerate((i, *range(i + 2, k)), start=1):
            offset, line = self.lines[index]
            for column, cell in enumerate(table_cells(line), start=1):
                text = line[cell.start : cell.end]
                if not _LETTER.search(text):
                    continue
                note = format_place_note(PlaceNote("table", row=row, column=column))
                whole = Sentence(text, index + 1, offset + cell.start, offset + cell.end, note)
                sentences.extend(_inline_entries(whole, self.text))
                if _is_prose(whole):
                    sentences.append(whole)
        return self.add_entries(BlockKind.TABLE, i, k, sentences)

    def _link_definitions(self, i: int) -> int:
        k = i + 1
        while k < len(self.lines) and LINK_DEF.fullmatch(self.line(k)):
            k += 1
        titles: list[Sentence] = []
        for index in range(i, k):
            offset, line = self.lines[index]
            titles.extend(_title(line, -1, offset, index + 1, "link"))
        self.blocks.append(Block(BlockKind.VERBATIM, i + 1, self.raw(i, k), "", tuple(titles)))
        return k

    # -- blocks of text -------------------------------------------------------------

    def _atx(self, i: int) -> int:
        found = ATX.fullmatch(self.line(i))
        if found is None:
            raise ValueError(f"line {i + 1} is no heading")
        prefix = found.group("prefix")
        content = found.group("content")
        attributes = HEADING_ATTRIBUTES.search(content)
        if attributes is not None:
            content = content[: attributes.start()]
        closing = ATX_CLOSING.search(content)
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
        prefix = label if label is not None else leading_space(line)
        pieces = [self.piece(i, len(prefix))]
        k = i + 1
        while k < len(self.lines):
            line = self.line(k)
            if is_blank(line):
                break
            if SETEXT.fullmatch(line) and label is None:
                last = pieces[-1]
                attributes = HEADING_ATTRIBUTES.search(last[2])
                if attributes is not None:
                    pieces[-1] = (last[0], last[1], last[2][: attributes.start()])
                return self.add(BlockKind.HEADING, i, k + 1, prefix, pieces)
            if self._interrupts(line) or self._table_starts(k):
                break
            pieces.append(self.piece(k, 0))
            k += 1
        return self.add(BlockKind.PARAGRAPH, i, k, prefix, pieces)

    def _definition(self, i: int) -> int:
        marker = DEFINITION.match(self.line(i))
        if marker is None:
            raise ValueError(f"line {i + 1} is no definition")
        prefix = marker.group()
        self.list_indent = max(indent_width(prefix), 2)
        pieces = [self.piece(i, len(prefix))]
        k = i + 1
        while k < len(self.lines) and not is_blank(self.line(k)):
            if self._interrupts(self.line(k)) or LIST.match(self.line(k)):
                break
            pieces.append(self.piece(k, 0))
            k += 1
        return self.add(BlockKind.LIST_ITEM, i, k, prefix, pieces)

    def _list_item(self, i: int) -> int:
        line = self.line(i)
        item = LIST.match(line)
        if item is None:
            raise ValueError(f"line {i + 1} is no list item")
        prefix = item.group()
        task = TASK.match(line, len(prefix))
        if task is not None:
            prefix += task.group()
        indent = indent_width(line)
        content_indent = (
            indent_width(item.group("indent"))
            + len(item.group("marker"))
            + max(len(item.group("space")), 1)
        )
        if self.list_indent is None or indent < self.list_indent:
            self.list_indent = content_indent
        pieces = [self.piece(i, len(prefix))]
        k = i + 1
        while k < len(self.lines):
            line = self.line(k)
            if is_blank(line):
                break
            other = LIST.match(line)
            if other is not None:
                # an item of this list or an outer one, or a nested list that may
                # interrupt the item's text (an ordered one only when it starts at 1)
                number = other.group("number")
                if indent_width(line) < content_indent or number is None or int(number) == 1:
                    break
            elif self._interrupts(line):
                break
            pieces.append(self.piece(k, 0))
            k += 1
        if not item.group("space") and len(pieces) > 1:
            prefix += " "  # "-" alone, text on the next lines
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
                marker = QUOTE.match(self.line(k))
                pieces.append(self.piece(k, len(marker.group()) if marker else 0))
            self.add(BlockKind.QUOTE, current[0], current[-1] + 1, current_prefix, pieces)
            current.clear()

        k = i
        while k < len(self.lines):
            line = self.line(k)
            marker = QUOTE.match(line)
            if marker is None:
                if current and not is_blank(line) and not self._interrupts(line):
                    current.append(k)
                    k += 1
                    continue
                break
            content = line[marker.end() :]
            depth = marker.group().count(">")
            if is_blank(content) or THEMATIC.fullmatch(content):
                flush()
                k = self.add(BlockKind.VERBATIM, k, k + 1)
                continue
            fence = FENCE.fullmatch(content)
            if fence is not None:
                flush()
                k = self._quoted_fence(k, fence.group("fence"))
                continue
            item = LIST.match(content)
            heading = ATX.fullmatch(content)
            if current and depth == current_depth and item is None and heading is None:
                current.append(k)
            else:
                flush()
                if item is not None:
                    lead = item.group()
                elif heading is not None:
                    lead = heading.group("prefix")
                else:
                    lead = leading_space(content)
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
            marker = QUOTE.match(self.line(k))
            if marker is None:
                break
            k += 1
            if closing.fullmatch(self.line(k - 1)[marker.end() :]):
                break
        return self.add(BlockKind.CODE, i, k)
