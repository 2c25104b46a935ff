"""``transpipe check`` over a catalogue seeded with one defect per quality check."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import polib
import pytest
from typer.testing import CliRunner

from transpipe.cli import app

runner = CliRunner()

# msgid, a faithful German translation, one with exactly one defect; the defect's code
SEEDED = (
    ("The convoy reached the border at night.",
     "Der Konvoi erreichte die Grenze in der Nacht.",
     "Der Konvoi erreichte die die Grenze in der Nacht.", "repeated-word"),
    ("Supplies were delivered quickly.",
     "Die Vorräte wurden schnell geliefert.",
     "Supplies were delivered quickly.", "unchanged"),
    ("The minister spoke to reporters on the record.",
     "Der Minister sprach offiziell mit Reportern.",
     "Er sprach.", "length-ratio"),
    ("Will the talks resume?",
     "Werden die Gespräche fortgesetzt?",
     "Die Gespräche werden fortgesetzt.", "end-punctuation"),
    ("The agency (IAEA) sent inspectors.",
     "Die Behörde (IAEA) schickte Inspektoren.",
     "Die Behörde (IAEA schickte Inspektoren.", "bracket-balance"),
    ("The delegation arrived in the capital after a long journey through the mountains.",
     "Die Delegation erreichte die Hauptstadt nach einer langen Reise durch die Berge.",
     ("La délégation est arrivée dans la capitale après un long voyage à travers les "
     "montagnes."), "target-language"),
    ("The talks began on Tuesday.",
     "Die Gespräche begannen am Dienstag.",
     "Die Gespräche begannen am Mittwoch.", "weekday-mismatch"),
    ("The plant reopened in March.",
     "Das Werk wurde im März wieder eröffnet.",
     "Das Werk wurde im April wieder eröffnet.", "month-mismatch"),
)  # fmt: skip
NEW_CODES = {code for *_, code in SEEDED}


def project(root: Path, seeded: bool, toml: str = "") -> Path:
    """A project with one article and its German catalogue, every entry approved."""
    (root / "transpipe.toml").write_text(
        '[project]\ntargets = ["de"]\nbuiltin_glossary = false\n' + toml, encoding="utf-8"
    )
    article = root / "talks.md"
    article.write_text("\n\n".join(msgid for msgid, *_ in SEEDED) + "\n", encoding="utf-8")
    po = polib.POFile()
    po.metadata = {
        "Language": "de",
        "Content-Type": "text/plain; charset=UTF-8",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    for msgid, good, bad, _ in SEEDED:
        po.append(polib.POEntry(msgid=msgid, msgstr=bad if seeded else good))
    (root / "locales" / "de").mkdir(parents=True)
    po.save(str(root / "locales" / "de" / "talks.po"))
    return article


def codes(article: Path, *options: str) -> Counter[str]:
    result = runner.invoke(app, ["check", str(article), "--format", "json", *options])
    assert result.exit_code in (0, 1), result.output
    return Counter(finding["code"] for finding in json.loads(result.stdout))


def test_each_seeded_defect_is_reported_once(tmp_path: Path) -> None:
    found = codes(project(tmp_path, seeded=True))
    assert {code: found[code] for code in NEW_CODES} == dict.fromkeys(NEW_CODES, 1)


def test_the_faithful_catalogue_has_none_of_them(tmp_path: Path) -> None:
    found = codes(project(tmp_path, seeded=False))
    assert not NEW_CODES & set(found)


def test_a_project_and_the_command_line_disable_codes(tmp_path: Path) -> None:
    article = project(tmp_path, seeded=True, toml='disabled_checks = ["length-ratio"]\n')
    found = codes(article, "--disable", "unchanged", "--disable", "target-language")
    assert NEW_CODES - set(found) == {"length-ratio", "unchanged", "target-language"}


def test_an_unknown_code_is_refused_where_it_is_given(tmp_path: Path) -> None:
    article = project(tmp_path, seeded=True, toml='disabled_checks = ["lenght-ratio"]\n')
    result = runner.invoke(app, ["check", str(article)])
    assert result.exit_code == 2
    assert (
        "transpipe.toml:4: disabled_checks: unknown check code 'lenght-ratio'; known codes: "
        in (result.output)
    )
    article.parent.joinpath("transpipe.toml").unlink()
    result = runner.invoke(app, ["check", str(article), "--disable", "nope"])
    assert result.exit_code == 2
    assert "--disable: unknown check code 'nope'; known codes: placeholder-mismatch," in (
        result.output
    )


@pytest.mark.parametrize("code", sorted(NEW_CODES))
def test_every_new_code_is_in_the_rules_table_and_the_readme(code: str) -> None:
    from transpipe.checks import rules
    from transpipe.core.findings import CHECK_CODES

    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    assert f"``{code}``" in (rules.__doc__ or "")
    assert f"| `{code}` |" in readme
    assert code in CHECK_CODES
