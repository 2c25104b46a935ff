"""Findings of the CI gate over plain catalogue data."""

from __future__ import annotations

from decimal import Decimal

import pytest

from transpipe.checks.rules import (
    Finding,
    check_completeness,
    check_entries,
    check_fragments,
    check_glossary,
    check_header,
    exit_code,
    format_github,
    numbers,
)
from transpipe.core.model import CatalogData, CatalogEntry
from transpipe.fragments.detect import Fragment
from transpipe.terms.gloss_format import parse_glossary
from transpipe.terms.glossary import Glossary, GlossaryIndex

PO = "locales/de/troops.po"

GLOSSARY = """\
id: kyiv
term: Kyiv
deprecated: Kiev
de: Kyjiw | Kiew
ru: Киев

id: afu
term: Armed Forces of Ukraine
abbr: AFU
deprecated: ZSU | VSU
flags: case-sensitive
de: Streitkräfte der Ukraine
ru: Вооружённые силы Украины | VSU

id: air-defence
term: air defence
de: Luftverteidigung
pl: obrona powietrzna

id: himars
term: HIMARS
flags: dnt, case-sensitive

id: drone
term: drone
"""


@pytest.fixture(scope="module")
def index() -> GlossaryIndex:
    return GlossaryIndex.build(Glossary(tuple(parse_glossary(GLOSSARY, "test.gloss"))))


def ok(msgid: str, msgstr: str, line: int = 7) -> CatalogEntry:
    return CatalogEntry(msgid, msgstr, line=line)


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


def entry_codes(msgid: str, msgstr: str) -> list[str]:
    return codes(check_entries([ok(msgid, msgstr)], PO, "de"))


# -- check_entries ------------------------------------------------------------------


def test_a_faithful_translation_has_no_findings() -> None:
    msgid = "On 12 May, **1,200.5** tonnes reached [Kyiv](https://example.org/kyiv) (%s)."
    msgstr = "Am 12. Mai erreichten **1.200,5** Tonnen [Kyjiw](https://example.org/kyiv) (%s)."
    assert entry_codes(msgid, msgstr) == []


def test_finding_fields() -> None:
    [finding] = check_entries([ok("Send %s now.", "Jetzt senden.", line=42)], PO, "de")
    assert finding == Finding(
        PO,
        42,
        "placeholder-mismatch",
        "error",
        finding.message,
        "de",
    )
    assert "\n" not in finding.message
    assert "missing %s" in finding.message
    assert str(finding).startswith(f"{PO}:42: error: ")
    assert str(finding).endswith("[placeholder-mismatch]")


@pytest.mark.parametrize(
    ("msgid", "msgstr", "bad"),
    [
        ("Hello {1} and {2}.", "Hallo {1} und {2}.", False),
        ("Hello {1} and {2}.", "Hallo {2} und {1}.", False),  # order may change
        ("Hello {1} and {2}.", "Hallo {1}.", True),
        ("Hello world.", "Hallo {1} Welt.", True),  # a leaked engine placeholder
        ("Hello {1}.", "Hallo {1} {1}.", True),  # count matters
        ("Sent by %(name)s on %d.", "Gesendet von %(name)s am %d.", False),
        ("Sent by %(name)s.", "Gesendet von %(user)s.", True),
        ("Sent %s.", "Gesendet.", True),
        ("Up 50% on the year.", "Plus 50 % im Jahresvergleich.", False),
        ("100%% sure.", "100%% sicher.", False),
        ("See https://example.org/a%20a.", "Siehe https://example.org/a%20a.", False),
    ],
)
def test_placeholder_mismatch(msgid: str, msgstr: str, bad: bool) -> None:
    assert ("placeholder-mismatch" in entry_codes(msgid, msgstr)) is bad


@pytest.mark.parametrize(
    ("msgid", "msgstr", "bad"),
    [
        ("In 2023, 15 soldiers died.", "2023 starben 15 Soldaten.", False),
        ("In 2023, 15 soldiers died.", "2022 starben 15 Soldaten.", True),
        ("In 2023, 15 soldiers died.", "Im Jahr 2023 starben Soldaten.", True),
        ("It cost 1,200.5 dollars.", "Es kostete 1.200,5 Dollar.", False),
        ("It cost 1,200.5 dollars.", "Це коштувало 1 200,5 долара.", False),
        ("It cost 1,200.5 dollars.", "Cela a coûté 1\u202f200,5 dollars.", False),
        ("It cost 1,200.5 dollars.", "Es kostete 1.200 Dollar.", True),
        ("A 1.5 million budget.", "Ein Budget von 1,5 Millionen.", False),
        ("A 1.5 million budget.", "Ein Budget von 15 Millionen.", True),
        ("Some 12,000 troops.", "Rund 12.000 Soldaten.", False),
        ("Some 12,000 troops.", "Rund 12000 Soldaten.", False),
        ("Some 12,000 troops.", "Rund 12 000 Soldaten.", False),
        ("Some 12,000 troops.", "Rund 1200 Soldaten.", True),
        ("On May 5 300 troops left.", "Am 5. Mai zogen 300 Soldaten ab.", False),
        ("Two F-16s flew.", "Zwei F-16 flogen.", False),
        ("No numbers here.", "Keine Zahlen hier, 3 Extras.", False),  # only the msgid's count
        ("Read `v2.3` at https://x.org/2023.", "Lies `v2.3` bei https://x.org/2023.", False),
    ],
)
def test_number_mismatch(msgid: str, msgstr: str, bad: bool) -> None:
    assert ("number-mismatch" in entry_codes(msgid, msgstr)) is bad


@pytest.mark.parametrize(
    ("written", "values"),
    [
        ("1,200.5", {Decimal("1200.5")}),
        ("1.200,5", {Decimal("1200.5")}),
        ("1\u00a0200,5", {Decimal("1200.5")}),
        ("1,200", {Decimal(1200), Decimal("1.2")}),
        ("1.200", {Decimal(1200), Decimal("1.2")}),
        ("1,200,000", {Decimal(1200000)}),
        ("1.200.000,75", {Decimal("1200000.75")}),
        ("12.50", {Decimal("12.5")}),
        ("2023", {Decimal(2023)}),
        ("1'200", {Decimal(1200)}),  # Swiss grouping: never a decimal mark
        ("١٢٣", {Decimal(123)}),  # Arabic-Indic digits
    ],
)
def test_number_normalisation(written: str, values: set[Decimal]) -> None:
    [(found, readings)] = numbers(f"about {written} units")
    assert found == written
    assert readings == values


def test_plain_spaces_group_digits_only_in_translations() -> None:
    assert [w for w, _ in numbers("1 200")] == ["1", "200"]
    [(written, values)] = numbers("1 200", target=True)
    assert written == "1 200"
    assert Decimal(1200) in values


@pytest.mark.parametrize(
    ("msgid", "msgstr", "bad"),
    [
        ("Write to press@example.org.", "Schreiben Sie an press@example.org.", False),
        ("Write to press@example.org.", "Schreiben Sie an presse@example.org.", True),
        ("See https://example.org/en/x.", "Siehe https://example.org/de/x.", True),
        ("See https://example.org/x.", "Siehe https://example.org/x.", False),
        ("See <https://example.org/x>.", "Siehe <https://example.org/x>.", False),
        ("See <https://example.org/x>.", "Siehe die Website.", True),
        ("See the site.", "Siehe www.example.org.", True),
    ],
)
def test_url_mismatch(msgid: str, msgstr: str, bad: bool) -> None:
    assert ("url-mismatch" in entry_codes(msgid, msgstr)) is bad


@pytest.mark.parametrize(
    ("msgid", "msgstr", "bad"),
    [
        ("The **first** unit.", "Die **erste** Einheit.", False),
        ("The **first** unit.", "Die erste Einheit.", True),
        ("The **first** unit.", "Die *erste* Einheit.", True),
        ("Run `ls -l` now.", "Führe jetzt `ls -l` aus.", False),
        ("Run `ls -l` now.", "Führe jetzt `ls -la` aus.", True),
        ("Read [the report](https://x.org/r).", "Lies [den Bericht](https://x.org/r).", False),
        ("Read [the report](https://x.org/r).", "Lies [den Bericht](https://x.org/de).", True),
        ('Read [it](https://x.org/r "Report").', 'Lies [ihn](https://x.org/r "Bericht").', False),
        ("A ![map](map.png) here.", "Eine ![Karte](map.png) hier.", False),
        ("A ![map](map.png) here.", "Eine ![Karte](karte.png) hier.", True),
        ("Very <b>bold</b>.", "Sehr <b>fett</b>.", False),
        ("Very <b>bold</b>.", "Sehr <strong>fett</strong>.", True),
        ("A \\*literal star.", "Ein \\*wörtlicher Stern.", False),
        ("See https://x.org/a.", "Siehe https://x.org/b.", False),  # a URL, not markup
    ],
)
def test_markup_mismatch(msgid: str, msgstr: str, bad: bool) -> None:
    assert ("markup-mismatch" in entry_codes(msgid, msgstr)) is bad


def test_empty_translation() -> None:
    assert entry_codes("The first unit.", " \n ") == ["empty-translation"]
    assert entry_codes("The first unit.", "Die erste Einheit.") == []
    # an untranslated entry is not an empty translation
    assert check_entries([CatalogEntry("The first unit.")], PO, "de") == []


def test_fuzzy_entries_give_warnings_untranslated_and_obsolete_nothing() -> None:
    entries = [
        CatalogEntry("Send %s.", "Senden.", flags=("fuzzy",), line=3),
        CatalogEntry("Send %s.", "", flags=("fuzzy",), line=5),
        CatalogEntry("Send %s.", "Senden.", obsolete=True, line=9),
        CatalogEntry("Send %s.", "", line=11),
    ]
    findings = check_entries(entries, PO, "de")
    assert [(f.code, f.severity, f.line) for f in findings] == [
        ("placeholder-mismatch", "warning", 3)
    ]


# -- check_completeness -------------------------------------------------------------


def catalogue(approved: int, fuzzy: int = 0, untranslated: int = 0) -> list[CatalogEntry]:
    entries = [CatalogEntry(f"a{i}", f"A{i}", line=i + 1) for i in range(approved)]
    entries += [
        CatalogEntry(f"f{i}", f"F{i}", flags=("fuzzy",), line=100 + i) for i in range(fuzzy)
    ]
    entries += [CatalogEntry(f"u{i}", line=200 + i) for i in range(untranslated)]
    entries.append(CatalogEntry("gone", "Weg", obsolete=True, line=300))
    return entries


def test_below_threshold() -> None:
    findings = check_completeness(catalogue(7, 2, 1), PO, "de", 0.8)
    [below] = [f for f in findings if f.code == "below-threshold"]
    assert below.severity == "error" and below.line == 0 and below.language == "de"
    assert "7 of 10" in below.message and "70%" in below.message and "80%" in below.message


def test_at_threshold_and_empty_catalogues_pass() -> None:
    assert "below-threshold" not in codes(check_completeness(catalogue(8, 1, 1), PO, "de", 0.8))
    assert check_completeness([], PO, "de", 1.0) == []
    # obsolete entries do not count
    assert check_completeness(catalogue(3), PO, "de", 1.0) == []


def test_fuzzy_and_untranslated_warnings_carry_their_lines() -> None:
    findings = check_completeness(catalogue(1, 1, 1), PO, "de", 0.0)
    assert [(f.code, f.severity, f.line) for f in findings] == [
        ("fuzzy", "warning", 100),
        ("untranslated", "warning", 200),
    ]
    assert check_completeness(catalogue(2), PO, "de", 0.0) == []


def test_a_fuzzy_entry_without_msgstr_is_untranslated() -> None:
    entry = CatalogEntry("x", "", flags=("fuzzy",), line=4)
    assert codes(check_completeness([entry], PO, "de", 0.0)) == ["untranslated"]


def test_a_blank_approved_entry_is_not_counted_as_reviewed() -> None:
    entries = [CatalogEntry("x", " "), CatalogEntry("y", "Y")]
    assert codes(check_completeness(entries, PO, "de", 0.8)) == ["below-threshold"]


# -- check_glossary -----------------------------------------------------------------


def glossary_codes(
    index: GlossaryIndex, msgid: str, msgstr: str, language: str = "de"
) -> list[str]:
    return codes(check_glossary([ok(msgid, msgstr)], index, PO, language))


def test_glossary_missing(index: GlossaryIndex) -> None:
    msgid = "The Armed Forces of Ukraine defended Kyiv."
    assert glossary_codes(index, msgid, "Die Streitkräfte der Ukraine verteidigten Kyjiw.") == []
    assert glossary_codes(index, msgid, "Die Streitkräfte der Ukraine verteidigten Kiew.") == []
    findings = check_glossary(
        [ok(msgid, "Die ukrainische Armee verteidigte Kyjiw.", line=12)], index, PO, "de"
    )
    [finding] = findings
    assert (finding.code, finding.severity, finding.line) == ("glossary-missing", "error", 12)
    assert "afu" in finding.message and "Streitkräfte der Ukraine" in finding.message


def test_glossary_missing_allows_inflection(index: GlossaryIndex) -> None:
    msgid = "The air defence held."
    assert glossary_codes(index, msgid, "System obrony powietrznej wytrzymał.", "pl") == []
    assert glossary_codes(index, msgid, "System wytrzymał.", "pl") == ["glossary-missing"]


def test_glossary_missing_only_where_an_equivalent_exists(index: GlossaryIndex) -> None:
    # no pl equivalent for Kyiv; the drone concept has no equivalents at all
    assert glossary_codes(index, "A drone hit Kyiv.", "Dron uderzył w miasto.", "pl") == []
    # a do-not-translate term must stay as it is
    assert glossary_codes(index, "HIMARS fired.", "HIMARS feuerte.") == []
    assert glossary_codes(index, "HIMARS fired.", "Der Raketenwerfer feuerte.") == [
        "glossary-missing"
    ]


def test_glossary_checks_only_approved_entries(index: GlossaryIndex) -> None:
    entries = [
        CatalogEntry("Kyiv is calm.", "Die Stadt ist ruhig.", flags=("fuzzy",)),
        CatalogEntry("Kyiv is calm."),
    ]
    assert check_glossary(entries, index, PO, "de") == []


def test_glossary_deprecated(index: GlossaryIndex) -> None:
    msgid = "The Armed Forces of Ukraine held."
    findings = check_glossary(
        [ok(msgid, "Die Streitkräfte der Ukraine (ZSU) hielten stand.")], index, PO, "de"
    )
    assert codes(findings) == ["glossary-deprecated"]
    assert '"ZSU"' in findings[0].message and "Streitkräfte der Ukraine" in findings[0].message
    assert glossary_codes(index, msgid, "Die Streitkräfte der Ukraine hielten stand.") == []


def test_glossary_deprecated_needs_the_exact_form(index: GlossaryIndex) -> None:
    # Cyrillic "ЗСУ" romanises to ZSU when matching, but it is not the deprecated form itself
    msgid = "The Armed Forces of Ukraine held."
    assert glossary_codes(index, msgid, "Die Streitkräfte der Ukraine (ЗСУ) hielten stand.") == []


def test_glossary_deprecated_allows_an_approved_equivalent(index: GlossaryIndex) -> None:
    # "VSU" is deprecated in English but is the approved ru equivalent
    msgid = "The Armed Forces of Ukraine held."
    assert glossary_codes(index, msgid, "VSU удержали позиции.", "ru") == []
    assert glossary_codes(index, msgid, "VSU hielten stand.", "de") == [
        "glossary-missing",
        "glossary-deprecated",
    ]


# -- check_fragments ----------------------------------------------------------------


def test_stray_fragment() -> None:
    fragments = [
        Fragment(10, 20, 3, "Минобороны", "foreign-script", "ru", 0.9, "Ministry of Defence"),
        Fragment(40, 50, 8, "das ist gut", "foreign-language", "de", 0.7, None),
    ]
    findings = check_fragments(fragments, "news/troops.md")
    assert [(f.code, f.severity, f.line, f.language) for f in findings] == [
        ("stray-fragment", "warning", 3, None),
        ("stray-fragment", "warning", 8, None),
    ]
    assert '"Ministry of Defence"' in findings[0].message
    assert "rewrite it in English" in findings[1].message
    assert check_fragments([], "news/troops.md") == []


# -- check_header -------------------------------------------------------------------

GOOD_HEADER = (
    ("Project-Id-Version", "news"),
    ("Language", "de"),
    ("MIME-Version", "1.0"),
    ("Content-Type", "text/plain; charset=UTF-8"),
    ("Content-Transfer-Encoding", "8bit"),
    ("Plural-Forms", "nplurals=2; plural=(n != 1);"),
)


def header(**changes: str | None) -> CatalogData:
    fields: dict[str, str | None] = {k.replace("-", "_"): v for k, v in GOOD_HEADER}
    fields.update(changes)
    pairs = tuple((k.replace("_", "-"), v) for k, v in fields.items() if v is not None)
    return CatalogData(header=pairs, entries=())


def test_a_good_header_passes() -> None:
    assert check_header(header(), PO, "de") == []
    assert check_header(header(Language="pt_BR"), "locales/pt-BR/x.po", "pt-BR") == []
    assert check_header(header(Content_Type="text/plain; charset=utf-8"), PO, "de") == []


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"Language": None}, "header-language"),
        ({"Language": ""}, "header-language"),
        ({"Language": "fr"}, "header-language"),
        ({"Content_Type": "text/plain; charset=ISO-8859-1"}, "header-charset"),
        ({"Content_Type": "text/plain; charset=CHARSET"}, "header-charset"),
        ({"Content_Type": None}, "header-charset"),
        ({"Plural_Forms": None}, "header-plural-forms"),
        ({"Plural_Forms": " "}, "header-plural-forms"),
    ],
)
def test_header_findings(changes: dict[str, str | None], code: str) -> None:
    findings = check_header(header(**changes), PO, "de")
    assert [(f.code, f.severity, f.language) for f in findings] == [(code, "error", "de")]


# -- exit code and GitHub output ----------------------------------------------------


def finding(severity: str, message: str = "fix it", path: str = PO, line: int = 3) -> Finding:
    return Finding(path, line, "number-mismatch", severity, message, "de")


def test_exit_code() -> None:
    assert exit_code([]) == 0
    assert exit_code([finding("warning")]) == 0
    assert exit_code([finding("warning")], strict=True) == 1
    assert exit_code([finding("warning"), finding("error")]) == 1
    assert exit_code([], strict=True) == 0


def test_format_github() -> None:
    out = format_github([finding("error"), finding("warning", line=0)])
    assert out == (
        f"::error file={PO},line=3,title=number-mismatch::fix it\n"
        f"::warning file={PO},title=number-mismatch::fix it"
    )
    assert format_github([]) == ""


def test_format_github_escapes() -> None:
    odd = finding("error", message="100% sure: a, b\r\nnext", path="dir,x/a:b%.po")
    assert format_github([odd]) == (
        "::error file=dir%2Cx/a%3Ab%25.po,line=3,title=number-mismatch::100%25 sure: a, b%0D%0Anext"
    )


def test_header_findings_say_where_and_how_to_fix_it() -> None:
    bad = header(Language="fr", Content_Type="text/plain; charset=latin1", Plural_Forms=None)
    language = (
        f"{PO}: error: Language header is 'fr' but the catalogue is in the 'de' folder; "
        "set 'Language: de' or move the file [header-language]"
    )
    charset = (
        f"{PO}: error: Content-Type is not UTF-8; set 'Content-Type: text/plain; "
        "charset=UTF-8' and save the file as UTF-8 [header-charset]"
    )
    plural = (
        f"{PO}: error: no Plural-Forms header; add the language's rule "
        "(e.g. 'Plural-Forms: nplurals=2; plural=(n != 1);') [header-plural-forms]"
    )
    assert [str(f) for f in check_header(bad, PO, "de")] == [language, charset, plural]
    (missing,) = check_header(header(Language=None), PO, "de")
    assert (missing.path, missing.line, missing.message) == (
        PO,
        0,
        "no Language header; add 'Language: de'",
    )
    assert check_header(header(Content_Type="text/plain; charset = utf8"), PO, "de") == []
    assert check_header(header(Language=" de "), PO, "de") == []


# -- exact findings: what a translator reads, and what CI compares -------------------

NUMBER_FIX = (
    "of the msgid missing from the translation; copy them (local digit grouping and "
    "decimal mark are fine)"
)
PLACEHOLDER_FIX = "keep each placeholder of the msgid exactly once"
MARKUP_FIX = "keep the msgid's emphasis, code spans, link targets and tags"
URL_FIX = "copy them from the msgid unchanged"


@pytest.mark.parametrize(
    ("msgid", "msgstr", "expected"),
    [
        (
            "The first unit.",
            " ",
            [
                (
                    "empty-translation",
                    (
                        'approved translation of "The first unit." is blank; '
                        "translate it or clear the msgstr"
                    ),
                )
            ],
        ),
        # what is missing, then what is unexpected, each sorted and listed with ", "
        (
            "Hello {1} and %s.",
            "Hallo {2} und %s %d.",
            [
                (
                    "placeholder-mismatch",
                    f"placeholders differ (missing {{1}}; unexpected %d, {{2}}); {PLACEHOLDER_FIX}",
                )
            ],
        ),
        (
            "Hello {1} and {2}.",
            "Hallo.",
            [
                (
                    "placeholder-mismatch",
                    f"placeholders differ (missing {{1}}, {{2}}); {PLACEHOLDER_FIX}",
                )
            ],
        ),
        # an escaped percent sign is not a placeholder, so it is neither compared nor listed
        (
            "Send %s at 100%%.",
            "Senden zu 100 %.",
            [("placeholder-mismatch", f"placeholders differ (missing %s); {PLACEHOLDER_FIX}")],
        ),
        # a percent sign before closing emphasis is not a printf conversion
        ("Prices rose **50%**.", "Die Preise stiegen um **50 Prozent**.", []),
        # one missing number: singular; two or more: plural, in the msgid's order
        (
            "In 2023, 15 soldiers died.",
            "2022 starben 15 Soldaten.",
            [
                ("number-mismatch", f"number 2023 {NUMBER_FIX}"),
            ],
        ),
        (
            "In 2023, 15 soldiers died.",
            "Damals starben Soldaten.",
            [
                ("number-mismatch", f"numbers 2023, 15 {NUMBER_FIX}"),
            ],
        ),
        (
            "In 2023, 15 of 300 soldiers died.",
            "Damals starben Soldaten.",
            [
                ("number-mismatch", f"numbers 2023, 15, 300 {NUMBER_FIX}"),
            ],
        ),
        (
            "See https://example.org/en/x.",
            "Siehe https://example.org/de/x.",
            [
                (
                    "url-mismatch",
                    (
                        "URLs or e-mail addresses differ (missing https://example.org/en/x; "
                        f"unexpected https://example.org/de/x); {URL_FIX}"
                    ),
                )
            ],
        ),
        # URLs are compared exactly, to the last character
        (
            "See https://example.org/X.",
            "Siehe https://example.org/.",
            [
                (
                    "url-mismatch",
                    (
                        "URLs or e-mail addresses differ (missing https://example.org/X; "
                        f"unexpected https://example.org/); {URL_FIX}"
                    ),
                )
            ],
        ),
        # an autolink may be written as a bare URL: the address is the same
        ("See <https://example.org/x>.", "Siehe https://example.org/x.", []),
        (
            "The **first** unit.",
            "Die *erste* Einheit.",
            [
                (
                    "markup-mismatch",
                    f"inline Markdown differs (missing **, **; unexpected *, *); {MARKUP_FIX}",
                )
            ],
        ),
        # a reference image's alt text may be translated; its label must stay
        ("A ![map][m] here.", "Eine ![Karte][m] hier.", []),
        ("A ![a map][m] here.", "Eine ![eine Karte][m] hier.", []),
        (
            "A ![map][m] here.",
            "Eine ![Karte][k] hier.",
            [
                (
                    "markup-mismatch",
                    f"inline Markdown differs (missing ![…][m]; unexpected ![…][k]); {MARKUP_FIX}",
                )
            ],
        ),
        # a reference link's label is compared as a link tail, not as an image
        (
            "See [the report][r1].",
            "Siehe [den Bericht][r2].",
            [
                (
                    "markup-mismatch",
                    f"inline Markdown differs (missing ][r1]; unexpected ][r2]); {MARKUP_FIX}",
                )
            ],
        ),
        ("Press \\] to close.", "Drücke \\] zum Schließen.", []),
    ],
)
def test_entry_findings_are_exact(msgid: str, msgstr: str, expected: list[tuple[str, str]]) -> None:
    findings = check_entries([ok(msgid, msgstr, line=9)], PO, "de")
    assert findings == [Finding(PO, 9, code, "error", message, "de") for code, message in expected]


def test_entries_after_an_untranslated_one_are_still_checked() -> None:
    entries = [CatalogEntry("First.", "", line=3), ok("Send %s.", "Senden.", line=5)]
    assert [(f.code, f.line) for f in check_entries(entries, PO, "de")] == [
        ("placeholder-mismatch", 5)
    ]


@pytest.mark.parametrize(
    ("written", "found"),
    [
        # a plain space groups digits in a translation, but may also separate two numbers
        ("5 300", [("5 300", {Decimal(5300), Decimal(5), Decimal(300)})]),
        ("1 200 300", [("1 200 300", {Decimal(1200300), Decimal(1), Decimal(200), Decimal(300)})]),
        # a letter never groups digits
        ("4X100 m", [("4", {Decimal(4)}), ("100", {Decimal(100)})]),
    ],
)
def test_numbers_of_translations_exactly(
    written: str, found: list[tuple[str, set[Decimal]]]
) -> None:
    assert [(w, set(v)) for w, v in numbers(written, target=True)] == found


# -- exact completeness findings and the shortened msgid in messages -----------------


def test_completeness_findings_are_exact() -> None:
    entries = [
        CatalogEntry("Done.", "Fertig.", line=2),
        CatalogEntry("Draft.", "Entwurf.", flags=("fuzzy",), line=4),
        CatalogEntry("Open.", "", line=6),
    ]
    assert check_completeness(entries, PO, "de", 0.5) == [
        Finding(
            PO,
            0,
            "below-threshold",
            "error",
            "1 of 3 entries approved (33%), below the required 50%; "
            "review the fuzzy and untranslated entries",
            "de",
        ),
        Finding(
            PO,
            4,
            "fuzzy",
            "warning",
            'unreviewed translation of "Draft."; review it and remove the fuzzy flag',
            "de",
        ),
        Finding(
            PO,
            6,
            "untranslated",
            "warning",
            '"Open." is not translated; translate and review it',
            "de",
        ),
    ]


@pytest.mark.parametrize(
    ("msgid", "shown"),
    [
        ("a\n  b", '"a b"'),  # on one line
        ("x" * 60, '"' + "x" * 60 + '"'),  # up to 60 characters in full
        ("x" * 61, '"' + "x" * 59 + '…"'),  # longer: 59 and an ellipsis
        ("y" * 100, '"' + "y" * 59 + '…"'),
    ],
)
def test_messages_show_the_msgid_on_one_line_shortened_to_60(msgid: str, shown: str) -> None:
    [finding] = check_completeness([CatalogEntry(msgid, line=1)], PO, "de", 0.0)
    assert finding.message == f"{shown} is not translated; translate and review it"


# -- exact glossary findings ---------------------------------------------------------


def test_glossary_findings_are_exact(index: GlossaryIndex) -> None:
    entries = [
        CatalogEntry("Kyiv is calm.", "Die Stadt ist ruhig.", flags=("fuzzy",), line=2),
        # Kyiv twice: one finding; the drone has no de equivalent and is skipped
        ok("A drone hit Kyiv, and Kyiv held.", "Eine Drohne traf die Stadt, sie hielt.", line=5),
        ok("The Armed Forces of Ukraine held.", "Die Streitkräfte der Ukraine (ZSU) hielten.", 8),
    ]
    assert check_glossary(entries, index, PO, "de") == [
        Finding(
            PO,
            5,
            "glossary-missing",
            "error",
            '"Kyiv" [kyiv] is not translated with the glossary: use "Kyjiw" or "Kiew"',
            "de",
        ),
        Finding(
            PO,
            8,
            "glossary-deprecated",
            "error",
            'deprecated form "ZSU" [afu] in the translation; use "Streitkräfte der Ukraine"',
            "de",
        ),
    ]


@pytest.mark.parametrize(
    ("msgstr", "language", "deprecated"),
    [
        # a term kept as it is (HIMARS) before the deprecated form does not hide it
        ("HIMARS der Streitkräfte der Ukraine (ZSU) feuerten.", "de", "ZSU"),
        # a deprecated form that is approved in the language (VSU in ru) does not hide another
        ("VSU (не ZSU) стреляли из HIMARS.", "ru", "ZSU"),
    ],
)
def test_every_deprecated_form_in_a_translation_is_reported(
    index: GlossaryIndex, msgstr: str, language: str, deprecated: str
) -> None:
    msgid = "HIMARS of the Armed Forces of Ukraine fired."
    findings = check_glossary([ok(msgid, msgstr)], index, PO, language)
    assert [(f.code, f'"{deprecated}"' in f.message) for f in findings] == [
        ("glossary-deprecated", True)
    ]


# -- exact fragment and header findings ----------------------------------------------


def test_fragment_findings_are_exact() -> None:
    fragments = [
        Fragment(10, 20, 3, "Минобороны", "foreign-script", "ru", 0.9, "Ministry of Defence"),
        Fragment(40, 50, 8, "das ist gut", "foreign-language", None, 0.7, None),
    ]
    assert check_fragments(fragments, "news/troops.md") == [
        Finding(
            "news/troops.md",
            3,
            "stray-fragment",
            "warning",
            'stray foreign-script fragment "Минобороны" (ru); '
            'replace it with "Ministry of Defence"',
            None,
        ),
        Finding(
            "news/troops.md",
            8,
            "stray-fragment",
            "warning",
            'stray foreign-language fragment "das ist gut"; rewrite it in English',
            None,
        ),
    ]


def test_header_findings_are_about_the_whole_file() -> None:
    bad = header(Language="fr", Content_Type="text/plain; charset=latin1", Plural_Forms=None)
    assert [(f.path, f.line) for f in check_header(bad, PO, "de")] == [(PO, 0)] * 3
    [missing] = check_header(header(Language=None), PO, "de")
    assert (missing.path, missing.line) == (PO, 0)


@pytest.mark.parametrize("content_type", ["text/plain; CHARSET=UTF-8", "text/plain; Charset=utf8"])
def test_the_charset_parameter_name_is_case_insensitive(content_type: str) -> None:
    assert check_header(header(Content_Type=content_type), PO, "de") == []
