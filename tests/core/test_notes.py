"""Entry notes: each format reads back through its parse, and the wording stays as written."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transpipe.core.notes import (
    FLAG_MISSING,
    FLAG_NOT_ENFORCED,
    FLAG_STEERED,
    LOW_CONFIDENCE,
    AttributeNote,
    CarriedOverNote,
    ChangeNote,
    EquivalentChangedNote,
    ForeignParagraphNote,
    FragmentNote,
    MachineNote,
    NewMachineNote,
    PlaceNote,
    RetriedNote,
    ScoreNote,
    TermNote,
    UnmatchedTermNote,
    fingerprint,
    format_attribute_note,
    format_carried_over_note,
    format_change_note,
    format_equivalent_changed_note,
    format_foreign_paragraph_note,
    format_fragment_note,
    format_machine_note,
    format_new_machine_note,
    format_place_note,
    format_retried_note,
    format_score_note,
    format_term_note,
    format_unmatched_term_note,
    is_translation_note,
    is_transpipe_note,
    machine_label,
    parse_attribute_note,
    parse_carried_over_note,
    parse_change_note,
    parse_equivalent_changed_note,
    parse_foreign_paragraph_note,
    parse_fragment_note,
    parse_machine_note,
    parse_new_machine_note,
    parse_place_note,
    parse_retried_note,
    parse_score_note,
    parse_term_note,
    parse_unmatched_term_note,
    unwrapped,
)
from transpipe.terms import normalise
from transpipe.terms.enforce import TermUse

# -- awkward text: arrows, brackets, parentheses, Cyrillic and CJK, spaces at either end -----

# one line of text: no line breaks or other control characters
_LETTERS = st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"))
_AWKWARD = st.sampled_from(["→", " → ", "[", "]", "(", ")", " ", "Київ", "北约", "[mt x]", "-"])
text = st.lists(st.one_of(_LETTERS, _AWKWARD), max_size=8).map("".join)
# glossary concept ids as notes read them; the glossary itself allows [a-z0-9-] only
concept_ids = st.from_regex(r"[\w-]+", fullmatch=True).filter(lambda s: "\n" not in s)
no_colon = text.filter(lambda s: ":" not in s)


def without(*parts: str) -> st.SearchStrategy[str]:
    return text.filter(lambda s: not any(p in s for p in parts))


# -- the wording written today: catalogues in use hold these exact lines ---------------------

PINNED = [
    (TermNote("air defence", "Luftverteidigung", "air-defence"),
     "glossary: air defence → Luftverteidigung [air-defence]"),
    (TermNote("AFU", "ZSU", "afu", FLAG_MISSING),
     "glossary: MISSING in translation: AFU → ZSU [afu]"),
    (TermNote("NATO", "OTAN", "nato", FLAG_NOT_ENFORCED),
     "glossary: NOT ENFORCED (engine lost the term placeholder): NATO → OTAN [nato]"),
    (TermNote("drone", "dron", "drone", FLAG_STEERED, "libro"),
     "glossary: STEERED (stand-in libro): drone → dron [drone]"),
    (EquivalentChangedNote("Schirm", "Luftabwehr", "air-defence"),
     ("glossary: equivalent changed from Schirm to Luftabwehr [air-defence]; "
      "update the translation")),
    (UnmatchedTermNote("air defence", "Luftabwehr", "air-defence"),
     "glossary: air defence should be Luftabwehr [air-defence]; update the translation"),
    (MachineNote("machine translation: argos m 1.0", "1234abcd"),
     "machine translation: argos m 1.0 [mt 1234abcd]"),
    (NewMachineNote("AIR DEFENCE HELD."), "machine translation of the new text: AIR DEFENCE HELD."),
    (CarriedOverNote("The radar was hit."),
     "carried over a glossary change from: The radar was hit."),
    (ChangeNote("replace", "Kiev", "Kyiv", "kyiv"), "normalised (replace): Kiev → Kyiv [kyiv]"),
    (ChangeNote("repair", "militаry", "military"), "normalised (repair): militаry → military"),
    (ChangeNote("expand", "AFU", "Armed Forces of Ukraine (AFU)", "afu"),
     "expanded: AFU → Armed Forces of Ukraine (AFU) [afu]"),
    (ChangeNote("suggest", "ZSU", "Armed Forces of Ukraine", "afu", "ambiguous abbreviation"),
     "suggestion: ZSU → Armed Forces of Ukraine [afu] (ambiguous abbreviation)"),
    (ChangeNote("replace", "Kiev", "Kyiv", "kyiv", "look-alike letters"),
     "normalised (replace): Kiev → Kyiv [kyiv] (look-alike letters)"),
    (FragmentNote("mixed-script", "Minobороны", "ru", "Russian Ministry of Defence"),
     "fragment: mixed-script Minobороны (ru) → Russian Ministry of Defence"),
    (FragmentNote("homoglyph", "Кyiv", suggestion="Kyiv", fixed=True),
     "fragment: homoglyph Кyiv → Kyiv; fixed"),
    (ForeignParagraphNote(0.93, "uk"),
     ("fragment: foreign-paragraph (uk): this paragraph is not in the source language "
      "(confidence 0.93)")),
    (ForeignParagraphNote(0.5, "", "Kyiv held."),
     ("fragment: foreign-paragraph: this paragraph is not in the source language "
      "(confidence 0.50) → Kyiv held.")),
    (AttributeNote("img", "alt"), "html attribute: img alt"),
    (AttributeNote("meta og:title", "content"), "html attribute: meta og:title content"),
    (PlaceNote("front matter", "params.description"), "front matter: params.description"),
    (PlaceNote("front matter", "images[0].alt"), "front matter: images[0].alt"),
    (PlaceNote("table", row=2, column=3), "table row 2, column 3"),
    (PlaceNote("shortcode", "figure", "caption"), "shortcode figure caption"),
    (PlaceNote("liquid", "include", "alt"), "liquid include alt"),
    (PlaceNote("image", parameter="alt"), "image alt"),
    (PlaceNote("image", parameter="title"), "image title"),
    (PlaceNote("link", parameter="title"), "link title"),
    (ScoreNote(-0.42), "score -0.42"),
    (ScoreNote(0.0), "score 0.00"),
    (RetriedNote("repetition"), "machine translation: retried (repetition)"),
]  # fmt: skip
FORMAT: dict[type[Any], tuple[Callable[[Any], str], Callable[[str], Any]]] = {
    TermNote: (format_term_note, parse_term_note),
    EquivalentChangedNote: (format_equivalent_changed_note, parse_equivalent_changed_note),
    UnmatchedTermNote: (format_unmatched_term_note, parse_unmatched_term_note),
    MachineNote: (format_machine_note, parse_machine_note),
    NewMachineNote: (format_new_machine_note, parse_new_machine_note),
    CarriedOverNote: (format_carried_over_note, parse_carried_over_note),
    ChangeNote: (format_change_note, parse_change_note),
    FragmentNote: (format_fragment_note, parse_fragment_note),
    ForeignParagraphNote: (format_foreign_paragraph_note, parse_foreign_paragraph_note),
    AttributeNote: (format_attribute_note, parse_attribute_note),
    PlaceNote: (format_place_note, parse_place_note),
    ScoreNote: (format_score_note, parse_score_note),
    RetriedNote: (format_retried_note, parse_retried_note),
}


@pytest.mark.parametrize(("record", "line"), PINNED, ids=lambda v: str(v)[:40])
def test_each_note_is_written_as_it_always_was_and_reads_back(record: object, line: str) -> None:
    write, read = FORMAT[type(record)]
    assert write(record) == line
    assert read(line) == record
    assert is_transpipe_note(line)


def test_every_kind_of_note_has_a_pinned_line() -> None:
    assert {type(record) for record, _ in PINNED} == set(FORMAT)


@pytest.mark.parametrize(("record", "line"), PINNED, ids=lambda v: str(v)[:40])
def test_no_other_kind_of_note_reads_a_note(record: object, line: str) -> None:
    read_as = {kind for kind, (_, read) in FORMAT.items() if read(line) is not None}
    # every line ending in a fingerprint reads as a machine note, whatever it begins with
    assert read_as - {MachineNote} == {type(record)} - {MachineNote}


def test_term_uses_are_noted_in_the_pinned_wording() -> None:
    uses = [
        TermUse("air-defence", "air defence", "Luftverteidigung", "found"),
        TermUse("afu", "AFU", "ZSU", "enforced"),
        TermUse("afu", "AFU", "ZSU", "missing"),
        TermUse("nato", "NATO", "OTAN", "not-enforced"),
        TermUse("drone", "drone", "dron", "steered", "libro"),
    ]
    assert [use.note() for use in uses] == [
        "glossary: air defence → Luftverteidigung [air-defence]",
        "glossary: AFU → ZSU [afu]",
        "glossary: MISSING in translation: AFU → ZSU [afu]",
        "glossary: NOT ENFORCED (engine lost the term placeholder): NATO → OTAN [nato]",
        "glossary: STEERED (stand-in libro): drone → dron [drone]",
    ]


def test_the_normaliser_s_classes_of_change_have_the_pinned_words() -> None:
    def head(action: str) -> str:
        return format_change_note(ChangeNote(action, "a", "b")).split(":")[0]

    assert [head(a) for a in (normalise.SUGGEST, normalise.EXPAND, normalise.REPLACE)] == [
        "suggestion",
        "expanded",
        "normalised (replace)",
    ]


def test_the_machine_label_names_the_model() -> None:
    assert (
        machine_label("argos translate-en_de 1.2")
        == "machine translation: argos translate-en_de 1.2"
    )


# -- round trips -------------------------------------------------------------------------


@given(
    no_colon.filter(lambda s: s and " →" not in s),
    no_colon.filter(bool),
    concept_ids,
    st.sampled_from(["", FLAG_MISSING, FLAG_NOT_ENFORCED, FLAG_STEERED]),
    no_colon,
)
def test_a_term_note_reads_back(
    source: str, target: str, concept_id: str, flag: str, stand_in: str
) -> None:
    note = TermNote(source, target, concept_id, flag, stand_in if flag == FLAG_STEERED else "")
    assert parse_term_note(format_term_note(note)) == note


def test_a_term_note_with_a_label_no_code_writes_reads_back_as_written() -> None:
    line = "glossary: CHECKED BY HAND (2024): Kiev → Kyiv [kyiv]"
    note = parse_term_note(line)
    assert note == TermNote("Kiev", "Kyiv", "kyiv", "CHECKED BY HAND (2024)")
    assert format_term_note(note) == line


@pytest.mark.parametrize(
    "note",
    [
        TermNote("Kyiv→Kiev", "Київ [місто]", "p-kyiv_2"),  # an arrow with no space before
        TermNote("ВМС", "→ Marine → Flotte", "navy"),
        TermNote(" air  defence ", " Luftverteidigung (LV) ", "air-defence"),
        TermNote("drone", "dron [x]", "drone", FLAG_STEERED, "casa (f) → casas"),
    ],
)
def test_awkward_term_notes_read_back(note: TermNote) -> None:
    assert parse_term_note(format_term_note(note)) == note


def test_the_term_note_arrow_needs_spaces_only_after_the_source() -> None:
    assert parse_term_note("glossary: a→b → c [d]") == TermNote("a→b", "c", "d")


@given(without(" to"), text, concept_ids)
def test_an_equivalent_changed_note_reads_back(before: str, after: str, concept_id: str) -> None:
    note = EquivalentChangedNote(before, after, concept_id)
    assert parse_equivalent_changed_note(format_equivalent_changed_note(note)) == note


@given(without(" should be"), text, concept_ids)
def test_an_unmatched_term_note_reads_back(source: str, target: str, concept_id: str) -> None:
    note = UnmatchedTermNote(source, target, concept_id)
    assert parse_unmatched_term_note(format_unmatched_term_note(note)) == note


@given(text, text)
def test_a_machine_note_reads_back(label: str, draft: str) -> None:
    note = MachineNote(label, fingerprint(draft))
    assert parse_machine_note(format_machine_note(note)) == note


@given(text)
def test_new_machine_and_carried_over_notes_read_back(value: str) -> None:
    new = NewMachineNote(value)
    carried = CarriedOverNote(value)
    assert parse_new_machine_note(format_new_machine_note(new)) == new
    assert parse_carried_over_note(format_carried_over_note(carried)) == carried


_ENDS_IN_A_GROUP = re.compile(r" (\[[\w-]+\]|\([^()]*\))$")


@given(
    st.sampled_from(["repair", "replace", "suggest", "keep", "expand", "house style"]),
    without(" →"),
    text,
    st.just("") | concept_ids,
    without("(", ")"),
)
def test_a_change_note_reads_back(
    action: str, source: str, replacement: str, term_id: str, reason: str
) -> None:
    if not term_id and (reason or action == "suggest"):
        replacement = replacement.removesuffix("]")  # else it could end in " [an id]"
    elif not term_id:
        while _ENDS_IN_A_GROUP.search(replacement):
            replacement = _ENDS_IN_A_GROUP.sub("", replacement)
    note = ChangeNote(action, source, replacement, term_id, reason)
    assert parse_change_note(format_change_note(note)) == note


@given(
    st.from_regex(r"[a-z-]+", fullmatch=True).filter(lambda k: k != "foreign-paragraph"),
    without(" →", ";", "(", ")"),
    st.just("") | st.from_regex(r"[a-z]{2}(-[a-z]{2})?", fullmatch=True),
    without(";"),
    st.booleans(),
)
def test_a_fragment_note_reads_back(
    kind: str, fragment: str, lang: str, suggestion: str, fixed: bool
) -> None:
    note = FragmentNote(kind, fragment, lang, suggestion, fixed)
    assert parse_fragment_note(format_fragment_note(note)) == note


@given(
    st.integers(0, 100).map(lambda n: n / 100),
    st.just("") | st.from_regex(r"[a-z]{2}(-[a-z]{2})?", fullmatch=True),
    text,
)
def test_a_foreign_paragraph_note_reads_back(confidence: float, lang: str, suggestion: str) -> None:
    note = ForeignParagraphNote(confidence, lang, suggestion)
    assert parse_foreign_paragraph_note(format_foreign_paragraph_note(note)) == note


@given(text.filter(bool), st.from_regex(r"[\w:-]+", fullmatch=True).filter(lambda s: "\n" not in s))
def test_an_attribute_note_reads_back(element: str, attribute: str) -> None:
    note = AttributeNote(element, attribute)
    assert parse_attribute_note(format_attribute_note(note)) == note


# -- telling notes apart -------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    ["Checked with the desk.", "glossaryish", "checked", "(quotation)", "defence]", "Kyiv → Kiev"],
)
def test_a_reviewer_s_comment_is_not_a_transpipe_note(line: str) -> None:
    assert not is_transpipe_note(line)
    assert all(read(line) is None for _, read in FORMAT.values())


def test_the_notes_an_entry_was_translated_with_are_glossary_and_machine_notes() -> None:
    translated_with = (
        TermNote, EquivalentChangedNote, UnmatchedTermNote, MachineNote, NewMachineNote,
        RetriedNote, ScoreNote,
    )  # fmt: skip
    for record, line in PINNED:
        assert is_translation_note(line) == isinstance(record, translated_with), line
    assert is_translation_note(LOW_CONFIDENCE)  # the draft's low score, still a fact after review


def test_notes_an_editor_wrapped_are_read_whole() -> None:
    wrapped = [
        "glossary: MISSING in translation: Air defence → Luftverteidigung [air-",
        "defence]",
        "suggestion: Kiev → Kyiv [p-kyiv]",
        "(quotation)",
        "machine translation: argos m 1.0 [mt 1234abcd]",
    ]
    assert unwrapped(wrapped) == [
        "glossary: MISSING in translation: Air defence → Luftverteidigung [air-defence]",
        "suggestion: Kiev → Kyiv [p-kyiv] (quotation)",
        "machine translation: argos m 1.0 [mt 1234abcd]",
    ]


def test_the_fingerprint_is_the_sha256_of_the_utf8_text() -> None:
    assert fingerprint("Київ") == hashlib.sha256("Київ".encode()).hexdigest()[:8]
    assert len(fingerprint("")) == 8 and fingerprint("a") != fingerprint("b")
