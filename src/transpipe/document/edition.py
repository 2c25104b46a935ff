"""Localized editions: one article rendered from its reviewed translations.

The article's structure (headings, list items, quotations, code blocks,
front matter) comes from the parsed :class:`Document`; only sentences are
replaced.  Each sentence is looked up by its msgid (its normalised text) and
rendered as:

* the approved msgstr (translated, not fuzzy, not blank), inline Markdown
  used as the reviewer wrote it;
* with ``drafts``, else the fuzzy msgstr (unreviewed machine output) when it
  is not blank;
* else the msgid: the normalised English sentence (a fallback).

Counts are over distinct msgids, so a sentence repeated in the article (a
title repeated in the body) is counted once and rendered from its one entry;
``approved + drafts_used + fallbacks == total``.

Translated text never adds markup: the renderers escape, for the edition's
format, every tag the source sentence did not carry (see
:mod:`transpipe.document.html` and :mod:`transpipe.document.markdown`).  An
approved translation whose placeholders or inline markup differ from its
msgid's (``placeholder-mismatch``, ``markup-mismatch``, see
:mod:`transpipe.document.markup`) is refused: :func:`build_edition` raises
:class:`MarkupMismatchError` naming the catalogue line, and no edition is
made from that catalogue.  Drafts are not refused (they are unreviewed by
definition); their new markup is escaped like any other.

An edition is written only when the approved share reaches ``min_reviewed``,
or whatever the share when drafts are asked for; drafts never count towards
it.  An edition that uses drafts, or is written under the threshold because
drafts were asked for, says so on its first line (after the front matter of a Markdown article, which must stay
first), followed by a blank line::

    <!-- DRAFT: 3 of 12 sentences are unreviewed machine translation -->

in Markdown and HTML (a comment: invisible once rendered, kept in the source;
in HTML it comes before the doctype, where the standard allows comments),
and in plain text::

    [DRAFT: 3 of 12 sentences are unreviewed machine translation]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from transpipe.core.errors import EXIT_FINDINGS, CatalogError
from transpipe.core.model import BlockKind, CatalogEntry, Document
from transpipe.document import render_document
from transpipe.document.front_matter import read_front_matter
from transpipe.document.markup import markup_problems

__all__ = [
    "Edition",
    "MarkupMismatchError",
    "build_edition",
    "draft_notice",
    "source_edition",
]


class MarkupMismatchError(CatalogError):
    """An approved translation whose placeholders or inline markup differ from its msgid's.

    A finding, as in ``check`` (exit status 1): the catalogue is fine to read
    but not fit to publish.  ``path`` is the catalogue, ``line`` the entry's.
    """

    exit_code = EXIT_FINDINGS

    def __str__(self) -> str:
        if self.path is None and self.line is not None:  # a catalogue not read from a file
            return f"line {self.line}: {self.message}".replace("\n", " ")
        return super().__str__()


@dataclass(frozen=True, slots=True)
class Edition:
    """A localized edition of one article and how much of it is reviewed.

    ``text`` is None when the approved share is below the threshold (the
    edition is not written; ``written`` is False).  ``total`` counts the
    distinct msgids of the article; ``approved``, ``drafts_used`` and
    ``fallbacks`` (left in English) split it.  ``share`` is
    ``approved / total``, 1.0 for an article without sentences.
    """

    text: str | None
    total: int
    approved: int
    drafts_used: int
    fallbacks: int
    share: float
    written: bool


def _approved(entry: CatalogEntry) -> bool:
    # a blank approved msgstr would drop the sentence from the edition: treat it as missing
    return entry.approved and bool(entry.msgstr.strip())


def _draft(entry: CatalogEntry) -> bool:
    return entry.fuzzy and not entry.obsolete and bool(entry.msgstr.strip())


def _msgid_of(text: str, msgids: Mapping[str, str]) -> str:
    return msgids.get(text, text)


def draft_notice(fmt: str, drafts: int, total: int, untranslated: int = 0) -> str:
    """The line that marks an edition using ``drafts`` unreviewed sentences of ``total``
    (and ``untranslated`` ones left in the source language)."""
    words = f"DRAFT: {drafts} of {total} sentences are unreviewed machine translation"
    if untranslated:
        words += f", {untranslated} still in the source language"
    return f"<!-- {words} -->" if fmt in ("markdown", "html") else f"[{words}]"


_NOTICE = re.compile(r"^(?:<!-- |\[)DRAFT: \d+ of \d+ sentences are unreviewed", re.MULTILINE)


def is_draft(text: str) -> bool:
    """Whether an edition's text carries the draft notice (first line, or after front matter)."""
    return _NOTICE.search(text) is not None


def edition_entries(entries: Iterable[CatalogEntry]) -> dict[str, CatalogEntry]:
    """The entries an edition reads, by msgid: live ones without a msgctxt (transpipe's
    entries have no context; one with a context is another entry)."""
    return {e.msgid: e for e in entries if not e.obsolete and e.msgctxt is None}


def build_edition(
    document: Document,
    msgids: Mapping[str, str],
    entries: Mapping[str, CatalogEntry],
    *,
    drafts: bool = False,
    min_reviewed: float = 0.8,
    language: str | None = None,
    catalog: str | None = None,
) -> Edition:
    """Render ``document`` in one language from its catalogue ``entries``.

    ``msgids`` maps each sentence's source text (``Sentence.text``) to its
    msgid; a sentence missing from it is its own msgid.  ``entries`` maps a
    msgid to its entry in the language's catalogue.  ``min_reviewed`` (0 to
    1) is the approved share needed for the edition to be written; at or
    above it ``text`` holds the edition, below it ``text`` is None and the
    counts say why.  ``language`` is the edition's language, written where
    the format has a place for it (``<html lang>``).  ``catalog`` is the
    catalogue's path as errors show it.  Raises :class:`ValueError` for a
    threshold outside 0..1, and :class:`MarkupMismatchError` (naming
    ``catalog`` and the entry's line, the first in the file when there are
    several) when an approved translation the edition would use does not keep
    its msgid's placeholders or inline markup, whatever the threshold.
    """
    if not 0.0 <= min_reviewed <= 1.0:
        raise ValueError(f"min_reviewed must be between 0 and 1, got {min_reviewed}")
    chosen: dict[str, str] = {}
    approved = drafts_used = fallbacks = 0
    for sentence in document.sentences():
        msgid = _msgid_of(sentence.text, msgids)
        if msgid in chosen:
            continue
        entry = entries.get(msgid)
        if entry is not None and _approved(entry):
            chosen[msgid] = entry.msgstr
            approved += 1
        elif drafts and entry is not None and _draft(entry):
            chosen[msgid] = entry.msgstr
            drafts_used += 1
        else:
            chosen[msgid] = msgid
            fallbacks += 1
    _refuse_mismatches([entries[m] for m in chosen if entries.get(m) is not None], catalog)
    total = len(chosen)
    share = approved / total if total else 1.0
    if share < min_reviewed and not drafts:
        return Edition(None, total, approved, drafts_used, fallbacks, share, written=False)
    text = render_document(
        document, lambda source: chosen[_msgid_of(source, msgids)], language=language
    )
    if drafts_used or share < min_reviewed:  # machine output, or written only as a draft
        untranslated = fallbacks if drafts else 0
        notice = draft_notice(document.format, drafts_used, total, untranslated)
        text = _with_notice(document, text, notice)
    return Edition(text, total, approved, drafts_used, fallbacks, share, written=True)


def _refuse_mismatches(used: list[CatalogEntry], catalog: str | None) -> None:
    """Raise :class:`MarkupMismatchError` for the first approved entry that breaks markup."""
    broken = [
        (entry, problems)
        for entry in used
        if _approved(entry) and (problems := markup_problems(entry.msgid, entry.msgstr))
    ]
    if not broken:
        return
    broken.sort(key=lambda pair: pair[0].line)
    entry, problems = broken[0]
    what = "; ".join(f"{message} [{code}]" for code, message in problems)
    others = len(broken) - 1
    more = f" ({others} more {'entry' if others == 1 else 'entries'} like it)" if others else ""
    raise MarkupMismatchError(
        f"approved translation refused: {what}; fix the msgstr or mark it fuzzy, "
        f"then build again{more}",
        path=catalog,
        line=entry.line or None,
    )


def source_edition(document: Document, msgids: Mapping[str, str]) -> str:
    """The normalised English edition: every sentence replaced by its msgid."""
    return render_document(document, lambda source: msgids.get(source))


def _with_notice(document: Document, text: str, notice: str) -> str:
    """``text`` with ``notice`` and a blank line first, after any front matter."""
    first = document.blocks[0] if document.blocks else None
    if first is not None and first.kind is BlockKind.FRONT_MATTER:
        front = read_front_matter(text, document.path, frozenset())
        if front is not None:
            head = text[: front.end].rstrip("\n")
            rest = text[front.end :].lstrip("\n")
            return f"{head}\n\n{notice}\n\n{rest}"
    return f"{notice}\n\n{text}"
