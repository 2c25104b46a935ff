"""The PO writer is byte-identical to GNU msgcat; the reader is strict and round-trips it."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transpipe.errors import CatalogError
from transpipe.gettext_format import format_catalog, gettext_flags, parse_catalog
from transpipe.model import CatalogData, CatalogEntry

DATA = Path(__file__).parent / "data" / "po"
BAD = sorted((DATA / "bad").glob("*.po"))
EXPECTED_BAD = {
    "bad-escape.po": (4, r"invalid escape \q"),
    "comment-backslash.po": (4, "comment line ending in a backslash"),
    "dangling-comment.po": (7, "comment lines that belong to no entry"),
    "duplicate-msgctxt.po": (12, "same msgid and msgctxt is on line 5"),
    "duplicate-msgid.po": (8, "same msgid is on line 4"),
    "duplicate-obsolete.po": (7, "same msgid is on line 4"),
    "empty.po": (1, "no header entry"),
    "header-line-without-colon.po": (4, "is not 'Key: value'"),
    "header-not-first.po": (1, "first entry must be the header"),
    "inconsistent-obsolete.po": (4, "inconsistent use of #~"),
    "keyword-without-string.po": (4, "msgid must be followed by a string"),
    "latin1-charset.po": (6, "charset=ISO-8859-1"),
    "msgctxt-without-msgid.po": (4, "msgctxt without msgid"),
    "msgid-without-msgstr.po": (4, "msgid without msgstr"),
    "msgstr-without-msgid.po": (5, "msgstr without msgid"),
    "no-content-type.po": (2, "no 'Content-Type: text/plain; charset=UTF-8'"),
    "not-text-plain.po": (4, "Content-Type 'text/html'"),
    "nul-escape.po": (5, r"invalid escape \0"),
    "plural.po": (5, "plural forms (msgid_plural) are not supported"),
    "previous-msgctxt.po": (5, "previous msgctxt"),
    "raw-nul.po": (6, "NUL character"),
    "second-header.po": (7, "header must come first"),
    "string-without-keyword.po": (5, "string without a keyword"),
    "text-after-string.po": (4, "unexpected text after the closing quote"),
    "unknown-keyword.po": (4, "unknown keyword 'msgtxt'"),
    "unterminated-continuation.po": (6, "unterminated string"),
    "unterminated-escaped-quote.po": (4, "unterminated string"),
    "unterminated-string.po": (4, "unterminated string"),
}
UTF8 = ("Content-Type", "text/plain; charset=UTF-8")
HEADER = (
    ("Project-Id-Version", "kharkiv-report"),
    ("Language", "uk"),
    ("MIME-Version", "1.0"),
    UTF8,
    ("Content-Transfer-Encoding", "8bit"),
    (
        "Plural-Forms",
        (
            "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
            "(n%100<10 || n%100>=20) ? 1 : 2);"
        ),
    ),
)


def msgcat(text: str) -> str:
    """What GNU msgcat writes for ``text`` (default page width)."""
    msgcat_bin = shutil.which("msgcat")
    assert msgcat_bin, "GNU gettext's msgcat is needed (apt-get install gettext)"
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder, "in.po"), Path(folder, "out.po")
        source.write_bytes(text.encode("utf-8"))
        # --force-po: without it msgcat writes nothing for a catalogue without entries
        command = [msgcat_bin, "--force-po", "-o", str(target), str(source)]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        return target.read_bytes().decode("utf-8")


def catalog(
    *entries: CatalogEntry, header_fuzzy: bool = False, header_comment: str = ""
) -> CatalogData:
    return CatalogData(HEADER, entries, header_fuzzy=header_fuzzy, header_comment=header_comment)


def without_lines(data: CatalogData) -> CatalogData:
    entries = tuple(dataclasses.replace(e, line=0) for e in data.entries)
    return dataclasses.replace(data, entries=entries)


# --- Hypothesis: random catalogues against msgcat ---------------------------

# Characters whose line-breaking class and width are long settled: no recent
# Unicode additions, no quotation marks (libunistring 1.2 gave them rules of
# their own), so the check does not hinge on the libunistring under gettext.
# The files under data/po add the quotation marks of real articles.
ALPHABET = (
    "abcdefghijklmnopqrstuvwxyzABCXYZ0123456789"
    " .,;:!?-'()[]{}/%$#@&*+=<>|~_`^"
    '"\\\t\n'
    "äöüßéçñ"
    "абвгґдеєжзиіїйклмнопрстуфхцчшщьюяЖЯ"
    "中文字日本語漢字"
    "ひらがなカタカナ"
    "한국어"
    "😀👍🎉🚀"
    "—–…€"
)
WORD = st.text(alphabet=ALPHABET, min_size=1, max_size=12)
LONG_WORD = st.integers(min_value=60, max_value=90).map(lambda n: "x" * n)
URL = st.text(alphabet="abc/-_.?=&", min_size=5, max_size=90).map(
    lambda s: "https://example.com/" + s
)
SEPARATOR = st.sampled_from([" ", " ", " ", "  ", "   ", "\n", " \n", "", "-", "\t"])


@st.composite
def texts(draw: st.DrawFn, max_words: int = 24) -> str:
    words = draw(st.lists(st.one_of(WORD, WORD, WORD, LONG_WORD, URL), max_size=max_words))
    text = "".join(w + draw(SEPARATOR) for w in words)
    if draw(st.booleans()):
        text = " " + text
    return text


@st.composite
def comment_lines(draw: st.DrawFn) -> str:
    # gettext joins a comment line that ends in a backslash with the next one.
    line = draw(texts(max_words=8)).replace("\n", " ")
    return line.rstrip("\\")


PATH = st.text(alphabet="abcdefghij/._-ü", min_size=1, max_size=40).filter(
    lambda p: not p.startswith("./") and not p.endswith("\\")
)
REFERENCE = st.tuples(PATH, st.one_of(st.just(""), st.integers(1, 99999).map(str)))


@st.composite
def entries(draw: st.DrawFn, obsolete: bool) -> CatalogEntry:
    msgid = draw(texts())
    msgstr = draw(texts())
    if obsolete and not msgstr:
        msgstr = "x"  # msgcat drops obsolete entries without a translation
    flags: tuple[str, ...] = ()
    if msgstr and draw(st.booleans()):
        flags += ("fuzzy",)  # gettext writes fuzzy only on a non-empty msgstr
    if draw(st.integers(0, 5)) == 0:
        flags += ("no-wrap",)
    references = tuple(dict.fromkeys(draw(st.lists(REFERENCE, max_size=10))))
    return CatalogEntry(
        msgid=msgid,
        msgstr=msgstr,
        msgctxt=draw(st.one_of(st.none(), texts(max_words=4))),
        flags=flags,
        references=references,
        comments=tuple(draw(st.lists(comment_lines(), max_size=2))),
        tcomment="\n".join(draw(st.lists(comment_lines(), max_size=3))),
        previous_msgid=draw(st.one_of(st.none(), texts())),
        obsolete=obsolete,
    )


@st.composite
def catalogs(draw: st.DrawFn) -> CatalogData:
    live = draw(st.lists(entries(obsolete=False), max_size=12))
    old = draw(st.lists(entries(obsolete=True), max_size=3))
    unique: dict[tuple[str | None, str], CatalogEntry] = {}
    for entry in (*live, *old):
        unique.setdefault((entry.msgctxt, entry.msgid), entry)
    unique.pop((None, ""), None)  # that key is the header's
    extra = draw(st.lists(st.tuples(st.just("X-Note"), comment_lines()), max_size=2))
    return CatalogData(
        header=HEADER + tuple(extra),
        entries=tuple(unique.values()),
        header_fuzzy=draw(st.booleans()),
        header_comment="\n".join(draw(st.lists(comment_lines(), max_size=3))),
    )


@pytest.mark.needs("gettext")
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogs())
def test_random_catalogues_are_what_msgcat_writes(data: CatalogData) -> None:
    text = format_catalog(data)
    assert msgcat(text) == text
    assert without_lines(parse_catalog(text, "random.po")) == data
    assert format_catalog(parse_catalog(text, "random.po")) == text


def unwrapped(data: CatalogData) -> str:
    """The catalogue as an editor writes it with wrapping off: each string on one line."""

    def quoted(value: str) -> str:
        for char, escape in (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\t", "\\t")):
            value = value.replace(char, escape)
        return f'"{value}"'

    lines = [f"# {line}" if line else "#" for line in data.header_comment.split("\n")]
    lines = lines if data.header_comment else []
    header = "".join(f"{k}: {v}\n" for k, v in data.header)
    lines += ["#, fuzzy"] if data.header_fuzzy else []
    lines += ['msgid ""', f"msgstr {quoted(header)}"]
    for e in data.entries:
        mark = "#~ " if e.obsolete else ""
        lines.append("")
        lines += [f"# {line}" if line else "#" for line in e.tcomment.split("\n") if e.tcomment]
        lines += [f"#. {c}" for c in e.comments]
        lines += [f"#: {path}:{n}" if n else f"#: {path}" for path, n in e.references]
        lines += [f"#, {', '.join(e.flags)}"] if e.flags else []
        if e.previous_msgid is not None:
            lines.append(f"#{'~' if e.obsolete else ''}| msgid {quoted(e.previous_msgid)}")
        if e.msgctxt is not None:
            lines.append(f"{mark}msgctxt {quoted(e.msgctxt)}")
        lines += [f"{mark}msgid {quoted(e.msgid)}", f"{mark}msgstr {quoted(e.msgstr)}"]
    return "\n".join(lines) + "\n"


@pytest.mark.needs("gettext")
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogs())
def test_reading_what_msgcat_wrote_gives_it_back(data: CatalogData) -> None:
    written = msgcat(unwrapped(data))
    read = parse_catalog(written, "msgcat.po")
    assert format_catalog(read) == written
    assert without_lines(read) == data


# --- Wrapping, column by column ---------------------------------------------

STRINGS = {
    "fits-71": "a" * 63 + " b" * 4,
    "exactly-72": "a" * 64 + " b" * 4,
    "77-columns": "word " * 15 + "xy",
    "78-columns": "word " * 15 + "xyz",
    "79-columns": "word " * 15 + "wxyz",
    "80-columns": "word " * 16,
    "long-word": "prefix " + "y" * 100 + " suffix",
    "url": "See https://example.com/news/2024/05/02/kharkiv-shelling-overnight-officials.html now",
    "many-spaces": "spaces" + " " * 90 + "end",
    "leading-trailing-spaces": "   " + "lead and trail " * 6 + "   ",
    "cjk": "中文句子测试，包括全角标点符号和非常长的没有空格的文本，它应该在字符之间换行。",
    "cjk-after-latin": "Latin text before the ideographs starts here 中文字日本語漢字中文字日本語漢字",
    "cyrillic": "Російські війська вночі обстріляли околиці Харкова, повідомили в четвер.",
    "emoji": "Emoji count double 😀👍🎉🚀 " * 5,
    "newline-inside": "first line\nsecond line",
    "newline-at-end": "one line that ends with a newline\n",
    "only-newlines": "\n\n",
    "escapes-at-the-edge": "q" * 68 + ' "quoted" \\ back\tslash ' + "z" * 10,
    "hyphenated": "a well-known, state-of-the-art, up-to-date, long-winded example " * 2,
    "parentheses": "the ministry (which did not comment) said (later) that (as usual) " * 2,
    "line-separator-restarts-columns": "ab " * 20 + "\u2028" + "cd " * 20 + "\x85" + "ef " * 20,
    "combining-marks": "e\u0301" * 50 + " " + "a\u0308 " * 30,
    "empty": "",
}


@pytest.mark.needs("gettext")
@pytest.mark.parametrize("text", STRINGS.values(), ids=STRINGS.keys())
def test_strings_wrap_as_msgcat_wraps_them(text: str) -> None:
    entry = CatalogEntry(msgid=text or "x", msgstr=text, previous_msgid=text, flags=("fuzzy",))
    old = dataclasses.replace(entry, msgid=text + " (old)", obsolete=True, msgstr=text + ".")
    written = format_catalog(catalog(entry, old))
    assert msgcat(written) == written


def test_wrap_breaks_after_spaces_and_before_column_79() -> None:
    text = format_catalog(catalog(CatalogEntry(msgid="word " * 16, msgstr="中" * 40)))
    assert text.endswith(
        f'msgid ""\n"{"word " * 15}"\n"word "\nmsgstr ""\n"{"中" * 38}"\n"{"中" * 2}"\n'
    )
    assert max(len(line) for line in text.splitlines() if "word" in line) <= 79


def test_a_string_that_fits_stays_on_the_keyword_line() -> None:
    fits = "a" * 70  # msgid + space + quotes + 70 = 79 columns
    text = format_catalog(catalog(CatalogEntry(msgid=fits, msgstr=fits + " b")))
    assert f'msgid "{fits}"\n' in text
    assert f'msgstr ""\n"{fits} b"\n' in text  # no room after msgstr: new line, no break


@pytest.mark.needs("gettext")
def test_no_wrap_entries_break_only_after_newlines() -> None:
    long = "no wrap " * 20
    entry = CatalogEntry(msgid=long, msgstr=long + "\n" + long, flags=("no-wrap",))
    text = format_catalog(catalog(entry))
    assert f'#, no-wrap\nmsgid "{long}"\nmsgstr ""\n"{long}\\n"\n"{long}"\n' in text
    assert msgcat(text) == text


# --- Comments, references, flags --------------------------------------------


@pytest.mark.needs("gettext")
def test_entry_parts_in_gettext_order() -> None:
    entry = CatalogEntry(
        msgid="Officials did not comment.",
        msgstr="Посадовці не коментували.",
        msgctxt="article",
        flags=("c-format", "fuzzy"),
        references=(("a.md", "1"), ("a.md", "9")),
        comments=("machine translation", ""),
        tcomment="checked\n\nby the desk",
        previous_msgid="Officials did not immediately comment.",
    )
    text = format_catalog(catalog(entry))
    assert text.endswith(
        "\n\n# checked\n#\n# by the desk\n#. machine translation\n#.\n#: a.md:1 a.md:9\n"
        "#, fuzzy, c-format\n"
        '#| msgid "Officials did not immediately comment."\n'
        'msgctxt "article"\n'
        'msgid "Officials did not comment."\n'
        'msgstr "Посадовці не коментували."\n'
    )
    assert msgcat(text) == text


@pytest.mark.needs("gettext")
def test_references_fill_lines_up_to_column_79() -> None:
    refs = tuple((f"article-{n}.md", str(n * 111)) for n in range(1, 12))
    refs += (("very/long/" + "d" * 80 + ".md", "1"), ("ü" * 30 + ".md", "2"), ("b.md", ""))
    text = format_catalog(catalog(CatalogEntry(msgid="a", references=refs)))
    assert "#: article-1.md:111 article-2.md:222 article-3.md:333 article-4.md:444\n" in text
    assert f"\n#: very/long/{'d' * 80}.md:1\n" in text  # too long alone: one line anyway
    assert msgcat(text) == text


def test_references_as_msgcat_normalises_them() -> None:
    refs = (("./a.md", "1"), ("a.md", "1"), ("a.md", "007"), ("b.md", ""))
    text = format_catalog(catalog(CatalogEntry(msgid="a", references=refs)))
    assert "#: a.md:1 a.md:7 b.md\n" in text
    assert parse_catalog(text, "x").entries[0].references == (
        ("a.md", "1"),
        ("a.md", "7"),
        ("b.md", ""),
    )


@pytest.mark.needs("gettext")
def test_flags_as_msgcat_normalises_them() -> None:
    flags = ("python-format", "wrap", "transpipe-x", "possible-c-format", "range: 1..3", "fuzzy")
    assert gettext_flags(flags, "x") == (
        ["fuzzy", "c-format", "python-format", "range: 1..3"],
        True,
    )
    assert gettext_flags(("fuzzy", "no-wrap", "no-c-format", "c-format"), "") == (
        ["c-format", "no-wrap"],
        False,
    )
    entries = (
        CatalogEntry(msgid="a", msgstr="b", flags=flags),
        CatalogEntry(msgid="empty msgstr", flags=("fuzzy",)),
    )
    text = format_catalog(catalog(*entries))
    assert '#, fuzzy, c-format, python-format, range: 1..3\nmsgid "a"' in text
    assert '\n\nmsgid "empty msgstr"' in text
    assert msgcat(text) == text


@pytest.mark.needs("gettext")
def test_obsolete_entries_go_last_and_need_a_translation() -> None:
    entries = (
        CatalogEntry(msgid="old", msgstr="alt", obsolete=True, previous_msgid="older"),
        CatalogEntry(msgid="gone", obsolete=True),
        CatalogEntry(msgid="live", msgstr="lebendig"),
    )
    text = format_catalog(catalog(*entries))
    assert text.endswith(
        '\n\nmsgid "live"\nmsgstr "lebendig"\n\n'
        '#~| msgid "older"\n#~ msgid "old"\n#~ msgstr "alt"\n'
    )
    assert msgcat(text) == text


@pytest.mark.needs("gettext")
def test_control_characters_are_written_raw_except_gettext_escapes() -> None:
    value = "bell\a back\b feed\f cr\r tab\t vt\v esc\x1b del\x7f nel\x85 ls\u2028 end"
    text = format_catalog(catalog(CatalogEntry(msgid=value, msgstr=value)))
    assert 'msgid "bell\\a back\\b feed\\f cr\\r tab\\t vt\\v esc\x1b del\x7f nel\x85' in text
    assert msgcat(text) == text
    assert parse_catalog(text, "x").entries[0].msgid == value


@pytest.mark.needs("gettext")
def test_header_entry() -> None:
    data = catalog(header_fuzzy=True, header_comment="Kharkiv report.\nCopyright.\n")
    text = format_catalog(data)
    assert text.startswith(
        "# Kharkiv report.\n# Copyright.\n#\n#, fuzzy\n"
        'msgid ""\nmsgstr ""\n"Project-Id-Version: kharkiv-report\\n"\n'
    )
    assert '"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && "\n' in text
    assert msgcat(text) == text
    assert parse_catalog(text, "x") == data


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (catalog(CatalogEntry("a"), CatalogEntry("a", "b")), "duplicate entry: msgid 'a'"),
        (catalog(CatalogEntry("", "b")), "header's empty msgid"),
        (catalog(CatalogEntry("a\x00b")), "U+0000"),
        (catalog(CatalogEntry("a", references=(("my file.md", "1"),))), "without whitespace"),
        (catalog(CatalogEntry("a", references=(("a.md", "x"),))), "the line a number"),
        (catalog(CatalogEntry("a", references=(("a.md", ""), (":1", "")))), "read back"),
        (catalog(CatalogEntry("a", tcomment="C:\\")), "ends with a backslash"),
        (CatalogData((UTF8, ("Bad:Key", "v")), ()), "cannot be written as 'Key: value'"),
        (CatalogData((UTF8, ("Key", "two\nlines")), ()), "cannot be written"),
        (CatalogData(header=(), entries=()), "needs 'Content-Type"),
        (
            CatalogData(header=(("Content-Type", "text/plain; charset=CP1252"),), entries=()),
            "CP1252",
        ),
    ],
)
def test_unwritable_data_is_refused(data: CatalogData, words: str) -> None:
    with pytest.raises(ValueError) as info:
        format_catalog(data)
    assert words in str(info.value)


# --- Reading ----------------------------------------------------------------


@pytest.mark.needs("gettext")
@pytest.mark.parametrize("name", ["polib.po", "unwrapped.po", "msgcat-layout.po"])
def test_editor_files_read_and_write_as_msgcat_does(name: str) -> None:
    text = (DATA / name).read_text(encoding="utf-8")
    expected = msgcat(text)
    assert format_catalog(parse_catalog(text, name)) == expected
    assert format_catalog(parse_catalog(expected, name)) == expected


@pytest.mark.needs("gettext")
def test_msgcat_layout_file_is_a_fixed_point() -> None:
    text = (DATA / "msgcat-layout.po").read_text(encoding="utf-8")
    assert msgcat(text) == text
    assert format_catalog(parse_catalog(text, "msgcat-layout.po")) == text


def test_entries_record_their_msgid_line_and_every_part() -> None:
    data = parse_catalog((DATA / "unwrapped.po").read_text(encoding="utf-8"), "unwrapped.po")
    assert data.header_comment.startswith("German edition of the Kharkiv report.\n")
    assert data.meta("Language") == "de" and data.meta("Report-Msgid-Bugs-To") == ""
    assert not data.header_fuzzy
    by_line = {e.line: e for e in data.entries}
    assert sorted(by_line) == [22, 28, 33, 37, 42, 45, 50]
    first = by_line[22]
    assert first.fuzzy and first.comments == ("machine translation: argos translate-en_de 1.9",)
    assert first.references[:2] == (("article.md", "3"), ("article.md", "17"))
    assert by_line[28].tcomment == "Approved by the desk." and by_line[28].approved
    assert by_line[28].msgid.endswith('involved "at least 12" Shahed drones.')
    assert by_line[33].msgctxt == "headline"
    assert by_line[37].msgid.startswith("Line one of a quote.\nLine two")
    assert by_line[42].previous_msgid and by_line[42].previous_msgid.startswith("Officials")
    assert by_line[45].obsolete and by_line[50].obsolete and by_line[50].fuzzy
    assert by_line[50].previous_msgid == "Another old sentence."


def test_every_bad_file_has_an_expectation() -> None:
    assert {p.name for p in BAD} == set(EXPECTED_BAD)


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.name)
def test_syntax_errors_name_the_line(path: Path) -> None:
    line, words = EXPECTED_BAD[path.name]
    with pytest.raises(CatalogError) as info:
        parse_catalog(path.read_text(encoding="utf-8"), str(path))
    assert (info.value.path, info.value.line) == (str(path), line)
    assert words in str(info.value)
    assert str(info.value).startswith(f"{path}:{line}: ")


@pytest.mark.needs("gettext")
def test_crlf_lines_and_unwrapped_strings_are_read() -> None:
    text = (
        'msgid ""\r\nmsgstr "Content-Type: text/plain; charset=utf-8\\n"\r\n\r\n'
        'msgid "a"\r\nmsgstr ""\r\n"b"\r\n'
    )
    data = parse_catalog(text, "crlf.po")
    assert data.entries == (CatalogEntry("a", "b", line=4),)
    assert data.meta("Content-Type") == "text/plain; charset=utf-8"
    comments = "# kept as gettext keeps it\r\n#: a.md:1 b.md:2\r\n#, fuzzy\r\n"
    commented = text.replace('msgid "a"', comments + 'msgid "a"')
    assert format_catalog(parse_catalog(commented, "crlf.po")) == msgcat(commented)


def test_flags_are_read_as_written_and_merged_over_lines() -> None:
    text = format_catalog(catalog()) + (
        '\n#, python-format, fuzzy\n#, range: 1..5, fuzzy\n#! no-wrap\nmsgid "a"\nmsgstr "b"\n'
    )
    (entry,) = parse_catalog(text, "flags.po").entries
    assert entry.flags == ("python-format", "fuzzy", "range: 1..5", "no-wrap")
    assert entry.fuzzy and entry.line == text.split("\n").index('msgid "a"') + 1


@pytest.mark.parametrize(
    ("escaped", "text"),
    [
        (r"\1234", "S4"),  # at most three octal digits: \123 then a plain 4
        (r"\101\102", "AB"),
        (r"\7a", "\x07a"),
        (r"\x41\x4a!", "AJ!"),
        (r"a\tb\nc\\d\"e", 'a\tb\nc\\d"e'),
    ],
)
def test_escapes_are_read_as_gettext_reads_them(escaped: str, text: str) -> None:
    po = f'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "x"\nmsgstr "{escaped}"\n'
    (entry,) = parse_catalog(po, "a.po").entries
    assert entry.msgstr == text
