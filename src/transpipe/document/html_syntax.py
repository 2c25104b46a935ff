"""HTML as the reader and the renderer both see it: tokens with source offsets,
the element sets, escaping.

:func:`tokenize` runs the standard library's tokenizer and gives every event
the span of the source it covers (the text between two events belongs to the
first), so the spans tile the file.  The element sets say which elements
are phrasing content (:data:`INLINE_ELEMENTS`), have no end tag
(:data:`VOID_ELEMENTS`) and are kept whole, never translated, inside running
text (:data:`OPAQUE_ELEMENTS`, which inline protection of Markdown shares).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from html.parser import HTMLParser

__all__ = [
    "INLINE_ELEMENTS",
    "OPAQUE_ELEMENTS",
    "SPACE_RUN",
    "TAG",
    "TEXT",
    "VOID_ELEMENTS",
    "WHITESPACE",
    "WHOLE",
    "Event",
    "escape_attribute",
    "escape_text",
    "fold",
    "tokenize",
    "translate_off",
]

WHITESPACE = " \t\n\r\f"
INLINE_ELEMENTS = frozenset(
    {
        "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "br", "cite", "code", "data", "del",
        "dfn", "em", "font", "i", "img", "ins", "kbd", "label", "mark", "nobr", "q", "rp", "rt",
        "ruby", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u",
        "var", "wbr",
    }
)  # fmt: skip
VOID_ELEMENTS = frozenset(
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta",
        "param", "source", "track", "wbr",
    }
)  # fmt: skip
# inline elements kept whole, never translated: inside an HTML run and in Markdown's inline HTML
OPAQUE_ELEMENTS = frozenset({"code", "kbd", "samp", "script", "style", "template"})
SPACE_RUN = re.compile(r"[ \t\n\r\f]+")

# an item of a run: what it is, and its span in the text it came from
TEXT, TAG, WHOLE = "text", "tag", "whole"


@dataclass(frozen=True, slots=True)
class Event:
    """One token of the tokenizer and the span of the source it covers."""

    kind: str  # "start", "startend", "end", "data", "comment" or "other"
    start: int
    end: int
    tag: str = ""
    attrs: tuple[tuple[str, str | None], ...] = ()


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


def tokenize(text: str) -> list[Event]:
    """Every event of ``text`` with its span; the spans tile the text."""
    tokenizer = _Tokenizer(text)
    tokenizer.feed(text)
    tokenizer.close()
    found = tokenizer.found
    events = []
    for index, (kind, start, tag, attrs) in enumerate(found):
        end = found[index + 1][1] if index + 1 < len(found) else len(text)
        if end > start:
            events.append(Event(kind, start, end, tag, attrs))
    return events


def translate_off(attrs: Sequence[tuple[str, str | None]]) -> bool | None:
    """The element's own ``translate`` setting: True for "no", False for "yes", else None."""
    for key, value in attrs:
        if key == "translate":
            setting = (value or "").strip().lower()
            if setting == "no":
                return True
            if setting in ("", "yes"):
                return False
    return None


def fold(markup: str) -> str:
    """A tag as it appears in a sentence: whitespace runs folded to one space."""
    return SPACE_RUN.sub(" ", markup)


def escape_text(text: str) -> str:
    """``text`` as HTML character data: ``&``, ``<``, ``>`` and U+00A0 as references."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\xa0", "&nbsp;")
    )  # fmt: skip


def escape_attribute(text: str, quote: str) -> str:
    """``text`` as an attribute value in ``quote`` (``""`` for unquoted: quotes are added)."""
    escaped = escape_text(text)
    if quote == "'":
        return escaped.replace("'", "&#39;")
    escaped = escaped.replace('"', "&quot;")
    return escaped if quote == '"' else f'"{escaped}"'
