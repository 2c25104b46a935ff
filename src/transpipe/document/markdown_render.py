"""Rendering Markdown editions: the source with each translated entry put in its place.

Every character of the source outside a translated entry is copied: front
matter keys and comments, table pipes and alignment rows, template tags and
their other parameters, HTML markup, hard line breaks, blank lines, line ends.
A lookup that returns None (or the entry itself) for every entry gives the
source back byte for byte.  A translated entry is written as its place
requires:

* running text: on one line (line breaks inside the translation become
  spaces; a sentence that ran over several source lines becomes one line,
  the other sentences of the paragraph keep theirs); raw HTML the source
  sentence did not carry is escaped (``<script>`` becomes
  ``&lt;script&gt;``), as is every other ``<`` that could open HTML; a
  translation that starts a line with what would open a block (``#``,
  ``>``, ``-``, ``+``, ``*``, ``1.``, ``:``, a fence, a thematic break, a
  link or footnote definition, an attribute line) gets that character
  backslash-escaped, as does the source text a dropped sentence leaves at
  the start of a line; a dropped sentence that was a line of its own takes
  the line along; an image's alt text is put into the image, ``[`` and
  ``]`` escaped;
* a table cell: its pipes escaped (``\\|``), a space after a backslash that
  would escape the pipe closing the cell;
* a template parameter: escaped for its quotes (a bare value that needs
  quotes gets double quotes), a backslash and the ``}`` of what would close
  the tag written as character references (``&#92;``, ``&#125;``);
* a front matter value: quoted and escaped as its syntax requires
  (:func:`transpipe.document.front_matter.render_value`); ``lang`` and
  ``language`` become the edition's language;
* a raw HTML block or inline HTML tag: rendered as an HTML article is
  (:func:`transpipe.document.html.render_html`), each translation on one
  line (a blank line would end the block).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from transpipe.core.model import Block, BlockKind, Document, Sentence
from transpipe.core.notes import parse_place_note
from transpipe.document.html import render_html
from transpipe.document.html_reader import read_blocks
from transpipe.document.inline import protect, restore
from transpipe.document.markdown_syntax import escape_title
from transpipe.document.text import Lookup, line_starts, splice
from transpipe.text.spans import TEMPLATE_TAG

__all__ = ["render_markdown"]

# a "<" that opens raw HTML for CommonMark: a tag name, "</", "<!" or "<?"; an autolink
# (<https://...>, <a@b.org>) has a ":" or "@" after its first word and is a link, not HTML
_HTML_TOKEN = re.compile(r"<(?:/?[A-Za-z][A-Za-z0-9-]*(?=[\s/>])|[!?])")
_HTML_OPENER = re.compile(r"<(?=[A-Za-z/!?])")
# in a template parameter's value: a backslash (it would escape the closing quote) and the
# "}" of what would close the tag ("}}", ">}}", "%}", "#}"), written as character references
_TAG_SPECIAL = re.compile(r"\\|(?<=[}>%#])\}")
# what a line may not begin with lest it open a block: (pattern, where the backslash goes)
_BLOCK_OPENERS = (
    re.compile(r"#{1,6}(?=[ \t]|$)"),
    re.compile(r">"),
    re.compile(r"[-+*](?=[ \t]|$)"),
    re.compile(r"\d{1,9}(?=[.)](?:[ \t]|$))"),
    re.compile(r":(?=[ \t])"),
    re.compile(r"(?:`{3,}|~{3,})"),
    re.compile(r"(?:=+|-+)[ \t]*$"),
    re.compile(r"[*_](?=(?:[ \t]*[*_]){2,}[ \t]*$)"),  # a thematic break: "***", "_ _ _"
    re.compile(r"\[(?=(?:[^\]\\]|\\.)+\]:)"),  # a link reference or footnote definition
    re.compile(r"\{(?=[ \t]*(?::|[#.][A-Za-z])[^{}\n]*\}[ \t]*$)"),  # an attribute line "{: .lead}"
)
_ALT_SPECIAL = re.compile(r"\\.|\\$|[\[\]]")
_ANY_TAG = re.compile(r"<[^<>]*>")
# a whole template tag, or an opener without its closer
_TEMPLATE_OR_OPENER = re.compile(TEMPLATE_TAG.pattern + r"|\{(?=[{%#])")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)((?:\\\\)*)\|")
# a shortcut or collapsed reference link, "[Council]" or "[Council][]": its text is its label
_SHORTCUT = re.compile(r"(?<![\]\\!])\[((?:[^\[\]\\]|\\.)+)\](\[\])?(?![(\[:])")
_DEFINED = re.compile(r" {0,3}\[((?:[^\]\\]|\\.)+)\]:")


def render_markdown(doc: Document, lookup: Lookup, language: str | None = None) -> str:
    """Render a Markdown document, each entry through ``lookup`` (None keeps the source).

    ``language``, when given, replaces the value of a front matter ``lang``
    or ``language`` key.  See the module docstring for how each kind of
    entry is written.
    """
    starts = line_starts(doc.source)
    labels = _link_labels(doc)
    changes: list[tuple[int, int, str]] = []
    for block in doc.blocks:
        base = starts[block.line - 1]
        found: Iterable[tuple[int, int, str]]
        if block.kind is BlockKind.FRONT_MATTER:  # values are data: no template runs them
            changes.extend(_front_matter(doc, block, lookup, language))
            continue
        if block.kind is BlockKind.HTML:
            found = _html_block(block, base, lookup)
        elif block.kind is BlockKind.TABLE:
            found = _cells(doc.source, block, lookup, labels)
        elif block.kind is BlockKind.TEMPLATE:
            found = _parameters(doc.source, block, lookup)
        elif block.sentences:
            found = _prose(doc.source, block, base, lookup, labels)
        else:
            continue
        changes.extend(
            (start, end, _inert_templates(text, doc.source[start:end]))
            for start, end, text in found
        )
    return splice(doc.source, changes)


def _inert_templates(text: str, replaced: str) -> str:
    """``text`` with every template tag or opener that ``replaced`` did not hold made inert.

    Hugo and Jekyll run ``{{< >}}``, ``{% %}`` and ``{{ }}`` before Markdown
    is read, so a translation that brought one in would run it; its first
    brace is written ``&#123;``, which the page shows as ``{``.
    """
    kept = {found.group() for found in TEMPLATE_TAG.finditer(replaced)}

    def inert(found: re.Match[str]) -> str:
        return found.group() if found.group() in kept else "&#123;" + found.group()[1:]

    return _TEMPLATE_OR_OPENER.sub(inert, text)


def _translated(sentence: Sentence, lookup: Lookup) -> str | None:
    """The sentence's translation, or None when it keeps its source."""
    found = lookup(sentence.text)
    return None if found is None or found == sentence.text else found


def _one_line(text: str) -> str:
    """``text`` with its line breaks as single spaces and no space at either end."""
    return " ".join(part.strip() for part in text.split("\n") if part.strip())


def _on_one_line(found: str | None) -> str | None:
    """A translation for raw HTML on one line (a blank line would end its block)."""
    return None if found is None else _one_line(found)


def _escape_new_html(translation: str, source: str) -> str:
    """``translation`` with the raw HTML that ``source`` did not carry escaped."""
    kept = {token for token in protect(source).tokens if _HTML_TOKEN.match(token)}
    protected = protect(translation)
    tokens = tuple(
        token.replace("<", "&lt;").replace(">", "&gt;")
        if _HTML_TOKEN.match(token) and token not in kept
        else token
        for token in protected.tokens
    )
    return restore(_HTML_OPENER.sub("&lt;", protected.text), tokens).text


def _escape_new_tags(translation: str, source: str) -> str:
    """``translation`` with every ``<`` and ``>`` escaped but those of the tags ``source`` holds.

    For a template parameter, which a template may print without escaping:
    no Markdown escape (``\\<``) shields anything there.
    """
    kept = set(_ANY_TAG.findall(source))

    def escaped(text: str) -> str:
        return text.replace("<", "&lt;").replace(">", "&gt;")

    out: list[str] = []
    pos = 0
    for found in _ANY_TAG.finditer(translation):
        out.append(escaped(translation[pos : found.start()]))
        out.append(found.group() if found.group() in kept else escaped(found.group()))
        pos = found.end()
    out.append(escaped(translation[pos:]))
    return "".join(out)


def _guard_line_start(text: str) -> str:
    """``text`` with a backslash before what would open a block at the start of a line."""
    at = _guard_at(text)
    return text if at is None else text[:at] + "\\" + text[at:]


def _guard_at(text: str) -> int | None:
    """Where a backslash must go lest ``text`` open a block at the start of a line, if anywhere."""
    for opener in _BLOCK_OPENERS:
        found = opener.match(text)
        if found is not None:
            return found.end() if opener.pattern.startswith(r"\d") else 0
    return None


def _escape_alt(text: str) -> str:
    """Alt text on one line with every bracket (and a lone backslash at its end) escaped,
    so that it cannot close the image; a backslash escape it holds is kept."""
    return _ALT_SPECIAL.sub(
        lambda found: found.group() if len(found.group()) == 2 else "\\" + found.group(),
        _one_line(text),
    )


def _prose(
    source: str, block: Block, base: int, lookup: Lookup, labels: frozenset[str]
) -> list[tuple[int, int, str]]:
    """Changes for a block of running text (its first line at offset ``base``): its
    translated sentences and inline entries."""
    inline = [s for s in block.sentences if s.note]
    placed: set[int] = set()
    texts = [s for s in block.sentences if not s.note]
    setext = "\n" in block.raw and block.kind in (BlockKind.HEADING, BlockKind.TITLE)
    if setext and texts and all(lookup(s.text) == "" for s in texts):
        # a setext heading with no text left: its underline alone would be a paragraph
        return [(base, base + len(block.raw), "")]
    changes: list[tuple[int, int, str]] = []
    exposed = -1  # where a sentence starts its line because the ones before it were dropped
    for index, sentence in enumerate(texts):
        inside = [a for a in inline if sentence.start <= a.start < sentence.end]
        placed.update(a.start for a in inside)
        line_start = source.rfind("\n", 0, sentence.start) + 1
        starts_line = (
            index == 0
            or sentence.start == exposed
            or not source[line_start : sentence.start].strip(" \t>")
        )
        found = _translated(sentence, lookup)
        if found is None:
            if sentence.start == exposed:
                line_end = source.find("\n", sentence.start)
                rest = source[sentence.start : len(source) if line_end < 0 else line_end]
                at = _guard_at(rest)
                if at is not None:
                    changes.append((sentence.start + at, sentence.start + at, "\\"))
            changes.extend(_inline_changes(source, inside, lookup))
            continue
        rendered = _running_text(found, sentence, source, inside, lookup, labels)
        if starts_line:
            rendered = _guard_line_start(rendered)
        start, end = sentence.start, sentence.end
        if not rendered:  # a dropped sentence takes the spaces after it along
            while end < len(source) and source[end] in " \t":
                end += 1
            if starts_line:
                exposed = end
                if source[end : end + 1] in ("\n", ""):  # nothing is left on its line
                    while changes and changes[-1][2] == "" and changes[-1][1] == start:
                        start = changes.pop()[0]  # the dropped sentences before it
                    first = source.rfind("\n", 0, start) + 1
                    if first > base and not source[first:start].strip(" \t>"):
                        start = first - 1  # the line would be blank: it goes
        changes.append((start, end, rendered))
    changes.extend(_inline_changes(source, [a for a in inline if a.start not in placed], lookup))
    return changes


def _inline_changes(
    source: str, entries: Sequence[Sentence], lookup: Lookup
) -> Iterator[tuple[int, int, str]]:
    """Changes for image alts and inline HTML attributes in text that keeps its source."""
    for start, end, rendered in _inline_markup(source, entries, lookup):
        if rendered != source[start:end]:
            yield start, end, rendered


def _running_text(
    translation: str,
    sentence: Sentence,
    source: str,
    inside: Sequence[Sentence],
    lookup: Lookup,
    labels: frozenset[str],
) -> str:
    """A translated sentence or cell as Markdown text: on one line, no raw HTML of its own,
    its shortcut references still linked, its images and inline HTML translated."""
    rendered = _one_line(_escape_new_html(translation, sentence.text))
    rendered = _keep_references(rendered, sentence.text, labels)
    return _with_inline(rendered, source, inside, lookup)


def _with_inline(translation: str, source: str, entries: Sequence[Sentence], lookup: Lookup) -> str:
    """A translated sentence with the images and inline HTML it kept from its source translated."""
    for start, end, rendered in _inline_markup(source, entries, lookup):
        translation = translation.replace(source[start:end], rendered, 1)
    return translation


def _inline_markup(
    source: str, entries: Sequence[Sentence], lookup: Lookup
) -> Iterator[tuple[int, int, str]]:
    """Each image's ``![alt]`` and each inline HTML tag holding ``entries``, with its rendering."""
    tags: dict[int, int] = {}
    for entry in entries:
        found = _translated(entry, lookup)
        place = parse_place_note(entry.note)
        if place is not None and place.kind == "image" and place.parameter == "alt":
            text = entry.text if found is None else _escape_alt(found)
            yield entry.start - 2, entry.end + 1, f"![{text}]"
        elif place is not None and place.parameter == "title":
            # the title with its delimiters and what closes the link, to find it again
            opener, rest = source[entry.start - 1], source[entry.end : entry.end + 2]
            text = entry.text if found is None else escape_title(_one_line(found), opener)
            closer = opener if opener != "(" else ")"
            yield entry.start - 1, entry.end + len(rest), f"{opener}{text}{closer}{rest[1:]}"
        else:
            start = source.rfind("<", 0, entry.start)
            tags[start] = source.find(">", entry.end) + 1
    for start, end in tags.items():
        yield start, end, _render_html(source[start:end], lookup)


def _label(text: str) -> str:
    """A link label as CommonMark matches it: case folded, runs of whitespace as one space."""
    return " ".join(text.split()).casefold()


def _link_labels(doc: Document) -> frozenset[str]:
    """The labels of the document's link reference definitions."""
    return frozenset(
        _label(found.group(1))
        for block in doc.blocks
        if block.kind is BlockKind.VERBATIM
        for line in block.raw.split("\n")
        if (found := _DEFINED.match(line)) is not None
    )


def _keep_references(translation: str, source: str, labels: frozenset[str]) -> str:
    """``translation`` with the shortcut reference links of ``source`` still linked.

    ``[Council]`` links by its text; translated to ``[Rat]`` it would link to
    nothing, so it is written ``[Rat][Council]``, in the source's order.
    """
    wanted = [m.group(1) for m in _SHORTCUT.finditer(source) if _label(m.group(1)) in labels]
    if not wanted:
        return translation
    found = list(_SHORTCUT.finditer(translation))
    for match in found:  # links whose label survived translation need nothing
        kept = next((w for w in wanted if _label(w) == _label(match.group(1))), None)
        if kept is not None:
            wanted.remove(kept)
    out: list[str] = []
    pos = 0
    for match in found:
        if not wanted or _label(match.group(1)) in labels:
            continue
        out.append(translation[pos : match.start()])
        out.append(f"[{match.group(1)}][{wanted.pop(0)}]")
        pos = match.end()
    out.append(translation[pos:])
    return "".join(out)


def _cells(
    source: str, block: Block, lookup: Lookup, labels: frozenset[str]
) -> Iterator[tuple[int, int, str]]:
    """Changes for a table: each translated cell on one line, its pipes escaped."""
    cells = [s for s in block.sentences if _place_kind(s) == "table"]
    inline = [s for s in block.sentences if _place_kind(s) != "table"]
    placed: set[int] = set()
    for cell in cells:
        inside = [a for a in inline if cell.start <= a.start < cell.end]
        placed.update(a.start for a in inside)
        found = _translated(cell, lookup)
        if found is None:
            yield from _inline_changes(source, inside, lookup)
            continue
        rendered = _running_text(found, cell, source, inside, lookup, labels)
        rendered = _UNESCAPED_PIPE.sub(r"\1\\|", rendered)
        if rendered.endswith("\\"):  # a backslash would escape the pipe after the cell
            rendered += " "
        yield cell.start, cell.end, rendered
    yield from _inline_changes(source, [a for a in inline if a.start not in placed], lookup)


def _place_kind(sentence: Sentence) -> str:
    """What a Markdown entry's note says it is: ``table``, ``image``, ``shortcode``, ..."""
    place = parse_place_note(sentence.note)
    return "" if place is None else place.kind


def _parameters(source: str, block: Block, lookup: Lookup) -> Iterator[tuple[int, int, str]]:
    """Changes for template tags: each translated parameter value, quoted as it must be."""
    for sentence in block.sentences:
        found = _translated(sentence, lookup)
        if found is None:
            continue
        value = _TAG_SPECIAL.sub(
            lambda char: f"&#{ord(char.group()):d};",
            _one_line(_escape_new_tags(found, sentence.text)),
        )
        before = source[sentence.start - 1] if sentence.start > 0 else ""
        after = source[sentence.end] if sentence.end < len(source) else ""
        quote = before if before in "\"'`" and after == before else ""
        shortcode = _place_kind(sentence) == "shortcode"
        if (
            quote == '"'
            or (quote == "" and re.search(r"[\s\"'`=%>}]", value))
            or (quote in "'`" and quote in value)
        ):
            escaped = value.replace('"', '\\"' if shortcode else "&quot;")
            if quote:
                yield sentence.start - 1, sentence.end + 1, f'"{escaped}"'
            else:
                yield sentence.start, sentence.end, f'"{escaped}"'
        else:
            yield sentence.start, sentence.end, value


def _html_block(block: Block, base: int, lookup: Lookup) -> Iterator[tuple[int, int, str]]:
    """The change for a raw HTML block: rendered as HTML, when anything in it is translated."""
    rendered = _render_html(block.raw, lookup)
    if rendered != block.raw:
        yield base, base + len(block.raw), rendered


def _render_html(raw: str, lookup: Lookup) -> str:
    """Raw HTML (a block, an inline tag) rendered as an HTML article is, each translation
    on one line: a blank line would end an HTML block, the rest of it read as Markdown."""
    inner = Document("", "html", tuple(read_blocks(raw)), False, raw)
    return render_html(inner, lambda text: _on_one_line(lookup(text)))


def _front_matter(
    doc: Document, block: Block, lookup: Lookup, language: str | None
) -> Iterator[tuple[int, int, str]]:
    """Changes for front matter: translated values and the edition's language."""
    from transpipe.document.front_matter import read_front_matter, render_value

    keys = frozenset(
        place.name.rsplit(".", 1)[-1].split("[", 1)[0].lower()
        for s in block.sentences
        if (place := parse_place_note(s.note)) is not None
    )
    front = read_front_matter(doc.source, doc.path, keys)
    if front is None:
        return
    for value in front.values:
        if value.language:
            if language is not None and language != value.text:
                yield value.start, value.end, render_value(front, value, language)
            continue
        found = lookup(value.text)
        if found is not None and found != value.text:
            yield value.start, value.end, render_value(front, value, found)
