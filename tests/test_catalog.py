"""Catalogue building, merging with a reviewer's work, and writing."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from transpipe.catalog import (
    SourceEntry,
    new_catalog,
    new_template,
    read_catalog,
    write_catalog,
)
from transpipe.errors import CatalogError
from transpipe.languages import language
from transpipe.model import ModelInfo

MODEL = ModelInfo(engine="argos", name="translate-en_de", version="1.2", source="en", target="de")
ENTRIES = [
    SourceEntry("The Chief of Staff met the ministers.", (("a.md", 3), ("a.md", 9))),
    SourceEntry("Air defence remains the priority.", (("a.md", 5),)),
]
MACHINE = {e.msgid: e.msgid.upper() for e in ENTRIES}


def build(existing: polib.POFile | None = None) -> polib.POFile:
    po, _ = new_catalog(ENTRIES, MACHINE, language("de"), MODEL, "a", existing)
    return po


def test_machine_output_is_fuzzy_with_references_and_model_note() -> None:
    po = build()
    first = po.find("The Chief of Staff met the ministers.")
    assert first is not None
    assert first.msgstr == "THE CHIEF OF STAFF MET THE MINISTERS."
    assert "fuzzy" in first.flags
    assert first.occurrences == [("a.md", "3"), ("a.md", "9")]
    assert "argos translate-en_de 1.2" in first.comment
    assert po.metadata["Language"] == "de"
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert po.metadata["X-Transpipe-Model"] == "translate-en_de 1.2"
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"


def test_reviewer_work_survives_a_rerun() -> None:
    earlier = build()
    approved = earlier.find("The Chief of Staff met the ministers.")
    assert approved is not None
    approved.msgstr = "Der Stabschef traf die Minister."
    approved.flags.remove("fuzzy")
    approved.tcomment = "checked against the ministry's release"
    edited = earlier.find("Air defence remains the priority.")
    assert edited is not None
    edited.msgstr = "Die Luftverteidigung bleibt vorrangig."  # edited, still fuzzy
    gone = polib.POEntry(msgid="A sentence that was removed.", msgstr="Ein entfernter Satz.")
    earlier.append(gone)

    po, stats = new_catalog(ENTRIES, MACHINE, language("de"), MODEL, "a", earlier)
    kept = po.find("The Chief of Staff met the ministers.")
    assert kept is not None and kept.msgstr == "Der Stabschef traf die Minister."
    assert "fuzzy" not in kept.flags
    assert kept.tcomment == "checked against the ministry's release"
    fuzzy = po.find("Air defence remains the priority.")
    assert fuzzy is not None and fuzzy.msgstr == "Die Luftverteidigung bleibt vorrangig."
    assert "fuzzy" in fuzzy.flags
    obsolete = po.find("A sentence that was removed.", include_obsolete_entries=True)
    assert obsolete is not None and obsolete.obsolete and obsolete.msgstr == "Ein entfernter Satz."
    assert (stats.entries, stats.approved, stats.fuzzy, stats.kept, stats.obsolete) == (
        2,
        1,
        1,
        2,
        1,
    )


def test_noop_rewrite_leaves_the_file_byte_identical(tmp_path: Path) -> None:
    path = tmp_path / "de" / "a.po"
    assert write_catalog(build(), path) is True
    before = path.read_bytes()
    again = build(read_catalog(path))
    again.metadata["PO-Revision-Date"] = "2099-01-01 00:00+0000"
    assert write_catalog(again, path) is False
    assert path.read_bytes() == before


def test_msgfmt_accepts_template_and_catalogue(tmp_path: Path) -> None:
    pot = tmp_path / "a.pot"
    po = tmp_path / "de.po"
    write_catalog(new_template(ENTRIES, "a"), pot)
    write_catalog(build(), po)
    assert shutil.which("msgfmt"), "GNU gettext's msgfmt is needed (.ci/run installs it)"
    for path in (po, pot):
        run = subprocess.run(
            ["msgfmt", "-c", "-o", "/dev/null", str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert run.returncode == 0, run.stderr


def test_broken_catalogue_is_reported_with_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "b"\ngarbage here\n', encoding="utf-8"
    )
    with pytest.raises(CatalogError) as info:
        read_catalog(path)
    assert str(info.value).startswith(f"{path}:6: ")
