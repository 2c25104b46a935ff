"""Engine plug-ins from the ``transpipe.engines`` entry-point group.

``tests/data/plugin`` holds two test-only distributions as an installer
leaves them (a module and its ``*.dist-info`` folder): ``transpipe-shout-plugin``
declares ``shout`` (and ``argos``, which the built-in engine keeps), and
``transpipe-broken-plugin`` declares ``broken``, whose module fails to import.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import polib
import pytest
from typer.testing import CliRunner

from tests.conftest import TESTS
from transpipe import list_engines
from transpipe.cli import app
from transpipe.core.config import EngineSettings, Settings
from transpipe.core.errors import ConfigError, EngineError
from transpipe.engines import create_engine, engine_names, engine_sources
from transpipe.engines.argos import ArgosEngine

PLUGINS = TESTS / "data" / "plugin"


def transpipe(*args: str, plugins: bool = True) -> subprocess.CompletedProcess[str]:
    """``python -m transpipe ARGS`` in a fresh interpreter, with the test plug-ins on its path."""
    env = dict(os.environ)
    if plugins:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PLUGINS), env.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "transpipe", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )


@pytest.mark.needs("apertium")
def test_engines_lists_built_ins_and_plug_ins_as_json() -> None:
    run = transpipe("engines", "--format", "json")
    assert run.returncode == 0, run.stderr
    rows = json.loads(run.stdout)
    by_key = {(r["name"], r["origin"]): r for r in rows}

    shout = by_key[("shout", "transpipe-shout-plugin 1.2")]
    assert shout["pairs"] == ["en-de", "en-fr"] and shout["error"] is None
    assert shout["entry_point"] == "transpipe_shout_plugin:ShoutEngine"

    broken = by_key[("broken", "transpipe-broken-plugin 0.1")]
    assert broken["pairs"] == []
    assert broken["error"] == "ImportError: transpipe_broken_plugin needs the frobnicator library"

    assert by_key[("pseudo", "built-in")]["pairs"] == ["any"]
    assert "en-es" in by_key[("apertium", "built-in")]["pairs"]
    assert by_key[("argos", "built-in")]["shadowed"] is False
    shadowed = by_key[("argos", "transpipe-shout-plugin 1.2")]
    assert shadowed["shadowed"] is True and shadowed["pairs"] == []


def test_without_plug_ins_only_built_ins_are_listed() -> None:
    run = transpipe("engines", "--format", "json", plugins=False)
    assert run.returncode == 0, run.stderr
    assert {r["name"] for r in json.loads(run.stdout)} == {"apertium", "argos", "pseudo"}


def test_a_plug_in_engine_translates(tmp_path: Path) -> None:
    (tmp_path / "note.md").write_text("Air defence held.\n\nKyiv was calm.\n", encoding="utf-8")
    run = transpipe("translate", "note.md", "--engine", "shout", "--to", "de", "--format", "json")
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["models"] == [
        {"engine": "shout", "name": "shout", "version": "1.2", "source": "en", "target": "de"}
    ]
    po = polib.pofile(str(tmp_path / "locales" / "de" / "note.po"))
    assert po.metadata["X-Transpipe-Engine"] == "shout"
    assert {e.msgid: e.msgstr for e in po} == {  # the built-in glossary's terms enforced
        "Air defence held.": "Luftverteidigung HELD.",
        "Kyiv was calm.": "Kiew WAS CALM.",
    }


def test_a_broken_plug_in_is_a_one_line_error_when_used(tmp_path: Path) -> None:
    (tmp_path / "note.md").write_text("Air defence held.\n", encoding="utf-8")
    run = transpipe("translate", "note.md", "--engine", "broken", "--to", "de")
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1
    assert "engine plug-in 'broken' from transpipe-broken-plugin 0.1 cannot be loaded" in run.stderr
    assert "frobnicator" in run.stderr


@pytest.fixture
def plugins_on_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(PLUGINS))


@pytest.mark.usefixtures("plugins_on_path")
def test_built_in_names_win_and_unknown_names_list_the_choices() -> None:
    assert isinstance(create_engine(EngineSettings(name="argos")), ArgosEngine)
    assert engine_names() == ["apertium", "argos", "broken", "pseudo", "shout"]
    with pytest.raises(ConfigError, match="available: apertium, argos, broken, pseudo, shout"):
        create_engine(EngineSettings(name="nope"))
    with pytest.raises(EngineError, match="frobnicator"):
        create_engine(EngineSettings(name="broken"))
    listed = list_engines(Settings(root=Path.cwd()))
    assert [(e.name, e.origin == "built-in") for e in listed][:3] == [
        ("apertium", True), ("argos", True), ("pseudo", True),
    ]  # fmt: skip
    assert {e.name for e in engine_sources() if e.shadowed} == {"argos"}


@pytest.mark.usefixtures("plugins_on_path")
def test_entry_points_are_read_only_when_a_plug_in_is_looked_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reads: list[Any] = []
    real = importlib.metadata.entry_points

    def counting(**kw: Any) -> Any:
        reads.append(kw)
        return real(**kw)

    monkeypatch.setattr(importlib.metadata, "entry_points", counting)
    monkeypatch.delitem(sys.modules, "transpipe_shout_plugin", raising=False)
    assert CliRunner().invoke(app, ["--help"]).exit_code == 0
    create_engine(EngineSettings(name="pseudo"))
    assert reads == []  # neither --help nor a built-in engine reads them
    assert "shout" in engine_names()
    assert reads == [{"group": "transpipe.engines"}]
    assert "transpipe_shout_plugin" not in sys.modules  # naming engines imports none
    create_engine(EngineSettings(name="shout"))
    assert "transpipe_shout_plugin" in sys.modules
