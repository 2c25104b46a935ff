"""TOML front matter: its string values with exact spans, and how to write one anew.

tomlkit reads the content: it keeps every byte, so each string comes back as
written.  The standard library's tomllib reads it too, as TOML 1.0 (tomlkit
lets a few things through, such as a trailing comma in an inline table, that a
site generator refuses); either one's error is the article's error.

tomlkit tells no positions.  A value's span is found by putting a unique
sentinel string in place of every wanted value, dumping the document and
finding each sentinel: tomlkit dumps what it read unchanged, so the text before
a sentinel is the content's and the sentinel stands where the value was.
Putting every original value back in place of its sentinel must give the
content again, byte for byte; if it does not, the values cannot be located and
:class:`InputError` says so.  A string inside an array is never wanted (it is a
list item, not a key's value) and is not located.

Styles: ``basic`` (``"..."``), ``literal`` (``'...'``), ``ml-basic``
(``\"\"\"...\"\"\"``) and ``ml-literal`` (``'''...'''``).  A rendering is
tomlkit's string in the original style where the translation fits it (a
multi-line string keeps a line break after its opening quotes), else a basic
string with TOML's escapes (a line break is ``\\n``).
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import TYPE_CHECKING, Any

from transpipe.core.errors import InputError
from transpipe.document.front_scalars import KeyPath, Scalar, Wanted, invalid, key_text, too_deep

if TYPE_CHECKING:
    from tomlkit.items import String
    from tomlkit.toml_document import TOMLDocument

# a string's style, by the quotes it opens with (longest first)
_STYLES = (('"""', "ml-basic"), ("'''", "ml-literal"), ('"', "basic"), ("'", "literal"))
# tomlkit.string's (literal, multiline) for each style, best first
_KINDS = {
    "literal": ((True, False),),
    "ml-basic": ((False, True),),
    "ml-literal": ((True, True), (False, True)),
}

_Target = tuple[MutableMapping[str, Any], str, "String", KeyPath]


def read(
    content: str, path: str, first_line: int, wanted: Wanted
) -> tuple[list[Scalar], list[object]]:
    """The wanted string values of TOML ``content`` (whose first line is the article's
    ``first_line``) in document order, and the content as plain data, once as tomlkit
    reads it and once as tomllib does; raises :class:`InputError` where it is not
    valid TOML."""
    document, data = _parse(content, path, first_line)
    try:
        loaded: list[object] = [document.unwrap(), data]
        return _locate(document, content, _targets(document, wanted), path, first_line), loaded
    except RecursionError:  # tomlkit's dump and unwrap recurse as deep as the data
        raise too_deep("TOML", path, first_line) from None


def _targets(document: TOMLDocument, wanted: Wanted) -> list[_Target]:
    """The wanted string values, each with the table that holds it, its key and path."""
    from tomlkit.items import String

    targets: list[_Target] = []
    stack: list[tuple[KeyPath, object]] = [((), document)]
    while stack:
        where, node = stack.pop()
        if isinstance(node, MutableMapping):
            for key, child in reversed(list(node.items())):
                if not isinstance(child, String):
                    stack.append(((*where, key), child))
                elif wanted((*where, key), str(child)):
                    targets.append((node, key, child, (*where, key)))
        elif isinstance(node, list):
            stack.extend(((*where, n), child) for n, child in reversed(list(enumerate(node))))
    return targets


def renderings(written: str, style: str, translation: str, text: str) -> list[str]:
    """What may replace ``written`` so that it loads as ``translation``, best first: the
    original style where it can hold the translation, then a basic string.  The
    caller keeps the first that reads back right."""
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    found: list[str] = []
    for literal, multiline in _KINDS.get(style, ()):
        try:
            rendered = tomlkit.string(translation, literal=literal, multiline=multiline)
        except TOMLKitError:  # a quote in a literal string, a control character
            continue
        found.append(_keep_first_break(rendered.as_string(), written))
    found.append(tomlkit.string(translation).as_string())
    return found


def _parse(content: str, path: str, first_line: int) -> tuple[TOMLDocument, dict[str, Any]]:
    """tomlkit's document and tomllib's data; an error of either becomes
    :class:`InputError` at its article line."""
    import tomllib

    import tomlkit
    from tomlkit.exceptions import ParseError, TOMLKitError

    try:
        document = tomlkit.parse(content)
        data = tomllib.loads(content)
    except ParseError as error:
        problem = str(error).removesuffix(f" at line {error.line} col {error.col}")
        raise invalid("TOML", problem, path, first_line + error.line - 1) from None
    except tomllib.TOMLDecodeError as error:
        problem, line = _tomllib_place(str(error), content)
        raise invalid("TOML", problem, path, first_line + line - 1) from None
    except TOMLKitError as error:
        raise invalid("TOML", str(error), path, first_line) from None
    except RecursionError:
        raise too_deep("TOML", path, first_line) from None
    return document, data


def _tomllib_place(message: str, content: str) -> tuple[str, int]:
    """tomllib's message without its place, and the content line it names (tomllib
    before Python 3.14 tells the place only in the message: "... (at line 3, column 9)")."""
    head, found, place = message.rpartition(" (at line ")
    number = place.partition(",")[0]
    if found and number.isdigit():
        return head, int(number)
    end = " (at end of document)"
    return message.removesuffix(end), content.rstrip("\n").count("\n") + 1


def _locate(
    document: TOMLDocument, content: str, targets: list[_Target], path: str, first_line: int
) -> list[Scalar]:
    """Each target's span, by sentinels (see the module's docstring)."""
    import tomlkit

    if not targets:
        return []
    marks: list[str] = []
    for number, (parent, key, _, _) in enumerate(targets):
        sentinel = tomlkit.string(f"\x00{number}\x00")
        while sentinel.as_string() in content:  # never, but a sentinel must be unique
            sentinel = tomlkit.string(str(sentinel) + "\x00")
        marks.append(sentinel.as_string())
        parent[key] = sentinel
    dumped = document.as_string()
    places = sorted((dumped.find(mark), number) for number, mark in enumerate(marks))
    found: list[Scalar] = []
    pieces: list[str] = []
    cursor = shift = 0
    for place, number in places:
        _, _, item, where = targets[number]
        if place < cursor or dumped.count(marks[number]) != 1:
            raise _unlocated(where, path, first_line)
        original = item.as_string()
        pieces += [dumped[cursor:place], original]
        start = place - shift
        style = next(name for quotes, name in _STYLES if original.startswith(quotes))
        found.append(Scalar(where, start, start + len(original), str(item), style))
        shift += len(marks[number]) - len(original)
        cursor = place + len(marks[number])
    pieces.append(dumped[cursor:])
    if "".join(pieces) != content:
        raise _unlocated(targets[0][3], path, first_line)
    return found


def _unlocated(where: KeyPath, path: str, first_line: int) -> InputError:
    return InputError(
        f"cannot tell where the TOML front matter writes the value of {key_text(where)}; "
        'write it on a line of its own, as `key = "text"`',
        path=path,
        line=first_line,
    )


def _keep_first_break(rendered: str, written: str) -> str:
    """A multi-line string with the line break after its opening quotes that ``written``
    has (TOML drops that break, so the value is the same)."""
    opening = rendered[:3]
    if opening in ('"""', "'''") and written[3:4] == "\n" and rendered[3:4] != "\n":
        return opening + "\n" + rendered[3:]
    return rendered
