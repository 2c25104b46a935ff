"""Weekdays and months of the msgid, looked for in the msgstr in the target language."""

from __future__ import annotations

import pytest

from transpipe.checks.dates import check_dates
from transpipe.core.model import CatalogEntry

PO = "locales/de/troops.po"


def findings(
    msgid: str, msgstr: str, language: str = "de", *, fuzzy: bool = False
) -> list[tuple[str, str, str]]:
    entry = CatalogEntry(msgid, msgstr, flags=("fuzzy",) if fuzzy else (), line=9)
    found = check_dates([entry], PO, language)
    assert all(f.line == 9 and f.language == language for f in found)
    return [(f.code, f.severity, f.message) for f in found]


def test_a_different_weekday_is_an_error_naming_both() -> None:
    assert findings(
        "The talks began on Tuesday.", "Las conversaciones empezaron el miércoles.", "es"
    ) == [
        (
            "weekday-mismatch",
            "error",
            (
                'Tuesday of "The talks began on Tuesday." is not in the translation, which names '
                '"miércoles" instead; name the same day ("martes")'
            ),
        )
    ]


def test_a_missing_month_in_a_fuzzy_entry_is_a_warning() -> None:
    assert findings(
        "The plant reopened in March.", "Das Werk wurde wieder eröffnet.", fuzzy=True
    ) == [
        (
            "month-mismatch",
            "warning",
            (
                'March of "The plant reopened in March." is not in the translation; '
                'name the same month ("märz")'
            ),
        )
    ]


@pytest.mark.parametrize(
    ("msgid", "msgstr", "language"),
    [
        ("The talks began on Tuesday.", "Переговори почалися у вівторок.", "uk"),
        ("The talks end by Tuesday.", "Переговори закінчаться до вівторка.", "uk"),
        ("The talks began on Tuesday.", "Переговоры начались во вторник.", "ru"),
        ("The talks began on Tuesday.", "Rozmowy rozpoczęły się we wtorek.", "pl"),
        ("The talks end by Tuesday.", "Rozmowy zakończą się do wtorku.", "pl"),
        ("The talks began on Tuesday evening.", "Die Gespräche begannen am Dienstagabend.", "de"),
        ("The talks began on Tuesday.", "Les pourparlers ont commencé mardi.", "fr"),
        ("The talks began on Tue.", "Las conversaciones empezaron el martes.", "es"),
        ("The talks began in May.", "Переговори почалися у травні.", "uk"),
        ("The talks began on Sept. 12.", "Переговоры начались 12 сентября.", "ru"),
        ("The talks began on Tuesday.", "会谈于周二开始。", "zh"),
        ("The talks began on Tuesday.", "会談は火曜日に始まった。", "ja"),
        ("The talks began in January.", "会談は1月に始まった。", "ja"),
    ],
)
def test_the_same_day_or_month_in_any_form_passes(msgid: str, msgstr: str, language: str) -> None:
    assert findings(msgid, msgstr, language) == []


@pytest.mark.parametrize(
    "msgid",
    [
        "Troops may advance.",  # the verb
        "Protesters March on the capital.",  # a headline's verb
        "Jan Novak said the Sun rose.",  # a name and the Sun, no point or number
    ],
)
def test_words_that_only_look_like_names_are_not_read(msgid: str) -> None:
    assert findings(msgid, "Etwas ganz anderes.") == []


def test_january_is_not_november_in_japanese() -> None:
    assert [code for code, _, _ in findings("in January", "11月に", "ja")] == ["month-mismatch"]


@pytest.mark.parametrize(
    ("msgid", "msgstr", "language"),
    [
        ("The talks began on Friday.", "Переговори почалися у п’ятницю.", "uk"),  # U+2019
        ("The talks began on Friday.", "Переговори почалися у п'ятницю.", "uk"),
        ("The talks began in May.", "Переговоры начались в мае.", "ru"),
        ("The talks began on 9 May.", "Οι συνομιλίες ξεκίνησαν στις 9 Μαΐου.", "el"),
        ("The talks began on 9 May.", "ΟΙ ΣΥΝΟΜΙΛΙΕΣ ΞΕΚΙΝΗΣΑΝ ΣΤΙΣ 9 ΜΑΪΟΥ.", "el"),
        ("The talks began on Tuesday.", "Discuțiile au început marţi.", "ro"),  # t cedilla
        ("The talks began on Tuesday.", "As negociações começaram na terça-feira.", "pt"),
        ("The talks began on Tuesday.", "As negociações começaram na terça.", "pt"),
        ("The talks began on Tuesday.", "वार्ता मंगलवार को शुरू हुई।", "hi"),
        ("The talks began on Tuesday.", "Cuộc đàm phán bắt đầu vào thứ Ba.", "vi"),
        ("The talks began on Tuesday.", "مذاکرات سه‌شنبه آغاز شد.", "fa"),
        ("The talks began on Tuesday.", "مذاکرات سه شنبه آغاز شد.", "fa"),
        ("The Good Friday Agreement holds.", "Das Karfreitagsabkommen hält.", "de"),
        ("Super Tuesday results", "Ergebnisse des Super Tuesday", "de"),
        ("Black Friday deals", "Black-Friday-Angebote", "de"),
    ],
)
def test_a_name_in_another_spelling_script_form_or_kept_in_english_passes(
    msgid: str, msgstr: str, language: str
) -> None:
    assert findings(msgid, msgstr, language) == []


@pytest.mark.parametrize(
    "msgid",
    [
        "Theresa May, 64, resigned.",  # an age after a comma
        "He told the Sun.",  # a newspaper at a sentence's end
        "The Sun. Times are hard.",
        "The raid on Mar-a-Lago.",  # an abbreviation before a hyphen
    ],
)
def test_names_that_only_look_like_dates_are_not_read(msgid: str) -> None:
    assert findings(msgid, "Etwas ganz anderes.") == []


def test_a_short_name_does_not_take_another_months_name() -> None:
    assert [code for code, _, _ in findings("in May", "в марте", "ru")] == ["month-mismatch"]
    assert [code for code, _, _ in findings("in May", "март", "ru")] == ["month-mismatch"]
    assert [code for code, _, _ in findings("on Tue., March 5", "x")] == [
        "weekday-mismatch",
        "month-mismatch",
    ]


def test_where_cldr_misses_spellings_a_name_not_found_is_only_a_warning() -> None:
    approved = [CatalogEntry("They met on Tuesday.", "הם נפגשו ביום שלישי.", line=3)]
    (finding,) = check_dates(approved, "he.po", "he")
    assert (finding.code, finding.severity) == ("weekday-mismatch", "warning")
    wrong_day = [CatalogEntry("They met on Tuesday.", "他们星期三见面。", line=4)]
    (finding,) = check_dates(wrong_day, "zh.po", "zh")
    assert (finding.code, finding.severity) == ("weekday-mismatch", "error")
