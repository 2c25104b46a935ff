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

from tests.conftest import TESTS
from transpipe.core.errors import CatalogError
from transpipe.core.model import CatalogData, CatalogEntry
from transpipe.po.reader import parse_catalog
from transpipe.po.writer import format_catalog, gettext_flags

DATA = TESTS / "data" / "po"
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


@pytest.mark.slow
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
        (r"\1", "\x01"),  # the lowest code gettext reads from an escape
        (r"\177\x7f", "\x7f\x7f"),  # the highest: above it a byte that is not UTF-8 text
        (r"\x41\x4a!", "AJ!"),
        (r"a\tb\nc\\d\"e", 'a\tb\nc\\d"e'),
    ],
)
def test_escapes_are_read_as_gettext_reads_them(escaped: str, text: str) -> None:
    po = f'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "x"\nmsgstr "{escaped}"\n'
    (entry,) = parse_catalog(po, "a.po").entries
    assert entry.msgstr == text


# --- Reading: every refusal names its exact line and says how to fix it ------

HEAD = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
FIX = "fix it in a PO editor or check it with `msgfmt -c`"
NO_ENTRY = "comment lines that belong to no entry; remove them or add the entry"
HEADER_COMMENTS = (
    "the header entry can only have translator comments (# ...) and the fuzzy flag; "
    "remove the other comment lines"
)
BAD_ESCAPE = (
    'invalid escape {} in a string (gettext knows \\n \\t \\\\ \\" and a few more); '
    "write \\\\ for a backslash"
)
NUL = "NUL character in the file; remove it (an editor may have saved binary data)"
REFUSED = {
    # gettext's lexer knows only space, tab and line ends around keywords and strings
    "nbsp-before-keyword": (
        HEAD + '\u00a0msgid "a"\nmsgstr "b"\n',
        4,
        "unknown keyword '\\xa0msgid'; " + FIX,
    ),
    "letter-after-string": (
        HEAD + 'msgid "a"X\nmsgstr "b"\n',
        4,
        "unexpected text after the closing quote: 'X'",
    ),
    "letter-before-keyword": (
        HEAD + 'Xmsgid "a"\nmsgstr "b"\n',
        4,
        f"unknown keyword 'Xmsgid'; {FIX}",
    ),
    "number-for-keyword": (HEAD + '1 "a"\n', 4, f"unknown keyword '1'; {FIX}"),
    "number-tab-string": (HEAD + '9\t"a"\n', 4, "unknown keyword '9\\t\"a\"'; " + FIX),
    # a continuation string belongs to the keyword before it, previous (#|) or not
    "string-first": ('"a"\n' + HEAD, 1, f"a string without a keyword before it; {FIX}"),
    "plain-string-after-previous": (
        HEAD + '#| msgid "a"\n"b"\nmsgid "c"\nmsgstr "d"\n',
        5,
        f"a string without a keyword before it; {FIX}",
    ),
    "previous-string-after-msgid": (
        HEAD + 'msgid "a"\n#| "b"\nmsgstr "d"\n',
        5,
        f"a string without a keyword before it; {FIX}",
    ),
    "obsolete-continuation": (
        HEAD + 'msgid "a"\n#~ "b"\nmsgstr "d"\n',
        5,
        f"inconsistent use of #~ within an entry; {FIX}",
    ),
    "live-msgstr-of-obsolete-msgid": (
        HEAD + '#~ msgid "a"\nmsgstr "d"\n',
        5,
        f"inconsistent use of #~ within an entry; {FIX}",
    ),
    "comment-ending-in-backslash": (
        HEAD + '# C:\\\nmsgid "a"\nmsgstr "b"\n',
        4,
        (
            "a comment line ending in a backslash, which gettext joins with the next line; "
            "remove the backslash or add a character after it"
        ),
    ),
    "msgstr-after-msgctxt": (
        HEAD + 'msgctxt "c"\nmsgstr "b"\n',
        4,
        f"msgctxt without msgid; {FIX}",
    ),
    "msgstr-after-a-comment": (HEAD + '#. x\nmsgstr "b"\n', 5, f"msgstr without msgid; {FIX}"),
    "second-msgstr": (
        HEAD + 'msgid "a"\nmsgstr "b"\nmsgstr "c"\n',
        6,
        f"a second msgstr for one msgid; {FIX}",
    ),
    "second-previous-msgid": (
        HEAD + '#| msgid "a"\n#| msgid "b"\nmsgid "c"\nmsgstr "d"\n',
        5,
        f"a second previous msgid for one entry; {FIX}",
    ),
    "plural-msgstr": (
        HEAD + 'msgid "a"\nmsgstr[0] "b"\n',
        5,
        "plural forms (msgstr[0]) are not supported in transpipe catalogues; remove the plural entry",
    ),
    "words-for-keyword": (HEAD + '1 2 "a"\n', 4, f"unknown keyword '1'; {FIX}"),
    # strings: closed on their line, escapes as gettext knows them, UTF-8 text only
    "unterminated": (HEAD + 'msgid "a\n', 4, 'unterminated string: add the closing "'),
    "unterminated-after-backslash": (
        HEAD + 'msgid "a\\',
        4,
        'unterminated string: add the closing "',
    ),
    "unknown-escape": (HEAD + 'msgid "\\q"\n', 4, BAD_ESCAPE.format("\\q")),
    "unknown-escape-before-a-hex-digit": (HEAD + 'msgid "\\q1"\n', 4, BAD_ESCAPE.format("\\q")),
    "octal-nul": (HEAD + 'msgid "\\000"\n', 4, BAD_ESCAPE.format("\\000")),
    "hex-nul": (HEAD + 'msgid "\\x0"\n', 4, BAD_ESCAPE.format("\\x0")),
    "octal-byte-above-ascii": (HEAD + 'msgid "\\200"\n', 4, BAD_ESCAPE.format("\\200")),
    "hex-byte-above-ascii": (HEAD + 'msgid "\\x80"\n', 4, BAD_ESCAPE.format("\\x80")),
    "obsolete-previous-of-a-live-msgid": (
        HEAD + '#~| msgid "a"\nmsgid "b"\nmsgstr "c"\n',
        4,
        f"inconsistent use of #~ within an entry; {FIX}",
    ),
    # the file as a whole: UTF-8 without BOM, no NUL, a header entry
    "byte-order-mark": (
        "\ufeff" + HEAD,
        1,
        "the file starts with a byte order mark; save it as UTF-8 without BOM",
    ),
    "empty-file": (
        "",
        1,
        (
            'the catalogue has no header entry (msgid "" with the catalogue\'s metadata); '
            "add one or re-create the file with transpipe"
        ),
    ),
    "nul-first": ("\0" + HEAD, 1, NUL),
    "first-of-two-nuls": ("\n" + HEAD + '# \0\nmsgid "a\0"\nmsgstr "b"\n', 5, NUL),
    # comments come before msgctxt, never between it and the msgid
    "comment-after-msgctxt": (
        HEAD + 'msgctxt "c"\n# note\nmsgid "a"\nmsgstr "b"\n',
        5,
        f"comment lines between msgctxt and msgid; {FIX}",
    ),
    "reference-after-msgctxt": (
        HEAD + 'msgctxt "c"\n#: a.md:1\nmsgid "a"\nmsgstr "b"\n',
        5,
        f"comment lines between msgctxt and msgid; {FIX}",
    ),
    "previous-msgid-after-msgctxt": (
        HEAD + 'msgctxt "c"\n#| msgid "a"\nmsgid "b"\nmsgstr "d"\n',
        5,
        f"comment lines between msgctxt and msgid; {FIX}",
    ),
    "msgctxt-at-end": (HEAD + 'msgctxt "c"\n', 4, f"msgctxt without msgid; {FIX}"),
    "msgctxt-twice": (
        HEAD + 'msgctxt "c"\nmsgctxt "d"\nmsgid "a"\nmsgstr "b"\n',
        4,
        f"msgctxt without msgid; {FIX}",
    ),
    "msgid-at-end": (HEAD + 'msgid "a"\n', 4, f"msgid without msgstr; {FIX}"),
    # each kind of comment alone, with no entry after it
    "previous-msgid-at-end": (HEAD + '#| msgid "a"\n', 4, NO_ENTRY),
    "translator-comment-at-end": (HEAD + "# a\n", 4, NO_ENTRY),
    "extracted-comment-at-end": (HEAD + "\n#. a\n", 5, NO_ENTRY),
    "reference-at-end": (HEAD + "#: a.md\n", 4, NO_ENTRY),
    "flag-at-end": (HEAD + "#, fuzzy\n", 4, NO_ENTRY),
    # the header: first, once, live, with only translator comments and fuzzy
    "header-twice-in-a-row": (
        HEAD + HEAD,
        4,
        'a header entry (msgid "") after other entries: the header must come first and only once',
    ),
    "no-header": (
        'msgid "a"\nmsgstr "b"\n',
        1,
        'the first entry must be the header (msgid "" with the catalogue\'s metadata)',
    ),
    "obsolete-header": (
        '#~ msgid ""\n#~ msgstr "Content-Type: text/plain; charset=UTF-8\\n"\n',
        1,
        'the header entry (msgid "") must not be obsolete',
    ),
    "header-extracted-comment": ("# c\n#. x\n" + HEAD, 1, HEADER_COMMENTS),
    "header-reference": ("# c\n#: a.md:1\n" + HEAD, 1, HEADER_COMMENTS),
    "header-previous-msgid": ('\n#| msgid "x"\n' + HEAD, 2, HEADER_COMMENTS),
    "header-format-flag": (
        "#, fuzzy, c-format\n" + HEAD,
        1,
        "the header entry can only have the fuzzy flag; remove the others",
    ),
    "header-empty-line-at-end": (
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n\\n"\n',
        2,
        "an empty line in the header; remove it",
    ),
    "header-empty-line-inside": (
        'msgid ""\nmsgstr ""\n"A: 1\\n"\n"\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n',
        4,
        "an empty line in the header; remove it",
    ),
    "header-field-on-its-line": (
        'msgid ""\nmsgstr ""\n"A: 1\\n"\n"B 2\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n',
        4,
        "header line 'B 2' is not 'Key: value'",
    ),
    "header-field-over-two-lines": (
        'msgid ""\nmsgstr ""\n"A: 1\\n"\n"B"\n" 2\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n',
        4,
        "header line 'B 2' is not 'Key: value'",
    ),
    "header-key-with-space": (
        'msgid ""\nmsgstr ""\n"A : 1\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n',
        3,
        "header line 'A : 1' is not 'Key: value'",
    ),
    "header-empty-key": (
        'msgid ""\nmsgstr ""\n": 1\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n',
        3,
        "header line ': 1' is not 'Key: value'",
    ),
    "header-without-content-type": (
        'msgid ""\nmsgstr ""\n"A: 1\\n"\n',
        2,
        "the header has no 'Content-Type: text/plain; charset=UTF-8'; add it",
    ),
    "header-latin1": (
        'msgid ""\nmsgstr ""\n"A: 1\\n"\n"Content-Type: text/plain; charset=ISO-8859-1\\n"\n',
        4,
        (
            "Content-Type 'text/plain; charset=ISO-8859-1': transpipe reads UTF-8 catalogues only; "
            "convert the file (msgconv -t UTF-8) and set 'text/plain; charset=UTF-8'"
        ),
    ),
}


@pytest.mark.parametrize(("text", "line", "message"), REFUSED.values(), ids=REFUSED.keys())
def test_refusals_name_the_line_and_the_fix(text: str, line: int, message: str) -> None:
    with pytest.raises(CatalogError) as info:
        parse_catalog(text, "t.po")
    assert (info.value.line, str(info.value)) == (line, f"t.po:{line}: {message}")


@pytest.mark.needs("gettext")
def test_msgfmt_refuses_what_the_reader_refuses_as_syntax() -> None:
    # the cases above that are PO syntax errors (not transpipe's own limits) fail msgfmt too
    names = [
        "nbsp-before-keyword",
        "letter-after-string",
        "letter-before-keyword",
        "number-for-keyword",
        "plain-string-after-previous",
        "previous-string-after-msgid",
        "obsolete-continuation",
        "live-msgstr-of-obsolete-msgid",
        "msgctxt-at-end",
        "msgid-at-end",
        "previous-msgid-at-end",
        "second-msgstr",
        "obsolete-previous-of-a-live-msgid",
        "previous-msgid-after-msgctxt",
        "second-previous-msgid",
        "msgstr-after-a-comment",
        "unknown-escape-before-a-hex-digit",
    ]
    msgfmt = shutil.which("msgfmt")
    assert msgfmt
    with tempfile.TemporaryDirectory() as folder:
        for name in names:
            source = Path(folder, f"{name}.po")
            source.write_bytes(REFUSED[name][0].encode("utf-8"))
            command = [msgfmt, "-c", "-o", "/dev/null", str(source)]
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            assert done.returncode != 0, name


@pytest.mark.needs("gettext")
def test_comment_marks_without_a_space_are_read_as_msgcat_reads_them() -> None:
    text = HEAD + (
        "#x\n#  indented\n#.x\n#.  two spaces\n#:a.md:1 b.md\n#,fuzzy,c-format\n"
        'msgid\t"a"\nmsgstr"b"\n'
    )
    (entry,) = parse_catalog(text, "t.po").entries
    assert entry == CatalogEntry(
        msgid="a",
        msgstr="b",
        flags=("fuzzy", "c-format"),
        references=(("a.md", "1"), ("b.md", "")),
        comments=("x", " two spaces"),
        tcomment="x\n indented",
        line=10,
    )
    assert format_catalog(parse_catalog(text, "t.po")) == msgcat(text)


# --- Line breaking: the UAX #14 rules libunistring adds to pair lookup -------

RI = "\U0001f1fa\U0001f1e6"  # a flag: two regional indicators
BREAK_RULES = {
    # LB30a: regional indicators pair up; a break only between pairs (each counts 1 column)
    "flags": RI * 45,
    "flags-after-a-letter": "a" + RI * 45,
    "flags-after-a-space": "x " + RI * 45,
    "lone-regional-indicator": "a" * 40 + "\U0001f1fa" + "b" * 40,
    "three-regional-indicators": "a" * 40 + RI + "\U0001f1ea" + "b" * 40,
    # LB8: a break after a zero width space, even before spaces (LB7 keeps it off before)
    "zero-width-space": "a" * 40 + "\u200b" + "b" * 40,
    "zero-width-space-then-space": "b" * 77 + "\u200b " + "c" * 10,
    # LB8a: no break after a zero width joiner
    "zero-width-joiner": "a" * 40 + "\u200d" + "b" * 40,
    "emoji-zwj-sequence": "x" * 74 + " \U0001f468\u200d\U0001f469\u200d\U0001f467" + "y" * 5,
    "ideographs-joined": "中" * 30 + "\u200d中" + "中" * 10,
    # LB9/LB10: a combining mark joins the character before it, or is a letter after a
    # space, a zero width space or at the start of a line
    "mark-at-the-start": "\u0301" + "a" * 100,
    "mark-after-a-space": "a" * 40 + " \u0301" + "b" * 40,
    "mark-after-a-line-separator": "ab " * 20 + "\u2028" + "\u0301" + "c" * 90,
    "mark-after-a-zero-width-space": "a" * 40 + "\u200b\u0301" + "b" * 40,
    # LB21a: no break after the hyphen of a Hebrew letter and hyphen
    "hebrew-hyphen": "א" * 40 + "-" + "ב" * 40,
    "hebrew-then-ideographs": "א" * 40 + "中" * 30,
    "hebrew-space": "א" * 40 + " " + "ב" * 40,
}


@pytest.mark.needs("gettext")
def test_break_rules_beyond_the_pair_table_as_msgcat_applies_them() -> None:
    entries = [CatalogEntry(msgid=text, msgctxt=name) for name, text in BREAK_RULES.items()]
    text = format_catalog(catalog(*entries))
    assert msgcat(text) == text


def test_a_no_break_space_after_the_closing_quote_is_refused() -> None:
    # gettext's lexer skips only ASCII white space there (msgfmt: syntax error)
    with pytest.raises(CatalogError) as info:
        parse_catalog(HEAD + 'msgid "a"\u00a0\nmsgstr "b"\n', "t.po")
    assert str(info.value).startswith("t.po:4: unexpected text after the closing quote")


@pytest.mark.needs("gettext")
def test_reference_and_previous_forms_are_read_as_msgcat_reads_them() -> None:
    # "path: 12" and "path :7" are line numbers; "path:" alone is a path; "#|msgid" needs no space
    text = HEAD + (
        "#: a.md: 12 b.md :7 c.md:  3 d.md: e.md:\n#: f.md:1 \n"
        'msgid "a"\nmsgstr "b"\n\n#~|msgid "old"\n#~ msgid "c"\n#~ msgstr "d"\n\n'
        '#|msgid "prev"\nmsgid "e"\nmsgstr "f"\n'
    )
    refs = (
        ("a.md", "12"),
        ("b.md", "7"),
        ("c.md", "3"),
        ("d.md:", ""),
        ("e.md:", ""),
        ("f.md", "1"),
    )
    assert parse_catalog(text, "t.po").entries == (
        CatalogEntry("a", "b", references=refs, line=6),
        CatalogEntry("c", "d", previous_msgid="old", obsolete=True, line=10),
        CatalogEntry("e", "f", previous_msgid="prev", line=14),
    )
    assert format_catalog(parse_catalog(text, "t.po")) == msgcat(text)


@pytest.mark.needs("gettext")
def test_reference_words_without_a_line_number_are_paths() -> None:
    # a number after a space is a path of its own; so is a word that starts with the colon
    text = HEAD + (
        '#: a.md 12\nmsgid "a"\nmsgstr "b"\n\n#:12\nmsgid "c"\nmsgstr "d"\n\n'
        '#: :7\nmsgid "e"\nmsgstr "f"\n'
    )
    entries = parse_catalog(text, "t.po").entries
    assert [e.references for e in entries] == [
        (("a.md", ""), ("12", "")),
        (("12", ""),),
        ((":7", ""),),
    ]
    assert format_catalog(parse_catalog(text, "t.po")) == msgcat(text)


@pytest.mark.needs("gettext")
def test_the_last_of_wrap_and_no_wrap_wins_and_a_bare_range_is_dropped() -> None:
    assert gettext_flags(("no-wrap", "wrap"), "b") == ([], True)
    assert gettext_flags(("wrap", "no-wrap", "c-format"), "d") == (["c-format", "no-wrap"], False)
    assert gettext_flags(("fuzzy", "range:"), "f") == (["fuzzy"], True)
    text = HEAD + (
        '#, no-wrap, wrap\nmsgid "a"\nmsgstr "b"\n\n#, wrap, no-wrap, c-format\nmsgid "c"\n'
        'msgstr "d"\n\n#, fuzzy, range:\nmsgid "e"\nmsgstr "f"\n'
    )
    assert format_catalog(parse_catalog(text, "t.po")) == msgcat(text)


REF_RULE = (
    "cannot be written: the path must be non-empty, without whitespace and not end in a "
    "backslash; the line a number or empty"
)
NEEDS_UTF8 = "the header needs 'Content-Type: text/plain; charset=UTF-8'"
LATIN1 = ("Content-Type", "text/plain; charset=ISO-8859-1")
UNWRITABLE = {
    "duplicate-with-context": (
        catalog(CatalogEntry("a", msgctxt="c"), CatalogEntry("a", "b", msgctxt="c")),
        "duplicate entry: msgid 'a' (msgctxt 'c') occurs twice",
    ),
    "duplicate-live-and-obsolete": (
        catalog(CatalogEntry("a", "x", obsolete=True), CatalogEntry("a", "b")),
        "duplicate entry: msgid 'a' occurs twice",
    ),
    "header-entry-twice": (
        catalog(CatalogEntry("", "b")),
        "duplicate entry: the header's empty msgid occurs twice",
    ),
    "empty-key": (
        CatalogData((UTF8, ("", "v")), ()),
        "header field '': 'v' cannot be written as 'Key: value'",
    ),
    "key-with-leading-space": (
        CatalogData((UTF8, (" Key", "v")), ()),
        "header field ' Key': 'v' cannot be written as 'Key: value'",
    ),
    "key-with-trailing-space": (
        CatalogData((UTF8, ("Key ", "v")), ()),
        "header field 'Key ': 'v' cannot be written as 'Key: value'",
    ),
    "key-with-newline": (
        CatalogData((UTF8, ("Ke\ny", "v")), ()),
        "header field 'Ke\\ny': 'v' cannot be written as 'Key: value'",
    ),
    # gettext takes the charset of the first Content-Type
    "first-content-type-latin1": (
        CatalogData((LATIN1, UTF8), ()),
        f"{NEEDS_UTF8}, not 'ISO-8859-1'",
    ),
    "content-type-with-parameter": (
        CatalogData((("Content-Type", "text/plain; charset=UTF-8; x=y"),), ()),
        f"{NEEDS_UTF8}, not 'text/plain; charset=UTF-8; x=y'",
    ),
    "not-text-plain": (
        CatalogData((("Content-Type", "text/html; charset=UTF-8"),), ()),
        f"{NEEDS_UTF8}, not 'text/html; charset=UTF-8'",
    ),
    "lower-case-key": (
        CatalogData((("content-type", "text/plain; charset=UTF-8"),), ()),
        NEEDS_UTF8,
    ),
    "lone-surrogate": (
        CatalogData((UTF8, ("X", "a\ud800")), ()),
        "'Content-Type: text/plain; charset=UTF-8\\nX: a\\ud800\\n' holds U+D800, which a PO file cannot hold",
    ),
    "nul-in-msgctxt": (
        catalog(CatalogEntry("a", msgctxt="\0")),
        "'\\x00' holds U+0000, which a PO file cannot hold",
    ),
    "backslash-line-in-translator-comment": (
        catalog(CatalogEntry("a", tcomment="x\\\ny")),
        "comment line 'x\\\\' ends with a backslash, which gettext joins with the next line",
    ),
    "backslash-in-extracted-comment": (
        catalog(CatalogEntry("a", comments=("x\\",))),
        "comment line 'x\\\\' ends with a backslash, which gettext joins with the next line",
    ),
    "backslash-in-header-comment": (
        CatalogData(HEADER, (), header_comment="c:\\"),
        "comment line 'c:\\\\' ends with a backslash, which gettext joins with the next line",
    ),
    "empty-path": (catalog(CatalogEntry("a", references=(("", "1"),))), f"reference :1 {REF_RULE}"),
    "tab-in-path": (
        catalog(CatalogEntry("a", references=(("a\tb", "1"),))),
        f"reference a\tb:1 {REF_RULE}",
    ),
    "path-ending-in-backslash": (
        catalog(CatalogEntry("a", references=(("a\\", "1"),))),
        f"reference a\\:1 {REF_RULE}",
    ),
    "negative-line": (
        catalog(CatalogEntry("a", references=(("a", "-1"),))),
        f"reference a:-1 {REF_RULE}",
    ),
    "line-with-space": (
        catalog(CatalogEntry("a", references=(("a", "1 "),))),
        f"reference a:1  {REF_RULE}",
    ),
    "path-that-reads-as-a-line": (
        catalog(CatalogEntry("a", references=(("a.md:3", ""),))),
        "references 'a.md:3' would read back as other paths or lines",
    ),
    "second-path-that-reads-as-a-line": (
        catalog(CatalogEntry("a", references=(("a.md", ""), ("b.md:3", "")))),
        "references 'a.md b.md:3' would read back as other paths or lines",
    ),
    "path-that-is-only-dot-slash": (
        catalog(CatalogEntry("a", references=(("./", "1"),))),
        "references ':1' would read back as other paths or lines",
    ),
}


@pytest.mark.parametrize(("data", "message"), UNWRITABLE.values(), ids=UNWRITABLE.keys())
def test_unwritable_data_is_refused_with_the_reason(data: CatalogData, message: str) -> None:
    with pytest.raises(ValueError) as info:
        format_catalog(data)
    assert str(info.value) == message


@pytest.mark.parametrize(
    "content_type",
    ["text/plain;charset=utf-8", "TEXT/PLAIN;  Charset=Utf-8 ", "text/plain; charset=UTF-8"],
)
def test_the_charset_is_matched_as_gettext_matches_it(content_type: str) -> None:
    # case-insensitive, any spaces after the semicolon; a later Content-Type does not count
    data = CatalogData((("Content-Type", content_type), LATIN1), (CatalogEntry("a", "b"),))
    assert without_lines(parse_catalog(format_catalog(data), "t.po")) == data


def _layout_entries() -> list[CatalogEntry]:
    """Entries whose lines end exactly at, or one column past, each width msgcat uses."""
    out: list[CatalogEntry] = []
    for n in (68, 69, 70, 71, 72, 76, 77, 78):
        words = "w" * (n - 9) + " tail end"  # a break opportunity 8 columns before the end
        out.append(CatalogEntry(msgid=f"{n}a{words}", msgstr=words, msgctxt=f"{n}{words}"))
        out.append(CatalogEntry(msgid=f"{n}b{words}", msgstr="x", previous_msgid=words))
        out.append(
            CatalogEntry(msgid=f"{n}c{words}", msgstr=words, previous_msgid=words, obsolete=True)
        )
        out.append(CatalogEntry(msgid=f"{n}d" + "q" * n + '\\"', msgstr="r" * n + "\n"))
    refs = tuple((f"{'p' * n}.md", "12") for n in (20, 21, 22, 23, 24, 25, 70, 71, 72, 73))
    out.append(CatalogEntry(msgid="references", references=refs))
    out.append(CatalogEntry(msgid="newlines", msgstr="\n\nmiddle\n\n" + "end " * 30 + "\n"))
    out.append(
        CatalogEntry(msgid="no-wrap", msgstr="x " * 50 + "\n" + "y " * 50, flags=("no-wrap",))
    )
    return [e for e in out if not e.obsolete] + [e for e in out if e.obsolete]  # msgcat's order


@pytest.mark.needs("gettext")
def test_lines_at_every_width_edge_are_what_msgcat_writes() -> None:
    text = format_catalog(catalog(*_layout_entries()))
    assert msgcat(text) == text
    assert without_lines(parse_catalog(text, "t.po")) == catalog(*_layout_entries())


@pytest.mark.needs("gettext")
def test_a_line_after_a_break_or_line_separator_fills_all_77_columns() -> None:
    # column counting restarts at 0 after a break and after U+2028 (libunistring)
    after_break = "a" * 70 + " " + "b" * 10 + " " + "c" * 66  # second line: 77 columns
    after_separator = "x" * 5 + "\u2028" + "a" * 70 + " " + "b" * 6
    entries = [
        CatalogEntry(msgid=after_break, msgstr=after_break + "c"),
        CatalogEntry(msgid=after_separator),
    ]
    text = format_catalog(catalog(*entries))
    assert f'msgid ""\n"{"a" * 70} "\n"{"b" * 10} {"c" * 66}"\nmsgstr ""\n' in text
    assert f'msgid "{"x" * 5}\u2028{"a" * 70} {"b" * 6}"\nmsgstr ""\n' in text
    assert msgcat(text) == text


@pytest.mark.needs("gettext")
def test_range_and_format_flags_as_msgcat_keeps_them() -> None:
    # a range needs min <= max; impossible-X-format cancels X-format; unknown words are dropped
    assert gettext_flags(("range: 5..1", "c-format"), "b") == (["c-format"], True)
    assert gettext_flags(("range: 3..3", "fuzzy"), "d") == (["fuzzy", "range: 3..3"], True)
    assert gettext_flags(("fuzzy", "range: 1..2", "c-format"), "d") == (
        ["fuzzy", "c-format", "range: 1..2"],
        True,
    )
    assert gettext_flags(("range: x", "no-python-format"), "f") == (["no-python-format"], True)
    flags = ("c-format", "impossible-c-format", "ab-c-format", "no-java-format")
    assert gettext_flags(flags, "h") == (["no-java-format"], True)
    text = HEAD + (
        '#, range: 5..1, c-format\nmsgid "a"\nmsgstr "b"\n\n#, range: 3..3, fuzzy\nmsgid "c"\n'
        'msgstr "d"\n\n#, range: x, no-python-format\nmsgid "e"\nmsgstr "f"\n\n'
        f'#, {", ".join(flags)}\nmsgid "g"\nmsgstr "h"\n'
    )
    assert format_catalog(parse_catalog(text, "t.po")) == msgcat(text)


@pytest.mark.needs("gettext")
def test_raw_control_characters_take_no_column() -> None:
    fits = "\x01" * 10 + "a" * 66 + " " + "b" * 3  # 70 columns: stays after msgid
    text = format_catalog(catalog(CatalogEntry(msgid=fits)))
    assert f'\nmsgid "{fits}"\n' in text
    assert msgcat(text) == text


@pytest.mark.needs("gettext")
def test_references_fill_exactly_79_columns_and_a_long_first_one_stays_on_its_line() -> None:
    a, b = "a" * 35 + ":1", "b" * 36 + ":2"  # "#:" + " " + a + " " + b is 79 columns
    c, d = "c" * 35 + ":3", "d" * 36 + ":4"
    refs = tuple((text[:-2], text[-1]) for text in (a, b, c, d))
    long = ("l" * 90, "5")
    text = format_catalog(
        catalog(CatalogEntry("a", references=refs), CatalogEntry("b", references=(long,)))
    )
    assert f"\n#: {a} {b}\n#: {c} {d}\nmsgid" in text
    assert f'\n\n#: {"l" * 90}:5\nmsgid "b"' in text
    assert msgcat(text) == text
