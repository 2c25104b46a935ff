"""Regenerate src/transpipe/text/unicode_tables.py from libunistring 1.0 (deterministic).

Run: python tests/tools/make_unicode_tables.py [OUTPUT]   (default: the module itself)

GNU gettext 0.21 breaks the lines of a PO file with libunistring 1.0 (Unicode
14.0.0), and the PO writer must break them at the same places.  The classes
libunistring uses are LineBreak.txt's with refinements of its own (OP and CP
split by East Asian width, ID1 and ID2 for pictographs not yet assigned, CJ as
NS, NL as BK), and Python's unicodedata has no Line_Break property, so this
reads everything from the library itself, which gettext depends on (Debian
12's libunistring2):

- the class of each code point, from its three-level table ``unilbrkprop``,
  with the classes it resolves at run time in UTF-8 text resolved here (AI,
  SA and XX as AL, CB as ID1);
- the break rule between two classes, from its pair table ``unilbrk_table``;
- the column width of each code point, from ``uc_width(c, "UTF-8")``.

Both data tables are internal, so their layout is that of libunistring 1.0
exactly; any other version is refused rather than misread.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

TARGET = Path(__file__).resolve().parents[2] / "src" / "transpipe" / "text" / "unicode_tables.py"
COMMAND = "python tests/tools/make_unicode_tables.py"
VERSION = 0x010000  # libunistring 1.0, which implements Unicode 14.0.0
UNICODE = "14.0.0"
LAST = 0x10FFFF

# libunistring 1.0's classes (lbrktables.h), in its numbering: 0..32 index the pair
# table, 33..38 the algorithm handles itself, 39..42 it resolves before breaking.
CLASSES = (
    ("WJ", "word joiner"),
    ("GL", "non-breaking glue"),
    ("B2", "break opportunity before and after (em dash)"),
    ("BA", "break opportunity after"),
    ("BB", "break opportunity before"),
    ("HY", "hyphen"),
    ("CL", "closing punctuation"),
    ("CP1", "closing parenthesis"),
    ("CP2", "closing parenthesis, East Asian"),
    ("EX", "exclamation or interrogation"),
    ("IN", "inseparable"),
    ("NS", "non-starter (and CJ, conditional Japanese starter)"),
    ("OP1", "opening punctuation"),
    ("OP2", "opening punctuation, East Asian"),
    ("QU", "ambiguous quotation"),
    ("IS", "infix numeric separator"),
    ("NU", "numeric"),
    ("PO", "postfix numeric"),
    ("PR", "prefix numeric"),
    ("SY", "symbol allowing a break after"),
    ("AL", "alphabetic and most symbols (and AI, SA, XX: ambiguous, complex, unknown)"),
    ("H2", "Hangul LV syllable"),
    ("H3", "Hangul LVT syllable"),
    ("ID1", "ideographic (and CB, contingent break)"),
    ("ID2", "ideographic: a pictograph not yet assigned"),
    ("JL", "Hangul L jamo"),
    ("JV", "Hangul V jamo"),
    ("JT", "Hangul T jamo"),
    ("HL", "Hebrew letter"),
    ("RI", "regional indicator"),
    ("ZWJ", "zero width joiner"),
    ("EB", "emoji base"),
    ("EM", "emoji modifier"),
    ("BK", "mandatory break (and NL, next line)"),
    ("CR", "carriage return"),
    ("LF", "line feed"),
    ("CM", "combining mark"),
    ("ZW", "zero width space"),
    ("SP", "space"),
)
PAIRED = 33  # classes 0..32 have a row and a column in the pair table
RESOLVED = {39: 23, 40: 20, 41: 20, 42: 20}  # CB -> ID1; AI, SA, XX -> AL
RULES = {1: "D", 2: "I", 3: "P"}  # direct, indirect (after spaces only), prohibited

# the layout of unilbrkprop in libunistring 1.0 (lbrkprop1.h): three levels, the
# first indexed by c >> 16, the second by (c >> 7) & 511, the third by c & 127
LEVEL1, LEVEL2, LEVEL3 = 15, 512, 128


def find_libunistring() -> ctypes.CDLL | None:
    """libunistring 1.0 loaded, or None where it is missing or another version."""
    name = ctypes.util.find_library("unistring")
    if name is None:
        return None
    try:
        library = ctypes.CDLL(name)
        version = ctypes.c_int.in_dll(library, "_libunistring_version").value
    except (OSError, ValueError):
        return None
    return library if version == VERSION else None


def line_break_classes(library: ctypes.CDLL) -> list[int]:
    """The class of every code point, resolved as for UTF-8 text."""
    base = ctypes.addressof(ctypes.c_char.in_dll(library, "libunistring_unilbrkprop"))
    level1 = list((ctypes.c_int * LEVEL1).from_address(base))
    size2 = max(level1) + LEVEL2
    level2 = list((ctypes.c_int * size2).from_address(base + 4 * LEVEL1))
    size3 = max(level2) + LEVEL3
    level3 = bytes((ctypes.c_ubyte * size3).from_address(base + 4 * (LEVEL1 + size2)))
    unknown = 42  # XX: what libunistring answers outside the table
    classes = []
    for code in range(LAST + 1):
        value = unknown
        if code >> 16 < LEVEL1 and (first := level1[code >> 16]) >= 0:
            second = level2[first + ((code >> 7) & (LEVEL2 - 1))]
            if second >= 0:
                value = level3[second + (code & (LEVEL3 - 1))]
        classes.append(RESOLVED.get(value, value))
    return classes


def pair_rules(library: ctypes.CDLL) -> list[str]:
    """The pair table's rows: ``rows[before][after]`` is D, I or P."""
    table = (ctypes.c_ubyte * (PAIRED * PAIRED)).in_dll(library, "libunistring_unilbrk_table")
    cells = "".join(RULES[cell] for cell in bytes(table))
    return [cells[row : row + PAIRED] for row in range(0, len(cells), PAIRED)]


def widths(library: ctypes.CDLL) -> list[int]:
    """The column width of every code point in UTF-8 text (-1 for control characters)."""
    uc_width = library.uc_width
    uc_width.argtypes = [ctypes.c_uint32, ctypes.c_char_p]
    uc_width.restype = ctypes.c_int
    return [uc_width(code, b"UTF-8") for code in range(LAST + 1)]


def _check(classes: Sequence[int], rules: Sequence[str]) -> None:
    """Refuse tables that a wrong layout would have produced."""
    names = {name: number for number, (name, _) in enumerate(CLASSES)}
    expected = {"A": "AL", " ": "SP", "\n": "LF", "\r": "CR", "-": "HY", "\u0301": "CM"}
    expected |= {"\u200b": "ZW", "\u200d": "ZWJ", "\u05d0": "HL", "\u4e00": "ID1", "9": "NU"}
    wrong = [c for c, name in expected.items() if classes[ord(c)] != names[name]]
    if wrong or not set(classes) <= set(range(len(CLASSES))) or len(rules) != PAIRED:
        raise SystemExit(f"libunistring's tables read wrongly (U+{ord(wrong[0]):04X}...)")


def _runs(values: Sequence[int]) -> list[tuple[int, int]]:
    """``(first code point, value)`` of each run of equal values."""
    starts = [code for code in range(len(values)) if not code or values[code - 1] != values[code]]
    return [(code, values[code]) for code in starts]


def _rows(items: Iterable[str], indent: str = "    ", width: int = 99) -> list[str]:
    """``items`` two spaces apart, in lines of at most ``width`` columns."""
    lines: list[str] = []
    line = ""
    for item in items:
        if line and len(indent) + len(line) + 2 + len(item) > width:
            lines.append(indent + line)
            line = ""
        line = f"{line}  {item}" if line else item
    if line:
        lines.append(indent + line)
    return lines


def render(classes: Sequence[int], rules: Sequence[str], columns: Sequence[int]) -> str:
    """The text of the tables module."""
    names = [name for name, _ in CLASSES]
    source = f"libunistring 1.0 (Unicode {UNICODE})"
    out = [
        '"""Line-breaking classes and column widths of every code point, as gettext 0.21 has them.',
        "",
        f"GNU gettext 0.21 breaks the lines of PO files with {source}, and",
        ":mod:`transpipe.text.linebreak` breaks them where it does with these tables.",
        "Generated: do not edit, change the generator and run it again (the test",
        "``tests/text/test_unicode_tables.py`` fails while the two differ).",
        "",
        ":data:`LINE_BREAK` and :data:`WIDTH` are runs of equal values, flat: the first",
        "code point of a run, then its value, and so on; each value holds up to the",
        "next run's first code point, the last one up to U+10FFFF.  (Pairs would read",
        "the same but take three times as long to import.)",
        '"""',
        "",
        f"# Generated by `{COMMAND}` from {source}.",
        "",
        "# Line-breaking classes, numbered as libunistring numbers them: 0..32 index PAIRS,",
        "# transpipe.text.linebreak handles BK..SP itself.  libunistring resolves the classes",
        "# in parentheses when it breaks UTF-8 text, and so do these tables.",
    ]
    out += [f"{name} = {number}  # {what}" for number, (name, what) in enumerate(CLASSES)]
    out += [
        "",
        "# The line-breaking class of each run of code points.",
        "LINE_BREAK: tuple[int, ...] = (",
        *_rows(f"0x{code:04X}, {names[value]}," for code, value in _runs(classes)),
        ")  # fmt: skip",
        "",
        "# The column width of each run of code points, as uc_width() gives it for UTF-8:",
        "# -1 for control characters, 0 for combining marks and format characters, 2 for",
        "# East Asian wide and full-width characters (most emoji among them), 1 for the rest.",
        "WIDTH: tuple[int, ...] = (",
        *_rows(f"0x{code:04X}, {value}," for code, value in _runs(columns)),
        ")  # fmt: skip",
        "",
        "# UAX #14's pair table: PAIRS[before][after] is D (a break is possible), I (possible",
        "# only after spaces: indirect) or P (prohibited), rows and columns in class order.",
        "PAIRS: tuple[str, ...] = (",
        *(f'    "{row}",  # {names[number]}' for number, row in enumerate(rules)),
        ")",
    ]
    return "\n".join(out) + "\n"


def build_text() -> str:
    """The tables module as the installed libunistring 1.0 gives it."""
    library = find_libunistring()
    if library is None:
        raise SystemExit(
            "make_unicode_tables.py needs libunistring 1.0, the library GNU gettext 0.21 "
            "breaks lines with (Debian 12: apt-get install libunistring2)"
        )
    classes, rules = line_break_classes(library), pair_rules(library)
    _check(classes, rules)
    return render(classes, rules, widths(library))


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else TARGET
    target.write_text(build_text(), encoding="utf-8")
    print(f"wrote {target}")
