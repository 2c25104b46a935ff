"""Merging fresh machine output into a reviewer's catalogue, losing nothing.

For each source sentence (msgid) of the article, in order:

- an entry the reviewer approved stays approved with its msgstr; translator
  comments always stay;
- a fuzzy entry whose msgstr is still the machine output it was given (its
  ``[mt ...]`` fingerprint matches) takes the new machine output; one the
  reviewer edited keeps the edit, with the new machine output in a comment;
- a new msgid that only differs from an old one through glossary
  normalisation (``renormalise(old) == new``) is a migration: the old
  translation is carried over and stays approved;
- otherwise the most similar old entry that left the article proposes its
  translation, fuzzy, with the old msgid as ``#| msgid`` and the new machine
  output in a comment (like msgmerge's fuzzy matching, but keeping the
  reviewer's text and showing the diff);
- otherwise the machine output, fuzzy.

Where the glossary's approved equivalent for a concept changed since the
entry was written (read from the entry's ``glossary:`` notes), the old
equivalent is replaced in the msgstr; if it cannot be found there the entry
turns fuzzy with a note.  Old entries no sentence claims become obsolete;
so does an approved one whose translation was carried to a changed sentence,
so that undoing the change finds it, still approved.
Entries are identified by (msgctxt, msgid): transpipe's own have no
msgctxt, and an entry with one (a reviewer's disambiguation) is kept as it is.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from transpipe.core.model import CatalogData, CatalogEntry, SourceEntry
from transpipe.terms.enforce import contains_term

SIMILARITY = 0.6
NEW_MACHINE = "machine translation of the new text: "
_TERM_NOTE = re.compile(
    r"^glossary(?:: [A-Z ]+[^:]*)?: (?P<src>.+?) → (?P<tgt>.+) \[(?P<id>[\w-]+)\]$"
)
_MT = re.compile(r"\[mt ([0-9a-f]{8})\]$")


@dataclass(frozen=True, slots=True)
class Proposal:
    """What this run offers for one msgid in one language."""

    machine: str
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MergeStats:
    """What the merge did, for the summary table."""

    entries: int
    approved: int
    fuzzy: int
    untranslated: int
    kept: int  # reviewer translations kept for unchanged sentences
    carried: int  # translations proposed from a changed sentence (fuzzy, with #| msgid)
    migrated: int  # translations carried over a glossary-only change
    obsolete: int


def fingerprint(text: str) -> str:
    """A short hash of machine output, stored in the entry to recognise unedited drafts."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


# how each note transpipe writes begins; a comment line that begins otherwise continues the
# note before it (editors and polib re-wrap long "#." lines)
_NOTE_START = re.compile(
    r"^(?:glossary|machine translation|normalised|expanded|suggestion|fragment|carried over"
    r"|check|html attribute)\b"
)


def unwrapped(comments: Sequence[str]) -> list[str]:
    """Extracted comments with lines that an editor wrapped joined back into their notes."""
    notes: list[str] = []
    for line in comments:
        if notes and not _NOTE_START.match(line):
            # textwrap breaks after a hyphen ("[air-" / "defence]") and at spaces
            glue = "" if re.search(r"\w-$", notes[-1]) else " "
            notes[-1] = f"{notes[-1]}{glue}{line.strip()}"
        else:
            notes.append(line)
    return notes


def _old_equivalents(entry: CatalogEntry) -> dict[str, str]:
    found: dict[str, str] = {}
    for comment in unwrapped(entry.comments):
        match = _TERM_NOTE.match(comment)
        if match:
            found[match.group("id")] = match.group("tgt")
    return found


def _migrate_terms(
    msgstr: str, old: CatalogEntry, equivalents: Mapping[str, Sequence[str]]
) -> tuple[str, list[str]]:
    """Replace glossary equivalents that changed; return the text and unresolved notes."""
    unresolved: list[str] = []
    for concept_id, before in _old_equivalents(old).items():
        accepted = equivalents.get(concept_id)
        if not accepted or before in accepted:
            continue
        after = accepted[0]
        whole = re.compile(rf"(?<!\w){re.escape(before)}(?!\w)")
        if whole.search(msgstr):  # a word of its own, never a part of a longer one
            msgstr = whole.sub(after.replace("\\", "\\\\"), msgstr)
        else:
            unresolved.append(
                f"glossary: equivalent changed from {before} to {after} [{concept_id}]; "
                "update the translation"
            )
    return msgstr, unresolved


def _missing_terms(
    msgstr: str, notes: Sequence[str], equivalents: Mapping[str, Sequence[str]]
) -> list[str]:
    """Notes for glossary terms (from this run's notes) with no accepted equivalent in ``msgstr``."""
    missing = []
    for note in notes:
        match = _TERM_NOTE.match(note)
        if match is None:
            continue
        accepted = equivalents.get(match.group("id")) or (match.group("tgt"),)
        if not any(contains_term(msgstr, term) for term in accepted):
            missing.append(
                f"glossary: {match.group('src')} should be {match.group('tgt')} "
                f"[{match.group('id')}]; update the translation"
            )
    return missing


def _translation_notes(
    entry: CatalogEntry, have: Sequence[str], equivalents: Mapping[str, Sequence[str]]
) -> tuple[str, ...]:
    """The entry's glossary and machine-translation notes not already in ``have``: the
    facts it was translated with, which approving it does not change.

    A glossary note whose equivalent changed (and was migrated, or flagged)
    names the current equivalent, so the next change migrates from it.
    """
    notes = []
    for note in unwrapped(entry.comments):
        if not note.startswith(("glossary", "machine translation")) or note in have:
            continue
        term = _TERM_NOTE.match(note)
        accepted = equivalents.get(term.group("id")) if term else None
        if term and accepted and term.group("tgt") not in accepted:
            note = f"glossary: {term.group('src')} → {accepted[0]} [{term.group('id')}]"
        if note not in have and note not in notes:
            notes.append(note)
    return tuple(notes)


def _machine_fingerprint(entry: CatalogEntry) -> str | None:
    for comment in unwrapped(entry.comments):
        match = _MT.search(comment)
        if match:
            return match.group(1)
    return None


def merge_catalog(
    sources: Sequence[SourceEntry],
    proposals: Mapping[str, Proposal],
    header: Sequence[tuple[str, str]],
    existing: CatalogData | None,
    *,
    model_note: str,
    equivalents: Mapping[str, Sequence[str]] | None = None,
    renormalise: Callable[[str], str] | None = None,
) -> tuple[CatalogData, MergeStats]:
    """The merged catalogue for one article and language (see the module docstring)."""
    equivalents = equivalents or {}
    everything = list(existing.entries) if existing is not None else []
    # transpipe writes entries without a msgctxt; one with a context is another entry
    # (a reviewer's or another tool's), identified by (msgctxt, msgid), and kept as it is
    old_entries = [e for e in everything if e.msgctxt is None]
    others = [e for e in everything if e.msgctxt is not None]
    live = {e.msgid: e for e in old_entries if not e.obsolete and e.msgid}
    buried = {e.msgid: e for e in old_entries if e.obsolete and e.msgid}
    wanted = {s.msgid for s in sources}
    orphans = [e for e in old_entries if e.msgid and e.msgid not in wanted and e.msgstr]
    used: set[str] = set()
    renormalised: dict[str, list[CatalogEntry]] = {}
    out: list[CatalogEntry] = []
    kept = carried = migrated = 0

    for source in sources:
        proposal = proposals.get(source.msgid, Proposal(""))
        note = f"{model_note} [mt {fingerprint(proposal.machine)}]" if proposal.machine else ""
        comments = tuple(c for c in (*source.notes, *proposal.notes, note) if c)
        refs = tuple((path, str(line)) for path, line in source.references)
        fresh = CatalogEntry(
            msgid=source.msgid,
            msgstr=proposal.machine,
            flags=("fuzzy",) if proposal.machine else (),
            references=refs,
            comments=comments,
        )
        previous = live.get(source.msgid) or buried.get(source.msgid)
        if previous is not None and previous.msgstr:
            used.add(previous.msgid)
            msgstr, unresolved = _migrate_terms(previous.msgstr, previous, equivalents)
            unedited = _machine_fingerprint(previous) == fingerprint(previous.msgstr)
            if not previous.fuzzy or not unedited:
                flags = tuple(f for f in previous.flags if f != "fuzzy")
                fuzzy = previous.fuzzy or bool(unresolved)
                extra = tuple(unresolved)
                if not previous.fuzzy:  # approved: the notes of what it was made with stay
                    comments = (*source.notes, *_translation_notes(previous, (), equivalents))
                elif not proposal.machine:  # not translated again
                    comments += _translation_notes(previous, comments, equivalents)
                if previous.fuzzy and proposal.machine and proposal.machine != msgstr:
                    extra += (f"{NEW_MACHINE}{proposal.machine}",)
                out.append(
                    replace(
                        fresh,
                        msgstr=msgstr,
                        flags=(("fuzzy",) if fuzzy else ()) + flags,
                        comments=comments + extra,
                        tcomment=previous.tcomment,
                        previous_msgid=previous.previous_msgid if previous.fuzzy else None,
                    )
                )
                kept += 1
                continue
            out.append(replace(fresh, tcomment=previous.tcomment))
            continue
        if previous is not None:  # an old entry with no translation: keep its comment
            used.add(previous.msgid)
            fresh = replace(fresh, tcomment=previous.tcomment)
        match = _migration(source.msgid, orphans, used, renormalise, renormalised)
        if match is not None:
            used.add(match.msgid)
            msgstr, unresolved = _migrate_terms(match.msgstr, match, equivalents)
            unresolved += _missing_terms(msgstr, proposal.notes, equivalents)
            fuzzy = match.fuzzy or bool(unresolved)
            out.append(
                replace(
                    fresh,
                    msgstr=msgstr,
                    flags=("fuzzy",) if fuzzy else (),
                    comments=comments
                    + tuple(unresolved)
                    + (f"carried over a glossary change from: {match.msgid}",),
                    tcomment=match.tcomment,
                    previous_msgid=match.msgid if fuzzy else None,
                )
            )
            migrated += 1
            continue
        similar = _most_similar(source.msgid, orphans, used)
        if similar is not None:
            used.add(similar.msgid)
            msgstr, unresolved = _migrate_terms(similar.msgstr, similar, equivalents)
            out.append(
                replace(
                    fresh,
                    msgstr=msgstr,
                    flags=("fuzzy",),
                    comments=comments
                    + tuple(unresolved)
                    + ((f"{NEW_MACHINE}{proposal.machine}",)
                       if proposal.machine else ()),
                    tcomment=similar.tcomment,
                    previous_msgid=similar.msgid,
                )
            )  # fmt: skip
            carried += 1
            continue
        out.append(fresh)

    obsolete = 0
    seen_obsolete: set[str] = set()
    for old in old_entries:
        if not old.msgid or old.msgid in wanted or old.msgid in seen_obsolete:
            continue
        reviewed = bool(old.msgstr) and not old.fuzzy  # approved, live or already obsolete
        if old.msgid in used and not reviewed:
            continue  # an approved translation is never used up: a revert finds it again
        seen_obsolete.add(old.msgid)
        out.append(replace(old, obsolete=True, references=(), line=0))
        obsolete += 1

    out.extend(others)
    live_out = [e for e in out if not e.obsolete and e.msgctxt is None]
    stats = MergeStats(
        entries=len(live_out),
        approved=sum(1 for e in live_out if e.approved),
        fuzzy=sum(1 for e in live_out if e.fuzzy),
        untranslated=sum(1 for e in live_out if not e.msgstr),
        kept=kept,
        carried=carried,
        migrated=migrated,
        obsolete=obsolete,
    )
    merged_header = _merge_header(header, existing)
    data = CatalogData(
        header=merged_header,
        entries=tuple(out),
        header_fuzzy=False,
        header_comment=existing.header_comment if existing is not None else "",
    )
    return data, stats


def _merge_header(
    header: Sequence[tuple[str, str]], existing: CatalogData | None
) -> tuple[tuple[str, str], ...]:
    """Our fields win; fields a reviewer's tool added stay, in the existing order."""
    ours = dict(header)
    if existing is None:
        return tuple(header)
    ours_keys = {k for k, _ in header}
    keep_theirs = {"Last-Translator", "Language-Team"}  # dates: write_catalog decides
    merged: list[tuple[str, str]] = []
    for key, value in existing.header:
        if key in ours_keys and key not in keep_theirs:
            merged.append((key, ours[key]))
        else:
            merged.append((key, value))
    present = {k for k, _ in merged}
    merged.extend((k, v) for k, v in header if k not in present)
    return tuple(merged)


def _migration(
    msgid: str,
    orphans: Sequence[CatalogEntry],
    used: set[str],
    renormalise: Callable[[str], str] | None,
    renormalised: dict[str, list[CatalogEntry]],
) -> CatalogEntry | None:
    """The first unused orphan that renormalises to ``msgid``.

    ``renormalised`` (empty at the first call of a merge) is filled with the
    orphans by their renormalised msgid, in order, so each orphan is
    normalised once rather than once per new sentence.
    """
    if renormalise is None:
        return None
    if not renormalised:
        for old in orphans:
            renormalised.setdefault(renormalise(old.msgid), []).append(old)
    for old in renormalised.get(msgid, ()):
        if old.msgid not in used and not old.obsolete:
            return old
    return None


# Longer texts are compared word by word: difflib's character matching takes time that
# grows with the product of the two lengths.
_CHARACTER_DIFF_LIMIT = 2_000
_WORDS = re.compile(r"\w+|[^\w\s]")


def _most_similar(
    msgid: str, orphans: Sequence[CatalogEntry], used: set[str]
) -> CatalogEntry | None:
    best: tuple[float, float, CatalogEntry] | None = None
    matcher = difflib.SequenceMatcher(None, "", msgid, autojunk=False)  # msgid indexed once
    for old in orphans:
        if old.msgid in used:
            continue
        matcher.set_seq1(old.msgid)
        if matcher.real_quick_ratio() < SIMILARITY or matcher.quick_ratio() < SIMILARITY:
            continue
        if max(len(old.msgid), len(msgid)) > _CHARACTER_DIFF_LIMIT:
            ratio = difflib.SequenceMatcher(
                None, _WORDS.findall(old.msgid), _WORDS.findall(msgid)
            ).ratio()
        else:
            ratio = matcher.ratio()
        if ratio < SIMILARITY:
            continue
        rank = (1.0 if old.approved else 0.0, ratio, old)  # approved translations first
        if best is None or rank[:2] > best[:2]:
            best = rank
    return None if best is None else best[2]
