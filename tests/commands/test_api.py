"""The library API, called as a program would: ``import transpipe`` and its functions.

Each command of the CLI is one function of the package (``transpipe.translate``,
``transpipe.build``, ...) returning records; nothing is printed and nothing
exits.  Importing the package loads none of them until one is used.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polib
import pytest

import transpipe
from transpipe.core.config import EngineSettings, Settings, builtin_glossaries
from transpipe.core.errors import ConfigError, InputError

ARTICLE = """\
# Drones Over the Harbour

Officials in Kiev said the harbour was closed on Monday.

The navy will reopen it once the channel is swept.
"""


@pytest.fixture
def project(tmp_path: Path) -> Settings:
    (tmp_path / "harbour.md").write_text(ARTICLE, encoding="utf-8")
    return Settings(
        root=tmp_path,
        targets=("de",),
        engine=EngineSettings(name="pseudo"),
        glossaries=builtin_glossaries(),
    )


def test_importing_the_package_loads_no_command() -> None:
    code = (
        "import sys, transpipe; print(sorted(m for m in sys.modules if m.startswith('transpipe.')))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"


def test_every_public_name_resolves_to_its_command_module() -> None:
    for name in transpipe.__all__:
        if name == "__version__":
            continue
        value = getattr(transpipe, name)
        assert value.__module__.startswith("transpipe.commands."), name
        assert name in dir(transpipe)
    with pytest.raises(AttributeError, match="no attribute 'pipeline'"):
        transpipe.pipeline  # noqa: B018


def test_translate_then_status_build_and_check_through_the_api(
    project: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project.root)
    result = transpipe.translate(["harbour.md"], project)
    assert isinstance(result, transpipe.TranslateResult)
    (article,) = result.articles
    assert article.name == "harbour" and article.sentences == 3 and article.unique == 3
    (catalog,) = article.catalogs
    assert catalog.language == "de" and catalog.written
    assert catalog.path == project.root / "locales" / "de" / "harbour.po"
    assert result.segments_translated == 3
    po = polib.pofile(str(catalog.path))
    assert [e.msgid for e in po] == [
        "Drones Over the Harbour",
        "Officials in Kyiv said the harbour was closed on Monday.",  # normalised by the glossary
        "The navy will reopen it once the channel is swept.",
    ]
    assert all("fuzzy" in e.flags for e in po)

    (row,) = transpipe.status(["harbour.md"], project)
    assert (row.approved, row.fuzzy, row.untranslated, row.share) == (0, 3, 0, 0.0)

    (edition,) = [r for r in transpipe.build(["harbour.md"], project) if r.language == "de"]
    assert not edition.edition.written  # nothing reviewed: under the 0.8 threshold

    findings = transpipe.check(["harbour.md"], project)
    assert {f.code for f in findings} >= {"below-threshold"}
    assert all(f.language == "de" for f in findings)


def test_detect_and_normalise_through_the_api(
    project: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project.root)
    (found,) = transpipe.normalise(["harbour.md"], project)
    assert [(m.text, m.replacement) for m in found.matches if m.changed] == [("Kiev", "Kyiv")]
    assert not found.written
    assert "Kiev" in (project.root / "harbour.md").read_text(encoding="utf-8")
    (detected,) = transpipe.detect(["harbour.md"], project, back_translate=False)
    assert detected.fragments == ()
    assert detected.display == "harbour.md"


def test_library_errors_are_raised_not_printed(
    project: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(project.root)
    with pytest.raises(InputError, match="no such file or folder") as caught:
        transpipe.translate(["missing.md"], project)
    assert caught.value.exit_code == 2
    assert capsys.readouterr() == ("", "")


def test_the_glossary_commands_through_the_api(project: Settings, tmp_path: Path) -> None:
    found = transpipe.glossary_lookup(project, "Kiev")
    assert found is not None
    assert found.matched_as == "deprecated" and found.concept.term == "Kyiv"
    assert transpipe.glossary_lookup(project, "no such term here") is None

    report = transpipe.glossary_check(project, ["de"])
    assert report.concepts > 100
    assert report.errors == sum(1 for f in report.findings if f.severity == "error")

    tbx = transpipe.glossary_export(project, "tbx")
    assert tbx.startswith("<?xml") and "Kyiv" in tbx
    with pytest.raises(ConfigError, match="needs --to"):
        transpipe.glossary_export(project, "deepl")
    deepl = transpipe.glossary_export(project, "deepl", "de")
    (tmp_path / "de.csv").write_text(deepl, encoding="utf-8")
    imported = transpipe.glossary_import(tmp_path / "de.csv", "de")
    assert "Kyiv" in imported
