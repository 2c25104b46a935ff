"""The document wing: articles in and out, and editions built from catalogues.

It owns the article formats (``markdown`` with ``markdown_syntax`` and
``markdown_render``; ``html`` with ``html_reader`` and ``html_syntax``;
``text``), the reader-facing values of an article's front
matter and their safe rendering (``front_matter``, with ``front_yaml``,
``front_toml``, ``front_json`` and what they share in ``front_scalars``),
sentence segmentation (``segment``), inline-markup
protection (``inline``), the comparison of a translation's markup with its
source's (``markup``) and the editions built from reviewed entries
(``edition``).  It stands on the core and text wings and knows no engine,
glossary or catalogue file.

Parsers take text or bytes and return models; nothing here opens files.  The
caller reads the bytes and passes them to :func:`read_article` (which decodes
them with :func:`decode_article`, remembers the byte order mark and line end,
and parses with :func:`read_document`); :func:`render_document` turns a
document and a translation lookup back into text in the document's own format,
copying every character it does not translate, and :func:`encode_edition`
gives that text the source's bytes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from transpipe.core.errors import InputError
from transpipe.core.model import Document
from transpipe.document.html import parse_html, render_html
from transpipe.document.markdown import parse_markdown
from transpipe.document.markdown_render import render_markdown
from transpipe.document.text import Lookup, parse_text, render_text

__all__ = [
    "ARTICLE_SUFFIXES",
    "FORMATS",
    "MAX_ARTICLE_BYTES",
    "MAX_LINE_CHARS",
    "Format",
    "article_format",
    "decode_article",
    "encode_edition",
    "read_article",
    "read_document",
    "render_document",
]


@dataclass(frozen=True, slots=True)
class Format:
    """An article format: its name and aliases, the suffixes that imply it, how to read and
    render it.  ``render`` takes the document, the lookup and the edition's language (a
    format with no place for a language ignores it)."""

    name: str
    aliases: tuple[str, ...]
    suffixes: tuple[str, ...]
    parse: Callable[[str, str, frozenset[str]], Document]
    render: Callable[[Document, Lookup, str | None], str]


# the formats, one row each; a path with no listed suffix is plain text
_FORMATS = (
    Format("markdown", ("md",), (".md", ".markdown"), parse_markdown, render_markdown),
    Format("text", ("txt",), (".txt",), lambda text, path, _: parse_text(text, path),
           lambda doc, lookup, _: render_text(doc, lookup)),
    Format("html", ("htm",), (".html", ".htm"), lambda text, path, _: parse_html(text, path),
           render_html),
)  # fmt: skip
_BY_NAME = {name: f for f in _FORMATS for name in (f.name, *f.aliases)}
FORMATS = tuple(f.name for f in _FORMATS)
ARTICLE_SUFFIXES = tuple(suffix for f in _FORMATS for suffix in f.suffixes)

# News articles are tens of kilobytes; these bound the time and memory one
# input can take (README: Limits).  Every stage takes time linear in the size
# of the article and the length of its lines, so the limits are set from
# measured times (tests/benchmarks/bench_large_input.py): a 5 MB article or a
# 500,000-character line (minified HTML, a paragraph on one line) is
# translated with the pseudo engine in well under a minute.
MAX_ARTICLE_BYTES = 5_000_000
MAX_LINE_CHARS = 500_000

_BOM = b"\xef\xbb\xbf"
_CONTROL = re.compile(r"[\x01-\x08\x0e-\x1f\x7f]")
_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive or Office document (.docx, .odt)"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"{\\rtf", "an RTF document"),
)


def decode_article(data: bytes, path: str) -> str:
    """Decode an article's bytes as UTF-8 text with ``\\n`` line ends.

    A UTF-8 byte order mark is dropped and CRLF/CR become LF.  Raises
    :class:`InputError` (with ``path`` and, where it applies, the line) for
    invalid UTF-8 (naming the byte offset of the first bad byte in ``data``),
    UTF-16 files, binary files (NUL or other control bytes, known document or
    image signatures), empty or whitespace-only articles, and articles over
    :data:`MAX_ARTICLE_BYTES` or with a line over :data:`MAX_LINE_CHARS`
    characters (callers reading a file should refuse an oversize one from its
    size before reading it).
    """
    if len(data) > MAX_ARTICLE_BYTES:
        raise InputError(
            f"the article is {len(data) / 1e6:.1f} MB, over the limit of "
            f"{MAX_ARTICLE_BYTES / 1e6:g} MB; split it into smaller files",
            path=path,
        )
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(
                f"this is {what}, not a text article; save it as UTF-8 text or Markdown",
                path=path,
            )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("the file is UTF-16 encoded; save the file as UTF-8", path=path, line=1)
    skipped = len(_BOM) if data.startswith(_BOM) else 0
    body = data[skipped:]
    nul = body.find(b"\x00")
    if nul >= 0:
        raise InputError(
            f"NUL byte at byte {nul + skipped}: this looks like a binary or UTF-16 file, "
            "not a text article; save the article as UTF-8 text",
            path=path,
            line=_line_at(body, nul),
        )
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        bad = body[error.start]
        raise InputError(
            f"not valid UTF-8 at byte {error.start + skipped} (0x{bad:02X}: {error.reason}; "
            "the file may be in Latin-1 or Windows-1252); save the file as UTF-8",
            path=path,
            line=_line_at(body, error.start),
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    control = _CONTROL.search(text)
    if control is not None:
        raise InputError(
            f"control character U+{ord(control.group()):04X}: this looks like a binary file, "
            "not a text article; save the article as UTF-8 text",
            path=path,
            line=text.count("\n", 0, control.start()) + 1,
        )
    if not text.strip():
        raise InputError("the article is empty", path=path)
    _check_line_lengths(text, path)
    return text


def read_article(
    data: bytes, path: str, fmt: str | None = None, *, front_matter_keys: Iterable[str] = ()
) -> Document:
    """Decode an article's bytes (:func:`decode_article`) and parse them (:func:`read_document`).

    The document remembers what decoding set aside, so that
    :func:`encode_edition` writes editions the way the source was written: a
    UTF-8 byte order mark, and the line end of the file's first line (CRLF, a
    lone CR or LF; a file that mixes them gets that one throughout).
    """
    text = decode_article(data, path)
    document = read_document(text, path, fmt, front_matter_keys=front_matter_keys)
    return replace(document, bom=data.startswith(_BOM), newline=_first_line_end(data))


def encode_edition(document: Document, text: str) -> bytes:
    """The bytes of an edition of ``document`` whose text (``\n`` line ends) is ``text``.

    The edition gets the source's byte order mark and line end, so an edition
    where nothing is translated is the source file byte for byte.
    """
    if document.newline != "\n":
        text = text.replace("\n", document.newline)
    return (_BOM if document.bom else b"") + text.encode("utf-8")


def _first_line_end(data: bytes) -> str:
    """The line end of ``data``'s first line: ``\r\n``, ``\r`` or (also with no line end) ``\n``."""
    lf, cr = data.find(b"\n"), data.find(b"\r")
    if cr < 0 or 0 <= lf < cr:
        return "\n"
    return "\r\n" if data[cr + 1 : cr + 2] == b"\n" else "\r"


def _check_line_lengths(text: str, path: str) -> None:
    """Refuse a line over :data:`MAX_LINE_CHARS` characters, naming it."""
    if len(text) <= MAX_LINE_CHARS:
        return
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > MAX_LINE_CHARS:
            raise InputError(
                f"line {number} is {len(line)} characters long, over the limit of "
                f"{MAX_LINE_CHARS}; break it into paragraphs",
                path=path,
                line=number,
            )


def article_format(path: str) -> str:
    """The format a path's extension implies: ``.md``/``.markdown`` are Markdown,
    ``.html``/``.htm`` HTML, the rest text."""
    lowered = path.lower()
    for known in _FORMATS:
        if lowered.endswith(known.suffixes):
            return known.name
    return "text"


def read_document(
    text: str, path: str, fmt: str | None = None, *, front_matter_keys: Iterable[str] = ()
) -> Document:
    """Parse decoded article ``text`` into a :class:`Document`.

    ``fmt`` is ``"markdown"`` (or ``"md"``), ``"html"`` (or ``"htm"``) or
    ``"text"`` (or ``"txt"``); when
    it is ``None`` the format follows ``path`` (see :func:`article_format`).
    ``text`` must have ``\\n`` line ends, as :func:`decode_article` returns;
    sentence offsets index into it.  An unknown ``fmt`` raises
    :class:`InputError`.  ``front_matter_keys`` are the front matter keys
    translated besides the usual ones (a Markdown article's title,
    description, summary, subtitle, caption and alt).
    """
    chosen = _BY_NAME.get(article_format(path) if fmt is None else fmt.lower())
    if chosen is None:
        raise InputError(
            f"unknown article format {fmt!r}; use 'markdown', 'html' or 'text'", path=path
        )
    return chosen.parse(text, path, frozenset(key.lower() for key in front_matter_keys))


def render_document(
    doc: Document, lookup: Callable[[str], str | None], *, language: str | None = None
) -> str:
    """Render ``doc`` in its own format, each sentence replaced by ``lookup(sentence)``.

    ``lookup`` returns the translation, or ``None`` for "no translation": the
    source sentence is kept (an empty string is a real, empty translation).
    Every character outside a translated sentence is copied from the source,
    so with a lookup that always returns ``None`` the output is the source
    text (pass it to :func:`encode_edition` for the source's bytes).
    ``language``, when given, is written where the format has a place for it
    (``<html lang>``, a front matter ``lang`` key).
    """
    known = _BY_NAME.get(doc.format)
    if known is not None and known.name == doc.format:
        return known.render(doc, lookup, language)
    raise InputError(
        f"cannot render format {doc.format!r}; use 'markdown', 'html' or 'text'", path=doc.path
    )


def _line_at(data: bytes, index: int) -> int:
    """1-based line of byte ``index``, counting LF, CRLF and lone CR as line ends."""
    head = data[:index]
    return head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1
