r"""Entry notes: the ``#.`` comments transpipe writes into catalogue entries and reads back.

Every kind of note has a record, a ``format_…`` function that writes it and a
``parse_…`` function that reads it back (``None`` for a line that is not that
kind of note).  The wording is part of every catalogue already written: merge
reads the glossary notes to migrate a changed equivalent and the machine
note's fingerprint to tell an unedited draft from a reviewer's edit, so a
wording changed here must still read the old notes.

The notes, by how they begin:

- ``glossary: air defence → Luftverteidigung [air-defence]``: a glossary term
  of the sentence and its approved equivalent (:class:`TermNote`), perhaps
  with a label (``glossary: MISSING in translation: …``); and the two notes
  that ask the reviewer for an update (:class:`EquivalentChangedNote`,
  :class:`UnmatchedTermNote`);
- ``machine translation: argos m 1.0 [mt 1a2b3c4d]``: what drafted the
  msgstr and the draft's fingerprint (:class:`MachineNote`), and
  ``machine translation of the new text: …`` (:class:`NewMachineNote`);
- ``normalised (replace): Kiev → Kyiv [kyiv]``, ``expanded: …`` and
  ``suggestion: … (quotation)`` (:class:`ChangeNote`);
- ``fragment: homoglyph Кyiv → Kyiv; fixed`` (:class:`FragmentNote`,
  :class:`ForeignParagraphNote`);
- ``carried over a glossary change from: …`` (:class:`CarriedOverNote`);
- ``html attribute: img alt`` (:class:`AttributeNote`);
- ``score -0.42``: the engine's length-normalised log-probability of its
  draft (:class:`ScoreNote`), ``check: low confidence`` when it is in the
  lowest band (:data:`LOW_CONFIDENCE`), and ``machine translation: retried
  (repetition)`` when the draft was decoded again because the first one was
  degenerate (:class:`RetriedNote`);
- where a Markdown entry sits when it is not running text (:class:`PlaceNote`):
  ``front matter: params.description``, ``table row 2, column 3``,
  ``shortcode figure caption``, ``liquid include caption``, ``image alt``,
  ``image title``, ``link title``.

A note is a line a reviewer reads, not an escaped syntax: a parse gives back
the record its format wrote unless a field holds the text that separates
fields (each format says which) or a line break.  Glossary concept ids are
read as ``[\w-]+``.  Editors re-wrap long notes; :func:`unwrapped` joins the
pieces back into whole notes.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

_GLOSSARY = "glossary"
_MACHINE = "machine translation"
_NORMALISED = "normalised"
_EXPANDED = "expanded"
_SUGGESTION = "suggestion"
_FRAGMENT = "fragment"
_CARRIED = "carried over"
_CARRIED_OVER = f"{_CARRIED} a glossary change from: "
_HTML_ATTRIBUTE = "html attribute"
_FRONT_MATTER = "front matter"
_TABLE = "table row"
_SHORTCODE = "shortcode"
_LIQUID = "liquid"
_IMAGE = "image"
_LINK = "link"
_SCORE = "score"
_LOW_CONFIDENCE = "check: low confidence"
_RETRIED = f"{_MACHINE}: retried"
# How each note begins.  "check" is written by no current code, but a line beginning with
# it has always been read as a note of its own rather than the rest of the note before.
_HEADS = (
    _GLOSSARY, _MACHINE, _NORMALISED, _EXPANDED, _SUGGESTION, _FRAGMENT, _CARRIED, "check",
    _HTML_ATTRIBUTE, _FRONT_MATTER, _TABLE, _SHORTCODE, _LIQUID, _IMAGE, _LINK, _SCORE,
)  # fmt: skip
_NOTE_START = re.compile(rf"^(?:{'|'.join(re.escape(head) for head in _HEADS)})\b")


def is_transpipe_note(line: str) -> bool:
    """Whether a comment line begins one of transpipe's notes.

    Any other line is a reviewer's or another tool's comment, or the rest of
    a note an editor wrapped (see :func:`unwrapped`).
    """
    return _NOTE_START.match(line) is not None


def is_translation_note(note: str) -> bool:
    """Whether a note records what the msgstr was made with: a glossary, machine-translation
    or score note (the engine's confidence in its draft, low confidence included).

    Approving an entry does not change these facts, so merge keeps them.
    """
    return (
        note.startswith((_GLOSSARY, _MACHINE))
        or note == _LOW_CONFIDENCE
        or (_SCORE_NOTE.match(note) is not None)
    )


def unwrapped(comments: Sequence[str]) -> list[str]:
    """Extracted comments with lines that an editor wrapped joined back into their notes.

    A line that does not begin a note (:func:`is_transpipe_note`) continues
    the one before it; editors and polib re-wrap long ``#.`` lines.
    """
    notes: list[str] = []
    for line in comments:
        if notes and not is_transpipe_note(line):
            # textwrap breaks after a hyphen ("[air-" / "defence]") and at spaces
            glue = "" if re.search(r"\w-$", notes[-1]) else " "
            notes[-1] = f"{notes[-1]}{glue}{line.strip()}"
        else:
            notes.append(line)
    return notes


# -- glossary terms ----------------------------------------------------------------------

FLAG_MISSING = "missing"
FLAG_NOT_ENFORCED = "not-enforced"
FLAG_STEERED = "steered"
_TERM_LABELS = {
    FLAG_MISSING: "MISSING in translation",
    FLAG_NOT_ENFORCED: "NOT ENFORCED (engine lost the term placeholder)",
}
_FLAGS_BY_LABEL = {label: flag for flag, label in _TERM_LABELS.items()}
_STEERED_LABEL = re.compile(r"STEERED \(stand-in (?P<stand_in>.*)\)")
# the label starts with capitals (MISSING, STEERED), which no glossary note's source needs
_TERM = re.compile(
    rf"^{_GLOSSARY}(?:: (?P<label>[A-Z ]+[^:]*))?: (?P<source>.+?) → (?P<target>.+) "
    r"\[(?P<id>[\w-]+)\]$"
)


@dataclass(frozen=True, slots=True)
class TermNote:
    """A glossary term of the sentence and the equivalent it takes in the translation.

    ``flag`` is ``""`` for a term found or enforced, else ``FLAG_MISSING``,
    ``FLAG_NOT_ENFORCED`` or ``FLAG_STEERED`` (then ``stand_in`` is the
    stand-in's translation that the equivalent replaced).  A label no current
    code writes (an older or hand-made note) is kept in ``flag`` as written,
    so that formatting the record writes it again.
    """

    source: str
    target: str
    concept_id: str
    flag: str = ""
    stand_in: str = ""


def format_term_note(note: TermNote) -> str:
    """``glossary: air defence → Luftverteidigung [air-defence]``; a flag adds a label.

    The label comes before the term (``glossary: MISSING in translation:
    …``).  Read back by :func:`parse_term_note` when no field holds a colon
    and the source holds no ``" →"``.
    """
    if note.flag == FLAG_STEERED:
        label = f"STEERED (stand-in {note.stand_in})"
    else:
        label = _TERM_LABELS.get(note.flag, note.flag)
    head = f"{_GLOSSARY}: {label}" if label else _GLOSSARY
    return f"{head}: {note.source} → {note.target} [{note.concept_id}]"


def parse_term_note(line: str) -> TermNote | None:
    """The glossary term a note names, or None if the line is not a glossary term note."""
    match = _TERM.match(line)
    if match is None:
        return None
    label = match.group("label") or ""
    steered = _STEERED_LABEL.fullmatch(label)
    if steered is not None:
        flag, stand_in = FLAG_STEERED, steered.group("stand_in")
    else:
        flag, stand_in = _FLAGS_BY_LABEL.get(label, label), ""
    return TermNote(match.group("source"), match.group("target"), match.group("id"), flag, stand_in)


_UPDATE = "; update the translation"
_EQUIVALENT_CHANGED = re.compile(
    rf"^{_GLOSSARY}: equivalent changed from (?P<before>.*?) to (?P<after>.*) "
    rf"\[(?P<id>[\w-]+)\]{re.escape(_UPDATE)}$"
)
_UNMATCHED_TERM = re.compile(
    rf"^{_GLOSSARY}: (?P<source>.*?) should be (?P<target>.*) "
    rf"\[(?P<id>[\w-]+)\]{re.escape(_UPDATE)}$"
)


@dataclass(frozen=True, slots=True)
class EquivalentChangedNote:
    """The glossary's equivalent changed, and the old one was not found in the translation."""

    before: str
    after: str
    concept_id: str


def format_equivalent_changed_note(note: EquivalentChangedNote) -> str:
    """``glossary: equivalent changed from A to B [id]; update the translation``.

    Read back by :func:`parse_equivalent_changed_note` when ``before`` holds no ``" to"``.
    """
    return (
        f"{_GLOSSARY}: equivalent changed from {note.before} to {note.after} "
        f"[{note.concept_id}]{_UPDATE}"
    )


def parse_equivalent_changed_note(line: str) -> EquivalentChangedNote | None:
    """The changed equivalent a note names, or None if the line is not such a note."""
    match = _EQUIVALENT_CHANGED.match(line)
    if match is None:
        return None
    return EquivalentChangedNote(match.group("before"), match.group("after"), match.group("id"))


@dataclass(frozen=True, slots=True)
class UnmatchedTermNote:
    """A glossary term whose accepted equivalent a carried-over translation lacks."""

    source: str
    target: str
    concept_id: str


def format_unmatched_term_note(note: UnmatchedTermNote) -> str:
    """``glossary: air defence should be Luftverteidigung [id]; update the translation``.

    Read back by :func:`parse_unmatched_term_note` when the source holds no ``" should be"``.
    """
    return f"{_GLOSSARY}: {note.source} should be {note.target} [{note.concept_id}]{_UPDATE}"


def parse_unmatched_term_note(line: str) -> UnmatchedTermNote | None:
    """The term a note asks to fix, or None if the line is not such a note."""
    match = _UNMATCHED_TERM.match(line)
    if match is None:
        return None
    return UnmatchedTermNote(match.group("source"), match.group("target"), match.group("id"))


# -- machine translation -----------------------------------------------------------------

NEW_MACHINE = f"{_MACHINE} of the new text: "
_FINGERPRINT = re.compile(r"\[mt (?P<fingerprint>[0-9a-f]{8})\]$")


def fingerprint(text: str) -> str:
    """A short hash of machine output, stored in the entry to recognise unedited drafts."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def machine_label(model: str) -> str:
    """``machine translation: argos m 1.0``: the label of a :class:`MachineNote` for a model."""
    return f"{_MACHINE}: {model}"


@dataclass(frozen=True, slots=True)
class MachineNote:
    """What drafted the msgstr, and the fingerprint of that draft.

    ``label`` is what :func:`machine_label` writes; ``fingerprint`` is
    :func:`fingerprint` of the draft: a msgstr with the same fingerprint is
    still the unedited draft.
    """

    label: str
    fingerprint: str


def format_machine_note(note: MachineNote) -> str:
    """``machine translation: argos m 1.0 [mt 1a2b3c4d]``.

    Read back by :func:`parse_machine_note` when the fingerprint is one
    :func:`fingerprint` makes (eight hexadecimal digits, lower case).
    """
    return f"{note.label} [mt {note.fingerprint}]"


def parse_machine_note(line: str) -> MachineNote | None:
    """The draft's label and fingerprint, or None if the line does not end in ``[mt …]``.

    Any comment ending in a fingerprint counts, whatever it begins with.
    """
    match = _FINGERPRINT.search(line)
    if match is None:
        return None
    return MachineNote(line[: match.start()].removesuffix(" "), match.group("fingerprint"))


@dataclass(frozen=True, slots=True)
class NewMachineNote:
    """This run's machine output for a sentence whose entry kept a reviewer's translation."""

    text: str


def format_new_machine_note(note: NewMachineNote) -> str:
    """``machine translation of the new text: …``; :func:`parse_new_machine_note` reads it back."""
    return f"{NEW_MACHINE}{note.text}"


def parse_new_machine_note(line: str) -> NewMachineNote | None:
    """The machine output a note shows, or None if the line is not such a note."""
    if not line.startswith(NEW_MACHINE):
        return None
    return NewMachineNote(line.removeprefix(NEW_MACHINE))


@dataclass(frozen=True, slots=True)
class CarriedOverNote:
    """The old sentence whose translation was carried over a glossary-only change."""

    msgid: str


def format_carried_over_note(note: CarriedOverNote) -> str:
    """``carried over a glossary change from: …``; :func:`parse_carried_over_note` reads it back."""
    return f"{_CARRIED_OVER}{note.msgid}"


def parse_carried_over_note(line: str) -> CarriedOverNote | None:
    """The old msgid a note names, or None if the line is not such a note."""
    if not line.startswith(_CARRIED_OVER):
        return None
    return CarriedOverNote(line.removeprefix(_CARRIED_OVER))


# -- the source: normalisation, fragments, attributes -------------------------------------

# the normaliser's classes of change (transpipe.terms.normalise) with a word of their own
_SUGGEST = "suggest"
_EXPAND = "expand"
_CHANGE = re.compile(
    rf"^(?:(?P<suggestion>{_SUGGESTION})|(?P<expanded>{_EXPANDED})"
    rf"|{_NORMALISED} \((?P<action>[^()]*)\)): (?P<text>.*?) → (?P<replacement>.*?)"
    r"(?: \[(?P<id>[\w-]+)\])?(?: \((?P<reason>[^()]*)\))?$"
)


@dataclass(frozen=True, slots=True)
class ChangeNote:
    """A glossary match that normalisation changed in the source, or suggests changing.

    ``action`` is the normaliser's class of change (``repair``, ``replace``,
    ``suggest``, ``expand``); ``reason`` says why a suggestion was not applied.
    """

    action: str
    text: str
    replacement: str
    term_id: str = ""
    reason: str = ""


def format_change_note(note: ChangeNote) -> str:
    """``normalised (replace): Kiev → Kyiv [kyiv]``, ``expanded: …``, ``suggestion: … (reason)``.

    A suggestion always shows its reason in parentheses, a change only when
    it has one.  Read back by :func:`parse_change_note` when the text holds
    no ``" →"``, the action and the reason hold no parentheses, and, without
    a term id, the replacement does not end in `` [word]`` or `` (…)``.
    """
    concept = f" [{note.term_id}]" if note.term_id else ""
    if note.action == _SUGGEST:
        return f"{_SUGGESTION}: {note.text} → {note.replacement}{concept} ({note.reason})"
    verb = _EXPANDED if note.action == _EXPAND else f"{_NORMALISED} ({note.action})"
    because = f" ({note.reason})" if note.reason else ""
    return f"{verb}: {note.text} → {note.replacement}{concept}{because}"


def parse_change_note(line: str) -> ChangeNote | None:
    """The change a note describes, or None if the line is not a change or suggestion note."""
    match = _CHANGE.match(line)
    if match is None:
        return None
    if match.group("suggestion"):
        action = _SUGGEST
    elif match.group("expanded"):
        action = _EXPAND
    else:
        action = match.group("action")
    return ChangeNote(
        action,
        match.group("text"),
        match.group("replacement"),
        match.group("id") or "",
        match.group("reason") or "",
    )


_FOREIGN_PARAGRAPH = re.compile(
    rf"^{_FRAGMENT}: foreign-paragraph(?: \((?P<lang>[^()]+)\))?: this paragraph is not in the "
    r"source language \(confidence (?P<confidence>-?\d+\.\d+)\)(?: → (?P<suggestion>.*))?$"
)
_FRAGMENT_NOTE = re.compile(
    rf"^{_FRAGMENT}: (?P<kind>\S+) (?P<text>.*?)(?: \((?P<lang>[^()]+)\))?"
    r"(?: → (?P<suggestion>.*?))?(?P<fixed>; fixed)?$"
)


@dataclass(frozen=True, slots=True)
class FragmentNote:
    """A stray foreign fragment in the sentence (``homoglyph``, ``foreign-script``, …).

    ``lang`` and ``suggestion`` are ``""`` where there is none; ``fixed``
    says ``--fix`` applied the suggestion.  A foreign paragraph has its own
    note (:class:`ForeignParagraphNote`).
    """

    kind: str
    text: str
    lang: str = ""
    suggestion: str = ""
    fixed: bool = False


def format_fragment_note(note: FragmentNote) -> str:
    """``fragment: mixed-script Minobороны (ru) → Russian Ministry of Defence; fixed``.

    Read back by :func:`parse_fragment_note` when the kind is one word other
    than ``foreign-paragraph``, the language holds no parentheses, the text
    holds no ``" →"`` and, without a language, does not end in `` (…)``,
    and neither text nor suggestion ends in ``; fixed``.
    """
    lang = f" ({note.lang})" if note.lang else ""
    hint = f" → {note.suggestion}" if note.suggestion else ""
    done = "; fixed" if note.fixed else ""
    return f"{_FRAGMENT}: {note.kind} {note.text}{lang}{hint}{done}"


def parse_fragment_note(line: str) -> FragmentNote | None:
    """The fragment a note names, or None if the line is not a fragment note.

    A foreign paragraph's note is not one (see :func:`parse_foreign_paragraph_note`).
    """
    match = _FRAGMENT_NOTE.match(line)
    if match is None or _FOREIGN_PARAGRAPH.match(line):
        return None
    return FragmentNote(
        match.group("kind"),
        match.group("text"),
        match.group("lang") or "",
        match.group("suggestion") or "",
        bool(match.group("fixed")),
    )


@dataclass(frozen=True, slots=True)
class ForeignParagraphNote:
    """A paragraph not in the source language; the note does not repeat its text."""

    confidence: float
    lang: str = ""
    suggestion: str = ""


def format_foreign_paragraph_note(note: ForeignParagraphNote) -> str:
    """``fragment: foreign-paragraph (uk): this paragraph is not in the source language …``.

    The note ends ``(confidence 0.93)``, with `` → `` and the suggestion
    after it if there is one.  The confidence is shown with two decimals and
    read back as that number by :func:`parse_foreign_paragraph_note`, which
    gives the record back when the language holds no parentheses.
    """
    lang = f" ({note.lang})" if note.lang else ""
    hint = f" → {note.suggestion}" if note.suggestion else ""
    return (
        f"{_FRAGMENT}: foreign-paragraph{lang}: this paragraph is not in the source "
        f"language (confidence {note.confidence:.2f}){hint}"
    )


def parse_foreign_paragraph_note(line: str) -> ForeignParagraphNote | None:
    """The foreign paragraph a note describes, or None if the line is not such a note."""
    match = _FOREIGN_PARAGRAPH.match(line)
    if match is None:
        return None
    return ForeignParagraphNote(
        float(match.group("confidence")), match.group("lang") or "", match.group("suggestion") or ""
    )


_ATTRIBUTE = re.compile(rf"^{_HTML_ATTRIBUTE}: (?P<element>.+) (?P<attribute>\S+)$")


@dataclass(frozen=True, slots=True)
class AttributeNote:
    """An HTML attribute value that is a sentence of its own.

    ``element`` is the tag name, or ``meta`` and the meta name
    (``meta og:title``) for a meta ``content``.
    """

    element: str
    attribute: str


def format_attribute_note(note: AttributeNote) -> str:
    """``html attribute: img alt``.

    Read back by :func:`parse_attribute_note` when the attribute is one word.
    """
    return f"{_HTML_ATTRIBUTE}: {note.element} {note.attribute}"


def parse_attribute_note(line: str) -> AttributeNote | None:
    """The element and attribute a note names, or None if the line is not such a note."""
    match = _ATTRIBUTE.match(line)
    if match is None:
        return None
    return AttributeNote(match.group("element"), match.group("attribute"))


# -- where a Markdown entry sits -----------------------------------------------------------

_PLACE = re.compile(
    rf"^(?:{_FRONT_MATTER}: (?P<key>\S+)"
    rf"|{_TABLE} (?P<row>\d+), column (?P<column>\d+)"
    rf"|(?P<syntax>{_SHORTCODE}|{_LIQUID}) (?P<tag>\S+) (?P<parameter>\S+)"
    rf"|(?P<inline>{_IMAGE}|{_LINK}) (?P<part>alt|title))$"
)


@dataclass(frozen=True, slots=True)
class PlaceNote:
    """Where an entry of a Markdown article sits when it is not running text.

    ``kind`` is ``front matter`` (``name`` is the key's path, ``params.caption``),
    ``table`` (``row`` and ``column``, 1-based, the header row being row 1),
    ``shortcode`` or ``liquid`` (``name`` the tag, ``parameter`` the parameter),
    ``image`` (``parameter`` ``alt``, the default, or ``title``) or ``link``
    (``parameter`` ``title``: a link's or a link definition's title).  Names
    hold no spaces.
    """

    kind: str
    name: str = ""
    parameter: str = ""
    row: int = 0
    column: int = 0


def format_place_note(note: PlaceNote) -> str:
    """``front matter: title``, ``table row 2, column 1``, ``shortcode figure caption``,
    ``image alt``, ``image title``, ``link title``."""
    if note.kind == "front matter":
        return f"{_FRONT_MATTER}: {note.name}"
    if note.kind == "table":
        return f"{_TABLE} {note.row}, column {note.column}"
    if note.kind in (_SHORTCODE, _LIQUID):
        return f"{note.kind} {note.name} {note.parameter}"
    if note.kind in (_IMAGE, _LINK):
        return f"{note.kind} {note.parameter or 'alt'}"
    raise ValueError(f"unknown place {note.kind!r}")


def parse_place_note(line: str) -> PlaceNote | None:
    """The place a note names, or None if the line is not such a note."""
    match = _PLACE.match(line)
    if match is None:
        return None
    if match.group("key") is not None:
        return PlaceNote("front matter", name=match.group("key"))
    if match.group("row") is not None:
        return PlaceNote("table", row=int(match.group("row")), column=int(match.group("column")))
    if match.group("syntax") is not None:
        return PlaceNote(match.group("syntax"), match.group("tag"), match.group("parameter"))
    return PlaceNote(match.group("inline"), parameter=match.group("part"))


# -- the engine's confidence -----------------------------------------------------------

# a draft whose score (mean log-probability per token) is under this is in the lowest band:
# the model put less than e^-1.2 (about 0.30) on its average token
LOW_CONFIDENCE_SCORE = -1.2
LOW_CONFIDENCE = _LOW_CONFIDENCE
_SCORE_NOTE = re.compile(rf"^{_SCORE} (?P<score>-?\d+\.\d\d)$")
_RETRIED_NOTE = re.compile(rf"^{re.escape(_RETRIED)} \((?P<reason>[a-z]+)\)$")


@dataclass(frozen=True, slots=True)
class ScoreNote:
    """The engine's score of a draft: its mean log-probability per token (0 is certain)."""

    score: float


def format_score_note(note: ScoreNote) -> str:
    """``score -0.42``: two decimals; :func:`parse_score_note` reads it back rounded so."""
    return f"{_SCORE} {note.score:.2f}".replace("-0.00", "0.00")


def parse_score_note(line: str) -> ScoreNote | None:
    """The score a note gives, or None if the line is not such a note."""
    match = _SCORE_NOTE.match(line)
    return None if match is None else ScoreNote(float(match.group("score")))


@dataclass(frozen=True, slots=True)
class RetriedNote:
    """A draft decoded again with safer settings, and why: ``repetition``, ``length``,
    ``copy``, ``language`` or ``placeholders``."""

    reason: str


def format_retried_note(note: RetriedNote) -> str:
    """``machine translation: retried (repetition)``."""
    return f"{_RETRIED} ({note.reason})"


def parse_retried_note(line: str) -> RetriedNote | None:
    """Why a draft was retried, or None if the line is not such a note."""
    match = _RETRIED_NOTE.match(line)
    return None if match is None else RetriedNote(match.group("reason"))
