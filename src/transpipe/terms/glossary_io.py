"""Glossary files in every format: load and layer them, import them as ``.gloss``.

:func:`load_glossaries` reads ``.gloss`` files (``gloss_format``) and ``.tbx``
or ``.csv`` files (``tbx``, ``csv_format``) alike and layers them in order.
:func:`import_glossary` turns a TBX or CSV file into a ``.gloss`` file,
refusing concepts that :func:`~transpipe.terms.validate.validate_glossary`
finds errors in.  The writers of the exchange formats are re-exported here,
so the glossary commands need this one module: :func:`to_tbx`,
:func:`to_csv` with :func:`languages_of`, and :func:`to_deepl_csv`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path

from transpipe.core.fileio import decode_utf8, read_bytes, read_utf8
from transpipe.core.findings import ERROR
from transpipe.terms.csv_format import from_csv, to_csv, to_deepl_csv
from transpipe.terms.exchange import languages_of
from transpipe.terms.gloss_format import format_concept, format_glossary, parse_glossary
from transpipe.terms.glossary import LANGUAGE_CODE, Concept, Glossary, GlossaryError
from transpipe.terms.tbx import from_tbx, to_tbx
from transpipe.terms.validate import split_concept, validate_glossary

__all__ = [
    "import_glossary",
    "languages_of",
    "load_glossaries",
    "read_glossary_file",
    "read_interchange",
    "to_csv",
    "to_deepl_csv",
    "to_tbx",
]


def read_glossary_file(path: Path) -> list[Concept]:
    """Read one glossary file: ``.gloss``, or ``.tbx``/``.csv`` through :func:`read_interchange`."""
    if path.suffix.lower() in (".tbx", ".csv"):
        return read_interchange(path)
    return parse_glossary(read_utf8(path, GlossaryError, "glossary"), str(path))


def load_glossaries(paths: Sequence[Path]) -> Glossary:
    """Layer glossary files in order: a later concept replaces an earlier one with its id."""
    merged: dict[str, Concept] = {}
    digest = hashlib.sha256()
    for path in paths:
        for concept in read_glossary_file(path):
            merged[concept.id] = concept
    for concept in merged.values():
        digest.update(format_concept(concept).encode("utf-8"))
    return Glossary(
        concepts=tuple(merged.values()),
        sources=tuple(str(p) for p in paths),
        version=digest.hexdigest()[:16],
    )


def read_interchange(path: Path, deepl_target: str | None = None) -> list[Concept]:
    """Read a ``.tbx`` or ``.csv`` glossary file.

    Files are UTF-8 (a BOM is fine; a ``.tbx`` may also be UTF-16 with a BOM,
    as MultiTerm writes it).  A DeepL CSV without language columns takes its
    target language from ``deepl_target`` or else from the file name's last
    dotted, dashed or underscored part (``terms.de.csv``, ``deepl-en-uk.csv``).
    """
    shown = str(path)
    suffix = path.suffix.lower()
    if suffix not in (".tbx", ".csv"):
        raise GlossaryError("expected a .tbx or .csv glossary", path=shown)
    data = read_bytes(path, GlossaryError, "glossary")
    text = _decode(data, shown, utf16=suffix == ".tbx")
    if suffix == ".tbx":
        return from_tbx(text, shown)
    if deepl_target is None:
        last = re.split(r"[._-]", path.stem)[-1]
        deepl_target = (
            last.lower() if LANGUAGE_CODE.match(last.lower()) and last != path.stem else None
        )
    return from_csv(text, shown, deepl_target)


def import_glossary(path: Path, deepl_target: str | None = None) -> str:
    """A ``.gloss`` file made from the ``.tbx`` or ``.csv`` glossary at ``path``.

    Raises :class:`GlossaryError` naming the file (and line) for unreadable or
    malformed input, and for concepts that claim the same form.
    """
    concepts = read_interchange(path, deepl_target)
    errors = [f for f in validate_glossary(Glossary(tuple(concepts))) if f.severity == ERROR]
    if errors:
        concept, message = split_concept(errors[0])
        raise GlossaryError(f"{message} (concept {concept})", path=str(path))
    return format_glossary(concepts, header=f"Imported from {path.name}.")


def _decode(data: bytes, path: str, *, utf16: bool) -> str:
    if utf16 and data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise GlossaryError("not valid UTF-16", path=path) from None
    return decode_utf8(data, path, GlossaryError, "glossary")
