"""The glossary commands: check, lookup, export and import."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from transpipe.cli import app
from transpipe.terms.glossary_io import load_glossaries

MINI = Path(__file__).parent / "data" / "glossary" / "mini.gloss"
runner = CliRunner()


def test_check_passes_and_fails(tmp_path: Path) -> None:
    ok = runner.invoke(
        app, ["glossary", "check", "-g", str(MINI), "--no-builtin-glossary", "--languages", "de"]
    )
    # HIMARS and Bundeswehr are do-not-translate: they need no German line
    assert ok.exit_code == 0, ok.output
    clash = tmp_path / "clash.gloss"
    clash.write_text("id: capital\nterm: capital city\nvariant: Kiev\nnote: n\n", encoding="utf-8")
    bad = runner.invoke(
        app,
        [
            "glossary",
            "check",
            "-g",
            str(MINI),
            "--no-builtin-glossary",
            "-g",
            str(clash),
            "--format",
            "json",
        ],
    )
    assert bad.exit_code == 1
    problems = json.loads(bad.stdout)["problems"]
    assert any(
        p["concept"] == "capital" and "already belongs to concept kyiv" in p["message"]
        for p in problems
    )
    assert all(list(p) == ["path", "line", "concept", "message", "severity"] for p in problems)
    as_text = runner.invoke(
        app, ["glossary", "check", "-g", str(MINI), "--no-builtin-glossary", "-g", str(clash)]
    )
    assert as_text.exit_code == 1
    assert as_text.stdout == (
        f"error: {clash}:1: capital: variant 'Kiev' already belongs to concept kyiv as its "
        f"deprecated 'Киев' ({MINI}:13)\n"
    )


def test_lookup_finds_any_form() -> None:
    for form in ("Kiev", "Киев", "Kyiv"):
        result = runner.invoke(
            app, ["glossary", "lookup", form, "-g", str(MINI), "--no-builtin-glossary"]
        )
        assert result.exit_code == 0, result.output
        assert "id: kyiv" in result.stdout
        assert "de: Kyjiw | Kiew" in result.stdout
    as_json = runner.invoke(
        app,
        ["glossary", "lookup", "AFU", "-g", str(MINI), "--no-builtin-glossary", "--format", "json"],
    )
    data = json.loads(as_json.stdout)
    assert (data["id"], data["matched_as"], data["targets"]["de"]) == (
        "afu",
        "abbr",
        ["Streitkräfte der Ukraine"],
    )
    missing = runner.invoke(
        app, ["glossary", "lookup", "Atlantis", "-g", str(MINI), "--no-builtin-glossary"]
    )
    assert missing.exit_code == 1


def test_export_import_round_trip(tmp_path: Path) -> None:
    original = load_glossaries([MINI])
    for fmt in ("tbx", "csv"):
        exported = tmp_path / f"out.{fmt}"
        result = runner.invoke(
            app,
            [
                "glossary",
                "export",
                "--format",
                fmt,
                "-g",
                str(MINI),
                "--no-builtin-glossary",
                "-o",
                str(exported),
            ],
        )
        assert result.exit_code == 0, result.output
        back = tmp_path / f"back-{fmt}.gloss"
        imported = runner.invoke(app, ["glossary", "import", str(exported), "-o", str(back)])
        assert imported.exit_code == 0, imported.output
        again = load_glossaries([back])
        assert [c.id for c in again.concepts] == [c.id for c in original.concepts]
        assert again.version == original.version  # same content, concept by concept


def test_deepl_export_to_stdout() -> None:
    result = runner.invoke(
        app,
        [
            "glossary",
            "export",
            "--format",
            "deepl",
            "--to",
            "de",
            "-g",
            str(MINI),
            "--no-builtin-glossary",
        ],
    )
    assert result.exit_code == 0, result.output
    rows = result.stdout.splitlines()
    assert "AFU,Streitkräfte der Ukraine" in rows
    assert not any(row.startswith("Kiev,") for row in rows)  # deprecated forms are not offered


def test_deepl_import_with_a_target_and_its_errors(tmp_path: Path) -> None:
    deepl = tmp_path / "terms.csv"
    deepl.write_text(
        "AFU,Streitkräfte der Ukraine\nair defence,Luftverteidigung\n", encoding="utf-8"
    )
    out = tmp_path / "terms.gloss"
    result = runner.invoke(
        app, ["glossary", "import", str(deepl), "--deepl-target", "de", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    terms = {c.term: c for c in load_glossaries([out]).concepts}
    assert terms["air defence"].approved("de") == "Luftverteidigung"

    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("Kiev,Kyjiw\nRüstung,armament\n".encode("latin-1"))
    before = out.read_bytes()
    bad = runner.invoke(
        app, ["glossary", "import", str(latin1), "--deepl-target", "de", "-o", str(out)]
    )
    assert bad.exit_code == 2
    message = bad.output.strip()
    assert len(message.splitlines()) == 1 and "latin1.csv:2" in message and "UTF-8" in message
    assert "Traceback" not in bad.output
    assert out.read_bytes() == before
