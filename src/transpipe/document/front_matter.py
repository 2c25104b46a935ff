"""Front matter: the reader-facing values of an article's front matter, with their exact
spans, and a renderer that writes a translation in place of one safely.

Newsroom articles (Hugo, Jekyll, Eleventy) may start with front matter:

* YAML between a ``---`` line (the article's first) and a ``---`` or ``...`` line;
* TOML between ``+++`` lines;
* JSON (Hugo): an object whose ``{`` is the article's first character and whose first
  key (or closing ``}``) comes next, up to its matching ``}``, which must end its line
  (so a Liquid ``{% ... %}`` or shortcode ``{{< ... >}}`` first line is not front matter).

A delimiter line may end in spaces or tabs.  Text that does not start with an opener,
and an opener with no closer, are not front matter: :func:`read_front_matter` returns
None.  ``end`` is just past the closing line's line break (or the end of the text).
The libraries read what lies between the delimiters: ruamel.yaml for YAML
(``front_yaml``), tomlkit and tomllib for TOML (``front_toml``), the standard
library's :mod:`json` for JSON (``front_json``); their modules say what a string is
in each syntax and how its span is found.

What is read:

* A value is reader-facing when the name of its key (the last name of its path,
  compared without case) is one of ``keys``, at any depth (nested mappings, sequences
  of mappings, TOML tables and arrays of tables), and it is a string that holds a
  letter.  Numbers, booleans, dates, nulls, lists, mappings, YAML aliases and anchored
  values, and values tagged other than ``!!str`` are not.
* A top-level ``lang`` or ``language`` string is reported with ``language=True``
  whatever ``keys`` says: it is not for translators, the edition sets it to its
  language.
* Front matter its syntax refuses (a syntax error, a key written twice in one
  mapping, YAML that is not a mapping) raises :class:`InputError` with the path and
  the article line, saying which syntax refused it and why.

How a value is written back: :func:`render_value` tries the value's own style
first, then safer quoting (each syntax's module lists its renderings), and returns
the first rendering that reads back right: with it in place, the front matter has
the same delimiters and end, and the libraries load the same data except for this
value, which loads as the translation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from transpipe.core.errors import InputError
from transpipe.document import front_json, front_toml, front_yaml
from transpipe.document.front_scalars import KeyPath, Scalar, Wanted, key_text, same, set_path

__all__ = [
    "DEFAULT_KEYS",
    "LANGUAGE_KEYS",
    "FrontMatter",
    "FrontMatterValue",
    "read_front_matter",
    "render_value",
]

DEFAULT_KEYS: frozenset[str] = frozenset(
    {"title", "description", "summary", "subtitle", "caption", "alt"}
)
LANGUAGE_KEYS = frozenset({"lang", "language"})

Syntax = Literal["yaml", "toml", "json"]


@dataclass(frozen=True, slots=True)
class FrontMatterValue:
    """One reader-facing value (or the top-level language) of the front matter.

    ``key`` is its path as a reviewer reads it (``title``, ``params.description``,
    ``images[2].alt``); ``start``/``end`` index the article text of the value as
    written, quotes and block indicators included; ``line`` is the 1-based line where
    it starts; ``text`` is the string a reader sees (unescaped, folded);
    ``style`` is how it is written: ``plain``, ``single``, ``double``, ``literal``,
    ``folded`` (YAML), ``basic``, ``literal``, ``ml-basic``, ``ml-literal`` (TOML),
    ``json``.  ``language`` marks a top-level ``lang``/``language`` value.
    """

    key: str
    start: int
    end: int
    line: int
    text: str
    style: str
    language: bool


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """An article's front matter: its syntax, where the body starts (``end``), its values
    in document order, and ``source``, the front matter as written (the article's
    first ``end`` characters), which :func:`render_value` reads again."""

    syntax: Syntax
    end: int
    values: tuple[FrontMatterValue, ...]
    source: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class _Bounds:
    """Where front matter lies: its content between the delimiters, and its end."""

    syntax: Syntax
    start: int
    stop: int
    end: int


@dataclass(frozen=True, slots=True)
class _Reader:
    """One syntax's module, as the functions this one calls."""

    read: Callable[[str, str, int, Wanted], tuple[list[Scalar], list[object]]]
    renderings: Callable[[str, str, str, str], list[str]]


_READERS: dict[Syntax, _Reader] = {
    "yaml": _Reader(front_yaml.read, front_yaml.renderings),
    "toml": _Reader(front_toml.read, front_toml.renderings),
    "json": _Reader(front_json.read, front_json.renderings),
}
_FENCES: dict[str, tuple[Syntax, tuple[str, ...]]] = {
    "---": ("yaml", ("---", "...")),
    "+++": ("toml", ("+++",)),
}
_SHOWN = "front matter"  # where a re-read's errors would point: they are never raised


def read_front_matter(
    text: str, path: str, keys: frozenset[str] = DEFAULT_KEYS
) -> FrontMatter | None:
    """The front matter ``text`` starts with, or None (see the module's docstring).

    ``text`` is the decoded article (``\\n`` line ends, no byte order mark); ``path``
    is where errors point.  Raises :class:`InputError` for front matter its syntax
    refuses.
    """
    bounds = _bounds(text)
    if bounds is None:
        return None
    names = frozenset(key.lower() for key in keys)

    def wanted(where: KeyPath, value: str) -> bool:
        last = where[-1]
        if _is_language(where):
            return True
        return isinstance(last, str) and last.lower() in names and any(c.isalpha() for c in value)

    content = text[bounds.start : bounds.stop]
    first_line = text.count("\n", 0, bounds.start) + 1
    found, _ = _READERS[bounds.syntax].read(content, path, first_line, wanted)
    values = tuple(
        FrontMatterValue(
            key=key_text(scalar.path),
            start=bounds.start + scalar.start,
            end=bounds.start + scalar.end,
            line=first_line + content.count("\n", 0, scalar.start),
            text=scalar.text,
            style=scalar.style,
            language=_is_language(scalar.path),
        )
        for scalar in found
    )
    return FrontMatter(bounds.syntax, bounds.end, values, text[: bounds.end])


def render_value(front: FrontMatter, value: FrontMatterValue, translation: str) -> str:
    """The text to put in place of ``value`` (``text[value.start:value.end]``) so that the
    front matter loads ``translation`` for it and everything else as before.

    For a ``language`` value ``translation`` is the language code.  The value's own
    style is kept where the translation fits it; a line break in the translation of a
    one-line value is escaped where that style cannot hold it.  Raises
    :class:`ValueError` if ``value`` is not one of ``front``'s values, or if no
    rendering reads back right (a bug: the last, fully escaped one always should).
    """
    source = front.source
    bounds = _bounds(source)
    if bounds is None or bounds.syntax != front.syntax or bounds.end != len(source):
        raise ValueError("the front matter's source is not front matter")
    reader = _READERS[front.syntax]
    content = source[bounds.start : bounds.stop]
    first_line = source.count("\n", 0, bounds.start) + 1
    scalars, expected = reader.read(
        content, _SHOWN, first_line, lambda where, _: key_text(where) == value.key
    )
    found = [
        scalar.path
        for scalar in scalars
        if (bounds.start + scalar.start, bounds.start + scalar.end) == (value.start, value.end)
    ]
    if not found:
        raise ValueError(
            f"{value.key} at {value.start}:{value.end} is not a value of this front matter"
        )
    for data in expected:
        set_path(data, found[0], translation)
    written = source[value.start : value.end]
    for rendering in reader.renderings(written, value.style, translation, value.text):
        if _reads_back(
            source[: value.start] + rendering + source[value.end :], front.syntax, expected
        ):
            return rendering
    raise ValueError(f"no rendering of {translation!r} reads back as {value.key}")


def _reads_back(source: str, syntax: Syntax, expected: list[object]) -> bool:
    """Whether ``source`` is front matter of ``syntax`` to its last character that loads as
    ``expected``."""
    bounds = _bounds(source)
    if bounds is None or bounds.syntax != syntax or bounds.end != len(source):
        return False
    try:
        _, loaded = _READERS[syntax].read(source[bounds.start : bounds.stop], _SHOWN, 1, _nothing)
    except InputError:
        return False
    return len(loaded) == len(expected) and all(map(same, loaded, expected))


def _nothing(where: KeyPath, value: str) -> bool:
    return False


def _is_language(where: KeyPath) -> bool:
    return len(where) == 1 and isinstance(where[0], str) and where[0].lower() in LANGUAGE_KEYS


def _bounds(text: str) -> _Bounds | None:
    """Where the front matter ``text`` starts with lies, or None if it has none."""
    if text.startswith("{"):
        return _json_bounds(text)
    newline = text.find("\n")
    if newline < 0:
        return None
    fence = _FENCES.get(text[:newline].rstrip(" \t"))
    if fence is None:
        return None
    syntax, closers = fence
    start = line_start = newline + 1
    while line_start <= len(text):
        newline = text.find("\n", line_start)
        line_end = len(text) if newline < 0 else newline
        if text[line_start:line_end].rstrip(" \t") in closers:
            return _Bounds(syntax, start, line_start, min(line_end + 1, len(text)))
        if newline < 0:
            return None
        line_start = newline + 1
    return None


def _json_bounds(text: str) -> _Bounds | None:
    """JSON front matter: ``{``, then a key or ``}``, up to the matching ``}`` at a line's end."""
    if text[1:].lstrip(" \t\n\r")[:1] not in ('"', "}"):
        return None
    close = front_json.object_end(text)
    if close is None:
        return None
    newline = text.find("\n", close)
    line_end = len(text) if newline < 0 else newline
    if text[close:line_end].strip(" \t"):
        return None
    return _Bounds("json", 0, close, min(line_end + 1, len(text)))
