"""The pseudo engine: output properties, and translate -> approve -> build -> check through the CLI."""

from __future__ import annotations

import re
import time
from pathlib import Path

import polib
import pytest
from typer.testing import CliRunner

from tests.conftest import ROOT
from transpipe.checks.rules import check_entries
from transpipe.cli import app
from transpipe.core.config import EngineSettings
from transpipe.core.model import CatalogEntry
from transpipe.engines import ANY_LANGUAGE, Engine, create_engine
from transpipe.engines.pseudo import PseudoEngine, pseudo_translate

TRICKY = [
    "The defence ministry said {1}air defence{2} units shot down 12 drones.",
    'Read [the report](https://example.org/a_b?c=1 "Title") or write to press@example.org.',
    "Costs rose 3.5% to 4,800 million euros on 12 March 2025 (see www.example.com/x).",
    "Use <b>bold</b> &amp; <br/> tags, `code spans` and %s or %(name)s or {count}.",
    "Why?",
    "**Emphasis** and _more_ in ![a chart](chart.png) with an <https://example.net> link.",
]


def test_pseudo_is_an_engine_for_any_pair() -> None:
    engine = create_engine(EngineSettings(name="pseudo"))
    assert isinstance(engine, Engine) and isinstance(engine, PseudoEngine)
    assert [(p.source, p.target) for p in engine.pairs()] == [(ANY_LANGUAGE, ANY_LANGUAGE)]
    info = engine.require("en", "sw")
    assert (info.engine, info.source, info.target) == ("pseudo", "en", "sw")
    done: list[int] = []
    out = engine.translate(["One.", "", "Two."], "en", "ja", progress=done.append)
    assert out[1] == "" and out[0].startswith("[Öñé.") and done == [3]


def test_accented_bracketed_and_longer() -> None:
    text = "The defence minister met the press in Brussels on Tuesday afternoon."
    out = pseudo_translate(text)
    assert out == pseudo_translate(text)  # deterministic
    assert out.startswith("[Ŧĥé ðéƒéñçé ɱîñîšŧéŕ") and out.endswith("~]")
    assert re.search(r"[A-Za-z]", out) is None  # every letter accented
    assert 1.3 <= len(out) / len(text) <= 1.4


@pytest.mark.parametrize("text", TRICKY)
def test_what_a_translation_must_keep_is_kept(text: str) -> None:
    out = pseudo_translate(text)
    for kept in re.findall(
        r"\{\w+\}|https?://\S+?(?=[\s)\"]|$)|www\.\S+?(?=\))|\S+@\S+\.org|\d+(?:[.,]\d+)*"
        r"|<[^>]+>|&amp;|`[^`]*`|%\(name\)s|%s|\]\([^)]*\)",
        text,
    ):
        assert kept in out, (kept, out)
    approved = CatalogEntry(msgid=text, msgstr=out)
    assert check_entries([approved], "x.po", "de") == []  # what `transpipe check` verifies


ARTICLE = """\
# Air Defence for the Capital

The defence minister said on Tuesday that 12 new radars will cover the capital by 2026.

Read *the full statement* on [the ministry's site](https://example.org/statement) or write to press@example.org.
"""


def test_translate_approve_build_check_through_the_cli(tmp_path: Path) -> None:
    (tmp_path / "radars.md").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "transpipe.toml").write_text(
        f'[project]\nsource = "en"\ntargets = ["de", "uk"]\n'
        f'glossaries = ["{ROOT}/glossary/defence.gloss"]\n\n[engine]\nname = "pseudo"\n',
        encoding="utf-8",
    )
    runner = CliRunner()
    result = runner.invoke(app, ["translate", "radars.md"])
    assert result.exit_code == 0, result.output

    check = runner.invoke(app, ["check", "radars.md"])
    assert check.exit_code == 1  # nothing reviewed yet
    assert "below" in check.output

    for lang in ("de", "uk"):
        path = tmp_path / "locales" / lang / "radars.po"
        po = polib.pofile(str(path))
        assert po.metadata["X-Transpipe-Engine"] == "pseudo"
        assert all(e.fuzzy and e.msgstr.startswith("[") for e in po)
        for entry in po:  # the reviewer approves every entry, adding the terms flagged missing
            entry.flags.remove("fuzzy")
            for note in entry.comment.splitlines():
                if note.startswith("glossary: MISSING in translation:"):
                    entry.msgstr += " " + note.split(" → ")[1].rsplit(" [", 1)[0]
        po.save(str(path))
    # Ukrainian declines nouns: its terms are flagged for the reviewer, never pasted in
    uk = polib.pofile(str(tmp_path / "locales" / "uk" / "radars.po"))
    assert any("glossary: MISSING in translation:" in e.comment for e in uk)

    de = {e.msgid: e.msgstr for e in polib.pofile(str(tmp_path / "locales" / "de" / "radars.po"))}
    minister = de["The defence minister said on Tuesday that 12 new radars will cover the "
                  "capital by 2026."]  # fmt: skip
    assert minister.startswith("[Ŧĥé Verteidigungsminister šáîð öñ Ŧûéšðáý")  # glossary term
    assert "12" in minister and "2026" in minister

    build = runner.invoke(app, ["build", "radars.md"])
    assert build.exit_code == 0, build.output
    edition = (tmp_path / "editions" / "de" / "radars.md").read_text(encoding="utf-8")
    assert edition.startswith("# [")
    assert "*ŧĥé ƒûĺĺ šŧáŧéɱéñŧ*" in edition
    assert "](https://example.org/statement)" in edition and "press@example.org" in edition
    assert (tmp_path / "editions" / "uk" / "radars.md").is_file()

    # a pseudo catalogue is English in disguise: the checks of a translation's language,
    # days, months and final mark leave it alone, so the rehearsal passes the gate as it is
    check = runner.invoke(app, ["check", "radars.md", "--strict"])
    assert check.exit_code == 0, check.output


@pytest.mark.parametrize("unit", ["_a", "a.", "x@", "`a", "<a "], ids=repr)
def test_pathological_text_is_pseudo_translated_quickly(unit: str) -> None:
    text = unit * 200_000
    started = time.perf_counter()
    out = pseudo_translate(text)
    assert out.startswith("[") and len(out) > len(text)
    assert time.perf_counter() - started < 30  # a hang guard: it takes a fraction of a second
