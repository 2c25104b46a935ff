"""TBX, the terminology exchange format of CAT tools: :func:`to_tbx` and :func:`from_tbx`.

:func:`to_tbx` writes TBX-Basic in the TBX 2 ``martif`` layout
(``martif`` > ``text`` > ``body`` > ``termEntry`` > ``langSet`` > ``tig``,
header pointing at ``TBXBasicXCSV02.xcs``): the layout that memoQ, Trados
(MultiTerm and its converters) and Phrase import and export, whereas support
for the TBX 3 (ISO 30042:2019) ``tbx`` > ``conceptEntry`` > ``langSec`` >
``termSec`` layout is still patchy.  :func:`from_tbx` reads both layouts
(element names are matched without their namespace; the source language is
the root's ``xml:lang`` unless given, English without one).  One ``termEntry`` per
concept, its ``id`` the concept id (prefixed ``_`` when the id starts with a
digit, since an XML ID cannot; the ``_`` is dropped on import):

* the note is ``<descrip type="definition">`` on the entry;
* the flags are one entry-level ``<note>transpipe-flags: dnt, case-sensitive,
  foreign-ok</note>`` (TBX-Basic has no data category for them; a note shows
  up in every CAT tool and survives their round trips);
* the source ``langSet`` holds the term (``administrativeStatus``
  ``preferredTerm-admn-sts`` and the ``partOfSpeech``, written with the
  TBX-Basic picklist: ``proper-noun`` is ``properNoun``, ``phrase`` is
  ``other``), then each abbreviation (``termType`` ``abbreviation``,
  ``admittedTerm-admn-sts``), each variant (``admittedTerm-admn-sts``) and each
  deprecated form (``deprecatedTerm-admn-sts``);
* each form rule is one entry-level ``<note>transpipe-rule: ZSU | VSU =
  exact-case, context(ukraine troops)</note>``;
* one ``langSet`` per target language: the first equivalent preferred, the
  others admitted; grammar tags are TBX-Basic's ``grammaticalGender``
  (masculine, feminine, neuter) and ``grammaticalNumber`` on the term.

On import the term is the first preferred source term (else the first one not
deprecated); later source terms are deprecated when deprecated or superseded,
abbreviations when their ``termType`` is ``abbreviation``, ``acronym``,
``initialism`` or ``shortForm``, variants otherwise.  Deprecated target terms
are dropped: a concept has no field for forbidden translations.  The note is
the definition (entry level, else the source ``langSet``'s), else the first
other ``<note>``.  Entries without a usable id get the slug of their term.
Files are parsed with defusedxml: entity declarations are refused (no
entity-expansion bombs) and no external DTD or entity is ever fetched.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from xml.sax import SAXParseException, handler, xmlreader

from defusedxml import DefusedXmlException
from defusedxml.expatreader import DefusedExpatParser

from transpipe.terms.exchange import Draft, clean, finish_drafts, flag_names, language_code
from transpipe.terms.glossary import (
    CONCEPT_ID,
    CONTROL_CHARACTER,
    FLAGS,
    POS,
    Concept,
    GlossaryError,
)

FLAGS_NOTE = "transpipe-flags:"
RULE_NOTE = "transpipe-rule:"
_GENDER_TO_TBX = {"m": "masculine", "f": "feminine", "n": "neuter"}
_GENDER_FROM_TBX = {v: k for k, v in _GENDER_TO_TBX.items()} | {"other": ""}

_XML_NS = "http://www.w3.org/XML/1998/namespace"
_XML_ENCODING = re.compile(r"""^(\s*<\?xml[^>]*?\bencoding\s*=\s*)(["'])[^"']*\2""")
_POS_TO_TBX = {"proper-noun": "properNoun", "phrase": "other"}
_POS_FROM_TBX = {
    "noun": "noun",
    "propernoun": "proper-noun",
    "proper-noun": "proper-noun",
    "proper noun": "proper-noun",
    "verb": "verb",
    "adjective": "adjective",
    "adverb": "adverb",
    "phrase": "phrase",
    "other": "phrase",
}
_ABBREVIATION_TYPES = {"abbreviation", "acronym", "initialism", "shortform"}
_PREFERRED, _ADMITTED, _DEPRECATED = "preferred", "admitted", "deprecated"
_STATUS = {
    "preferredterm": _PREFERRED,
    "admittedterm": _ADMITTED,
    "deprecatedterm": _DEPRECATED,
    "supersededterm": _DEPRECATED,
}
_ENTRY_TAGS = {"termEntry", "conceptEntry"}
_LANG_TAGS = {"langSet", "langSec"}
_TERM_TAGS = {"tig", "ntig", "termSec"}


# -- writing ---------------------------------------------------------------------


def to_tbx(concepts: Sequence[Concept], source_language: str = "en") -> str:
    """TBX-Basic (TBX 2 ``martif`` layout) for ``concepts``: pretty-printed, deterministic."""
    root = ET.Element("martif", {"type": "TBX-Basic", f"{{{_XML_NS}}}lang": source_language})
    header = ET.SubElement(root, "martifHeader")
    source_desc = ET.SubElement(ET.SubElement(header, "fileDesc"), "sourceDesc")
    ET.SubElement(source_desc, "p").text = "transpipe glossary"
    encoding_desc = ET.SubElement(header, "encodingDesc")
    ET.SubElement(encoding_desc, "p", {"type": "XCSURI"}).text = "TBXBasicXCSV02.xcs"
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    for concept in concepts:
        _check_writable(concept, source_language)
        entry_id = f"_{concept.id}" if concept.id[:1].isdigit() else concept.id
        entry = ET.SubElement(body, "termEntry", {"id": entry_id})
        if concept.note:
            ET.SubElement(entry, "descrip", {"type": "definition"}).text = concept.note
        flags = flag_names(concept)
        if flags:
            ET.SubElement(entry, "note").text = f"{FLAGS_NOTE} {', '.join(flags)}"
        for rule in concept.rules:
            ET.SubElement(entry, "note").text = f"{RULE_NOTE} {rule.format()}"
        source = _lang_set(entry, source_language)
        pos = _POS_TO_TBX.get(concept.pos, concept.pos)
        _tig(source, concept.term, "preferredTerm-admn-sts", pos=pos)
        for value in concept.abbreviations:
            _tig(source, value, "admittedTerm-admn-sts", term_type="abbreviation")
        for value in concept.variants:
            _tig(source, value, "admittedTerm-admn-sts")
        for value in concept.deprecated:
            _tig(source, value, "deprecatedTerm-admn-sts")
        for code, values in concept.targets:
            target = _lang_set(entry, code)
            for number, value in enumerate(values):
                status = "admittedTerm-admn-sts" if number else "preferredTerm-admn-sts"
                _tig(target, value, status, grammar=concept.grammar_of(code, value))
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def _check_writable(concept: Concept, source_language: str) -> None:
    if any(_primary(code) == _primary(source_language) for code in concept.languages):
        raise GlossaryError(
            f"concept {concept.id!r} gives equivalents in the source language "
            f"{source_language}; list them as variants",
            path=concept.path,
            line=concept.line,
        )
    values = [concept.id, concept.note, *(text for _, text in concept.forms())]
    values += [value for _, group in concept.targets for value in group]
    for value in values:
        if CONTROL_CHARACTER.search(value):
            raise GlossaryError(
                f"concept {concept.id!r} has a control character in {value!r}, "
                "which XML cannot carry; remove it",
                path=concept.path,
                line=concept.line,
            )


def _lang_set(entry: ET.Element, code: str) -> ET.Element:
    return ET.SubElement(entry, "langSet", {f"{{{_XML_NS}}}lang": code})


def _tig(
    parent: ET.Element,
    text: str,
    status: str,
    *,
    pos: str = "",
    term_type: str = "",
    grammar: str = "",
) -> None:
    tig = ET.SubElement(parent, "tig")
    ET.SubElement(tig, "term").text = text
    if term_type:
        ET.SubElement(tig, "termNote", {"type": "termType"}).text = term_type
    if pos:
        ET.SubElement(tig, "termNote", {"type": "partOfSpeech"}).text = pos
    tags = grammar.split()
    for tag in tags:
        if tag in _GENDER_TO_TBX:
            ET.SubElement(tig, "termNote", {"type": "grammaticalGender"}).text = _GENDER_TO_TBX[tag]
    if "pl" in tags or "sg" in tags:
        number = "plural" if "pl" in tags else "singular"
        ET.SubElement(tig, "termNote", {"type": "grammaticalNumber"}).text = number
    ET.SubElement(tig, "termNote", {"type": "administrativeStatus"}).text = status


# -- reading ---------------------------------------------------------------------


MAX_XML_DEPTH = 64  # martif/text/body/termEntry/langSet/tig/term is seven deep


@dataclass(frozen=True, slots=True)
class _Node:
    """An XML element with the line of its start tag; ``content`` is text and children."""

    name: str
    attrs: dict[str, str]
    line: int
    content: list[str | _Node] = field(default_factory=list)

    @property
    def children(self) -> Iterator[_Node]:
        return (c for c in self.content if isinstance(c, _Node))

    @property
    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text for c in self.content)

    def descendants(self, names: set[str]) -> Iterator[_Node]:
        """Elements named in ``names`` below this one, in document order, not nested."""
        for child in self.children:
            if child.name in names:
                yield child
            else:
                yield from child.descendants(names)


class _TreeBuilder(handler.ContentHandler):
    """Builds :class:`_Node` trees from SAX events, keeping start-tag lines."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path
        self.locator: xmlreader.Locator | None = None
        self.stack: list[_Node] = []
        self.root: _Node | None = None

    def setDocumentLocator(self, locator: xmlreader.Locator) -> None:
        self.locator = locator

    @property
    def line(self) -> int:
        line = self.locator.getLineNumber() if self.locator is not None else None
        return line or 0

    def startElementNS(
        self, name: tuple[str | None, str], qname: str | None, attrs: xmlreader.AttributesNSImpl
    ) -> None:
        names = {
            ("xml:" if uri == _XML_NS else "") + local: value
            for (uri, local), value in attrs.items()
        }
        node = _Node(name[1], names, self.line)
        if len(self.stack) >= MAX_XML_DEPTH:
            raise GlossaryError(
                f"elements nested more than {MAX_XML_DEPTH} deep; a TBX file needs about ten",
                path=self.path,
                line=self.line or None,
            )
        if self.stack:
            self.stack[-1].content.append(node)
        else:
            self.root = node
        self.stack.append(node)

    def endElementNS(self, name: tuple[str | None, str], qname: str | None) -> None:
        self.stack.pop()

    def characters(self, content: str) -> None:
        if self.stack:
            self.stack[-1].content.append(content)


def _parse_xml(text: str, path: str) -> _Node:
    # The text is already decoded: parse it as UTF-8 whatever its declaration says.
    data = _XML_ENCODING.sub(r"\1\2UTF-8\2", text.lstrip("\ufeff"), count=1).encode("utf-8")
    # Entity declarations are refused outright (billion laughs, external entities).
    # forbid_external stays off only because defusedxml would then refuse the external
    # DTD named by the usual <!DOCTYPE martif SYSTEM "..."> line; with external general
    # entities off (below) expat never fetches it, nor anything else.
    parser = DefusedExpatParser(forbid_dtd=False, forbid_entities=True, forbid_external=False)
    parser.setFeature(handler.feature_namespaces, True)
    parser.setFeature(handler.feature_external_ges, False)
    builder = _TreeBuilder(path)
    parser.setContentHandler(builder)
    source = xmlreader.InputSource()
    source.setByteStream(io.BytesIO(data))
    try:
        parser.parse(source)
    except SAXParseException as exc:
        raise GlossaryError(
            f"not well-formed XML: {exc.getMessage()}", path=path, line=exc.getLineNumber()
        ) from None
    except DefusedXmlException as exc:
        raise GlossaryError(
            f"refused: the file declares entities or external references ({type(exc).__name__});"
            " TBX files need neither",
            path=path,
            line=builder.line or None,
        ) from None
    if builder.root is None:  # pragma: no cover - expat reports an empty document itself
        raise GlossaryError("no XML element found", path=path, line=1)
    return builder.root


def from_tbx(text: str, path: str, source_language: str | None = None) -> list[Concept]:
    """Concepts from a TBX file (TBX 2 ``martif`` or TBX 3 ``tbx`` layout); errors name the line.

    ``source_language`` picks the ``langSet`` that holds the term and its
    other forms; by default the root element's ``xml:lang``, else English.
    """
    root = _parse_xml(text, path)
    if root.name not in ("martif", "tbx"):
        raise GlossaryError(
            f"not a TBX file: the root element is <{root.name}>, not <martif> or <tbx>",
            path=path,
            line=root.line,
        )
    source = source_language or root.attrs.get("xml:lang", "") or "en"
    drafts = [_entry_draft(entry, source, path) for entry in root.descendants(_ENTRY_TAGS)]
    return finish_drafts(drafts, path)


def _primary(code: str) -> str:
    return code.split("-")[0].split("_")[0].lower()


@dataclass(frozen=True, slots=True)
class _Term:
    text: str
    status: str
    abbreviation: bool
    pos: str
    line: int
    grammar: str = ""  # gender and number tags (``f pl``)


def _terms(lang_set: _Node) -> list[_Term]:
    terms = []
    for group in lang_set.descendants(_TERM_TAGS):
        term = next(group.descendants({"term"}), None)
        if term is None:
            continue
        notes = {
            note.attrs.get("type", "").lower(): clean(note.text)
            for note in group.descendants({"termNote"})
        }
        raw = notes.get("administrativestatus") or notes.get("normativeauthorization", "")
        status = _STATUS.get(raw.lower().removesuffix("-admn-sts"), "")
        term_type = notes.get("termtype", "").lower()
        gender = _GENDER_FROM_TBX.get(notes.get("grammaticalgender", "").lower(), "")
        number = {"plural": "pl", "singular": "sg"}.get(
            notes.get("grammaticalnumber", "").lower(), ""
        )
        terms.append(
            _Term(
                clean(term.text),
                status,
                term_type in _ABBREVIATION_TYPES,
                notes.get("partofspeech", ""),
                term.line,
                " ".join(t for t in (gender, number) if t),
            )
        )
    return terms


def _entry_draft(entry: _Node, source: str, path: str) -> Draft:
    """A TBX entry as a draft concept: its source-language terms give the forms."""
    raw_id = entry.attrs.get("id", "").strip()
    entry_id = raw_id.removeprefix("_") if CONCEPT_ID.match(raw_id.removeprefix("_")) else ""
    source_terms: list[_Term] = []
    source_sets: list[_Node] = []
    targets: dict[str, list[str]] = {}
    grammar: list[tuple[str, str, str]] = []
    for lang_set in entry.descendants(_LANG_TAGS):
        code = language_code(lang_set.attrs.get("xml:lang", ""))
        if not code:
            raise GlossaryError("langSet without xml:lang", path=path, line=lang_set.line)
        terms = [t for t in _terms(lang_set) if t.text]
        if _primary(code) == _primary(source):
            source_terms += terms
            source_sets.append(lang_set)
            continue
        usable = [t for t in terms if t.status != _DEPRECATED]
        usable.sort(key=lambda t: t.status != _PREFERRED)  # stable: preferred first
        targets.setdefault(code, []).extend(t.text for t in usable)
        grammar += [(code, t.text, t.grammar) for t in usable if t.grammar]
    head = next((t for t in source_terms if t.status == _PREFERRED), None)
    if head is None:
        head = next((t for t in source_terms if t.status != _DEPRECATED), None)
    if head is None:
        raise GlossaryError(
            f"entry {raw_id or '(no id)'} has no usable {source} term", path=path, line=entry.line
        )
    abbreviations, variants, deprecated = _other_forms(source_terms, head)
    pos = _part_of_speech(head, source_terms, path)
    note, flags, rules = _entry_notes(entry, source_sets, path)
    return Draft(
        line=entry.line,
        term=head.text,
        id=entry_id,
        abbreviations=tuple(abbreviations),
        variants=tuple(variants),
        deprecated=tuple(deprecated),
        pos=pos,
        note=note,
        flags=flags,
        targets=tuple((code, tuple(values)) for code, values in targets.items() if values),
        rules=rules,
        grammar=tuple(grammar),
    )


def _other_forms(source_terms: list[_Term], head: _Term) -> tuple[list[str], list[str], list[str]]:
    """Abbreviations, variants and deprecated forms: the source terms other than ``head``."""
    abbreviations, variants, deprecated = [], [], []
    for term in source_terms:
        if term is head:
            continue
        if term.status == _DEPRECATED:
            deprecated.append(term.text)
        elif term.abbreviation:
            abbreviations.append(term.text)
        else:
            variants.append(term.text)
    return abbreviations, variants, deprecated


def _part_of_speech(head: _Term, source_terms: list[_Term], path: str) -> str:
    """The term's part of speech (else the first a source term gives), as ``.gloss`` names it."""
    pos_raw = head.pos or next((t.pos for t in source_terms if t.pos), "")
    pos = _POS_FROM_TBX.get(pos_raw.lower(), pos_raw) if pos_raw else ""
    if pos and pos not in POS:
        raise GlossaryError(
            f"partOfSpeech {pos_raw!r} is not one of noun, properNoun, verb, adjective, "
            "adverb, other",
            path=path,
            line=head.line,
        )
    return pos


def _entry_notes(
    entry: _Node, source_sets: list[_Node], path: str
) -> tuple[str, tuple[str, ...], tuple[tuple[int, str], ...]]:
    """The concept note, flags and form rules of a TBX entry."""
    own = [child for child in entry.children if child.name not in _LANG_TAGS]
    definitions = [d for node in own for d in _select(node, "descrip") if _is_definition(d)]
    for lang_set in source_sets:
        definitions += [d for d in lang_set.descendants({"descrip"}) if _is_definition(d)]
    flags: tuple[str, ...] = ()
    rules: list[tuple[int, str]] = []
    other_notes = []
    for element in (n for node in own for n in _select(node, "note")):
        text = clean(element.text)
        if text.startswith(RULE_NOTE):
            rules.append((element.line, text[len(RULE_NOTE) :].strip()))
        elif text.startswith(FLAGS_NOTE):
            flags = tuple(f for f in (f.strip() for f in text[len(FLAGS_NOTE) :].split(",")) if f)
            for flag in flags:
                if flag not in FLAGS:
                    raise GlossaryError(
                        f"unknown flag {flag!r}; known: {', '.join(FLAGS)}",
                        path=path,
                        line=element.line,
                    )
        elif text:
            other_notes.append(text)
    texts = [t for t in (clean(d.text) for d in definitions) if t]
    note = texts[0] if texts else (other_notes[0] if other_notes else "")
    return note, flags, tuple(rules)


def _select(node: _Node, name: str) -> Iterator[_Node]:
    """``node`` itself if it is a ``name`` element, else the ``name`` elements below it."""
    if node.name == name:
        yield node
    else:
        yield from node.descendants({name})


def _is_definition(node: _Node) -> bool:
    return node.attrs.get("type", "").lower() == "definition"
