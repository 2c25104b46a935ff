"""YAML front matter: its string scalars with exact spans, and how to write one anew.

The content is composed by ruamel.yaml's safe composer (YAML 1.2) and never
constructed: a value is what its node says (the resolved tag and the text), so
a key that is not read (a date that is no real date, a custom tag) is copied,
not refused.  The rules:

* A string scalar is a node whose resolved tag is ``!!str`` (plain text that
  resolves to a string, any quoted or block scalar, an explicit ``!!str``) and
  that has no anchor (an alias elsewhere would change with it).  Explicit
  other tags, numbers, booleans, dates and nulls are not strings.
* Its span is the scalar as written, quotes and block header included; a tag
  before it is not part of it.  A block scalar's span runs to the start of the
  line after its last line, the blank lines it swallowed included.
* An alias is the node it names: what lies under it is reported once, where
  the anchor is.
* Two keys of one mapping with the same tag and text are a duplicate: refused,
  at the second one's line.  The root must be a mapping, or empty.

A rendering keeps the scalar's style where the translation allows: plain text
that reads back as the same string under YAML 1.2 and 1.1 alike (Jekyll reads
1.1, where ``no`` is false) and is on one line; single quotes (``''`` for a
quote) on one line; a literal or folded block with its indicator, its
indentation and a chomping indicator that keeps the translation's final line
breaks.  Everything else, and every fallback, is double-quoted with escapes.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

from transpipe.core.errors import InputError
from transpipe.document.front_scalars import (
    KeyPath,
    OtherKey,
    Scalar,
    Wanted,
    invalid,
    too_deep,
)

if TYPE_CHECKING:
    from ruamel.yaml.nodes import Node

_STR = "tag:yaml.org,2002:str"
_STYLES = {None: "plain", "'": "single", '"': "double", "|": "literal", ">": "folded"}
# escapes a double-quoted scalar writes by name; other unprintable characters by number
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\x00": "\\0"}


def read(
    content: str, path: str, first_line: int, wanted: Wanted
) -> tuple[list[Scalar], list[object]]:
    """The wanted string scalars of YAML ``content`` (whose first line is the article's
    ``first_line``) in document order, and the content as plain data (see :func:`_data`);
    raises :class:`InputError` where it is not valid YAML or not a mapping."""
    from ruamel.yaml.nodes import MappingNode

    root = _compose(content, path, first_line)
    if root is None:
        return [], [None]
    if not isinstance(root, MappingNode):
        raise _not_a_mapping(path, first_line + root.start_mark.line)
    found = _scalars(root, content, path, first_line, wanted)
    try:
        return found, [_data(root, content)]
    except RecursionError:
        raise too_deep("YAML", path, first_line) from None


def _scalars(root: Node, content: str, path: str, first_line: int, wanted: Wanted) -> list[Scalar]:
    """The wanted string scalars under ``root``, each once, in document order."""
    from ruamel.yaml.nodes import ScalarNode

    found: list[Scalar] = []
    seen: set[int] = set()
    stack: list[tuple[KeyPath, Node]] = [((), root)]
    starts: dict[int, int] | None = None
    while stack:
        where, node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        children = _children(node, content, path, first_line)
        for key, child in reversed(children):
            at = (*where, key)
            if not isinstance(child, ScalarNode):
                stack.append((at, child))
            elif _is_str(child) and not child.anchor and wanted(at, child.value):
                start: int | None = child.start_mark.index
                if content.startswith("!", start):  # a tag: the span starts at the scalar
                    starts = _token_starts(content) if starts is None else starts
                    start = starts.get(child.end_mark.index)  # None: a tag and no text
                if start is not None:
                    style = _STYLES.get(child.style, "plain")
                    found.append(Scalar(at, start, child.end_mark.index, child.value, style))
    return sorted(found, key=lambda scalar: scalar.start)


def _data(root: Node, content: str) -> object:
    """The content as plain data: strings for string scalars, :class:`OtherKey` for other
    scalars (their tag and text), dicts and lists; an alias is the same object as its
    anchor."""
    from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

    made: dict[int, object] = {}

    def data(node: Node) -> object:
        if id(node) in made:
            return made[id(node)]
        if isinstance(node, ScalarNode):
            return node.value if _is_str(node) else OtherKey(str(node.tag), node.value)
        if isinstance(node, SequenceNode):
            items: list[object] = []
            made[id(node)] = items
            items.extend(data(child) for child in node.value)
            return items
        assert isinstance(node, MappingNode)
        pairs: dict[object, object] = {}
        made[id(node)] = pairs
        for key, value in node.value:
            pairs[_key(key, content)] = data(value)
        return pairs

    return data(root)


def renderings(written: str, style: str, translation: str, text: str) -> list[str]:
    """What may replace ``written`` (a scalar as written, loading as ``text``) so that it
    loads as ``translation``, best first: the scalar's own style where the translation
    fits it, then double quotes, then double quotes with every non-ASCII character
    escaped.  The caller keeps the first that reads back right."""
    found: list[str] = []
    if style == "plain" and _plain_fits(translation):
        found.append(translation)
    elif style == "single" and "\n" not in translation:
        found.append("'" + translation.replace("'", "''") + "'")
    elif style in ("literal", "folded"):
        block = _block(written, translation, text)
        if block is not None:
            found.append(block)
    # a block scalar's span ends after its line breaks: a quoted one needs them too
    tail = written[len(written.rstrip("\n")) :] if style in ("literal", "folded") else ""
    found.append(_double(translation, ascii_only=False) + tail)
    found.append(_double(translation, ascii_only=True) + tail)
    return found


def _compose(content: str, path: str, first_line: int) -> Node | None:
    """Compose ``content``; a YAML error becomes :class:`InputError` at its article line."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.reader import ReaderError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a reused anchor is valid YAML: no noise
            node: Node | None = YAML(typ="safe", pure=True).compose(content)
            return node
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = first_line + (mark.line if mark is not None else 0)
        problem = error.problem or error.context or "unreadable"
        if error.context and error.problem:
            problem = f"{error.problem} ({error.context})"
        raise invalid("YAML", problem, path, line) from None
    except ReaderError as error:
        line = first_line + content.count("\n", 0, error.position)
        problem = f"the character U+{error.character:04X} is not allowed in YAML"
        raise invalid("YAML", problem, path, line) from None
    except YAMLError as error:
        raise invalid("YAML", str(error), path, first_line) from None
    except RecursionError:
        raise too_deep("YAML", path, first_line) from None


def _not_a_mapping(path: str, line: int) -> InputError:
    return InputError(
        "front matter is not a mapping of keys to values; write `key: value` lines "
        "between the `---` lines, or remove them if they are not front matter",
        path=path,
        line=line,
    )


def _children(
    node: Node, content: str, path: str, first_line: int
) -> list[tuple[str | int | OtherKey, Node]]:
    """A collection node's children with their keys (indices for a sequence); a mapping
    with a duplicate key raises :class:`InputError`."""
    from ruamel.yaml.nodes import MappingNode, SequenceNode

    if isinstance(node, SequenceNode):
        return list(enumerate(node.value))
    if not isinstance(node, MappingNode):
        return []
    children: list[tuple[str | int | OtherKey, Node]] = []
    keys: set[str | OtherKey] = set()
    for key_node, value in node.value:
        key = _key(key_node, content)
        if key in keys:
            shown = key if isinstance(key, str) else key.text
            problem = f'the key "{shown}" is written twice in one mapping; keep one of them'
            raise invalid("YAML", problem, path, first_line + key_node.start_mark.line)
        keys.add(key)
        children.append((key, value))
    return children


def _key(node: Node, content: str) -> str | OtherKey:
    """A mapping key as a path holds it: the string, or the tag and text of anything else."""
    from ruamel.yaml.nodes import ScalarNode

    if isinstance(node, ScalarNode):
        return node.value if _is_str(node) else OtherKey(str(node.tag), node.value)
    return OtherKey(str(node.tag), content[node.start_mark.index : node.end_mark.index])


def _is_str(node: Node) -> bool:
    return str(node.tag) == _STR


def _token_starts(content: str) -> dict[int, int]:
    """Where each scalar token starts, by where it ends (a node's start includes its tag)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.tokens import ScalarToken

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tokens = YAML(typ="safe", pure=True).scan(content)
        return {
            token.end_mark.index: token.start_mark.index
            for token in tokens
            if isinstance(token, ScalarToken)
        }


def _plain_fits(translation: str) -> bool:
    """Whether plain text may hold ``translation``: one line, and a string under YAML 1.1
    too (the caller's read-back checks 1.2 and everything else)."""
    from ruamel.yaml.nodes import ScalarNode
    from ruamel.yaml.resolver import VersionedResolver

    if not translation or "\n" in translation:
        return False
    resolved = VersionedResolver(version=(1, 1)).resolve(ScalarNode, translation, (True, False))
    return str(resolved) == _STR


def _double(text: str, *, ascii_only: bool) -> str:
    """``text`` as a double-quoted YAML scalar on one line: line breaks and every
    character YAML does not print as itself (and, with ``ascii_only``, every
    non-ASCII one) written as escapes."""
    out = ['"']
    for char in text:
        code = ord(char)
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif _printable(code) and (code < 0x80 or not ascii_only):
            out.append(char)
        elif code <= 0xFF:
            out.append(f"\\x{code:02x}")
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


def _printable(code: int) -> bool:
    """YAML's printable characters, less those a reader may take for a line break or
    byte order mark (NEL, LS, PS, BOM): those are safer escaped."""
    if 0x20 <= code <= 0x7E:
        return True
    if code in (0x2028, 0x2029, 0xFEFF):
        return False
    return 0xA0 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF


def _block(written: str, translation: str, text: str) -> str | None:
    """``translation`` as a block scalar with ``written``'s indicator, indentation and
    header comment; None where it cannot keep them (a first line that starts with a
    space needs an indentation indicator the original does not have)."""
    header, _, body = written.partition("\n")
    end = 1
    while end < len(header) and header[end] in "+-123456789":
        end += 1
    digit = "".join(c for c in header[1:end] if c.isdigit())
    first = next((line for line in body.split("\n") if line.strip(" ")), None)
    if first is None:
        return None
    indent = len(first) - len(first.lstrip(" "))
    if digit:  # the first line may be indented past the block's own indentation
        loaded = text.lstrip("\n")
        indent -= len(loaded) - len(loaded.lstrip(" "))
    breaks = len(translation) - len(translation.rstrip("\n"))
    core = translation[: len(translation) - breaks]
    if core.lstrip("\n").startswith(" ") and not digit:
        return None
    chomp = "-" if breaks == 0 else "" if breaks == 1 else "+"
    if header[0] == "|":
        lines = [(" " * indent + line) if line else "" for line in core.split("\n")] if core else []
    else:
        lines = _folded_lines(core, " " * indent)
    if breaks > 1:
        lines += [""] * (breaks - 1)
        blank = 0
    else:  # keep the blank lines the original swallowed after its text
        blank = max(len(written) - len(written.rstrip("\n")) - 1, 0)
    head = header[0] + digit + chomp + header[end:]
    return head + "\n" + "".join(line + "\n" for line in lines) + "\n" * blank


def _folded_lines(core: str, indent: str) -> list[str]:
    """The lines of a folded block that load as ``core``: a line break between two lines
    of text is written as one more empty line (one line break alone folds to a space)."""
    lines: list[str] = []
    gap = 0
    for part in core.split("\n") if core else []:
        if not part:
            gap += 1
            continue
        lines += [""] * (gap + 1 if lines else gap)
        lines.append(indent + part)
        gap = 0
    return lines
