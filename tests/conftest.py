"""Shared fixtures: an isolated home, and the tiny test models installed once."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
MODELS = TESTS / "models"
EXAMPLES = ROOT / "examples"


# CI runs every property test on the same examples (derandomised, nothing replayed from a
# local database), so a run there never fails by chance; locally each run draws new ones.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("dev")
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)


def pytest_configure(config: pytest.Config) -> None:
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
    from transpipe.config import EngineSettings
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
