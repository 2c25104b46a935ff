"""Writing systems: which script a letter belongs to, look-alike folding, transliteration.

Shared by glossary matching (so ``NАТО`` with a Cyrillic ``А`` finds NATO and
``Minobороны`` finds the concept listing ``Минобороны``) and by fragment
detection.  Pure functions over strings; no data files.
"""

from __future__ import annotations

import unicodedata

# Cyrillic and Greek letters that look like a Latin letter in common fonts.
HOMOGLYPHS: dict[str, str] = {
    # Cyrillic capitals
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "Х": "X", "У": "Y", "І": "I", "Ј": "J", "Ѕ": "S", "Ԛ": "Q",
    "Ԝ": "W", "Ү": "Y", "Һ": "H",
    # Cyrillic small letters
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i",
    "ј": "j", "ѕ": "s", "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ү": "y",
    # Greek
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "ο": "o", "ι": "i",
    "κ": "k", "ν": "v", "ρ": "p", "τ": "t", "υ": "u", "χ": "x",
}  # fmt: skip

# Cyrillic to Latin, close to the common news romanisation of Russian and Ukrainian.
_TRANSLIT: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "ё": "yo",
    "є": "ye", "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "yi", "й": "y", "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "ў": "u", "ј": "j",
}  # fmt: skip
# Russian г is g; Ukrainian г is h. Text with Ukrainian-only letters uses h and
# the Ukrainian national system's word-inside forms (Київ -> Kyiv).
_UKRAINIAN_INSIDE = {"є": "ie", "ї": "i", "й": "i", "ю": "iu", "я": "ia"}
_UKRAINIAN_ONLY = set("ґєії")
_RUSSIAN_ONLY = set("ёъыэ")


def script_of(char: str) -> str:
    """``latin``, ``cyrillic``, ``greek``, ``other`` for letters; ``none`` otherwise."""
    if not char.isalpha():
        return "none"
    code = ord(char)
    if code < 0x250 or 0x1E00 <= code <= 0x1EFF or 0x2C60 <= code <= 0x2C7F:
        return "latin"
    if 0x400 <= code <= 0x52F or 0x1C80 <= code <= 0x1C8F or 0x2DE0 <= code <= 0x2DFF:
        return "cyrillic"
    if 0xA640 <= code <= 0xA69F:
        return "cyrillic"
    if 0x370 <= code <= 0x3FF or 0x1F00 <= code <= 0x1FFF:
        return "greek"
    return "other"


def scripts_in(text: str) -> set[str]:
    """The letter scripts used in ``text``."""
    return {s for s in map(script_of, text) if s != "none"}


def transliterate(text: str) -> str:
    """Romanise Cyrillic letters (Ukrainian or Russian conventions), keep everything else."""
    lowered = text.lower()
    ukrainian = any(c in _UKRAINIAN_ONLY for c in lowered) and not any(
        c in _RUSSIAN_ONLY for c in lowered
    )
    out = []
    for i, char in enumerate(text):
        low = char.lower()
        rom = _TRANSLIT.get(low)
        if rom is None:
            out.append(char)
            continue
        if low == "г" and not ukrainian:
            rom = "g"
        if ukrainian:
            if low == "и":
                rom = "y"
            elif low in _UKRAINIAN_INSIDE and i > 0 and text[i - 1].isalpha():
                rom = _UKRAINIAN_INSIDE[low]
        if char != low and rom:
            rom = rom[0].upper() + rom[1:]
        out.append(rom)
    return "".join(out)


def fold_homoglyphs(text: str) -> str:
    """Replace Cyrillic and Greek look-alikes of Latin letters by the Latin letter."""
    return "".join(HOMOGLYPHS.get(c, c) for c in text)


def fold(token: str) -> str:
    """The matching form of a word: NFC, look-alikes folded, Cyrillic romanised.

    A word mixing Latin with Cyrillic or Greek letters is first folded by look;
    if letters of another script remain, the word is romanised instead.  A
    wholly Cyrillic word is romanised, so ``Минобороны`` and ``Minoborony``
    fold alike.  Case is kept.
    """
    token = unicodedata.normalize("NFC", token)
    if token.isascii():
        return token
    found = scripts_in(token)
    if "latin" in found and len(found) > 1:
        folded = fold_homoglyphs(token)
        if scripts_in(folded) <= {"latin"}:
            return folded
        return transliterate(token)
    if found == {"cyrillic"}:
        return transliterate(token)
    if found == {"greek"}:
        return fold_homoglyphs(token)
    return token
