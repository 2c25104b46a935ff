"""What a new user meets in the first hour: errors that name the real problem, plain counts,
whole tables in CI logs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import DISABLE_TOY_CHECKS
from transpipe.cli import app, count
from transpipe.core.config import builtin_glossaries, parse_settings
from transpipe.po.catalog import read_catalog

runner = CliRunner()


def test_a_missing_article_is_named_before_a_missing_model(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["translate", "missing.txt", "--to", "de", "--packages-dir", str(tmp_path / "none")]
    )
    assert result.exit_code == 2
    assert result.stderr.strip() == "transpipe: error: missing.txt: no such file or folder"


def test_counts_take_the_noun_in_the_right_number() -> None:
    assert [count(n, "segment") for n in (0, 1, 2)] == ["0 segments", "1 segment", "2 segments"]


def test_one_line_per_language_and_plain_counts(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("The NАТО envoy arrived.\n", encoding="utf-8")
    args = ["translate", "a.md", "--to", "de,fr", "--engine", "pseudo"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    lines = first.stderr.splitlines()
    assert "translating 1 segment into de" in lines and "translating 1 segment into fr" in lines
    assert "transpipe: 1 stray fragment in a.md" in first.stderr
    again = runner.invoke(app, args)
    assert again.stderr.splitlines().count("nothing new to translate into de") == 1
    assert "translating 0" not in again.stderr


def test_tables_off_a_terminal_are_not_cut_at_80_columns(tmp_path: Path) -> None:
    name = "a-long-article-name-about-the-russian-ministry-of-defence-and-its-statements"
    (tmp_path / f"{name}.md").write_text("Troops moved.\n", encoding="utf-8")
    result = runner.invoke(app, ["translate", f"{name}.md", "--to", "de", "--engine", "pseudo"])
    assert result.exit_code == 0, result.output
    assert f"locales/de/{name}.po" in result.stdout  # whole, on one line
    assert "…" not in result.stdout


def test_build_drafts_writes_a_draft_and_check_names_it_and_its_staleness(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("Troops moved.\n\nThe convoy arrived.\n", encoding="utf-8")
    translated = runner.invoke(app, ["translate", "a.md", "--to", "de", "--engine", "pseudo"])
    assert translated.exit_code == 0, translated.output
    built = runner.invoke(app, ["build", "a.md", "--drafts", "--format", "json"])
    assert built.exit_code == 0, built.output
    (row,) = json.loads(built.stdout)
    assert row["written"] and row["approved"] == 0
    edition = tmp_path / "editions" / "de" / "a.md"
    assert edition.read_text(encoding="utf-8").startswith(
        "<!-- DRAFT: 2 of 2 sentences are unreviewed machine translation -->\n"
    )
    checked = runner.invoke(app, ["check", "a.md", "--format", "json"])
    kinds = {f["code"] for f in json.loads(checked.stdout)}
    assert "draft-edition" in kinds and "stale-edition" not in kinds

    po = tmp_path / "locales" / "de" / "a.po"  # a reviewer approves one sentence
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace("#, fuzzy\n", "", 1), encoding="utf-8")
    checked = runner.invoke(app, ["check", "a.md", "--format", "json"])
    kinds = {f["code"] for f in json.loads(checked.stdout)}
    assert {"draft-edition", "stale-edition"} <= kinds  # the draft no longer matches

    normal = runner.invoke(app, ["build", "a.md", "--format", "json"])  # 1 of 2: under 0.8
    assert not json.loads(normal.stdout)[0]["written"]


def test_an_article_of_another_project_is_handled_by_that_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "newsroom"
    (project / "articles").mkdir(parents=True)
    (project / "transpipe.toml").write_text('[project]\ntargets = ["fr"]\n', encoding="utf-8")
    (project / "articles" / "a.md").write_text("Troops moved.\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = runner.invoke(app, ["translate", "../newsroom/articles/a.md", "--engine", "pseudo"])
    assert result.exit_code == 0, result.output
    po = (project / "locales" / "fr" / "a.po").read_text(encoding="utf-8")
    assert "#: articles/a.md:1\n" in po  # relative to its project's root
    assert not (elsewhere / "locales").exists()


def test_articles_outside_any_project_and_the_current_folder_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "loose.md").write_text("Troops moved.\n", encoding="utf-8")
    (tmp_path / "here").mkdir()
    monkeypatch.chdir(tmp_path / "here")
    result = runner.invoke(app, ["translate", "../loose.md", "--to", "de", "--engine", "pseudo"])
    assert result.exit_code == 2
    assert result.stderr.startswith("transpipe: error: ../loose.md: outside the current folder")
    assert not (tmp_path / "here" / "locales").exists() and not (tmp_path / "locales").exists()

    two = tmp_path / "two"
    for name in ("p1", "p2"):
        (two / name).mkdir(parents=True)
        (two / name / "transpipe.toml").write_text("[project]\n", encoding="utf-8")
        (two / name / "a.md").write_text("Troops moved.\n", encoding="utf-8")
    monkeypatch.chdir(two)
    mixed = runner.invoke(app, ["status", "p1/a.md", "p2/a.md"])
    assert mixed.exit_code == 2 and "belong to different projects" in mixed.stderr
    for pattern in ("p*/*.md", "."):  # a glob or a folder: each matched file decides
        globbed = runner.invoke(app, ["translate", pattern, "--to", "de", "--engine", "pseudo"])
        assert globbed.exit_code == 2 and "belong to different projects" in globbed.stderr
    assert not (two / "locales").exists() and not (two / "p1" / "locales").exists()


def test_switching_engines_says_what_it_replaces_and_keeps_the_approved(
    tmp_path: Path, packages_dir: Path
) -> None:
    (tmp_path / "a.md").write_text(
        "Troops moved.\n\nThe convoy arrived.\n\nThe bridge held.\n", encoding="utf-8"
    )
    first = runner.invoke(app, ["translate", "a.md", "--to", "de", "--engine", "pseudo"])
    assert first.exit_code == 0, first.output
    po = tmp_path / "locales" / "de" / "a.po"
    text = po.read_text(encoding="utf-8")
    assert "#. machine translation: pseudo 1 [mt " in text  # the engine named once
    assert '"Language-Team: German\\n"' in text  # a team's name, no made-up address
    po.write_text(text.replace("#, fuzzy\n", "", 1), encoding="utf-8")  # one approved
    approved = next(e for e in read_catalog(po).entries if e.approved)
    edited = next(e for e in read_catalog(po).entries if e.msgid == "The bridge held.")
    text = po.read_text(encoding="utf-8")  # a reviewer's draft, still fuzzy
    po.write_text(text.replace(f'msgstr "{edited.msgstr}"', 'msgstr "Die Brücke hielt."'), "utf-8")

    args = ["translate", "a.md", "--to", "de", "--packages-dir", str(packages_dir)]
    switched = runner.invoke(app, [*args, "--engine", "argos", "--format", "json"])
    assert switched.exit_code == 0, switched.output
    assert (
        "transpipe: locales/de/a.po: 1 unreviewed machine translation by pseudo replaced with "
        "this engine's output; approved entries are kept"
    ) in switched.stderr
    (catalog,) = json.loads(switched.stdout)["articles"][0]["catalogs"]
    assert (catalog["switched_from"], catalog["replaced"]) == ("pseudo", 1)
    after = {e.msgid: e for e in read_catalog(po).entries}
    assert after[approved.msgid].msgstr == approved.msgstr and after[approved.msgid].approved
    assert after["The convoy arrived."].msgstr == "THE CONVOY ARRIVED."
    assert after["The bridge held."].msgstr == "Die Brücke hielt."  # the reviewer's draft stays

    back = runner.invoke(app, ["translate", "a.md", "--to", "de", "--engine", "pseudo"])
    assert "nothing new to translate into de" in back.stderr  # pseudo's output was remembered
    assert "1 unreviewed machine translation by argos replaced" in back.stderr


def test_init_writes_a_commented_project_file_once(tmp_path: Path) -> None:
    made = runner.invoke(app, ["init", "--to", "de,uk"])
    assert made.exit_code == 0, made.output
    path = tmp_path / "transpipe.toml"
    settings = parse_settings(path.read_text(encoding="utf-8"), path)
    assert settings.targets == ("de", "uk") and settings.source == "en"
    assert settings.glossaries == builtin_glossaries() and settings.engine.name == "argos"
    assert path.read_text(encoding="utf-8").count("#") >= 15  # every setting explained
    before = path.read_bytes()
    again = runner.invoke(app, ["init", "--to", "fr"])
    assert again.exit_code == 2 and "already here" in again.stderr
    assert path.read_bytes() == before
    path.unlink()
    for codes, why in (("xx-not-a-language", "unknown language code"), ("en", "is the source"),
                       ("und", "names no language")):  # fmt: skip
        bad = runner.invoke(app, ["init", "--to", codes])
        assert bad.exit_code == 2 and why in bad.stderr, bad.stderr
        assert not path.exists()


def test_quiet_prints_only_errors_on_every_command(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("Officials in Kiev met NАТО envoys.\n", encoding="utf-8")
    done = runner.invoke(app, ["translate", "a.md", "--to", "de", "--engine", "pseudo", "-q"])
    assert (done.exit_code, done.stdout, done.stderr) == (0, "", "")
    for command in (["detect", "a.md"], ["normalise", "a.md"], ["build", "a.md"]):
        quiet = runner.invoke(app, [*command, "-q"])
        assert quiet.exit_code in (0, 1) and (quiet.stdout, quiet.stderr) == ("", ""), command
        loud = runner.invoke(app, command)
        assert loud.stdout or loud.stderr  # without -q there is a table
    checked = runner.invoke(app, ["check", "a.md", "-q"])
    assert checked.exit_code == 1
    lines = checked.stdout.splitlines()
    assert lines and all(": error: " in line for line in lines)  # no warnings, no summary
    assert checked.stderr == ""
    full = runner.invoke(app, ["check", "a.md"])
    assert any(": warning: " in line for line in full.stdout.splitlines())


GERMAN = (
    "# Lage an der Front\n\n"
    "Die Bundesregierung hat am Mittwoch beschlossen, weitere Luftabwehrsysteme an die Ukraine "
    "zu liefern. Ein Sprecher sagte in Berlin, die Lieferung erfolge noch in diesem Jahr.\n\n"
    "Die Opposition kritisierte den Zeitplan als zu langsam und forderte eine schnellere "
    "Entscheidung.\n"
)


def test_an_article_in_another_language_is_named_and_auto_finds_its_source(
    tmp_path: Path,
) -> None:
    (tmp_path / "de.md").write_text(GERMAN, encoding="utf-8")
    detected = runner.invoke(app, ["detect", "de.md", "--format", "json"])
    found = json.loads(detected.stdout)
    assert (found["language"], found["language_confidence"]) == ("de", 1.0)
    args = ["translate", "de.md", "--to", "fr", "--engine", "pseudo"]
    refused = runner.invoke(app, args)
    assert refused.exit_code == 2
    assert refused.stderr.strip() == (
        "transpipe: error: de.md: the article is in de (1.00), not in the source language en; "
        "pass --source de (or --source auto)"
    )
    assert not (tmp_path / "locales").exists()
    auto = runner.invoke(app, [*args, "--source", "auto"])
    assert auto.exit_code == 0, auto.output
    assert "transpipe: source language: de" in auto.stderr
    assert "Language: fr" in (tmp_path / "locales" / "fr" / "de.po").read_text(encoding="utf-8")


def test_the_bundled_english_examples_read_as_english() -> None:
    from tests.conftest import EXAMPLE_ARTICLES
    from transpipe.document import read_document
    from transpipe.fragments.detect import article_language

    for path in EXAMPLE_ARTICLES:
        text = path.read_text(encoding="utf-8")
        found = article_language(read_document(text, path.name), text)
        assert found is not None and found.lang == "en" and found.probability >= 0.5, path.name


def test_an_article_in_another_source_language_is_never_rewritten_by_the_english_glossary(
    tmp_path: Path,
) -> None:
    russian = (
        "# ПВО\n\nСистемы ПВО сбили ночью двенадцать беспилотников над Киевом, сообщили в "
        "командовании воздушных сил. Ещё две ракеты были перехвачены над областью.\n"
    )
    (tmp_path / "ru.md").write_text(russian, encoding="utf-8")
    done = runner.invoke(app, ["translate", "ru.md", "--source", "auto", "--to", "uk", "--engine",
                               "pseudo"])  # fmt: skip
    assert done.exit_code == 0, done.output
    assert "neither is applied to this ru source" in done.stderr
    entries = read_catalog(tmp_path / "locales" / "uk" / "ru.po").entries
    assert entries[0].msgid == "ПВО"  # kept as written, not "air defence"
    assert not any("fragment:" in c or "glossary:" in c for e in entries for c in e.comments)
    (tmp_path / "transpipe.toml").write_text('[project]\nsource = "ru"\n', encoding="utf-8")
    for command in ("detect", "normalise"):
        refused = runner.invoke(app, [command, "ru.md"])
        assert refused.exit_code == 2 and "knows English articles only" in refused.stderr


def test_a_namesake_never_takes_over_another_articles_catalogue(tmp_path: Path) -> None:
    (tmp_path / "transpipe.toml").write_text('[project]\ntargets = ["de"]\n', encoding="utf-8")
    (tmp_path / "articles" / "sub").mkdir(parents=True)
    (tmp_path / "articles" / "a1.md").write_text("Troops moved.\n", encoding="utf-8")
    (tmp_path / "articles" / "sub" / "a1.md").write_text("The convoy arrived.\n", "utf-8")
    args = ["translate", "--engine", "pseudo", "-q"]
    assert runner.invoke(app, [*args, "articles/a1.md"]).exit_code == 0
    po = tmp_path / "locales" / "de" / "a1.po"
    before = po.read_bytes()
    namesake = runner.invoke(app, [*args, "articles/sub/a1.md"])
    assert namesake.exit_code == 2
    assert "locales/de/a1.po: holds the translations of articles/a1.md" in namesake.stderr
    assert po.read_bytes() == before
    (tmp_path / "moved").mkdir()  # an article that moved keeps its catalogue
    (tmp_path / "articles" / "a1.md").rename(tmp_path / "moved" / "a1.md")
    assert runner.invoke(app, [*args, "moved/a1.md"]).exit_code == 0
    assert "#: moved/a1.md:1" in po.read_text(encoding="utf-8")


def test_check_and_build_take_the_glossaries_translate_was_given(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("Kyiv was calm after the air defence held.\n", "utf-8")
    args = ["--to", "de", "--no-builtin-glossary"]
    assert (
        runner.invoke(app, ["translate", "a.md", *args, "--engine", "pseudo", "-q"]).exit_code == 0
    )
    po = tmp_path / "locales" / "de" / "a.po"
    po.write_text(po.read_text(encoding="utf-8").replace("#, fuzzy\n", ""), encoding="utf-8")

    def codes(*extra: str) -> list[str]:
        found = runner.invoke(
            app, ["check", "a.md", "--to", "de", "--format", "json", *DISABLE_TOY_CHECKS, *extra]
        )
        return [f["code"] for f in json.loads(found.stdout)]

    assert "glossary-missing" in codes()  # the built-in glossary expects Kyjiw, Luftverteidigung
    assert codes("--no-builtin-glossary") == []
    built = runner.invoke(app, ["build", "a.md", *args, "--format", "json"])
    assert built.exit_code == 0 and json.loads(built.stdout)[0]["written"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["build", "a.md", "--format", "xml"],
         ("Invalid value for '--format': 'xml' is not one of 'table', 'json'; "
          "see transpipe build --help")),
        (["frobnicate"], "No such command 'frobnicate'; see transpipe --help"),
        (["glossary", "export", "--format", "xx"],
         ("Invalid value for '--format': 'xx' is not one of 'tbx', 'csv', 'deepl'; "
          "see transpipe glossary export --help")),
    ],
)  # fmt: skip
def test_a_usage_error_is_one_line_with_the_way_to_help(args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr == f"transpipe: error: {message}\n"
