"""What the three front matter syntaxes share: the string scalars they find and their paths.

Each syntax module (``front_yaml``, ``front_toml``, ``front_json``) reads the text
between the front matter's delimiters (its *content*) and reports every string
scalar the caller wants as a :class:`Scalar`: where it sits (a :data:`KeyPath` of
mapping keys and sequence indices), its span in the content as written and the
string it loads as.  Each also loads the whole content as plain Python data,
one view per library that reads it, so that a rendering can be checked against
the data it must give.

A path holds ``str`` for a string key, ``int`` for a sequence index and
:class:`OtherKey` for a YAML key that is not a string (a number, a date, a
mapping); the data a syntax module loads uses the same keys, so :func:`set_path`
can set what a path names in it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass

from transpipe.core.errors import InputError


@dataclass(frozen=True, slots=True)
class OtherKey:
    """A YAML mapping key that is not a string: its resolved tag and its text as written."""

    tag: str
    text: str


KeyPath = tuple[str | int | OtherKey, ...]

# the question a reader asks of each string scalar: its path and the string it loads as
Wanted = Callable[[KeyPath, str], bool]


@dataclass(frozen=True, slots=True)
class Scalar:
    """A string scalar of the front matter's content.

    ``start``/``end`` index the content (not the article); ``text`` is the string
    it loads as; ``style`` is how it is written (see ``FrontMatterValue.style``).
    """

    path: KeyPath
    start: int
    end: int
    text: str
    style: str


def invalid(syntax: str, problem: str, path: str, line: int | None) -> InputError:
    """The error for front matter that its syntax refuses, at an article line."""
    return InputError(
        f"front matter is not valid {syntax}: {problem}; fix it or remove the front matter",
        path=path,
        line=line,
    )


def too_deep(syntax: str, path: str, line: int) -> InputError:
    """The error for front matter nested deeper than the parser can follow."""
    return InputError(
        f"front matter is {syntax} nested too deeply to read; flatten it or remove the "
        "front matter",
        path=path,
        line=line,
    )


def key_text(path: KeyPath) -> str:
    """The path as a reviewer reads it: ``params.description``, ``images[2].alt``.

    A name that is empty, has spaces at either end or holds ``.``, ``[``, ``]`` or
    ``"`` is written quoted in brackets (``["og.title"]``), so that two different
    paths never read the same.
    """
    parts: list[str] = []
    for part in path:
        if isinstance(part, int):
            parts.append(f"[{part}]")
            continue
        name = part if isinstance(part, str) else part.text
        if not name or name != name.strip() or any(c in name for c in '.[]"'):
            parts.append("[" + json.dumps(name, ensure_ascii=False) + "]")
        else:
            parts.append("." + name if parts else name)
    return "".join(parts)


def set_path(data: object, path: KeyPath, value: str) -> None:
    """Set what ``path`` names in loaded ``data`` (dicts and lists) to ``value``."""
    *parents, last = path
    for part in parents:
        data = data[part]  # type: ignore[index]
    data[last] = value  # type: ignore[index]


def same(a: object, b: object) -> bool:
    """Whether two loaded values are equal: the same types all the way down, NaN equal to
    NaN, and a structure that holds itself (a YAML alias inside its own anchor) equal
    where its shape is.  Iterative, so depth is no limit."""
    stack = [(a, b)]
    seen: set[tuple[int, int]] = set()
    while stack:
        x, y = stack.pop()
        if type(x) is not type(y):
            return False
        if isinstance(x, dict) and isinstance(y, dict):
            if (id(x), id(y)) not in seen:
                seen.add((id(x), id(y)))
                if x.keys() != y.keys():
                    return False
                stack.extend((x[key], y[key]) for key in x)
        elif isinstance(x, list) and isinstance(y, list):
            if (id(x), id(y)) not in seen:
                seen.add((id(x), id(y)))
                if len(x) != len(y):
                    return False
                stack.extend(zip(x, y, strict=True))
        elif x != y and not _both_nan(x, y):
            return False
    return True


def _both_nan(x: object, y: object) -> bool:
    return isinstance(x, float) and isinstance(y, float) and math.isnan(x) and math.isnan(y)
