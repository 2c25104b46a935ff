"""Merging machine output into a reviewer's catalogue: nothing a reviewer did is lost."""

from __future__ import annotations

from dataclasses import replace

import pytest

from transpipe.core.model import CatalogData, CatalogEntry, SourceEntry
from transpipe.core.notes import NEW_MACHINE, fingerprint
from transpipe.po.merge import Proposal, merge_catalog

HEADER = (("Language", "de"), ("Content-Type", "text/plain; charset=UTF-8"))
NOTE = "machine translation: argos m 1.0"


def src(msgid: str, line: int = 1) -> SourceEntry:
    return SourceEntry(msgid, (("a.md", line),))


def run(sources: list[SourceEntry], existing: CatalogData | None = None, **kw: object):  # type: ignore[no-untyped-def]
    proposals = {s.msgid: Proposal(s.msgid.upper(), ()) for s in sources}
    return merge_catalog(sources, proposals, HEADER, existing, model_note=NOTE, **kw)  # type: ignore[arg-type]


def by_id(data: CatalogData) -> dict[str, CatalogEntry]:
    return {e.msgid: e for e in data.entries if not e.obsolete}


def approve(data: CatalogData, msgid: str, msgstr: str, comment: str = "") -> CatalogData:
    entries = tuple(
        replace(e, msgstr=msgstr, flags=(), tcomment=comment or e.tcomment)
        if e.msgid == msgid
        else e
        for e in data.entries
    )
    return replace(data, entries=entries)


def test_first_run_is_fuzzy_machine_output_with_fingerprint() -> None:
    data, stats = run([src("One."), src("Two.")])
    one = by_id(data)["One."]
    assert (one.msgstr, one.flags) == ("ONE.", ("fuzzy",))
    assert one.comments == (f"{NOTE} [mt {fingerprint('ONE.')}]",)
    assert (stats.entries, stats.fuzzy, stats.approved) == (2, 2, 0)


def test_approved_and_comments_survive_and_unedited_drafts_refresh() -> None:
    first, _ = run([src("One."), src("Two."), src("Three.")])
    reviewed = approve(first, "One.", "Eins.", "checked")
    # a reviewer edits a fuzzy draft without approving it
    reviewed = replace(
        reviewed,
        entries=tuple(
            replace(e, msgstr="Zwei (Entwurf).") if e.msgid == "Two." else e
            for e in reviewed.entries
        ),
    )
    proposals = {"One.": Proposal("NEW ONE"), "Two.": Proposal("NEW TWO"),
                 "Three.": Proposal("NEW THREE")}  # fmt: skip
    again, stats = merge_catalog([src("One."), src("Two."), src("Three.")], proposals, HEADER,
                                 reviewed, model_note=NOTE)  # fmt: skip
    entries = by_id(again)
    assert (entries["One."].msgstr, entries["One."].flags, entries["One."].tcomment) == (
        "Eins.",
        (),
        "checked",
    )
    assert entries["Two."].msgstr == "Zwei (Entwurf)." and entries["Two."].fuzzy
    assert "machine translation of the new text: NEW TWO" in entries["Two."].comments
    assert entries["Three."].msgstr == "NEW THREE"  # never edited: takes the new output
    assert stats.kept == 2


def test_changed_sentence_proposes_the_old_translation_with_previous_msgid() -> None:
    first, _ = run([src("The ministers met in Brussels on Tuesday."), src("Other.")])
    reviewed = approve(first, "The ministers met in Brussels on Tuesday.",
                       "Die Minister trafen sich am Dienstag in Brüssel.")  # fmt: skip
    changed = "The ministers met in Brussels on Wednesday."
    again, stats = run([src(changed), src("Other.")], reviewed)
    entry = by_id(again)[changed]
    assert entry.msgstr == "Die Minister trafen sich am Dienstag in Brüssel."
    assert entry.fuzzy
    assert entry.previous_msgid == "The ministers met in Brussels on Tuesday."
    assert f"machine translation of the new text: {changed.upper()}" in entry.comments
    assert stats.carried == 1 and stats.obsolete == 1
    (waiting,) = [e for e in again.entries if e.obsolete]  # approved, kept for a revert
    assert (waiting.msgid, waiting.approved or not waiting.fuzzy) == (
        "The ministers met in Brussels on Tuesday.",
        True,
    )


def test_removed_sentence_becomes_obsolete_and_comes_back() -> None:
    first, _ = run([src("Stay."), src("Go away now, please.")])
    reviewed = approve(first, "Go away now, please.", "Geh jetzt bitte.")
    gone, stats = run([src("Stay.")], reviewed)
    obsolete = [e for e in gone.entries if e.obsolete]
    assert [(e.msgid, e.msgstr) for e in obsolete] == [("Go away now, please.", "Geh jetzt bitte.")]
    assert stats.obsolete == 1
    back, _ = run([src("Stay."), src("Go away now, please.")], gone)
    entry = by_id(back)["Go away now, please."]
    assert (entry.msgstr, entry.approved) == ("Geh jetzt bitte.", True)
    assert not any(e.obsolete for e in back.entries)


def test_glossary_only_change_is_a_migration_not_new_text() -> None:
    old_msgid = "Talks resumed in Kiev."
    first, _ = run([src(old_msgid)])
    reviewed = approve(first, old_msgid, "Die Gespräche in Kiew gingen weiter.")
    reviewed = replace(reviewed, entries=tuple(
        replace(e, comments=("glossary: Kiev → Kiew [kyiv]", *e.comments)) for e in reviewed.entries
    ))  # fmt: skip
    new_msgid = "Talks resumed in Kyiv."
    again, stats = run(
        [src(new_msgid)],
        reviewed,
        equivalents={"kyiv": ("Kyjiw",)},
        renormalise=lambda text: text.replace("Kiev", "Kyiv"),
    )
    entry = by_id(again)[new_msgid]
    assert entry.msgstr == "Die Gespräche in Kyjiw gingen weiter."  # equivalent updated
    assert entry.approved  # no human look needed
    assert stats.migrated == 1
    # the approved entry of the old msgid waits, obsolete and unchanged, for a revert
    assert [(e.msgid, e.msgstr, e.fuzzy) for e in again.entries if e.obsolete] == [
        (old_msgid, "Die Gespräche in Kiew gingen weiter.", False)
    ]


def test_changed_equivalent_that_cannot_be_found_turns_fuzzy() -> None:
    first, _ = run([src("Air defence held.")])
    reviewed = approve(first, "Air defence held.", "Die Flugabwehr hielt stand.")
    reviewed = replace(reviewed, entries=tuple(
        replace(e, comments=("glossary: air defence → Luftverteidigung [air-defence]",))
        for e in reviewed.entries
    ))  # fmt: skip
    again, _ = run(
        [src("Air defence held.")], reviewed, equivalents={"air-defence": ("Flugabwehr",)}
    )
    entry = by_id(again)["Air defence held."]
    assert entry.msgstr == "Die Flugabwehr hielt stand." and entry.fuzzy
    assert any(
        "equivalent changed from Luftverteidigung to Flugabwehr" in c for c in entry.comments
    )
    # the glossary note now names the current equivalent, with the English term it is for
    assert "glossary: air defence → Flugabwehr [air-defence]" in entry.comments


def test_header_keeps_fields_added_by_tools() -> None:
    existing = CatalogData(
        header=(("Project-Id-Version", "a"), ("Last-Translator", "Olena <o@example.org>"),
                ("Language", "xx"), ("X-Poedit-Basepath", ".")),
        entries=(),
    )  # fmt: skip
    data, _ = merge_catalog([], {}, (("Project-Id-Version", "a"), ("Language", "de"),
                                     ("X-Generator", "transpipe")), existing, model_note=NOTE)  # fmt: skip
    assert data.header == (("Project-Id-Version", "a"), ("Last-Translator", "Olena <o@example.org>"),
                           ("Language", "de"), ("X-Poedit-Basepath", "."),
                           ("X-Generator", "transpipe"))  # fmt: skip


def test_an_entry_with_a_msgctxt_is_not_the_same_entry() -> None:
    first, _ = run([src("Talks resumed.")])
    approved = approve(first, "Talks resumed.", "Die Gespräche gingen weiter.")
    twin = CatalogEntry(
        msgid="Talks resumed.", msgstr="Gespräche wieder aufgenommen", msgctxt="headline"
    )
    existing = replace(approved, entries=(*approved.entries, twin))
    again, stats = run([src("Talks resumed.")], existing)
    plain = [e for e in again.entries if e.msgctxt is None and not e.obsolete]
    assert [(e.msgid, e.msgstr, e.approved) for e in plain] == [
        ("Talks resumed.", "Die Gespräche gingen weiter.", True)
    ]
    assert twin in again.entries  # the reviewer's own entry, untouched
    assert stats.approved == 1 and stats.obsolete == 0


def test_edit_then_revert_restores_the_approved_entry() -> None:
    first, _ = run([src("The radar was hit.")])
    approved = approve(first, "The radar was hit.", "Das Radar wurde getroffen.", "checked")
    edited, _ = run([src("The radar was hit twice.")], approved)
    proposal = by_id(edited)["The radar was hit twice."]
    assert proposal.fuzzy and proposal.previous_msgid == "The radar was hit."
    # the approved translation is not used up: it waits, obsolete and still approved
    (kept,) = [e for e in edited.entries if e.obsolete]
    assert (kept.msgid, kept.msgstr, kept.fuzzy) == (
        "The radar was hit.",
        "Das Radar wurde getroffen.",
        False,
    )
    reverted, _ = run([src("The radar was hit.")], edited)
    back = by_id(reverted)["The radar was hit."]
    restored = by_id(approved)["The radar was hit."]
    assert (back.msgstr, back.flags, back.tcomment) == (restored.msgstr, (), "checked")


def _with_note(data: CatalogData, msgid: str, msgstr: str, note: str) -> CatalogData:
    reviewed = approve(data, msgid, msgstr)
    return replace(reviewed, entries=tuple(
        replace(e, comments=(note, *e.comments)) if e.msgid == msgid else e
        for e in reviewed.entries
    ))  # fmt: skip


def test_a_changed_equivalent_is_replaced_as_a_word_never_inside_one() -> None:
    msgid = "The air shield held."
    first, _ = run([src(msgid)])
    reviewed = _with_note(
        first, msgid, "Der Abwehrschirm hielt.", "glossary: air defence → Abwehr [air-defence]"
    )
    again, _ = run([src(msgid)], reviewed, equivalents={"air-defence": ("Luftabwehr",)})
    entry = by_id(again)[msgid]
    assert entry.msgstr == "Der Abwehrschirm hielt."  # not "Luftabwehrschirm"
    assert entry.fuzzy  # a human decides
    assert any("equivalent changed from Abwehr to Luftabwehr" in c for c in entry.comments)


def test_every_later_glossary_change_migrates_too() -> None:
    msgid = "Air defence held."
    first, _ = run([src(msgid)])
    reviewed = _with_note(
        first, msgid, "Die Abwehr hielt.", "glossary: air defence → Abwehr [air-defence]"
    )
    once, _ = run([src(msgid)], reviewed, equivalents={"air-defence": ("Luftabwehr",)})
    assert (by_id(once)[msgid].msgstr, by_id(once)[msgid].approved) == (
        "Die Luftabwehr hielt.",
        True,
    )
    same, _ = run([src(msgid)], once, equivalents={"air-defence": ("Luftabwehr",)})
    assert same.entries == once.entries  # nothing left to do
    twice, _ = run([src(msgid)], same, equivalents={"air-defence": ("Flugabwehr",)})
    entry = by_id(twice)[msgid]
    assert (entry.msgstr, entry.approved) == ("Die Flugabwehr hielt.", True)


# -- tests written to kill the mutants a mutation run left alive (tests/tools/mutation.py) --


def test_a_reviewers_translator_and_team_fields_are_theirs() -> None:
    existing = CatalogData(
        header=(("Last-Translator", "Olena <o@example.org>"), ("Language-Team", "Ukrainian"),
                ("Language", "xx")),
        entries=(),
        header_fuzzy=True,
        header_comment="Reviewed by the Kyiv desk.",
    )  # fmt: skip
    ours = (("Last-Translator", "FULL NAME"), ("Language-Team", "LANGUAGE"), ("Language", "de"))
    data, _ = merge_catalog([], {}, ours, existing, model_note=NOTE)
    assert data.header == (
        ("Last-Translator", "Olena <o@example.org>"),
        ("Language-Team", "Ukrainian"),
        ("Language", "de"),
    )
    # the header is no longer a draft once merged; the reviewer's header comment stays
    assert (data.header_fuzzy, data.header_comment) == (False, "Reviewed by the Kyiv desk.")
    fresh, _ = merge_catalog([], {}, ours, None, model_note=NOTE)
    assert (fresh.header, fresh.header_comment) == (ours, "")


def test_the_most_similar_old_sentence_is_proposed_and_approved_ones_first() -> None:
    base = "Ukrainian troops repelled an attack near the village on Monday."
    near = "Ukrainian troops repelled an attack near the village on Sunday."
    far = "Ukrainian troops repelled two attacks near a town on Friday night."
    first, _ = run([src(far), src(near)])
    drafts = replace(first, entries=tuple(
        replace(e, msgstr=f"draft of {e.msgid}") for e in first.entries
    ))  # fmt: skip
    again, _ = run([src(base)], drafts)
    assert by_id(again)[base].previous_msgid == near  # the closer of two drafts
    # an approved translation wins over a closer draft
    reviewed = approve(drafts, far, "genehmigt")
    again, _ = run([src(base)], reviewed)
    assert (by_id(again)[base].previous_msgid, by_id(again)[base].msgstr) == (far, "genehmigt")
    # below the similarity threshold nothing is proposed: the machine output, fuzzy
    unrelated, _ = run([src("Rain is expected.")], reviewed)
    entry = by_id(unrelated)["Rain is expected."]
    assert (entry.msgstr, entry.previous_msgid) == ("RAIN IS EXPECTED.", None)


def test_the_most_similar_long_sentence_is_compared_by_words() -> None:
    words = " ".join(f"word{i}" for i in range(400))  # longer than the character limit
    changed = words.replace("word200", "changed")
    first, _ = run([src(words)])
    reviewed = approve(first, words, "lange Übersetzung")
    again, stats = run([src(changed)], reviewed)
    assert (by_id(again)[changed].msgstr, stats.carried) == ("lange Übersetzung", 1)


def test_stats_count_each_kind_of_entry() -> None:
    first, _ = run([src("One."), src("Two."), src("Three.")])
    reviewed = approve(first, "One.", "Eins.")
    proposals = {"One.": Proposal("ONE."), "Two.": Proposal(""), "Three.": Proposal("THREE.")}
    data, stats = merge_catalog(
        [src("One."), src("Two."), src("Three."), src("Four.")], proposals, HEADER,
        reviewed, model_note=NOTE,
    )  # fmt: skip
    # Two.'s unedited draft is not offered again without new machine output
    assert (stats.entries, stats.approved, stats.fuzzy, stats.untranslated) == (4, 1, 1, 2)
    assert by_id(data)["Four."].comments == ()  # no machine output: no machine note
    assert by_id(data)["Four."].flags == ()  # nothing to review yet


def test_obsolete_entries_lose_their_references_and_line() -> None:
    first, _ = run([src("Stay."), src("Go away now, please.", 7)])
    reviewed = approve(first, "Go away now, please.", "Geh bitte.")
    reviewed = replace(reviewed, entries=tuple(replace(e, line=12) for e in reviewed.entries))
    gone, _ = run([src("Stay.")], reviewed)
    (old,) = [e for e in gone.entries if e.obsolete]
    assert (old.references, old.line, old.msgstr) == ((), 0, "Geh bitte.")
    twice, stats = run([src("Stay.")], gone)
    assert [e.msgid for e in twice.entries if e.obsolete] == ["Go away now, please."]
    assert stats.obsolete == 1


def _entry(msgid: str, msgstr: str = "", *, fuzzy: bool = False, **kw: object) -> CatalogEntry:
    kw.setdefault("flags", ("fuzzy",) if fuzzy else ())
    return CatalogEntry(msgid=msgid, msgstr=msgstr, **kw)  # type: ignore[arg-type]


def _catalog(*entries: CatalogEntry) -> CatalogData:
    return CatalogData(header=HEADER, entries=entries)


def test_a_glossary_migration_keeps_the_reviewers_comment_and_records_where_it_came_from() -> None:
    old = _entry("Talks resumed in Kiev.", "Gespräche in Kiew.", tcomment="checked",
                 comments=("glossary: Kiev → Kiew [kyiv]",))  # fmt: skip
    new = "Talks resumed in Kyiv."
    data, stats = run(
        [src(new)], _catalog(old), equivalents={"kyiv": ("Kyjiw",)},
        renormalise=lambda t: t.replace("Kiev", "Kyiv"),
    )  # fmt: skip
    entry = by_id(data)[new]
    assert (entry.msgstr, entry.flags, entry.tcomment) == ("Gespräche in Kyjiw.", (), "checked")
    assert entry.previous_msgid is None
    assert entry.comments[-1] == "carried over a glossary change from: Talks resumed in Kiev."
    assert stats.migrated == 1


def test_a_migration_with_a_term_missing_turns_fuzzy_and_says_which() -> None:
    old = _entry("Kiev air defence held.", "Kiew hielt.",
                 comments=("glossary: Kiev → Kiew [kyiv]",))  # fmt: skip
    new = "Kyiv air defence held."
    proposals = {new: Proposal("KYIV HELD.", ("glossary: air defence → Flugabwehr [air-defence]",
                                              "glossary: Kyiv → Kyjiw [kyiv]"))}  # fmt: skip
    data, _ = merge_catalog(
        [src(new)], proposals, HEADER, _catalog(old), model_note=NOTE,
        equivalents={"kyiv": ("Kyjiw",), "kommune": ("Gemeinde",)},
        renormalise=lambda t: t.replace("Kiev", "Kyiv"),
    )  # fmt: skip
    entry = by_id(data)[new]
    assert entry.fuzzy and entry.previous_msgid == "Kiev air defence held."
    assert entry.msgstr == "Kyjiw hielt."
    assert (
        "glossary: air defence should be Flugabwehr [air-defence]; update the translation"
        in entry.comments
    )
    # a migration that cannot find the old equivalent is flagged too, beside the missing term
    old2 = _entry("Kiev air defence held.", "Die Stadt hielt.",
                  comments=("glossary: Kiev → Kiew [kyiv]",))  # fmt: skip
    data, _ = merge_catalog(
        [src(new)], proposals, HEADER, _catalog(old2), model_note=NOTE,
        equivalents={"kyiv": ("Kyjiw",)}, renormalise=lambda t: t.replace("Kiev", "Kyiv"),
    )  # fmt: skip
    notes = by_id(data)[new].comments
    assert "glossary: equivalent changed from Kiew to Kyjiw [kyiv]; update the translation" in notes
    assert any(n.startswith("glossary: air defence should be Flugabwehr") for n in notes)


def test_a_migrated_draft_stays_a_draft_and_is_used_up() -> None:
    old = _entry("Talks in Kiev.", "Gespräche in Kiew.", fuzzy=True)
    data, _ = run([src("Talks in Kyiv.")], _catalog(old),
                  renormalise=lambda t: t.replace("Kiev", "Kyiv"))  # fmt: skip
    entry = by_id(data)["Talks in Kyiv."]
    assert entry.fuzzy and entry.previous_msgid == "Talks in Kiev."
    assert not any(e.obsolete for e in data.entries)  # a draft is used up, not kept


def test_an_obsolete_entry_is_proposed_for_review_not_migrated_as_approved() -> None:
    old = _entry("Talks in Kiev.", "Gespräche in Kiew.", obsolete=True)
    data, _ = run([src("Talks in Kyiv.")], _catalog(old),
                  renormalise=lambda t: t.replace("Kiev", "Kyiv"))  # fmt: skip
    entry = by_id(data)["Talks in Kyiv."]
    assert entry.fuzzy and entry.msgstr == "Gespräche in Kiew."


def test_a_similar_old_sentence_brings_its_comment_and_the_current_equivalents() -> None:
    old = _entry("The Abwehr unit held the line on Monday.", "Die Abwehr hielt am Montag.",
                 tcomment="desk", comments=("glossary: air defence → Abwehr [air-defence]",))  # fmt: skip
    new = "The Abwehr unit held the line on Tuesday."
    draft = _entry("The Abwehr unit held the line on Friday.", "Entwurf", fuzzy=True)
    data, stats = run([src(new), src("The Abwehr unit held the line on Sunday.")],
                      _catalog(old, draft), equivalents={"air-defence": ("Luftabwehr",)})  # fmt: skip
    entry = by_id(data)[new]
    assert entry.msgstr == "Die Luftabwehr hielt am Montag."
    assert (entry.flags, entry.tcomment, entry.previous_msgid) == (("fuzzy",), "desk", old.msgid)
    second = by_id(data)["The Abwehr unit held the line on Sunday."]
    assert second.previous_msgid == draft.msgid  # each old entry proposed once
    # the approved one waits for a revert; the draft is used up
    assert [e.msgid for e in data.entries if e.obsolete] == [old.msgid]
    assert stats.carried == 2


def test_a_sentence_still_in_the_article_is_never_proposed_for_another() -> None:
    kept = _entry("Ukrainian troops held the line near the town.", "Gehalten.")
    new = "Ukrainian troops held the line near the city."
    data, _ = run([src(new), src(kept.msgid)], _catalog(kept))
    assert (by_id(data)[new].msgstr, by_id(data)[new].previous_msgid) == (new.upper(), None)
    assert by_id(data)[kept.msgid].msgstr == "Gehalten."


def test_a_live_entry_wins_over_an_obsolete_one_with_the_same_msgid() -> None:
    live = _entry("Gone.", "Weg.")
    stale = _entry("Gone.", "Alt.", obsolete=True)
    data, _ = run([src("Gone.")], _catalog(live, stale))
    assert by_id(data)["Gone."].msgstr == "Weg."
    gone, stats = run([src("Other.")], _catalog(live, stale, _entry("Away.", "Fort.")))
    assert [e.msgid for e in gone.entries if e.obsolete] == ["Gone.", "Away."]
    assert stats.obsolete == 2


def test_no_proposal_means_an_empty_translation_and_flags_other_than_fuzzy_stay() -> None:
    approved = _entry("One.", "Eins.", flags=("no-wrap",))
    edited = _entry("Two.", "Zwei (Entwurf).", flags=("fuzzy", "no-wrap"),
                    comments=("glossary: two → zwei [two]", f"{NOTE} [mt {fingerprint('TWO.')}]"))  # fmt: skip
    data, stats = merge_catalog([src("One."), src("Two."), src("Three.")], {}, HEADER,
                                _catalog(approved, edited), model_note=NOTE)  # fmt: skip
    entries = by_id(data)
    assert entries["One."].flags == ("no-wrap",)
    assert entries["Two."].flags == ("fuzzy", "no-wrap")
    assert entries["Three."].msgstr == "" and entries["Three."].flags == ()
    # not translated again: the edited draft keeps the notes of what it was made with
    assert "glossary: two → zwei [two]" in entries["Two."].comments
    assert f"{NOTE} [mt {fingerprint('TWO.')}]" in entries["Two."].comments
    assert (stats.untranslated, stats.fuzzy, stats.approved) == (1, 1, 1)


def test_an_edited_draft_gets_both_the_glossary_flag_and_the_new_machine_output() -> None:
    edited = _entry("Air defence held.", "Die Abwehr hielt (Entwurf).", fuzzy=True,
                    comments=("glossary: air defence → Schirm [air-defence]",))  # fmt: skip
    data, _ = run([src("Air defence held.")], _catalog(edited),
                  equivalents={"air-defence": ("Luftabwehr",)})  # fmt: skip
    notes = by_id(data)["Air defence held."].comments
    assert any(n.startswith("glossary: equivalent changed from Schirm") for n in notes)
    assert f"{NEW_MACHINE}AIR DEFENCE HELD." in notes


def test_an_approved_entry_drops_a_stale_previous_msgid_and_comments_stay_on_drafts() -> None:
    approved = _entry("One.", "Eins.", previous_msgid="Once.")
    draft = _entry("Two.", "TWO.", fuzzy=True, tcomment="ask the desk",
                   comments=(f"{NOTE} [mt {fingerprint('TWO.')}]",))  # fmt: skip
    empty = _entry("Three.", tcomment="no translation yet")
    data, _ = run([src("One."), src("Two."), src("Three.")], _catalog(approved, draft, empty))
    entries = by_id(data)
    assert entries["One."].previous_msgid is None
    assert (entries["Two."].msgstr, entries["Two."].tcomment) == ("TWO.", "ask the desk")
    assert (entries["Three."].msgstr, entries["Three."].tcomment) == (
        "THREE.",
        "no translation yet",
    )


def test_a_migration_replaces_every_changed_equivalent_and_keeps_backslashes() -> None:
    old = _entry("Air defence and radars held.", "Schirm und Radare hielten.",
                 comments=("glossary: radar → Radare [radar]",
                           "glossary: air defence → Schirm [air-defence]"))  # fmt: skip
    data, _ = run([src(old.msgid)], _catalog(old),
                  equivalents={"radar": ("Radare",), "air-defence": (r"Luft\Abwehr",)})  # fmt: skip
    assert by_id(data)[old.msgid].msgstr == r"Luft\Abwehr und Radare hielten."


def test_an_approved_entry_keeps_only_its_translation_notes_once_each() -> None:
    note = "glossary: radar → Radar [radar]"
    approved = _entry("Radars held.", "Radare hielten.",
                      comments=("normalised (replace): Radar → radar [radar]", note, note,
                                "glossary: sky → Himmel [unknown-id]"))  # fmt: skip
    data, _ = run([src("Radars held.")], _catalog(approved), equivalents={"radar": ("Radar",)})
    assert by_id(data)["Radars held."].comments == (note, "glossary: sky → Himmel [unknown-id]")


@pytest.mark.parametrize(
    ("old", "new", "carried"),
    [
        ("abcde", "abcxy", True),  # ratio exactly 0.6: similar enough
        ("abc", "abcdefg", True),  # lengths 3 and 7: the quickest bound is exactly 0.6
        ("abcde", "abxyz", False),  # 0.4
    ],
)
def test_the_similarity_threshold_is_inclusive(old: str, new: str, carried: bool) -> None:
    data, _ = run([src(new)], _catalog(_entry("zzzzzzzzzz", "Z"), _entry(old, "Alt.")))
    assert (by_id(data)[new].msgstr == "Alt.") is carried


def test_similar_sentences_of_a_few_hundred_characters_are_compared_without_junk() -> None:
    words = "Ukrainian air defence units shot down drones over the capital at night, "
    old = (words * 4).strip()  # about 300 characters: letters repeat, none are junk
    new = old.replace("capital at night", "capital at dawn", 1)
    data, _ = run([src(new)], _catalog(_entry(old, "Alt.")))
    assert by_id(data)[new].msgstr == "Alt."


def test_ties_go_to_the_first_old_entry_and_used_ones_are_skipped() -> None:
    a = _entry("The brigade held the town on Monday.", "A", fuzzy=True)
    b = _entry("The brigade held the town on Sunday.", "B", fuzzy=True)
    data, _ = run([src("The brigade held the town on Friday.")], _catalog(a, b))
    assert by_id(data)["The brigade held the town on Friday."].msgstr == "A"
    data, _ = run([src("The brigade held the town on Friday."),
                   src("The brigade held the town on Tuesday.")], _catalog(a, b))  # fmt: skip
    assert by_id(data)["The brigade held the town on Tuesday."].msgstr == "B"


@pytest.mark.slow
def test_long_sentences_are_compared_word_by_word_over_2000_characters() -> None:
    for size, carried in ((2000, True), (2001, False)):
        old = " ".join(f"w{i:03d}a" for i in range(400))[:size]
        new = old.replace("a ", "b ")  # every word differs, most characters do not
        data, _ = run([src(new)], _catalog(_entry(old, "Alt.")))
        assert (by_id(data)[new].msgstr == "Alt.") is carried, size


def test_more_than_one_migration_and_drafts_before_approved_orphans_are_counted() -> None:
    olds = (_entry("Kiev held.", "Kiew hielt."), _entry("Kiev slept.", "Kiew schlief."))
    data, stats = run([src("Kyiv held."), src("Kyiv slept.")], _catalog(*olds),
                      renormalise=lambda t: t.replace("Kiev", "Kyiv"))  # fmt: skip
    assert stats.migrated == 2
    draft = _entry("The brigade held the town on Monday.", "Entwurf", fuzzy=True)
    gone = _entry("A sentence that left the article.", "Weg.")
    data, stats = run([src("The brigade held the town on Friday.")], _catalog(draft, gone))
    assert [e.msgid for e in data.entries if e.obsolete] == [gone.msgid]


def test_without_new_machine_output_a_carried_translation_is_still_a_draft() -> None:
    old = _entry("The brigade held the town on Monday.", "Die Brigade hielt am Montag.")
    new = src("The brigade held the town on Friday.")
    new = SourceEntry(new.msgid, new.references, ("normalised (replace): a → b [c]",))
    data, _ = merge_catalog([new], {}, HEADER, _catalog(old), model_note=NOTE)
    entry = by_id(data)[new.msgid]
    assert (entry.msgstr, entry.flags) == ("Die Brigade hielt am Montag.", ("fuzzy",))
    assert not any(c.startswith(NEW_MACHINE) for c in entry.comments)
    assert entry.comments == ("normalised (replace): a → b [c]",)


def test_an_edited_draft_keeps_the_sentences_own_notes_when_not_translated_again() -> None:
    edited = _entry("Two.", "Zwei (Entwurf).", fuzzy=True,
                    comments=("glossary: two → zwei [two]", f"{NOTE} [mt {fingerprint('TWO.')}]"))  # fmt: skip
    source = SourceEntry("Two.", (("a.md", 1),), ("suggestion: Two → 2 [two] (quotation)",))
    data, _ = merge_catalog([source], {}, HEADER, _catalog(edited), model_note=NOTE)
    assert by_id(data)["Two."].comments == (
        "suggestion: Two → 2 [two] (quotation)",
        "glossary: two → zwei [two]",
        f"{NOTE} [mt {fingerprint('TWO.')}]",
    )


def test_missing_terms_are_read_past_other_notes() -> None:
    old = _entry("Kiev held.", "Kiew hielt.", comments=("glossary: Kiev → Kiew [kyiv]",))
    proposals = {"Kyiv held.": Proposal("KYIV HELD.", ("suggestion: a → b [c] (quotation)",
                                                       "glossary: held → gehalten [held]"))}  # fmt: skip
    data, _ = merge_catalog(
        [src("Kyiv held.")], proposals, HEADER, _catalog(old), model_note=NOTE,
        equivalents={"kyiv": ("Kyjiw",)}, renormalise=lambda t: t.replace("Kiev", "Kyiv"),
    )  # fmt: skip
    notes = by_id(data)["Kyiv held."].comments
    assert "glossary: held should be gehalten [held]; update the translation" in notes


def test_an_old_sentence_with_the_same_letters_in_another_order_is_passed_over() -> None:
    new = "Drones struck the port."
    scrambled = _entry("".join(reversed(new)), "Falsch.")  # the same letters: quick bounds pass
    similar = _entry("Drones struck the port again.", "Drohnen trafen den Hafen erneut.")
    data, _ = run([src(new)], _catalog(scrambled, similar))
    assert by_id(data)[new].msgstr == "Drohnen trafen den Hafen erneut."
