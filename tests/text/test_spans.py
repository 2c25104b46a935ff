"""Spans that are never prose: URLs, e-mail addresses, code spans, one definition for all."""

from __future__ import annotations

import itertools
import re
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transpipe.text.spans import (
    EMAIL,
    URL,
    Span,
    code_closers,
    code_spans,
    emails,
    find_spans,
    is_address,
    url_end,
    urls,
)


def found(text: str) -> list[tuple[str, str]]:
    return [(s.kind, text[s.start : s.end]) for s in find_spans(text)]


# -- URLs ----------------------------------------------------------------------------------

URL_CASES: list[tuple[str, list[str]]] = [
    ("Read https://example.org/a?b=1 today.", ["https://example.org/a?b=1"]),
    ("Get ftp://files.example.org/a.zip, then unpack it.", ["ftp://files.example.org/a.zip"]),
    ("Copy s3://bucket/key now.", ["s3://bucket/key"]),  # any scheme with "//"
    ("See www.example.org.", ["www.example.org"]),
    ("VISIT WWW.NATO.INT!", ["WWW.NATO.INT"]),
    ("Write to mailto:press@example.org?subject=Note.", ["mailto:press@example.org?subject=Note"]),
    # trailing punctuation belongs to the sentence, a balanced ")" to the URL
    ("See https://x.org/a_(b).", ["https://x.org/a_(b)"]),
    ("Call them (at www.example.com).", ["www.example.com"]),
    ("(see https://x.org/a.)", ["https://x.org/a"]),
    ("Read [the note](https://example.org/n).", ["https://example.org/n"]),
    ("It is **https://x.org/a**, or 'https://x.org/b'.", ["https://x.org/a", "https://x.org/b"]),
    # quotation marks and CJK punctuation are never part of a URL
    ("He said “https://x.org/a” twice.", ["https://x.org/a"]),
    ("Er schrieb »https://x.org/a« und „https://x.org/b“.", ["https://x.org/a", "https://x.org/b"]),
    ("请访问https://example.org/a。", ["https://example.org/a"]),
    # letters of other scripts are part of a URL's path
    ("See https://uk.wikipedia.org/wiki/Київ.", ["https://uk.wikipedia.org/wiki/Київ"]),
    # no URL: a bare start, a label, schemes without "//", a bare domain
    ("Type https:// or www. first.", []),
    ("Tel: +44 20 7946 0000, tel:+442079460000 and urn:isbn:0451450523.", []),
    ("See example.com).", []),
    ("Route 42https://a.b is not one.", []),  # a letter or digit just before
]


@pytest.mark.parametrize(("text", "expected"), URL_CASES, ids=[c[0][:40] for c in URL_CASES])
def test_urls(text: str, expected: list[str]) -> None:
    assert [text[s.start : s.end] for s in urls(text)] == expected
    assert found(text) == [("url", u) for u in expected]


def test_url_end_is_where_the_url_starting_there_ends() -> None:
    text = "see https://x.org/a(b)" + ")" * 5
    assert url_end(text, 4) == len("see https://x.org/a(b)")
    assert url_end(text, 5) is None  # "ttps://" starts after a letter
    assert url_end(text, 0) is None


# -- e-mail addresses ----------------------------------------------------------------------

EMAIL_CASES: list[tuple[str, list[str]]] = [
    ("Write to press@example.org.", ["press@example.org"]),
    ("Mail press.office+news@mod.gov.ua, now.", ["press.office+news@mod.gov.ua"]),
    ("Пишіть на info@мвс.укр або info@mvs.gov.ua.", ["info@мвс.укр", "info@mvs.gov.ua"]),
    ("发送至press@example.org获取", ["press@example.org"]),  # no spaces in the translation
    ("メールpress@example.orgまで", ["press@example.org"]),
    ("a@b.cc.+x@d.ee", ["a@b.cc", ".+x@d.ee"]),  # one right after another
    # no address: a one-letter or numeric top-level domain, a handle, a non-ASCII local part
    ("Not a@b.c nor 10@2.50 nor @KievPost.", []),
    ("олена@example.org", []),
]


@pytest.mark.parametrize(("text", "expected"), EMAIL_CASES, ids=[c[0][:40] for c in EMAIL_CASES])
def test_emails(text: str, expected: list[str]) -> None:
    assert [text[s.start : s.end] for s in emails(text)] == expected
    assert found(text) == [("email", e) for e in expected]


@given(st.text(alphabet="ab.+_%@-яü例 ", max_size=30))
def test_emails_are_found_as_the_unanchored_pattern_finds_them(text: str) -> None:
    assert [(s.start, s.end) for s in emails(text)] == [m.span() for m in EMAIL.finditer(text)]


@pytest.mark.parametrize(
    "text",
    [
        "a@b.cc.+x@d.ee and y@z.org",
        "a@b.cc%d@e.ff",
        "a@b.cc-d@e.ff_g@h.ii",
        "a@b.c%d@e.f",
        "mail ops@mod.gov.ua, then `a@b.cc`",
        "x.y+z",
        "a@b.укр.x@d.ee",
    ],
)
def test_emails_next_to_each_other(text: str) -> None:
    assert [(s.start, s.end) for s in emails(text)] == [m.span() for m in EMAIL.finditer(text)]


# -- code spans ----------------------------------------------------------------------------


def _direct_code_spans(text: str) -> list[tuple[int, int]]:
    """The pairing rule as a direct scan: each run pairs with the next run of its length."""
    runs = [(m.start(), m.end()) for m in re.finditer("`+", text)]
    spans, used = [], -1
    for idx, (start, end) in enumerate(runs):
        if idx <= used:
            continue
        for jdx in range(idx + 1, len(runs)):
            if runs[jdx][1] - runs[jdx][0] == end - start:
                spans.append((start, runs[jdx][1]))
                used = jdx
                break
    return spans


@given(st.text(alphabet="`a ", max_size=40))
def test_code_spans_pair_as_the_direct_scan_does(text: str) -> None:
    assert [(s.start, s.end) for s in code_spans(text)] == _direct_code_spans(text)
    for run in re.finditer("`+", text):
        after = [
            m for m in re.finditer("`+", text[run.end() :]) if len(m.group()) == len(run.group())
        ]
        assert code_closers(text).get(run.start()) == (
            run.end() + after[0].end() if after else None
        )


def test_the_rest_of_a_run_after_an_escaped_backtick_has_its_closer() -> None:
    text = "\\``x` and ``y``"
    assert code_closers(text) == {1: 12, 2: 5, 10: 15}
    assert [(s.start, s.end) for s in code_spans(text)] == [(1, 12)]  # escapes are not read


# -- all of them -----------------------------------------------------------------------------


def test_the_span_that_starts_first_wins() -> None:
    assert found("Run `curl https://x.org/a` or mail `a@b.org`.") == [
        ("code", "`curl https://x.org/a`"),
        ("code", "`a@b.org`"),
    ]
    assert found("www.press@example.org") == [("url", "www.press@example.org")]
    assert found("press@www.example.org/a") == [("email", "press@www.example.org")]
    assert list(find_spans("See `x` at https://x.org.")) == [
        Span("code", 4, 7),
        Span("url", 11, 24),
    ]


@given(st.lists(st.sampled_from([*"ab .()@`/", "https://", "www.", "a@b.cc", "。"]), max_size=25))
def test_spans_are_the_findings_that_do_not_start_inside_an_earlier_one(pieces: list[str]) -> None:
    text = "".join(pieces)
    kept = list(find_spans(text))
    candidates = [*code_spans(text), *urls(text), *emails(text)]
    assert all(a.end <= b.start for a, b in itertools.pairwise(kept))
    assert all(span in candidates for span in kept)
    for span in candidates:
        if span not in kept:
            assert any(k.start <= span.start < k.end for k in kept), span


def test_an_address_is_a_whole_url_address_or_autolink() -> None:
    for token in ("https://x.org/a_(b)", "www.x.org", "mailto:a@b.org", "a@b.org", "<tel:+1555>"):
        assert is_address(token), token
    for token in ("https://x.org.", "https://", "a@b.c", "`a@b.org`", "<b>", "<!--a@b-->", "x"):
        assert not is_address(token), token


def test_the_patterns_keep_their_meaning_inside_case_insensitive_patterns() -> None:
    kelvin = "\u212a"  # matches [A-Za-z] when case is ignored
    for pattern in (URL, EMAIL):
        embedded = re.compile(f"<>|{pattern.pattern}", re.IGNORECASE)
        for text in (f"{kelvin}@b.org", f"{kelvin}{kelvin}://x", "WWW.X.ORG", "a@b.org"):
            assert [m.span() for m in embedded.finditer(text)] == [
                m.span() for m in pattern.finditer(text)
            ], text


# -- long input: finding stays linear in the length of the text ---------------------------

HANG_GUARD = 20  # seconds: a hang guard only, not a performance assertion
PATHOLOGICAL = {
    # e-mail characters without "@", where the unanchored pattern rescans from every letter
    "address characters": "a.b-c_d+",
    "at signs": "a@",
    "labels without a top-level domain": "b1.",
    "addresses next to each other": "a@b.cc.",
    "words like schemes": "ab-",
    "URL starts": "www.",
    "closing brackets": ")",
    "backtick runs": "`` `a ",
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_long_pathological_text_finishes_and_gives_what_short_text_gives(name: str) -> None:
    unit = PATHOLOGICAL[name]
    lead = "See https://x.org/a" if name == "closing brackets" else "x@"
    short, long = lead + unit * 20, lead + unit * (200_000 // len(unit))
    started = time.monotonic()
    spans = list(find_spans(long))
    assert time.monotonic() - started < HANG_GUARD
    assert [(s.start, s.end) for s in emails(short)] == [m.span() for m in EMAIL.finditer(short)]
    assert [(s.start, s.end) for s in code_spans(short)] == _direct_code_spans(short)
    kinds = {s.kind for s in find_spans(short)}
    assert {s.kind for s in spans} == kinds
