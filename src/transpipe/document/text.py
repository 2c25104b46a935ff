"""Plain-text articles: reading into a :class:`Document` and rendering back.

Blocks are runs of non-blank lines separated by blank lines:

* the first block is the TITLE when it is a single line without
  sentence-final punctuation (``. ! ? … : ; ,``, possibly followed by a
  closing quote or bracket); otherwise it is a PARAGRAPH;
* any later single line of at most 12 words and 100 characters without
  final punctuation is a HEADING (a repeated title line becomes one);
* a line starting with ``- ``, ``* ``, ``• ``, ``– ``, ``1. `` or ``1) ``
  starts a LIST_ITEM when it opens its block, follows another list item or
  follows a line ending with ``:``; the lines after it, up to the next
  item, continue it;
* everything else is a PARAGRAPH; its lines are joined with single spaces.

A block's ``prefix`` is the leading whitespace of its first line plus any
list marker.  A sentence may run over several lines; it is one entry.  This
module also holds the line, sentence and splicing helpers shared with
:mod:`transpipe.document.markdown`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from typing import TypeAlias

from transpipe.core.model import Block, BlockKind, Document, Sentence
from transpipe.document.segment import split_sentences
from transpipe.text.wrap import display_width, wrap

__all__ = ["parse_text", "render_text"]

Lookup: TypeAlias = Callable[[str], str | None]
# a stretch of one line: (1-based line, file offset where it starts, its text)
Piece: TypeAlias = tuple[int, int, str]

_BULLET = re.compile(r"[ \t]*(?:[-*•–]|\d{1,2}[.)])[ \t]+(?=\S)")
_FINAL_PUNCT = frozenset(".!?…:;,")
_TRAILING_CLOSERS = "\"'”’)]*_"
_HEADING_MAX_WORDS = 12
_HEADING_MAX_CHARS = 100


def split_lines(text: str) -> list[tuple[int, str]]:
    """The lines of ``text`` as ``(file offset, line without its newline)``.

    Only ``\\n`` ends a line (unlike :meth:`str.splitlines`); a final newline
    does not start an extra empty line.
    """
    lines: list[tuple[int, str]] = []
    offset = 0
    parts = text.split("\n")
    if text.endswith("\n"):
        parts.pop()
    for part in parts:
        lines.append((offset, part))
        offset += len(part) + 1
    return lines


def is_blank(line: str) -> bool:
    """Whether a line holds nothing but whitespace."""
    return not line.strip()


def make_sentences(pieces: Sequence[Piece]) -> tuple[Sentence, ...]:
    """Split the pieces of a block, joined by single spaces, into sentences.

    Each piece is stripped first.  A sentence's ``start`` is the file offset
    of its first character, ``end`` one past the file offset of its last
    character, ``line`` the line of its first character.
    """
    chars: list[str] = []
    offsets: list[int] = []
    line_of: list[int] = []
    for line_no, offset, piece in pieces:
        body = piece.strip()
        if not body:
            continue
        lead = len(piece) - len(piece.lstrip())
        if chars:
            chars.append(" ")
            offsets.append(offsets[-1] + 1)
            line_of.append(line_of[-1])
        chars.extend(body)
        offsets.extend(range(offset + lead, offset + lead + len(body)))
        line_of.extend([line_no] * len(body))
    joined = "".join(chars)
    return tuple(
        Sentence(joined[a:b], line_of[a], offsets[a], offsets[b - 1] + 1)
        for a, b in split_sentences(joined)
    )


def render_sentences(block: Block, lookup: Lookup) -> str:
    """A translatable block's text: each sentence looked up, joined by spaces.

    ``None`` from ``lookup`` means "not translated": the source sentence is
    used.  An empty translation drops the sentence.  Newlines inside a
    translation become spaces, so the block stays on one line.
    """
    parts: list[str] = []
    for sentence in block.sentences:
        found = lookup(sentence.text)
        target = sentence.text if found is None else found
        if "\n" in target:
            target = " ".join(part.strip() for part in target.split("\n") if part.strip())
        if target:
            parts.append(target)
    return " ".join(parts)


def line_starts(text: str) -> list[int]:
    """The offset where each line of ``text`` starts (one more: past the end)."""
    starts = [0]
    for line in text.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    return starts


def splice(source: str, changes: Iterable[tuple[int, int, str]]) -> str:
    """``source`` with each ``(start, end, text)`` change put in place of ``source[start:end]``.

    The changes must not overlap; every other character is copied.
    """
    out: list[str] = []
    pos = 0
    for start, end, text in sorted(changes, key=lambda change: change[0]):
        if start < pos:
            raise ValueError(f"overlapping changes at offset {start}")
        out.append(source[pos:start])
        out.append(text)
        pos = end
    out.append(source[pos:])
    return "".join(out)


def parse_text(text: str, path: str) -> Document:
    """Read a plain-text article (already decoded, ``\\n`` line ends) into blocks."""
    lines = split_lines(text)
    blocks: list[Block] = []
    group: list[int] = []
    for index, (_, line) in enumerate([*lines, (len(text), "")]):
        if index < len(lines) and not is_blank(line):
            group.append(index)
            continue
        if group:
            blocks.extend(_group_blocks(lines, group, first=not blocks))
            group = []
    return Document(
        path=path,
        format="text",
        blocks=tuple(blocks),
        trailing_newline=text.endswith("\n"),
        source=text,
    )


def render_text(doc: Document, lookup: Lookup) -> str:
    """Render a plain-text document, each sentence through ``lookup``.

    Every character outside a translated block is copied from the source:
    with a lookup that returns None (or the sentence itself) for every
    sentence, the output is the source byte for byte.  A translated block
    that was filled to a width (:func:`_filled_width`) is filled again to
    that width (display columns as gettext counts them), its first line after
    the block's prefix and the others indented as its second line was.  In
    any other block (one line; lines broken by hand, as in an address) each
    translated sentence takes the place of its source on one line, and the
    line breaks between sentences stay.
    """
    starts = line_starts(doc.source)
    changes: list[tuple[int, int, str]] = []
    for block in doc.blocks:
        found = [lookup(s.text) for s in block.sentences]
        if all(f is None or f == s.text for f, s in zip(found, block.sentences, strict=True)):
            continue
        width = _filled_width(block)
        if width is None:
            changes.extend(
                (s.start, s.end, " ".join(f.split()))
                for s, f in zip(block.sentences, found, strict=True)
                if f is not None and f != s.text
            )
            continue
        body = render_sentences(block, lookup)
        lines = block.raw.split("\n")
        indent = lines[1][: len(lines[1]) - len(lines[1].lstrip(" \t"))]
        filled = wrap(body, width, first_indent=block.prefix, indent=indent) if body else []
        base = starts[block.line - 1]
        changes.append((base, base + len(block.raw), "\n".join(filled)))
    return splice(doc.source, changes)


# narrower lines are broken by hand (datelines, addresses), not filled to a width
_MIN_FILL_WIDTH = 40


def _filled_width(block: Block) -> int | None:
    """The width a block's lines were filled to, or None if they were not filled.

    A block was filled to the width of its widest line when that is at least
    :data:`_MIN_FILL_WIDTH` columns and none of its lines could have taken
    the next line's first word: every line but the last ends where a filling
    writer ends it.
    """
    lines = block.raw.split("\n")
    if len(lines) < 2:
        return None
    width = max(display_width(line) for line in lines)
    if width < _MIN_FILL_WIDTH:
        return None
    for line, following in itertools.pairwise(lines):
        words = following.split()
        if not words or display_width(line.rstrip()) + 1 + display_width(words[0]) <= width:
            return None
    return width


def _group_blocks(lines: list[tuple[int, str]], group: list[int], *, first: bool) -> list[Block]:
    """Blocks of one run of non-blank lines."""
    runs: list[tuple[bool, list[int]]] = []  # (is a list item, line indexes)
    for index in group:
        line = lines[index][1]
        starts_item = _BULLET.match(line) is not None and (
            not runs or runs[-1][0] or lines[index - 1][1].rstrip().endswith(":")
        )
        if starts_item or not runs:
            runs.append((starts_item, [index]))
        else:
            runs[-1][1].append(index)
    blocks: list[Block] = []
    for is_item, indexes in runs:
        offset, head = lines[indexes[0]]
        marker = _BULLET.match(head) if is_item else re.match(r"[ \t]*", head)
        assert marker is not None
        prefix = marker.group()
        pieces: list[Piece] = [(indexes[0] + 1, offset + len(prefix), head[len(prefix) :])]
        pieces.extend((k + 1, lines[k][0], lines[k][1]) for k in indexes[1:])
        raw = "\n".join(lines[k][1] for k in indexes)
        if is_item:
            kind = BlockKind.LIST_ITEM
        elif len(indexes) == 1 and first and len(runs) == 1 and not _ends_sentence(head):
            kind = BlockKind.TITLE
        elif len(indexes) == 1 and len(runs) == 1 and _looks_like_heading(head):
            kind = BlockKind.HEADING
        else:
            kind = BlockKind.PARAGRAPH
        blocks.append(Block(kind, indexes[0] + 1, raw, prefix, make_sentences(pieces)))
    return blocks


def _ends_sentence(line: str) -> bool:
    stripped = line.rstrip().rstrip(_TRAILING_CLOSERS)
    return bool(stripped) and stripped[-1] in _FINAL_PUNCT


def _looks_like_heading(line: str) -> bool:
    stripped = line.strip()
    return (
        not _ends_sentence(stripped)
        and len(stripped) <= _HEADING_MAX_CHARS
        and len(stripped.split()) <= _HEADING_MAX_WORDS
    )
