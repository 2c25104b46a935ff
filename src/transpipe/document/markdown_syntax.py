"""The line-level syntax of Markdown articles: block openers, tables, template tags.

The patterns and small scanners the Markdown reader
(:mod:`transpipe.document.markdown`) and renderer
(:mod:`transpipe.document.markdown_render`) share.  Everything here takes a
line or a string and returns spans; nothing knows about blocks.

Template tags on lines of their own (:func:`template_line_end`) are Hugo
shortcodes (``{{< figure ... >}}``, ``{{% note %}}``), Liquid and Jinja tags
(``{% include ... %}``, ``{{ ... }}``, ``{# ... #}``).  Their parameters
(:func:`tag_parameters`) are ``name=value`` pairs with a value quoted with
``"`` (``\\"`` escapes a quote), ``'`` or backticks, or bare.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from transpipe.document.inline import inline_tail
from transpipe.text.spans import TEMPLATE_TAG

__all__ = [
    "ATTRIBUTE_LINE",
    "ATX",
    "ATX_CLOSING",
    "DEFINITION",
    "FENCE",
    "FOOTNOTE",
    "HEADING_ATTRIBUTES",
    "HTML_BLOCKS",
    "INDENTED",
    "LINK_DEF",
    "LIST",
    "QUOTE",
    "SETEXT",
    "TABLE_DELIMITER",
    "TASK",
    "THEMATIC",
    "Cell",
    "TagParameter",
    "code_tag_closer",
    "escape_title",
    "hard_break",
    "indent_width",
    "leading_space",
    "table_cells",
    "tag_name",
    "tag_parameters",
    "template_line_end",
    "title_span",
]

FENCE = re.compile(r"(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)")
ATX = re.compile(r"(?P<prefix> {0,3}#{1,6}(?:[ \t]+|$))(?P<content>.*)")
ATX_CLOSING = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
# a Pandoc/kramdown attribute block closing a heading: "## Results {#results .wide}"
HEADING_ATTRIBUTES = re.compile(r"[ \t]+\{[ \t]*[#.:][^{}\n]*\}[ \t]*$")
# a kramdown block attribute list or an attribute block on a line of its own: "{: .lead}"
ATTRIBUTE_LINE = re.compile(r" {0,3}\{[ \t]*(?::|[#.][A-Za-z])[^{}\n]*\}[ \t]*")
THEMATIC = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*")
SETEXT = re.compile(r" {0,3}(?:=+|-+)[ \t]*")
QUOTE = re.compile(r"[ \t]*>(?:[ \t]{0,3}>)*[ \t]?")
LIST = re.compile(r"(?P<indent>[ \t]*)(?P<marker>[-*+]|(?P<number>\d{1,9})[.)])(?P<space>[ \t]+|$)")
# a task-list box after a list marker: "- [x] done"
TASK = re.compile(r"\[[ xX]\][ \t]+(?=\S)")
# a definition of a definition list: ": the meaning" under its term
DEFINITION = re.compile(r" {0,3}:[ \t]+(?=\S)")
FOOTNOTE = re.compile(r" {0,3}\[\^[^\]\s]+\]:[ \t]*")
LINK_DEF = re.compile(
    r" {0,3}\[(?:[^\]\\]|\\.)+\]:[ \t]*(?:<[^>]*>|\S+)"
    r"""(?:[ \t]+(?:"[^"]*"|'[^']*'|\([^)]*\)))?[ \t]*"""
)
_TITLE = r"""[ \t]+(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\((?:[^()\\]|\\.)*\))[ \t]*"""
# a link reference definition with a title: [label]: target "title"
_DEFINITION_TITLE = re.compile(
    r" {0,3}\[(?:[^\]\\]|\\.)+\]:[ \t]*(?:<[^>]*>|\S+)(?P<title>" + _TITLE + r")$"
)
TABLE_DELIMITER = re.compile(r" {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*")
INDENTED = re.compile(r"(?: {4}|\t)")

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
# CommonMark's HTML blocks, kinds 1 to 7: (start, end or None for "ends before a blank
# line", whether it may interrupt a paragraph)
HTML_BLOCKS: tuple[tuple[re.Pattern[str], re.Pattern[str] | None, bool], ...] = (
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

_TEMPLATE_OPENER = re.compile(r" {0,3}(?=\{\{[<%]|\{%|\{\{|\{#)")
_TAG_NAME = re.compile(r"\{(?:\{[<%]|%|\{)-?[ \t]*/?(?P<name>[A-Za-z_][\w.-]*)")
# the paired tags whose content is code or kept text, never prose
_CODE_TAGS = frozenset({"highlight", "code", "raw", "comment", "codeblock"})
_PARAMETER = re.compile(
    r"""(?P<name>[A-Za-z_][\w-]*)[ \t]*=[ \t]*"""
    r"""(?:"(?P<double>(?:[^"\\\n]|\\.)*)"|'(?P<single>[^'\n]*)'|`(?P<raw>[^`]*)`"""
    r"""|(?P<bare>[^\s"'`=%>}]+))"""
)


def leading_space(line: str) -> str:
    """The spaces and tabs a line begins with."""
    return line[: len(line) - len(line.lstrip(" \t"))]


def indent_width(line: str) -> int:
    """The columns a line's leading whitespace takes (tabs stop every 4)."""
    width = 0
    for ch in line:
        if ch == " ":
            width += 1
        elif ch == "\t":
            width += 4 - width % 4
        else:
            break
    return width


def hard_break(line: str) -> int | None:
    """Where a line's hard line break starts (two spaces or a backslash at its end), if any.

    The returned index is where the line's text ends: the trailing spaces or
    the backslash are the break.
    """
    if line.endswith("\\") and not line.endswith("\\\\"):
        return len(line) - 1
    stripped = line.rstrip(" ")
    if len(line) - len(stripped) >= 2 and stripped.strip():
        return len(stripped)
    return None


def template_line_end(lines: list[str], i: int) -> int | None:
    """The index after the last line of template tags starting at line ``i``, if there is one.

    Line ``i`` qualifies when it holds nothing but template tags and
    whitespace; a tag may run over several lines (parameters one per line).
    """
    if _TEMPLATE_OPENER.match(lines[i]) is None:
        return None
    end = i
    text = lines[i]
    while True:
        rest = TEMPLATE_TAG.sub("", text)
        if not rest.strip():
            return end + 1
        if _TEMPLATE_OPENER.match(rest) is None or end + 1 >= len(lines) or end - i >= 40:
            return None
        end += 1
        text += "\n" + lines[end]


def code_tag_closer(line: str) -> re.Pattern[str] | None:
    """For a line opening a paired tag whose content is code or kept text, its closing tag.

    ``{{< highlight go >}}`` is closed by ``{{< /highlight >}}``,
    ``{% raw %}`` by ``{% endraw %}``.
    """
    found = _TAG_NAME.match(line.lstrip(" \t"))
    if found is None or found.group("name") not in _CODE_TAGS or "/" in found.group():
        return None
    name = re.escape(found.group("name"))
    return re.compile(r"\{\{[<%]-?[ \t]*/" + name + r"\b" + r"|\{%-?[ \t]*end" + name + r"\b")


def tag_name(tag: str) -> str:
    """The name of a template tag: ``figure`` for ``{{< figure src="x" >}}``."""
    found = _TAG_NAME.match(tag)
    return found.group("name") if found is not None else ""


def title_span(text: str, tail: int) -> tuple[int, int] | None:
    """The span of the title inside its quotes or parentheses, in a link or image tail
    (``](target "title")``) starting at ``tail`` and running to the end of ``text`` (read
    as inline protection reads it, :func:`~transpipe.document.inline.inline_tail`), or in
    a link reference definition (``tail`` -1: ``text`` is the definition's line)."""
    if tail >= 0:
        if not text.startswith("](", tail):
            return None
        found = inline_tail(text, tail + 1)
        return found[1] if found is not None and found[0] == len(text) else None
    definition = _DEFINITION_TITLE.fullmatch(text)
    if definition is None:
        return None
    title = definition.group("title")
    lead = len(title) - len(title.lstrip(" \t"))
    start = definition.start("title") + lead + 1
    return start, definition.start("title") + len(title.rstrip(" \t")) - 1


def escape_title(text: str, opener: str) -> str:
    """``text`` as the content of a title delimited by ``opener`` (``"``, ``'`` or ``(``)."""
    special = ")(" if opener == "(" else opener
    out: list[str] = []
    for i, ch in enumerate(text):
        if ch in special or (ch == "\\" and (i + 1 == len(text) or text[i + 1] in special + "\\")):
            out.append("\\")
        out.append(ch)
    return "".join(out)


@dataclass(frozen=True, slots=True)
class TagParameter:
    """A ``name=value`` parameter of a template tag; ``start``/``end`` span the value
    inside its quotes; ``quote`` is ``"``, ``'``, a backtick or empty (bare)."""

    name: str
    start: int
    end: int
    quote: str
    value: str


def tag_parameters(tag: str) -> list[TagParameter]:
    """The named parameters of one template tag, in order, with their spans in ``tag``."""
    found: list[TagParameter] = []
    for match in _PARAMETER.finditer(tag):
        for group, quote in (("double", '"'), ("single", "'"), ("raw", "`"), ("bare", "")):
            if match.group(group) is not None:
                raw = match.group(group)
                value = re.sub(r"\\(.)", r"\1", raw) if quote == '"' else raw
                found.append(TagParameter(match.group("name"), *match.span(group), quote, value))
                break
    return found


@dataclass(frozen=True, slots=True)
class Cell:
    """A table cell's text (trimmed) and its span in the row."""

    start: int
    end: int


def table_cells(row: str) -> list[Cell]:
    """The cells of a GFM table row: split at pipes not escaped with a backslash.

    A leading and a trailing pipe are optional; each cell's span leaves out
    the spaces around its text (an empty cell has an empty span).
    """
    bounds: list[int] = []
    i = 0
    while i < len(row):
        if row[i] == "\\":
            i += 2
            continue
        if row[i] == "|":
            bounds.append(i)
        i += 1
    edges = [-1, *bounds, len(row)]
    cells: list[Cell] = []
    for k, (a, b) in enumerate(itertools.pairwise(edges)):
        first, last = k == 0, k == len(edges) - 2
        inner = row[a + 1 : b]
        if (first and bounds and not inner.strip()) or (last and bounds and not inner.strip()):
            continue  # the outer pipes' empty sides
        lead = len(inner) - len(inner.lstrip())
        cells.append(Cell(a + 1 + lead, a + 1 + len(inner.rstrip())))
    return cells
