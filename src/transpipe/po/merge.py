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
from dataclasses import dataclass, field, replace

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
    """The engine's translation of one segment in one language, and the notes about it.

    It is what a run offers merge for one msgid.  ``machine`` is ``""``
    where the engine offered nothing; ``notes`` are reviewer notes on the
    translation, one per glossary term of the segment
    (:func:`transpipe.core.notes.format_term_note`).
    """

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


# what made each sentence's entry, for the summary
_MACHINE_OUTPUT = "machine output"  # this run's machine output, or nothing to offer
_KEPT = "kept"
_MIGRATED = "migrated"
_CARRIED = "carried"


@dataclass(frozen=True, slots=True)
class _Existing:
    """The existing catalogue's entries as one merge reads them, and what it has used of them.

    ``used`` (msgids taken by a sentence) and ``renormalised`` (see
    :func:`_migration`) fill up while the merge goes through the sentences.
    """

    old: tuple[CatalogEntry, ...]  # transpipe's entries (no msgctxt), in order
    others: tuple[CatalogEntry, ...]  # entries with a msgctxt: kept as they are
    live: dict[str, CatalogEntry]
    buried: dict[str, CatalogEntry]  # obsolete entries
    orphans: tuple[CatalogEntry, ...]  # translated entries whose sentence left the article
    wanted: frozenset[str]  # the article's msgids
    equivalents: Mapping[str, Sequence[str]]
    renormalise: Callable[[str], str] | None
    used: set[str] = field(default_factory=set)
    renormalised: dict[str, list[CatalogEntry]] = field(default_factory=dict)


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
    """The merged catalogue for one article and language (see the module docstring).

    ``model_note`` labels this run's machine notes (``machine translation:
    argos m 1.0``, see :func:`transpipe.core.notes.machine_label`).
    """
    merge = _read_existing(existing, sources, equivalents or {}, renormalise)
    out: list[CatalogEntry] = []
    made_by: list[str] = []
    for source in sources:
        proposal = proposals.get(source.msgid, Proposal(""))
        entry, rule = _merge_sentence(merge, source, proposal, model_note)
        out.append(entry)
        made_by.append(rule)
    obsolete = _obsolete(merge)
    out += obsolete
    out += merge.others
    data = CatalogData(
        header=_merge_header(header, existing),
        entries=tuple(out),
        header_fuzzy=False,
        header_comment=existing.header_comment if existing is not None else "",
    )
    return data, _stats(out, made_by, len(obsolete))


def _read_existing(
    existing: CatalogData | None,
    sources: Sequence[SourceEntry],
    equivalents: Mapping[str, Sequence[str]],
    renormalise: Callable[[str], str] | None,
) -> _Existing:
    """The existing catalogue's entries sorted out for a merge of ``sources``."""
    everything = list(existing.entries) if existing is not None else []
    # transpipe writes entries without a msgctxt; one with a context is another entry
    # (a reviewer's or another tool's), identified by (msgctxt, msgid), and kept as it is
    old_entries = [e for e in everything if e.msgctxt is None]
    wanted = {s.msgid for s in sources}
    return _Existing(
        old=tuple(old_entries),
        others=tuple(e for e in everything if e.msgctxt is not None),
        live={e.msgid: e for e in old_entries if not e.obsolete and e.msgid},
        buried={e.msgid: e for e in old_entries if e.obsolete and e.msgid},
        orphans=tuple(e for e in old_entries if e.msgid and e.msgid not in wanted and e.msgstr),
        wanted=frozenset(wanted),
        equivalents=equivalents,
        renormalise=renormalise,
    )


def _merge_sentence(
    merge: _Existing, source: SourceEntry, proposal: Proposal, model_note: str
) -> tuple[CatalogEntry, str]:
    """The entry for one sentence of the article, and which rule made it."""
    fresh = _machine_entry(source, proposal, model_note)
    previous = merge.live.get(source.msgid) or merge.buried.get(source.msgid)
    if previous is not None and previous.msgstr:
        merge.used.add(previous.msgid)
        kept = _kept(previous, fresh, source, proposal, merge.equivalents)
        if kept is not None:
            return kept, _KEPT
        return replace(fresh, tcomment=previous.tcomment), _MACHINE_OUTPUT
    if previous is not None:  # an old entry with no translation: keep its comment
        merge.used.add(previous.msgid)
        fresh = replace(fresh, tcomment=previous.tcomment)
    match = _migration(
        source.msgid, merge.orphans, merge.used, merge.renormalise, merge.renormalised
    )
    if match is not None:
        merge.used.add(match.msgid)
        return _migrated(match, fresh, proposal, merge.equivalents), _MIGRATED
    similar = _most_similar(source.msgid, merge.orphans, merge.used)
    if similar is not None:
        merge.used.add(similar.msgid)
        return _carried(similar, fresh, proposal, merge.equivalents), _CARRIED
    return fresh, _MACHINE_OUTPUT


def _machine_entry(source: SourceEntry, proposal: Proposal, model_note: str) -> CatalogEntry:
    """The sentence with this run's machine output: fuzzy, its draft fingerprinted."""
    machine = MachineNote(model_note, fingerprint(proposal.machine))
    note = format_machine_note(machine) if proposal.machine else ""
    comments = tuple(c for c in (*source.notes, *proposal.notes, note) if c)
    refs = tuple((path, str(line)) for path, line in source.references)
    return CatalogEntry(
        msgid=source.msgid,
        msgstr=proposal.machine,
        flags=("fuzzy",) if proposal.machine else (),
        references=refs,
        comments=comments,
    )


def _kept(
    previous: CatalogEntry,
    fresh: CatalogEntry,
    source: SourceEntry,
    proposal: Proposal,
    equivalents: Mapping[str, Sequence[str]],
) -> CatalogEntry | None:
    """The reviewer's translation of an unchanged sentence: approved, or a draft they edited.

    None for a fuzzy draft still equal to the machine output it was given:
    the new machine output takes its place.
    """
    if previous.fuzzy and _machine_fingerprint(previous) == fingerprint(previous.msgstr):
        return None
    msgstr, unresolved = _migrate_terms(previous.msgstr, previous, equivalents)
    flags = tuple(f for f in previous.flags if f != "fuzzy")
    fuzzy = previous.fuzzy or bool(unresolved)
    extra = tuple(unresolved)
    comments = fresh.comments
    if not previous.fuzzy:  # approved: the notes of what it was made with stay
        comments = (*source.notes, *_translation_notes(previous, (), equivalents))
    elif not proposal.machine:  # not translated again
        comments += _translation_notes(previous, comments, equivalents)
    if previous.fuzzy and proposal.machine and proposal.machine != msgstr:
        extra += (format_new_machine_note(NewMachineNote(proposal.machine)),)
    return replace(
        fresh,
        msgstr=msgstr,
        flags=(("fuzzy",) if fuzzy else ()) + flags,
        comments=comments + extra,
        tcomment=previous.tcomment,
        previous_msgid=previous.previous_msgid if previous.fuzzy else None,
    )


def _migrated(
    old: CatalogEntry,
    fresh: CatalogEntry,
    proposal: Proposal,
    equivalents: Mapping[str, Sequence[str]],
) -> CatalogEntry:
    """An old translation carried over a glossary-only change: approved stays approved.

    It turns fuzzy where a changed or this run's glossary term is not in it.
    """
    msgstr, unresolved = _migrate_terms(old.msgstr, old, equivalents)
    unresolved += _missing_terms(msgstr, proposal.notes, equivalents)
    fuzzy = old.fuzzy or bool(unresolved)
    carried = format_carried_over_note(CarriedOverNote(old.msgid))
    return replace(
        fresh,
        msgstr=msgstr,
        flags=("fuzzy",) if fuzzy else (),
        comments=fresh.comments + tuple(unresolved) + (carried,),
        tcomment=old.tcomment,
        previous_msgid=old.msgid if fuzzy else None,
    )


def _carried(
    similar: CatalogEntry,
    fresh: CatalogEntry,
    proposal: Proposal,
    equivalents: Mapping[str, Sequence[str]],
) -> CatalogEntry:
    """The translation of the most similar sentence that left, proposed fuzzy with the diff."""
    msgstr, unresolved = _migrate_terms(similar.msgstr, similar, equivalents)
    new_machine = (
        (format_new_machine_note(NewMachineNote(proposal.machine)),) if proposal.machine else ()
    )
    return replace(
        fresh,
        msgstr=msgstr,
        flags=("fuzzy",),
        comments=fresh.comments + tuple(unresolved) + new_machine,
        tcomment=similar.tcomment,
        previous_msgid=similar.msgid,
    )


def _obsolete(merge: _Existing) -> list[CatalogEntry]:
    """Old entries no sentence claims, once each, and approved ones whatever claimed them."""
    out: list[CatalogEntry] = []
    seen: set[str] = set()
    for old in merge.old:
        if not old.msgid or old.msgid in merge.wanted or old.msgid in seen:
            continue
        reviewed = bool(old.msgstr) and not old.fuzzy  # approved, live or already obsolete
        if old.msgid in merge.used and not reviewed:
            continue  # an approved translation is never used up: a revert finds it again
        seen.add(old.msgid)
        out.append(replace(old, obsolete=True, references=(), line=0))
    return out


def _stats(out: Sequence[CatalogEntry], made_by: Sequence[str], obsolete: int) -> MergeStats:
    live = [e for e in out if not e.obsolete and e.msgctxt is None]
    return MergeStats(
        entries=len(live),
        approved=sum(1 for e in live if e.approved),
        fuzzy=sum(1 for e in live if e.fuzzy),
        untranslated=sum(1 for e in live if not e.msgstr),
        kept=made_by.count(_KEPT),
        carried=made_by.count(_CARRIED),
        migrated=made_by.count(_MIGRATED),
        obsolete=obsolete,
    )


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
