"""Translated text cannot inject markup into an edition: HTML and Markdown editions
escape what the source sentence did not carry, and ``build`` refuses an approved
translation whose markup differs from its msgid's."""

from __future__ import annotations

import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from transpipe.cli import app
from transpipe.core.errors import EXIT_FINDINGS
from transpipe.core.model import CatalogEntry, Document
from transpipe.document import read_document, render_document
from transpipe.document.edition import MarkupMismatchError, build_edition
from transpipe.po.catalog import read_catalog, write_catalog

runner = CliRunner()

XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_SCRIPT = "<script>alert(1)</script>"


class Tags(HTMLParser):
    """Every start tag a browser would see in a rendered page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)


def start_tags(markup: str) -> list[str]:
    parser = Tags()
    parser.feed(markup)
    parser.close()
    return parser.tags


def html_doc(source: str) -> Document:
    return read_document(source, "article.html")


def md_doc(source: str) -> Document:
    return read_document(source, "article.md")


# -- HTML editions ------------------------------------------------------------------------


def test_tags_a_translation_adds_to_an_html_sentence_are_escaped() -> None:
    doc = html_doc("<p>Ships arrived <em>today</em> at dawn.</p>\n")
    translation = f"Schiffe {XSS_IMG} kamen <em>heute</em>{XSS_SCRIPT} an."
    out = render_document(doc, lambda s: translation)
    assert out == (
        "<p>Schiffe &lt;img src=x onerror=alert(1)&gt; kamen <em>heute</em>"
        "&lt;script&gt;alert(1)&lt;/script&gt; an.</p>\n"
    )
    assert start_tags(out) == ["p", "em"]


@pytest.mark.parametrize(
    "injected",
    [
        "</p><img src=x onerror=alert(1)><p>",
        "<!-- hidden --><svg onload=alert(1)>",
        '<a href="javascript:alert(1)">klick</a>',
        "<img/src=x onerror=alert(1)>",
        "<em onmouseover=alert(1)>heute</em>",
        "<kbd>x</kbd><script>alert(1)",
    ],
)
def test_no_new_element_reaches_an_html_edition(injected: str) -> None:
    doc = html_doc("<p>Ships arrived <em>today</em> at dawn.</p>\n")
    out = render_document(doc, lambda s: f"Schiffe kamen {injected} an.")
    assert start_tags(out) == ["p"]
    assert "<" not in out.removeprefix("<p>").removesuffix("</p>\n").replace("</em>", "")


def test_source_tags_come_back_from_the_source_when_the_reviewer_changes_them() -> None:
    doc = html_doc('<p>See <a href="/x" title="Map">the map</a> now.</p>')
    # the reviewer pointed the link elsewhere: the new tag is text, not a link
    out = render_document(doc, lambda s: 'Siehe <a href="/de/x">die Karte</a>.')
    assert out == '<p>Siehe &lt;a href="/de/x"&gt;die Karte</a>.</p>'
    assert start_tags(out) == ["p"]


def test_an_attribute_translation_cannot_leave_its_quotes() -> None:
    doc = html_doc("<p title=\"Old\">Text here.</p><img alt='A ship' src=a.png><img alt=Bare>")
    replies = {
        "Old": '" onmouseover="alert(1)',
        "A ship": "' onerror='alert(1)",
        "Bare": "x onerror=alert(1)",
    }
    out = render_document(doc, replies.get)
    assert out == (
        '<p title="&quot; onmouseover=&quot;alert(1)">Text here.</p>'
        "<img alt='&#39; onerror=&#39;alert(1)' src=a.png>"
        '<img alt="x onerror=alert(1)">'
    )
    assert start_tags(out) == ["p", "img", "img"]


def test_an_html_draft_with_a_script_is_escaped_in_the_edition() -> None:
    doc = html_doc("<p>Ships arrived <em>today</em> at dawn.</p>\n")
    msgid = "Ships arrived <em>today</em> at dawn."
    entry = CatalogEntry(msgid, f"Schiffe kamen <em>heute</em> an.{XSS_SCRIPT}", flags=("fuzzy",))
    edition = build_edition(doc, {}, {msgid: entry}, drafts=True, min_reviewed=0.0)
    assert edition.text is not None
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in edition.text
    assert "script" not in start_tags(edition.text)


# -- Markdown editions --------------------------------------------------------------------

MD_SOURCE = "Ships arrived <b>today</b> at *dawn*, see [the map](https://x.org/m) and `AD-1`.\n"
MD_SENTENCE = "Ships arrived <b>today</b> at *dawn*, see [the map](https://x.org/m) and `AD-1`."


def test_raw_html_a_translation_adds_to_markdown_is_escaped() -> None:
    doc = md_doc(MD_SOURCE)
    translation = (
        f"Schiffe kamen <b>heute</b> im *Morgengrauen* {XSS_IMG}, siehe "
        f"[die Karte](https://x.org/m) und `AD-1`.{XSS_SCRIPT}"
    )
    out = render_document(doc, lambda s: translation)
    assert out == (
        "Schiffe kamen <b>heute</b> im *Morgengrauen* &lt;img src=x onerror=alert(1)&gt;, "
        "siehe [die Karte](https://x.org/m) und `AD-1`.&lt;script&gt;alert(1)&lt;/script&gt;\n"
    )


@pytest.mark.parametrize(
    "injected",
    [
        "<img src=x onerror=alert(1)",  # no closing '>': still raw HTML to a browser
        "<div onclick=alert(1)>",
        "</b><svg onload=alert(1)>",
        "<!-- x --><iframe src=javascript:alert(1)>",
        "<b onmouseover=alert(1)>x</b>",
    ],
)
def test_no_new_html_reaches_a_markdown_edition(injected: str) -> None:
    doc = md_doc("Ships arrived <b>today</b>.\n")
    out = render_document(doc, lambda s: f"{injected} Schiffe kamen <b>heute</b>.")
    assert "<b>heute</b>" in out  # the source's own tags stay, nothing else opens HTML
    assert re.search(r"<(?!b>|/b>)", out) is None


def test_markdown_keeps_the_sources_html_code_and_new_autolinks() -> None:
    doc = md_doc(MD_SOURCE)
    # a translation equal to the source keeps every byte
    assert render_document(doc, lambda s: s) == MD_SOURCE
    # code spans show markup as text, and an autolink is a link, not raw HTML
    translation = "Schiffe `<b>` und <https://x.org/de> und <b>heute</b>, 5 < 6."
    assert render_document(doc, lambda s: translation) == translation + "\n"


def test_a_markdown_draft_with_a_script_is_escaped_in_the_edition() -> None:
    doc = md_doc(MD_SOURCE)
    entry = CatalogEntry(MD_SENTENCE, f"Schiffe kamen an.{XSS_SCRIPT}", flags=("fuzzy",))
    edition = build_edition(doc, {}, {MD_SENTENCE: entry}, drafts=True, min_reviewed=0.0)
    assert edition.text is not None
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in edition.text
    assert "<script>" not in edition.text


# -- build refuses a mismatching approved translation ---------------------------------------


@pytest.mark.parametrize(
    ("msgstr", "code"),
    [
        (f"Schiffe kamen <b>heute</b> an. {XSS_IMG}", "markup-mismatch"),
        ("Schiffe kamen heute an, siehe [die Karte](https://evil.example/m).", "markup-mismatch"),
        ("Schiffe kamen <b>heute</b> an {1}.", "placeholder-mismatch"),
    ],
)
def test_an_approved_translation_with_other_markup_is_refused(msgstr: str, code: str) -> None:
    source = "Ships arrived <b>today</b>, see [the map](https://x.org/m).\n"
    doc = md_doc(source)
    (msgid,) = [s.text for s in doc.sentences()]
    entries = {msgid: CatalogEntry(msgid, msgstr, line=12)}
    with pytest.raises(MarkupMismatchError) as info:
        build_edition(doc, {}, entries, catalog="locales/de/article.po", language="de")
    error = info.value
    assert error.exit_code == EXIT_FINDINGS
    assert (error.path, error.line) == ("locales/de/article.po", 12)
    assert str(error).startswith("locales/de/article.po:12: ")
    assert f"[{code}]" in str(error) and "\n" not in str(error)


def test_the_refusal_names_the_first_entry_and_counts_the_others() -> None:
    doc = md_doc("First <b>one</b>.\n\nSecond <i>two</i>.\n\nThird three.\n")
    entries = {
        "First <b>one</b>.": CatalogEntry("First <b>one</b>.", "Erste eins.", line=30),
        "Second <i>two</i>.": CatalogEntry("Second <i>two</i>.", "Zweite zwei.", line=20),
        "Third three.": CatalogEntry("Third three.", "Dritte drei.", line=40),
    }
    with pytest.raises(MarkupMismatchError) as info:
        build_edition(doc, {}, entries, catalog="de.po")
    assert info.value.line == 20
    assert "1 more entry" in str(info.value)


def test_matching_markup_in_another_order_is_built() -> None:
    doc = md_doc("Ships arrived <b>today</b> at *dawn*.\n")
    msgid = "Ships arrived <b>today</b> at *dawn*."
    entries = {msgid: CatalogEntry(msgid, "Im *Morgengrauen* kamen <b>heute</b> Schiffe.")}
    edition = build_edition(doc, {}, entries, catalog="de.po")
    assert edition.text == "Im *Morgengrauen* kamen <b>heute</b> Schiffe.\n"


def test_build_refuses_the_catalogue_and_writes_no_edition(tmp_path: Path) -> None:
    (tmp_path / "transpipe.toml").write_text(
        '[project]\ntargets = ["de"]\n[engine]\nname = "pseudo"\n', encoding="utf-8"
    )
    (tmp_path / "news.html").write_text(
        "<h1>Ships arrive</h1>\n<p>Ships arrived <em>today</em> at dawn.</p>\n", encoding="utf-8"
    )
    translated = runner.invoke(app, ["translate", "news.html", "-q"])
    assert translated.exit_code == 0, translated.output
    po_path = tmp_path / "locales" / "de" / "news.po"
    data = read_catalog(po_path)
    entries = []
    for entry in data.entries:
        msgstr = entry.msgid
        if "<em>" in entry.msgid:
            msgstr = f"Schiffe kamen <em>heute</em> an.{XSS_IMG}"
        entries.append(replace(entry, msgstr=msgstr, flags=()))
    write_catalog(replace(data, entries=tuple(entries)), po_path)
    line = next(e.line for e in read_catalog(po_path).entries if "<em>" in e.msgid)

    built = runner.invoke(app, ["build", "news.html"])
    assert built.exit_code == EXIT_FINDINGS, built.output
    assert f"locales/de/news.po:{line}:" in built.output and "markup-mismatch" in built.output
    assert not (tmp_path / "editions" / "de" / "news.html").exists()
