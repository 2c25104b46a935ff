"""Plain data shared by every pipeline stage.

Records are frozen dataclasses; stages take and return these and nothing else,
so any stage can be tested on in-memory values.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class BlockKind(str, Enum):
    """What a block of the article is; decides how it is rendered back."""

    TITLE = "title"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    QUOTE = "quote"
    CODE = "code"  # fenced or indented code: never translated
    VERBATIM = "verbatim"  # rules, HTML blocks, tables, front matter: copied as is
    # HTML only: markup that shares its lines with translatable text, copied as is
    MARKUP = "markup"
    # HTML only: a text-carrying attribute value (``alt``, ``title``, meta description)
    ATTRIBUTE = "attribute"
    # HTML only: the ``lang`` value of ``<html>`` (or where it goes), set to the edition's language
    LANGUAGE = "language"
    # Markdown only: YAML, TOML or JSON front matter; its reader-facing values are sentences
    FRONT_MATTER = "front_matter"
    # Markdown only: a GFM table; each cell with text is one sentence
    TABLE = "table"
    # Markdown only: a raw HTML block, read as HTML (text runs and text attributes are sentences)
    HTML = "html"
    # Markdown only: shortcode and template tags on lines of their own (Hugo, Liquid, Jinja);
    # the values of their reader-facing parameters (caption, title, alt) are sentences
    TEMPLATE = "template"


@dataclass(frozen=True, slots=True)
class Sentence:
    """One translatable sentence of a block.

    ``text`` keeps inline Markdown exactly as written (``**NATO**``,
    ``[link](url)``); ``line`` is the 1-based line of the file where the
    sentence starts; ``start``/``end`` are character offsets into the decoded
    file text.  ``note`` says what the sentence is when it is not running
    text (``html attribute: img alt``); it reaches the catalogue as a comment.
    """

    text: str
    line: int
    start: int
    end: int
    note: str = ""


@dataclass(frozen=True, slots=True)
class Block:
    """A block of the article: its markup and its sentences.

    ``prefix`` is the markup put before the text when rendering (``"# "``,
    ``"- "``, ``"> "``, ``"1. "``); ``raw`` is the block's source text verbatim
    (rendered unchanged when the block is not translatable).
    """

    kind: BlockKind
    line: int
    raw: str
    prefix: str = ""
    sentences: tuple[Sentence, ...] = ()

    @property
    def translatable(self) -> bool:
        return bool(self.sentences)


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed article: its blocks in order, and where it came from."""

    path: str
    format: str  # "markdown", "html" or "text"
    blocks: tuple[Block, ...]
    trailing_newline: bool = True
    # the decoded text the blocks were read from (``\n`` line ends); editions copy from it
    source: str = ""
    # how the file was written: a UTF-8 byte order mark, and its line end
    bom: bool = False
    newline: str = "\n"

    def sentences(self) -> list[Sentence]:
        """All translatable sentences in document order."""
        return [s for b in self.blocks for s in b.sentences]

    @property
    def name(self) -> str:
        """The article's name: file name without its extension."""
        return article_name(self.path)


def article_name(path: str) -> str:
    """The name of the article at ``path``: its file name without its extension."""
    base = path.replace("\\", "/").rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[0] if "." in base else base


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """Which model produced a translation; shown in catalogue headers."""

    engine: str
    name: str
    version: str
    source: str
    target: str


@dataclass(frozen=True, slots=True)
class CatalogEntry:
    """One gettext catalogue entry as plain data (no polib objects outside catalog.py).

    ``line`` is the 1-based line of the entry's ``msgid`` in its file (0 when
    not read from a file); ``comments`` are the extracted (``#.``) lines,
    ``tcomment`` the translator's (``# ``) lines.
    """

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    flags: tuple[str, ...] = ()
    references: tuple[tuple[str, str], ...] = ()
    comments: tuple[str, ...] = ()
    tcomment: str = ""
    previous_msgid: str | None = None
    obsolete: bool = False
    line: int = 0

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def approved(self) -> bool:
        """Translated and reviewed: a non-empty msgstr without the fuzzy flag."""
        return bool(self.msgstr) and not self.fuzzy and not self.obsolete


@dataclass(frozen=True, slots=True)
class CatalogData:
    """A whole catalogue as plain data: header fields in order, then entries."""

    header: tuple[tuple[str, str], ...]
    entries: tuple[CatalogEntry, ...]
    header_fuzzy: bool = False
    header_comment: str = ""

    def meta(self, key: str) -> str | None:
        for k, v in self.header:
            if k == key:
                return v
        return None


@dataclass(frozen=True, slots=True)
class SourceEntry:
    """One distinct source sentence and every place it occurs."""

    msgid: str
    references: tuple[tuple[str, int], ...]
    notes: tuple[str, ...] = ()
