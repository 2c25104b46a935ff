"""Localized editions built from reviewed catalogue entries."""

from __future__ import annotations

from dataclasses import replace

import pytest

from transpipe.core.model import CatalogEntry, Document
from transpipe.document import read_document
from transpipe.document.edition import (
    Edition,
    MarkupMismatchError,
    build_edition,
    draft_notice,
    is_draft,
    source_edition,
)

ARTICLE_MD = """\
# Troops reach Kyiv

The **first** unit arrived on Monday. Officials published [the report](https://example.org/r).

## What we know

- Two brigades moved north.
- Supplies followed by rail.

> We are ready, the commander said.

```
kubectl get pods
```

# Troops reach Kyiv
"""

ARTICLE_TXT = """\
Troops reach Kyiv

The first unit arrived on Monday. Officials published the report.
"""

GERMAN = {
    "Troops": "Truppen",
    "Troops reach Kyiv": "Truppen erreichen Kyjiw",
    "The **first** unit arrived on Monday.": "Die **erste** Einheit traf am Montag ein.",
    "Officials published [the report](https://example.org/r).": (
        "Beamte veröffentlichten [den Bericht](https://example.org/r)."
    ),
    "What we know": "Was wir wissen",
    "Two brigades moved north.": "Zwei Brigaden zogen nach Norden.",
    "Supplies followed by rail.": "Nachschub folgte per Bahn.",
    "We are ready, the commander said.": "Wir sind bereit, sagte der Kommandeur.",
    "The first unit arrived on Monday.": "Die erste Einheit traf am Montag ein.",
    "Officials published the report.": "Beamte veröffentlichten den Bericht.",
}


def markdown() -> Document:
    return read_document(ARTICLE_MD, "news/troops.md")


def text() -> Document:
    return read_document(ARTICLE_TXT, "news/troops.txt")


def identity(doc: Document) -> dict[str, str]:
    return {s.text: s.text for s in doc.sentences()}


def approved(*msgids: str) -> dict[str, CatalogEntry]:
    return {m: CatalogEntry(m, GERMAN[m]) for m in msgids}


def fuzzy(*msgids: str) -> dict[str, CatalogEntry]:
    return {m: CatalogEntry(m, GERMAN[m], flags=("fuzzy",)) for m in msgids}


def test_fully_approved_markdown_keeps_the_structure() -> None:
    doc = markdown()
    edition = build_edition(doc, identity(doc), approved(*identity(doc)))
    assert edition == Edition(
        text=(
            "# Truppen erreichen Kyjiw\n"
            "\n"
            "Die **erste** Einheit traf am Montag ein. "
            "Beamte veröffentlichten [den Bericht](https://example.org/r).\n"
            "\n"
            "## Was wir wissen\n"
            "\n"
            "- Zwei Brigaden zogen nach Norden.\n"
            "- Nachschub folgte per Bahn.\n"
            "\n"
            "> Wir sind bereit, sagte der Kommandeur.\n"
            "\n"
            "```\n"
            "kubectl get pods\n"
            "```\n"
            "\n"
            "# Truppen erreichen Kyjiw\n"
        ),
        total=7,
        approved=7,
        drafts_used=0,
        fallbacks=0,
        share=1.0,
        written=True,
    )


def test_inline_markdown_of_the_msgstr_is_used_as_written() -> None:
    doc = markdown()
    entries = approved(*identity(doc))
    first = "The **first** unit arrived on Monday."
    entries[first] = CatalogEntry(first, "Am Montag kam die **erste** Einheit.")
    edition = build_edition(doc, identity(doc), entries)
    assert edition.text is not None
    assert "Am Montag kam die **erste** Einheit. Beamte" in edition.text


def test_an_approved_msgstr_with_other_inline_markdown_is_refused() -> None:
    doc = markdown()
    entries = approved(*identity(doc))
    first = "The **first** unit arrived on Monday."
    entries[first] = CatalogEntry(first, "Die _erste_ Einheit kam am `Montag`.", line=9)
    with pytest.raises(MarkupMismatchError, match="markup-mismatch") as info:
        build_edition(doc, identity(doc), entries, catalog="locales/de/troops.po")
    assert str(info.value).startswith("locales/de/troops.po:9: ")
    # the same text as an unreviewed draft is used (and marked as a draft)
    entries[first] = replace(entries[first], flags=("fuzzy",))
    edition = build_edition(doc, identity(doc), entries, drafts=True, min_reviewed=0.5)
    assert edition.text is not None and "Die _erste_ Einheit kam am `Montag`." in edition.text


def test_below_the_default_threshold_nothing_is_written() -> None:
    doc = markdown()
    done = list(identity(doc))[:5]  # 5 of 7: 71 %
    edition = build_edition(doc, identity(doc), approved(*done))
    assert edition.text is None
    assert not edition.written
    assert (edition.total, edition.approved, edition.fallbacks) == (7, 5, 2)
    assert edition.share == pytest.approx(5 / 7)


def test_written_exactly_at_the_threshold() -> None:
    doc = read_document(
        "One here.\n\nTwo here.\n\nThree here.\n\nFour here.\n\nFive here.\n", "a.txt"
    )
    msgids = identity(doc)
    entries = {m: CatalogEntry(m, m.upper()) for m in list(msgids)[:4]}
    at = build_edition(doc, msgids, entries)  # 4 of 5 = the default 0.8
    assert at.written and at.share == 0.8
    assert at.text == "ONE HERE.\n\nTWO HERE.\n\nTHREE HERE.\n\nFOUR HERE.\n\nFive here.\n"
    above = build_edition(doc, msgids, entries, min_reviewed=0.81)
    assert not above.written and above.text is None
    assert build_edition(doc, msgids, entries, min_reviewed=0.0).written


def test_threshold_outside_zero_to_one_is_refused() -> None:
    doc = text()
    with pytest.raises(ValueError, match="between 0 and 1"):
        build_edition(doc, identity(doc), {}, min_reviewed=80)


def test_unreviewed_sentences_fall_back_to_the_normalised_source() -> None:
    doc = read_document("Kiev is calm.\n\nThe city woke up.\n", "a.txt")
    msgids = {"Kiev is calm.": "Kyiv is calm.", "The city woke up.": "The city woke up."}
    entries = {
        "The city woke up.": CatalogEntry("The city woke up.", "Die Stadt erwachte."),
        "Kyiv is calm.": CatalogEntry("Kyiv is calm.", "Kyjiw ist ruhig.", flags=("fuzzy",)),
    }
    edition = build_edition(doc, msgids, entries, min_reviewed=0.5)
    assert edition.text == "Kyiv is calm.\n\nDie Stadt erwachte.\n"
    assert (edition.approved, edition.drafts_used, edition.fallbacks) == (1, 0, 1)


def test_blank_or_obsolete_entries_are_not_approved() -> None:
    doc = read_document("One here.\n\nTwo here.\n", "a.txt")
    entries = {
        "One here.": CatalogEntry("One here.", "   "),
        "Two here.": CatalogEntry("Two here.", "Zwei.", obsolete=True),
    }
    edition = build_edition(doc, identity(doc), entries, min_reviewed=0.0)
    assert edition.text == "One here.\n\nTwo here.\n"
    assert (edition.approved, edition.fallbacks) == (0, 2)


def test_drafts_are_used_marked_and_counted_in_markdown() -> None:
    doc = markdown()
    sentences = list(identity(doc))
    entries = {**approved(*sentences[:6]), **fuzzy(sentences[6])}
    without = build_edition(doc, identity(doc), entries)
    assert without.text is not None
    assert "We are ready" in without.text and "DRAFT" not in without.text
    assert (without.drafts_used, without.fallbacks) == (0, 1)

    edition = build_edition(doc, identity(doc), entries, drafts=True)
    assert edition.text is not None
    assert (edition.approved, edition.drafts_used, edition.fallbacks) == (6, 1, 0)
    assert edition.share == pytest.approx(6 / 7)  # drafts never count as reviewed
    first, blank, rest = edition.text.split("\n", 2)
    assert first == "<!-- DRAFT: 1 of 7 sentences are unreviewed machine translation -->"
    assert blank == ""
    assert rest.startswith("# Truppen erreichen Kyjiw\n")
    assert "> Wir sind bereit, sagte der Kommandeur.\n" in rest


def test_drafts_are_written_under_the_threshold_and_never_count_towards_it() -> None:
    doc = markdown()
    sentences = list(identity(doc))
    entries = {**approved(*sentences[:2]), **fuzzy(*sentences[2:])}
    assert not build_edition(doc, identity(doc), entries).written  # no drafts asked for
    edition = build_edition(doc, identity(doc), entries, drafts=True)
    assert edition.written and edition.text is not None
    assert edition.text.startswith(
        "<!-- DRAFT: 5 of 7 sentences are unreviewed machine translation -->\n\n"
    )
    assert (edition.approved, edition.drafts_used, round(edition.share, 2)) == (2, 5, 0.29)
    assert is_draft(edition.text)


def test_a_draft_under_the_threshold_with_no_machine_output_says_what_is_missing() -> None:
    doc = text()
    entries = approved("Troops reach Kyiv")  # 1 of 3 approved, nothing else translated
    edition = build_edition(doc, identity(doc), entries, drafts=True)
    assert edition.text is not None and edition.text.startswith(
        "[DRAFT: 0 of 3 sentences are unreviewed machine translation, "
        "2 still in the source language]\n\nTruppen erreichen Kyjiw\n"
    )
    assert not is_draft("Truppen erreichen Kyjiw\n\nDie erste Einheit traf ein.\n")


def test_drafts_in_plain_text_get_a_bracketed_first_line() -> None:
    doc = text()
    entries = {**approved("Troops reach Kyiv"), **fuzzy("The first unit arrived on Monday.")}
    edition = build_edition(doc, identity(doc), entries, drafts=True, min_reviewed=0.3)
    assert edition.text == (
        "[DRAFT: 1 of 3 sentences are unreviewed machine translation, "
        "1 still in the source language]\n"
        "\n"
        "Truppen erreichen Kyjiw\n"
        "\n"
        "Die erste Einheit traf am Montag ein. Officials published the report.\n"
    )
    assert (edition.approved, edition.drafts_used, edition.fallbacks) == (1, 1, 1)


def test_an_empty_fuzzy_msgstr_is_no_draft() -> None:
    doc = text()
    entries = {
        **approved("Troops reach Kyiv", "Officials published the report."),
        "The first unit arrived on Monday.": CatalogEntry(
            "The first unit arrived on Monday.", "", flags=("fuzzy",)
        ),
    }
    edition = build_edition(doc, identity(doc), entries, drafts=True, min_reviewed=0.5)
    assert edition.text is not None and not edition.text.startswith("[DRAFT")
    assert (edition.drafts_used, edition.fallbacks) == (0, 1)
    assert "The first unit arrived on Monday. Beamte" in edition.text


def test_draft_notice_goes_after_front_matter() -> None:
    source = "---\ntitle: Troops\ndate: 2026-01-02\n---\n\n# Troops reach Kyiv\n\nWe are ready, the commander said.\n"
    doc = read_document(source, "a.md")
    entries = {
        **approved("Troops reach Kyiv"),
        **fuzzy("We are ready, the commander said."),
        **fuzzy("Troops"),
    }
    edition = build_edition(doc, identity(doc), entries, drafts=True, min_reviewed=0.5)
    assert edition.text == (
        "---\ntitle: Truppen\ndate: 2026-01-02\n---\n"
        "\n"
        f"{draft_notice('markdown', 2, 3)}\n"
        "\n"
        "# Truppen erreichen Kyjiw\n"
        "\n"
        "Wir sind bereit, sagte der Kommandeur.\n"
    )


def test_repeated_sentences_use_their_one_entry_and_count_once() -> None:
    doc = markdown()
    assert [s.text for s in doc.sentences()].count("Troops reach Kyiv") == 2
    entries = approved("Troops reach Kyiv")
    edition = build_edition(doc, identity(doc), entries, min_reviewed=0.0)
    assert edition.total == 7 and edition.approved == 1 and edition.fallbacks == 6
    assert edition.text is not None
    assert edition.text.startswith("# Truppen erreichen Kyjiw\n")
    assert edition.text.endswith("```\n\n# Truppen erreichen Kyjiw\n")


def test_a_document_without_sentences_is_complete() -> None:
    doc = read_document("```\ncode only\n```\n", "a.md")
    edition = build_edition(doc, {}, {})
    assert edition == Edition("```\ncode only\n```\n", 0, 0, 0, 0, 1.0, True)


def test_source_edition_is_the_normalised_article() -> None:
    source = "# Kiev under fire\n\n- The ZSU held.\n- Quiet night.\n"
    doc = read_document(source, "a.md")
    msgids = {
        "Kiev under fire": "Kyiv under fire",
        "The ZSU held.": "The Armed Forces of Ukraine held.",
        "Quiet night.": "Quiet night.",
    }
    assert source_edition(doc, msgids) == (
        "# Kyiv under fire\n\n- The Armed Forces of Ukraine held.\n- Quiet night.\n"
    )
    # a sentence missing from the mapping is its own msgid
    assert source_edition(doc, {}) == source


def test_msgids_map_source_sentences_to_catalogue_keys() -> None:
    doc = read_document("Kiev is calm.\n", "a.txt")
    msgids = {"Kiev is calm.": "Kyiv is calm."}
    entries = {"Kyiv is calm.": CatalogEntry("Kyiv is calm.", "Kyjiw ist ruhig.")}
    edition = build_edition(doc, msgids, entries)
    assert edition.text == "Kyjiw ist ruhig.\n"
    assert edition.total == 1 and edition.approved == 1
