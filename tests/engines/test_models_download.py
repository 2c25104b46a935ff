"""Installing pairs from an Argos package index, served on loopback."""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import EXAMPLES, model_file
from transpipe.cli import app
from transpipe.core.config import EngineSettings
from transpipe.engines import ModelInstaller, create_engine

runner = CliRunner()
pytestmark = pytest.mark.needs("argostranslate")  # the online index is argostranslate's


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def index_url(tmp_path: Path) -> Iterator[str]:
    """An index with en->de and en->fr packages, served from a local folder."""
    served = tmp_path / "served"
    served.mkdir()
    handler = functools.partial(_Quiet, directory=str(served))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    index = []
    for target in ("de", "fr"):
        source = model_file("en", target)
        shutil.copy(source, served / source.name)
        index.append(
            {
                "package_version": "1.0",
                "argos_version": "1.0",
                "from_code": "en",
                "from_name": "English",
                "to_code": target,
                "to_name": target,
                "type": "translate",
                "links": [f"{base}/{source.name}"],
            }
        )
    (served / "index.json").write_text(json.dumps(index), encoding="utf-8")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"{base}/index.json"
    finally:
        server.shutdown()
        server.server_close()


def test_available_and_install_a_pair(tmp_path: Path, index_url: str) -> None:
    pk = str(tmp_path / "pk")
    listed = runner.invoke(
        app,
        [
            "models",
            "list",
            "--available",
            "--package-index",
            index_url,
            "--packages-dir",
            pk,
            "--format",
            "json",
        ],
    )
    assert listed.exit_code == 0, listed.output
    assert [(p["target"], p["installed"]) for p in json.loads(listed.stdout)] == [
        ("de", False),
        ("fr", False),
    ]
    done = runner.invoke(
        app, ["models", "install", "en-fr", "--package-index", index_url, "--packages-dir", pk]
    )
    assert done.exit_code == 0, done.output
    assert (tmp_path / "pk" / "translate-en_fr-1_0" / "model" / "model.bin").is_file()
    missing = runner.invoke(
        app, ["models", "install", "en-pl", "--package-index", index_url, "--packages-dir", pk]
    )
    assert missing.exit_code == 2
    assert "no en->pl model" in missing.stderr


def test_the_installer_lists_the_index_and_downloads_a_pair(tmp_path: Path, index_url: str) -> None:
    engine = create_engine(EngineSettings(packages_dir=tmp_path / "pk", package_index=index_url))
    assert isinstance(engine, ModelInstaller)
    assert [(p.target, p.installed) for p in engine.available()] == [("de", False), ("fr", False)]
    done: list[int] = []
    pair = engine.install("en_fr", lambda got, total: done.append(got))
    assert (pair.source, pair.target, pair.model, pair.installed) == (
        "en", "fr", "translate-en_fr-1_0", True,
    )  # fmt: skip
    assert done and done == sorted(done)  # the download was reported as it went
    assert [(p.target, p.installed) for p in engine.available()] == [("de", False), ("fr", True)]


def test_translate_download_fetches_missing_models(tmp_path: Path, index_url: str) -> None:
    pk = tmp_path / "pk"
    article = tmp_path / "briefing.txt"
    shutil.copy(EXAMPLES / "briefing.txt", article)
    result = runner.invoke(
        app,
        [
            "translate",
            str(article),
            "--to",
            "de,fr",
            "--download",
            "--quiet",
            "--package-index",
            index_url,
            "--packages-dir",
            str(pk),
            "--locales",
            str(tmp_path / "locales"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in pk.iterdir()) == ["translate-en_de-1_0", "translate-en_fr-1_0"]
    assert (tmp_path / "locales" / "fr" / "briefing.po").is_file()


def test_unreachable_index_is_one_line(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "models",
            "install",
            "en-de",
            "--package-index",
            "http://127.0.0.1:9/index.json",
            "--packages-dir",
            str(tmp_path / "pk"),
        ],
    )
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "cannot reach the Argos package index" in lines[0]
    assert "index.json: Connection refused)" in lines[0]  # why, in the same line
    assert "transpipe models install path/to/file.argosmodel" in lines[0]
