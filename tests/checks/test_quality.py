"""The quality checks: doubled words, untranslated text, lengths, ends, brackets, language."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest

from transpipe.checks.quality import (
    check_bracket_balance,
    check_end_punctuation,
    check_length_ratio,
    check_repeated_words,
    check_target_language,
    check_unchanged,
)
from transpipe.core.findings import Finding
from transpipe.core.model import CatalogEntry
from transpipe.terms.gloss_format import parse_glossary
from transpipe.terms.glossary import Glossary, GlossaryIndex

PO = "locales/de/troops.po"
Check = Callable[[Sequence[CatalogEntry], str, str], list[Finding]]


def entry(msgid: str, msgstr: str, *, fuzzy: bool = False) -> CatalogEntry:
    return CatalogEntry(msgid, msgstr, flags=("fuzzy",) if fuzzy else (), line=7)


def found(check: Check, msgid: str, msgstr: str, language: str = "de") -> list[tuple[str, str]]:
    """``(severity, message)`` of each finding, after checking the code and line."""
    findings = check([entry(msgid, msgstr)], PO, language)
    assert all(f.line == 7 and f.path == PO and f.language == language for f in findings)
    return [(f.severity, f.message) for f in findings]


# -- repeated-word ------------------------------------------------------------------


def test_a_doubled_word_is_a_warning() -> None:
    findings = check_repeated_words(
        [entry("The convoy reached the border.", "Der Konvoi erreichte die die Grenze.")], PO, "de"
    )
    assert [(f.code, f.severity, f.message) for f in findings] == [
        ("repeated-word", "warning", '"die die" repeats "die"; remove the repeat')
    ]


def test_a_doubled_phrase_is_found() -> None:
    assert found(
        check_repeated_words,
        "We met in the city in the spring.",
        "Wir trafen uns in der Stadt in der Stadt.",
    ) == [("warning", '"in der Stadt in der Stadt" repeats "in der Stadt"; remove the repeat')]


@pytest.mark.parametrize(
    ("msgid", "msgstr", "language"),
    [
        ("Those who stayed were safe.", "Die, die blieben, waren sicher.", "de"),  # a comma
        ("He said that that was wrong.", "Er sagte, dass das das falsch war.", "de"),  # the source
        ("We met in the city.", "Nous nous sommes rencontrés en ville.", "fr"),  # grammar
        ("Rates rose 10 10 times.", "Die Zinsen stiegen 10 10 Mal.", "de"),  # no letter
    ],
)
def test_repeats_that_are_no_slip_pass(msgid: str, msgstr: str, language: str) -> None:
    assert found(check_repeated_words, msgid, msgstr, language) == []


# -- unchanged ----------------------------------------------------------------------


def unchanged(msgid: str, language: str = "de", index: GlossaryIndex | None = None) -> list[str]:
    return [f.message for f in check_unchanged([entry(msgid, msgid)], PO, language, "en", index)]


def test_a_sentence_left_in_english_is_a_warning() -> None:
    findings = check_unchanged(
        [entry("Supplies were delivered quickly.", "supplies were  delivered quickly.")],
        PO,
        "de",
        "en",
    )
    assert [(f.code, f.severity, f.message) for f in findings] == [
        (
            "unchanged",
            "warning",
            (
                'the translation of "Supplies were delivered quickly." is the msgid itself; '
                "translate it into de"
            ),
        )
    ]


@pytest.mark.parametrize(
    "msgid",
    [
        "Armed Forces Of Ukraine",  # a name
        "See https://example.org/a/b/c now",  # two words once the URL is set aside
        "NATO EU OSCE UN",  # acronyms
        "12 000 300",  # numbers
        "The HIMARS fired",  # do-not-translate term: two words left
    ],
)
def test_what_may_stay_as_it_is_is_not_reported(msgid: str) -> None:
    glossary = "id: himars\nterm: HIMARS\nflags: dnt, case-sensitive\n"
    index = GlossaryIndex.build(Glossary(tuple(parse_glossary(glossary, "t.gloss"))))
    assert unchanged(msgid, index=index) == []


def test_an_english_catalogue_may_keep_the_source() -> None:
    assert unchanged("Supplies were delivered quickly.", language="en-GB") == []


# -- length-ratio -------------------------------------------------------------------


def test_a_much_shorter_translation_is_a_warning() -> None:
    assert found(
        check_length_ratio, "The minister spoke to reporters on the record.", "Er sprach."
    ) == [
        (
            "warning",
            (
                'the translation is 0.22 times as long as "The minister spoke to reporters on the '
                'record." (expected 0.4-2.5 for de); check for dropped text'
            ),
        )
    ]


def test_a_much_longer_translation_is_a_warning() -> None:
    msgid = "The minister spoke to all."
    msgstr = "Der Minister sprach lange und ausführlich zu allen, die da waren, über alles."
    assert found(check_length_ratio, msgid, msgstr) == [
        (
            "warning",
            (
                'the translation is 2.96 times as long as "The minister spoke to all." '
                "(expected 0.4-2.5 for de); check for added or doubled text"
            ),
        )
    ]


def test_chinese_has_its_own_band_and_short_msgids_are_not_compared() -> None:
    assert (
        found(check_length_ratio, "The minister spoke to the reporters.", "部长对记者讲话。", "zh")
        == []
    )
    assert found(check_length_ratio, "The minister spoke to the reporters.", "部长。", "zh") != []
    assert found(check_length_ratio, "He spoke.", "Er sprach lange und ausführlich.") == []


# -- end-punctuation ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("msgid", "msgstr", "message"),
    [
        ("Will the talks resume?", "Die Gespräche werden fortgesetzt.",
         ("the translation of \"Will the talks resume?\" ends with '.' where the msgid ends "
         "with '?'; use '?'")),
        ("Troops advance.", "Truppen rücken vor",
         ("the translation of \"Troops advance.\" does not end with '.' as the msgid does; "
         "add it")),
        ("Troops advance", "Truppen rücken vor.",
         ("the translation of \"Troops advance\" ends with '.' though the msgid has no final "
         "mark; remove it")),
    ],
)  # fmt: skip
def test_a_different_end_is_a_warning(msgid: str, msgstr: str, message: str) -> None:
    assert found(check_end_punctuation, msgid, msgstr) == [("warning", message)]


@pytest.mark.parametrize(
    ("msgid", "msgstr", "language"),
    [
        ("Will the talks resume?", "Θα συνεχιστούν οι συνομιλίες;", "el"),
        ("Will the talks resume?", "会谈会恢复吗？", "zh"),
        ("Will the talks resume?", "هل ستستأنف المحادثات؟", "ar"),
        ('He said: "We stay."', "Er sagte: „Wir bleiben.“", "de"),
        ("He said: «We stay.»", "Il a dit : « Nous restons. »", "fr"),
        ("The talks resumed (again).", "Die Gespräche (wieder) begannen.", "de"),
        ("The talks resumed...", "Die Gespräche begannen…", "de"),
        ("It began on May 5", "Es begann am 5.", "de"),  # an ordinal
        ("The talks resumed.", "การเจรจาเริ่มขึ้นอีกครั้ง", "th"),
    ],
)
def test_equivalent_ends_pass(msgid: str, msgstr: str, language: str) -> None:
    assert found(check_end_punctuation, msgid, msgstr, language) == []


# -- bracket-balance ----------------------------------------------------------------


def test_an_unclosed_bracket_is_a_warning() -> None:
    assert found(
        check_bracket_balance,
        "The agency (IAEA) sent inspectors.",
        "Die Behörde (IAEA schickte Inspektoren.",
    ) == [
        (
            "warning",
            (
                'unbalanced () in the translation of "The agency (IAEA) sent inspectors."; '
                "close or remove them"
            ),
        )
    ]


def test_an_unclosed_quotation_is_a_warning_and_apostrophes_do_not_count() -> None:
    assert found(check_bracket_balance, 'He said "no".', "Er sagte „nein.") == [
        (
            "warning",
            (
                'unbalanced double quotation marks in the translation of "He said "no"."; '
                "close or remove them"
            ),
        )
    ]
    assert found(check_bracket_balance, "The army’s ‘plan’ failed.", "L’armée et son ‘plan.", "fr")
    assert found(check_bracket_balance, "The army’s ‘plan’ failed.", "L’armée ‘plan’.", "fr") == []


@pytest.mark.parametrize(
    ("msgid", "msgstr"),
    [
        ('He said "no" to {0}.', "Er sagte „nein“ zu {0}."),
        ("He said «no».", "Il a dit « non »."),
        ("Count {0} and {name}.", "Zähle {0} und {name}."),
        ('"We will fight.', "„Wir werden kämpfen."),  # one sentence of a longer quotation
    ],
)
def test_balanced_or_uncomparable_pass(msgid: str, msgstr: str) -> None:
    assert found(check_bracket_balance, msgid, msgstr) == []


@pytest.mark.parametrize(
    ("msgid", "msgstr"),
    [
        ("Scholz's government fell.", "Scholz’ Regierung ist gestürzt."),
        ("The soldiers' families said 'no'.", "The soldiers’ families said ‘no’."),
        ("Back to the '90s.", "Zurück in die ’90er."),
    ],
)
def test_an_apostrophe_at_a_words_end_or_before_a_year_is_no_quotation_mark(
    msgid: str, msgstr: str
) -> None:
    assert found(check_bracket_balance, msgid, msgstr) == []


# -- target-language ----------------------------------------------------------------

DELEGATION = "The delegation arrived in the capital after a long journey through the mountains."
FRENCH = "La délégation est arrivée dans la capitale après un long voyage à travers les montagnes."


def test_a_translation_in_another_language_is_an_error_when_approved() -> None:
    findings = check_target_language(
        [entry(DELEGATION, FRENCH), entry(DELEGATION, FRENCH, fuzzy=True)], PO, "de"
    )
    message = (
        'the translation of "The delegation arrived in the capital after a long journey …" '
        "reads as fr (1.00), not de; translate it into de"
    )
    assert [(f.code, f.severity, f.message) for f in findings] == [
        ("target-language", "error", message),
        ("target-language", "warning", message),
    ]


def test_a_translation_in_the_catalogues_language_or_too_short_passes() -> None:
    german = "Die Delegation erreichte die Hauptstadt nach einer langen Reise durch die Berge."
    assert found(check_target_language, DELEGATION, german) == []
    assert (
        found(check_target_language, "The delegation arrived.", "La délégation est arrivée.") == []
    )
    # langdetect has no Serbian: it could only ever name another language
    assert found(check_target_language, DELEGATION, FRENCH, "sr") == []


def test_blank_and_untranslated_entries_are_not_read() -> None:
    entries = [
        entry("The convoy reached the border.", ""),
        CatalogEntry("The convoy reached the border.", "die die", line=3, obsolete=True),
    ]
    assert check_repeated_words(entries, PO, "de") == []
    assert check_end_punctuation(entries, PO, "de") == []
