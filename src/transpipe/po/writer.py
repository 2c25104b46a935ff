"""GNU gettext PO files, written byte for byte as GNU ``msgcat`` writes them.

:func:`format_catalog` writes a :class:`~transpipe.core.model.CatalogData` exactly
as ``msgcat`` (gettext 0.21, default page width 79) prints it: running
``msgcat`` over the output changes nothing, and a catalogue a reviewer's tool
saved through gettext is written back unchanged, so re-runs do not churn.
:func:`~transpipe.po.reader.parse_catalog` is the strict reader that goes with
it: for a file ``t`` that msgcat wrote, ``format_catalog(parse_catalog(t)) ==
t``; for data ``d`` in msgcat's normal form (below),
``parse_catalog(format_catalog(d)) == d`` but for the entries' ``line``.

**Entry layout** (gettext's ``write-po.c``): translator comments (``# x``,
``#`` for an empty line), extracted comments (``#. x``), references, flags,
the previous msgid (``#| msgid``), ``msgctxt``, ``msgid``, ``msgstr``.  One
blank line between entries, the header first, obsolete entries last
(``#~ `` before their keyword and string lines, ``#~| `` before the previous
msgid; their comments, references and flags are written as for live ones).

**References**: ``#:`` then `` path:line`` each (a bare path without line),
leading ``./`` removed, duplicates once; the next reference goes on a new
``#:`` line when it (counted in UTF-8 bytes, with its leading space) would
pass column 79, so ``#: a.md:1 a.md:9`` share a line and a single over-long
reference stays on a line of its own.

**Flags**, normalised as gettext does: ``fuzzy`` first (left out when the
msgstr is empty, the header's too), the format flags (``c-format``,
``no-python-format`` ...) in gettext's fixed order of languages, ``range:
a..b``, ``no-wrap``.  ``possible-X-format`` becomes ``X-format``; ``wrap``,
``impossible-X-format`` and flags gettext does not know are not written
(msgcat drops them when reading); of contradicting flags the last wins.

**Strings** are escaped with ``\\\\``, ``\\"`` and ``\\a \\b \\f \\n
\\r \\t \\v``; other control characters are written raw, as gettext does.
A string is cut after each ``\\n``, and each piece is broken with the
Unicode line-breaking algorithm (UAX #14 as libunistring 1.0 implements it,
Unicode 14: :mod:`transpipe.text.linebreak`), run over the escaped text: a line breaks at the last break
opportunity before it would pass column 78 (79 with the closing quote),
counting display columns (CJK and most emoji 2, combining marks and control
characters 0, an escape 2).  Break opportunities: after a run of spaces (the
spaces end the line), after ``-``, ``/``, ``.``, ``?`` and dashes before a
letter (so URLs break: ``example.|com/|news``), around ideographs and emoji;
none inside a run of letters or digits, inside an escape, or just before a
final ``\\n``: such a run overflows the line.  A string that does not fit
after its keyword, or has a ``\\n`` before its end, starts with ``msgid ""``
and goes on the following lines.  ``no-wrap`` entries are cut after ``\\n``
only.  U+0085, U+2028 and U+2029 restart the column count without a break,
as in libunistring.

**msgcat's normal form**, which :func:`format_catalog` writes whatever it is
given: the flags above; obsolete entries last and only with a translation;
references without ``./`` and duplicates.  It raises :class:`ValueError` for
what no PO file can hold: a header without ``Content-Type: text/plain;
charset=UTF-8``, duplicate msgctxt+msgid, an entry with the header's key,
NUL or lone surrogates, a reference with whitespace or a non-numeric line,
and comment lines ending in a backslash (gettext joins them with the next
line).

**Not matched**: format strings are not parsed, so a ``c-format`` string
with a break opportunity inside a directive (``%-s``, ``% d``) may break
there where gettext does not; characters outside Unicode 14 break as in
libunistring 1.0 (newer gettext builds may differ there); msgcat writes
nothing at all for a catalogue without entries unless given ``--force-po``;
an extracted comment holding a newline is written as several ``#.`` lines
(msgcat would write the newline raw); a translator comment that is a single
empty line reads back as no comment; a translator comment ``File: x, line:
3`` is read by gettext as a reference.
"""

from __future__ import annotations

import re

from transpipe.core.model import CatalogData, CatalogEntry
from transpipe.po.reader import CHARSET, content_charset, is_number, parse_references
from transpipe.text.linebreak import PROHIBITED, UNDEFINED, UnicodeProps, line_breaks

PAGE_WIDTH = 79
"""gettext's default page width (``msgcat`` without ``-w``)."""

# Format flag languages of gettext 0.21, in the order msgcat writes them.
FORMAT_LANGUAGES = (
    "c",
    "objc",
    "python",
    "python-brace",
    "java",
    "java-printf",
    "csharp",
    "javascript",
    "scheme",
    "lisp",
    "elisp",
    "librep",
    "ruby",
    "sh",
    "awk",
    "lua",
    "object-pascal",
    "smalltalk",
    "qt",
    "qt-plural",
    "kde",
    "kde-kuit",
    "boost",
    "tcl",
    "perl",
    "perl-brace",
    "php",
    "gcc-internal",
    "gfc-internal",
    "ycp",
)


_ESCAPE_NAMES = {
    "\a": "a",
    "\b": "b",
    "\f": "f",
    "\n": "n",
    "\r": "r",
    "\t": "t",
    "\v": "v",
    "\\": "\\",
    '"': '"',
}
_UNWRITABLE = re.compile("[\x00\ud800-\udfff]")
_REFERENCE_SPACE = re.compile("[ \t\n]")


def format_catalog(data: CatalogData) -> str:
    """The catalogue as GNU ``msgcat`` writes it: ``msgcat`` of the result is the result.

    Writes msgcat's normal form (see the module docstring: flags normalised,
    obsolete entries last and only with a msgstr, references without ``./``
    and duplicates).  Raises :class:`ValueError` for what no PO file can hold:
    a header without ``Content-Type: text/plain; charset=UTF-8`` or with a
    key that is empty, has a colon, a newline or surrounding spaces, a value
    with a newline; duplicate msgctxt+msgid or an entry with the header's key
    (empty msgid, no msgctxt); NUL or lone surrogates; a reference whose path
    is empty, has whitespace or ends in a backslash, or whose line is not a
    number; a comment line ending in a backslash.
    """
    header = _header_text(data.header)
    uni = UnicodeProps.load()
    lines: list[str] = []
    _comment_lines(lines, "#", [data.header_comment] if data.header_comment else [])
    if data.header_fuzzy and header:
        lines.append("#, fuzzy")
    _wrap(lines, "", "msgid", "", True, uni)
    _wrap(lines, "", "msgstr", header, True, uni)
    seen: set[tuple[str | None, str]] = {(None, "")}
    live = [e for e in data.entries if not e.obsolete]
    # msgcat writes obsolete entries last, and none with an empty msgstr.
    obsolete = [e for e in data.entries if e.obsolete and e.msgstr]
    for entry in (*live, *obsolete):
        key = (entry.msgctxt, entry.msgid)
        if key in seen:
            what = "the header's empty msgid" if key == (None, "") else f"msgid {entry.msgid!r}"
            context = "" if entry.msgctxt is None else f" (msgctxt {entry.msgctxt!r})"
            raise ValueError(f"duplicate entry: {what}{context} occurs twice")
        seen.add(key)
        lines.append("")
        _entry_lines(lines, entry, uni)
    return "\n".join(lines) + "\n"


def _header_text(header: tuple[tuple[str, str], ...]) -> str:
    """The header entry's msgstr: ``Key: value`` lines."""
    charset: str | None = None
    for key, value in header:
        if not key or ":" in key or key != key.strip() or "\n" in key + value:
            raise ValueError(f"header field {key!r}: {value!r} cannot be written as 'Key: value'")
        if key == "Content-Type" and charset is None:
            charset = content_charset(value) or value
    if charset != CHARSET:
        raise ValueError(
            "the header needs 'Content-Type: text/plain; charset=UTF-8'"
            + (f", not {charset!r}" if charset else "")
        )
    return _writable("".join(f"{key}: {value}\n" for key, value in header))


def _writable(text: str) -> str:
    bad = _UNWRITABLE.search(text)
    if bad:
        raise ValueError(f"{text!r} holds U+{ord(bad.group()):04X}, which a PO file cannot hold")
    return text


def _comment_lines(lines: list[str], mark: str, texts: list[str]) -> None:
    for text in texts:
        for line in _writable(text).split("\n"):
            if line.endswith("\\"):
                raise ValueError(
                    f"comment line {line!r} ends with a backslash, which gettext joins with "
                    "the next line"
                )
            lines.append(f"{mark} {line}" if line else mark)


def _entry_lines(lines: list[str], entry: CatalogEntry, uni: UnicodeProps) -> None:
    if entry.tcomment:
        _comment_lines(lines, "#", [entry.tcomment])
    _comment_lines(lines, "#.", list(entry.comments))
    _reference_lines(lines, entry.references)
    flags, wrap = gettext_flags(entry.flags, entry.msgstr)
    if flags:
        lines.append("#, " + ", ".join(flags))
    prefix = "#~ " if entry.obsolete else ""
    if entry.previous_msgid is not None:
        _wrap(lines, "#~| " if entry.obsolete else "#| ", "msgid", entry.previous_msgid, wrap, uni)
    if entry.msgctxt is not None:
        _wrap(lines, prefix, "msgctxt", entry.msgctxt, wrap, uni)
    _wrap(lines, prefix, "msgid", entry.msgid, wrap, uni)
    _wrap(lines, prefix, "msgstr", entry.msgstr, wrap, uni)


def _reference_lines(lines: list[str], references: tuple[tuple[str, str], ...]) -> None:
    refs: list[tuple[str, str]] = []
    for path, number in references:
        if (
            not path
            or _REFERENCE_SPACE.search(path)
            or path.endswith("\\")
            or not (number == "" or is_number(number))
        ):
            raise ValueError(
                f"reference {path}:{number} cannot be written: the path must be non-empty, "
                "without whitespace and not end in a backslash; the line a number or empty"
            )
        while path.startswith("./"):  # gettext drops these when writing
            path = path[2:]
        ref = (_writable(path), str(int(number)) if number else "")
        if ref not in refs:  # gettext keeps the first of equal references
            refs.append(ref)
    if not refs:
        return
    texts = [f"{path}:{number}" if number else path for path, number in refs]
    if parse_references(" ".join(texts)) != refs:
        raise ValueError(f"references {' '.join(texts)!r} would read back as other paths or lines")
    line = "#:"
    column = 2
    for text in texts:
        size = len(text.encode("utf-8")) + 1
        if column > 2 and column + size > PAGE_WIDTH:
            lines.append(line)
            line = "#:"
            column = 2
        line += " " + text
        column += size
    lines.append(line)


def gettext_flags(flags: tuple[str, ...], msgstr: str) -> tuple[list[str], bool]:
    """The ``#,`` flags gettext keeps of ``flags``, in its order, and whether to wrap.

    Reads the flags as gettext reads one ``#,`` line (``range:`` takes the next
    word as its value; of contradicting flags the last wins) and returns what
    ``msgcat`` writes back.
    """
    words = [w for w in re.split(r"[\n \t\r\f\v,]+", ", ".join(flags)) if w]
    fuzzy = False
    formats: dict[str, str] = {}
    bounds: tuple[int, int] | None = None
    wrap = True
    i = 0
    while i < len(words):
        word = words[i]
        i += 1
        if word == "fuzzy":
            fuzzy = True
        elif word == "wrap":
            wrap = True
        elif word == "no-wrap":
            wrap = False
        elif word == "range:":
            if i < len(words):
                match = re.fullmatch(r"([0-9]+)\.\.([0-9]+)", words[i])
                i += 1
                if match and int(match.group(1)) <= int(match.group(2)):
                    bounds = (int(match.group(1)), int(match.group(2)))
        elif word.endswith("-format"):
            name = word[: -len("-format")]
            for marker in ("no-", "possible-", "impossible-", ""):
                if name.startswith(marker) and name[len(marker) :] in FORMAT_LANGUAGES:
                    formats[name[len(marker) :]] = marker
                    break
    result = ["fuzzy"] if fuzzy and msgstr else []
    for language in FORMAT_LANGUAGES:
        kind = formats.get(language)
        if kind in ("", "possible-"):
            result.append(f"{language}-format")
        elif kind == "no-":
            result.append(f"no-{language}-format")
    if bounds is not None:
        result.append(f"range: {bounds[0]}..{bounds[1]}")
    if not wrap:
        result.append("no-wrap")
    return result, wrap


def _portions(value: str) -> list[str]:
    """``value`` cut after each newline, as gettext writes it line by line."""
    parts = value.split("\n")
    portions = [part + "\n" for part in parts[:-1]]
    if parts[-1] or not portions:
        portions.append(parts[-1])
    return portions


def _wrap(
    lines: list[str], prefix: str, name: str, value: str, wrap: bool, uni: UnicodeProps
) -> None:
    """Write ``name "value"`` as gettext's ``wrap()`` does (non-indented style)."""
    after_break = len(prefix) + 1  # a continuation line starts after prefix and quote
    width = (PAGE_WIDTH if wrap else 1 << 62) - 1 - after_break
    portions = _portions(_writable(value))
    first = True
    for index, portion in enumerate(portions):
        chars: list[str] = []
        overrides: list[int] = []
        for char in portion:
            escaped = _ESCAPE_NAMES.get(char)
            if escaped is None:
                chars.append(char)
                overrides.append(UNDEFINED)
            else:
                chars += ("\\", escaped)
                overrides += (UNDEFINED, PROHIBITED)
        if portion.endswith("\n"):
            overrides[-2] = PROHIBITED  # no break just before a final "\n"
        while True:
            start = len(prefix) + (len(name) + 1 if first else 0) + 1 - after_break
            breaks = line_breaks(chars, width, start, overrides, uni)
            if first and chars and (index < len(portions) - 1 or start > width or any(breaks)):
                lines.append(f'{prefix}{name} ""')
                first = False
                continue
            break
        line = [prefix, f'{name} "' if first else '"']
        for char, brk in zip(chars, breaks, strict=True):
            if brk:
                line.append('"')
                lines.append("".join(line))
                line = [prefix, '"']
            line.append(char)
        line.append('"')
        lines.append("".join(line))
        first = False
