"""The defence glossary ships inside the package and serves where no project names one."""

from __future__ import annotations

import json
from pathlib import Path

import polib
from typer.testing import CliRunner

from tests.conftest import ROOT
from transpipe.cli import app
from transpipe.core.config import (
    BUILTIN_GLOSSARY,
    builtin_glossaries,
    load_settings,
    parse_settings,
)

runner = CliRunner()
ARTICLE = "Officials in Kiev said the NАТО meeting went well.\n"  # a Cyrillic А in NАТО


def test_the_builtin_glossary_is_the_repository_one_in_layering_order() -> None:
    files = builtin_glossaries()
    assert [f.name for f in files] == list(BUILTIN_GLOSSARY)
    for found in files:  # an editable install reads glossary/, a wheel its own copy
        assert found.read_bytes() == (ROOT / "glossary" / found.name).read_bytes()


def test_outside_any_project_normalise_detect_and_translate_use_it(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")  # tests run in tmp_path
    assert not (tmp_path / "transpipe.toml").exists()

    normalised = runner.invoke(app, ["normalise", "a.txt", "--format", "json"])
    assert normalised.exit_code == 0, normalised.output
    matches = json.loads(normalised.stdout)["matches"]
    assert [(m["text"], m["action"], m["replacement"]) for m in matches] == [
        ("Kiev", "replace", "Kyiv"),
        ("NАТО", "repair", "NATO"),
    ]

    detected = runner.invoke(app, ["detect", "a.txt", "--format", "json"])
    assert detected.exit_code == 1, detected.output  # fragments found
    (fragment,) = json.loads(detected.stdout)["fragments"]
    assert (fragment["text"], fragment["suggestion"]) == ("NАТО", "NATO")

    translated = runner.invoke(app, ["translate", "a.txt", "--to", "de", "--engine", "pseudo"])
    assert translated.exit_code == 0, translated.output
    po = polib.pofile(str(tmp_path / "locales" / "de" / "a.po"))
    comments = "\n".join(e.comment for e in po)
    assert "glossary: Kyiv" in comments and "normalised" in comments

    checked = runner.invoke(app, ["glossary", "check"])
    assert checked.exit_code == 0, checked.output


def test_a_project_layers_its_own_glossary_over_it_or_replaces_it(tmp_path: Path) -> None:
    own = tmp_path / "newsroom.gloss"
    own.write_text("id: house-1\nen: Kiev Post\nstatus: approved\n", encoding="utf-8")
    layered = parse_settings('[project]\nglossaries = ["newsroom.gloss"]\n', tmp_path / "t.toml")
    assert layered.glossaries == (*builtin_glossaries(), own)
    alone = parse_settings(
        '[project]\nglossaries = ["newsroom.gloss"]\nbuiltin_glossary = false\n',
        tmp_path / "t.toml",
    )
    assert alone.glossaries == (own,)
    assert parse_settings("[project]\n", tmp_path / "t.toml").glossaries == builtin_glossaries()
    assert load_settings(tmp_path).glossaries == builtin_glossaries()


def test_builtin_glossary_must_be_a_boolean(tmp_path: Path) -> None:
    (tmp_path / "transpipe.toml").write_text('[project]\nbuiltin_glossary = "no"\n')
    (tmp_path / "x.txt").write_text("Kiev.\n", encoding="utf-8")
    result = runner.invoke(app, ["normalise", "x.txt"])
    assert result.exit_code == 2
    assert "transpipe.toml:2: builtin_glossary must be true or false" in result.stderr


def test_the_package_names_the_licence_of_its_word_data() -> None:
    from importlib import metadata, resources

    assert "src/transpipe/fragments/data/NOTICE.md" in (
        metadata.metadata("transpipe").get_all("License-File") or []
    )
    notice = (
        resources.files("transpipe.fragments")
        .joinpath("data", "NOTICE.md")
        .read_text(encoding="utf-8")
    )
    assert "Creative Commons Attribution-ShareAlike 4.0" in notice and "wordfreq" in notice
    assert "lexicon.bin" in notice and "romanised.bin" in notice
