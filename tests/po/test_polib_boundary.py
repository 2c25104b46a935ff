"""Catalogues as polib objects: the strict reader gives them, the msgcat-identical writer takes them."""

from __future__ import annotations

import subprocess
from pathlib import Path

import polib
import pytest

from tests.conftest import TESTS
from transpipe.core.errors import CatalogError
from transpipe.po.catalog import from_polib, load_pofile, read_catalog, save_pofile, to_polib

SAMPLES = sorted((TESTS / "data" / "po").glob("*.po"))


def msgcat(path: Path) -> bytes:
    return subprocess.run(["msgcat", str(path)], capture_output=True, check=True).stdout


@pytest.mark.needs("gettext")
@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_a_catalogue_read_as_polib_and_saved_is_what_msgcat_writes(
    path: Path, tmp_path: Path
) -> None:
    po = load_pofile(path)
    assert isinstance(po, polib.POFile)
    assert from_polib(po) == read_catalog(path)  # nothing lost either way
    assert from_polib(to_polib(read_catalog(path))) == read_catalog(path)
    saved = tmp_path / "saved.po"
    save_pofile(po, saved)
    assert saved.read_bytes() == msgcat(path)


def test_polib_objects_carry_every_part_of_an_entry() -> None:
    po = load_pofile(TESTS / "data" / "po" / "msgcat-layout.po")
    by_id = {e.msgid: e for e in po}
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    reviewed = [e for e in po if e.translated()]
    assert reviewed and all(not e.fuzzy for e in reviewed)
    for entry, data in zip(po, read_catalog(TESTS / "data" / "po" / "msgcat-layout.po").entries):
        assert entry.msgid == data.msgid and entry.msgstr == data.msgstr
        assert entry.occurrences == [tuple(r) for r in data.references]
        assert entry.comment.split("\n") == list(data.comments) or not data.comments
        assert entry.obsolete == data.obsolete and entry.linenum == data.line
    assert by_id  # the file is not empty


@pytest.mark.needs("gettext")
def test_an_edited_polib_object_is_saved_as_msgcat_lays_it_out(tmp_path: Path) -> None:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "de"}
    po.append(
        polib.POEntry(
            msgid="The air defence units moved north of the river before dawn on a cold Tuesday.",
            msgstr="Die Luftverteidigung zog vor Sonnenaufgang an einem kalten Dienstag nordwärts.",
            occurrences=[("articles/a.md", "3")],
            flags=["fuzzy"],
            comment="glossary: air defence → Luftverteidigung [air-defence]",
        )
    )
    path = tmp_path / "de.po"
    save_pofile(po, path)
    assert path.read_bytes() == msgcat(path)  # a fixed point of msgcat: its own layout
    assert "#. glossary: air defence → Luftverteidigung [air-defence]\n" in path.read_text()
    (back,) = load_pofile(path)
    assert (back.msgid, back.msgstr, back.flags, back.occurrences, back.comment) == (
        po[0].msgid,
        po[0].msgstr,
        ["fuzzy"],
        [("articles/a.md", "3")],
        po[0].comment,
    )


def test_the_strict_reader_refuses_what_polib_would_accept(tmp_path: Path) -> None:
    path = tmp_path / "dup.po"
    path.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Kyiv"\nmsgstr "Kiew"\n\nmsgid "Kyiv"\nmsgstr "Kijów"\n',
        encoding="utf-8",
    )
    assert len(polib.pofile(str(path))) == 2  # polib reads the duplicate silently
    with pytest.raises(CatalogError) as caught:
        load_pofile(path)
    assert caught.value.line == 7 and "duplicate" in str(caught.value)


def test_a_plural_entry_is_refused_with_its_line() -> None:
    po = polib.POFile()
    po.append(polib.POEntry(msgid="one drone", msgid_plural="{n} drones", linenum=12))
    with pytest.raises(CatalogError) as caught:
        from_polib(po)
    assert caught.value.line == 12 and "plural" in str(caught.value)
