"""Fragments told by their letters, with the language they are in and a suggested repair.

- ``homoglyph``: a Latin word with Cyrillic or Greek look-alike letters
  (``NАТО``); the repair folds the letters back.
- ``mixed-script``: Latin mixed with Cyrillic letters that are no look-alikes
  (``Minobороны``); the repair is the glossary term, else the romanisation.
- ``foreign-script``: a run of Cyrillic or Greek words joined by spaces or
  hyphens (``Минобороны заявило``); the repair is the glossary term, else
  the romanisation (the detector may put a back-translation in its place).

Which Cyrillic language a run is in comes from letters only one language
writes, then from the word lists.  Confidences come from evidence, never from
the kind: 0.99 for a glossary term or a deciding letter, else from how common
the words are (:func:`_frequency_confidence`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from transpipe.fragments.lexicon import CYRILLIC_LANGUAGES, ROMANISED, Lexicon, Lexicons
from transpipe.fragments.model import Fragment, Lines, bare
from transpipe.terms.glossary import GlossaryIndex, SpanSet
from transpipe.text.scripts import fold_homoglyphs, script_of, scripts_in, transliterate


def script_fragments(
    text: str,
    words: Sequence[re.Match[str]],
    accepted: SpanSet,
    lines: Lines,
    *,
    index: GlossaryIndex | None,
    lexicons: Lexicons,
) -> list[Fragment]:
    """The ``homoglyph``, ``mixed-script`` and ``foreign-script`` fragments among ``words``.

    ``words`` are the text's words to check, in order; a fragment inside an
    ``accepted`` span (a loanword, a ``foreign-ok`` term) is left out.
    """
    out: list[Fragment] = []
    run: list[re.Match[str]] = []

    def close_run() -> None:
        if not run:
            return
        start = run[0].start()
        end = run[-1].start() + len(bare(run[-1].group()))
        span = text[start:end]
        lang = _script_lang(span, lexicons.lexicon)
        term = glossary_term(index, span)
        suggestion = term or transliterate(span)
        confidence = _script_confidence(span, lang, lexicons.lexicon)
        out.append(
            Fragment(start, end, lines.of(start), span, "foreign-script", lang,
                     confidence, suggestion)
        )  # fmt: skip
        run.clear()

    for word in words:
        token = bare(word.group())
        found = scripts_in(token)
        foreign = found & {"cyrillic", "greek"}
        if not foreign:
            close_run()
            continue
        if "latin" in found:
            close_run()
            out.append(_mixed(word, lines, index, lexicons))
            continue
        if run and not re.fullmatch(r"[\s\-‐]+", text[run[-1].end() : word.start()]):
            close_run()
        run.append(word)
    close_run()
    return [f for f in out if not accepted.contains(f.start, f.end)]


def _mixed(
    word: re.Match[str], lines: Lines, index: GlossaryIndex | None, lexicons: Lexicons
) -> Fragment:
    """The ``homoglyph`` or ``mixed-script`` fragment of a word with Latin letters and others."""
    token = bare(word.group())
    start, end = word.start(), word.start() + len(token)
    lexicon = lexicons.lexicon
    folded = fold_homoglyphs(token)
    if scripts_in(folded) <= {"latin"}:
        known = glossary_term(index, folded, certain=True) is not None
        return Fragment(start, end, lines.of(start), token, "homoglyph", None,
                        _repair_confidence(folded, "en", known, lexicon), folded)  # fmt: skip
    term = glossary_term(index, token, certain=True)
    cyrillic = "".join(c for c in token if script_of(c) == "cyrillic")
    lang = _cyrillic_lang(cyrillic, lexicon, whole_words=False) if cyrillic else "el"
    romanised = transliterate(token)
    if term is not None:
        confidence = 0.99  # the glossary names it, in any context
    else:  # how common the word is in Russian or Ukrainian, read in Latin letters
        others = lexicons.scores(romanised).others
        confidence = _frequency_confidence(max(others.get(c, 0.0) for c in ROMANISED))
    return Fragment(start, end, lines.of(start), token, "mixed-script", lang, confidence,
                    term or glossary_term(index, token) or romanised)  # fmt: skip


_UK_ENDINGS = ("ськ", "цьк", "щин", "ння", "ів", "ськi", "ій", "ої", "ує", "ють", "ться")


def _cyrillic_lang(run: str, lexicon: Lexicon, whole_words: bool = True) -> str:
    """Ukrainian, Russian, Bulgarian, Serbian or Macedonian, from letters, then word lists.

    ``whole_words`` is False for the Cyrillic part of a mixed-script word, which
    is an ending, not a word: only letters and Ukrainian endings decide then.
    """
    lower = run.lower()
    if any(c in "іїєґ" for c in lower):
        return "uk"
    if any(c in "ђћџљњј" for c in lower):
        return "sr"
    if any(c in "ѓќѕ" for c in lower):
        return "mk"
    if any(c in "ыэё" for c in lower):
        return "ru"
    words = re.findall(r"\w+", lower)
    if whole_words:
        totals = {lang: sum(lexicon.zipf(w, lang) for w in words) for lang in CYRILLIC_LANGUAGES}
        if totals["bg"] >= max(totals["ru"], totals["uk"]) + 1.0:
            return "bg"
        if totals["uk"] > totals["ru"] + 0.3:
            return "uk"
        if totals["ru"] > totals["uk"] + 0.3:
            return "ru"
    if any(w.endswith(_UK_ENDINGS) for w in words) or any(
        e in w for w in words for e in ("щин", "ськ")
    ):
        return "uk"
    return "ru"


def _script_lang(run: str, lexicon: Lexicon) -> str | None:
    found = scripts_in(run)
    if "cyrillic" in found:
        return _cyrillic_lang(run, lexicon)
    if "greek" in found:
        return "el"
    return None


def glossary_term(index: GlossaryIndex | None, text: str, *, certain: bool = False) -> str | None:
    """The term of the concept ``text`` spells; with ``certain``, only a form whose
    sense needs no context (not a variant, no ``suggest`` or ``context`` rule)."""
    if index is None:
        return None
    for match in index.find(text):
        if match.start == 0 and match.end == len(text):
            rule = match.concept.rule_for(match.form)
            if certain and (match.kind == "variant" or (rule and (rule.suggest or rule.context))):
                return None
            return match.concept.term
    return None


def _zipf(word: str, lang: str, lexicon: Lexicon) -> float:
    """A word's frequency in ``lang`` on the Zipf scale (0: unknown, 7: "the")."""
    return float(lexicon.zipf(word.lower(), lang))


def _frequency_confidence(zipf: float) -> float:
    """A confidence from a word's frequency on the Zipf scale: 0.5 for an unknown word,
    0.8 at Zipf 3 (once in a million words), at most 0.99."""
    return round(min(0.99, 0.5 + 0.1 * zipf), 2)


def _repair_confidence(repaired: str, lang: str, known: bool, lexicon: Lexicon) -> float:
    """How sure a suggested repair is, from evidence: 0.99 when it is a glossary term,
    else from how common the repaired words are in ``lang`` (0.5 for an unknown word,
    0.8 at Zipf 3, a word used once in a million, 0.95 at Zipf 4.5)."""
    if known:
        return 0.99
    words = re.findall(r"[^\W\d_]+", repaired)
    if not words:
        return 0.5
    return _frequency_confidence(min(_zipf(w, lang, lexicon) for w in words))


def _script_confidence(run: str, lang: str | None, lexicon: Lexicon) -> float:
    """How sure the language of a Cyrillic or Greek run is, from evidence: 0.99 when
    letters only that language has decide it, else from how common its words are in
    it (the weakest word counts: 0.5 unknown, 0.8 at Zipf 3)."""
    lower = run.lower()
    if lang == "el" or any(c in _UNIQUE_LETTERS.get(lang or "", "") for c in lower):
        return 0.99
    words = re.findall(r"[^\W\d_]+", lower)
    if not words or lang not in CYRILLIC_LANGUAGES:
        return 0.5
    return _frequency_confidence(min(_zipf(w, lang, lexicon) for w in words))


# letters that only one of the Cyrillic languages transpipe tells apart writes
_UNIQUE_LETTERS = {"uk": "іїєґ", "ru": "ыэё", "sr": "ђћџљњј", "mk": "ѓќѕ"}
