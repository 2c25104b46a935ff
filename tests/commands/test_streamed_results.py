"""A run hands each article's result on as it is written and keeps none of them.

An archive's driver must not hold a record per article: ``translate(...,
on_article=...)`` returns totals only, and the command's table, notes and
JSON are gathered in bounded memory (:mod:`transpipe.face.translate_report`).
"""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import transpipe
from tests.tools.archive_corpus import copy_project, pseudo_project, tree_bytes, write_archive
from transpipe.cli import app
from transpipe.commands.articles import Article
from transpipe.commands.translate import ArticleResult
from transpipe.face import translate_report
from transpipe.face.translate_report import article_json

runner = CliRunner()


@pytest.fixture(autouse=True)
def _one_date(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two runs compared byte for byte write the same header dates, across a minute's turn."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01 00:00 UTC


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    write_archive(root / "articles", 24, seed=11)
    return root


def test_a_hook_gets_every_article_in_order_and_the_run_keeps_none(
    archive: Path, tmp_path: Path
) -> None:
    kept_root = copy_project(archive, tmp_path / "kept")
    kept = transpipe.translate(["articles"], pseudo_project(kept_root), base=kept_root, window=5)
    seen: list[ArticleResult] = []
    streamed = transpipe.translate(
        ["articles"], pseudo_project(archive), base=archive, window=5, on_article=seen.append
    )
    assert streamed.articles == () and streamed.fragments == ()
    assert [a.name for a in seen] == [a.name for a in kept.articles]
    assert [[(c.language, c.written, c.stats) for c in a.catalogs] for a in seen] == [
        [(c.language, c.written, c.stats) for c in a.catalogs] for a in kept.articles
    ]
    assert streamed.totals == kept.totals
    assert streamed.totals.articles == 24
    assert streamed.totals.catalogs == 48 and streamed.totals.written == 48
    assert streamed.totals.sentences == sum(a.sentences for a in seen)
    with_fragments = [a for a in seen if a.fragments]
    assert streamed.totals.with_fragments == len(with_fragments) > 0
    assert [(a.shown, a.fragments) for a in with_fragments] == list(kept.fragments)
    # the same catalogues, byte for byte
    assert tree_bytes(archive / "locales") == tree_bytes(kept_root / "locales")


def test_a_streamed_run_holds_one_window_of_articles_and_no_earlier_result(
    tmp_path: Path,
) -> None:
    root = tmp_path / "project"
    write_archive(root / "articles", 40, seed=5)
    live: list[tuple[int, int]] = []  # (results, articles) alive, every eighth article
    calls = 0

    def hook(_: ArticleResult) -> None:
        nonlocal calls
        calls += 1
        if calls % 8 == 0:
            objects = gc.get_objects()
            live.append((
                sum(isinstance(o, ArticleResult) for o in objects),
                sum(isinstance(o, Article) for o in objects),
            ))  # fmt: skip

    transpipe.translate(["articles"], pseudo_project(root), base=root, window=8, on_article=hook)
    assert calls == 40 and len(live) == 5
    # the result being handed on, and the window being written: never what came before
    assert all(results == 1 for results, _ in live), live
    assert all(articles <= 8 for _, articles in live), live


def _project(archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (archive / "transpipe.toml").write_text(
        '[project]\ntargets = ["de", "fr"]\n[engine]\nname = "pseudo"\n', encoding="utf-8"
    )
    monkeypatch.chdir(archive)


def test_json_is_one_document_of_every_article_as_before(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept_root = copy_project(archive, tmp_path / "kept")
    kept = transpipe.translate(["articles"], pseudo_project(kept_root), base=kept_root)
    _project(archive, monkeypatch)
    monkeypatch.setattr(translate_report, "_SPOOL", 64)  # the spools go to disk at once
    result = runner.invoke(app, ["translate", "articles", "--format", "json", "-q"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    # printed as print_json prints any document: indented by two, text as itself
    assert result.stdout == json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    assert [a["name"] for a in document["articles"]] == [a.name for a in kept.articles]
    first = article_json(kept.articles[0])
    assert document["articles"][0]["catalogs"][0]["entries"] == first["catalogs"][0]["entries"]
    assert [f["file"] for f in document["fragments"]] == [s for s, _ in kept.fragments]
    assert len(document["fragments"]) > 0
    texts = [[f["text"] for f in item["fragments"]] for item in document["fragments"]]
    assert texts == [[f.text for f in fragments] for _, fragments in kept.fragments]
    assert document["segments_translated"] == kept.segments_translated
    assert document["models"][0]["engine"] == "pseudo"


def test_a_large_run_prints_totals_by_language_and_caps_its_fragment_notes(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _project(archive, monkeypatch)
    for i in range(3):  # three more articles with a stray fragment: four in all
        (archive / "articles" / f"desk-{i}.txt").write_text(
            f"The Minobороны statement came on day {i + 2} of the talks.\n", encoding="utf-8"
        )
    monkeypatch.setattr(translate_report, "ROWS", 2)
    result = runner.invoke(app, ["translate", "articles"])
    assert result.exit_code == 0, result.output
    assert "Catalogues of 27 articles, by language" in result.stdout
    rows = [line for line in result.stdout.splitlines() if line.startswith(("│ de", "│ fr"))]
    assert len(rows) == 2  # one a language, not one a catalogue
    de = [cell.strip() for cell in rows[0].strip("│").split("│")]
    catalogues, entries, approved, fuzzy, written, unchanged = map(int, de[1:])
    assert (catalogues, written, unchanged, approved) == (27, 27, 0, 0)
    assert fuzzy == entries > 0
    notes = [line for line in result.stderr.splitlines() if "stray fragment" in line]
    assert len(notes) == 3  # two articles named, then how many more
    assert notes[-1].startswith("transpipe: and 2 more articles with stray fragments")
    # a small run keeps a row a catalogue
    monkeypatch.setattr(translate_report, "ROWS", 200)
    again = runner.invoke(app, ["translate", "articles"])
    assert again.exit_code == 0, again.output
    assert again.stdout.count("unchanged") == 54  # each catalogue, already up to date
