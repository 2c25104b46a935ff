"""Front matter: reader-facing values with exact spans, and renderings that read back exactly."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transpipe.core.errors import InputError
from transpipe.document.front_matter import (
    DEFAULT_KEYS,
    FrontMatter,
    read_front_matter,
    render_value,
)

YAML_ARTICLE = """---
title: "Ukraine: the \\"front\\" line"   # a comment
Subtitle: Plain subtitle, a:colon and a#hash
description: >-
  Folded text
  over two lines
summary: |
  First line
    indented line
  last line

lang: en
date: 2024-03-01
draft: false
weight: 3
tags: [air defence, NATO]
params:
  caption: 'It''s a caption'
  alt: !!str Tagged alt
  lang: de
  description: "two
    lines"
images:
  - src: a.jpg
    alt: "Caf\\u00e9 😀"
  - {src: b.jpg, alt: Flow alt}
resources:
  - params:
      caption: |+
        Kept lines

base: &base
  title: Anchored base title
other: *base
named: &name Anchored caption
caption: plain caption
  over two lines
alt: |2
    starts indented
---
Body text.
"""

YAML_ROWS = [
    ("title", 2, "double", 'Ukraine: the "front" line', '"Ukraine: the \\"front\\" line"'),
    ("Subtitle", 3, "plain", "Plain subtitle, a:colon and a#hash", None),
    ("description", 4, "folded", "Folded text over two lines",
     ">-\n  Folded text\n  over two lines\n"),
    ("summary", 7, "literal", "First line\n  indented line\nlast line\n",
     "|\n  First line\n    indented line\n  last line\n\n"),
    ("lang", 12, "plain", "en", None),
    ("params.caption", 18, "single", "It's a caption", "'It''s a caption'"),
    ("params.alt", 19, "plain", "Tagged alt", None),
    ("params.description", 21, "double", "two lines", '"two\n    lines"'),
    ("images[0].alt", 25, "double", "Café 😀", '"Caf\\u00e9 😀"'),
    ("images[1].alt", 26, "plain", "Flow alt", None),
    ("resources[0].params.caption", 29, "literal", "Kept lines\n\n", "|+\n        Kept lines\n\n"),
    ("base.title", 33, "plain", "Anchored base title", None),
    ("caption", 36, "plain", "plain caption over two lines", "plain caption\n  over two lines"),
    ("alt", 38, "literal", "  starts indented\n", "|2\n    starts indented\n"),
]  # fmt: skip

TOML_ARTICLE = '''+++
title = "Hello \\u00e9 \\"quoted\\""   # a comment
lang = "en"
date = 2024-03-01
draft = false
tags = ["air defence", "NATO"]
params.subtitle = 'A literal subtitle'
Summary = """
A multi-line
basic summary"""
description = \'\'\'Multi-line
literal\'\'\'

[params.inner]
caption = "Nested caption"

[[resources]]
src = "a.jpg"
[resources.params]
alt = "First resource"

[[resources]]
images = [{ alt = "Inline alt", src = "b.jpg" }, { alt = 'Second inline' }]

[extra]
note = "not reader-facing"

[params.later]
title = "Out of order title"
+++
Body text.
'''

TOML_ROWS = [
    ("title", 2, "basic", 'Hello é "quoted"', '"Hello \\u00e9 \\"quoted\\""'),
    ("lang", 3, "basic", "en", '"en"'),
    ("params.subtitle", 7, "literal", "A literal subtitle", "'A literal subtitle'"),
    ("Summary", 8, "ml-basic", "A multi-line\nbasic summary",
     '"""\nA multi-line\nbasic summary"""'),
    ("description", 11, "ml-literal", "Multi-line\nliteral", "'''Multi-line\nliteral'''"),
    ("params.inner.caption", 15, "basic", "Nested caption", '"Nested caption"'),
    ("resources[0].params.alt", 20, "basic", "First resource", '"First resource"'),
    ("resources[1].images[0].alt", 23, "basic", "Inline alt", '"Inline alt"'),
    ("resources[1].images[1].alt", 23, "literal", "Second inline", "'Second inline'"),
    ("params.later.title", 29, "basic", "Out of order title", '"Out of order title"'),
]  # fmt: skip

JSON_ARTICLE = """{
  "title": "Caf\\u00e9 \\/ \\"quoted\\" \\ud83d\\ude00",
  "lang": "en",
  "draft": false,
  "weight": 3,
  "tags": ["air defence", "NATO"],
  "params": {"description": "Nested {braces} and [brackets]", "alt": "x", "n": null},
  "images": [{"src": "a.jpg", "alt": "First image"}, {"alt": "Second image"}],
  "Caption": "Mixed case key"
}
Body text.
"""

JSON_ROWS = [
    ("title", 2, "json", 'Café / "quoted" 😀', '"Caf\\u00e9 \\/ \\"quoted\\" \\ud83d\\ude00"'),
    ("lang", 3, "json", "en", '"en"'),
    ("params.description", 7, "json", "Nested {braces} and [brackets]",
     '"Nested {braces} and [brackets]"'),
    ("params.alt", 7, "json", "x", '"x"'),
    ("images[0].alt", 8, "json", "First image", '"First image"'),
    ("images[1].alt", 8, "json", "Second image", '"Second image"'),
    ("Caption", 9, "json", "Mixed case key", '"Mixed case key"'),
]  # fmt: skip

ARTICLES = {"yaml": YAML_ARTICLE, "toml": TOML_ARTICLE, "json": JSON_ARTICLE}


def read(text: str, keys: frozenset[str] = DEFAULT_KEYS) -> FrontMatter:
    front = read_front_matter(text, "a.md", keys)
    assert front is not None
    return front


def rows(text: str) -> list[tuple[str, int, str, str, str]]:
    return [(v.key, v.line, v.style, v.text, text[v.start : v.end]) for v in read(text).values]


def render(text: str, translation: str, key: str | None = None) -> str:
    """The rendering of ``translation`` for the value at ``key`` (the first value if None)."""
    front = read(text)
    value = next(v for v in front.values if key is None or v.key == key)
    return render_value(front, value, translation)


def data(text: str, front: FrontMatter) -> object:
    """The front matter as each format's own reference loader reads it."""
    raw = text[: front.end]
    if front.syntax == "json":
        return json.loads(raw)
    content = raw[raw.index("\n") + 1 : raw.rstrip("\n").rfind("\n") + 1]
    if front.syntax == "toml":
        return tomllib.loads(content)
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=True).load(content)


def set_key(loaded: object, key: str, value: str) -> None:
    """Set what a reviewer's key (``resources[1].images[0].alt``) names in loaded data."""
    parts: list[str | int] = []
    for name in key.replace("[", ".[").split("."):
        if name.startswith("["):
            parts.append(int(name[1:-1]))
        elif name:
            parts.append(name)
    *parents, last = parts
    for part in parents:
        loaded = loaded[part]  # type: ignore[index]
    loaded[last] = value  # type: ignore[index]


def substitute(text: str, front: FrontMatter, translations: list[str]) -> str:
    """``text`` with every value's rendering in its place; the bytes between the values
    come back where they were, and a re-read finds each translation at its new span."""
    pieces: list[str] = []
    cursor = shift = 0
    spans = []
    for value, translation in zip(front.values, translations, strict=True):
        rendered = render_value(front, value, translation)
        pieces += [text[cursor : value.start], rendered]
        spans.append((value.start + shift, value.start + shift + len(rendered)))
        shift += len(rendered) - (value.end - value.start)
        cursor = value.end
    pieces.append(text[cursor:])
    out = "".join(pieces)
    gaps = zip([0, *(v.end for v in front.values)], [*(v.start for v in front.values), len(text)])
    new_gaps = zip([0, *(end for _, end in spans)], [*(start for start, _ in spans), len(out)])
    for (old_start, old_end), (new_start, new_end) in zip(gaps, new_gaps, strict=True):
        assert out[new_start:new_end] == text[old_start:old_end]
    again = read(out)
    written = {(v.start, v.end): v.text for v in again.values}
    for (start, end), translation in zip(spans, translations, strict=True):
        assert written.get((start, end), translation) == translation
    return out


# -- reading -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [(YAML_ARTICLE, YAML_ROWS), (TOML_ARTICLE, TOML_ROWS), (JSON_ARTICLE, JSON_ROWS)],
    ids=["yaml", "toml", "json"],
)
def test_values_have_their_keys_lines_styles_texts_and_exact_spans(
    text: str, expected: list[tuple[str, int, str, str, str | None]]
) -> None:
    """A span is the value as written (quotes, escapes, block headers, a YAML tag left out);
    ``None`` in the table means the value is written as its text."""
    assert rows(text) == [
        (key, line, style, loaded, loaded if written is None else written)
        for key, line, style, loaded, written in expected
    ]


@pytest.mark.parametrize("syntax", ["yaml", "toml", "json"])
def test_the_body_starts_after_the_closing_line(syntax: str) -> None:
    text = ARTICLES[syntax]
    front = read(text)
    assert front.syntax == syntax
    assert text[front.end :] == "Body text.\n"
    assert front.source == text[: front.end]


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("---\ntitle: Jekyll\n...\nBody\n", "Body\n"),
        ("--- \t\ntitle: Spaces\n---  \nBody\n", "Body\n"),
        ("---\ntitle: End\n---", ""),
        ('+++\ntitle = "End"\n+++', ""),
        ('{"title": "End"}', ""),
        ('{"title": "Spaces"}  \nBody\n', "Body\n"),
        ("---\n---\nBody\n", "Body\n"),
    ],
)
def test_closers_and_where_the_body_starts(text: str, body: str) -> None:
    front = read(text)
    assert text[front.end :] == body


def test_an_empty_front_matter_has_no_values() -> None:
    assert read("---\n---\nBody\n").values == ()
    assert read("+++\n+++\nBody\n").values == ()
    assert read("{}\nBody\n").values == ()


@pytest.mark.parametrize(
    "text",
    [
        "Just text\n",
        "\n---\ntitle: Not on line one\n---\n",
        "--- title: x\n---\n",
        "----\ntitle: x\n----\n",
        " ---\ntitle: x\n---\n",
        '{{< figure src="a.jpg" >}}\nBody\n',
        "{% include header.html %}\nBody\n",
        ' {"title": "x"}\n',
        '{"title": "x"} trailing text\n',
        "---",
    ],
)
def test_text_without_an_opener_on_line_one_has_no_front_matter(text: str) -> None:
    assert read_front_matter(text, "a.md") is None


@pytest.mark.parametrize(
    "text",
    [
        "---\ntitle: Never closed\n\nBody\n",
        "---\ntitle: Wrong closer\n+++\n",
        '+++\ntitle = "Never closed"\n',
        '+++\ntitle = "Wrong closer"\n---\n',
        '{"title": "Never closed"\n\nBody\n',
        '{"title": "a } in a string"\n',
    ],
)
def test_an_opener_without_a_closer_is_not_front_matter(text: str) -> None:
    assert read_front_matter(text, "a.md") is None


@pytest.mark.parametrize(
    "text",
    [
        "---\nlang: en\n---\n",
        "---\nLanguage: en\n---\n",
        '+++\nlang = "en"\n+++\n',
        '{"lang": "en"}\n',
    ],
)
def test_the_top_level_language_is_reported_whatever_the_keys(text: str) -> None:
    (value,) = read(text, frozenset()).values
    assert value.language
    assert value.text == "en"


def test_a_nested_lang_is_not_the_language() -> None:
    text = "---\nparams:\n  lang: de\n  title: Nested\n---\n"
    assert [(v.key, v.language) for v in read(text).values] == [("params.title", False)]
    keys = DEFAULT_KEYS | {"lang"}
    assert [(v.key, v.language) for v in read(text, keys).values] == [
        ("params.lang", False),
        ("params.title", False),
    ]


def test_keys_match_the_last_name_without_case_and_can_be_chosen() -> None:
    text = "---\nTITLE: Upper\nheadline: Chosen\nparams:\n  Headline: Nested\n---\n"
    assert [v.key for v in read(text).values] == ["TITLE"]
    assert [v.key for v in read(text, frozenset({"HeadLine"})).values] == [
        "headline",
        "params.Headline",
    ]


@pytest.mark.parametrize(
    "value",
    [
        "42",
        "4.5",
        "true",
        "null",
        "~",
        "2024-03-01",
        "[a, b]",
        "{x: y}",
        "'1984'",
        "'—'",
        "''",
        '""',
        "!!int 7",
        "!custom tagged",
        "!!binary aGVsbG8=",
        "&anchor anchored",
        "*shared",
        "",
    ],
)
def test_yaml_values_that_are_not_entries(value: str) -> None:
    text = f"---\nshared: &shared text\ntitle: {value}\n---\n"
    assert read(text).values == ()


def test_toml_and_json_values_that_are_not_entries() -> None:
    toml = '+++\ntitle = 42\nalt = ["a", "b"]\ncaption = 2024-03-01\n[summary]\nx = 1\n+++\n'
    assert read(toml).values == ()
    jsons = '{"title": 42, "alt": ["a"], "caption": null, "summary": {"x": 1}, "subtitle": "7"}\n'
    assert read(jsons).values == ()


def test_an_aliased_mapping_is_reported_once_where_its_anchor_is() -> None:
    text = "---\nbase: &b\n  title: Shared\nother: *b\nmerged:\n  <<: *b\n---\n"
    assert [v.key for v in read(text).values] == ["base.title"]


def test_a_key_that_needs_quoting_is_shown_quoted() -> None:
    text = '---\n"og.title": Dotted\n" title ": Spaced\n---\n'
    assert [v.key for v in read(text, frozenset({"og.title", " title "})).values] == [
        '["og.title"]',
        '[" title "]',
    ]


@pytest.mark.parametrize(
    "written",
    [
        '"a: b # not a comment"',
        "'#hash'",
        '"[bracket"',
        '"{brace"',
        '"- dash"',
        '"* star"',
        '"&amp"',
        '"!bang"',
        '"%percent"',
        '"@at"',
        '"`tick"',
        "'trailing spaces   '",
        '"Ελληνικά ✓ 😀"',
        "plain ünïcödé 😀",
        "plain with trailing spaces   ",
        "plain before a comment # comment",
    ],
)
def test_spans_are_the_value_as_written(written: str) -> None:
    text = f"---\ntitle: {written}\n---\n"
    (value,) = read(text).values
    expected = written.removesuffix(" # comment").rstrip(" ")
    assert text[value.start : value.end] == expected


# -- refusals ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("---\ntitle: a: b\n---\n", 2, "front matter is not valid YAML: mapping values are not"),
        ("---\ntitle: x\nalt: [a\n---\n", 4, "front matter is not valid YAML: expected ',' or ']'"),
        ('---\ntitle: "\\q"\n---\n', 2, "front matter is not valid YAML: found unknown escape"),
        ("---\ntitle: x\n\tbad: tab\n---\n", 3, "front matter is not valid YAML: found character"),
        ("---\ntitle: *missing\n---\n", 2, "front matter is not valid YAML: found undefined alias"),
        ("---\na: 1\ntitle: \x0c\n---\n", 3, "the character U+000C is not allowed in YAML"),
        ('+++\ntitle = "x"\nalt = \n+++\n', 3, "front matter is not valid TOML: Unexpected char"),
        ('+++\ntitle = "x\n+++\n', 2, "front matter is not valid TOML: Control characters"),
        # TOML 1.0 has no trailing comma in an inline table: tomllib refuses it where
        # tomlkit (0.13 on) lets it through
        ("+++\na = 1\ntitle = {x = 1,}\n+++\n", 3, "front matter is not valid TOML: "),
        ('{\n  "title": "x",\n}\n', 3, "front matter is not valid JSON: Expecting property name"),
        ('{\n  "title": x\n}\n', 2, "front matter is not valid JSON: Expecting value"),
        ('{"a": ' + "9" * 5000 + "}\n", 1, "front matter is not valid JSON: a number has too"),
    ],
)
def test_malformed_front_matter_raises_input_error_at_its_line(
    text: str, line: int, message: str
) -> None:
    with pytest.raises(InputError) as caught:
        read_front_matter(text, "news/a.md")
    assert caught.value.path == "news/a.md"
    assert caught.value.line == line
    assert message in caught.value.message
    assert caught.value.message.endswith("; fix it or remove the front matter")


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("---\ntitle: a\nalt: b\ntitle: c\n---\n", 4, 'YAML: the key "title" is written twice'),
        ("---\nparams:\n  alt: a\n  'alt': b\n---\n", 4, 'YAML: the key "alt" is written twice'),
        ('+++\ntitle = "a"\ntitle = "b"\n+++\n', 3, 'TOML: Key "title" already exists.'),
        ('+++\n[params]\nalt = "a"\n[params]\n+++\n', 4, 'TOML: Key "params" already exists.'),
        ('{\n  "title": "a",\n  "title": "b"\n}\n', 3, 'JSON: the key "title" is written twice'),
    ],
)
def test_a_key_written_twice_is_refused_at_the_second(text: str, line: int, message: str) -> None:
    with pytest.raises(InputError) as caught:
        read_front_matter(text, "a.md")
    assert caught.value.line == line
    assert f"front matter is not valid {message}" in caught.value.message


@pytest.mark.parametrize("body", ["Just a paragraph", "- a list\n- of items"])
def test_yaml_front_matter_that_is_not_a_mapping_is_refused(body: str) -> None:
    with pytest.raises(InputError, match="front matter is not a mapping") as caught:
        read_front_matter(f"---\n{body}\n---\n", "a.md")
    assert caught.value.line == 2


@pytest.mark.parametrize(
    "text",
    [
        "---\ntitle: " + "[" * 1200 + "\n---\n",
        '+++\ntitle = ' + "[" * 1200 + "\n+++\n",
        '{"title": ' + "[" * 1200 + "\n}\n",
    ],
)  # fmt: skip
def test_front_matter_nested_too_deeply_is_refused_without_a_traceback(text: str) -> None:
    with pytest.raises(InputError, match="front matter is"):
        read_front_matter(text, "a.md")


# -- rendering -----------------------------------------------------------------------------

PLAIN = "---\ntitle: Plain\n---\n"


@pytest.mark.parametrize(
    ("translation", "rendered"),
    [
        ("Simple words", "Simple words"),
        ("a:b and a#b, -x and ?x", "a:b and a#b, -x and ?x"),
        ("é 😀", "é 😀"),
        ("no", '"no"'),  # a boolean in YAML 1.1 (Jekyll)
        ("true", '"true"'),
        ("null", '"null"'),
        ("2024-01-01", '"2024-01-01"'),
        ("123", '"123"'),
        ("[x]", '"[x]"'),
        ("{x}", '"{x}"'),
        ("- x", '"- x"'),
        ("*x", '"*x"'),
        ("&x", '"&x"'),
        ("!x", '"!x"'),
        ("%x", '"%x"'),
        ("@x", '"@x"'),
        ("`x", '"`x"'),
        ("|x", '"|x"'),
        ("a: b", '"a: b"'),
        ("x:", '"x:"'),
        ("a #b", '"a #b"'),
        ("trailing  ", '"trailing  "'),
        (" leading", '" leading"'),
        ('say "hi"', 'say "hi"'),
        ("back\\slash", "back\\slash"),
        ("", '""'),
        ("two\nlines", '"two\\nlines"'),
        ("tab\there", '"tab\\there"'),
        ("bell\x07 nel\x85 ls\u2028 bom\ufeff", '"bell\\x07 nel\\x85 ls\\u2028 bom\\ufeff"'),
    ],
)
def test_a_plain_yaml_value_stays_plain_only_where_it_reads_back(
    translation: str, rendered: str
) -> None:
    assert render(PLAIN, translation) == rendered


@pytest.mark.parametrize(
    ("translation", "rendered"),
    [
        ("It's", "'It''s'"),
        ("  spaces  ", "'  spaces  '"),
        ("#x: y", "'#x: y'"),
        ("two\nlines", '"two\\nlines"'),
        ("bell\x07", '"bell\\x07"'),
    ],
)
def test_a_single_quoted_yaml_value_stays_single_quoted_on_one_line(
    translation: str, rendered: str
) -> None:
    assert render("---\ntitle: 'Single'\n---\n", translation) == rendered


@pytest.mark.parametrize(
    ("translation", "rendered"),
    [
        ("Double", '"Double"'),
        ('é 😀 \\ "', '"é 😀 \\\\ \\""'),
        ("two\nlines", '"two\\nlines"'),
    ],
)
def test_a_double_quoted_yaml_value_stays_double_quoted(translation: str, rendered: str) -> None:
    assert render('---\ntitle: "Double"\n---\n', translation) == rendered


@pytest.mark.parametrize(
    ("source", "translation", "rendered"),
    [
        ("|\n  Lit\n", "A\nB\n", "|\n  A\n  B\n"),
        ("|\n  Lit\n", "A\nB", "|-\n  A\n  B\n"),
        ("|\n  Lit\n", "A\n\n", "|+\n  A\n\n"),
        ("|\n  Lit\n", "\nafter a blank line", "|-\n\n  after a blank line\n"),
        ("|\n  Lit\n", "---\n...\n+++", "|-\n  ---\n  ...\n  +++\n"),
        ("|\n  Lit\n", "", "|-\n"),
        ("|\n  Lit\n", "  leading\n", '"  leading\\n"\n'),
        ("|\n  Lit\n", "a\r\nb", '"a\\r\\nb"\n'),
        ("|2\n    Lit\n", "  leading\n", "|2\n    leading\n"),
        ("|-  # note\n  Lit\n\n", "New", "|-  # note\n  New\n\n"),
        (">\n  Fold\n  ed\n", "A\nB\n", ">\n  A\n\n  B\n"),
        (">\n  Fold\n  ed\n", "A\n\nB", ">-\n  A\n\n\n  B\n"),
        (">\n  Fold\n  ed\n", "A\n  indented\n", '"A\\n  indented\\n"\n'),
    ],
)
def test_a_block_yaml_value_keeps_its_indicator_and_indentation(
    source: str, translation: str, rendered: str
) -> None:
    assert render(f"---\ntitle: {source}next: x\n---\n", translation) == rendered


def test_a_block_value_in_a_sequence_keeps_its_indentation_and_comment() -> None:
    text = "---\nlist:\n  - alt: >- # comment\n      Fold\n    src: x\n---\n"
    assert render(text, "New\ntext") == ">- # comment\n      New\n\n      text\n"


def test_a_tagged_yaml_value_keeps_its_tag() -> None:
    text = "---\ntitle: !!str Tagged\n---\n"
    front = read(text)
    (value,) = front.values
    assert text[: value.start].endswith("!!str ")
    assert render(text, "no") == '"no"'


@pytest.mark.parametrize(
    ("value", "translation", "rendered"),
    [
        ('"Basic"', 'It\'s "x" \\ é', '"It\'s \\"x\\" \\\\ é"'),
        ('"Basic"', "two\nlines", '"two\\nlines"'),
        ("'Literal'", "No quote", "'No quote'"),
        ("'Literal'", "It's", '"It\'s"'),
        ("'Literal'", "two\nlines", '"two\\nlines"'),
        ('"""\nML basic"""', "two\nlines", '"""\ntwo\nlines"""'),
        ('"""ML basic"""', 'three """ quotes', '"""three ""\\" quotes"""'),
        ('"""\nML basic"""', "a\n+++\nb", '"a\\n+++\\nb"'),
        ("'''\nML literal'''", "it's\nfine", "'''\nit's\nfine'''"),
        ("'''ML literal'''", "has ''' inside", '"""has \'\'\' inside"""'),
        ('"Basic"', "ctl\x01\x7f", '"ctl\\u0001\\u007f"'),
    ],
)
def test_toml_values_keep_their_style_where_it_holds_the_translation(
    value: str, translation: str, rendered: str
) -> None:
    assert render(f"+++\ntitle = {value}\nnext = 1\n+++\n", translation) == rendered


@pytest.mark.parametrize(
    ("translation", "rendered"),
    [
        ('Café "q" / \\', '"Café \\"q\\" / \\\\"'),
        ("two\nlines", '"two\\nlines"'),
        ("}\n{", '"}\\n{"'),
        ("😀\u2028", '"😀\u2028"'),
    ],
)
def test_json_values_are_written_as_json_strings(translation: str, rendered: str) -> None:
    assert render('{"title": "Caf\\u00e9"}\n', translation) == rendered


@pytest.mark.parametrize(
    ("text", "rendered"),
    [
        ("---\nlang: en\n---\n", '"no"'),
        ('+++\nlang = "en"\n+++\n', '"no"'),
        ('{"lang": "en"}\n', '"no"'),
    ],
)
def test_the_language_is_written_as_its_code(text: str, rendered: str) -> None:
    assert render(text, "no") == rendered
    assert render(text, "fr").strip('"') == "fr"


def test_a_value_of_other_front_matter_is_refused() -> None:
    front = read("---\ntitle: One\n---\n")
    other = read("---\nalt: x\ntitle: Two\n---\n").values[1]
    with pytest.raises(ValueError, match="not a value of this front matter"):
        render_value(front, other, "x")


@pytest.mark.parametrize(
    "text",
    [
        "---\nx: .nan\nloop: &l [*l]\ntitle: T\n---\n",
        '+++\nx = nan\ntitle = "T"\n+++\n',
        '{"x": NaN, "title": "T"}\n',
    ],
)
def test_nan_and_a_structure_that_holds_itself_do_not_stop_a_rendering(text: str) -> None:
    assert render(text, "Translated").strip('"') == "Translated"


def test_importing_the_module_loads_no_parser() -> None:
    code = (
        "import sys, transpipe.document.front_matter\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('ruamel', 'tomlkit')))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"


# -- any translation -----------------------------------------------------------------------

# pieces that exercise quoting, escaping, folding and the delimiters
TRICKY = st.lists(
    st.sampled_from(
        [*"\n '\"\\#:-[]{}+\t\r\x85\u2028a…|>!&*%@`?,\ufeff\x00.0", "---", "+++", "...",
         "'''", '"""', ": ", " #", "\n  ", "no", "true"]
    ),
    max_size=12,
).map("".join)  # fmt: skip
TRANSLATION = st.one_of(st.text(), TRICKY)

SMALL = {
    "yaml": "---\ntitle: Plain\nalt: 'Single'\nlang: en\nsummary: |\n  Literal\n"
    "description: >-\n  Folded\nimages: [{alt: Flow}]\n---\nBody\n",
    "toml": '+++\ntitle = "Basic"\nalt = \'Literal\'\nlang = "en"\nsummary = """\nML"""\n'
    "description = '''ML literal'''\nimages = [{ alt = \"Inline\" }]\n+++\nBody\n",
    "json": JSON_ARTICLE,
}


def assert_reads_back(text: str, translations: list[str]) -> None:
    front = read(text)
    out = substitute(text, front, translations)
    again = read_front_matter(out, "a.md")
    assert again is not None
    assert out[again.end :] == text[front.end :]
    expected = data(text, front)
    for value, translation in zip(front.values, translations, strict=True):
        set_key(expected, value.key, translation)
    assert data(out, again) == expected


@pytest.mark.parametrize("syntax", ["yaml", "toml", "json"])
@settings(deadline=None)
@given(translations=st.lists(TRANSLATION, min_size=7, max_size=7))
def test_any_translations_read_back_exactly(syntax: str, translations: list[str]) -> None:
    """Every value rendered at once: the front matter loads the translations and nothing
    else changes; the bytes between the values stay where they were."""
    text = SMALL[syntax]
    assert_reads_back(text, translations[: len(read(text).values)])


@pytest.mark.slow
@pytest.mark.parametrize("syntax", ["yaml", "toml"])  # the small JSON one is the whole article
@settings(deadline=None)
@given(translations=st.lists(TRANSLATION, min_size=14, max_size=14))
def test_any_translations_read_back_exactly_in_every_style(
    syntax: str, translations: list[str]
) -> None:
    text = ARTICLES[syntax]
    assert_reads_back(text, translations[: len(read(text).values)])
