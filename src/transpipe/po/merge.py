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
The notes merge reads and writes are worded in :mod:`transpipe.core.notes`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from transpipe.core.model import CatalogData, CatalogEntry, SourceEntry
from transpipe.core.notes import (
    CarriedOverNote,
    EquivalentChangedNote,
    MachineNote,
    NewMachineNote,
    TermNote,
    UnmatchedTermNote,
    fingerprint,
    format_carried_over_note,
    format_equivalent_changed_note,
    format_machine_note,
    format_new_machine_note,
    format_term_note,
    format_unmatched_term_note,
    is_translation_note,
    parse_machine_note,
    parse_term_note,
    unwrapped,
)
from transpipe.terms.enforce import contains_term

SIMILARITY = 0.6


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


def _old_equivalents(entry: CatalogEntry) -> dict[str, str]:
    found: dict[str, str] = {}
    for comment in unwrapped(entry.comments):
        term = parse_term_note(comment)
        if term is not None:
            found[term.concept_id] = term.target
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
            changed = EquivalentChangedNote(before, after, concept_id)
            unresolved.append(format_equivalent_changed_note(changed))
    return msgstr, unresolved


def _missing_terms(
    msgstr: str, notes: Sequence[str], equivalents: Mapping[str, Sequence[str]]
) -> list[str]:
    """Notes for glossary terms (from this run's notes) with no accepted equivalent in ``msgstr``."""
    missing = []
    for note in notes:
        term = parse_term_note(note)
        if term is None:
            continue
        accepted = equivalents.get(term.concept_id) or (term.target,)
        if not any(contains_term(msgstr, value) for value in accepted):
            unmatched = UnmatchedTermNote(term.source, term.target, term.concept_id)
            missing.append(format_unmatched_term_note(unmatched))
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
        if not is_translation_note(note) or note in have:
            continue
        term = parse_term_note(note)
        accepted = equivalents.get(term.concept_id) if term is not None else None
        if term is not None and accepted and term.target not in accepted:
            # the label goes: the note now names the equivalent the translation was migrated to
            note = format_term_note(TermNote(term.source, accepted[0], term.concept_id))
        if note not in have and note not in notes:
            notes.append(note)
    return tuple(notes)


def _machine_fingerprint(entry: CatalogEntry) -> str | None:
    for comment in unwrapped(entry.comments):
        machine = parse_machine_note(comment)
        if machine is not None:
            return machine.fingerprint
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
        machine = MachineNote(model_note, fingerprint(proposal.machine))
        note = format_machine_note(machine) if proposal.machine else ""
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
                    extra += (format_new_machine_note(NewMachineNote(proposal.machine)),)
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
                    + (format_carried_over_note(CarriedOverNote(match.msgid)),),
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
                    + ((format_new_machine_note(NewMachineNote(proposal.machine)),)
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
