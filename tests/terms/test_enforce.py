"""Approved glossary terms in machine output, on the real test model."""

from __future__ import annotations

import re
import shutil
from collections.abc import Sequence
from pathlib import Path

import polib
import pytest

from tests.conftest import TESTS
from tests.models.build_test_models import expected_translation
from transpipe import translate
from transpipe.commands.machine import translate_texts
from transpipe.core.config import EngineSettings, Settings
from transpipe.engines import Scored
from transpipe.engines.argos import ArgosEngine
from transpipe.terms.enforce import contains_term, pluralise_target
from transpipe.terms.glossary import GlossaryIndex
from transpipe.terms.glossary_io import load_glossaries

MINI = TESTS / "data" / "glossary" / "mini.gloss"
SENTENCES = [
    "The Armed Forces of Ukraine moved HIMARS launchers closer to Kyiv.",
    "NATO’s Chief of Staff praised the air defence crews.",
    "Nothing from the glossary here.",
    "The **Chief of Staff** met [NATO officials](https://example.org/nato) in Kyiv.",
]


@pytest.fixture(scope="module")
def index() -> GlossaryIndex:
    return GlossaryIndex.build(load_glossaries([MINI]))


@pytest.fixture
def engine(packages_dir: Path) -> ArgosEngine:
    return ArgosEngine(EngineSettings(packages_dir=packages_dir))


def test_enforce_steers_missing_terms_with_stand_ins(
    engine: ArgosEngine, index: GlossaryIndex
) -> None:
    out = translate_texts(engine, SENTENCES, "en", "de", index, "enforce")
    first = out[SENTENCES[0]]
    # the model did not produce the terms, so each went in as a stand-in ("doors": feminine
    # plural like "Streitkräfte der Ukraine") or, for a one-word name, a placeholder
    assert first.machine == "THE Streitkräfte der Ukraine MOVED HIMARS LAUNCHERS CLOSER TO Kyjiw."
    assert (
        "glossary: STEERED (stand-in DOORS): Armed Forces of Ukraine → Streitkräfte der Ukraine"
        " [afu]" in first.notes
    )
    assert "glossary: HIMARS → HIMARS [himars]" in first.notes  # do-not-translate
    assert "glossary: Kyiv → Kyjiw [kyiv]" in first.notes
    second = out[SENTENCES[1]].machine
    assert second == "NATO’S Stabschef PRAISED THE Luftverteidigung CREWS."
    assert out[SENTENCES[2]].machine == expected_translation(SENTENCES[2])
    assert glossary_notes(out[SENTENCES[2]].notes) == ()
    markup = out[SENTENCES[3]].machine
    assert markup == "THE **Stabschef** MET [NATO OFFICIALS](https://example.org/nato) IN Kyjiw."
    for result in out.values():
        assert not re.search(r"\{\d+\}", result.machine)


def glossary_notes(notes: Sequence[str]) -> tuple[str, ...]:
    """The glossary's notes among a draft's (the engine's score notes left out)."""
    return tuple(note for note in notes if note.startswith("glossary"))


class CountingEngine(ArgosEngine):
    """The real engine, recording every batch it is given."""

    def __init__(self, settings: EngineSettings) -> None:
        super().__init__(settings)
        self.calls: list[list[str]] = []

    def translate(  # type: ignore[override]
        self, texts: Sequence[str], source: str, target: str, progress: object = None
    ) -> list[str]:
        self.calls.append(list(texts))
        return super().translate(texts, source, target)

    def translate_scored(  # type: ignore[override]
        self, texts: Sequence[str], source: str, target: str, progress: object = None
    ) -> list[Scored]:
        self.calls.append(list(texts))
        return super().translate_scored(texts, source, target)


def test_terms_the_engine_got_right_are_not_steered(packages_dir: Path, tmp_path: Path) -> None:
    gloss = tmp_path / "g.gloss"
    gloss.write_text(
        "id: shout\nterm: air defence\nnote: n\nde: AIR DEFENCE {f}\n", encoding="utf-8"
    )
    counting = CountingEngine(EngineSettings(packages_dir=packages_dir))
    index = GlossaryIndex.build(load_glossaries([gloss]))
    out = translate_texts(counting, ["The air defence held."], "en", "de", index, "enforce")
    # the model's upper-casing is the approved equivalent: one batch, found, untouched
    assert counting.calls == [["The air defence held."]]
    assert out["The air defence held."].machine == "THE AIR DEFENCE HELD."
    assert glossary_notes(out["The air defence held."].notes) == (
        "glossary: air defence → AIR DEFENCE [shout]",
    )


def test_check_mode_translates_freely_and_flags(engine: ArgosEngine, index: GlossaryIndex) -> None:
    out = translate_texts(engine, SENTENCES, "en", "de", index, "check")
    first = out[SENTENCES[0]]
    # the model does not know German: free output is its own, and the terms are flagged
    assert first.machine == "THE ARMED FORCES OF UKRAINE MOVED HIMARS LAUNCHERS CLOSER TO KYIV."
    assert (
        "glossary: MISSING in translation: Armed Forces of Ukraine → Streitkräfte der Ukraine [afu]"
        in first.notes
    )
    # do-not-translate terms stay protected in check mode too
    assert "glossary: HIMARS → HIMARS [himars]" in first.notes


class DroppingEngine:
    """Wraps the real engine and drops the last placeholder of every segment that has two."""

    name = "dropping"

    def __init__(self, inner: ArgosEngine) -> None:
        self.inner = inner
        self.calls: list[list[str]] = []

    def pairs(self) -> list:  # type: ignore[type-arg]
        return self.inner.pairs()

    def require(self, source: str, target: str):  # type: ignore[no-untyped-def]
        return self.inner.require(source, target)

    def translate(
        self, texts: Sequence[str], source: str, target: str, progress: object = None
    ) -> list[str]:
        self.calls.append(list(texts))
        out = self.inner.translate(texts, source, target)
        broken = []
        for text in out:
            numbers = re.findall(r"\{\d+\}", text)
            broken.append(text.replace(numbers[-1], "") if len(numbers) >= 2 else text)
        return broken


def test_broken_placeholder_falls_back_and_flags(engine: ArgosEngine, index: GlossaryIndex) -> None:
    dropping = DroppingEngine(engine)
    two = "HIMARS crews trained with the Bundeswehr near Kyiv."
    out = translate_texts(dropping, [two, SENTENCES[2]], "en", "de", index, "enforce")
    # the engine lost a do-not-translate placeholder: translated again without them, flagged
    assert dropping.calls[1] == [two]
    assert out[two].machine == "HIMARS CREWS TRAINED WITH THE BUNDESWEHR NEAR KYIV."
    assert "glossary: HIMARS → HIMARS [himars]" in out[two].notes  # the model kept it anyway
    assert (
        "glossary: NOT ENFORCED (engine lost the term placeholder): Kyiv → Kyjiw [kyiv]"
        in out[two].notes
    )
    assert out[SENTENCES[2]].machine == expected_translation(SENTENCES[2])


def test_a_steered_segment_that_loses_a_placeholder_keeps_the_free_translation(
    engine: ArgosEngine, index: GlossaryIndex
) -> None:
    dropping = DroppingEngine(engine)
    out = translate_texts(dropping, SENTENCES[:1], "en", "de", index, "enforce")
    # first pass: HIMARS only; the steered pass adds Kyiv's placeholder, which is dropped
    assert len(dropping.calls) == 3  # free batch, stand-in words, steered batch
    first = out[SENTENCES[0]]
    assert first.machine == "THE ARMED FORCES OF UKRAINE MOVED HIMARS LAUNCHERS CLOSER TO KYIV."
    assert "glossary: MISSING in translation: Kyiv → Kyjiw [kyiv]" in first.notes
    assert not re.search(r"\{\d+\}", first.machine)


@pytest.mark.parametrize(
    ("source", "language", "expected", "twice"),
    [
        (
            "The Armed Forces of Ukraine (AFU) held the line.",
            "de",
            "THE Streitkräfte der Ukraine HELD THE LINE.",
            "Streitkräfte der Ukraine",
        ),
        (
            "The European Union (EU) agreed.",
            "de",
            "THE Europäische Union (EU) AGREED.",
            "Europäische Union",
        ),
        ("The European Union (EU) agreed.", "uk", "THE EUROPEAN UNION (ЄС) AGREED.", "Європейськ"),
        (
            "The Armed Forces of Ukraine (AFU) held the line.",
            "uk",
            "THE ARMED FORCES OF UKRAINE (ЗСУ) HELD THE LINE.",
            "Збройні",
        ),
    ],
)
def test_an_abbreviation_after_its_term_is_never_the_full_equivalent_again(
    engine: ArgosEngine, index: GlossaryIndex, source: str, language: str, expected: str, twice: str
) -> None:
    result = translate_texts(engine, [source], "en", language, index, "enforce")[source]
    assert result.machine == expected
    assert result.machine.count(twice) <= 1


def test_possessives_and_abbr_elements_keep_their_shape(
    engine: ArgosEngine, index: GlossaryIndex
) -> None:
    texts = ["The EU’s approach changed.", "The <abbr>AFU</abbr> advanced."]
    out = translate_texts(engine, texts, "en", "de", index, "enforce")
    assert out[texts[0]].machine == "THE EU’S APPROACH CHANGED."  # the engine's own possessive
    assert out[texts[1]].machine == "THE <abbr>AFU</abbr> ADVANCED."  # an abbreviation stays one


@pytest.mark.parametrize(
    ("value", "language", "gender", "plural"),
    [
        ("misil balístico", "es", "m", "misiles balísticos"),
        ("avión de combate", "es", "m", "aviones de combate"),
        ("sistema de defensa antiaérea", "es", "m", "sistemas de defensa antiaérea"),
        ("luz", "es", "f", "luces"),
        ("brigada mecanitzada", "ca", "f", "brigades mecanitzades"),
        ("míssil balístic", "ca", "m", "míssils balístics"),
        ("avió de combat", "ca", "m", "avions de combat"),
        ("système de défense aérienne", "fr", "m", "systèmes de défense aérienne"),
        ("brigata meccanizzata", "it", "f", "brigate meccanizzate"),
        ("missile balistico", "it", "m", "missili balistici"),
        ("UE", "es", "f", "UE"),
    ],
)
def test_equivalents_are_pluralised_up_to_their_first_preposition(
    value: str, language: str, gender: str, plural: str
) -> None:
    assert pluralise_target(value, language, gender) == plural


def test_no_plural_is_guessed_for_languages_without_rules() -> None:
    assert pluralise_target("Luftverteidigung", "de", "f") is None


@pytest.mark.parametrize(
    ("output", "term", "found"),
    [
        ("Die Luftverteidigung hält.", "Luftverteidigung", True),
        ("obrony powietrznej nad miastem", "obrona powietrzna", True),
        ("забезпечити протиповітряну оборону", "протиповітряна оборона", True),
        ("Die Luftwaffe hält.", "Luftverteidigung", False),
        ("the NATO summit", "OTAN", False),
        ("Вооруженные силы Украины заявили", "Вооружённые силы Украины", True),
        ("Об’єднані сили", "Об'єднані сили", True),
        ("cuatro aviones de combate", "avión de combate", True),  # the accent moved
        ("la Unión europea", "Unión Europea", False),  # a capital inside a name counts
        ("LA UNIÓN EUROPEA", "Unión Europea", True),
        ("Unión Europea", "unión europea", True),
    ],
)
def test_contains_term_allows_inflection(output: str, term: str, found: bool) -> None:
    assert contains_term(output, term) is found


def test_po_comments_show_terms_and_normalisations(tmp_path: Path, packages_dir: Path) -> None:
    article = tmp_path / "brief.md"
    article.write_text(
        "# Kiev Briefing\n\nThe ZSU said air defense over Kiev held.\n", encoding="utf-8"
    )
    shutil.copy(MINI, tmp_path / "mini.gloss")
    settings = Settings(
        root=tmp_path,
        glossaries=(tmp_path / "mini.gloss",),
        engine=EngineSettings(packages_dir=packages_dir),
    )
    translate([str(article)], settings, targets=["de"])
    pot = polib.pofile(str(tmp_path / "locales" / "brief.pot"))
    msgids = [e.msgid for e in pot]
    assert msgids == [
        "Kyiv Briefing",
        "The ZSU said air defense over Kyiv held.",
    ]
    body = pot[1]
    assert (
        "suggestion: ZSU → Armed Forces of Ukraine [afu] (ambiguous abbreviation)" in body.comment
    )
    assert (
        "suggestion: air defense → air defence [air-defence] (house-style variant)" in body.comment
    )
    assert "normalised (replace): Kiev → Kyiv [kyiv]" in body.comment
    po = polib.pofile(str(tmp_path / "locales" / "de" / "brief.po"))
    entry = po.find(body.msgid)
    assert entry is not None
    assert entry.msgstr == "THE ZSU SAID Luftverteidigung OVER Kyjiw HELD."
    steered = r"glossary: STEERED \(stand-in [A-Z]+\): air defense → Luftverteidigung \[air-def"
    assert re.search(steered, entry.comment), entry.comment
    assert "normalised (replace): Kiev → Kyiv [kyiv]" in entry.comment
    assert "fuzzy" in entry.flags


@pytest.mark.parametrize(
    ("output", "retry"),
    [
        ("{1} trainierten mit {2}.", False),
        ("{1} trainierten mit {2} und {2}.", True),  # a term placeholder repeated
        ("{1} trainierten.", True),  # one lost
        ("{1} trainierten mit {2} und {9}.", True),  # one invented
    ],
)
def test_a_repeated_lost_or_invented_placeholder_is_noticed(
    index: GlossaryIndex, output: str, retry: bool
) -> None:
    from transpipe.terms.enforce import finish, prepare

    prepared = prepare("HIMARS crews trained with the Bundeswehr.", index, "de")
    assert prepared.text.count("{") == 2, prepared.text
    finished = finish(output, prepared)
    assert finished.retry is retry
    if retry:  # nothing of a broken output is used
        assert (finished.text, finished.terms) == ("", ())


def test_a_term_is_never_found_inside_a_longer_word() -> None:
    assert contains_term("Der Luftabwehrschirm hielt.", "Abwehr") is False
    assert contains_term("Die Abwehr hielt.", "Abwehr") is True


@pytest.mark.parametrize(
    ("language", "gender", "word", "plural"),
    [
        ("es", "f", "luz", "luces"),
        ("es", "m", "avión", "aviones"),
        ("es", "m", "Avión", "Aviones"),
        ("es", "m", "inglés", "ingleses"),
        ("es", "m", "misil", "misiles"),
        ("es", "f", "fuerza", "fuerzas"),
        ("es", "m", "café", "cafés"),
        ("es", "f", "crisis", "crisis"),
        ("es", "m", "tórax", "tórax"),
        ("ca", "f", "barca", "barques"),
        ("ca", "f", "lliga", "lligues"),
        ("ca", "f", "plaça", "places"),
        ("ca", "f", "platja", "platges"),
        ("ca", "f", "llengua", "llengües"),
        ("ca", "f", "bomba", "bombes"),
        ("ca", "m", "avió", "avions"),
        ("ca", "f", "mà", "mans"),
        ("ca", "m", "gas", "gasos"),
        ("ca", "m", "peix", "peixos"),
        ("ca", "m", "tanc", "tancs"),
        ("fr", "m", "prix", "prix"),
        ("fr", "m", "gaz", "gaz"),
        ("fr", "m", "avions", "avions"),
        ("fr", "m", "réseau", "réseaux"),
        ("fr", "m", "tuyau", "tuyaux"),
        ("fr", "m", "feu", "feux"),
        ("fr", "m", "général", "généraux"),
        ("fr", "m", "bal", "bals"),
        ("fr", "m", "char", "chars"),
        ("it", "f", "barca", "barche"),
        ("it", "m", "collega", "colleghi"),
        ("it", "m", "missile", "missili"),
        ("it", "m", "carro", "carri"),
        ("it", "m", "sistema", "sistemi"),
        ("it", "f", "bomba", "bombe"),
        ("it", "m", "esercizio", "esercizi"),
        ("it", "f", "città", "città"),
        ("pt", "m", "avião", "aviões"),
        ("pt", "m", "homem", "homens"),
        ("pt", "f", "força", "forças"),
        ("pt", "m", "radar", "radares"),
        ("pt", "f", "luz", "luzes"),
        ("pt", "m", "país", "países"),
        ("pt", "m", "tanque", "tanques"),
        ("pt", "m", "drone", "drones"),
        ("de", "f", "Abwehr", "Abwehr"),
    ],
)
def test_the_plural_of_each_ending(language: str, gender: str, word: str, plural: str) -> None:
    from transpipe.terms.enforce import _plural_word

    assert _plural_word(word, language, gender) == plural


def test_without_a_glossary_only_markup_is_protected() -> None:
    from transpipe.terms.enforce import prepare

    source = "Talks in <b>Kyiv</b> resumed."
    prepared = prepare(source, None, "de")
    assert prepared.source == source
    assert prepared.inline.text == prepared.text == "Talks in {1}Kyiv{2} resumed."
    assert prepared.tokens == ("<b>", "</b>") and prepared.terms == () and prepared.cuts == ()


@pytest.mark.parametrize(
    ("source", "kept"),
    [
        ("The Armed Forces of Ukraine (AFU) held.", False),  # spelled out: dropped or replaced
        ("The Armed Forces of Ukraine said AFU units held.", True),  # no parentheses
        ("The Armed Forces of Ukraine (and the AFU) held.", True),  # not right after it
        ("The AFU (Armed Forces of Ukraine) held.", True),
    ],
)
def test_an_abbreviation_is_left_out_only_in_parentheses_right_after_its_term(
    index: GlossaryIndex, source: str, kept: bool
) -> None:
    from transpipe.terms.enforce import prepare

    text = prepare(source, index, "de").text
    assert ("AFU" in text) is kept, text


def test_a_retranslation_without_placeholders_is_final(index: GlossaryIndex) -> None:
    from transpipe.terms.enforce import finish_unprotected, prepare

    prepared = prepare("HIMARS crews trained with the Bundeswehr.", index, "de")
    finished = finish_unprotected("HIMARS-Besatzungen übten mit der Bundeswehr.", prepared)
    assert finished.retry is False
    assert finished.text == "HIMARS-Besatzungen übten mit der Bundeswehr."


@pytest.mark.parametrize(
    ("output", "term", "found"),
    [
        ("anything at all", "—", True),  # an equivalent without words is always there
        ("die luftverteidigung hielt", "Luftverteidigung", True),  # a first capital may go
        ("Luftverteidigen", "Luftverteidigung", False),  # at most two final letters may go
        ("в армии служат", "армия", True),  # a five-letter word may lose its last letter
        ("Kiewer Straße", "Kiew", True),  # a short word is a prefix as it is
        ("Kie", "Kiew", False),
    ],
)
def test_the_edges_of_inflection(output: str, term: str, found: bool) -> None:
    assert contains_term(output, term) is found


@pytest.mark.parametrize(
    ("word", "needle", "inflected"),
    [("baumes", "baum", True), ("baumen", "baum", True), ("baumeln", "baum", False)],
)
def test_a_stand_in_may_take_a_case_ending_of_two_letters(
    word: str, needle: str, inflected: bool
) -> None:
    from transpipe.terms.enforce import _inflects

    assert _inflects(word, needle) is inflected


@pytest.mark.parametrize(
    ("text", "word", "starts"),
    [
        ("Casa grande.", "Casa", True),
        ("«¿Casa grande?", "Casa", True),  # opening marks before it
        ("Dijo: Casa grande.", "Casa", True),
        ("Fin. (Casa grande.)", "Casa", True),
        ("La Casa grande.", "Casa", False),
        ("Fin; Casa grande.", "Casa", False),
    ],
)
def test_where_a_sentence_starts(text: str, word: str, starts: bool) -> None:
    from transpipe.terms.enforce import _starts_sentence

    found = re.search(word, text)
    assert found is not None
    assert _starts_sentence(text, found) is starts


@pytest.mark.parametrize(
    ("language", "word", "plural"),
    [
        ("ca", "pasqua", "pasqües"),
        ("ca", "índex", "índexos"),
        ("ca", "braç", "braços"),
        ("fr", "oral", "oraux"),
        ("pt", "chip", "chips"),
    ],
)
def test_the_plural_of_rarer_endings(language: str, word: str, plural: str) -> None:
    from transpipe.terms.enforce import _plural_word

    assert _plural_word(word, language, "m") == plural


def test_plurals_of_equivalents_keep_codes_and_know_portuguese() -> None:
    assert pluralise_target("força aérea", "pt", "f") == "forças aéreas"
    assert pluralise_target("misil 9M723", "es", "m") == "misiles 9M723"


@pytest.mark.parametrize(
    ("source", "expected", "stand_in"),
    [
        ("Air defences held the line.", "Defensas aéreas HELD THE LINE.", "HOUSES"),
        ("Air defence held the line.", "Defensa aérea HELD THE LINE.", "HOUSE"),
        ("They saw air defences.", "THEY SAW defensas aéreas.", "HOUSES"),
    ],
)
def test_a_steered_term_takes_the_plural_and_a_capital_where_the_sentence_starts(
    tmp_path: Path, source: str, expected: str, stand_in: str
) -> None:
    from tests.conftest import model_file
    from transpipe.terms.gloss_format import parse_glossary
    from transpipe.terms.glossary import Glossary

    engine = ArgosEngine(EngineSettings(packages_dir=tmp_path))
    engine.install_file(model_file("en", "es"))
    concepts = parse_glossary(
        "id: ad\nterm: air defence\npos: noun\nnote: n\nes: defensa aérea {f}\n", "g"
    )
    index = GlossaryIndex.build(Glossary(tuple(concepts)))
    result = translate_texts(engine, [source], "en", "es", index, "enforce")[source]
    assert result.machine == expected
    assert glossary_notes(result.notes)[0].startswith(f"glossary: STEERED (stand-in {stand_in}): ")
