"""Glossary interchange with CAT tools and MT services: TBX, full CSV, DeepL CSV.

**TBX.** :func:`to_tbx` writes TBX-Basic in the TBX 2 ``martif`` layout
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

**CSV.** :func:`to_csv` writes every field, header
``id,term,abbr,variant,deprecated,pos,flags,rule,note,<lang>...``, several values
in one cell joined with `` | `` (rules one per line of their cell, grammar tags
after each equivalent as in ``.gloss`` files: ``Unión Europea {f}``); :func:`from_csv` reads it back (targets in
column order; an empty id gets the slug of the term).

**DeepL.** :func:`to_deepl_csv` writes DeepL's glossary CSV: no header, one
``source,target`` row per English form with the approved equivalent: the term,
abbreviations and variants.  Deprecated forms are left out: transpipe
normalises them to the term before translating, so they never reach the
engine, and listing them would teach the service they are acceptable.  A
source form already written for an earlier concept is skipped (DeepL refuses
duplicate sources).  :func:`from_csv` recognises a headerless file of two
columns (or DeepL's export with source and target language as columns 3 and 4)
and groups rows by target into concepts: the first source is the term, a
one-word source written mostly in capitals (``AFU``, ``MoD``) an abbreviation,
the others variants; the id is the slug of the term.  A DeepL file carries no notes, part
of speech, flags or deprecated forms.

**Formula cells.** Both CSV writers neutralise cells a spreadsheet would run
as a formula, as the OWASP guidance on CSV injection says: a cell starting
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
``'`` (``=HYPERLINK(...)`` is written ``'=HYPERLINK(...)``, ``-23`` is
``'-23``), and so does a cell that already starts with ``'`` before one of
them (``'=x`` is ``''=x``).  The reader takes exactly one such quote off a
cell whose next character would start a formula (or is another quote before
one), so values come back as they were; a quote before anything else
(``'s Gravenhage``) is part of the value.  Only a cell's start counts: values
after the first in a cell are not quoted.

Round trips are exact: for concepts read from ``.gloss`` files,
``from_tbx(to_tbx(cs))`` and ``from_csv(to_csv(cs, languages_of(cs)))`` equal
``cs`` in every field but ``path`` and ``line`` (CSV targets come back in
column order, which is each concept's own order when all list their languages
alike).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax import SAXParseException, handler, xmlreader

from defusedxml import DefusedXmlException
from defusedxml.expatreader import DefusedExpatParser

from transpipe.core.fileio import decode_utf8, read_bytes
from transpipe.terms.glossary import (
    FLAGS,
    POS,
    Concept,
    Glossary,
    GlossaryError,
    check_glossary,
    check_rule_forms,
    format_glossary,
    parse_rule,
    split_grammar,
)
from transpipe.text.scripts import transliterate

FLAGS_NOTE = "transpipe-flags:"
RULE_NOTE = "transpipe-rule:"
CSV_COLUMNS = ("id", "term", "abbr", "variant", "deprecated", "pos", "flags", "rule", "note")
_GENDER_TO_TBX = {"m": "masculine", "f": "feminine", "n": "neuter"}
_GENDER_FROM_TBX = {v: k for k, v in _GENDER_TO_TBX.items()} | {"other": ""}
SEPARATOR = " | "

_XML_NS = "http://www.w3.org/XML/1998/namespace"
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")  # as in .gloss files
_LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_NEWLINES = re.compile(r"\s*[\r\n]\s*")
# what starts a formula in a spreadsheet cell (OWASP), after any quotes already there
_FORMULA_START = re.compile(r"'*[=+\-@\t\r]")
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


# -- shared ---------------------------------------------------------------------


def languages_of(concepts: Iterable[Concept]) -> tuple[str, ...]:
    """Every target language used by ``concepts``, in order of first use."""
    seen: dict[str, None] = {}
    for concept in concepts:
        for code in concept.languages:
            seen.setdefault(code, None)
    return tuple(seen)


def slug(text: str) -> str:
    """A concept id made from ``text``: romanised, lower-case, words joined by ``-``."""
    ascii_text = (
        unicodedata.normalize("NFKD", transliterate(text).casefold())
        .encode("ascii", "ignore")
        .decode()
    )
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "concept"


def _clean(value: str) -> str:
    """NFC, trimmed, line breaks folded to one space (``.gloss`` values are one line)."""
    return unicodedata.normalize("NFC", _NEWLINES.sub(" ", value.strip()))


def _split(value: str) -> list[str]:
    return [v for v in (_clean(part) for part in value.split(SEPARATOR)) if v]


def _flag_names(concept: Concept) -> list[str]:
    on = (concept.dnt, concept.case_sensitive, concept.foreign_ok)
    return [name for name, is_on in zip(FLAGS, on) if is_on]


@dataclass(frozen=True, slots=True)
class _Draft:
    """Fields of a concept read from a file, before ids are settled and checked."""

    line: int
    term: str
    id: str = ""
    abbreviations: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()
    deprecated: tuple[str, ...] = ()
    pos: str = ""
    note: str = ""
    flags: tuple[str, ...] = ()
    targets: tuple[tuple[str, tuple[str, ...]], ...] = ()
    rules: tuple[tuple[int, str], ...] = ()  # (line, rule text)
    grammar: tuple[tuple[str, str, str], ...] = ()  # (language, equivalent, tags)


def _finish(drafts: Sequence[_Draft], path: str) -> list[Concept]:
    """Check drafts and turn them into concepts; missing ids become unique slugs."""
    explicit: dict[str, int] = {}
    for draft in drafts:
        if not draft.id:
            continue
        if not _ID.match(draft.id):
            raise GlossaryError(
                f"id {draft.id!r} must be lower-case letters, digits and '-'",
                path=path,
                line=draft.line,
            )
        if draft.id in explicit:
            raise GlossaryError(
                f"concept id {draft.id!r} already used on line {explicit[draft.id]}",
                path=path,
                line=draft.line,
            )
        explicit[draft.id] = draft.line
    taken = set(explicit)
    concepts = []
    for draft in drafts:
        concept_id = draft.id
        if not concept_id:
            base = concept_id = slug(draft.term)
            number = 1
            while concept_id in taken:
                number += 1
                concept_id = f"{base}-{number}"
            taken.add(concept_id)
        concepts.append(_concept(draft, concept_id, path))
    return concepts


def _concept(draft: _Draft, concept_id: str, path: str) -> Concept:
    line = draft.line
    if not draft.term:
        raise GlossaryError(f"concept {concept_id!r} has no term", path=path, line=line)
    if draft.pos and draft.pos not in POS:
        raise GlossaryError(
            f"pos {draft.pos!r} is not one of {', '.join(POS)}", path=path, line=line
        )
    for flag in draft.flags:
        if flag not in FLAGS:
            raise GlossaryError(
                f"unknown flag {flag!r}; known: {', '.join(FLAGS)}", path=path, line=line
            )
    for code, _ in draft.targets:
        if not _LANG.match(code):
            raise GlossaryError(
                f"{code!r} is not a language code like 'de' or 'pt-BR'", path=path, line=line
            )
    rules = []
    forms = {draft.term, *draft.abbreviations, *draft.variants, *draft.deprecated}
    for rule_line, text in draft.rules:
        try:
            rule = parse_rule(text)
            check_rule_forms(rule, forms)
        except ValueError as error:
            raise GlossaryError(f"{concept_id}: {error}", path=path, line=rule_line) from None
        rules.append(rule)
    return Concept(
        id=concept_id,
        term=draft.term,
        abbreviations=draft.abbreviations,
        variants=draft.variants,
        deprecated=draft.deprecated,
        pos=draft.pos,
        note=draft.note,
        dnt="dnt" in draft.flags,
        case_sensitive="case-sensitive" in draft.flags,
        foreign_ok="foreign-ok" in draft.flags,
        targets=draft.targets,
        path=path,
        line=line,
        rules=tuple(rules),
        grammar=draft.grammar,
    )


# -- TBX: writing -----------------------------------------------------------------


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
        flags = _flag_names(concept)
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
        if _CONTROL.search(value):
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


# -- TBX: reading -----------------------------------------------------------------


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
    return _finish(drafts, path)


def _primary(code: str) -> str:
    return code.split("-")[0].split("_")[0].lower()


def _lang_code(raw: str) -> str:
    """A language code as written when valid, else in BCP 47 case: ``DE_de`` -> ``de-DE``."""
    code = raw.strip().replace("_", "-")
    if _LANG.match(code):
        return code
    primary, sep, rest = code.partition("-")
    rest = rest.upper() if len(rest) == 2 else rest.title() if len(rest) == 4 else rest
    return primary.lower() + sep + rest


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
            note.attrs.get("type", "").lower(): _clean(note.text)
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
                _clean(term.text),
                status,
                term_type in _ABBREVIATION_TYPES,
                notes.get("partofspeech", ""),
                term.line,
                " ".join(t for t in (gender, number) if t),
            )
        )
    return terms


def _entry_draft(entry: _Node, source: str, path: str) -> _Draft:
    raw_id = entry.attrs.get("id", "").strip()
    entry_id = raw_id.removeprefix("_") if _ID.match(raw_id.removeprefix("_")) else ""
    source_terms: list[_Term] = []
    source_sets: list[_Node] = []
    targets: dict[str, list[str]] = {}
    grammar: list[tuple[str, str, str]] = []
    for lang_set in entry.descendants(_LANG_TAGS):
        code = _lang_code(lang_set.attrs.get("xml:lang", ""))
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
    pos_raw = head.pos or next((t.pos for t in source_terms if t.pos), "")
    pos = _POS_FROM_TBX.get(pos_raw.lower(), pos_raw) if pos_raw else ""
    if pos and pos not in POS:
        raise GlossaryError(
            f"partOfSpeech {pos_raw!r} is not one of noun, properNoun, verb, adjective, "
            "adverb, other",
            path=path,
            line=head.line,
        )
    note, flags, rules = _entry_notes(entry, source_sets, path)
    return _Draft(
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
        text = _clean(element.text)
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
    texts = [t for t in (_clean(d.text) for d in definitions) if t]
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


# -- CSV ----------------------------------------------------------------------------


def _neutralise(cell: str) -> str:
    """``cell`` as a spreadsheet will not run it: a leading ``'`` before a formula start."""
    return "'" + cell if _FORMULA_START.match(cell) else cell


def _unneutralise(cell: str) -> str:
    """``cell`` as :func:`_neutralise` was given it: its neutralising quote taken off."""
    return cell[1:] if cell.startswith("'") and _FORMULA_START.match(cell, 1) else cell


def _safe_row(cells: Sequence[str]) -> list[str]:
    return [_neutralise(cell) for cell in cells]


def to_csv(concepts: Sequence[Concept], languages: Sequence[str]) -> str:
    """Every field of ``concepts`` as CSV with a header; ``languages`` are the target columns.

    A concept with equivalents in a language not among ``languages`` is an
    error rather than a silent loss; :func:`languages_of` gives them all.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*CSV_COLUMNS, *languages])
    for concept in concepts:
        missing = [code for code in concept.languages if code not in languages]
        if missing:
            raise GlossaryError(
                f"concept {concept.id!r} has {', '.join(missing)} equivalents but the CSV has "
                "no such column; add the language",
                path=concept.path,
                line=concept.line,
            )
        targets = dict(concept.targets)
        cells = [
            concept.id,
            concept.term,
            _cell(concept, concept.abbreviations),
            _cell(concept, concept.variants),
            _cell(concept, concept.deprecated),
            concept.pos,
            SEPARATOR.join(_flag_names(concept)),
            "\n".join(rule.format() for rule in concept.rules),
            concept.note,
        ]
        cells += [
            _cell(concept, [_tagged(concept, code, v) for v in targets.get(code, ())])
            for code in languages
        ]
        writer.writerow(_safe_row(cells))
    return out.getvalue()


def _tagged(concept: Concept, code: str, value: str) -> str:
    tags = concept.grammar_of(code, value)
    return f"{value} {{{tags}}}" if tags else value


def _cell(concept: Concept, values: Sequence[str]) -> str:
    """Values joined for one cell; a value holding the separator could not come back."""
    for value in values:
        if SEPARATOR in value:
            raise GlossaryError(
                f"concept {concept.id!r}: {value!r} contains {SEPARATOR!r}, "
                "which separates values in a CSV cell",
                path=concept.path,
                line=concept.line,
            )
    return SEPARATOR.join(values)


def from_csv(text: str, path: str, deepl_target: str | None = None) -> list[Concept]:
    """Concepts from a full glossary CSV, or from a headerless DeepL glossary CSV.

    A DeepL file names no target language unless it has DeepL's language
    columns: pass ``deepl_target`` then.  Errors name the CSV line.
    """
    rows = list(_csv_rows(text.lstrip("\ufeff"), path))
    if not rows:
        return []
    first_line, header = rows[0]
    if [cell.strip().lower() for cell in header[:2]] == ["id", "term"]:
        return _from_full_csv(header, rows[1:], path, first_line)
    if all(2 <= len(cells) <= 5 for _, cells in rows):
        return _from_deepl_csv(rows, path, deepl_target)
    raise GlossaryError(
        "neither a glossary CSV (header id,term,...) nor a DeepL glossary (source,target rows)",
        path=path,
        line=first_line,
    )


def _csv_rows(text: str, path: str) -> Iterator[tuple[int, list[str]]]:
    """Non-blank CSV records with the line each starts on."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "unexpected end of data" in str(exc):
                # an unclosed quote swallowed the rest of the file: name where it opened
                raise GlossaryError(
                    "bad CSV: a quoted field in this record is never closed "
                    f"(the rest of the file, to line {reader.line_num}, would be lost)",
                    path=path,
                    line=start,
                ) from None
            raise GlossaryError(f"bad CSV: {exc}", path=path, line=reader.line_num) from None
        if any(cell.strip() for cell in cells):
            yield start, [_unneutralise(cell) for cell in cells]


def _from_full_csv(
    header: list[str], rows: list[tuple[int, list[str]]], path: str, header_line: int
) -> list[Concept]:
    columns = [cell.strip() for cell in header]
    for number, name in enumerate(columns):
        if name in columns[:number]:
            raise GlossaryError(f"column {name!r} appears twice", path=path, line=header_line)
        if name not in CSV_COLUMNS and not _LANG.match(name):
            raise GlossaryError(
                f"unknown column {name!r}; expected {', '.join(CSV_COLUMNS)} and language codes",
                path=path,
                line=header_line,
            )
    languages = [name for name in columns if name not in CSV_COLUMNS]
    drafts = []
    for line, cells in rows:
        if len(cells) != len(columns):
            raise GlossaryError(
                f"expected {len(columns)} columns as in the header, got {len(cells)}",
                path=path,
                line=line,
            )
        row = dict(zip(columns, cells))
        flags = re.split(r"\s*[|,]\s*", row.get("flags", "").strip())
        targets: list[tuple[str, tuple[str, ...]]] = []
        grammar: list[tuple[str, str, str]] = []
        for code in languages:
            values = []
            for item in _split(row[code]):
                try:
                    value, tags = split_grammar(item)
                except ValueError as error:
                    raise GlossaryError(str(error), path=path, line=line) from None
                values.append(value)
                if tags:
                    grammar.append((code, value, tags))
            if values:
                targets.append((code, tuple(values)))
        drafts.append(
            _Draft(
                line=line,
                term=_clean(row["term"]),
                id=row["id"].strip(),
                abbreviations=tuple(_split(row.get("abbr", ""))),
                variants=tuple(_split(row.get("variant", ""))),
                deprecated=tuple(_split(row.get("deprecated", ""))),
                pos=row.get("pos", "").strip(),
                note=_clean(row.get("note", "")),
                flags=tuple(f for f in flags if f),
                targets=tuple(targets),
                rules=tuple(
                    (line, r.strip()) for r in row.get("rule", "").split("\n") if r.strip()
                ),
                grammar=tuple(grammar),
            )
        )
    return _finish(drafts, path)


def to_deepl_csv(concepts: Sequence[Concept], target: str) -> str:
    """A DeepL glossary CSV: ``source,target`` rows, no header, for one target language.

    Each concept with an approved ``target`` equivalent (a do-not-translate term
    maps to itself) gives a row for its term, each abbreviation and each
    variant; deprecated forms and sources already written are left out.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    written: set[str] = set()
    for concept in concepts:
        approved = concept.approved(target)
        if approved is None:
            continue
        for kind, form in concept.forms():
            if kind == "deprecated" or form in written:
                continue
            written.add(form)
            writer.writerow(_safe_row([form, approved]))
    return out.getvalue()


def _looks_like_abbreviation(form: str) -> bool:
    letters = [c for c in form if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return " " not in form and upper >= 2 and upper * 2 > len(letters)


def _from_deepl_csv(
    rows: list[tuple[int, list[str]]], path: str, deepl_target: str | None
) -> list[Concept]:
    groups: dict[tuple[str, str], list[tuple[int, str]]] = {}
    sources: dict[str, int] = {}
    for line, cells in rows:
        source, target = _clean(cells[0]), _clean(cells[1])
        code = deepl_target or (_lang_code(cells[3]) if len(cells) >= 4 else "")
        if not code:
            raise GlossaryError(
                "a DeepL glossary (source,target rows without a header) names no target "
                "language; give the target language",
                path=path,
                line=line,
            )
        if not source or not target:
            raise GlossaryError("empty source or target", path=path, line=line)
        if source in sources:
            raise GlossaryError(
                f"source {source!r} already given on line {sources[source]}", path=path, line=line
            )
        sources[source] = line
        groups.setdefault((code, target), []).append((line, source))
    drafts = []
    for (code, target), entries in groups.items():
        (line, term), others = entries[0], [s for _, s in entries[1:]]
        drafts.append(
            _Draft(
                line=line,
                term=term,
                abbreviations=tuple(s for s in others if _looks_like_abbreviation(s)),
                variants=tuple(s for s in others if not _looks_like_abbreviation(s)),
                targets=((code, (target,)),),
            )
        )
    return _finish(drafts, path)


# -- files --------------------------------------------------------------------------


def read_interchange(path: Path, deepl_target: str | None = None) -> list[Concept]:
    """Read a ``.tbx`` or ``.csv`` glossary file.

    Files are UTF-8 (a BOM is fine; a ``.tbx`` may also be UTF-16 with a BOM,
    as MultiTerm writes it).  A DeepL CSV without language columns takes its
    target language from ``deepl_target`` or else from the file name's last
    dotted, dashed or underscored part (``terms.de.csv``, ``deepl-en-uk.csv``).
    """
    shown = str(path)
    suffix = path.suffix.lower()
    if suffix not in (".tbx", ".csv"):
        raise GlossaryError("expected a .tbx or .csv glossary", path=shown)
    data = read_bytes(path, GlossaryError, "glossary")
    text = _decode(data, shown, utf16=suffix == ".tbx")
    if suffix == ".tbx":
        return from_tbx(text, shown)
    if deepl_target is None:
        last = re.split(r"[._-]", path.stem)[-1]
        deepl_target = last.lower() if _LANG.match(last.lower()) and last != path.stem else None
    return from_csv(text, shown, deepl_target)


def import_glossary(path: Path, deepl_target: str | None = None) -> str:
    """A ``.gloss`` file made from the ``.tbx`` or ``.csv`` glossary at ``path``.

    Raises :class:`GlossaryError` naming the file (and line) for unreadable or
    malformed input, and for concepts that claim the same form.
    """
    concepts = read_interchange(path, deepl_target)
    errors = [p for p in check_glossary(Glossary(tuple(concepts))) if p.severity == "error"]
    if errors:
        first = errors[0]
        raise GlossaryError(f"{first.message} (concept {first.concept})", path=str(path))
    return format_glossary(concepts, header=f"Imported from {path.name}.")


def _decode(data: bytes, path: str, *, utf16: bool) -> str:
    if utf16 and data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise GlossaryError("not valid UTF-16", path=path) from None
    return decode_utf8(data, path, GlossaryError, "glossary")
