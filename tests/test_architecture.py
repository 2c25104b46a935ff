"""Module dependencies point one way: model and errors at the bottom, cli on top."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "transpipe"

# Layer of each module; a module may import only from layers at or below its own.
LAYERS = {
    "core": 0,  # errors, model, config, languages, fileio, lock: it imports only itself
    "po": 3,  # reader, writer, linebreak, catalog, merge, memory: on core, enforce for terms
    "text": 1,  # scripts, spans
    "document": 3,  # formats, segment, inline, edition
    "engines": 2,
    "terms": 3,  # glossary, glossary_io, sense, normalise, enforce
    "fragments": 3,  # detect, lexicon
    "checks": 3,
    "pipeline": 4,
    "cli": 5,
    "__main__": 6,
    "__init__": 0,
}


def _module_key(path: Path) -> str:
    rel = path.relative_to(SRC).with_suffix("")
    return rel.parts[0]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "transpipe" and len(parts) > 1:
                found.add(parts[1])
            elif parts[0] == "transpipe" and isinstance(node, ast.ImportFrom):
                found.update(alias.name for alias in node.names)
    return found


FILES = sorted(SRC.rglob("*.py"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(SRC)))
def test_imports_point_down(path: Path) -> None:
    here = _module_key(path)
    assert here in LAYERS, f"{here} has no layer; add it to LAYERS"
    for target in _imports(path) - {here, "__version__"}:
        assert target in LAYERS, f"{path.name} imports unknown module {target}"
        assert LAYERS[target] <= LAYERS[here], f"{here} (layer {LAYERS[here]}) imports {target}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(SRC)))
def test_only_cli_imports_typer_and_only_catalog_imports_polib(path: Path) -> None:
    imported = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            imported.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    if "typer" in imported:
        assert _module_key(path) == "cli"
    if "polib" in imported:
        assert path.relative_to(SRC).as_posix() == "po/catalog.py"
