"""The import contracts in pyproject.toml hold, and they bite.

``lint-imports`` (import-linter) checks the floor plan: the wings are layered
from the shell down, engines know no catalogue, glossary or document,
documents know no engine or catalogue, terms know no catalogue or engine,
commands reach engines only through the registry, only the shell imports
typer, only the PO wing imports polib, and no wing's modules import each
other in a circle.  The second half copies the package, plants one wrong
import in the copy and shows that the contract it breaks is reported.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

SRC = ROOT / "src" / "transpipe"
GLOSSARY = ROOT / "glossary"


def _lint(package_parent: Path) -> subprocess.CompletedProcess[str]:
    """``lint-imports`` with the project's contracts over the package found under ``package_parent``."""
    env = {**os.environ, "PYTHONPATH": str(package_parent), "PYTHONUTF8": "1"}
    code = (
        "import sys; from importlinter.cli import lint_imports_command as lint; "
        "sys.exit(lint(['--config', sys.argv[1], '--no-cache']))"
    )
    return subprocess.run(
        [sys.executable, "-c", code, str(ROOT / "pyproject.toml")],
        capture_output=True, text=True, env=env, cwd=package_parent, check=False, timeout=300,
    )  # fmt: skip


def test_the_package_keeps_every_contract() -> None:
    run = _lint(ROOT / "src")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "BROKEN" not in run.stdout
    assert run.stdout.count("KEPT") >= 8


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    parent = tmp_path_factory.mktemp("planted")
    shutil.copytree(
        SRC, parent / "transpipe", ignore=shutil.ignore_patterns("__pycache__", "*.bin")
    )
    return parent


# (module that gets the import, the import, the contract it breaks)
WRONG = [
    ("core/errors.py", "import transpipe.commands.check", "Wings are layered"),
    ("text/scripts.py", "import transpipe.document", "Wings are layered"),
    ("checks/rules.py", "import transpipe.commands.status", "Wings are layered"),
    ("po/memory.py", "import transpipe.fragments.lexicon", "Wings are layered"),
    ("engines/pseudo.py", "import transpipe.po.merge", "Engines know no catalogue"),
    ("engines/pseudo.py", "import transpipe.terms.glossary", "Engines know no catalogue"),
    ("document/segment.py", "import transpipe.engines", "Documents know no engine"),
    ("terms/sense.py", "import transpipe.po.catalog", "Terms know no catalogue"),
    ("commands/status.py", "import transpipe.engines.argos", "through the registry"),
    ("core/model.py", "import typer", "Only the shell imports typer"),
    ("terms/sense.py", "import polib", "imports polib"),
    ("terms/sense.py", "import transpipe.terms.normalise", "No import circles"),
]


@pytest.mark.parametrize(("module", "statement", "contract"), WRONG, ids=[w[1] for w in WRONG])
def test_a_wrong_import_breaks_its_contract(
    copy: Path, module: str, statement: str, contract: str
) -> None:
    path = copy / "transpipe" / module
    original = path.read_text(encoding="utf-8")
    try:
        path.write_text(original + f"\n{statement}  # planted\n", encoding="utf-8")
        run = _lint(copy)
    finally:
        path.write_text(original, encoding="utf-8")
    assert run.returncode == 1, run.stdout + run.stderr
    broken = [line for line in run.stdout.splitlines() if line.endswith(" BROKEN")]
    assert any(contract in line for line in broken), run.stdout
