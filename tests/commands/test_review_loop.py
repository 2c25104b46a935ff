"""The review loop end to end: translate, review, change the article, translate again,
build editions, check, status."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Sequence
from pathlib import Path

import polib
import pytest
from typer.testing import CliRunner

from tests.conftest import DISABLE_TOY_CHECKS
from tests.models.build_test_models import expected_translation
from transpipe import translate
from transpipe.cli import app
from transpipe.core.config import EngineSettings, Settings
from transpipe.core.errors import TranspipeError
from transpipe.core.model import ModelInfo
from transpipe.engines.argos import ArgosEngine

runner = CliRunner()
ARTICLE = """\
# Radar Talks in Brussels

Ministers met in Brussels on Tuesday to discuss radar deliveries.

The first convoy will leave in October, officials said.

- Option A pools existing batteries under one command.
- Option B adds **two** airborne early-warning aircraft.

A spokesman declined to comment on the cost of the plan.
"""


class CountingEngine:
    """The real Argos engine, recording every segment sent to it."""

    name = "argos"

    def __init__(self, packages_dir: Path) -> None:
        self.inner = ArgosEngine(EngineSettings(packages_dir=packages_dir))
        self.sent: list[str] = []

    def pairs(self) -> list:  # type: ignore[type-arg]
        return self.inner.pairs()

    def require(self, source: str, target: str) -> ModelInfo:
        return self.inner.require(source, target)

    def translate(
        self, texts: Sequence[str], source: str, target: str, progress: object = None
    ) -> list[str]:
        self.sent.extend(texts)
        return self.inner.translate(texts, source, target)


@pytest.fixture
def project(tmp_path: Path, packages_dir: Path) -> tuple[Path, Settings]:
    article = tmp_path / "radar.md"
    article.write_text(ARTICLE, encoding="utf-8")
    settings = Settings(root=tmp_path, engine=EngineSettings(packages_dir=packages_dir))
    return article, settings


def _po(tmp_path: Path) -> Path:
    return tmp_path / "locales" / "de" / "radar.po"


@pytest.mark.needs("gettext")
def test_reviewed_work_survives_article_changes(
    project: tuple[Path, Settings], packages_dir: Path, tmp_path: Path
) -> None:
    article, settings = project
    engine = CountingEngine(packages_dir)
    translate([str(article)], settings, targets=["de"], engine=engine)
    assert len(engine.sent) == 6

    # a reviewer approves two entries, edits a third, comments on one; saves with polib
    po = polib.pofile(str(_po(tmp_path)))
    approvals = {
        "Ministers met in Brussels on Tuesday to discuss radar deliveries.":
            "Die Minister erörterten am Dienstag in Brüssel Radarlieferungen.",
        "A spokesman declined to comment on the cost of the plan.":
            "Ein Sprecher äußerte sich nicht zu den Kosten des Plans.",
        "The first convoy will leave in October, officials said.":
            "Der erste Konvoi soll im Oktober aufbrechen, hieß es.",
    }  # fmt: skip
    for msgid, msgstr in approvals.items():
        entry = po.find(msgid)
        assert entry is not None
        entry.msgstr = msgstr
        entry.flags.remove("fuzzy")
    po.find("A spokesman declined to comment on the cost of the plan.").tcomment = "keep it short"
    po.save()
    # and runs msgcat over it, as some tools do
    subprocess.run(["msgcat", "-o", str(_po(tmp_path)), str(_po(tmp_path))], check=True)

    # the article changes: one sentence edited, one added, one removed
    changed = (
        ARTICLE.replace("on Tuesday", "on Wednesday").replace(
            "- Option B adds **two** airborne early-warning aircraft.\n", ""
        )
        + "\nA second convoy is planned for November.\n"
    )
    article.write_text(changed, encoding="utf-8")
    engine.sent.clear()
    translate([str(article)], settings, targets=["de"], engine=engine)
    assert sorted(engine.sent) == sorted([
        "Ministers met in Brussels on Wednesday to discuss radar deliveries.",
        "A second convoy is planned for November.",
    ])  # fmt: skip

    po = polib.pofile(str(_po(tmp_path)))
    kept = po.find("A spokesman declined to comment on the cost of the plan.")
    assert kept is not None and kept.msgstr == approvals[kept.msgid]
    assert "fuzzy" not in kept.flags and kept.tcomment == "keep it short"
    october = po.find("The first convoy will leave in October, officials said.")
    assert october is not None and "fuzzy" not in october.flags
    edited = po.find("Ministers met in Brussels on Wednesday to discuss radar deliveries.")
    assert edited is not None
    assert edited.msgstr == "Die Minister erörterten am Dienstag in Brüssel Radarlieferungen."
    assert "fuzzy" in edited.flags
    assert (
        edited.previous_msgid == "Ministers met in Brussels on Tuesday to discuss radar deliveries."
    )
    assert f"machine translation of the new text: {expected_translation(edited.msgid)}" in (
        edited.comment
    )
    new = po.find("A second convoy is planned for November.")
    assert new is not None and new.msgstr == expected_translation(new.msgid)
    gone = po.find("Option B adds **two** airborne early-warning aircraft.",
                   include_obsolete_entries=True)  # fmt: skip
    assert gone is not None and gone.obsolete

    # a no-op re-run: nothing sent, every catalogue byte-identical
    before = {p: p.read_bytes() for p in (tmp_path / "locales").rglob("*.po*")}
    engine.sent.clear()
    translate([str(article)], settings, targets=["de"], engine=engine)
    assert engine.sent == []
    assert {p: p.read_bytes() for p in (tmp_path / "locales").rglob("*.po*")} == before


def test_memory_spares_the_engine_on_a_fresh_catalogue(
    project: tuple[Path, Settings], packages_dir: Path, tmp_path: Path
) -> None:
    article, settings = project
    engine = CountingEngine(packages_dir)
    translate([str(article)], settings, targets=["de"], engine=engine)
    _po(tmp_path).unlink()
    engine.sent.clear()
    translate([str(article)], settings, targets=["de"], engine=engine)
    assert engine.sent == []  # remembered machine output
    assert _po(tmp_path).is_file()


def _approve_all(path: Path, skip: int = 0) -> None:
    po = polib.pofile(str(path))
    for i, entry in enumerate(e for e in po if not e.obsolete):
        if i >= skip and "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.save()


def test_build_threshold_drafts_and_markup(project: tuple[Path, Settings], tmp_path: Path) -> None:
    article, settings = project
    translate([str(article)], settings, targets=["de"])
    (tmp_path / "transpipe.toml").write_text(
        f'[engine]\npackages_dir = "{settings.engine.packages_dir}"\n', encoding="utf-8"
    )
    args = ["build", str(article), "--to", "de", "--format", "json"]
    none = runner.invoke(app, args)
    assert none.exit_code == 0, none.output
    (row,) = json.loads(none.stdout)
    assert (row["written"], row["approved"], row["total"]) == (False, 0, 6)
    assert not (tmp_path / "editions" / "de" / "radar.md").exists()
    assert (tmp_path / "editions" / "en" / "radar.md").read_text(encoding="utf-8") == ARTICLE

    drafts = runner.invoke(app, [*args, "--drafts", "--min-reviewed", "0"])
    assert json.loads(drafts.stdout)[0]["drafts_used"] == 6
    text = (tmp_path / "editions" / "de" / "radar.md").read_text(encoding="utf-8")
    assert text.startswith("<!-- DRAFT: 6 of 6 sentences are unreviewed machine translation -->")
    assert "# RADAR TALKS IN BRUSSELS" in text
    assert "- OPTION B ADDS **TWO** AIRBORNE EARLY-WARNING AIRCRAFT." in text

    _approve_all(_po(tmp_path), skip=1)  # 5 of 6 approved: 83 %
    built = runner.invoke(app, args)
    (row,) = json.loads(built.stdout)
    assert (row["written"], row["approved"], row["fallbacks"]) == (True, 5, 1)
    text = (tmp_path / "editions" / "de" / "radar.md").read_text(encoding="utf-8")
    assert text.startswith("# Radar Talks in Brussels\n")  # the unreviewed title stays English
    assert "MINISTERS MET IN BRUSSELS ON TUESDAY" in text
    assert "DRAFT" not in text


def test_check_and_status(project: tuple[Path, Settings], tmp_path: Path) -> None:
    article, settings = project
    translate([str(article)], settings, targets=["de"])
    (tmp_path / "transpipe.toml").write_text(
        f'[project]\ntargets = ["de"]\n[engine]\npackages_dir = "{settings.engine.packages_dir}"\n',
        encoding="utf-8",
    )
    status = runner.invoke(app, ["status", str(article), "--format", "json"])
    (row,) = json.loads(status.stdout)
    assert (row["approved"], row["fuzzy"], row["untranslated"], row["share"]) == (0, 6, 0, 0.0)

    unreviewed = runner.invoke(app, ["check", str(article), "--format", "json"])
    assert unreviewed.exit_code == 1
    codes = {f["code"] for f in json.loads(unreviewed.stdout)}
    assert "below-threshold" in codes and "fuzzy" in codes

    _approve_all(_po(tmp_path))
    clean = runner.invoke(app, ["check", str(article), *DISABLE_TOY_CHECKS])
    assert clean.exit_code == 0, clean.output

    # a reviewer breaks a number and a placeholder-like markup; the article changes
    po = polib.pofile(str(_po(tmp_path)))
    entry = po.find("- Option B adds **two** airborne early-warning aircraft.".removeprefix("- "))
    assert entry is not None
    entry.msgstr = "OPTION B ADDS TWO AIRBORNE EARLY-WARNING AIRCRAFT."
    po.save()
    article.write_text(ARTICLE + "\nOne more line.\n", encoding="utf-8")
    found = runner.invoke(app, ["check", str(article), "--format", "github"])
    assert found.exit_code == 1
    lines = found.stdout.splitlines()
    assert any(line.startswith("::error file=") and "markup-mismatch" in line for line in lines)
    assert any("stale-catalogue" in line for line in lines)


def test_check_reports_a_broken_catalogue(project: tuple[Path, Settings], tmp_path: Path) -> None:
    article, settings = project
    translate([str(article)], settings, targets=["de"])
    path = _po(tmp_path)
    path.write_text(path.read_text(encoding="utf-8") + '\nmsgid "x"\nmsgstr "unterminated\n',
                    encoding="utf-8")  # fmt: skip
    result = runner.invoke(app, ["check", str(article), "--to", "de", "--format", "json"])
    assert result.exit_code == 2
    (syntax,) = [f for f in json.loads(result.stdout) if f["code"] == "po-syntax"]
    assert syntax["line"] > 0


def test_glossary_change_migrates_approved_translations(tmp_path: Path, packages_dir: Path) -> None:
    article = tmp_path / "talks.md"
    article.write_text("Talks resumed in Kiev.\n\nAir defence held.\n", encoding="utf-8")
    first = tmp_path / "first.gloss"
    first.write_text(
        "id: air-defence\nterm: air defence\nvariant: air defense\nnote: n\nde: Luftverteidigung\n",
        encoding="utf-8",
    )
    settings = Settings(
        root=tmp_path, glossaries=(first,), engine=EngineSettings(packages_dir=packages_dir)
    )
    translate([str(article)], settings, targets=["de"])
    po = polib.pofile(str(tmp_path / "locales" / "de" / "talks.po"))
    for msgid, msgstr in {
        "Talks resumed in Kiev.": "Die Gespräche in Kiew gingen weiter.",
        "Air defence held.": "Die Luftverteidigung hielt stand.",
    }.items():
        entry = po.find(msgid)
        assert entry is not None
        entry.msgstr, entry.flags = msgstr, []
    po.save()

    # the glossary learns Kyiv, and air defence becomes "Flugabwehr" in German
    second = tmp_path / "second.gloss"
    second.write_text(
        "id: air-defence\nterm: air defence\nvariant: air defense\nnote: n\nde: Flugabwehr\n\n"
        "id: kyiv\nterm: Kyiv\ndeprecated: Kiev\nnote: n\nde: Kyjiw | Kiew\n",
        encoding="utf-8",
    )
    settings = Settings(
        root=tmp_path, glossaries=(second,), engine=EngineSettings(packages_dir=packages_dir)
    )
    result = translate([str(article)], settings, targets=["de"])
    po = polib.pofile(str(tmp_path / "locales" / "de" / "talks.po"))
    kyiv = po.find("Talks resumed in Kyiv.")
    # a msgid changed only by normalisation: the approved translation is carried over, and
    # "Kiew" is one of the approved German equivalents, so no human look is needed
    assert kyiv is not None and kyiv.msgstr == "Die Gespräche in Kiew gingen weiter."
    assert "fuzzy" not in kyiv.flags
    defence = po.find("Air defence held.")
    # the equivalent changed: replaced in the approved translation, still approved
    assert defence is not None and defence.msgstr == "Die Flugabwehr hielt stand."
    assert "fuzzy" not in defence.flags
    # the approved entry of the old msgid waits, obsolete and unchanged, for a revert
    assert [(e.msgid, e.msgstr, e.fuzzy) for e in po if e.obsolete] == [
        ("Talks resumed in Kiev.", "Die Gespräche in Kiew gingen weiter.", False)
    ]
    (catalog,) = result.articles[0].catalogs
    assert catalog.stats.migrated == 1


def test_progress_reports_each_segment_per_language(project: tuple[Path, Settings]) -> None:
    article, settings = project
    events: list[tuple[str, int, int]] = []
    translate([str(article)], settings, targets=["de", "fr"],
              progress=lambda lang, done, total: events.append((lang, done, total)))  # fmt: skip
    for lang in ("de", "fr"):
        mine = [(done, total) for code, done, total in events if code == lang]
        assert mine[0] == (0, 6) and mine[-1] == (6, 6)
        done_counts = [d for d, _ in mine]
        assert done_counts == sorted(done_counts) and set(range(7)) <= set(done_counts)


def test_cli_prints_plain_progress_lines_off_a_terminal(
    project: tuple[Path, Settings], packages_dir: Path
) -> None:
    article, _ = project
    result = runner.invoke(app, ["translate", str(article), "--to", "de",
                                 "--packages-dir", str(packages_dir)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "translating 6 segments into de" in result.stderr
    quiet = runner.invoke(app, ["translate", str(article), "--to", "fr", "-q",
                                "--packages-dir", str(packages_dir)])  # fmt: skip
    assert quiet.exit_code == 0 and quiet.stderr == "" and quiet.stdout == ""


@pytest.mark.needs("gettext")
def test_a_rerun_with_nothing_new_writes_no_catalogue(
    project: tuple[Path, Settings], tmp_path: Path
) -> None:
    article, settings = project
    translate([str(article)], settings, targets=["de"])
    po = _po(tmp_path)
    # a reviewer's tool saved it unwrapped: same content, other bytes
    unwrapped = subprocess.run(
        ["msgcat", "--no-wrap", str(po)], capture_output=True, text=True, check=True
    ).stdout
    po.write_text(unwrapped, encoding="utf-8")
    again = translate([str(article)], settings, targets=["de"])
    assert [c.written for a in again.articles for c in a.catalogs] == [False]
    assert po.read_text(encoding="utf-8") == unwrapped


@pytest.mark.needs("gettext")
def test_a_msgctxt_twin_of_an_approved_entry_survives_a_run(
    project: tuple[Path, Settings], tmp_path: Path
) -> None:
    article, settings = project
    translate([str(article)], settings, targets=["de"])
    po = polib.pofile(str(_po(tmp_path)))
    first = next(e for e in po if not e.obsolete)
    first.msgstr, first.flags = "Von Hand übersetzt.", []
    twin = polib.POEntry(msgid=first.msgid, msgstr="Als Überschrift.", msgctxt="headline")
    po.append(twin)
    po.save()
    check = subprocess.run(
        ["msgfmt", "-c", "-o", "/dev/null", str(_po(tmp_path))], capture_output=True, check=False
    )
    assert check.returncode == 0, check.stderr  # a valid catalogue
    translate([str(article)], settings, targets=["de"])
    again = polib.pofile(str(_po(tmp_path)))
    plain = [e for e in again if e.msgid == first.msgid and e.msgctxt is None]
    context = [e for e in again if e.msgid == first.msgid and e.msgctxt == "headline"]
    assert [(e.msgstr, e.fuzzy) for e in plain] == [("Von Hand übersetzt.", False)]
    assert [(e.msgstr, e.fuzzy, e.obsolete) for e in context] == [("Als Überschrift.", False, 0)]


@pytest.mark.needs("gettext")
def test_a_run_after_approval_leaves_the_reviewers_file_as_it_was(
    project: tuple[Path, Settings], tmp_path: Path
) -> None:
    article, settings = project
    translate([str(article)], settings, targets=["de"])
    po = polib.pofile(str(_po(tmp_path)))
    for entry in po:
        entry.flags = [f for f in entry.flags if f != "fuzzy"]  # approve everything as it is
    po.save()
    subprocess.run(["msgcat", "-o", str(_po(tmp_path)), str(_po(tmp_path))], check=True)
    approved = _po(tmp_path).read_bytes()
    translate([str(article)], settings, targets=["de"])
    # glossary and machine-translation notes stay: nothing changed, nothing is rewritten
    assert _po(tmp_path).read_bytes() == approved


class SavingReviewer(CountingEngine):
    """The real engine; while it works, a reviewer saves the catalogue in their editor."""

    def __init__(self, packages_dir: Path, po_path: Path, msgid: str, msgstr: str) -> None:
        super().__init__(packages_dir)
        self.po_path, self.msgid, self.msgstr = po_path, msgid, msgstr

    def translate(
        self, texts: Sequence[str], source: str, target: str, progress: object = None
    ) -> list[str]:
        if not self.sent:  # the first batch: the reviewer approves an entry meanwhile
            po = polib.pofile(str(self.po_path))
            entry = po.find(self.msgid)
            assert entry is not None
            entry.msgstr, entry.flags = self.msgstr, []
            po.save()
        return super().translate(texts, source, target)


def test_a_reviewers_save_during_a_run_is_kept_and_reported(
    project: tuple[Path, Settings], packages_dir: Path, tmp_path: Path
) -> None:
    article, settings = project
    translate([str(article)], settings, targets=["de"])
    # the article changes, so the next run has work to do while the reviewer edits
    article.write_text(ARTICLE.replace("October", "November"), encoding="utf-8")
    msgid = "A spokesman declined to comment on the cost of the plan."
    reviewer = SavingReviewer(packages_dir, _po(tmp_path), msgid, "Ein Sprecher schwieg.")
    result = translate([str(article)], settings, targets=["de"], engine=reviewer)
    assert reviewer.sent  # the engine ran, and the save happened in the middle
    (catalog,) = result.articles[0].catalogs
    assert catalog.merged_edits  # reported
    po = polib.pofile(str(_po(tmp_path)))
    entry = po.find(msgid)
    assert entry is not None and (entry.msgstr, entry.fuzzy) == ("Ein Sprecher schwieg.", False)
    # and this run's own work landed too
    assert po.find("The first convoy will leave in November, officials said.") is not None


def test_a_compare_and_swap_write_never_overwrites_a_change(tmp_path: Path) -> None:
    from transpipe.core.fileio import ChangedMeanwhile, atomic_write_text, content_digest

    path = tmp_path / "a.po"
    path.write_text("first\n", encoding="utf-8")
    seen = content_digest(path)
    path.write_text("the reviewer's save\n", encoding="utf-8")
    with pytest.raises(ChangedMeanwhile):
        atomic_write_text(path, "this run\n", expect=seen)
    assert path.read_text(encoding="utf-8") == "the reviewer's save\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.po"]  # no temporary file left
    atomic_write_text(path, "this run\n", expect=content_digest(path))
    assert path.read_text(encoding="utf-8") == "this run\n"


def test_a_shared_catalogue_behind_a_link_is_updated_through_it(
    project: tuple[Path, Settings], tmp_path: Path
) -> None:
    article, settings = project
    translate([str(article)], settings, targets=["de"])
    shared = tmp_path / "shared" / "radar-de.po"
    shared.parent.mkdir()
    _po(tmp_path).replace(shared)
    _po(tmp_path).symlink_to(Path("..", "..", "shared", "radar-de.po"))
    article.write_text(ARTICLE.replace("October", "November"), encoding="utf-8")
    translate([str(article)], settings, targets=["de"])
    assert _po(tmp_path).is_symlink()  # the link stays a link
    assert "November" in shared.read_text(encoding="utf-8")  # and the shared file is current


def test_a_catalogue_linked_out_of_the_project_is_refused(
    project: tuple[Path, Settings], tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    article, settings = project
    translate([str(article)], settings, targets=["de"])
    outside = tmp_path_factory.mktemp("elsewhere") / "radar.po"
    _po(tmp_path).replace(outside)
    before = outside.read_bytes()
    _po(tmp_path).symlink_to(outside)
    article.write_text(ARTICLE.replace("October", "November"), encoding="utf-8")
    with pytest.raises(TranspipeError):
        translate([str(article)], settings, targets=["de"])
    assert outside.read_bytes() == before
