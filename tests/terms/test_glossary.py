"""The .gloss format, layering, validation and every matching rule."""

from __future__ import annotations

import re
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import TESTS
from transpipe.core.findings import ERROR, WARNING, Finding
from transpipe.terms.gloss_format import format_concept, format_glossary, parse_glossary
from transpipe.terms.glossary import (
    EXCLUDED_PATTERN,
    Concept,
    FormRule,
    Glossary,
    GlossaryError,
    GlossaryIndex,
    SpanSet,
    excluded_spans,
    glued_to_designator,
    is_abbreviation,
    parse_rule,
    pluralise,
)
from transpipe.terms.glossary_io import load_glossaries
from transpipe.terms.validate import split_concept, validate_glossary
from transpipe.text.spans import EMAIL, EMAIL_AT_RUN

DATA = TESTS / "data"
MINI = DATA / "glossary" / "mini.gloss"
BAD = sorted((DATA / "bad").glob("glossary-*.gloss"))
EXPECTED_BAD = {
    "glossary-unknown-key.gloss": (3, "unknown key 'colour'"),
    "glossary-missing-id.gloss": (1, "record has no 'id'"),
    "glossary-duplicate-id.gloss": (4, "concept id 'a' already used on line 1"),
    "glossary-bad-flag.gloss": (3, "unknown flag 'loud'"),
    "glossary-no-colon.gloss": (3, "expected 'key: value'"),
    "glossary-empty-value.gloss": (2, "empty value for 'term'"),
    "glossary-bad-pos.gloss": (3, "pos 'gerund'"),
    "glossary-not-utf8.gloss": (3, "not valid UTF-8"),
    "glossary-bad-id.gloss": (1, "id 'Bad Id'"),
    "glossary-bad-rule.gloss": (3, "unknown condition 'shout'"),
    "glossary-rule-unknown-form.gloss": (4, "rule names 'Alef', which is not a form"),
    "glossary-bad-grammar.gloss": (4, "unknown grammar tag 'x'"),
}


@pytest.fixture(scope="module")
def index() -> GlossaryIndex:
    return GlossaryIndex.build(load_glossaries([MINI]))


def found(index: GlossaryIndex, text: str) -> list[tuple[str, str, str]]:
    return [(m.text, m.concept.id, m.kind) for m in index.find(text)]


def test_records_parse_with_all_fields() -> None:
    concepts = {c.id: c for c in parse_glossary(MINI.read_text(encoding="utf-8"), "mini.gloss")}
    afu = concepts["afu"]
    assert afu.term == "Armed Forces of Ukraine"
    assert afu.abbreviations == ("AFU",)
    assert afu.deprecated == ("ZSU", "ВСУ")
    assert afu.case_sensitive and not afu.dnt
    assert afu.equivalents("uk") == ("Збройні сили України", "ЗСУ")
    assert afu.approved("uk") == "Збройні сили України"
    assert afu.approved("pl") is None
    assert afu.line == 22 and afu.path == "mini.gloss"
    himars = concepts["himars"]
    assert himars.dnt and himars.approved("de") == "HIMARS"  # do-not-translate
    assert concepts["bundeswehr"].foreign_ok


def test_format_round_trip() -> None:
    concepts = parse_glossary(MINI.read_text(encoding="utf-8"), "x")
    again = parse_glossary(format_glossary(concepts, header="copy"), "x")
    strip = [(c.id, c.term, c.abbreviations, c.variants, c.deprecated, c.targets) for c in concepts]
    assert strip == [
        (c.id, c.term, c.abbreviations, c.variants, c.deprecated, c.targets) for c in again
    ]


def test_rules_and_grammar_tags_parse_and_round_trip() -> None:
    text = (
        "id: afu\nterm: Armed Forces of Ukraine\nabbr: AFU\ndeprecated: ZSU | VSU | ЗСУ\n"
        "rule: ZSU | VSU = exact-case, context(ukrain troops)\nrule: ЗСУ = suggest\n"
        "note: n\nes: Fuerzas Armadas de Ucrania {f pl}\nuk: Збройні Сили України {pl} | ЗСУ\n"
    )
    (concept,) = parse_glossary(text, "g")
    rule = concept.rule_for("VSU")
    assert rule is not None and rule.exact_case and rule.context == ("ukrain", "troops")
    assert not rule.suggest and concept.rule_for("AFU") is None
    assert concept.rule_for("ЗСУ") is not None and concept.rule_for("ЗСУ").suggest  # type: ignore[union-attr]
    assert concept.equivalents("es") == ("Fuerzas Armadas de Ucrania",)  # tags are not text
    assert concept.grammar_of("es", "Fuerzas Armadas de Ucrania") == "f pl"
    assert concept.grammar_of("uk", "ЗСУ") == ""
    assert concept.target_abbreviation("uk") == "ЗСУ"
    assert concept.target_abbreviation("es") is None
    assert format_glossary([concept]) == text
    assert parse_glossary(format_glossary([concept]), "g") == [concept]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the prisoners of war were freed", [("prisoners of war", "pow", "term")]),
        ("two chiefs of staff met", [("chiefs of staff", "cos", "term")]),
        ("the chief of staff met", [("chief of staff", "cos", "term")]),
        ("ZSU-23-4 guns fired", []),  # a designator, not the abbreviation
        ("units of the 2ZSU fired", []),
        ("the ZSU fired", [("ZSU", "afu", "deprecated")]),
        ("the zsu fired", []),  # exact-case rule
        ("the gur was sweet", []),  # Latin text keeps the capitals of a Cyrillic form
        ("the GUR said", [("GUR", "gur", "deprecated")]),
        ("posts tagged #ZSU spread", []),
    ],
)
def test_plural_heads_designators_and_rules_in_matching(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    concepts = parse_glossary(
        "id: pow\nterm: prisoner of war\nnote: n\n\n"
        "id: cos\nterm: chief of staff\nnote: n\n\n"
        "id: afu\nterm: Armed Forces of Ukraine\ndeprecated: ZSU\nrule: ZSU = exact-case\n"
        "note: n\n\nid: gur\nterm: Main Intelligence Directorate\ndeprecated: ГУР\nnote: n\n",
        "g",
    )
    assert found(GlossaryIndex.build(Glossary(tuple(concepts))), text) == expected


def test_check_warns_about_bare_short_abbreviations_and_forms_approved_elsewhere() -> None:
    concepts = parse_glossary(
        "id: city\nterm: Dnipro\ndeprecated: Dnepr\nnote: n\nde: Dnipro\n\n"
        "id: river\nterm: Dnipro River\nnote: n\nde: Dnipro | Dnepr\n\n"
        "id: cas\nterm: close air support\nabbr: CAS\nnote: n\n\n"
        "id: mod\nterm: Ministry of Defence\nabbr: MOD\nrule: MOD = exact-case\nnote: n\n",
        "g",
    )
    warnings = [
        split_concept(p)
        for p in validate_glossary(Glossary(tuple(concepts)))
        if p.severity == "warning"
    ]
    assert len(warnings) == 2, warnings
    assert warnings[0][0] == "cas" and "bare abbreviation" in warnings[0][1]
    assert warnings[1][0] == "city" and "approved de equivalent of concept river" in warnings[1][1]


def test_every_bad_file_has_an_expectation() -> None:
    assert {p.name for p in BAD} == set(EXPECTED_BAD)


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.name)
def test_load_errors_name_file_and_line(path: Path) -> None:
    line, words = EXPECTED_BAD[path.name]
    with pytest.raises(GlossaryError) as info:
        load_glossaries([path])
    assert info.value.path == str(path)
    assert info.value.line == line
    assert words in str(info.value)
    assert str(info.value).startswith(f"{path}:{line}: ")


def test_later_glossaries_override_earlier_ones(tmp_path: Path) -> None:
    override = tmp_path / "house.gloss"
    override.write_text(
        "id: kyiv\nterm: Kyiv\ndeprecated: Kiev\nnote: Our style.\nde: Kiew\n", encoding="utf-8"
    )
    base = load_glossaries([MINI])
    layered = load_glossaries([MINI, override])
    kyiv = layered.get("kyiv")
    assert kyiv is not None and kyiv.approved("de") == "Kiew"
    assert len(layered) == len(base)
    assert layered.version != base.version


def test_check_finds_clashes_and_missing_languages() -> None:
    concepts = (
        Concept(id="a", term="air defence", variants=("AD",), note="n", targets=(("de", ("x",)),)),
        Concept(id="b", term="air defense", note="n", targets=(("de", ("y",)),)),
        Concept(id="c", term="Cyber", deprecated=("ad",), note="n", targets=(("de", ("z",)),)),
        Concept(id="d", term="drone", variants=("air defence",), targets=()),
    )
    problems = validate_glossary(Glossary(concepts), ["de"])
    messages = {(c, m.split(" (")[0]) for c, m in map(split_concept, problems)}
    assert ("c", "deprecated 'ad' already belongs to concept a as its variant 'AD'") in messages
    assert (
        "d",
        "variant 'air defence' already belongs to concept a as its term 'air defence'",
    ) in (messages)
    assert ("d", "no de equivalent") in messages
    assert ("d", "no note") in messages
    assert not any(split_concept(p)[0] == "b" for p in problems)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # whole words only
        ("Kievan Rus and Kyivans", []),
        ("in Kiev.", [("Kiev", "kyiv", "deprecated")]),
        # longest match first
        (
            "the Russian Ministry of Defence said",
            [("Russian Ministry of Defence", "russian-mod", "term")],
        ),
        ("the defence ministry said", [("defence ministry", "defence-ministry", "term")]),
        # case rules per concept
        ("the AFU and the afu", [("AFU", "afu", "abbr")]),
        ("the CoS met; cos(x) is maths", [("CoS", "chief-of-staff", "abbr")]),
        ("KIEV and kiev", [("KIEV", "kyiv", "deprecated"), ("kiev", "kyiv", "deprecated")]),
        # possessives and plurals
        ("NATO's and NATO’s plans", [("NATO", "nato", "term"), ("NATO", "nato", "term")]),
        ("two defence ministries", [("defence ministries", "defence-ministry", "term")]),
        ("more M142s", [("M142s", "himars", "variant")]),
        ("defense ministries’ staff", [("defense ministries", "defence-ministry", "variant")]),
        # look-alike letters and other scripts
        ("the NАТО summit", [("NАТО", "nato", "term")]),
        (
            "Minobороны and Минобороны",
            [
                ("Minobороны", "russian-mod", "deprecated"),
                ("Минобороны", "russian-mod", "deprecated"),
            ],
        ),
        ("the ВСУ", [("ВСУ", "afu", "deprecated")]),
        # dotted abbreviations
        ("the U.S. and the US", [("U.S.", "us", "term"), ("US", "us", "variant")]),
        ("tell us", []),
        # never inside URLs, e-mail, code spans or link targets
        ("see https://kiev.example.org/nato and www.kiev.ua", []),
        ("write to kiev@example.org", []),
        ("run `Kiev` here", []),
        ("[the capital](https://example.org/Kiev) is Kiev", [("Kiev", "kyiv", "deprecated")]),
    ],
)
def test_matching_rules(
    index: GlossaryIndex, text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert found(index, text) == expected


def test_unicode_normalisation(index: GlossaryIndex) -> None:
    text = unicodedata.normalize("NFD", "ministère") + " and Kiev"
    assert found(index, text) == [("Kiev", "kyiv", "deprecated")]
    decomposed = Concept(id="e", term="Élysée", note="n")
    ix = GlossaryIndex.build(Glossary((decomposed,)))
    assert [m.concept.id for m in ix.find(unicodedata.normalize("NFD", "the Élysée said"))] == ["e"]


def test_match_offsets_slice_the_text(index: GlossaryIndex) -> None:
    text = "On Monday, NАТО’s CoS flew to Kiev with defense ministries’ staff."
    for match in index.find(text):
        assert text[match.start : match.end] == match.text
    exact = {m.text: m.exact for m in index.find(text)}
    assert exact == {"NАТО": False, "CoS": True, "Kiev": True, "defense ministries": True}


@pytest.mark.parametrize(
    ("word", "plural"),
    [
        ("ministry", "ministries"),
        ("system", "systems"),
        ("bus", "buses"),
        ("day", "days"),
        ("APC", "APCs"),
        ("chairman", "chairmen"),
        ("launch", "launches"),
        ("16", "16s"),
    ],
)
def test_pluralise(word: str, plural: str) -> None:
    assert pluralise(word) == plural


def test_shipped_glossary_is_valid_and_complete() -> None:
    files = sorted((DATA.parents[1] / "glossary").glob("*.gloss"))
    assert files, "the project ships glossary/*.gloss"
    glossary = load_glossaries(files)
    assert len(glossary) >= 200
    errors = [p for p in validate_glossary(glossary) if p.severity == "error"]
    assert errors == []
    needed = ("de", "fr", "es", "it", "pl", "uk", "ru", "ca")
    missing = [
        (c.id, code) for c in glossary.concepts for code in needed if not c.equivalents(code)
    ]
    assert missing == []
    for concept_id, term in (("kyiv", "Kyiv"),):
        concept = next(c for c in glossary.concepts if c.term == term)
        assert concept.id.endswith(concept_id)


# -- long input: matching stays linear in the length of the text ---------------------------

HANG_GUARD = 20  # seconds: a hang guard only, not a performance assertion
_UNANCHORED = re.compile(
    EXCLUDED_PATTERN.pattern.replace(EMAIL_AT_RUN.pattern, EMAIL.pattern), EXCLUDED_PATTERN.flags
)


@given(st.text(alphabet="ab.+_@-`<>()/: w", max_size=40))
def test_excluded_spans_are_those_of_the_unanchored_pattern(text: str) -> None:
    assert excluded_spans(text) == [m.span() for m in _UNANCHORED.finditer(text)]


@pytest.mark.parametrize(
    "text",
    [
        "a@b.cc.+x@d.ee and y@z.org",
        "mail ops@mod.gov.ua or see www.x.org, `code`, [a](https://x.org/y)",
        "a@b.c+www.x.org",
    ],
)
def test_excluded_spans_next_to_each_other(text: str) -> None:
    assert excluded_spans(text) == [m.span() for m in _UNANCHORED.finditer(text)]


@given(
    st.lists(st.tuples(st.integers(0, 30), st.integers(0, 8)), max_size=8),
    st.integers(0, 35),
    st.integers(0, 8),
)
def test_span_set_answers_as_the_spans_do(
    given_spans: list[tuple[int, int]], start: int, width: int
) -> None:
    spans = [(s, s + w) for s, w in given_spans]
    found = SpanSet.of(spans)
    end = start + width
    assert found.overlaps(start, end) == any(s < end and start < e for s, e in spans)
    assert found.contains(start, end) == any(s <= start and end <= e for s, e in spans)
    assert bool(found) == bool(spans)


def test_a_long_line_with_many_exclusions_matches_as_short_ones_do(index: GlossaryIndex) -> None:
    unit = "The NATO summit (see `code` and a@b.org, https://x.org/a) met NATO. "
    text = unit * 3_000  # 200,000 characters, 12,000 excluded spans
    started = time.monotonic()
    matches = index.find(text)
    assert time.monotonic() - started < HANG_GUARD
    one = [(m.start, m.end, m.concept.id) for m in index.find(unit)]
    assert [(m.start, m.end, m.concept.id) for m in matches] == [
        (s + k * len(unit), e + k * len(unit), c) for k in range(3_000) for s, e, c in one
    ]


def test_a_long_word_of_address_characters_finishes(index: GlossaryIndex) -> None:
    text = "NATO " + "a.b-c_d+" * 25_000 + " NATO"
    started = time.monotonic()
    assert [m.text for m in index.find(text)] == ["NATO", "NATO"]
    assert excluded_spans(text) == []
    assert time.monotonic() - started < HANG_GUARD


def test_a_form_in_another_script_keeps_its_own_rule() -> None:
    (concept,) = parse_glossary(
        "id: afu\nterm: Armed Forces of Ukraine\ndeprecated: ZSU | ЗСУ\nflags: case-sensitive\n"
        "rule: ZSU = context(troops)\nnote: n\n",
        "g",
    )
    index = GlossaryIndex.build(Glossary((concept,)))
    (cyrillic,) = index.find("the ЗСУ said")
    (latin,) = index.find("the ZSU said")
    assert (cyrillic.form, latin.form) == ("ЗСУ", "ZSU")
    assert concept.rule_for(cyrillic.form) is None  # Cyrillic ЗСУ in English copy is unambiguous


# -- rules, records and validation: exact outputs ----------------------------------------


def test_parse_rule_reads_forms_and_conditions() -> None:
    assert parse_rule("ZSU | VSU = exact-case, context(Ukraine troops)") == FormRule(
        ("ZSU", "VSU"), exact_case=True, context=("ukraine", "troops")
    )
    assert parse_rule("Минобороны = suggest") == FormRule(("Минобороны",), suggest=True)
    assert parse_rule("Dnieper = unless(Belarus minsk)") == FormRule(
        ("Dnieper",), unless=("belarus", "minsk")
    )
    # a form may itself contain " = ": the last one starts the conditions
    assert parse_rule("a = b = suggest") == FormRule(("a = b",), suggest=True)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("ZSU exact-case", "expected 'FORM | FORM = condition, ...'"),
        (" = suggest", "expected 'FORM | FORM = condition, ...'"),
        (
            "ZSU = exact-case, shout, suggest",
            (
                "unknown condition 'shout'; known: exact-case, suggest, "
                "context(WORD WORD ...), unless(WORD WORD ...)"
            ),
        ),
        ("ZSU = context()", "context() needs at least one word"),
        ("ZSU = unless( )", "unless() needs at least one word"),
        ("ZSU = ", "a rule needs at least one condition"),
    ],
)
def test_parse_rule_errors_say_what_is_wrong(value: str, message: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_rule(value)
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id: a\nterm: A\nterm: B\n", "g:3: 'term' given twice in one record"),
        (
            "id: a\nterm: A\npos: gerund\n",
            "g:3: pos 'gerund' is not one of noun, proper-noun, verb, adjective, adverb, phrase",
        ),
        (
            "id: a\nterm: A\nflags: loud\n",
            "g:3: unknown flag 'loud'; known: dnt, case-sensitive, foreign-ok",
        ),
        ("id: a\nterm: A\nde: B {x}\n", "g:3: unknown grammar tag 'x'; known: m, f, n, pl, sg"),
        (
            "id: a\nterm: A\nnote: bell\x07\n",
            "g:3: control character U+0007: a glossary is plain UTF-8 text; remove it",
        ),
        (
            "id: a\nterm: A\x0c\n",
            "g:2: control character U+000C: a glossary is plain UTF-8 text; remove it",
        ),
        ("id: a\nsea mile: 5\n", "g:2: expected 'key: value', got 'sea mile: 5'"),
        ("id: a\nNATO\n", "g:2: expected 'key: value', got 'NATO'"),
        (
            "id: a\n" + "a line of prose that has no key at all and goes on\n",
            "g:2: expected 'key: value', got 'a line of prose that has no key at all a'",
        ),
    ],
)
def test_record_errors_name_the_line_and_the_problem(text: str, message: str) -> None:
    with pytest.raises(GlossaryError) as info:
        parse_glossary(text, "g")
    assert str(info.value) == message


def test_windows_line_endings_are_read_as_plain_lines() -> None:
    text = "id: spacex\r\nterm: SpaceX\r\nnote: The company.\r\n\r\nid: x\r\nterm: X\r\n"
    concepts = parse_glossary(text, "g")
    assert [(c.id, c.term, c.note, c.line) for c in concepts] == [
        ("spacex", "SpaceX", "The company.", 1),
        ("x", "X", "", 5),
    ]


def test_a_record_without_note_or_flags_has_empty_defaults() -> None:
    (concept,) = parse_glossary("id: a\nterm: A\n", "g")
    assert concept.note == ""
    assert (concept.dnt, concept.case_sensitive, concept.foreign_ok) == (False, False, False)
    assert format_glossary([concept]) == "id: a\nterm: A\n"


def test_format_writes_flags_and_header_lines() -> None:
    text = (
        "id: himars\nterm: HIMARS\nflags: dnt, case-sensitive\nnote: n\n\n"
        "id: bundeswehr\nterm: Bundeswehr\nflags: foreign-ok\nnote: n\n"
    )
    himars, bundeswehr = parse_glossary(text, "g")
    assert (
        format_concept(himars) == "id: himars\nterm: HIMARS\nflags: dnt, case-sensitive\nnote: n\n"
    )
    assert (
        format_concept(bundeswehr)
        == "id: bundeswehr\nterm: Bundeswehr\nflags: foreign-ok\nnote: n\n"
    )
    assert format_glossary([himars, bundeswehr], header="Shipped glossary\nDo not edit") == (
        "# Shipped glossary\n# Do not edit\n\n" + text
    )
    assert parse_glossary(format_glossary([himars, bundeswehr]), "g") == [himars, bundeswehr]


def test_csv_glossaries_load_beside_gloss_files(tmp_path: Path) -> None:
    lower = tmp_path / "house.csv"
    lower.write_text("id,term,note,de\nkyiv,Kyiv,Capital of Ukraine.,Kyjiw\n", encoding="utf-8")
    upper = tmp_path / "EXPORT.CSV"
    upper.write_text("id,term,note,de\nnato,NATO,The alliance.,NATO\n", encoding="utf-8")
    glossary = load_glossaries([MINI, lower, upper])
    kyiv, nato = glossary.get("kyiv"), glossary.get("nato")
    assert kyiv is not None and kyiv.equivalents("de") == ("Kyjiw",)
    assert nato is not None and nato.path == str(upper)
    assert glossary.sources == (str(MINI), str(lower), str(upper))
    assert re.fullmatch(r"[0-9a-f]{16}", glossary.version)


def test_unreadable_glossaries_say_to_save_or_give_a_glossary(tmp_path: Path) -> None:
    latin1 = tmp_path / "latin1.gloss"
    latin1.write_bytes(b"id: kyiv\nterm: Kyiv\nnote: caf\xe9\n")
    with pytest.raises(GlossaryError) as info:
        load_glossaries([latin1])
    assert str(info.value) == f"{latin1}:3: not valid UTF-8; save the glossary as UTF-8"
    with pytest.raises(GlossaryError) as info:
        load_glossaries([tmp_path])
    assert str(info.value) == f"{tmp_path}: this is a folder; give the glossary as a file"


def test_check_reports_every_problem_with_its_place_and_severity() -> None:
    concepts = (
        # an imported record with a blank term; its other forms are still checked
        Concept(id="old-ad", term=" ", variants=("air defence", "GBAD"), path="a.gloss", line=1),
        Concept(
            id="air-defence",
            term="air defence",
            abbreviations=("GBAD",),
            note="n",
            targets=(("de", ("Luftverteidigung",)),),
            path="b.gloss",
            line=7,
        ),
    )
    assert validate_glossary(Glossary(concepts), ["de"]) == [
        Finding("a.gloss", 1, "glossary-no-words", ERROR, "old-ad: term ' ' has no words"),
        Finding("a.gloss", 1, "glossary-no-equivalent", ERROR, "old-ad: no de equivalent"),
        Finding("a.gloss", 1, "glossary-no-note", WARNING, "old-ad: no note"),
        Finding(
            "b.gloss",
            7,
            "glossary-clash",
            ERROR,
            "air-defence: term 'air defence' already belongs to concept old-ad as its variant "
            "'air defence' (a.gloss:1)",
        ),
        Finding(
            "b.gloss",
            7,
            "glossary-clash",
            ERROR,
            "air-defence: abbr 'GBAD' already belongs to concept old-ad as its variant 'GBAD' "
            "(a.gloss:1)",
        ),
    ]


def test_a_validation_finding_names_its_concept_first_and_splits_back() -> None:
    concepts = parse_glossary(
        "id: cas\nterm: close air support\nabbr: CAS\n\nid: cas-2\nterm: CAS\nnote: n\n",
        "g.gloss",
    )
    findings = validate_glossary(Glossary(tuple(concepts)), ["de"])
    advice = (
        "abbr 'CAS' is a bare abbreviation of three letters or fewer: add "
        "'rule: CAS = exact-case' or a context(...) condition"
    )
    assert [(f.code, f.severity, split_concept(f)) for f in findings] == [
        ("glossary-no-equivalent", ERROR, ("cas", "no de equivalent")),
        ("glossary-no-note", WARNING, ("cas", "no note")),
        ("glossary-bare-abbreviation", WARNING, ("cas", advice)),
        (
            "glossary-clash",
            ERROR,
            ("cas-2", "term 'CAS' already belongs to concept cas as its abbr 'CAS' (g.gloss:1)"),
        ),
        ("glossary-no-equivalent", ERROR, ("cas-2", "no de equivalent")),
    ]
    assert all(f.message == ": ".join(split_concept(f)) for f in findings)
    assert str(findings[0]) == "g.gloss:1: error: cas: no de equivalent [glossary-no-equivalent]"


def test_check_clashes_follow_case_sensitivity() -> None:
    concepts = (
        Concept(
            id="act",
            term="Allied Command Transformation",
            abbreviations=("ACT",),
            case_sensitive=True,
            note="n",
        ),
        # differs from ACT in case only, and both are case-sensitive: no clash
        Concept(id="act-law", term="Act", case_sensitive=True, note="n"),
        Concept(id="nato", term="NATO", case_sensitive=True, note="n"),
        # the same case-sensitive form twice: a clash
        Concept(
            id="alliance",
            term="Atlantic alliance",
            abbreviations=("NATO",),
            case_sensitive=True,
            note="n",
        ),
        Concept(id="air-defence", term="air defence", note="n"),
        # a case-insensitive form matches every case, so it clashes with this one
        Concept(
            id="adf",
            term="Air Defence Forces",
            variants=("Air Defence",),
            case_sensitive=True,
            note="n",
        ),
    )
    assert [split_concept(p) for p in validate_glossary(Glossary(concepts))] == [
        ("alliance", "abbr 'NATO' already belongs to concept nato as its term 'NATO' (:0)"),
        (
            "adf",
            (
                "variant 'Air Defence' already belongs to concept air-defence as its term "
                "'air defence' (:0)"
            ),
        ),
    ]


def test_check_warns_only_about_unguarded_short_abbreviations() -> None:
    concepts = parse_glossary(
        "id: un\nterm: UN\nabbr: U.N.\nnote: n\n\n"  # the term itself is never warned about
        "id: rnd\nterm: research and development\nabbr: R&D\nnote: n\n\n"
        "id: mlrs\nterm: multiple launch rocket system\nabbr: MLRS\nnote: n\n\n"  # four letters
        "id: sam\nterm: surface-to-air missile\nabbr: SAM\nrule: SAM = suggest\nnote: n\n\n"
        "id: cas\nterm: close air support\nabbr: CAS\nrule: CAS = context(aircraft)\nnote: n\n\n"
        "id: vsu\nterm: Armed Forces of Ukraine\nabbr: VSU | ЗСУ\n"
        "rule: VSU = unless(belarus)\nnote: n\n",
        "g",
    )

    def advice(kind: str, form: str) -> str:
        return (
            f"{kind} {form!r} is a bare abbreviation of three letters or fewer: add "
            f"'rule: {form} = exact-case' or a context(...) condition"
        )

    assert validate_glossary(Glossary(tuple(concepts))) == [
        Finding("g", 1, "glossary-bare-abbreviation", WARNING, "un: " + advice("abbr", "U.N.")),
        Finding("g", 6, "glossary-bare-abbreviation", WARNING, "rnd: " + advice("abbr", "R&D")),
        Finding("g", 28, "glossary-bare-abbreviation", WARNING, "vsu: " + advice("abbr", "VSU")),
    ]


def test_check_warns_about_forms_approved_elsewhere_but_not_terms() -> None:
    concepts = parse_glossary(
        "id: river\nterm: Dnipro River\nnote: n\nde: Dnipro | Dnepr\n\n"
        # the city's canonical name is the river's German name: a term is never warned about
        "id: city\nterm: Dnipro\ndeprecated: Dnepr\nnote: n\nde: Dnipro\n",
        "g",
    )
    assert validate_glossary(Glossary(tuple(concepts))) == [
        Finding(
            "g",
            6,
            "glossary-approved-elsewhere",
            WARNING,
            "city: deprecated 'Dnepr' is the approved de equivalent of concept river: a "
            "translation using it would be misread",
        )
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("EU", True),
        ("ЗСУ", True),
        ("EUMC", True),
        ("MoD", True),
        ("HQs", True),
        ("", False),
        ("I", False),  # one capital
        ("Dr", False),
        ("Kyiv", False),
        ("McCoy", False),  # capitals must be more than half the letters
        ("MiGs", False),
        ("EU NATO", False),  # one word only
    ],
)
def test_is_abbreviation(text: str, expected: bool) -> None:
    assert is_abbreviation(text) is expected


@pytest.mark.parametrize(
    ("word", "plural"),
    [
        ("", ""),
        ("U.S.", "U.S."),  # no plural after punctuation
        ("LZ", "LZs"),  # all-caps abbreviations take a plain -s
        ("fix", "fixes"),
        ("blitz", "blitzes"),
        ("crash", "crashes"),
        ("Y", "Ys"),
    ],
)
def test_pluralise_more_endings(word: str, plural: str) -> None:
    assert pluralise(word) == plural


@pytest.mark.parametrize(
    ("spans", "start", "end"),
    [
        ([(0, 10), (2, 3)], 5, 6),  # a long span goes on past a short one inside it
        ([(0, 10), (2, 3)], 5, 11),
        ([(0, 3), (3, 3), (3, 5)], 3, 3),  # an empty span where two others touch
        ([(0, 3), (3, 3), (3, 5)], 2, 4),
        ([(12, 20), (20, 21)], 20, 20),  # touching spans: an empty query at the seam is in none
        ([(12, 20), (20, 21)], 19, 21),
    ],
)
def test_span_set_edge_cases_answer_as_the_spans_do(
    spans: list[tuple[int, int]], start: int, end: int
) -> None:
    found = SpanSet.of(spans)
    assert found.overlaps(start, end) == any(s < end and start < e for s, e in spans)
    assert found.contains(start, end) == any(s <= start and end <= e for s, e in spans)


# -- matching: index order, plurals, designators, shapes and exclusions ------------------

_MATCHING = (
    "id: arms\nterm: arms\nnote: weapons\n\n"
    "id: arm\nterm: arm\nnote: a branch of service\n\n"
    "id: kyiv\nterm: Kyiv\ndeprecated: Kiev\nnote: n\n\n"
    "id: kyiv-copy\nterm: Kyiv city\ndeprecated: Kiev\nnote: a clash, for the test\n\n"
    "id: armed-forces\nterm: Armed Forces\nnote: n\n\n"
    "id: afu\nterm: Armed Forces of Ukraine\ndeprecated: ZSU\nrule: ZSU = exact-case\nnote: n\n\n"
    "id: ocf\nterm: on-call force\nnote: n\n\n"
    "id: leopard-2\nterm: Leopard 2\nnote: n\n\n"
    "id: mod\nterm: Russian Ministry of Defence\ndeprecated: Минобороны\nnote: n\n\n"
    "id: uav\nterm: unmanned aerial vehicle\ndeprecated: БПЛА\nnote: n\n"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an exact form beats another concept's generated plural
        ("an arms embargo", [("arms", "arms", "term")]),
        ("one arm of service", [("arm", "arm", "term")]),
        # two concepts claiming one form: the earlier keeps it
        ("in Kiev", [("Kiev", "kyiv", "deprecated")]),
        # longest match first
        ("the Armed Forces of Ukraine", [("Armed Forces of Ukraine", "afu", "term")]),
        ("the Armed Forces", [("Armed Forces", "armed-forces", "term")]),
        # plurals: a leading preposition is not a head; a number takes -s
        ("two on-call forces", [("on-call forces", "ocf", "term")]),
        ("three Leopard 2s", [("Leopard 2s", "leopard-2", "term")]),
        # glued to a designator before the form
        ("2-ZSU fired", []),
        ("the 23-ZSU fired", []),
        ("type 2-\nZSU fired", [("ZSU", "afu", "deprecated")]),
        # Latin text found through a Cyrillic form keeps its capitals
        ("Minoborony said", [("Minoborony", "mod", "deprecated")]),
        ("minoborony said", []),
        ("two BPLAs were downed", [("BPLAs", "uav", "deprecated")]),
        ("a bpla", []),
    ],
)
def test_matching_order_plurals_designators_and_shapes(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    glossary = Glossary(tuple(parse_glossary(_MATCHING, "g")))
    assert found(GlossaryIndex.build(glossary), text) == expected


def test_a_form_with_no_words_does_not_hide_the_concepts_other_forms() -> None:
    concept = Concept(id="kyiv", term="Kyiv", variants=("",), deprecated=("Kiev",), note="n")
    index = GlossaryIndex.build(Glossary((concept,)))
    assert found(index, "in Kiev") == [("Kiev", "kyiv", "deprecated")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the defence `x` ministry said", []),
        ("see `x`: the defence ministry said", [("defence ministry", "defence-ministry", "term")]),
        ("the Russian Ministry of `x` Defence said", []),
        (
            "the Russian Ministry of Defence (see `x`)",
            [("Russian Ministry of Defence", "russian-mod", "term")],
        ),
    ],
)
def test_a_match_never_spans_excluded_text(
    index: GlossaryIndex, text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert found(index, text) == expected


def test_a_clash_between_exact_case_and_any_case_forms_is_found_in_either_order() -> None:
    exact = "id: cos\nterm: Chief of Staff\nabbr: CoS\nflags: case-sensitive\nnote: n\n\n"
    loose = "id: lettuce\nterm: cos\nnote: a salad\n\n"
    for text in (exact + loose, loose + exact):
        problems = validate_glossary(Glossary(tuple(parse_glossary(text, "g.gloss"))))
        clashes = [p for p in problems if "already belongs to concept" in p.message]
        assert len(clashes) == 1, (text, problems)
    two_cases = exact + "id: cos-2\nterm: COS\nflags: case-sensitive\nnote: n\n"
    assert not [
        p
        for p in validate_glossary(Glossary(tuple(parse_glossary(two_cases, "g.gloss"))))
        if "already belongs" in p.message
    ]  # CoS and COS, both exact-case, are two forms


@pytest.mark.parametrize(
    ("word", "plural"),
    [("human", "humans"), ("German", "Germans"), ("hetman", "hetmans"), ("Ottoman", "Ottomans"),
     ("serviceman", "servicemen"), ("Rifleman", "Riflemen"), ("S", "Ss")],
)  # fmt: skip
def test_words_in_man_that_are_no_compounds_of_man_take_s(word: str, plural: str) -> None:
    assert pluralise(word) == plural


def test_a_number_at_the_end_of_the_line_before_is_no_designator_glue() -> None:
    text = "The war began in 2022\nZSU units moved."
    at = text.index("ZSU")
    assert not glued_to_designator(text, at, at + 3)
    assert glued_to_designator("2022-ZSU", 5, 8) and glued_to_designator("ZSU-23-4", 0, 3)
