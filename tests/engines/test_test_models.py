"""The committed tiny test models are current, installable and predictable."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from tests.conftest import TESTS
from tests.models.build_test_models import (
    LOOP_PAIRS,
    NUM_POSITIONS,
    PAIRS,
    build_all,
    check_package_dir,
    expected_translation,
    package_name,
)
from transpipe.engines.argos import extract_package

MODELS_DIR = TESTS / "models"

SENTENCES = [
    "Hello, world!",
    "The Ministry of Defence said {1} drones were shot down over {2}.",
    "Минобороны России заявило, что ПВО сбила 42 беспилотника.",
    "Minobороны (mixed scripts) and Київ, Łódź, Straße, café, déjà vu, señor.",
    "\u201cQuoted\u201d and \u2018single\u2019 \u2014 dashes \u2013 ellipsis\u2026 \u00abguillemets\u00bb",
    "Placeholders \u27e61\u27e7, <b>tags</b>, 50% off, $3.99, e-mail: a_b@example.org",
    "Emoji \U0001f600 and CJK \u4e2d\u6587, tab\there, two  spaces, trailing space ",
    "x",
    "",
    " ".join(["The quick brown fox jumps over the lazy dog {1}."] * 12),
    "Ukraine's air force said on Tuesday that Russia launched dozens of drones. " * 3,
]


def _model_path(from_code: str, to_code: str) -> Path:
    return MODELS_DIR / f"{package_name(from_code, to_code)}.argosmodel"


def _entries(path: Path) -> list[tuple[str, tuple[int, ...], int, int, bytes]]:
    with zipfile.ZipFile(path) as zf:
        return [
            (i.filename, i.date_time, i.external_attr, i.compress_type, zf.read(i))
            for i in zf.infolist()
        ]


def test_expected_translation_rule() -> None:
    assert expected_translation("Hello, world! {1}") == "HELLO, WORLD! {1}"
    assert expected_translation("Минобороны é ß ⟦x⟧ \U0001f600") == "Минобороны é ß ⟦X⟧ \U0001f600"
    assert expected_translation("  a\tb  ") == "  A\tB  "
    assert expected_translation("") == ""


def test_rebuild_matches_committed_files(tmp_path: Path) -> None:
    """Two builds are byte-identical, and the committed packages hold what a build makes.

    The committed files are compared entry by entry (names, dates, permissions,
    uncompressed bytes): another zlib may compress the same bytes differently.
    """
    built = build_all(tmp_path / "one")
    again = build_all(tmp_path / "two")
    assert sorted(p.name for p in built) == sorted(
        f"{package_name(src, tgt)}.argosmodel" for src, _, tgt, _ in PAIRS + LOOP_PAIRS
    )
    for path, twin in zip(built, again):
        assert path.read_bytes() == twin.read_bytes(), f"{path.name} is not reproducible"
        committed = MODELS_DIR / path.name
        assert committed.is_file(), f"{committed} missing: run tests/models/build_test_models.py"
        assert _entries(path) == _entries(committed), (
            f"{committed.name} is out of date: run tests/models/build_test_models.py"
        )


@pytest.mark.parametrize(("from_code", "from_name", "to_code", "to_name"), PAIRS + LOOP_PAIRS)
def test_committed_package_layout(
    from_code: str, from_name: str, to_code: str, to_name: str
) -> None:
    path = _model_path(from_code, to_code)
    assert path.stat().st_size < 1_000_000
    root = package_name(from_code, to_code)
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        metadata = json.loads(zf.read(f"{root}/metadata.json"))
        readme = zf.read(f"{root}/README.md").decode()
    assert {n.split("/")[0] for n in names} == {root}
    for required in (
        "metadata.json",
        "README.md",
        "sentencepiece.model",
        "model/model.bin",
        "model/config.json",
        "model/shared_vocabulary.json",
    ):
        assert f"{root}/{required}" in names
    assert not any(n.startswith(f"{root}/stanza") for n in names)
    assert metadata == {
        "package_version": "1.0",
        "argos_version": "1.0",
        "from_code": from_code,
        "from_name": from_name,
        "to_code": to_code,
        "to_name": to_name,
        "type": "translate",
    }
    assert "transpipe" in readme and "test model" in readme


@pytest.mark.needs("argostranslate")  # argostranslate must read the test models as its own
def test_installed_package_translates_predictably(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    packages = tmp_path / "packages"
    packages.mkdir()
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(packages))

    import argostranslate.package
    import argostranslate.settings
    import sentencepiece as spm

    monkeypatch.setattr(argostranslate.settings, "package_data_dir", packages)
    monkeypatch.setattr(argostranslate.settings, "package_dirs", [packages])

    # unpacked as argostranslate's install_from_path does (a plain extract), without it:
    # that function imports argostranslate's sentence splitter, and with it stanza
    extract_package(_model_path("en", "de"), packages)

    installed = argostranslate.package.get_installed_packages()
    assert [(p.from_code, p.to_code) for p in installed] == [("en", "de")]
    package_dir = packages / package_name("en", "de")
    assert installed[0].package_path == package_dir

    sp = spm.SentencePieceProcessor(model_file=str(package_dir / "sentencepiece.model"))
    tokens = [sp.encode(text, out_type=str) for text in SENTENCES]
    assert max(len(t) for t in tokens) >= 500
    assert max(len(t) for t in tokens) < NUM_POSITIONS
    check_package_dir(package_dir, SENTENCES)
