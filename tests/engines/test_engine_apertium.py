"""The Apertium engine on the installed eng-spa and eng-cat pairs: discovery, batching,
placeholders, the stream format, errors, and a whole article through the CLI."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import polib
import pytest
from typer.testing import CliRunner

from tests.conftest import ROOT
from transpipe.cli import app
from transpipe.commands.machine import translate_texts
from transpipe.core.config import EngineSettings
from transpipe.core.errors import EngineError, ModelMissingError
from transpipe.engines import Engine, create_engine
from transpipe.engines import apertium as apertium_module
from transpipe.engines.apertium import ApertiumEngine, decode, encode, read_modes
from transpipe.terms.glossary import GlossaryIndex
from transpipe.terms.glossary_io import load_glossaries

ARTICLE = """\
# Parliament Approves the Air Defence Budget

Parliament voted on Thursday to approve a larger budget for air defence.

The defence minister told *reporters* that the new radars would protect the capital before the winter.

"We need more trained soldiers," she said, pointing to [the annual report](https://example.org/report-2025) published by NATO.
The opposition said the plan was too expensive.
"""

CONFIG = """\
[project]
source = "en"
targets = ["es"]
glossaries = ["{root}/glossary/defence.gloss", "{root}/glossary/weapons.gloss", "{root}/glossary/places.gloss"]
"""


def engine(**kw: Any) -> ApertiumEngine:
    return ApertiumEngine(EngineSettings(name="apertium", **kw))


class Calls:
    """subprocess.run, counting the apertium processes it starts."""

    def __init__(self) -> None:
        self.apertium: list[list[str]] = []
        self.real = subprocess.run

    def __call__(self, args: Any, *rest: Any, **kw: Any) -> Any:
        if Path(str(args[0])).name == "apertium":
            self.apertium.append([str(a) for a in args])
        return self.real(args, *rest, **kw)


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Calls:
    counter = Calls()
    monkeypatch.setattr(subprocess, "run", counter)
    return counter


@pytest.mark.needs("apertium")
def test_pairs_are_the_installed_modes() -> None:
    e = create_engine(EngineSettings(name="apertium"))
    assert isinstance(e, Engine)
    pairs = {(p.source, p.target): p for p in e.pairs()}
    assert {("en", "es"), ("es", "en"), ("en", "ca"), ("ca", "en")} <= set(pairs)
    assert pairs[("en", "es")].model == "eng-spa"
    listed = subprocess.run(["apertium", "-l"], capture_output=True, text=True, check=True)
    assert {p.model for p in pairs.values()} <= set(listed.stdout.split())
    version = subprocess.run(
        ["dpkg-query", "-W", "-f=${Version}", "apertium-eng-spa"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    info = e.require("en", "es")
    assert (info.engine, info.name, info.version) == ("apertium", "eng-spa", version)


def test_mode_names_map_to_transpipe_codes(tmp_path: Path) -> None:
    modes = tmp_path / "modes"
    modes.mkdir()
    for name in ("eng-spa", "spa-eng_US", "eng-cat_valencia", "por-glg", "eng-spa-tagger"):
        (modes / f"{name}.mode").write_text("cat\n", encoding="utf-8")
    found = {(m.source, m.target, m.name) for m in read_modes(tmp_path)}
    assert found == {
        ("en", "es", "eng-spa"),
        ("es", "en-US", "spa-eng_US"),
        ("pt", "gl", "por-glg"),
    }
    assert read_modes(tmp_path / "nowhere") == []


@pytest.mark.needs("apertium")
def test_a_missing_pair_names_the_package_to_install() -> None:
    with pytest.raises(ModelMissingError) as info:
        engine().require("en", "de")
    message = str(info.value)
    assert "en->de" in message and "apt-get install apertium apertium-eng-deu" in message
    assert "\n" not in message


def test_a_missing_apertium_command_names_the_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    e = engine()
    assert e.pairs() == []
    with pytest.raises(EngineError, match=r"apt-get install apertium apertium-eng-spa"):
        e.require("en", "es")


def test_translating_without_the_apertium_command_names_the_fix(
    monkeypatch: pytest.MonkeyPatch, calls: Calls
) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(EngineError, match=r"apt-get install apertium apertium-eng-spa"):
        engine().translate(["The army moved."], "en", "es")
    assert calls.apertium == []
    assert engine().translate(["", " "], "en", "es") == ["", ""]  # nothing to translate: no check


def test_a_missing_pair_stops_the_cli_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("The army moved.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["translate", "a.md", "--engine", "apertium", "--to", "de"])
    assert result.exit_code == 2
    assert "apt-get install apertium apertium-eng-deu" in result.output
    assert not (tmp_path / "locales").exists()


@pytest.mark.needs("apertium")
def test_one_process_per_batch_and_segments_in_step(calls: Calls) -> None:
    texts = [
        f'Segment {i}: the "army" [moved] 5 * 3 km\nto the #border ~ at 10:{i:02d} \\ @ <b>.'
        for i in range(60)
    ]
    texts[7] = ""
    e = engine()
    out = e.translate(texts, "en", "es")
    assert len(calls.apertium) == 1
    assert calls.apertium[0][-1] == "eng-spa" and "-z" in calls.apertium[0]
    assert out[7] == ""
    for i, (text, result) in enumerate(zip(texts, out)):
        if not text:
            continue
        assert re.search(rf"\b{i}\b", result), result  # each result is its own segment's
        assert "ejército" in result and "\n" in result
        for kept in ('"', "[", "]", "*", "#", "~", "\\", "@", "<b>"):
            assert kept in result, (kept, result)
    e.translate(texts[:3], "en", "ca")
    assert len(calls.apertium) == 2


@pytest.mark.needs("apertium")
def test_placeholders_come_back_once_and_around_their_words() -> None:
    texts = [
        "The defence ministry said that {1}air defence{2} units shot down 12 drones.",
        "“We read Moscow’s {2} threats {3}every week,” {1} said.",
        "Ukraine's {5} and the {6} agreed a new {7} deal.",
        "{1}",
        "{1}{2} See {3}the annual report{4}.",
    ]
    out = engine().translate(texts, "en", "es")
    for text, result in zip(texts, out):
        assert sorted(re.findall(r"\{\d+\}", result)) == sorted(re.findall(r"\{\d+\}", text))
    assert "{1}defensa de aire{2}" in out[0]
    assert "{3}el informe anual{4}" in out[4]
    assert out[3] == "{1}"


@pytest.mark.needs("apertium")
def test_lost_placeholders_are_translated_again_as_superblanks(
    monkeypatch: pytest.MonkeyPatch, calls: Calls
) -> None:
    # written as braces, the genitive rule splits a placeholder; superblanks keep it
    monkeypatch.setattr(apertium_module, "_token", lambda n: f"\\{{{n}\\}}")
    texts = ["The army moved {1} north.", "We read Moscow’s {2} threats {3}every week."]
    out = engine().translate(texts, "en", "es")
    assert len(calls.apertium) == 2
    assert calls.apertium[1][-1] == "eng-spa"
    assert sorted(re.findall(r"\{\d+\}", out[1])) == ["{2}", "{3}"]
    assert "ejército" in out[0] and "{1}" in out[0]


@pytest.mark.needs("apertium")
def test_text_that_already_holds_a_placeholder_word_comes_back_unchanged(calls: Calls) -> None:
    texts = ["The code word zqxbqz was used {1} twice.", "The army moved {1} north."]
    out = engine().translate(texts, "en", "es")
    assert "zqxbqz" in out[0] and "{1}" in out[0]
    assert out[0].count("{1}") == 1
    assert "ejército" in out[1] and "{1}" in out[1]
    assert [c[-1] for c in calls.apertium] == ["eng-spa", "eng-spa"]  # the clash went separately


def test_stream_encoding_round_trips_without_apertium() -> None:
    text = 'A [b] \\ c {1}d{12} *e* #f ~g @h <i>\n"j"'
    stream = encode(text, 4)
    assert stream.endswith("[tp:4]\0")
    decoded, marker = decode(stream[:-1])
    assert (decoded, marker) == (text, "tp:4")
    # marks are Apertium's (literal ones travel escaped or in superblanks)
    assert decode("*unknown @word #gen \\@ [\\]x] [tp:0]") == ("unknown word gen @ ]x ", "tp:0")


def _fake_run(stdout: bytes, stderr: bytes = b"") -> Any:
    def run(args: Any, *rest: Any, **kw: Any) -> Any:
        return subprocess.CompletedProcess(args, 0, stdout, stderr)

    return run


@pytest.mark.needs("apertium")
def test_output_out_of_step_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(subprocess, "run", _fake_run(b"uno[tp:0]\0tres[tp:2]\0"))
    with pytest.raises(EngineError, match=r"out of step \(segment 2 of 3"):
        engine().translate(["one", "two", "three"], "en", "es")


@pytest.mark.needs("apertium")
def test_an_apertium_error_on_stderr_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    # a failing stage of apertium's pipe still exits 0
    monkeypatch.setattr(subprocess, "run", _fake_run(b"\0", b"Error: Malformed input stream.\n"))
    with pytest.raises(EngineError, match="Malformed input stream"):
        engine().translate(["one"], "en", "es")


@pytest.mark.needs("apertium")
def test_a_data_folder_given_as_packages_dir(tmp_path: Path, calls: Calls) -> None:
    (tmp_path / "modes").mkdir()
    shutil.copy("/usr/share/apertium/modes/eng-spa.mode", tmp_path / "modes" / "eng-spa.mode")
    e = engine(packages_dir=tmp_path)
    assert [(p.source, p.target) for p in e.pairs()] == [("en", "es")]
    assert e.translate(["The parliament voted."], "en", "es") == ["El parlamento votó."]
    assert calls.apertium[0][1:3] == ["-d", str(tmp_path)]
    with pytest.raises(ModelMissingError, match=str(tmp_path)):
        e.require("en", "ca")


@pytest.mark.needs("gettext")
@pytest.mark.needs("apertium")
def test_an_article_end_to_end(tmp_path: Path, calls: Calls) -> None:
    (tmp_path / "vote.md").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "transpipe.toml").write_text(CONFIG.format(root=ROOT), encoding="utf-8")
    result = CliRunner().invoke(
        app, ["translate", "vote.md", "--engine", "apertium", "--to", "es,ca", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    # per language, whatever the article's size: one batch, and where a glossary term is
    # missing, one batch of stand-in words and one steered batch
    modes = [c[-1] for c in calls.apertium]
    assert set(modes) == {"eng-cat", "eng-spa"}
    assert modes.count("eng-spa") <= 3 and modes.count("eng-cat") <= 3

    po = polib.pofile(str(tmp_path / "locales" / "es" / "vote.po"))
    assert po.metadata["X-Transpipe-Engine"] == "apertium"
    assert po.metadata["X-Transpipe-Model"].startswith("eng-spa ")
    entries = {e.msgid: e for e in po}
    assert all(e.fuzzy for e in po)

    vote = entries["Parliament voted on Thursday to approve a larger budget for air defence."]
    for word in ("parlamento", "jueves", "presupuesto", "defensa aérea"):  # the last: glossary
        assert word in vote.msgstr, vote.msgstr
    assert "glossary: STEERED (stand-in casa): air defence → defensa aérea [air-defence]" in (
        vote.comment
    )

    minister = next(e for e in po if e.msgid.startswith("The defence minister"))
    assert minister.msgstr.startswith("El ministro de Defensa ")  # glossary equivalent
    assert "*reporteros*" in minister.msgstr  # emphasis kept around its word
    assert "invierno" in minister.msgstr

    quote = next(e for e in po if e.msgid.startswith('"We need'))
    assert "[el informe anual](https://example.org/report-2025)" in quote.msgstr
    assert quote.msgstr.startswith('"Necesitamos')
    assert "OTAN" in quote.msgstr  # glossary: NATO -> OTAN
    assert "La oposición dijo que el plan era demasiado caro." in {e.msgstr for e in po}

    catalan = polib.pofile(str(tmp_path / "locales" / "ca" / "vote.po"))
    assert any("parlament" in e.msgstr and "pressupost" in e.msgstr for e in catalan)
    for path in ("es/vote.po", "ca/vote.po"):
        check = subprocess.run(
            ["msgfmt", "-c", "-o", "/dev/null", str(tmp_path / "locales" / path)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert check.returncode == 0, check.stderr

    # a re-run finds every sentence in the machine memory: no apertium process
    before = len(calls.apertium)
    again = CliRunner().invoke(app, ["translate", "vote.md", "--engine", "apertium", "--to", "es"])
    assert again.exit_code == 0, again.output
    assert len(calls.apertium) == before


@pytest.mark.needs("apertium")
def test_the_analyser_tells_gender_and_number() -> None:
    tags = engine().grammar(
        ["Unión Europea", "misil balístico", "Fuerzas Armadas de Ucrania", "dron", ""], "es"
    )
    assert tags == ["f", "m", "f pl", "", ""]  # "dron" is unknown to Apertium
    assert engine().grammar(["brigada"], "ca") == ["f"]
    assert engine().grammar(["Haus"], "de") == [""]  # no pair, no analyser


@pytest.mark.needs("apertium")
def test_a_missing_term_is_steered_so_the_sentence_agrees(tmp_path: Path) -> None:
    gloss = tmp_path / "g.gloss"
    gloss.write_text(
        "id: loitering-munition\nterm: loitering munition\nnote: n\n"
        "es: munición merodeadora {f}\n\n"
        "id: minefield\nterm: minefield\nnote: n\nes: campo minado\n",
        encoding="utf-8",
    )
    index = GlossaryIndex.build(load_glossaries([gloss]))
    texts = [
        "The new loitering munitions were tested.",  # plural, gender from the glossary
        "The minefield was cleared.",  # gender from Apertium's analyser
    ]
    raw = engine().translate(texts, "en", "es")
    assert "merodeadora" not in raw[0] and "campo minado" not in raw[1]
    out = translate_texts(engine(), texts, "en", "es", index, "enforce")
    # the stand-in was inflected and agreed with; the approved term took its place
    assert out[texts[0]].machine.startswith("Las municiones merodeadoras nuevas")
    assert out[texts[0]].notes[0].startswith("glossary: STEERED (stand-in casas)")
    assert out[texts[1]].machine == "El campo minado estuvo aclarado."
    checked = translate_texts(engine(), texts, "en", "es", index, "check")
    assert checked[texts[0]].machine == raw[0]  # check mode never steers
    assert "MISSING" in checked[texts[0]].notes[0]
