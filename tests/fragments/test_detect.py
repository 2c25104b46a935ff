"""Stray fragment detection: quality on the labelled set, offsets, suggestions, CLI."""

from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tests.conftest import ROOT, model_file
from tests.tools.build_romanised import TARGET, build_bytes
from transpipe import detect, translate
from transpipe.cli import app
from transpipe.core.config import EngineSettings, Settings
from transpipe.engines.argos import ArgosEngine
from transpipe.fragments import detect as detect_module
from transpipe.fragments.detect import KINDS, Detector, apply_repairs, fixable
from transpipe.terms.glossary import GlossaryIndex
from transpipe.terms.glossary_io import load_glossaries

FRAGMENT_SETS = sorted((ROOT / "tests" / "data" / "fragments").glob("*.jsonl"))
MINI = ROOT / "tests" / "data" / "glossary" / "mini.gloss"
runner = CliRunner()


@pytest.fixture(scope="module")
def shipped() -> GlossaryIndex:
    return GlossaryIndex.build(load_glossaries(sorted((ROOT / "glossary").glob("*.gloss"))))


def _score(rows: list[dict], detector: Detector) -> dict[str, tuple[int, int, int]]:
    counts = {k: [0, 0, 0] for k in KINDS}  # true positives, false positives, misses
    for row in rows:
        found = detector.detect(row["text"])
        gold = row["fragments"]
        seen: set[int] = set()
        for f in found:
            assert row["text"][f.start : f.end] == f.text
            hits = [i for i, g in enumerate(gold)
                    if g["kind"] == f.kind and g["start"] < f.end and f.start < g["end"]]  # fmt: skip
            counts[f.kind][0 if hits else 1] += 1
            seen.update(hits)
        for i, g in enumerate(gold):
            if i not in seen:
                counts[g["kind"]][2] += 1
    return {k: (tp, fp, fn) for k, (tp, fp, fn) in counts.items()}


@pytest.mark.parametrize("path", FRAGMENT_SETS, ids=lambda p: p.name)
def test_precision_and_recall_per_kind(shipped: GlossaryIndex, path: Path) -> None:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 70
    assert sum(1 for r in rows if not r["fragments"]) >= len(rows) // 4
    scores = _score(rows, Detector(shipped))
    # whole paragraphs are scored on their own data (test_foreign_paragraphs_...)
    assert scores.pop("foreign-paragraph") == (0, 0, 0)
    for kind, (tp, fp, fn) in scores.items():
        precision, recall = tp / (tp + fp), tp / (tp + fn)
        assert precision >= 0.95 and recall >= 0.95, (kind, precision, recall, scores)


def test_each_kind_and_its_suggestion(shipped: GlossaryIndex) -> None:
    text = (
        "The NАТО’s envoy met Minobороны staff, while Минобороны заявило nothing. "
        "Later die Bundesregierung hat bestätigt the plan, de facto ending the row; "
        "Zaluzhnyi, Rheinmetall and the Élysée stayed quiet, as did F-16 crews."
    )
    found = {(f.kind, f.text): f for f in Detector(shipped).detect(text)}
    assert set(found) == {
        ("homoglyph", "NАТО"),
        ("mixed-script", "Minobороны"),
        ("foreign-script", "Минобороны заявило"),
        ("foreign-language", "die Bundesregierung hat bestätigt"),
    }
    assert found[("homoglyph", "NАТО")].suggestion == "NATO"
    # bare Minoborony names no country: the generic concept, and never a repair (see below)
    assert found[("mixed-script", "Minobороны")].suggestion == "Ministry of Defence"
    assert found[("mixed-script", "Minobороны")].lang == "ru"
    assert found[("foreign-script", "Минобороны заявило")].suggestion == "Minoborony zayavilo"
    assert found[("foreign-language", "die Bundesregierung hat bestätigt")].lang == "de"
    for f in found.values():
        assert text[f.start : f.end] == f.text
        assert 0 < f.confidence <= 1


def test_an_ambiguous_glossary_form_is_suggested_but_never_fixed(shipped: GlossaryIndex) -> None:
    text = "The NATO Minobороны heads met in Brussels, and NАТО staff took notes."
    found = {f.text: f for f in Detector(shipped).detect(text)}
    assert found["Minobороны"].suggestion == "Ministry of Defence"
    assert not fixable(found["Minobороны"], shipped)  # which country's ministry? a human says
    assert fixable(found["NАТО"], shipped)  # look-alike letters have one reading


def test_romanised_russian_and_ukrainian(shipped: GlossaryIndex) -> None:
    text = (
        "The statement said po dannym Minoborony the strike failed. "
        "Officials wrote za danymy Heneralnoho shtabu that drones fell."
    )
    found = [(f.text, f.lang) for f in Detector(shipped).detect(text)]
    assert ("po dannym Minoborony", "ru") in found
    assert ("za danymy Heneralnoho shtabu", "uk") in found


def test_offsets_after_bom_crlf_and_combining_marks(tmp_path: Path, shipped: GlossaryIndex) -> None:
    article = tmp_path / "a.txt"
    body = "Title\r\n\r\nThe E\u0301lyse\u0301e said NАТО and ВСУ met.\r\nThen Кyiv replied.\r\n"
    article.write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))
    settings = Settings(root=tmp_path)
    (result,) = detect([str(article)], settings, back_translate=False)
    text = article.read_text(encoding="utf-8-sig")  # how Python reads it: BOM gone, CRLF -> LF
    assert [(f.text, f.kind, f.line) for f in result.fragments] == [
        ("NАТО", "homoglyph", 3),
        ("ВСУ", "foreign-script", 3),
        ("Кyiv", "homoglyph", 4),
    ]
    for f in result.fragments:
        assert text[f.start : f.end] == f.text


def test_code_and_urls_are_not_checked(shipped: GlossaryIndex) -> None:
    text = "See `Минобороны` and https://mil.example/Minobороны/page, then read on."
    assert Detector(shipped).detect(text) == []


def test_back_translation_with_an_installed_model(tmp_path: Path) -> None:
    engine = ArgosEngine(EngineSettings(packages_dir=tmp_path / "pk"))
    engine.install_file(model_file("ru", "en"))
    article = tmp_path / "a.md"
    article.write_text(
        "The agency said po dannym Minoborony the strike failed.\n", encoding="utf-8"
    )
    settings = Settings(root=tmp_path, engine=EngineSettings(packages_dir=tmp_path / "pk"))
    (result,) = detect([str(article)], settings)
    (fragment,) = result.fragments
    # the test model "translates" by upper-casing: the suggestion is its output
    assert (fragment.text, fragment.suggestion) == ("po dannym Minoborony", "PO DANNYM MINOBORONY")


def test_cli_exit_codes_and_json(tmp_path: Path) -> None:
    dirty = tmp_path / "dirty.md"
    dirty.write_text("The NАТО summit opened.\n", encoding="utf-8")
    clean = tmp_path / "clean.md"
    clean.write_text("The NATO summit opened de facto on time.\n", encoding="utf-8")
    found = runner.invoke(app, ["detect", str(dirty), "--format", "json", "--no-back-translate"])
    assert found.exit_code == 1
    data = json.loads(found.stdout)
    assert data["file"].endswith("dirty.md")
    (fragment,) = data["fragments"]
    assert set(fragment) == {"start", "end", "line", "text", "kind", "lang", "confidence",
                             "suggestion"}  # fmt: skip
    assert (fragment["text"], fragment["kind"], fragment["suggestion"]) == ("NАТО", "homoglyph",
                                                                            "NATO")  # fmt: skip
    none = runner.invoke(app, ["detect", str(clean), "--no-back-translate"])
    assert none.exit_code == 0, none.output
    assert "no stray fragments" in none.stdout


def test_translate_notes_fragments_and_fix_repairs(tmp_path: Path, packages_dir: Path) -> None:
    article = tmp_path / "brief.md"
    article.write_text("The Minobороны statement reached Кyiv late.\n", encoding="utf-8")
    shutil.copy(MINI, tmp_path / "mini.gloss")
    settings = Settings(
        root=tmp_path,
        glossaries=(tmp_path / "mini.gloss",),
        engine=EngineSettings(packages_dir=packages_dir),
    )
    result = translate([str(article)], settings, targets=["de"])
    assert [f.text for _, fs in result.fragments for f in fs] == ["Minobороны", "Кyiv"]
    (entry,) = list(polib.pofile(str(tmp_path / "locales" / "brief.pot")))
    assert "fragment: mixed-script Minobороны (ru) → Russian Ministry of Defence" in entry.comment
    assert "fragment: homoglyph Кyiv → Kyiv" in entry.comment
    # normalisation already maps both through the glossary's folding
    assert entry.msgid == "The Russian Ministry of Defence statement reached Kyiv late."
    fixed = translate([str(article)], settings, targets=["de"], fix=True)
    assert len(fixed.fragments[0][1]) == 2
    (entry,) = list(polib.pofile(str(tmp_path / "locales" / "brief.pot")))
    assert "fragment: homoglyph Кyiv → Kyiv; fixed" in entry.comment
    assert article.read_text(encoding="utf-8").startswith("The Minobороны")  # source untouched


def test_both_labelled_sets_are_present() -> None:
    assert [p.name for p in FRAGMENT_SETS] == ["heldout.jsonl", "labelled.jsonl"]


def test_romanised_lexicon_is_current() -> None:
    assert TARGET.read_bytes() == build_bytes(), "run tests/tools/build_romanised.py"


# -- long input: detection stays linear in the length of the text --------------------------

HANG_GUARD = 20  # seconds: a hang guard only, not a performance assertion


@given(st.text(alphabet=" \t\"'“(*_[>#-.!?:\na", max_size=20))
def test_sentence_start_as_stripping_the_text_before_it(text: str) -> None:
    for offset in range(len(text) + 1):
        before = text[:offset].rstrip(" \t\"'“‘«(*_[>#-")
        assert detect_module._sentence_start(text, offset) == (not before or before[-1] in ".!?:\n")


@given(st.lists(st.sampled_from(["vis-à-vis", "de facto", "status quo ante", "status", "quo",
                                 "à la", "-", " ", "x", "oblasts", "euromaidan"]), max_size=10))  # fmt: skip
def test_loanwords_are_found_as_one_scan_per_loanword_finds_them(words: list[str]) -> None:
    text = "".join(words)
    expected = [
        found.span()
        for phrase in detect_module.LOANWORDS
        for found in re.finditer(rf"(?<!\w){re.escape(phrase)}(?!\w)", text.lower())
    ]
    assert sorted(detect_module._loanword_spans(text)) == sorted(expected)


def test_repairs_apply_as_one_at_a_time_from_the_right() -> None:
    text = "Minobороны and НАТО met the NАТО envoy."
    fragments = Detector().detect(text)
    expected = text
    for f in sorted(fragments, key=lambda f: f.start, reverse=True):
        expected = expected[: f.start] + (f.suggestion or "") + expected[f.end :]
    assert apply_repairs(text, fragments) == expected != text


def test_a_long_text_gives_each_paragraph_the_fragments_it_gives_alone(
    shipped: GlossaryIndex,
) -> None:
    unit = (
        "The NАТО envoy met Минобороны заявило officials in Kyiv (see `AD-WEST-2`, "
        "ops@mod.gov.example and https://nato.int/a). The German minister said die Lage ist "
        "sehr ernst before leaving, a de facto retreat.\n\n"
    )
    detector = Detector(shipped)
    one = [(f.start, f.end, f.line, f.kind, f.text) for f in detector.detect(unit)]
    assert {kind for _, _, _, kind, _ in one} >= {"homoglyph", "foreign-script"}
    copies = 1_000  # 230,000 characters
    started = time.monotonic()
    found = detector.detect(unit * copies)
    assert time.monotonic() - started < HANG_GUARD
    assert [(f.start, f.end, f.line, f.kind, f.text) for f in found] == [
        (s + k * len(unit), e + k * len(unit), line + 2 * k, kind, text)
        for k in range(copies)
        for s, e, line, kind, text in one
    ]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 10)), max_size=6),
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 10)), max_size=6),
)
def test_subtracting_spans_keeps_exactly_the_positions_outside_the_holes(
    spans: list[tuple[int, int]], holes: list[tuple[int, int]]
) -> None:
    from transpipe.fragments.detect import _subtract

    spans = [(a, a + n) for a, n in spans]
    holes = [(a, a + n) for a, n in holes]
    got = _subtract(spans, holes)
    inside = {p for a, b in spans for p in range(a, b)} - {p for a, b in holes for p in range(a, b)}
    assert {p for a, b in got for p in range(a, b)} == inside
    assert all(a < b for a, b in got)


@pytest.mark.parametrize("name", ["tuning", "heldout"])
def test_foreign_paragraphs_are_found_by_langdetect_without_false_alarms(name: str) -> None:
    """Whole paragraphs in another language (tests/data/paragraphs, see bench_paragraphs.py)."""
    from tests.benchmarks.bench_paragraphs import latin, load, score

    paragraphs = [p for p in load(name) if latin(p)]
    assert len(paragraphs) >= 150 and sum(p.lang != "en" for p in paragraphs) >= 60
    result, errors = score(paragraphs, Detector())
    assert result.false_alarms == 0, errors
    assert result.precision >= 0.98 and result.recall >= 0.95, (result.line(), errors)
    assert result.lang_right >= 0.98 * result.right, errors


def test_a_foreign_paragraph_is_one_fragment_with_langdetects_probability(
    shipped: GlossaryIndex,
) -> None:
    text = (
        "The ministry confirmed the delivery on Tuesday.\n\n"
        "Die Bundesregierung hat am Mittwoch beschlossen, weitere Systeme zu liefern, "
        "wie ein Sprecher mitteilte.\n\n"
        "By Olena Kovalchuk and Marek Nowicki in Przemyśl\n"
    )
    second = text.index("Die")
    spans = [(0, 47), (second, text.index("\n", second)), (text.rindex("By"), len(text) - 1)]
    found = Detector(shipped).detect(text, paragraphs=spans)
    assert [(f.kind, f.lang, f.start, f.end) for f in found] == [
        ("foreign-paragraph", "de", spans[1][0], spans[1][1])
    ]  # no phrases inside it listed again; a byline of names is no paragraph in Polish
    assert 0.95 <= found[0].confidence <= 1.0
    in_german = Detector(shipped).detect(text, paragraphs=spans, source="de")
    assert [(f.kind, f.lang, f.start) for f in in_german if f.kind == "foreign-paragraph"] == [
        ("foreign-paragraph", "en", 0)
    ]  # the article's own language is never foreign


def test_a_short_english_sentence_langdetect_calls_dutch_is_no_foreign_paragraph() -> None:
    text = "Ministers met in Brussels on Tuesday to discuss radar deliveries."
    from transpipe.fragments.language import identify_language

    found = identify_language("met in on to discuss radar deliveries")
    lang = found.lang if found else ""
    assert lang != "en"  # langdetect alone is wrong here
    assert Detector().detect(text, paragraphs=[(0, len(text))]) == []  # the lexicon knows better


def test_confidence_comes_from_evidence_not_from_the_kind(shipped: GlossaryIndex) -> None:
    text = (
        "The NАТО envoy, a zеbra and a qxаz. Minobороны staff and xyzqь. "
        "Then заявило and Міноборони, and also кзхщ."
    )
    found = {f.text: (f.kind, f.confidence) for f in Detector(shipped).detect(text)}
    # look-alike letters: a glossary term is certain; otherwise as common as the word repaired
    assert found["NАТО"] == ("homoglyph", 0.99)
    assert found["zеbra"] == ("homoglyph", 0.84)  # "zebra": Zipf 3.4 in English
    assert found["qxаz"] == ("homoglyph", 0.5)
    # mixed scripts: how common the word is in Russian or Ukrainian, read in Latin letters
    assert found["Minobороны"][0] == "mixed-script" and found["Minobороны"][1] >= 0.8
    assert found["xyzqь"] == ("mixed-script", 0.5)
    # Cyrillic runs: a letter only Ukrainian has decides; else how common the words are
    assert found["Міноборони"] == ("foreign-script", 0.99)
    assert found["заявило"] == ("foreign-script", 0.85)  # Zipf 3.5 in Russian
    assert found["кзхщ"] == ("foreign-script", 0.5)


def test_two_word_phrases_are_confirmed_by_langdetects_guesses(shipped: GlossaryIndex) -> None:
    """The confirmer chosen on the tuning pairs (tests/benchmarks/bench_pairs.py)."""
    from tests.benchmarks.bench_pairs import confirmers, load, score

    rows = load("tuning")
    results = {}
    for name, setup in confirmers().items():
        detector = Detector(shipped)
        setup(detector)
        results[name] = score(rows, detector)
    tp, fp, fn = results["langdetect (transpipe)"]
    assert tp / (tp + fp) >= 0.94 and tp / (tp + fn) >= 0.85, results
    assert fp < results["lexicon alone"][1]  # fewer false alarms than the lexicon alone
    assert tp > 3 * results["none"][0]  # and far more found than without two-word phrases


def test_a_phrase_never_runs_across_a_blank_line() -> None:
    text = "# Lage an der Front\n\nDie Bundesregierung hat am Mittwoch beschlossen, zu liefern.\n"
    for fragment in Detector().detect(text):
        assert "\n\n" not in fragment.text, fragment


def test_lexicons_given_to_a_detector_and_to_article_language_change_no_answer() -> None:
    from tests.conftest import EXAMPLE_ARTICLES
    from transpipe.document import read_document
    from transpipe.fragments.detect import article_language
    from transpipe.fragments.lexicon import Lexicons

    shared = Lexicons()
    detector = Detector(lexicons=shared)
    assert detector.lexicons is shared
    assert Detector().lexicons is not shared  # each detector has its own unless given
    for path in EXAMPLE_ARTICLES:
        text = path.read_text(encoding="utf-8")
        document = read_document(text, path.name)
        assert detector.detect(text) == Detector().detect(text), path.name
        assert article_language(document, text, lexicons=shared) == article_language(
            document, text
        ), path.name
