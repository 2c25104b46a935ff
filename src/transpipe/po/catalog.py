"""Gettext catalogues on disk: templates, headers, reading and writing.

Reading is strict (``reader.parse_catalog``: a syntax error, a
duplicate msgid or a wrong charset is an error naming the file and line,
never a silent loss) and writing produces exactly what GNU gettext's
``msgcat`` would (``writer.format_catalog``), so a catalogue a
reviewer saved with Poedit or ``msgcat`` is not re-wrapped by a re-run.
Writes are atomic and skipped when nothing but the dates would change, so a
no-op re-run leaves every catalogue byte-identical.

For code outside transpipe the catalogue model is polib's: :func:`load_pofile`
reads strictly into a ``polib.POFile`` and :func:`save_pofile` writes one as
``msgcat`` would (:func:`to_polib` and :func:`from_polib` convert).  Inside,
the stages pass the frozen :class:`~transpipe.core.model.CatalogData`: the reasons,
measured, are in the README ("Catalogues and polib").
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import polib

from transpipe import __version__
from transpipe.core.errors import CatalogError
from transpipe.core.fileio import atomic_write_text, read_utf8
from transpipe.core.languages import Language
from transpipe.core.model import CatalogData, CatalogEntry, ModelInfo, SourceEntry
from transpipe.po.reader import parse_catalog
from transpipe.po.writer import format_catalog

DATE_KEYS = ("POT-Creation-Date", "PO-Revision-Date")
SOURCE_KEY = "X-Transpipe-Source"
ENGINE_KEY = "X-Transpipe-Engine"  # the engine that drafted the catalogue's translations


def _now() -> str:
    """Now, as a catalogue header's date; ``SOURCE_DATE_EPOCH`` (reproducible builds) wins.

    With it set (say, to the commit's time: ``git log -1 --format=%ct``), runs on
    different machines and at different minutes, such as the shards of a CI
    matrix, write the same bytes.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    when = datetime.now(UTC)
    if epoch.isdigit():
        try:
            when = datetime.fromtimestamp(int(epoch), UTC)
        except (OverflowError, OSError, ValueError):
            pass  # out of range: the clock's time, as without it
    return when.strftime("%Y-%m-%d %H:%M+0000")


def template_data(entries: Sequence[SourceEntry], project: str, source_hash: str) -> CatalogData:
    """The ``.pot`` template for one article: every msgid once, with references and notes."""
    header = (
        ("Project-Id-Version", project),
        ("Report-Msgid-Bugs-To", ""),
        ("POT-Creation-Date", _now()),
        ("PO-Revision-Date", "YEAR-MO-DA HO:MI+ZONE"),
        ("Last-Translator", "FULL NAME <EMAIL@ADDRESS>"),
        ("Language-Team", "LANGUAGE <LL@li.org>"),
        ("Language", ""),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
        ("X-Generator", f"transpipe {__version__}"),
        (SOURCE_KEY, source_hash),
    )
    return CatalogData(
        header=header,
        entries=tuple(
            CatalogEntry(
                msgid=e.msgid,
                references=tuple((path, str(line)) for path, line in e.references),
                comments=e.notes,
            )
            for e in entries
        ),
        header_fuzzy=True,
    )


def po_header(
    language: Language, model: ModelInfo, project: str, source_hash: str
) -> tuple[tuple[str, str], ...]:
    """Header fields of a language's catalogue (fields a reviewer's tool adds are kept on merge)."""
    return (
        ("Project-Id-Version", project),
        ("Report-Msgid-Bugs-To", ""),
        ("POT-Creation-Date", _now()),
        ("PO-Revision-Date", _now()),
        ("Last-Translator", ""),
        ("Language-Team", language.name),  # a team, not an address: the reviewer fills it
        ("Language", language.code),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
        ("Plural-Forms", language.plural_forms),
        ("X-Generator", f"transpipe {__version__}"),
        (ENGINE_KEY, model.engine),
        ("X-Transpipe-Model", f"{model.name} {model.version}".strip()),
        (SOURCE_KEY, source_hash),
    )


def read_catalog(path: Path) -> CatalogData:
    """Parse a catalogue strictly; errors name the file and line."""
    return parse_catalog(read_utf8(path, CatalogError, "catalogue"), str(path))


def to_polib(data: CatalogData) -> polib.POFile:
    """``data`` as a ``polib.POFile`` (entries in order, the header as its metadata)."""
    po = polib.POFile(wrapwidth=79)
    po.header = data.header_comment
    po.metadata = dict(data.header)
    po.metadata_is_fuzzy = ["fuzzy"] if data.header_fuzzy else []
    for entry in data.entries:
        po.append(
            polib.POEntry(
                msgid=entry.msgid,
                msgstr=entry.msgstr,
                msgctxt=entry.msgctxt,
                flags=list(entry.flags),
                occurrences=[tuple(r) for r in entry.references],
                comment="\n".join(entry.comments),
                tcomment=entry.tcomment,
                previous_msgid=entry.previous_msgid,
                obsolete=entry.obsolete,
                linenum=entry.line,
            )
        )
    return po


def from_polib(po: polib.POFile) -> CatalogData:
    """A ``polib.POFile`` as :class:`CatalogData`; plural entries are refused.

    transpipe's catalogues hold one sentence per entry, without plurals; a
    plural entry is a :class:`~transpipe.core.errors.CatalogError` naming its line.
    """
    entries = []
    for entry in po:
        if entry.msgid_plural:
            raise CatalogError("plural entries are not supported", line=entry.linenum or None)
        entries.append(
            CatalogEntry(
                msgid=entry.msgid,
                msgstr=entry.msgstr,
                msgctxt=entry.msgctxt,
                flags=tuple(entry.flags),
                references=tuple((str(f), str(n)) for f, n in entry.occurrences),
                comments=tuple(entry.comment.split("\n")) if entry.comment else (),
                tcomment=entry.tcomment,
                previous_msgid=entry.previous_msgid,
                obsolete=entry.obsolete,
                line=int(entry.linenum or 0),
            )
        )
    return CatalogData(
        header=tuple((str(k), str(v)) for k, v in po.metadata.items()),
        entries=tuple(entries),
        header_fuzzy="fuzzy" in (po.metadata_is_fuzzy or []),
        header_comment=po.header,
    )


def load_pofile(path: Path) -> polib.POFile:
    """Read a catalogue strictly (errors name the file and line) into a ``polib.POFile``."""
    return to_polib(read_catalog(path))


def save_pofile(po: polib.POFile, path: Path) -> None:
    """Write a ``polib.POFile`` atomically, laid out exactly as GNU ``msgcat`` would."""
    atomic_write_text(path, format_catalog(from_polib(po)))


def _with_dates(data: CatalogData, dates: dict[str, str]) -> CatalogData:
    header = tuple((k, dates.get(k, v)) for k, v in data.header)
    return replace(data, header=header)


def _content(data: CatalogData) -> CatalogData:
    """``data`` without the source line numbers a parsed catalogue carries."""
    return replace(data, entries=tuple(replace(e, line=0) for e in data.entries))


def write_catalog(
    data: CatalogData,
    path: Path,
    current: CatalogData | None = None,
    *,
    expect: str | None = None,
) -> bool:
    """Write ``data`` atomically; return False (writing nothing) if only dates would change.

    The comparison is between parsed catalogues, so a file that a tool saved
    with other line wrapping but the same content is not rewritten either.
    ``current`` is the catalogue at ``path`` if the caller has already read it
    in this run (under the project lock), so that it is not read twice.
    ``expect`` makes the write a compare-and-swap (see
    :func:`~transpipe.core.fileio.atomic_write_bytes`): if the file is no longer
    what the caller read, :class:`~transpipe.core.fileio.ChangedMeanwhile` is
    raised and nothing is written.
    """
    if current is None and path.exists():
        try:
            current = parse_catalog(path.read_text(encoding="utf-8"), str(path))
        except (OSError, UnicodeDecodeError, CatalogError):
            current = None
    if current is not None:
        old_dates = {k: v for k, v in current.header if k in DATE_KEYS}
        if _content(_with_dates(data, old_dates)) == _content(current):
            return False
    atomic_write_text(path, format_catalog(data), expect=expect)
    return True
