"""JSON front matter (Hugo): where it ends, its string values with exact spans, and how
to write one anew.

The standard library reads it: :func:`json.loads` checks the whole object, then
a walk over its structure takes each key and value with
:meth:`json.JSONDecoder.raw_decode`, which says where the value ends, so every
span is the value as written, quotes included, and every string is what
:mod:`json` loads (``\\u00e9``, ``\\/`` and surrogate pairs decoded as JSON
decodes them).  A key written twice in one object is refused at its second
line (:mod:`json` would keep the last).

A rendering is :func:`json.dumps` of the translation, first with its
characters as they are, then with every non-ASCII character escaped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from transpipe.document.front_scalars import KeyPath, Scalar, Wanted, invalid, too_deep

_SPACE = " \t\n\r"


def object_end(text: str) -> int | None:
    """The index just past the ``}`` that closes the object ``text`` starts with, or
    None when nothing closes it.

    Braces inside strings do not count; this is where Hugo ends JSON front matter.
    """
    try:
        return json.JSONDecoder().raw_decode(text)[1]
    except (ValueError, RecursionError):  # JSONDecodeError, or an integer over 4300 digits
        pass  # not valid JSON: find its end by its braces, the caller reports the error
    depth = 0
    in_string = escaped = False
    for index, char in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return index + 1
    return None


def read(
    content: str, path: str, first_line: int, wanted: Wanted
) -> tuple[list[Scalar], list[object]]:
    """The wanted string values of the JSON object ``content`` (whose first line is the
    article's ``first_line``) in document order, and the object as :mod:`json` loads it;
    raises :class:`InputError` where it is not valid JSON or repeats a key."""
    found: list[Scalar] = []
    try:
        data: object = json.loads(content)
        _value(_Walk(content, path, first_line, wanted, found), 0, ())
    except json.JSONDecodeError as error:
        raise invalid("JSON", error.msg, path, first_line + error.lineno - 1) from None
    except ValueError:  # json reads integers with int(), which refuses over 4300 digits
        raise invalid("JSON", "a number has too many digits to read", path, first_line) from None
    except RecursionError:
        raise too_deep("JSON", path, first_line) from None
    return found, [data]


def renderings(written: str, style: str, translation: str, text: str) -> list[str]:
    """What may replace ``written`` so that it loads as ``translation``, best first."""
    return [json.dumps(translation, ensure_ascii=False), json.dumps(translation)]


@dataclass(frozen=True, slots=True)
class _Walk:
    """What the walk over one object carries: the content, where errors point, what is
    wanted and the scalars found so far."""

    content: str
    path: str
    first_line: int
    wanted: Wanted
    found: list[Scalar]
    decoder: json.JSONDecoder = field(default_factory=json.JSONDecoder)


def _value(walk: _Walk, index: int, where: KeyPath) -> int:
    """Walk the value at ``index`` (valid JSON: the caller loaded it); return its end."""
    content = walk.content
    char = content[index]
    if char == "{":
        return _object(walk, index, where)
    if char == "[":
        index = _skip(content, index + 1)
        number = 0
        while content[index] != "]":
            index = _skip(content, _value(walk, index, (*where, number)))
            number += 1
            if content[index] == ",":
                index = _skip(content, index + 1)
        return index + 1
    value, end = walk.decoder.raw_decode(content, index)
    if isinstance(value, str) and where and walk.wanted(where, value):
        walk.found.append(Scalar(where, index, end, value, "json"))
    return int(end)


def _object(walk: _Walk, index: int, where: KeyPath) -> int:
    """Walk the object at ``index``; a key written twice raises :class:`InputError`."""
    content = walk.content
    keys: set[str] = set()
    index = _skip(content, index + 1)
    while content[index] != "}":
        key, after = walk.decoder.raw_decode(content, index)
        if key in keys:
            line = walk.first_line + content.count("\n", 0, index)
            problem = f'the key "{key}" is written twice in one object; keep one of them'
            raise invalid("JSON", problem, walk.path, line)
        keys.add(key)
        index = _skip(content, _skip(content, after) + 1)  # past the colon
        index = _skip(content, _value(walk, index, (*where, key)))
        if content[index] == ",":
            index = _skip(content, index + 1)
    return index + 1


def _skip(content: str, index: int) -> int:
    """The index of the first character at or after ``index`` that is not JSON space."""
    while content[index] in _SPACE:
        index += 1
    return index
