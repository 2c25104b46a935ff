"""Inline Markdown placeholders: what is protected, and restoring it."""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from transpipe.document.inline import Protected, Restored, _Marks, protect, restore

CASES: list[tuple[str, str, tuple[str, ...]]] = [
    ("No markup at all.", "No markup at all.", ()),
    ("Run `make all` now.", "Run {1} now.", ("`make all`",)),
    ("Use ``a `tick` here`` too.", "Use {1} too.", ("``a `tick` here``",)),
    ("See ![radar map](img/map.png) here.", "See {1} here.", ("![radar map](img/map.png)",)),
    (
        'Read [the note](https://example.org/n "Joint note") today.',
        "Read {1}the note{2} today.",
        ("[", '](https://example.org/n "Joint note")'),
    ),
    (
        "Read [the note][note] and [this][].",
        "Read {1}the note{2} and {3}this{4}.",
        ("[", "][note]", "[", "][]"),
    ),
    (
        "Read [the *full* note](x.md).",
        "Read {1}the {2}full{3} note{4}.",
        ("[", "*", "*", "](x.md)"),
    ),
    (
        "Read [![logo](l.png) home](/).",
        "Read {1}{2} home{3}.",
        ("[", "![logo](l.png)", "](/)"),
    ),
    ("Go to <https://example.org/a> now.", "Go to {1} now.", ("<https://example.org/a>",)),
    ("Mail <press@example.org> now.", "Mail {1} now.", ("<press@example.org>",)),
    (
        "Go to https://example.org/a_b(c). Or www.example.org, or mail press@example.org.",
        "Go to {1}. Or {2}, or mail {3}.",
        ("https://example.org/a_b(c)", "www.example.org", "press@example.org"),
    ),
    ("(see https://example.org/x)", "(see {1})", ("https://example.org/x",)),
    ("The **AFU** held.", "The {1}AFU{2} held.", ("**", "**")),
    ("The *AFU* held.", "The {1}AFU{2} held.", ("*", "*")),
    ("The __AFU__ held.", "The {1}AFU{2} held.", ("__", "__")),
    ("The _AFU_ held.", "The {1}AFU{2} held.", ("_", "_")),
    ("The ~~old~~ plan.", "The {1}old{2} plan.", ("~~", "~~")),
    ("***Both*** ways.", "{1}Both{2} ways.", ("***", "***")),
    ("**NATO’s** view.", "{1}NATO’s{2} view.", ("**", "**")),
    ("It is 5 * 3 or 4*2 * 1.", "It is 5 * 3 or 4*2 * 1.", ()),
    (
        "Call snake_case_words and __init__ names.",
        "Call snake_case_words and {1}init{2} names.",
        ("__", "__"),
    ),
    ("A lone *star here.", "A lone *star here.", ()),
    ("A lone ~tilde~ stays.", "A lone ~tilde~ stays.", ()),
    (
        '<b>Bold</b> and <br/> and <span class="x">s</span>.',
        "{1}Bold{2} and {3} and {4}s{5}.",
        ("<b>", "</b>", "<br/>", '<span class="x">', "</span>"),
    ),
    ("Note <!-- hidden --> here.", "Note {1} here.", ("<!-- hidden -->",)),
    (
        "A \\*literal\\* star and \\_ underscore.",
        "A {1}literal{2} star and {3} underscore.",
        ("\\*", "\\*", "\\_"),
    ),
    ("Keep {3} and {10} as they are.", "Keep {1} and {2} as they are.", ("{3}", "{10}")),
    ("Braces {x} and { 2 } stay.", "Braces {x} and { 2 } stay.", ()),
    ("Not a link [just brackets] here.", "Not a link [just brackets] here.", ()),
    ("5 < 6 and x > y.", "5 < 6 and x > y.", ()),
    ("An `unclosed code span.", "An `unclosed code span.", ()),
]


@pytest.mark.parametrize(("source", "text", "tokens"), CASES, ids=[c[0][:40] for c in CASES])
def test_protect(source: str, text: str, tokens: tuple[str, ...]) -> None:
    protected = protect(source)
    assert protected == Protected(text, tokens)
    assert restore(protected.text, protected.tokens) == Restored(source, (), ())


def test_restore_keeps_engine_spacing_around_placeholders() -> None:
    protected = protect("Read [the note](n.md) now.")
    restored = restore("Lesen Sie {1} die Notiz {2} jetzt.", protected.tokens)
    assert restored == Restored("Lesen Sie [ die Notiz ](n.md) jetzt.", (), ())


def test_restore_moves_tokens_with_reordered_placeholders() -> None:
    protected = protect("The **AFU** and *MoD* met.")
    restored = restore("{3}MoD{4} und {1}AFU{2} trafen sich.", protected.tokens)
    assert restored.text == "*MoD* und **AFU** trafen sich."


def test_restore_appends_missing_tokens() -> None:
    protected = protect("Run `make` and **stop**.")
    assert protected.tokens == ("`make`", "**", "**")
    restored = restore("Lancez {1} et arrêtez {3}.", protected.tokens)
    assert restored.text == "Lancez `make` et arrêtez **.**"
    assert restored.missing == (2,)
    assert restored.unknown == ()


def test_restore_reports_unknown_placeholders() -> None:
    protected = protect("Run `make` now.")
    restored = restore("{1} {2} {0} jetzt.", protected.tokens)
    assert restored == Restored("`make` {2} {0} jetzt.", (), ("{2}", "{0}"))


def test_restore_repeated_placeholder_gets_its_token_each_time() -> None:
    restored = restore("{1}a{1}", ("**",))
    assert restored == Restored("**a**", (), ())


PIECES = [*"ab Z.5{}[]()<>!*_~`\\\"'/:@#-|\n’é", "{1}", "](", "http://", "www.", "<b>", "a@b.co"]
MARKDOWNISH = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@given(st.one_of(MARKDOWNISH, st.text(max_size=60)))
@example("[a](b) {2} `c` **d** e_f_g <https://x.y> a@b.co \\* <i>")
@example("{{1}}")
@example("[<http://a](x)>")
def test_round_trip(text: str) -> None:
    protected = protect(text)
    assert restore(protected.text, protected.tokens) == Restored(text, (), ())
    numbers = [int(n) for n in re.findall(r"\{(\d+)\}", protected.text)]
    assert numbers == list(range(1, len(protected.tokens) + 1))


def _naive_code_end(text: str, i: int) -> int | None:
    length = len(re.match(r"`+", text[i:]).group())  # type: ignore[union-attr]
    for other in re.finditer(r"`+", text[i + length :]):
        if len(other.group()) == length:
            return i + length + other.end()
    return None


def _naive_close(text: str, i: int) -> int | None:
    """The ``]`` matching the ``[`` at ``i``, scanning ahead as the definition says."""
    depth, p = 0, i
    while p < len(text):
        ch = text[p]
        if ch == "\\":
            p += 2
            continue
        if ch == "`":
            end = _naive_code_end(text, p)
            p = end if end is not None else p + len(re.match(r"`+", text[p:]).group())  # type: ignore[union-attr]
            continue
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                return p
        p += 1
    return None


@given(st.text(alphabet="[]`\\a ", max_size=40))
@example("[\\``]`")  # an escaped backtick leaves a shorter run, which the "]" is inside
def test_bracket_and_code_marks_are_those_of_scanning_ahead(text: str) -> None:
    marks = _Marks.of(text)
    for i, ch in enumerate(text):
        if ch == "`" and (i == 0 or text[i - 1] != "`"):
            assert marks.code.get(i) == _naive_code_end(text, i), (text, i)
    # every bracket the single pass reaches as a token closes where scanning ahead says
    for i in marks.close:
        assert marks.close[i] == _naive_close(text, i), (text, i)


@pytest.mark.parametrize(
    "unit",
    # brackets and backticks; then address characters, "@"s, addresses and URL starts
    [
        "See [note ",
        "[",
        "]",
        "` `` ",
        "[a](b ",
        "\\[ ",
        "![x ",
        "a.b-c_d+",
        "a@",
        "a@b.cc.",
        "www.)",
    ],
    ids=repr,
)
def test_pathological_inline_input_finishes(unit: str) -> None:
    text = (unit * 500_000)[:400_000]  # the size of a long line; scanning ahead took hours
    started = time.perf_counter()
    restored = restore(protect(text).text, protect(text).tokens).text
    assert restored == text
    assert time.perf_counter() - started < 30  # a hang guard: it takes well under a second
