"""HTML articles: what becomes a segment, rendering back byte for byte, translated
editions with the source's structure, escaping, and the CLI from translate to check."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from typer.testing import CliRunner

from tests.conftest import DISABLE_TOY_CHECKS, ROOT, TESTS
from transpipe.cli import app
from transpipe.core.model import BlockKind, Document
from transpipe.document import article_format, decode_article, read_document, render_document
from transpipe.document.inline import protect, restore
from transpipe.fragments.detect import Detector, detect_document

EXAMPLE = ROOT / "examples" / "black-sea-mine-clearance.html"
DATA = TESTS / "data" / "html"
SAMPLES = sorted(DATA.glob("*.html"))
K = BlockKind
runner = CliRunner()


def load(path: Path) -> tuple[str, Document]:
    text = decode_article(path.read_bytes(), path.name)
    return text, read_document(text, path.name)


def parse(source: str) -> Document:
    return read_document(source, "article.html")


def miss(sentence: str) -> None:
    return None


def bracket(sentence: str) -> str:
    return f"[{sentence}]"


def texts(doc: Document) -> list[str]:
    return [s.text for s in doc.sentences() if not s.note]


def attributes(doc: Document) -> list[tuple[str, str]]:
    return [(s.note, s.text) for s in doc.sentences() if s.note]


class Events(HTMLParser):
    """The tag structure of a document: tags with their attributes, comments, declarations."""

    def __init__(self, masked: frozenset[str] = frozenset()) -> None:
        super().__init__(convert_charrefs=True)
        self.masked = masked
        self.events: list[tuple[str, str, tuple[tuple[str, str | None], ...]]] = []
        self.data: list[str] = []

    def _attrs(self, attrs: list[tuple[str, str | None]]) -> tuple[tuple[str, str | None], ...]:
        return tuple((k, "*" if k in self.masked else v) for k, v in attrs)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(("start", tag, self._attrs(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(("startend", tag, self._attrs(attrs)))

    def handle_endtag(self, tag: str) -> None:
        self.events.append(("end", tag, ()))

    def handle_comment(self, data: str) -> None:
        self.events.append(("comment", data, ()))

    def handle_decl(self, decl: str) -> None:
        self.events.append(("decl", decl, ()))

    def handle_data(self, data: str) -> None:
        self.data.append(data)


def structure(
    source: str, masked: frozenset[str] = frozenset()
) -> list[tuple[str, str, tuple[tuple[str, str | None], ...]]]:
    parser = Events(masked)
    parser.feed(source)
    parser.close()
    return parser.events


# -- reading -------------------------------------------------------------------------------


def test_example_segments() -> None:
    text, doc = load(EXAMPLE)
    assert doc.format == "html" and doc.name == "black-sea-mine-clearance"
    assert "".join(b.raw for b in doc.blocks) == text  # the blocks tile the file
    found = texts(doc)
    assert found[:3] == [
        "Navies Pool Minehunters for the Western Black Sea",  # <title>
        "Navies Pool Minehunters for the Western Black Sea",  # <h1>
        'By <span translate="no">Ana Voinea</span>, Constanța',
    ]
    # inline markup stays in the sentence; references are decoded
    assert "Ships rotate every <em>eight weeks</em>, with a reserve crew on call." in found
    assert "Insurers & shipping lines receive a weekly bulletin." in found
    assert (
        "A Romanian minehunter sails for a training sweep — the task group starts work in May."
        in found
    )
    assert (
        'The full text is published in <a href="https://example.org/black-sea-mcm" '
        'title="Joint statement of the three navies">the ministers’ joint statement</a>.'
    ) in found
    # sentences split inside a paragraph without breaking at U.S.
    assert (
        "A U.S. naval attaché in Bucharest said Washington would fund spare parts for the sonars."
        in found
    )
    assert any(t.startswith("He added that a Minobороны statement") for t in found)
    # table cells with words are segments; cells with only numbers are not
    assert {"Navy", "Minehunters", "Romania", "Bulgaria"} <= set(found)
    assert "2" not in found
    assert (
        "The task group reports under the call sign <code>MCM-BLACK-1</code>; its orders are filed as:"
        in found
    )
    assert attributes(doc) == [
        (
            "html attribute: meta description content",
            (
                "Three navies agree to clear drifting sea mines off the Romanian and Bulgarian "
                "coasts before the grain season."
            ),
        ),
        ("html attribute: img alt", "A minehunter leaves the port of Constanța at dawn"),
        ("html attribute: abbr title", "Armed Forces of Ukraine"),
        ("html attribute: a title", "Joint statement of the three navies"),
    ]


def test_example_never_translated() -> None:
    _, doc = load(EXAMPLE)
    everything = " ".join(s.text for s in doc.sentences())
    for untouched in (
        "font-variant",  # <style>
        "NewsArticle",  # <script>
        "ORDER 7/2024",  # <pre>
        "exported by the newsroom system",  # a comment
        "width=device-width",  # <meta name="viewport">
        "/static/article.css",
    ):
        assert untouched not in everything
    # the translate="no" name is inside its sentence only as protected markup
    byline = next(s for s in doc.sentences() if s.text.startswith("By "))
    assert protect(byline.text).text == "By {1}, Constanța"
    call_sign = next(s for s in doc.sentences() if "<code>" in s.text)
    assert protect(call_sign.text).tokens == ("<code>MCM-BLACK-1</code>",)
    assert protect("Run <code>make all</code> and <kbd>Ctrl C</kbd>.").text == "Run {1} and {2}."


def test_example_block_kinds() -> None:
    _, doc = load(EXAMPLE)
    kinds = [(b.kind, b.sentences[0].text[:20]) for b in doc.blocks if b.sentences]
    by_start = {text: kind for kind, text in kinds}
    assert kinds[:4] == [
        (K.ATTRIBUTE, "Three navies agree t"),
        (K.TITLE, "Navies Pool Minehunt"),
        (K.TITLE, "Navies Pool Minehunt"),
        (K.PARAGRAPH, 'By <span translate="'),
    ]
    assert by_start["What the agreement c"] is K.HEADING
    assert by_start["Sweeps begin in the "] is K.LIST_ITEM
    assert by_start["“Every mine we lift "] is K.QUOTE
    assert by_start["A minehunter leaves "] is K.ATTRIBUTE
    (language,) = [b for b in doc.blocks if b.kind is K.LANGUAGE]
    assert (language.raw, language.prefix) == ("en", '"')


def test_example_lines_and_offsets() -> None:
    text, doc = load(EXAMPLE)
    lines = text.split("\n")
    for sentence in doc.sentences():
        assert text.count("\n", 0, sentence.start) + 1 == sentence.line
        raw = text[sentence.start : sentence.end]
        if sentence.note:  # an attribute: its whole value
            assert html.unescape(raw) == sentence.text
        else:
            assert raw[0] == sentence.text[0] and raw[-1] == sentence.text[-1]
    line_of = {s.text: s.line for s in reversed(doc.sentences())}  # first occurrence wins
    assert line_of["Navies Pool Minehunters for the Western Black Sea"] == 7
    assert lines[line_of["Sweeps begin in the approaches to Constanța and Varna."] - 1] == (
        "      <li>Sweeps begin in the approaches to Constanța and Varna.</li>"
    )
    assert line_of["Armed Forces of Ukraine"] == 31
    assert line_of["A minehunter leaves the port of Constanța at dawn"] == 26
    minoborony = next(s for s in doc.sentences() if "Minobороны" in s.text)
    assert minoborony.line == 42 and "Minobороны" in lines[41]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("<p>Kept.</p><script>var x = 'Not this.';</script>", ["Kept."]),
        ("<p>Kept.</p><style>p::after { content: 'Not this'; }</style>", ["Kept."]),
        ("<p>Kept.</p><pre>Not this.\n  Nor this.</pre>", ["Kept."]),
        ("<p>Kept.</p><div><code>not_this()</code></div>", ["Kept."]),
        ("<p>Kept.</p><template><p>Not this.</p></template>", ["Kept."]),
        ("<p>Kept.</p><!-- Not this. --><textarea>Not this.</textarea>", ["Kept."]),
        (
            '<div translate="no"><p>Not this.</p><p>Nor <b>this</b>.</p></div><p>Kept.</p>',
            ["Kept."],
        ),
        (
            '<div translate="no"><p>Not this <span translate="yes">but this</span>.</p></div>',
            ["but this"],
        ),
        ("<p>Run <code>make all</code> now.</p>", ["Run <code>make all</code> now."]),
    ],
)
def test_untranslated_content(source: str, expected: list[str]) -> None:
    doc = parse(source)
    assert texts(doc) == expected
    assert render_document(doc, miss) == source
    out = render_document(doc, bracket)
    assert out.count("[") == len(expected)
    assert out.replace("[", "").replace("]", "") == source


def test_implied_end_tags_and_block_boundaries() -> None:
    doc = parse(
        "<ul><li>One item<li>Two <b>bold</b> item</ul><p>Para one<p>Para two<div>Loose text</div>"
    )
    assert texts(doc) == ["One item", "Two <b>bold</b> item", "Para one", "Para two", "Loose text"]
    assert [b.kind for b in doc.blocks if b.sentences] == [
        K.LIST_ITEM, K.LIST_ITEM, K.PARAGRAPH, K.PARAGRAPH, K.PARAGRAPH,
    ]  # fmt: skip


def test_references_and_whitespace_in_sentence_text() -> None:
    doc = parse(
        "<p>Ships\n   &amp; crews&nbsp;wait &#8212; AT&T, 5 &lt; 6, not &lt;b&gt; &amp;amp; x.</p>"
    )
    (sentence,) = doc.sentences()
    # decoded, whitespace folded; what would read as markup or a reference stays escaped
    assert sentence.text == "Ships & crews\xa0wait — AT&T, 5 < 6, not &lt;b> &amp;amp; x."
    assert sentence.line == 1


def test_multiline_paragraph_lines() -> None:
    source = "<html>\n<body>\n<p>\n  First sentence here.\n  Second one\n  spans lines.\n</p>\n</body>\n</html>\n"
    doc = parse(source)
    assert [(s.text, s.line) for s in doc.sentences()] == [
        ("First sentence here.", 4),
        ("Second one spans lines.", 5),
    ]
    assert render_document(doc, miss) == source


def test_explicit_format_and_extensions() -> None:
    assert article_format("news/A.HTM") == "html"
    assert read_document("<p>Hi there.</p>\n", "a.txt", "html").format == "html"
    assert read_document("<p>Hi there.</p>\n", "a.html", "text").format == "text"


# -- rendering -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", [EXAMPLE, *SAMPLES], ids=lambda p: p.name)
def test_round_trip_byte_for_byte(path: Path) -> None:
    text, doc = load(path)
    assert render_document(doc, miss) == text
    assert render_document(doc, miss).encode("utf-8") == path.read_bytes().replace(b"\r\n", b"\n")


@pytest.mark.parametrize("path", [EXAMPLE, *SAMPLES], ids=lambda p: p.name)
def test_pseudo_translation_keeps_structure(path: Path) -> None:
    text, doc = load(path)
    out = render_document(doc, bracket)
    masked = frozenset({"alt", "title", "content"})
    assert structure(out, masked) == structure(text, masked)
    # and only the text-carrying attributes changed, each to its translation
    before, after = structure(text), structure(out)
    changed = 0
    for (_, _, old), (_, _, new) in zip(before, after, strict=True):
        for (name, old_value), (_, new_value) in zip(old, new, strict=True):
            if old_value != new_value:
                assert name in masked
                folded = re.sub(r"[ \t\n\r\f]+", " ", old_value or "").strip()
                assert new_value == f"[{folded}]"
                changed += 1
    assert changed == len(attributes(doc))
    translated = [s for s in texts(doc) if "<" not in s and "&" not in s]
    assert translated
    for sentence in translated:
        assert html.escape(f"[{sentence}]", quote=False).replace("\xa0", "&nbsp;") in out


def test_pseudo_translation_of_the_example() -> None:
    text, doc = load(EXAMPLE)
    out = render_document(doc, bracket, language="de")
    assert out.startswith('<!DOCTYPE html>\n<html lang="de">\n<head>\n')
    assert "<title>[Navies Pool Minehunters for the Western Black Sea]</title>" in out
    assert 'alt="[A minehunter leaves the port of Constanța at dawn]" width="800"' in out
    assert (
        '[The <abbr title="[Armed Forces of Ukraine]">AFU</abbr> will pass on the positions'
    ) in out
    assert "<li>[Insurers &amp; shipping lines receive a weekly bulletin.]</li>" in out
    # everything outside the text is the source's: comments, style, script, pre
    for kept in (
        "<!-- exported by the newsroom system; do not edit by hand -->",
        "  <style>\n    .byline { font-variant: small-caps; }",
        '{"@type": "NewsArticle", "headline": "Navies Pool Minehunters", "inLanguage": "en"}',
        "<pre>ORDER 7/2024\n  SWEEP AREA: WEST-3</pre>",
        "<td>2</td>",
    ):
        assert kept in out
    assert out.count("\n") == text.count("\n")


def test_language_attribute() -> None:
    assert render_document(parse('<html lang="en"><p>Hi.</p></html>'), miss, language="uk") == (
        '<html lang="uk"><p>Hi.</p></html>'
    )
    assert render_document(parse("<HTML class=x><p>Hi.</p></HTML>"), miss, language="de") == (
        '<HTML lang="de" class=x><p>Hi.</p></HTML>'
    )
    assert render_document(parse("<html lang=en><p>Hi.</p></html>"), miss, language="fr") == (
        "<html lang=fr><p>Hi.</p></html>"
    )
    unchanged = "<html lang='en'><p>Hi.</p></html>"
    assert render_document(parse(unchanged), bracket) == "<html lang='en'><p>[Hi.]</p></html>"
    assert render_document(parse("<p>No html element.</p>"), miss, language="de") == (
        "<p>No html element.</p>"
    )


def test_escaping_in_text_and_attributes() -> None:
    source = (
        '<p title="Old title">Plain text here.</p>'
        "<img alt='Single quoted' src=a.png><img alt=Bare src=b.png>"
    )
    doc = parse(source)
    replies = {
        "Plain text here.": 'Fish & chips < 5 > 3 "quoted"',
        "Old title": 'Say "yes" & <go>',
        "Single quoted": "It's here",
        "Bare": "two words",
    }
    out = render_document(doc, replies.get)
    assert out == (
        '<p title="Say &quot;yes&quot; &amp; &lt;go&gt;">Fish &amp; chips &lt; 5 &gt; 3 "quoted"</p>'
        "<img alt='It&#39;s here' src=a.png><img alt=\"two words\" src=b.png>"
    )
    assert structure(out, frozenset({"alt", "title"})) == structure(
        source, frozenset({"alt", "title"})
    )
    # the parser reads back exactly what was translated
    reread = parse(out)
    assert [s.text for s in reread.sentences()] == [
        'Say "yes" & <go>', 'Fish & chips < 5 > 3 "quoted"', "It's here", "two words",
    ]  # fmt: skip


def test_references_round_trip_through_a_translation() -> None:
    doc = parse("<p>AT&amp;T said 5 &lt; 6, not &lt;b&gt;, wait&nbsp;here.</p>")
    out = render_document(doc, lambda s: s + " Done.")
    assert out == "<p>AT&amp;T said 5 &lt; 6, not &lt;b&gt;, wait&nbsp;here. Done.</p>"
    # a translation equal to the source keeps the source's bytes
    source = "<p>The ministers&#8217; note&mdash;and AT&amp;T.</p>"
    assert render_document(parse(source), lambda s: s) == source


def test_inline_tags_survive_placeholders() -> None:
    text, doc = load(EXAMPLE)
    with_markup = [s.text for s in doc.sentences() if "<" in s.text]
    assert len(with_markup) == 5
    protected_texts = {}
    for sentence in with_markup:
        protected = protect(sentence)
        assert "<" not in protected.text and ">" not in protected.text
        assert all(token.startswith("<") for token in protected.tokens)
        assert restore(protected.text, protected.tokens).text == sentence
        protected_texts[sentence] = protected

    def engine(sentence: str) -> str:  # upper-cases what it sees, like the test models
        if sentence not in protected_texts:
            return sentence.upper()
        protected = protected_texts[sentence]
        return restore(protected.text.upper(), protected.tokens).text

    out = render_document(doc, engine)
    assert (
        '<a href="https://example.org/black-sea-mcm" title="JOINT STATEMENT OF THE THREE NAVIES">'
        in out
    )
    assert "<em>EIGHT WEEKS</em>" in out
    assert '<span translate="no">Ana Voinea</span>' in out
    assert "<code>MCM-BLACK-1</code>" in out
    masked = frozenset({"alt", "title", "content"})
    assert structure(out, masked) == structure(text, masked)


def test_matching_tags_come_from_the_source_and_new_ones_are_escaped() -> None:
    source = '<p>See <a  href="/x"\n   title="Map">the map</a> now.</p>'
    doc = parse(source)
    assert texts(doc) == ['See <a href="/x" title="Map">the map</a> now.']
    replies = {
        'See <a href="/x" title="Map">the map</a> now.': 'Siehe <a href="/x" title="Map">die Karte</a>.',
        "Map": "Karte",
    }
    # the tag as the sentence shows it is matched to the source: its layout comes back
    assert render_document(doc, replies.get) == (
        '<p>Siehe <a  href="/x"\n   title="Karte">die Karte</a>.</p>'
    )
    # a tag the source sentence did not have is text, not markup (build refuses it anyway)
    replies[texts(doc)[0]] = 'Siehe <a href="/de/x" title="Map">die Karte</a>.'
    assert (
        render_document(doc, replies.get)
        == '<p>Siehe &lt;a href="/de/x" title="Map"&gt;die Karte</a>.</p>'
    )


def test_empty_translation_drops_the_sentence() -> None:
    doc = parse("<p>First one. Second one.</p>")
    assert (
        render_document(doc, lambda s: "" if s == "First one." else None) == "<p> Second one.</p>"
    )


# -- the pipeline --------------------------------------------------------------------------


def test_detection_skips_markup() -> None:
    text, doc = load(EXAMPLE)
    fragments = detect_document(doc, text, Detector(None))
    assert [(f.text, f.line) for f in fragments] == [("Minobороны", 42)]


def test_detection_checks_text_attributes_but_not_other_markup(tmp_path: Path) -> None:
    html = (
        "<!DOCTYPE html>\n<html><body>\n<p>The ministry said nothing.</p>\n"
        '<img src="/media/Minobороны.jpg" alt="A Minobороны briefing in Moscow" '
        'data-note="Minobороны">\n</body></html>\n'
    )
    doc = read_document(html, "a.html")
    fragments = detect_document(doc, html, Detector(None))
    assert [(f.text, f.line, f.kind) for f in fragments] == [("Minobороны", 4, "mixed-script")]
    assert html.index('alt="') < fragments[0].start < html.index("data-note")

    article = tmp_path / "briefing.html"
    article.write_text(html, encoding="utf-8")
    (tmp_path / "transpipe.toml").write_text('[project]\ntargets = ["de"]\n', encoding="utf-8")
    result = runner.invoke(app, ["translate", str(article), "--engine", "pseudo", "-q"])
    assert result.exit_code == 0, result.output
    po = polib.pofile(str(tmp_path / "locales" / "de" / "briefing.po"))
    entry = po.find("A Minobороны briefing in Moscow")
    assert entry is not None and "fragment: mixed-script Minobороны" in entry.comment


def _approve_all(path: Path) -> int:
    po = polib.pofile(str(path))
    count = 0
    for entry in po:
        if not entry.obsolete and "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            count += 1
    po.save()
    return count


def test_translate_build_check_through_the_cli(tmp_path: Path, packages_dir: Path) -> None:
    article = tmp_path / "mines.html"
    article.write_bytes(EXAMPLE.read_bytes())
    (tmp_path / "transpipe.toml").write_text(
        # the model's output alone, not steered by the built-in glossary
        f'[project]\ntargets = ["de"]\nbuiltin_glossary = false\n'
        f'[engine]\npackages_dir = "{packages_dir}"\n',
        encoding="utf-8",
    )
    translated = runner.invoke(app, ["translate", str(article), "-q"])
    assert translated.exit_code == 0, translated.output
    po_path = tmp_path / "locales" / "de" / "mines.po"
    po = polib.pofile(str(po_path))
    alt = po.find("A minehunter leaves the port of Constanța at dawn")
    assert alt is not None and "html attribute: img alt" in alt.comment
    assert alt.occurrences == [("mines.html", "26")]
    sentence = po.find("Ships rotate every <em>eight weeks</em>, with a reserve crew on call.")
    assert sentence is not None
    assert (
        sentence.msgstr == "SHIPS ROTATE EVERY <em>EIGHT WEEKS</em>, WITH A RESERVE CREW ON CALL."
    )
    assert _approve_all(po_path) == len([e for e in po if not e.obsolete])

    built = runner.invoke(app, ["build", str(article), "--format", "json"])
    assert built.exit_code == 0, built.output
    (row,) = json.loads(built.stdout)
    assert row["written"] and row["approved"] == row["total"]
    edition = (tmp_path / "editions" / "de" / "mines.html").read_text(encoding="utf-8")
    source = article.read_text(encoding="utf-8")
    assert edition.startswith('<!DOCTYPE html>\n<html lang="de">\n')
    assert "<title>NAVIES POOL MINEHUNTERS FOR THE WESTERN BLACK SEA</title>" in edition
    assert 'alt="A MINEHUNTER LEAVES THE PORT OF CONSTANțA AT DAWN"' in edition
    assert "<li>INSURERS &amp; SHIPPING LINES RECEIVE A WEEKLY BULLETIN.</li>" in edition
    assert '<span translate="no">Ana Voinea</span>' in edition
    masked = frozenset({"alt", "title", "content", "lang"})
    assert structure(edition, masked) == structure(source, masked)
    assert (tmp_path / "editions" / "en" / "mines.html").read_text(encoding="utf-8") == source

    checked = runner.invoke(app, ["check", str(article), "--format", "json", *DISABLE_TOY_CHECKS])
    assert checked.exit_code == 0, checked.output
    findings = json.loads(checked.stdout)
    assert not [f for f in findings if f["severity"] == "error"]
    assert not [f for f in findings if f["code"] == "stale-edition"]
