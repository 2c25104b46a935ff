"""The review page from plain records: reading order, escaping, filters, landmarks."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from transpipe.core.findings import ERROR, WARNING, Finding
from transpipe.review.html import render_report
from transpipe.review.model import (
    LanguageSummary,
    ReportData,
    ReportEntry,
    SourceLink,
    State,
    band,
    risk_order,
)


def _entry(
    msgid: str, state: State = "fuzzy", score: float | None = None, *codes: tuple[str, str]
) -> ReportEntry:
    findings = tuple(
        Finding("locales/de/a.po", 7, code, ERROR if severity == "error" else WARNING, "why", "de")
        for code, severity in codes
    )
    return ReportEntry("a", "de", "locales/de/a.po", 7, msgid, msgid.upper(), state,
                       score=score, findings=findings)  # fmt: skip


def test_errors_come_first_then_warnings_then_low_scores_then_unscored_then_approved() -> None:
    entries = [
        _entry("approved", "approved", -3.0),
        _entry("unscored"),
        _entry("sure", "fuzzy", -0.1),
        _entry("unsure", "fuzzy", -2.0),
        _entry("warned", "fuzzy", -0.05, ("number-mismatch", "warning")),
        _entry("blocked", "approved", None, ("placeholder-mismatch", "error")),
        _entry("untranslated", "untranslated", None),
    ]
    order = [e.msgid for e in risk_order(entries)]
    assert order == [
        "blocked", "warned", "unsure", "sure", "unscored", "untranslated", "approved",
    ]  # fmt: skip


def test_the_state_findings_rank_nothing() -> None:
    assert band(_entry("x", "fuzzy", None, ("fuzzy", "warning"))) == 2
    assert band(_entry("x", "untranslated", None, ("untranslated", "warning"))) == 2


def _data(*entries: ReportEntry, general: tuple[Finding, ...] = ()) -> ReportData:
    return ReportData(
        "Review report: a", (LanguageSummary("de", 1, 2, 1),), tuple(entries), general
    )


def test_every_catalogue_text_is_escaped() -> None:
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    entry = ReportEntry(
        "a", "de", "locales/de/<b>.po", 3, hostile, hostile, "fuzzy", msgctxt=hostile,
        notes=(hostile,), retried=hostile,
        findings=(Finding("p", 3, "<code>", WARNING, hostile, "de"),),
        sources=(SourceLink(hostile, 'a.md"><script>x</script>#L1'),),
    )  # fmt: skip
    page = render_report(_data(entry, general=(Finding(hostile, 0, "c", ERROR, hostile),)))
    assert "<script>alert" not in page and "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert 'href="a.md&quot;&gt;&lt;script&gt;x&lt;/script&gt;#L1"' in page
    assert page.count("<script>") == 1  # the page's own script only
    assert 'data-codes="&lt;code&gt;"' in page


class _Outline(HTMLParser):
    """The landmarks of a page, the rows' attributes and the filter controls."""

    def __init__(self) -> None:
        super().__init__()
        self.landmarks: list[str] = []
        self.rows: list[dict[str, str | None]] = []
        self.controls: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "header" or found.get("id") in ("summary", "filters", "entries"):
            self.landmarks.append(found.get("id") or tag)
        if tag == "li" and found.get("class") == "entry":
            self.rows.append(found)
        if tag in ("input", "option"):
            self.controls.append((tag, found.get("value")))


def test_the_page_has_its_landmarks_in_order_and_a_filter_for_each_state_and_code() -> None:
    page = render_report(
        _data(
            _entry("one", "fuzzy", -2.0, ("number-mismatch", "warning")),
            _entry(
                "two", "approved", None, ("glossary-missing", "error"), ("url-mismatch", "error")
            ),
        )
    )
    outline = _Outline()
    outline.feed(page)
    assert outline.landmarks == ["header", "summary", "filters", "entries"]
    assert [(r["data-state"], r["data-codes"]) for r in outline.rows] == [
        ("fuzzy", "number-mismatch"),
        ("approved", "glossary-missing url-mismatch"),
    ]
    assert outline.controls == [
        ("input", "approved"), ("input", "fuzzy"), ("input", "untranslated"),
        ("option", ""), ("option", "glossary-missing"), ("option", "number-mismatch"),
        ("option", "url-mismatch"),
    ]  # fmt: skip
    assert 'score <span class="score">-2.00</span>' in page
    assert re.search(r"<th scope=\"row\">de</th><td class=\"n\">25%</td>", page)


def test_the_page_loads_nothing_and_allows_only_inline_script_and_style() -> None:
    page = render_report(_data(_entry("one")))
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert policy is not None and "default-src 'none'" in policy.group(1)
    assert not re.search(r"\b(?:src|href)=\"(?:https?:)?//", page)
    assert "@media (max-width:40em)" in page  # the columns stack on narrow screens
