"""Catalogues on disk: headers, templates, strict reading, no-op writes, msgfmt, Babel."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from transpipe.core.errors import CatalogError
from transpipe.core.languages import language
from transpipe.core.model import CatalogData, ModelInfo, SourceEntry
from transpipe.po.catalog import po_header, read_catalog, template_data, write_catalog
from transpipe.po.merge import Proposal, merge_catalog

MODEL = ModelInfo(engine="argos", name="translate-en_de", version="1.2", source="en", target="de")
ENTRIES = [
    SourceEntry("The Chief of Staff met the ministers.", (("a.md", 3), ("a.md", 9))),
    SourceEntry(
        "Air defence remains the priority, officials said on Tuesday in a long statement "
        "that ran past the usual line width.",
        (("a.md", 5),),
        notes=("normalised: air defense → air defence [air-defence]",),
    ),
]


def build(existing: CatalogData | None = None) -> CatalogData:
    proposals = {e.msgid: Proposal(e.msgid.upper(), ("glossary: a → b [c]",)) for e in ENTRIES}
    data, _ = merge_catalog(
        ENTRIES, proposals, po_header(language("de"), MODEL, "a", "sha256:0"), existing,
        model_note="machine translation: argos translate-en_de 1.2",
    )  # fmt: skip
    return data


def test_header_and_entries_as_polib_reads_them(tmp_path: Path) -> None:
    path = tmp_path / "de" / "a.po"
    assert write_catalog(build(), path)
    po = polib.pofile(str(path))
    assert po.metadata["Language"] == "de"
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert po.metadata["X-Transpipe-Model"] == "translate-en_de 1.2"
    first = po.find("The Chief of Staff met the ministers.")
    assert first is not None and first.msgstr == "THE CHIEF OF STAFF MET THE MINISTERS."
    assert first.flags == ["fuzzy"]
    assert first.occurrences == [("a.md", "3"), ("a.md", "9")]


def test_noop_rewrite_leaves_the_file_byte_identical(tmp_path: Path) -> None:
    path = tmp_path / "de" / "a.po"
    assert write_catalog(build(), path) is True
    before = path.read_bytes()
    again = build(read_catalog(path))
    assert write_catalog(again, path) is False
    assert path.read_bytes() == before


@pytest.mark.needs("gettext")
def test_same_content_wrapped_by_another_tool_is_not_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "de" / "a.po"
    write_catalog(build(), path)
    # msgcat --no-wrap, as some editors save: every string on one line
    unwrapped = subprocess.run(
        ["msgcat", "--no-wrap", str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert unwrapped != path.read_text(encoding="utf-8")
    path.write_text(unwrapped, encoding="utf-8")
    assert write_catalog(build(read_catalog(path)), path) is False
    assert path.read_text(encoding="utf-8") == unwrapped
    changed = build(read_catalog(path))
    changed = CatalogData(changed.header, changed.entries[:1], changed.header_fuzzy)
    assert write_catalog(changed, path) is True  # a real change is written, in our wrapping
    assert read_catalog(path).entries[0].msgid == ENTRIES[0].msgid


@pytest.mark.needs("gettext")
def test_msgfmt_and_babel_accept_template_and_catalogue(tmp_path: Path) -> None:
    from babel.messages.pofile import read_po

    pot = tmp_path / "a.pot"
    po = tmp_path / "de.po"
    write_catalog(template_data(ENTRIES, "a", "sha256:0"), pot)
    write_catalog(build(), po)
    assert shutil.which("msgfmt"), "GNU gettext's msgfmt is needed (tests/run.sh installs it)"
    for path in (po, pot):
        run = subprocess.run(
            ["msgfmt", "-c", "-o", "/dev/null", str(path)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert run.returncode == 0, run.stderr
        with path.open("rb") as handle:
            catalog = read_po(handle)
        assert [m.id for m in catalog if m.id] == [e.msgid for e in ENTRIES]
    # msgcat leaves our output as it is: same wrapping as gettext
    out = tmp_path / "msgcat.po"
    subprocess.run(["msgcat", "-o", str(out), str(po)], check=True)
    assert out.read_bytes() == po.read_bytes()


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
         'msgid "a"\nmsgstr "b\nmsgid "c"\nmsgstr ""\n'), 6),
        (('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
         'msgid "a"\nmsgstr "b"\ngarbage here\n'), 7),
    ],
)  # fmt: skip
def test_broken_catalogue_is_reported_with_line(tmp_path: Path, text: str, line: int) -> None:
    path = tmp_path / "broken.po"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        read_catalog(path)
    assert str(info.value).startswith(f"{path}:{line}: ")


def test_not_utf8_is_reported_with_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.po"
    path.write_bytes(b'msgid ""\nmsgstr ""\n\nmsgid "caf\xe9"\nmsgstr ""\n')
    with pytest.raises(CatalogError) as info:
        read_catalog(path)
    assert info.value.line == 4
