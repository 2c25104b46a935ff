"""Approved glossary terms in machine output, on the real test model."""

from __future__ import annotations

import re
import shutil
from collections.abc import Sequence
from pathlib import Path

import polib
import pytest

from tests.models.build_test_models import expected_translation
from transpipe.config import EngineSettings, Settings
from transpipe.enforce import contains_term
from transpipe.engines.argos import ArgosEngine
from transpipe.glossary import GlossaryIndex, load_glossaries
from transpipe.pipeline import translate, translate_texts

MINI = Path(__file__).parent / "data" / "glossary" / "mini.gloss"
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


def test_enforce_puts_approved_terms_in_the_output(
    engine: ArgosEngine, index: GlossaryIndex
) -> None:
    out = translate_texts(engine, SENTENCES, "en", "de", index, "enforce")
    first = out[SENTENCES[0]]
    # terms come out as the approved German equivalents; the rest is the model's output
    assert first.text == "THE Streitkräfte der Ukraine MOVED HIMARS LAUNCHERS CLOSER TO Kyjiw."
    assert "glossary: Armed Forces of Ukraine → Streitkräfte der Ukraine [afu]" in first.notes
    assert "glossary: HIMARS → HIMARS [himars]" in first.notes  # do-not-translate
    second = out[SENTENCES[1]].text
    assert second == "NATO’S Stabschef PRAISED THE Luftverteidigung CREWS."
    assert out[SENTENCES[2]].text == expected_translation(SENTENCES[2])
    assert out[SENTENCES[2]].notes == ()
    markup = out[SENTENCES[3]].text
    assert markup == "THE **Stabschef** MET [NATO OFFICIALS](https://example.org/nato) IN Kyjiw."
    for result in out.values():
        assert not re.search(r"\{\d+\}", result.text)


def test_check_mode_translates_freely_and_flags(engine: ArgosEngine, index: GlossaryIndex) -> None:
    out = translate_texts(engine, SENTENCES, "en", "de", index, "check")
    first = out[SENTENCES[0]]
    # the model does not know German: free output is its own, and the terms are flagged
    assert first.text == "THE ARMED FORCES OF UKRAINE MOVED HIMARS LAUNCHERS CLOSER TO KYIV."
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
    out = translate_texts(dropping, SENTENCES[:3], "en", "de", index, "enforce")
    assert len(dropping.calls) == 2  # one batch, then one batch of the failed segments
    assert dropping.calls[1] == [
        "The Armed Forces of Ukraine moved HIMARS launchers closer to Kyiv.",
        "NATO’s Chief of Staff praised the air defence crews.",
    ]
    first = out[SENTENCES[0]]
    assert first.text == "THE ARMED FORCES OF UKRAINE MOVED HIMARS LAUNCHERS CLOSER TO KYIV."
    assert any(n.startswith("glossary: NOT ENFORCED") and "[afu]" in n for n in first.notes)
    assert out[SENTENCES[2]].text == expected_translation(SENTENCES[2])
    for result in out.values():
        assert not re.search(r"\{\d+\}", result.text)


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
        "The Armed Forces of Ukraine said air defense over Kyiv held.",
    ]
    body = pot[1]
    assert "normalised (replace): ZSU → Armed Forces of Ukraine [afu]" in body.comment
    assert (
        "suggestion: air defense → air defence [air-defence] (house-style variant)" in body.comment
    )
    assert "normalised (replace): Kiev → Kyiv [kyiv]" in body.comment
    po = polib.pofile(str(tmp_path / "locales" / "de" / "brief.po"))
    entry = po.find(body.msgid)
    assert entry is not None
    assert entry.msgstr == "THE Streitkräfte der Ukraine SAID Luftverteidigung OVER Kyjiw HELD."
    assert "glossary: air defense → Luftverteidigung [air-defence]" in entry.comment
    assert "normalised (replace): Kiev → Kyiv [kyiv]" in entry.comment
    assert "fuzzy" in entry.flags
