"""The article corpus against outside parsers: every article comes back byte for byte, a
pseudo edition keeps the source's structure, and every text a reader sees is an entry.

The corpus (``tests/data/articles``, see its README) holds news articles in the shapes
newsrooms publish: Hugo and Jekyll pages with front matter, shortcodes and Liquid tags,
plain Markdown, HTML documents and wire-style plain text.  The oracles are independent of
transpipe: markdown-it-py (CommonMark with GFM tables and strikethrough, footnotes,
definition lists and task lists) for Markdown, html5lib for HTML, ruamel.yaml, tomllib and
json for front matter.

The pseudo edition is what ``transpipe translate --engine pseudo`` writes: each entry's
inline markup is protected, the words pseudo-translated, the markup restored.
"""

from __future__ import annotations

import html
import json
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any
from xml.etree.ElementTree import Element

import html5lib
import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin
from ruamel.yaml import YAML

from tests.conftest import TESTS
from transpipe.core.model import Document, Sentence
from transpipe.document import encode_edition, read_article, render_document
from transpipe.document.inline import protect, restore
from transpipe.engines.pseudo import pseudo_translate

CORPUS = TESTS / "data" / "articles"
ARTICLES = sorted(
    p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*.*") if p.name != "README.md"
)
MARKDOWN = [name for name in ARTICLES if name.endswith(".md")]
HTML = [name for name in ARTICLES if name.endswith(".html")]
TEXT = [name for name in ARTICLES if name.endswith(".txt")]

# front-matter keys whose values readers see (at any depth: params.caption, images[].alt)
TEXT_KEYS = frozenset({"title", "description", "summary", "subtitle", "caption", "alt"})
# front-matter keys whose values are addresses, dates or codes, never entries
ADDRESS_KEYS = frozenset({"slug", "aliases", "permalink", "src", "path", "layout"})
CODE_KEYS = ADDRESS_KEYS | {"date", "lang", "language", "name", "key", "parent"}
# shortcode and Liquid parameters readers see
PARAMETER_KEYS = ("caption", "alt", "title", "summary")
# HTML attributes readers see (and <meta name="description" content>)
TEXT_ATTRIBUTES = frozenset({"alt", "title", "aria-label", "placeholder"})
# HTML elements whose content no reader sees as running text
HIDDEN_ELEMENTS = frozenset({"script", "style", "template"})

LETTER = re.compile(r"[^\W\d_]")
PLACEHOLDER = re.compile(r"\{\d+\}")


# -- the article, its editions and its front matter ----------------------------------------


@dataclass(frozen=True, slots=True)
class Article:
    """One corpus file: its bytes, its text as an outside reader decodes it, the document
    transpipe reads, and the pseudo edition transpipe renders."""

    name: str
    data: bytes
    text: str
    doc: Document
    edition: str

    @property
    def entries(self) -> list[Sentence]:
        return self.doc.sentences()


def pseudo(sentence: str) -> str:
    """The pseudo engine's translation, inline markup protected as ``translate`` does it."""
    protected = protect(sentence)
    return restore(pseudo_translate(protected.text), protected.tokens).text


def decode(data: bytes) -> str:
    return data.decode("utf-8-sig").replace("\r\n", "\n")


def decode_file(name: str) -> str:
    return decode((CORPUS / name).read_bytes())


@cache
def article(name: str) -> Article:
    data = (CORPUS / name).read_bytes()
    doc = read_article(data, name)
    return Article(name, data, decode(data), doc, render_document(doc, pseudo))


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """A page's front matter: its syntax, the text between the fences and its lines
    (1-based, fences included); ``kind`` is empty when the page has none."""

    kind: str
    inner: str = ""
    first: int = 0
    last: int = 0


_FENCES = {"---": ("yaml", ("---", "...")), "+++": ("toml", ("+++",)), "{": ("json", ("}",))}


def front_matter(text: str) -> FrontMatter:
    """The front matter as Hugo, Jekyll and Eleventy find it: YAML between ``---`` (Jekyll
    may close with ``...``), TOML between ``+++``, a JSON object from ``{`` to ``}``."""
    lines = text.split("\n")
    if lines[0] not in _FENCES:
        return FrontMatter("")
    kind, closers = _FENCES[lines[0]]
    end = next(i for i in range(1, len(lines)) if lines[i] in closers)
    inner = "\n".join(lines[1:end]) if kind != "json" else "\n".join(lines[: end + 1])
    return FrontMatter(kind, inner, 1, end + 1)


def load_front_matter(matter: FrontMatter) -> Any:
    if matter.kind == "yaml":
        return YAML(typ="safe", pure=True).load(matter.inner)
    if matter.kind == "toml":
        return tomllib.loads(matter.inner)
    return json.loads(matter.inner)


def body_lines(text: str) -> str:
    """``text`` with its front matter blanked line for line, so that markdown-it's line
    maps stay the file's (mdit's own front_matter plugin knows only ``---`` fences)."""
    matter = front_matter(text)
    if not matter.kind:
        return text
    lines = text.split("\n")
    return "\n" * matter.last + "\n".join(lines[matter.last :])


def text_values(value: Any, key: str = "") -> Iterator[tuple[str, str]]:
    """``(key, string)`` for every string in parsed front matter, lists under their key."""
    if isinstance(value, dict):
        for inner_key, inner in value.items():
            yield from text_values(inner, str(inner_key))
    elif isinstance(value, list):
        for item in value:
            yield from text_values(item, key)
    elif isinstance(value, str):
        yield key, value


def skeleton(value: Any, key: str = "") -> Any:
    """Front matter with the reader-facing strings replaced by a marker."""
    if isinstance(value, dict):
        return {k: skeleton(v, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [skeleton(item, key) for item in value]
    return "<text>" if key in TEXT_KEYS and isinstance(value, str) else value


# -- what a reader sees: templates out, entities decoded, whitespace folded ------------------

# spans no reader sees, tried in this order: kramdown attribute lists, blocks whose content
# is code or an editor's comment, then every other template tag (the content between a
# paired tag's ends, a note or a details box, is running text)
_INVISIBLE = re.compile(
    r"""\{\#[\w-]+\}                                             # kramdown {#anchor}
      | \{:[^}\n]*\}                                             # kramdown {: .lead}
      | \{\{<\s*highlight\b.*?\{\{<\s*/highlight\s*>\}\}         # Hugo code
      | \{%-?\s*highlight\b.*?\{%-?\s*endhighlight\s*-?%\}       # Liquid code
      | \{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\}     # Liquid comment
      | \{\#.*?\#\}                                              # Jinja comment
      | \{\{<.*?>\}\} | \{\{%.*?%\}\} | \{%.*?%\} | \{\{.*?\}\}  # shortcodes and tags
    """,
    re.VERBOSE | re.DOTALL,
)
_TEMPLATE_TAG = re.compile(r"\{\{<.*?>\}\}|\{\{%.*?%\}\}|\{%.*?%\}", re.DOTALL)
_PARAMETER = re.compile(r"\b(" + "|".join(PARAMETER_KEYS) + r""")\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def shortcode_parameters(text: str) -> Iterator[tuple[str, str, int, int]]:
    """``(parameter, value, first line, last line)`` for each caption, alt, title and
    summary of a Hugo shortcode or Liquid tag."""
    for tag in _TEMPLATE_TAG.finditer(text):
        first, last = line_of(text, tag.start()), line_of(text, tag.end())
        for parameter in _PARAMETER.finditer(tag.group()):
            yield parameter.group(1), parameter.group(2) or parameter.group(3), first, last


def invisible_out(text: str) -> str:
    """``text`` without template tags, code templates and comments, their line ends kept."""
    return _INVISIBLE.sub(lambda m: "\n" * m.group().count("\n"), text)


def fold(text: str) -> str:
    return " ".join(text.split())


def readable(entry: str) -> str:
    """An entry as markdown-it or html5lib report its text: references and backslash
    escapes decoded, templates out, whitespace folded."""
    return fold(html.unescape(_ESCAPE.sub(r"\1", invisible_out(entry))))


def entries_between(item: Article, first: int, last: int) -> list[str]:
    """The readable text of the entries that start on lines ``first`` to ``last``, in the
    order of the source (an attribute's entry may come before the sentence holding it)."""
    found = sorted((s for s in item.entries if first <= s.line <= last), key=lambda s: s.start)
    return [readable(s.text) for s in found]


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


# -- Markdown: markdown-it's view ----------------------------------------------------------

MD = (
    MarkdownIt("commonmark")
    .enable("table")
    .enable("strikethrough")
    .use(footnote_plugin)
    .use(deflist_plugin)
    .use(tasklists_plugin)
)
_TAG = re.compile(r"<(/?[A-Za-z][A-Za-z0-9-]*|!--)")


def markdown_shape(text: str) -> list[tuple[object, ...]]:
    """The block tokens (type, tag, nesting, markup, attributes; code and HTML blocks by
    content and tree) and, inside each, the inline tokens other than text and soft breaks
    (links and images with their targets, code spans with their content, inline HTML by
    its tag, footnote references by label)."""
    shape: list[tuple[object, ...]] = []
    for token in MD.parse(body_lines(text)):
        found: tuple[object, ...] = (token.type, token.tag, token.nesting, token.markup)
        if token.type in ("fence", "code_block"):
            found += (token.info, token.content)
        elif token.type == "html_block":
            found += (tuple(html_shape(token.content, fragment=True)),)
        else:
            found += (tuple(sorted(token.attrs.items())),)
        shape.append(found)
        shape.extend(inline_shape(token.children or []))
    return shape


def inline_shape(children: list[Token]) -> Iterator[tuple[object, ...]]:
    for child in children:
        if child.type in ("text", "softbreak"):
            continue
        if child.type == "html_inline" and not child.content.startswith("<input"):
            tag = _TAG.match(child.content)
            yield (child.type, tag.group(1) if tag else child.content)
        elif child.type in ("code_inline", "html_inline"):
            yield (child.type, child.content)
        elif child.type == "footnote_ref":
            yield (child.type, child.meta["label"])
        else:
            target = child.attrGet("href") or child.attrGet("src")
            yield (child.type, child.tag, child.nesting, child.markup, target)


def block_lines(token: Token) -> tuple[int, int]:
    """The first and last 1-based line of a block token (its map counts from 0 and leaves
    its end out; the deflist plugin maps a term on line 30 to ``[29, 29]``)."""
    if token.map is None:
        return 1, 1 << 30
    first, end = token.map
    return first + 1, max(end, first + 1)


def markdown_texts(text: str) -> Iterator[tuple[str, int, int]]:
    """``(text, first line, last line)`` for what a reader of the rendered page sees:
    every text token with a letter outside code, every image's alt text, and the text and
    text attributes of raw HTML blocks.  Template tags are taken out first."""
    for token in MD.parse(invisible_out(body_lines(text))):
        first, last = block_lines(token)
        if token.type == "html_block":
            for found in html_texts(token.content, fragment=True):
                yield found, first, last
            continue
        for child in token.children or []:
            if child.type in ("text", "image") and LETTER.search(child.content):
                yield child.content, first, last


def html_attribute_values(text: str) -> Iterator[tuple[str, str]]:
    """``(attribute, value)`` for the reader-facing attributes of raw HTML in Markdown."""
    for token in MD.parse(invisible_out(body_lines(text))):
        pieces = [token] if token.type == "html_block" else (token.children or [])
        for piece in pieces:
            if piece.type in ("html_block", "html_inline"):
                yield from text_attributes(piece.content, fragment=True)


# -- HTML: html5lib's view -----------------------------------------------------------------


def parse_html(text: str, fragment: bool = False) -> Element:
    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("etree"), namespaceHTMLElements=False)
    return parser.parseFragment(text) if fragment else parser.parse(text)


def is_meta_text(element: Element) -> bool:
    kind = element.get("name") or element.get("property") or ""
    return element.tag == "meta" and kind.split(":")[-1] in ("description", "title")


def html_shape(text: str, fragment: bool = False) -> list[tuple[object, ...]]:
    """Elements in document order, each with its attribute names in order, the values of
    attributes no reader reads, and the content of scripts, styles and comments."""
    shape: list[tuple[object, ...]] = []
    for element in parse_html(text, fragment).iter():
        if not isinstance(element.tag, str):  # a comment
            shape.append(("<!--", element.text))
            continue
        kept = tuple(
            (name, value)
            for name, value in element.attrib.items()
            if name not in TEXT_ATTRIBUTES and not (name == "content" and is_meta_text(element))
        )
        content = element.text if element.tag in HIDDEN_ELEMENTS else None
        shape.append((element.tag, tuple(element.attrib), kept, content))
    return shape


def html_texts(text: str, fragment: bool = False) -> Iterator[str]:
    """Every run of text with a letter outside scripts, styles and comments."""

    def walk(element: Element) -> Iterator[str | None]:
        if isinstance(element.tag, str) and element.tag not in HIDDEN_ELEMENTS:
            yield element.text
            for child in element:
                yield from walk(child)
        yield element.tail

    for found in walk(parse_html(text, fragment)):
        if found and LETTER.search(found):
            yield found


def text_attributes(text: str, fragment: bool = False) -> Iterator[tuple[str, str]]:
    for element in parse_html(text, fragment).iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            readable_meta = name == "content" and is_meta_text(element)
            if (name in TEXT_ATTRIBUTES or readable_meta) and LETTER.search(value):
                yield f"{element.tag} {name}", value


# -- plain text ----------------------------------------------------------------------------

_BULLET = re.compile(r"\s*(?:[-*•]|\d{1,2}[.)])\s+")


def numbered_paragraphs(text: str) -> list[tuple[int, list[str]]]:
    """Runs of non-blank lines, each with the 1-based line it starts on."""
    found: list[tuple[int, list[str]]] = []
    after_blank = True
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            after_blank = True
        elif after_blank:
            found.append((number, [line]))
            after_blank = False
        else:
            found[-1][1].append(line)
    return found


def paragraphs(text: str) -> list[list[str]]:
    return [lines for _, lines in numbered_paragraphs(text)]


def unbulleted(line: str) -> str:
    marker = _BULLET.match(line)
    return line[marker.end() :] if marker else line


def wrap_width(text: str) -> int:
    """The width the article was wrapped at: its longest line in a paragraph of several."""
    return max(len(line) for lines in paragraphs(text) if len(lines) > 1 for line in lines)


def units(text: str) -> list[list[str]]:
    """The paragraphs, each list item on its own: the units a writer wraps."""
    found: list[list[str]] = []
    for lines in paragraphs(text):
        found.append([])
        for line in lines:
            if _BULLET.match(line) and found[-1]:
                found.append([])
            found[-1].append(line)
    return found


def list_markers(lines: list[str]) -> list[str]:
    return [m.group().strip() for line in lines if (m := _BULLET.match(line))]


def hanging_indents(lines: list[str]) -> set[int]:
    return {len(line) - len(line.lstrip()) for line in lines[1:] if not _BULLET.match(line)}


# -- the corpus has what it claims ---------------------------------------------------------

# construct -> (pattern, fewest files that must show it)
CONSTRUCTS: dict[str, tuple[str, int]] = {
    "YAML front matter": (r"\A---\n", 8),
    "TOML front matter": (r"\A\+\+\+\n", 2),
    "JSON front matter": (r"\A\{\n", 2),
    "Jekyll's ... closer": (r"\A---\n(?:.*\n)*?\.\.\.\n", 1),
    "block scalar": (r"^\w+: [|>]-?$", 3),
    "nested params": (r"^params:\n  \w+:|^\[params\]", 4),
    "images or resources": (r"^(?:images|resources):|^\[\[resources\]\]|\"images\": \[", 4),
    "table alignment row": (r"^(?=.*\|)(?=.*:)[ :|-]*-[ :|-]*$", 6),
    "escaped pipe in a cell": (r"\\\|", 3),
    "table without outer pipes": (r"^\w[^\n]*\|[^\n]*\n:?-+:?\s*\|", 2),
    "figure shortcode": (r"\{\{< figure", 3),
    "multi-line shortcode": (r"\{\{<(?:(?!>\}\}).)*\n", 2),
    "paired note shortcode": (r"\{\{% note %\}\}", 3),
    "details shortcode": (r"\{\{< details summary=", 2),
    "highlight shortcode": (r"\{\{< highlight \w+ >\}\}", 2),
    "ref inside a link": (r"\]\(\{\{< (?:rel)?ref ", 2),
    "youtube shortcode": (r"\{\{< youtube ", 2),
    "inline shortcode": (r"\S \{\{< param ", 2),
    "Liquid include": (r"\{% include figure\.html", 3),
    "Liquid output": (r"\{\{ page\.title \}\}", 2),
    "Liquid raw": (r"\{% raw %\}", 2),
    "Liquid highlight": (r"\{% highlight \w+ %\}", 2),
    "Liquid comment": (r"\{% comment %\}", 2),
    "Jinja comment": (r"\{# ", 2),
    "HTML comment": (r"<!--", 6),
    "kramdown anchor": (r"^#+ .* \{#[\w-]+\}$", 3),
    "kramdown class": (r"^\{: \.\w+\}$", 2),
    "task list": (r"^- \[[x ]\] ", 3),
    "raw HTML figure": (r"^<figure", 3),
    "raw HTML details": (r"^<details>", 2),
    "raw HTML note": (r'^<div class="note">', 2),
    "raw HTML aside": (r"^<aside", 2),
    "inline abbr": (r"<abbr title=", 3),
    "hard break, two spaces": (r"\S  \n\S", 2),
    "hard break, backslash": (r"\S\\\n\S", 2),
    "footnote": (r"^\[\^\w+\]: ", 4),
    "reference link": (r"\]\[\w[^\]]*\]", 3),
    "collapsed reference": (r"\]\[\]", 2),
    "reference definition": (r'^\[[^\]^]+\]: \S+ "', 3),
    "definition list": (r"^\S.*\n: ", 3),
    "nested list": (r"^\d\. .*\n(?:   .*\n)*   (?:-|\d\.) ", 3),
    "quoted list": (r"^> (?:-|\d\.) ", 3),
    "setext heading": (r"(?:\A|\n\n)[^\n]+\n(?:={3,}|-{3,})\n", 3),
    "HTML entity": (r"&(?:amp|nbsp|mdash|#8217);", 5),
    "image with title": (r'!\[[^\]]+\]\(\S+ "', 3),
    "fenced code": (r"^```", 2),
    "indented code": (r"\n\n    \S", 2),
    "thematic break": (r"\n\n(?:---|\*\*\*|\* \* \*)\n", 3),
    "heading closed with ##": (r"^#+ .* #+$", 2),
    "HTML meta description": (r'<meta name="description"', 5),
    "HTML script": (r"<script", 4),
}


def test_the_corpus_has_every_kind_of_article() -> None:
    folders = [name.split("/")[0] for name in ARTICLES]
    counts = {folder: folders.count(folder) for folder in set(folders)}
    wanted = {"hugo": 8, "jekyll": 6, "markdown": 6, "html": 5, "text": 6}
    assert all(counts.get(folder, 0) >= fewest for folder, fewest in wanted.items()), counts


@pytest.mark.parametrize("construct", CONSTRUCTS)
def test_the_corpus_shows_each_construct_in_several_articles(construct: str) -> None:
    pattern, fewest = CONSTRUCTS[construct]
    showing = [
        n for n in ARTICLES if re.search(pattern, decode((CORPUS / n).read_bytes()), re.MULTILINE)
    ]
    assert len(showing) >= fewest, showing


def test_the_corpus_keeps_its_byte_level_variants() -> None:
    raw = {name: (CORPUS / name).read_bytes() for name in ARTICLES}
    crlf = {name.rsplit(".", 1)[1] for name, data in raw.items() if b"\r\n" in data}
    assert {"md", "txt"} <= crlf
    assert sum(data.startswith(b"\xef\xbb\xbf") for data in raw.values()) >= 2
    assert any(not data.endswith(b"\n") for data in raw.values())
    assert any(data.endswith(b"\n\n\n") for data in raw.values())
    lengths = {name: len(decode(data).splitlines()) for name, data in raw.items()}
    assert all(20 <= n <= 80 for n in lengths.values()), lengths


# -- 1. identity -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ARTICLES)
def test_every_article_comes_back_byte_for_byte_when_nothing_is_translated(name: str) -> None:
    item = article(name)
    assert encode_edition(item.doc, render_document(item.doc, lambda s: None)) == item.data


@pytest.mark.parametrize("name", ARTICLES)
def test_an_edition_keeps_the_articles_byte_order_mark_line_ends_and_final_newline(
    name: str,
) -> None:
    item = article(name)
    edition = encode_edition(item.doc, item.edition)
    assert edition.startswith(b"\xef\xbb\xbf") == item.data.startswith(b"\xef\xbb\xbf")
    assert edition.endswith(b"\n") == item.data.endswith(b"\n")
    if b"\r\n" in item.data:
        assert edition.count(b"\n") == edition.count(b"\r\n")
    else:
        assert b"\r" not in edition


# -- 2. structure ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", MARKDOWN)
def test_a_pseudo_edition_has_the_markdown_structure_of_its_source(name: str) -> None:
    item = article(name)
    assert markdown_shape(item.edition) == markdown_shape(item.text)


@pytest.mark.parametrize("name", [n for n in MARKDOWN if front_matter(decode_file(n)).kind])
def test_a_pseudo_edition_keeps_the_front_matter_and_translates_its_texts(name: str) -> None:
    item = article(name)
    source = load_front_matter(front_matter(item.text))
    edition = load_front_matter(front_matter(item.edition))
    assert skeleton(edition) == skeleton(source)
    kept = [
        value
        for (key, value), (_, translated) in zip(text_values(source), text_values(edition))
        if key in TEXT_KEYS and value == translated
    ]
    assert not kept


@pytest.mark.parametrize("name", HTML)
def test_a_pseudo_edition_has_the_html_tree_of_its_source(name: str) -> None:
    item = article(name)
    assert html_shape(item.edition) == html_shape(item.text)


@pytest.mark.parametrize("name", TEXT)
def test_a_pseudo_text_edition_keeps_its_paragraphs_and_list_items(name: str) -> None:
    item = article(name)
    source, edition = paragraphs(item.text), paragraphs(item.edition)
    assert len(edition) == len(source)
    assert [list_markers(p) for p in edition] == [list_markers(p) for p in source]
    assert all(hanging_indents(e) <= hanging_indents(s) | {0} for s, e in zip(source, edition))


@pytest.mark.parametrize("name", TEXT)
def test_a_pseudo_text_edition_keeps_short_lines_whole_and_wraps_at_the_source_width(
    name: str,
) -> None:
    """A paragraph or list item on one line (a title, a dateline, a short item) stays one
    line: nothing says its writer would wrap it.  The lines of a wrapped one stay within
    the width the article was wrapped at (a longer line is one word), so a wire story
    reads in the same columns in every language."""
    item = article(name)
    width = wrap_width(item.text)
    assert len(units(item.edition)) == len(units(item.text))
    for source, edition in zip(units(item.text), units(item.edition)):
        if len(source) == 1:
            assert len(edition) == 1, edition
        else:
            assert all(len(line) <= width or " " not in line.strip() for line in edition), edition


# -- 3. coverage: every reader-facing text is an entry, and no markup is -----------------------


@pytest.mark.parametrize("name", MARKDOWN)
def test_every_markdown_text_a_reader_sees_is_inside_an_entry(name: str) -> None:
    item = article(name)
    missing = [
        found
        for found, first, last in markdown_texts(item.text)
        if fold(found) not in " ".join(entries_between(item, first, last))
    ]
    assert not missing


@pytest.mark.parametrize("name", MARKDOWN)
def test_every_text_attribute_of_raw_html_in_markdown_is_an_entry(name: str) -> None:
    item = article(name)
    entries = {readable(s.text) for s in item.entries}
    missing = [(attr, v) for attr, v in html_attribute_values(item.text) if fold(v) not in entries]
    assert not missing


@pytest.mark.parametrize("name", [n for n in MARKDOWN if front_matter(decode_file(n)).kind])
def test_every_front_matter_text_is_an_entry(name: str) -> None:
    item = article(name)
    matter = front_matter(item.text)
    inside = " ".join(entries_between(item, matter.first, matter.last))
    values = list(text_values(load_front_matter(matter)))
    missing = [(k, v) for k, v in values if k in TEXT_KEYS and fold(v) not in inside]
    assert not missing
    codes = {fold(v) for k, v in values if k in CODE_KEYS}
    assert not [s.text for s in item.entries if fold(s.text) in codes]


@pytest.mark.parametrize("name", [n for n in MARKDOWN if any(shortcode_parameters(decode_file(n)))])
def test_every_caption_alt_title_and_summary_of_a_shortcode_is_an_entry(name: str) -> None:
    item = article(name)
    missing = [
        (parameter, value)
        for parameter, value, first, last in shortcode_parameters(item.text)
        if fold(value) not in " ".join(entries_between(item, first, last))
    ]
    assert not missing


@pytest.mark.parametrize("name", HTML)
def test_every_html_text_a_reader_sees_is_inside_an_entry(name: str) -> None:
    item = article(name)
    everything = " ".join(entries_between(item, 1, len(item.text)))
    assert not [found for found in html_texts(item.text) if fold(found) not in everything]


@pytest.mark.parametrize("name", HTML)
def test_every_text_attribute_of_an_html_article_is_an_entry(name: str) -> None:
    item = article(name)
    entries = {readable(s.text) for s in item.entries}
    missing = [(attr, v) for attr, v in text_attributes(item.text) if fold(v) not in entries]
    assert not missing


@pytest.mark.parametrize("name", TEXT)
def test_every_line_of_a_text_article_is_inside_an_entry(name: str) -> None:
    item = article(name)
    missing = []
    for first, lines in numbered_paragraphs(item.text):
        inside = " ".join(entries_between(item, first, first + len(lines) - 1))
        missing += [s for s in lines if LETTER.search(s) and fold(unbulleted(s)) not in inside]
    assert not missing


# what never belongs in an entry: block markup, template syntax and front-matter keys; the
# template and comment checks read the entry as the engine gets it, with inline markup
# protected, so a shortcode inside a link target is fine once protection hides it
_BLOCK_MARKUP = {
    "table delimiter row": re.compile(r"^\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)+\|?\s*$", re.MULTILINE),
    "task box": re.compile(r"\A\s*(?:[-*+]\s+)?\[[ xX]\]\s"),
    "kramdown attributes": re.compile(r"\{#[\w-]+\}|\{:[^}]*\}"),
    "front-matter key": re.compile(
        r'^\s*"?(?:' + "|".join([*TEXT_KEYS, *CODE_KEYS, "tags", "draft"]) + r')"?\s*[:=]\s',
        re.MULTILINE,
    ),
    "front-matter fence": re.compile(r"^(?:---|\+\+\+|\.\.\.)$", re.MULTILINE),
    "block-level HTML tag": re.compile(
        r"</?(?:figure|figcaption|div|details|summary|aside|table|tr|td|th|ul|ol|li|p|h\d|"
        r"section|article|header|footer|main|head|body|html)\b"
    ),
}
_ENGINE_VISIBLE = {
    "template tag": re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}"),
    "HTML comment": re.compile(r"<!--|-->"),
}


@pytest.mark.parametrize("name", ARTICLES)
def test_no_entry_is_markup_alone_or_holds_block_markup_or_template_syntax(name: str) -> None:
    found = []
    for sentence in article(name).entries:
        engine_sees = protect(sentence.text).text
        if not re.search(r"\w", PLACEHOLDER.sub("", engine_sees)):
            found.append(("nothing but markup", sentence.text))
        found += [
            (what, sentence.text)
            for what, pattern in _BLOCK_MARKUP.items()
            if pattern.search(sentence.text)
        ]
        found += [
            (what, sentence.text)
            for what, pattern in _ENGINE_VISIBLE.items()
            if pattern.search(engine_sees)
        ]
    assert not found


# -- 5. the reader's blocks against markdown-it's ---------------------------------------------

# the reader's block kinds for the markdown-it tokens that open a block of markup
MARKUP_BLOCKS = {
    "heading_open": {"title", "heading"},
    "fence": {"code"},
    "code_block": {"code"},
    "table_open": {"table"},
    "hr": {"verbatim"},
    "html_block": {"html", "verbatim"},
}
# the markdown-it tokens that open a block of text, and the reader's kinds for them
TEXT_OPENERS = ("paragraph_open", "heading_open", "list_item_open", "dt_open", "dd_open")
TEXT_BLOCKS = {"paragraph", "list_item", "quote", "heading", "title"}
# lines markdown-it reads as paragraph text and the reader as markup: template tags on
# lines of their own (and what a paired code tag encloses), kramdown attribute lines
_MARKUP_LINE = re.compile(r"\s*(?:\{\{[<%].*|\{%.*|\{\{.*\}\}|\{#.*|\{:.*\})\s*")


def markup_lines(item: Article) -> set[int]:
    """The lines of the reader's template and attribute blocks and of code a tag encloses."""
    lines = item.text.split("\n")
    found = {n for n, line in enumerate(lines, 1) if _MARKUP_LINE.fullmatch(line)}
    for block in item.doc.blocks:
        if block.kind.value in ("template", "code") and block.raw.lstrip().startswith("{"):
            found.update(range(block.line, block.line + block.raw.count("\n") + 1))
    return found


@pytest.mark.parametrize("name", MARKDOWN)
def test_the_reader_s_blocks_start_where_markdown_it_s_do(name: str) -> None:
    item = article(name)
    starts = {block.line: block.kind.value for block in item.doc.blocks}
    markup = markup_lines(item)
    text_starts: set[int] = set()
    for token in MD.parse(body_lines(item.text)):
        if token.map is None or token.nesting == -1:
            continue
        line = token.map[0] + 1
        if token.type in TEXT_OPENERS:
            text_starts.add(line)
        if line in markup:
            continue
        if token.type in MARKUP_BLOCKS:
            assert starts.get(line) in MARKUP_BLOCKS[token.type], (token.type, line)
        elif token.type == "paragraph_open":
            assert starts.get(line) in TEXT_BLOCKS, (token.type, line)
    # and the reader starts no block of text where markdown-it sees none (after markup
    # lines markdown-it reads as the start of a paragraph, the reader starts one)
    for block in item.doc.blocks:
        if block.kind.value in TEXT_BLOCKS and block.line not in text_starts:
            assert block.line - 1 in markup, (block.kind.value, block.line)
