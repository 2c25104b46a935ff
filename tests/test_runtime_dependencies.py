"""What the commands import at run time is installed by `pip install transpipe` itself.

The test extras bring more (pytest, wordfreq's build tools, argostranslate without its
dependencies); a runtime import of one of them would work in CI and fail for a user
who ran only the README's first command.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from tests.conftest import EXAMPLES

PROBE = r"""
import sys
before = {name.split(".")[0] for name in sys.modules}  # the interpreter's own start-up
import importlib.metadata, json
from typer.testing import CliRunner
from transpipe.cli import app
runner = CliRunner()
for args in (["translate", "a.md", "--to", "de", "--engine", "pseudo"], ["detect", "a.md"],
             ["normalise", "a.md"], ["build", "a.md", "--drafts"], ["check", "a.md"],
             ["status", "a.md"], ["glossary", "check"], ["glossary", "lookup", "Kiev"]):
    result = runner.invoke(app, args)
    assert result.exit_code in (0, 1), (args, result.output)
owners = importlib.metadata.packages_distributions()
loaded = {name.split(".")[0] for name in sys.modules} - before
print(json.dumps(sorted({d for name in loaded for d in owners.get(name, [])})))
"""


def _runtime_requirements() -> set[str]:
    names = set()
    for requirement in metadata.requires("transpipe") or []:
        if "extra ==" in requirement:
            continue
        names.add(re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].lower().replace("_", "-"))
    return names


def _closure(names: set[str]) -> set[str]:
    """``names`` and everything they require, as installed here."""
    seen: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue
        for requirement in requires:
            if "extra ==" not in requirement:
                todo.append(re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].lower())
    return {n.replace("_", "-") for n in seen}


def test_every_package_the_commands_import_is_a_runtime_dependency(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_bytes((EXAMPLES / "nato-air-defence.md").read_bytes())
    run = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
    imported = {name.lower().replace("_", "-") for name in json.loads(run.stdout)}
    allowed = _closure(_runtime_requirements()) | {"transpipe"}
    assert "wordfreq" in imported  # the lexicon asks it about rare tokens: it must be installed
    assert imported <= allowed, (
        f"imported at run time but not installed by pip: {imported - allowed}"
    )
