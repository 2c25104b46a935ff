"""Stray foreign fragments in an English article, with suggested repairs.

Five kinds, in the order they are looked for:

- ``homoglyph``: a word that looks Latin but has Cyrillic or Greek look-alike
  letters (``NАТО``); suggestion: the word with the letters folded back.
- ``mixed-script``: a word mixing Latin with Cyrillic letters that are not
  look-alikes (``Minobороны``); suggestion: the glossary term its
  romanisation names, else the romanisation.
- ``foreign-script``: runs of Cyrillic or Greek words (``Минобороны
  заявило``); suggestion: the glossary term, a back-translation when a model
  into English is installed, else the romanisation.
- ``foreign-language``: Latin-script phrases in another language, found with
  word frequency lexicons (wordfreq's, shipped as ``data/lexicon.bin``, see
  :mod:`transpipe.fragments.lexicon`) for English and the usual suspects (de,
  fr, es, it, pl, pt, nl) plus romanised Russian and Ukrainian lexicons made
  by romanising wordfreq's Cyrillic word lists; a phrase needs two or more
  words that are much more frequent in one other language than in English,
  and no clearly English word between them.  langdetect (seeded) confirms
  two-word phrases.
- ``foreign-paragraph``: a whole paragraph in Latin script that langdetect
  (seeded) identifies as another language than the article's, with at least
  :data:`~transpipe.fragments.language.PARAGRAPH_PROBABILITY`; the phrases
  found inside it are reported as this one fragment.  Its confidence is
  langdetect's probability.  :func:`article_language` does the same for a
  whole article.

Never flagged: glossary terms marked ``foreign-ok``, established loanwords
(``de facto``, ``coup d'état``), capitalised names, acronyms and model
designations, code, URLs and e-mail addresses.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from transpipe.core.model import BlockKind, Document
from transpipe.document.text import line_starts
from transpipe.fragments.language import (
    PROSE,
    LanguageGuess,
    article_language,
    identify_language,
    language_guesses,
    paragraph_fragments,
)
from transpipe.fragments.lexicon import LATIN_LANGUAGES, ROMANISED, Lexicons
from transpipe.fragments.model import (
    KINDS,
    WORD,
    BackTranslate,
    Fragment,
    FragmentKind,
    Lines,
    bare,
)
from transpipe.fragments.script_runs import glossary_term, script_fragments
from transpipe.terms.glossary import GlossaryIndex, SpanSet, excluded_spans
from transpipe.text.scripts import scripts_in

# what callers import from here; the records and language identification live in their
# own modules (model, language) and are named here too
__all__ = [
    "KINDS",
    "LOANWORDS",
    "BackTranslate",
    "Detector",
    "Fragment",
    "FragmentKind",
    "LanguageGuess",
    "apply_repairs",
    "article_language",
    "detect_document",
    "fixable",
    "identify_language",
    "language_guesses",
    "skip_ranges",
]

# Established in English: never a stray fragment, even though every word is foreign.
LOANWORDS = (
    "de facto", "de jure", "coup d'état", "coup d'etat", "status quo", "détente", "detente",
    "realpolitik", "blitzkrieg", "fait accompli", "ad hoc", "per se", "raison d'être",
    "raison d'etre", "vis-à-vis", "vis-a-vis", "carte blanche", "persona non grata", "matériel",
    "junta", "rapprochement", "bona fide", "et al", "via", "versus", "vice versa", "à la",
    "en route", "par excellence", "force majeure", "tête-à-tête", "laissez-faire",
    "modus operandi", "quid pro quo", "sine qua non", "mea culpa", "pro bono", "in situ",
    "ad infinitum", "post mortem", "in absentia", "casus belli", "esprit de corps", "coup de grâce",
    "déjà vu", "fait divers", "bête noire", "cordon sanitaire", "enfant terrible", "agent provocateur",
    "habeas corpus", "prima facie", "ex officio", "pro forma", "status quo ante", "terra incognita",
    "zeitgeist", "angst", "kaput", "diktat", "ersatz", "putsch", "kitsch", "leitmotif", "wunderkind",
    "glasnost", "perestroika", "dacha", "intelligentsia", "pogrom", "samizdat", "nomenklatura",
    "siloviki", "oligarch", "maidan", "euromaidan", "guerrilla", "bona fides", "per capita",
    "per annum", "ad nauseam", "vox populi", "alter ego", "non sequitur", "op-ed", "rendezvous",
    "communiqué", "communique", "démarche", "demarche", "chargé d'affaires", "attaché", "attache",
    "entente", "entente cordiale", "dossier", "sabotage", "cadre", "regime", "elite", "oblast",
    "oblasts", "raion", "krai", "rasputitsa", "maskirovka", "spetsnaz", "en masse", "de rigueur",
    "pro rata", "nom de guerre", "nom de plume", "sotto voce", "post hoc", "a priori",
)  # fmt: skip

_SENTENCE_BREAK = re.compile(r"[.!?;:()\[\]{}“”\"‘’«»—–]|\s[-–—]\s|,|\n\s*\n")  # a blank line too

# what the lexicons make of one Latin-script word of a clause
WordVerdict = Literal["en", "foreign", "neutral"]


@dataclass(frozen=True, slots=True)
class ClauseWord:
    """A Latin-script word of a clause and what the lexicons make of it."""

    match: re.Match[str]
    verdict: WordVerdict
    lang: str | None  # the language it is most frequent in when foreign, else None
    margin: float  # how much more frequent it is there than in English, when foreign


# where some loanword starts: one pass over the text instead of one per loanword
_LOANWORD_START = re.compile(
    r"(?<!\w)(?=(?:"
    + "|".join(re.escape(p) for p in sorted(LOANWORDS, key=len, reverse=True))
    + r")(?!\w))"
)


def _loanword_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    lowered = unicodedata.normalize("NFC", text).lower()
    ends = dict.fromkeys(LOANWORDS, 0)  # a loanword's matches do not overlap each other
    for start in _LOANWORD_START.finditer(lowered):
        for phrase, end in ends.items():
            if start.start() < end:
                continue
            found = re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)").match(lowered, start.start())
            if found is not None:
                spans.append(found.span())
                ends[phrase] = found.end()
    return spans


class Detector:
    """Finds stray fragments; build once per run, reuse for every article.

    Its ``lexicons`` (new ones unless given) remember every word it has
    scored for as long as the detector lives: pass them to
    :func:`article_language` too.
    """

    def __init__(
        self,
        index: GlossaryIndex | None = None,
        back_translate: BackTranslate | None = None,
        *,
        seed: int = 0,
        lexicons: Lexicons | None = None,
    ) -> None:
        self.index = index
        self.back_translate = back_translate
        self.seed = seed
        self.lexicons = lexicons if lexicons is not None else Lexicons()
        self._accepted: set[str] = set()
        if index is not None:
            for concept in index.glossary.concepts:
                if concept.foreign_ok:
                    for _, form in concept.forms():
                        self._accepted.add(form.casefold())

    # -- the whole text --------------------------------------------------------------
    def detect(
        self,
        text: str,
        skip: Iterable[tuple[int, int]] = (),
        allow: Iterable[tuple[int, int]] = (),
        paragraphs: Iterable[tuple[int, int]] = (),
        source: str = "en",
    ) -> list[Fragment]:
        """Fragments in ``text`` outside the ``skip`` ranges (code blocks and the like).

        ``allow`` ranges are checked even inside markup that is otherwise
        excluded: the text of HTML attributes such as ``alt`` and ``title``.
        Each of the ``paragraphs`` spans is also identified as a whole: one in
        another language than ``source`` is one ``foreign-paragraph`` fragment.
        """
        excluded = _subtract([*skip, *excluded_spans(text)], allow)
        outside = SpanSet.of(excluded)
        accepted = self._accepted_spans(text)
        words = [m for m in WORD.finditer(text) if not outside.overlaps(m.start(), m.end())]
        lines = Lines(text)
        fragments = script_fragments(
            text, words, SpanSet.of(accepted), lines, index=self.index, lexicons=self.lexicons
        )
        taken = [(f.start, f.end) for f in fragments]
        skipped = SpanSet.of([*accepted, *taken, *excluded])
        fragments += self._language_fragments(text, words, skipped, lines)
        whole = paragraph_fragments(
            text, paragraphs, SpanSet.of(excluded), source, lines,
            seed=self.seed, lexicons=self.lexicons,
        )  # fmt: skip
        if whole:
            inside = SpanSet.of((f.start, f.end) for f in whole)
            fragments = [
                f
                for f in fragments
                if f.kind != "foreign-language" or not inside.contains(f.start, f.end)
            ] + whole
        fragments.sort(key=lambda f: f.start)
        self._add_back_translations(fragments)
        return fragments

    def _accepted_spans(self, text: str) -> list[tuple[int, int]]:
        spans = _loanword_spans(text)
        if self.index is not None:
            for match in self.index.find(text):
                if match.concept.foreign_ok and match.exact:
                    spans.append((match.start, match.end))
        return spans

    # -- other languages in Latin script ----------------------------------------------
    def _language_fragments(
        self, text: str, words: list[re.Match[str]], skip: SpanSet, lines: Lines
    ) -> list[Fragment]:
        lex = self.lexicons
        out: list[Fragment] = []
        clause: list[ClauseWord] = []

        def flush() -> None:
            out.extend(self._phrases(text, clause, lines))
            clause.clear()

        previous_end = 0
        for word in words:
            if skip.overlaps(word.start(), word.end()):
                flush()
                previous_end = word.end()
                continue
            if _SENTENCE_BREAK.search(text[previous_end : word.start()]):
                flush()
            previous_end = word.end()
            token = word.group()
            if not scripts_in(token) <= {"latin"}:
                flush()
                continue
            clause.append(self._classify(word, text, lex))
        flush()
        return out

    def _classify(self, word: re.Match[str], text: str, lex: Lexicons) -> ClauseWord:
        """Whether one word of a clause is English, foreign (in which language) or neutral."""
        token, start = word.group(), word.start()
        if any(c.isdigit() for c in token) or (token.isupper() and len(token) > 1):
            return ClauseWord(word, "neutral", None, 0.0)
        plain = bare(token)
        if plain.lower() in _NAME_PARTICLES and _inside_a_name(text, start, len(token), lex):
            # Rio de Janeiro, Corriere della Sera, von der Leyen
            return ClauseWord(word, "neutral", None, 0.0)
        scores = lex.scores(plain)
        english = scores.english
        lang, best = max(scores.others.items(), key=lambda kv: kv[1])
        capitalised = plain[:1].isupper()
        if capitalised and not _sentence_start(text, start):
            # a name, unless it is a clearly foreign common word (German nouns)
            if best >= 3.0 and best - english >= 2.0 and english < 2.0:
                return ClauseWord(word, "foreign", lang, best - english)
            return ClauseWord(word, "neutral", None, 0.0)
        if len(plain) == 1 and plain != "a":
            # "i", "w", "z", "y": conjunctions elsewhere
            return ClauseWord(word, "neutral", None, 0.0)
        if english >= 3.0 and english >= best - 1.0:
            return ClauseWord(word, "en", None, 0.0)
        if best >= 1.5 and best - english >= 1.0:
            return ClauseWord(word, "foreign", lang, best - english)
        if english >= 2.0:
            return ClauseWord(word, "en", None, 0.0)
        return ClauseWord(word, "neutral", None, 0.0)

    def _phrases(
        self,
        text: str,
        clause: list[ClauseWord],
        lines: Lines,
    ) -> list[Fragment]:
        """Phrases of a clause: seeds of 2+ foreign words, grown over words that fit."""
        lex = self.lexicons
        found: list[Fragment] = []
        i = 0
        covered_to = -1
        while i < len(clause):
            if clause[i].verdict != "foreign" or i <= covered_to:
                i += 1
                continue
            j = i
            last_foreign = i
            while j + 1 < len(clause) and clause[j + 1].verdict != "en":
                j += 1
                if clause[j].verdict == "foreign":
                    last_foreign = j
            members = [c for c in clause[i : last_foreign + 1] if c.verdict == "foreign"]
            lang = self._vote(members, lex)
            if len(members) < 2 or lang is None:
                i = last_foreign + 1
                continue
            first, last = i, last_foreign
            while first > 0 and _fits(clause[first - 1], lang, lex):
                first -= 1
            while last + 1 < len(clause) and _fits(clause[last + 1], lang, lex):
                last += 1
            fragment = self._phrase(text, clause[first : last + 1], members, lang, lines)
            if fragment is not None:
                found.append(fragment)
                covered_to = last
            i = last + 1
        return found

    def _vote(self, members: list[ClauseWord], lex: Lexicons) -> str | None:
        """The language the foreign words of a phrase are, together, most clearly in."""
        votes: dict[str, float] = {}
        for member in members:
            scores = lex.scores(bare(member.match.group()))
            for lang, value in scores.others.items():
                if value - scores.english >= 1.0:
                    votes[lang] = votes.get(lang, 0.0) + value - scores.english
        return max(votes, key=lambda k: votes[k]) if votes else None

    def _phrase(
        self,
        text: str,
        span_words: list[ClauseWord],
        members: list[ClauseWord],
        lang: str,
        lines: Lines,
    ) -> Fragment | None:
        """The ``foreign-language`` fragment of ``span_words``, unless it is a name or
        langdetect does not confirm a two-word phrase."""
        if all(member.match.group()[:1].isupper() for member in members):
            return None  # a run of capitalised words is a name (Bila Tserkva, Giorgia Meloni)
        start, end = span_words[0].match.start(), span_words[-1].match.end()
        phrase = text[start:end]
        margin = sum(member.margin for member in members)
        confidence = min(0.99, 0.5 + 0.1 * len(span_words) + 0.02 * margin)
        if len(members) == 2 and len(span_words) == 2 and lang not in ROMANISED:
            # langdetect confirms a two-word phrase when it names the lexicon's language
            # among its guesses, or guesses another language the lexicon knows first
            # (tests/benchmarks/bench_pairs.py measures this against the alternatives)
            guesses = self._identify(phrase)
            if lang not in guesses and (not guesses or guesses[0] not in LATIN_LANGUAGES):
                return None
        return Fragment(start, end, lines.of(start), phrase, "foreign-language", lang,
                        round(confidence, 2), None)  # fmt: skip

    def _identify(self, phrase: str) -> list[str]:
        """langdetect's guesses for a short phrase, most probable first (seeded)."""
        return language_guesses(phrase, self.seed)

    # -- suggestions ---------------------------------------------------------------------
    def _add_back_translations(self, fragments: list[Fragment]) -> None:
        if self.back_translate is None:
            return
        by_lang: dict[str, list[int]] = {}
        for i, f in enumerate(fragments):
            if f.kind in ("foreign-script", "foreign-language", "foreign-paragraph") and f.lang:
                if f.kind == "foreign-script" and f.suggestion and _glossary_hit(self.index, f):
                    continue
                by_lang.setdefault(f.lang, []).append(i)
        for lang, positions in by_lang.items():
            results = self.back_translate([fragments[i].text for i in positions], lang)
            if results is None:
                continue
            for i, result in zip(positions, results):
                fragments[i] = replace(fragments[i], suggestion=result)


# lower-case particles of names in many languages: part of the name between capitals
_NAME_PARTICLES = frozenset(
    ("de", "da", "das", "do", "dos", "della", "delle", "degli", "dei", "del", "di", "du", "des",
     "den", "der", "van", "von", "la", "le", "el", "al", "y", "e", "zu", "ter", "ten", "af",
     "d'", "dell'", "l'")
)  # fmt: skip
_NEIGHBOUR = re.compile(r"[^\W\d_][\w'’-]*")


def _inside_a_name(text: str, start: int, length: int, lex: Lexicons) -> bool:
    """Whether the particle at ``start`` lies between capitalised words (particles skipped)."""
    before = [m for m in _NEIGHBOUR.finditer(text, max(0, start - 60), start)]
    after = [m for m in _NEIGHBOUR.finditer(text, start + length, start + length + 60)]
    previous = next((m for m in reversed(before) if m.group().lower() not in _NAME_PARTICLES), None)
    following = next((m for m in after if m.group().lower() not in _NAME_PARTICLES), None)
    return (
        previous is not None
        and following is not None
        and previous.group()[:1].isupper()
        and following.group()[:1].isupper()
        and not re.search(r"[.!?;:,()]", text[previous.end() : following.start()])
        # a capital that only starts a sentence is no name's (Según el Ministerio ...)
        and (not _sentence_start(text, previous.start()) or _plain_name(previous.group(), lex))
    )


def _plain_name(word: str, lex: Lexicons) -> bool:
    """Whether a capitalised word is no common word in any language the lexicon knows."""
    scores = lex.scores(bare(word))
    return max(scores.english, *scores.others.values()) < 3.0


def _fits(word: ClauseWord, lang: str, lex: Lexicons) -> bool:
    """Whether a word next to a ``lang`` phrase belongs to it (not clearly English)."""
    if word.verdict != "en":
        return True
    scores = lex.scores(bare(word.match.group()))
    return scores.others.get(lang, 0.0) >= scores.english - 0.5


def _glossary_hit(index: GlossaryIndex | None, fragment: Fragment) -> bool:
    return index is not None and glossary_term(index, fragment.text) is not None


_BEFORE_SENTENCE = frozenset(" \t\"'“‘«(*_[>#-")


def _sentence_start(text: str, offset: int) -> bool:
    """Whether only openers and spaces lie between ``offset`` and a sentence end or the start."""
    # walks back instead of stripping text[:offset], which would copy the text for every word
    p = offset
    while p > 0 and text[p - 1] in _BEFORE_SENTENCE:
        p -= 1
    return p == 0 or text[p - 1] in ".!?:\n"


# blocks of markup whose lines are never checked; the entries inside them (front matter
# values, template parameters, the text of a raw HTML block) are, like HTML attributes
_MARKUP_BLOCKS = (
    BlockKind.CODE, BlockKind.VERBATIM, BlockKind.FRONT_MATTER, BlockKind.TEMPLATE, BlockKind.HTML,
)  # fmt: skip


def skip_ranges(document: Document, text: str) -> list[tuple[int, int]]:
    """Character ranges of ``document`` that are never checked: code, verbatim and markup blocks."""
    starts = line_starts(text)
    ranges = []
    offset = 0  # where the block starts when the blocks tile the text (HTML)
    for block in document.blocks:
        if block.kind in _MARKUP_BLOCKS:
            first = block.line - 1
            last = first + block.raw.count("\n") + 1
            ranges.append((starts[first], starts[min(last, len(starts) - 1)]))
        elif block.kind is BlockKind.MARKUP:  # markup sharing a line with text: exactly its span
            ranges.append((offset, offset + len(block.raw)))
        offset += len(block.raw)
    return ranges


def detect_document(
    document: Document, text: str, detector: Detector, source: str = "en"
) -> list[Fragment]:
    """Fragments of one parsed article (code and verbatim blocks skipped, text attributes checked).

    Each paragraph, quotation and list item is also identified as a whole.
    """
    attributes = [
        (s.start, s.end)
        for block in document.blocks
        if block.kind is BlockKind.ATTRIBUTE or block.kind in _MARKUP_BLOCKS
        for s in block.sentences
    ]
    paragraphs = [
        (block.sentences[0].start, block.sentences[-1].end)
        for block in document.blocks
        if block.kind in PROSE and block.sentences
    ]
    return detector.detect(
        text, skip_ranges(document, text), allow=attributes, paragraphs=paragraphs, source=source
    )


def _subtract(
    spans: Iterable[tuple[int, int]], holes: Iterable[tuple[int, int]]
) -> list[tuple[int, int]]:
    """``spans`` with the ``holes`` cut out of them (both as ``(start, end)`` pairs)."""
    cut = SpanSet.of(h for h in holes if h[0] < h[1])  # merged: sorted and disjoint
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        at = max(bisect.bisect_right(cut.starts, start) - 1, 0)
        pos = start
        while at < len(cut.starts) and cut.starts[at] < end:
            if cut.ends[at] > pos:
                if cut.starts[at] > pos:
                    out.append((pos, cut.starts[at]))
                pos = cut.ends[at]
            at += 1
        if pos < end:
            out.append((pos, end))
    return out


def fixable(fragment: Fragment, index: GlossaryIndex | None) -> bool:
    """Whether ``--fix`` may apply the suggestion: look-alikes folded back, or a glossary term."""
    if fragment.suggestion is None:
        return False
    if fragment.kind == "homoglyph":
        return True
    if fragment.kind in ("mixed-script", "foreign-script"):
        return glossary_term(index, fragment.text, certain=True) == fragment.suggestion
    return False


def apply_repairs(text: str, fragments: Sequence[Fragment]) -> str:
    """``text`` with each fragment replaced by its suggestion."""
    chosen = sorted((f for f in fragments if f.suggestion is not None), key=lambda f: f.start)
    if any(b.start < a.end or b.start == a.start for a, b in itertools.pairwise(chosen)):
        out = text  # overlapping repairs: apply them from the right, one on top of the other
        for fragment in sorted(chosen, key=lambda f: f.start, reverse=True):
            out = out[: fragment.start] + str(fragment.suggestion) + out[fragment.end :]
        return out
    pieces: list[str] = []
    pos = 0
    for fragment in chosen:
        pieces += (text[pos : fragment.start], str(fragment.suggestion))
        pos = fragment.end
    pieces.append(text[pos:])
    return "".join(pieces)
