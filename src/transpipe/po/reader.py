"""GNU gettext PO files, read strictly: a syntax error names its line.

:func:`parse_catalog` is the reader that goes with the msgcat-identical writer
(:func:`~transpipe.po.writer.format_catalog`): a syntax error is a
:class:`~transpipe.core.errors.CatalogError` naming its line, and nothing is
dropped or guessed.  For a file ``t`` that msgcat wrote,
``format_catalog(parse_catalog(t)) == t``.

It accepts what Poedit, Weblate, Lokalize, polib and msgcat write
(any wrapping, ``#~`` and ``#~|``, CRLF line ends, several ``#,`` lines,
which are merged where msgcat 0.21 would keep only the last) and refuses what
the model cannot hold: plural forms (``msgid_plural``, ``msgstr[n]``) and a
previous msgctxt (``#| msgctxt``) raise instead of being dropped.

It also holds what the writer must read back as gettext does: the ``#:``
references (:func:`parse_references`) and the charset of a ``Content-Type``
(:func:`content_charset`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from transpipe.core.errors import CatalogError
from transpipe.core.model import CatalogData, CatalogEntry

CHARSET = "UTF-8"
"""The only charset transpipe reads and writes."""


_KEYWORD_LINE = re.compile(r"([A-Za-z_]+(?:\[[0-9]*\])?)[ \t]*(.*)")
_READ_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "b": "\b",
    "r": "\r",
    "f": "\f",
    "v": "\v",
    "a": "\a",
    "\\": "\\",
    '"': '"',
}
_OCTAL = re.compile(r"[0-7]{1,3}")
_HEX = re.compile(r"[0-9A-Fa-f]{1,2}(?![0-9A-Fa-f])")
_FIX = "fix it in a PO editor or check it with `msgfmt -c`"


def parse_catalog(text: str, path: str) -> CatalogData:
    """Read a PO catalogue strictly; for a file msgcat wrote, ``format_catalog`` gives it back.

    ``text`` is the decoded file, ``path`` only names it in errors.  Each
    entry's ``line`` is the line of its ``msgid``.  Raises
    :class:`~transpipe.core.errors.CatalogError` with the offending line for any
    syntax error (unterminated string, bad escape, unknown keyword, msgstr
    without msgid, comment lines that belong to no entry, mixed ``#~``), a
    duplicate msgctxt+msgid (at the second one), a missing or misplaced
    header, a header ``Content-Type`` other than ``text/plain;
    charset=UTF-8``, a NUL character anywhere, and for what transpipe
    catalogues cannot hold: plural forms and previous msgctxt (``#| msgctxt``).
    """
    nul = text.find("\0")
    if nul >= 0:  # gettext cannot hold it: msgfmt would cut the string there
        raise CatalogError(
            "NUL character in the file; remove it (an editor may have saved binary data)",
            path=path,
            line=text.count("\n", 0, nul) + 1,
        )
    return _PoReader(path).read(text)


@dataclass(slots=True)
class _Part:
    """A keyword's string as read: its value, where it starts, where each line of it starts.

    Continuation lines are collected in ``pieces`` and joined once: joining
    each one onto the value read so far would copy a long msgid once per line.
    """

    pieces: list[str]
    line: int
    obsolete: bool
    segments: list[tuple[int, int]]  # (offset in value, file line)
    length: int

    @property
    def value(self) -> str:
        if len(self.pieces) > 1:
            self.pieces[:] = ["".join(self.pieces)]
        return self.pieces[0]


class _Pending:
    """The entry being read: its comment lines, then its keywords in order."""

    __slots__ = ("comments", "first_line", "flags", "parts", "references", "tcomment")

    def __init__(self) -> None:
        self.first_line = 0
        self.tcomment: list[str] = []
        self.comments: list[str] = []
        self.references: list[tuple[str, str]] = []
        self.flags: list[str] = []
        self.parts: dict[str, _Part] = {}

    def has_comments(self) -> bool:
        return bool(self.tcomment or self.comments or self.references or self.flags)


class _PoReader:
    """Line-by-line PO reader; see :func:`parse_catalog`."""

    __slots__ = ("current", "entries", "header", "path", "pending", "seen")

    def __init__(self, path: str) -> None:
        self.path = path
        self.pending = _Pending()
        self.current: str | None = None  # keyword that a continuation string extends
        self.entries: list[CatalogEntry] = []
        self.header: CatalogData | None = None
        self.seen: dict[tuple[str | None, str], int] = {}

    def error(self, message: str, line: int) -> CatalogError:
        return CatalogError(message, path=self.path, line=line)

    def read(self, text: str) -> CatalogData:
        if text.startswith("\ufeff"):
            raise self.error(
                "the file starts with a byte order mark; save it as UTF-8 without BOM", 1
            )
        lines = text.split("\n")  # not splitlines(): U+2028 and friends are text
        for number, line in enumerate(lines, start=1):
            self.line(line, number)
        self.finish(len(lines))
        if self.header is None:
            raise self.error(
                'the catalogue has no header entry (msgid "" with the catalogue\'s '
                "metadata); add one or re-create the file with transpipe",
                1,
            )
        return CatalogData(
            header=self.header.header,
            entries=tuple(self.entries),
            header_fuzzy=self.header.header_fuzzy,
            header_comment=self.header.header_comment,
        )

    def line(self, line: str, number: int) -> None:
        if line.startswith("#~"):
            body = line[2:]
            if body.startswith("|"):
                self.keyword_or_string(body[1:], number, obsolete=True, previous=True)
            elif body.strip():
                self.keyword_or_string(body, number, obsolete=True, previous=False)
        elif line.startswith("#|"):
            self.keyword_or_string(line[2:], number, obsolete=False, previous=True)
        elif line.startswith("#"):
            self.comment(line, number)
        elif line.strip():
            self.keyword_or_string(line, number, obsolete=False, previous=False)

    def comment(self, line: str, number: int) -> None:
        if line.endswith("\\"):
            raise self.error(
                "a comment line ending in a backslash, which gettext joins with the next "
                "line; remove the backslash or add a character after it",
                number,
            )
        pending = self.start_part(number, previous=True)
        kind, body = line[1:2], line[2:]
        if kind == ".":
            pending.comments.append(body.removeprefix(" "))
        elif kind == ":":
            for ref in parse_references(body):
                if ref not in pending.references:
                    pending.references.append(ref)
        elif kind in (",", "!"):
            words = [w for w in re.split(r"[\n \t\r\f\v,]+", body) if w]
            while words:
                word = words.pop(0)
                if word == "range:" and words:
                    word = f"range: {words.pop(0)}"
                if word not in pending.flags:
                    pending.flags.append(word)
        else:
            body = line[1:]
            pending.tcomment.append(body.removeprefix(" "))

    def start_part(self, number: int, *, previous: bool) -> _Pending:
        """The pending entry a comment or previous-msgid line belongs to."""
        parts = self.pending.parts
        if "msgid" in parts:
            self.finish(number)
        elif "msgctxt" in parts and previous:
            raise self.error("comment lines between msgctxt and msgid; " + _FIX, number)
        if not self.pending.first_line:
            self.pending.first_line = number
        return self.pending

    def keyword_or_string(self, body: str, number: int, *, obsolete: bool, previous: bool) -> None:
        body = body.strip(" \t")
        if body.startswith('"'):
            self.continuation(body, number, obsolete, previous)
            return
        match = _KEYWORD_LINE.fullmatch(body)
        keyword = match.group(1) if match else body.split(" ", 1)[0]
        if match is None or keyword not in ("msgctxt", "msgid", "msgstr"):
            if keyword == "msgid_plural" or keyword.startswith("msgstr["):
                raise self.error(
                    f"plural forms ({keyword}) are not supported in transpipe catalogues; "
                    "remove the plural entry",
                    number,
                )
            raise self.error(f"unknown keyword {keyword!r}; " + _FIX, number)
        if previous:
            if keyword != "msgid":
                raise self.error(
                    f"a previous {keyword} (#| {keyword}) is not supported; remove the line",
                    number,
                )
            pending = self.start_part(number, previous=True)
            name = "previous"
        else:
            pending = self.pending
            name = keyword
            ends_entry = {"msgctxt": ("msgctxt", "msgid"), "msgid": ("msgid",)}.get(keyword, ())
            if any(k in pending.parts for k in ends_entry):
                self.finish(number)
            elif (
                keyword == "msgstr" and "msgctxt" in pending.parts and "msgid" not in pending.parts
            ):
                line = pending.parts["msgctxt"].line
                raise self.error("msgctxt without msgid; " + _FIX, line)
            elif keyword == "msgstr" and "msgid" not in pending.parts:
                raise self.error("msgstr without msgid; " + _FIX, number)
            elif keyword == "msgstr" and "msgstr" in pending.parts:
                raise self.error("a second msgstr for one msgid; " + _FIX, number)
            pending = self.pending
            if not pending.first_line:
                pending.first_line = number
        if name in pending.parts:
            raise self.error(f"a second previous msgid for one entry; {_FIX}", number)
        if not match.group(2).startswith('"'):
            raise self.error(f'{keyword} must be followed by a string in "quotes"', number)
        value = self.string(match.group(2), number)
        pending.parts[name] = _Part([value], number, obsolete, [(0, number)], len(value))
        self.current = name

    def continuation(self, body: str, number: int, obsolete: bool, previous: bool) -> None:
        name = self.current
        part = self.pending.parts.get(name) if name else None
        if name is None or part is None or (name == "previous") != previous:
            raise self.error("a string without a keyword before it; " + _FIX, number)
        if part.obsolete != obsolete:
            raise self.error("inconsistent use of #~ within an entry; " + _FIX, number)
        value = self.string(body, number)
        part.pieces.append(value)
        part.segments.append((part.length, number))
        part.length += len(value)

    def string(self, text: str, number: int) -> str:
        """The value of the quoted string that ``text`` starts with."""
        out: list[str] = []
        i = 1
        while True:
            if i >= len(text):
                raise self.error('unterminated string: add the closing "', number)
            char = text[i]
            if char == '"':
                break
            if char != "\\":
                out.append(char)
                i += 1
                continue
            escape = text[i + 1 : i + 2]
            if not escape:
                raise self.error('unterminated string: add the closing "', number)
            if escape in _READ_ESCAPES:
                out.append(_READ_ESCAPES[escape])
                i += 2
                continue
            digits = _OCTAL.match(text, i + 1) or (
                _HEX.match(text, i + 2) if escape == "x" else None
            )
            code = int(digits.group(), 16 if escape == "x" else 8) if digits else 0
            if not 0 < code < 0x80:
                bad = text[i : digits.end()] if digits else text[i : i + 2]
                raise self.error(
                    f'invalid escape {bad} in a string (gettext knows \\n \\t \\\\ \\" '
                    "and a few more); write \\\\ for a backslash",
                    number,
                )
            out.append(chr(code))
            i = digits.end() if digits else i + 2
        rest = text[i + 1 :]
        if rest.strip(" \t\r"):
            raise self.error(f"unexpected text after the closing quote: {rest.strip()!r}", number)
        return "".join(out)

    def finish(self, number: int) -> None:
        """Close the pending entry (``number`` is the line that ends it)."""
        pending = self.pending
        self.pending = _Pending()
        self.current = None
        parts = pending.parts
        if "msgid" not in parts:
            if "msgctxt" in parts:
                raise self.error("msgctxt without msgid; " + _FIX, parts["msgctxt"].line)
            if "previous" in parts or pending.has_comments():
                raise self.error(
                    "comment lines that belong to no entry; remove them or add the entry",
                    pending.first_line,
                )
            return
        msgid = parts["msgid"]
        if "msgstr" not in parts:
            raise self.error("msgid without msgstr; " + _FIX, msgid.line)
        for part in parts.values():
            if part.obsolete != msgid.obsolete:
                raise self.error("inconsistent use of #~ within an entry; " + _FIX, part.line)
        msgctxt = parts["msgctxt"].value if "msgctxt" in parts else None
        key = (msgctxt, msgid.value)
        if key == (None, "") and (self.header is not None or self.entries):
            raise self.error(
                'a header entry (msgid "") after other entries: the header must come first '
                "and only once",
                msgid.line,
            )
        if key in self.seen:
            raise self.error(
                f"duplicate entry: the same msgid{' and msgctxt' if msgctxt is not None else ''}"
                f" is on line {self.seen[key]}; merge the two entries",
                msgid.line,
            )
        self.seen[key] = msgid.line
        if key == (None, ""):
            self.header = self.read_header(pending, parts)
            return
        if self.header is None:
            raise self.error(
                'the first entry must be the header (msgid "" with the catalogue\'s metadata)',
                msgid.line,
            )
        previous = parts.get("previous")
        self.entries.append(
            CatalogEntry(
                msgid=msgid.value,
                msgstr=parts["msgstr"].value,
                msgctxt=msgctxt,
                flags=tuple(pending.flags),
                references=tuple(pending.references),
                comments=tuple(pending.comments),
                tcomment="\n".join(pending.tcomment),
                previous_msgid=previous.value if previous else None,
                obsolete=msgid.obsolete,
                line=msgid.line,
            )
        )

    def read_header(self, pending: _Pending, parts: dict[str, _Part]) -> CatalogData:
        msgid, msgstr = parts["msgid"], parts["msgstr"]
        if msgid.obsolete:
            raise self.error('the header entry (msgid "") must not be obsolete', msgid.line)
        if pending.comments or pending.references or "previous" in parts:
            raise self.error(
                "the header entry can only have translator comments (# ...) and the fuzzy "
                "flag; remove the other comment lines",
                pending.first_line,
            )
        if any(flag != "fuzzy" for flag in pending.flags):
            raise self.error(
                "the header entry can only have the fuzzy flag; remove the others",
                pending.first_line,
            )
        fields: list[tuple[str, str]] = []
        content_type: tuple[str, int] | None = None
        offset = 0
        for field in msgstr.value.split("\n"):
            line = max(n for start, n in msgstr.segments if start <= offset)
            offset += len(field) + 1
            if not field:
                if offset <= len(msgstr.value):
                    raise self.error("an empty line in the header; remove it", line)
                continue
            key, colon, value = field.partition(":")
            if not colon or not key.strip() or key != key.strip():
                raise self.error(f"header line {field!r} is not 'Key: value'", line)
            value = value.removeprefix(" ")
            fields.append((key, value))
            if key == "Content-Type" and content_type is None:
                content_type = (value, line)
        if content_type is None:
            raise self.error(
                "the header has no 'Content-Type: text/plain; charset=UTF-8'; add it",
                msgstr.line,
            )
        if content_charset(content_type[0]) != CHARSET:
            raise self.error(
                f"Content-Type {content_type[0]!r}: transpipe reads UTF-8 catalogues only; "
                "convert the file (msgconv -t UTF-8) and set 'text/plain; charset=UTF-8'",
                content_type[1],
            )
        return CatalogData(
            header=tuple(fields),
            entries=(),
            header_fuzzy="fuzzy" in pending.flags,
            header_comment="\n".join(pending.tcomment),
        )


# --- Read back by the writer too -------------------------------------------


def content_charset(content_type: str) -> str | None:
    """The charset a ``text/plain; charset=X`` Content-Type names, upper-cased; None for others."""
    match = re.fullmatch(r"text/plain;\s*charset=([^\s;]+)\s*", content_type, re.IGNORECASE)
    return match.group(1).upper() if match else None


_DIGITS = frozenset("0123456789")
_BLANKS = frozenset(" \t\n")


def is_number(text: str) -> bool:
    """Whether ``text`` is a reference's line number: ASCII digits, at least one."""
    return bool(text) and all(c in _DIGITS for c in text)


def parse_references(text: str) -> list[tuple[str, str]]:
    """The ``(path, line)`` pairs gettext reads from a ``#:`` comment, duplicates dropped.

    Accepts ``path:12``, ``path: 12`` and ``path :12``; a word without a line
    number is a path with line ``""``.
    """
    refs: list[tuple[str, str]] = []

    def number_at(pos: int) -> tuple[str, int] | None:
        while pos < n and text[pos] in _BLANKS:
            pos += 1
        end = pos
        while end < n and text[end] in _DIGITS:
            end += 1
        if end > pos and (end == n or text[end] in _BLANKS):
            return str(int(text[pos:end])), end
        return None

    n = len(text)
    i = 0
    while i < n:
        while i < n and text[i] in _BLANKS:
            i += 1
        if i >= n:
            break
        start = i
        while i < n and text[i] not in _BLANKS:
            i += 1
        ref: tuple[str, str] | None = None
        colon = i
        while colon < n and text[colon] in _BLANKS:
            colon += 1
        found = number_at(colon + 1) if colon < n and text[colon] == ":" else None
        if found is None and text[i - 1] == ":":
            found = number_at(i)
            if found is not None:
                ref = (text[start : i - 1], found[0])
                i = found[1]
        elif found is not None:
            ref = (text[start:i], found[0])
            i = found[1]
        if ref is None:
            digits = i
            while digits > start and text[digits - 1] in _DIGITS:
                digits -= 1
            if start + 1 < digits < i and text[digits - 1] == ":":
                ref = (text[start : digits - 1], str(int(text[digits:i])))
            else:
                ref = (text[start:i], "")
        if ref not in refs:
            refs.append(ref)
    return refs
