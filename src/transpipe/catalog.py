"""Gettext catalogues: the only module that imports polib.

The template (``.pot``) holds every source sentence once, with a ``#:``
reference for each place it occurs; each language's ``.po`` holds the
machine output marked ``fuzzy`` for a reviewer.  Merging with an existing
catalogue keeps what a reviewer did: approved (non-fuzzy) translations,
translator comments (``# ``), and fuzzy translations a reviewer edited.
Sentences that left the article become obsolete (``#~``), never deleted.
Writing is atomic and skipped when nothing but dates would change, so a no-op
re-run leaves catalogues byte-identical.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polib

from transpipe import __version__
from transpipe.errors import CatalogError
from transpipe.fileio import atomic_write_text
from transpipe.languages import Language
from transpipe.model import ModelInfo, SourceEntry

WRAP_WIDTH = 78
DATE_KEYS = ("POT-Creation-Date", "PO-Revision-Date")


@dataclass(frozen=True, slots=True)
class CatalogStats:
    """What a written catalogue holds."""

    entries: int
    approved: int
    fuzzy: int
    kept: int  # reviewer translations carried over from the earlier catalogue
    obsolete: int


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000")


def _occurrences(refs: Sequence[tuple[str, int]]) -> list[tuple[str, str]]:
    return [(path, str(line)) for path, line in refs]


def new_template(entries: Sequence[SourceEntry], project: str) -> polib.POFile:
    """The ``.pot`` template for one article."""
    pot = polib.POFile(wrapwidth=WRAP_WIDTH)
    pot.metadata = {
        "Project-Id-Version": project,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": _now(),
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": "LANGUAGE <LL@li.org>",
        "Language": "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": f"transpipe {__version__}",
    }
    pot.metadata_is_fuzzy = True
    for entry in entries:
        pot.append(
            polib.POEntry(
                msgid=entry.msgid,
                msgstr="",
                occurrences=_occurrences(entry.references),
                comment="\n".join(entry.notes),
            )
        )
    return pot


def new_catalog(
    entries: Sequence[SourceEntry],
    machine: Mapping[str, str],
    language: Language,
    model: ModelInfo,
    project: str,
    existing: polib.POFile | None = None,
    notes: Mapping[str, Sequence[str]] | None = None,
) -> tuple[polib.POFile, CatalogStats]:
    """The ``.po`` catalogue for one article and language, merged with ``existing``.

    ``machine`` maps each msgid to the engine's output, ``notes`` to extra
    reviewer comments for this language (glossary terms and their fate).  For a msgid the
    earlier catalogue had, its reviewer's work wins: an approved translation
    stays approved, a fuzzy translation that differs from the new machine
    output stays as the reviewer left it, translator comments stay.
    """
    po = polib.POFile(wrapwidth=WRAP_WIDTH)
    po.metadata = {
        "Project-Id-Version": project,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": _now(),
        "PO-Revision-Date": _now(),
        "Last-Translator": f"{model.engine} {model.name} {model.version}".strip(),
        "Language-Team": f"{language.name} <{language.code}>",
        "Language": language.code,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": language.plural_forms,
        "X-Generator": f"transpipe {__version__}",
        "X-Transpipe-Engine": model.engine,
        "X-Transpipe-Model": f"{model.name} {model.version}".strip(),
    }
    old: dict[str, Any] = {}
    if existing is not None:
        # keep header fields a reviewer's tool added or changed (Last-Translator, ...)
        for key, value in existing.metadata.items():
            if key not in (
                "Language",
                "Content-Type",
                "Plural-Forms",
                "X-Generator",
                "X-Transpipe-Engine",
                "X-Transpipe-Model",
                "Project-Id-Version",
            ):
                po.metadata[key] = value
        old = {e.msgid: e for e in existing if not e.obsolete and e.msgid}
    kept = 0
    model_note = f"machine translation: {model.engine} {model.name} {model.version}".strip()
    seen: set[str] = set()
    for entry in entries:
        seen.add(entry.msgid)
        mt = machine.get(entry.msgid, "")
        extra = tuple(notes.get(entry.msgid, ())) if notes else ()
        comment = "\n".join((*entry.notes, *extra, model_note))
        previous = old.get(entry.msgid)
        new = polib.POEntry(
            msgid=entry.msgid,
            msgstr=mt,
            occurrences=_occurrences(entry.references),
            comment=comment,
            flags=["fuzzy"],
        )
        if previous is not None:
            new.tcomment = previous.tcomment
            reviewed = previous.msgstr and previous.msgstr != mt
            if previous.msgstr and ("fuzzy" not in previous.flags or reviewed):
                new.msgstr = previous.msgstr
                new.flags = list(previous.flags)
                new.previous_msgid = previous.previous_msgid
                kept += 1
        po.append(new)
    obsolete = 0
    if existing is not None:
        for previous in existing:
            if previous.msgid and previous.msgid not in seen:
                previous.obsolete = True
                po.append(previous)
                obsolete += 1
    live = [e for e in po if not e.obsolete]
    fuzzy = sum(1 for e in live if "fuzzy" in e.flags)
    stats = CatalogStats(
        entries=len(live),
        approved=sum(1 for e in live if e.msgstr and "fuzzy" not in e.flags),
        fuzzy=fuzzy,
        kept=kept,
        obsolete=obsolete,
    )
    return po, stats


_SYNTAX_LINE = re.compile(r"line (\d+)")


def read_catalog(path: Path) -> polib.POFile:
    """Parse a catalogue; errors name the file and, where polib knows it, the line."""
    try:
        return polib.pofile(str(path), wrapwidth=WRAP_WIDTH)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        text = str(exc)
        match = _SYNTAX_LINE.search(text)
        message = re.sub(r"\s*\(line \d+\)", "", text) or type(exc).__name__
        raise CatalogError(
            f"cannot read the catalogue: {message}; fix it in a PO editor or `msgfmt -c`",
            path=str(path),
            line=int(match.group(1)) if match else None,
        ) from exc


def write_catalog(po: polib.POFile, path: Path) -> bool:
    """Write ``po`` atomically; return False (and write nothing) if only dates would change."""
    if path.exists():
        current = path.read_text(encoding="utf-8")
        try:
            existing = polib.pofile(current, wrapwidth=WRAP_WIDTH)
        except (OSError, ValueError):
            existing = None
        if existing is not None:
            fresh = {k: po.metadata.get(k) for k in DATE_KEYS}
            for key in DATE_KEYS:
                if key in existing.metadata and key in po.metadata:
                    po.metadata[key] = existing.metadata[key]
            if str(po) == current:
                return False
            for key, value in fresh.items():
                if value is not None:
                    po.metadata[key] = value
    atomic_write_text(path, str(po))
    return True
