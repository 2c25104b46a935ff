"""Source normalisation through the glossary, in classes of change.

Runs per sentence of a parsed document, so a sentence's msgid is its
normalised text.  Every glossary match is recorded with its offsets in the
decoded file text (exact even for sentences spread over several lines), its
class and, for a suggestion, the reason:

- ``repair``: a term or abbreviation spelled with look-alike letters or in
  another script (``NАТО``) is spelled right; so is any other word that mixes
  Latin letters with Cyrillic or Greek look-alikes and reads as Latin once
  they are folded (``militаry``; ``term_id`` is empty);
- ``replace``: a deprecated form (``Kiev``) becomes the canonical term where
  its sense is certain in its context (see :mod:`transpipe.terms.sense`);
- ``suggest``: the text stays as written and the canonical term is shown to
  the translator and the reviewer: accepted variants (house style), forms
  inside quotations, titles, names or all-caps lines, ambiguous forms and
  forms whose context words are missing;
- ``keep``: the canonical term or an abbreviation, as written (also an
  abbreviation the article defines as something else);
- ``expand``: house style, opt-in: an abbreviation's first mention in body
  text becomes ``Term (ABBR)``.

Only repair, replace and expand change the text.  With ``house_style``,
accepted variants are replaced too (never inside quotations).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from transpipe.core.model import BlockKind, Document, Sentence
from transpipe.terms.glossary import GlossaryIndex, Match, SpanSet, excluded_spans, plural_text
from transpipe.terms.sense import (
    DEFINED,
    QUOTATION,
    Passage,
    article_definitions,
    article_names,
    context_words,
    doubt,
    listing_text,
    passage,
)
from transpipe.text.scripts import fold_homoglyphs, scripts_in

# what normalisation does with a match: the classes of change, a suggestion, or nothing
Action = Literal["repair", "replace", "suggest", "keep", "expand"]
REPAIR: Action = "repair"
REPLACE: Action = "replace"
SUGGEST: Action = "suggest"
KEEP: Action = "keep"
EXPAND: Action = "expand"
CHANGES: tuple[Action, ...] = (REPAIR, REPLACE, EXPAND)
VARIANT = "house-style variant"
LOOK_ALIKE = "look-alike letters"
_LETTERS = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class Normalisation:
    """One glossary match in the source and what normalisation did with it."""

    start: int  # offsets into the decoded file text
    end: int
    line: int
    text: str
    term_id: str
    action: Action
    replacement: str  # the text after; for a suggestion, the text proposed
    reason: str = ""  # why a suggestion was not applied (or a kept form not read as the term)

    @property
    def changed(self) -> bool:
        return self.action in CHANGES


@dataclass(frozen=True, slots=True)
class NormalisedSentence:
    """A sentence after normalisation, with every match found in it."""

    sentence: Sentence
    text: str
    matches: tuple[Normalisation, ...]

    @property
    def changes(self) -> tuple[Normalisation, ...]:
        return tuple(m for m in self.matches if m.changed)

    @property
    def suggestions(self) -> tuple[Normalisation, ...]:
        return tuple(m for m in self.matches if m.action == SUGGEST)


def _align(file_text: str, sentence: Sentence) -> list[int]:
    """File offset of each character of ``sentence.text``.

    A sentence's text joins its lines with single spaces and drops line
    markers (``> ``, list indentation); its other characters appear in the
    file in order from ``sentence.start``.  Spaces get the offset just after
    the character before them (matches never start or end with one).
    """
    offsets: list[int] = []
    pos = sentence.start
    # a character missing from the file (a decoded HTML reference such as &nbsp;) must not
    # send the search to the end of the file: it cannot lie past the sentence's end
    limit = max(sentence.end, sentence.start)
    for char in sentence.text:
        if char.isspace():
            offsets.append(pos)
            continue
        found = file_text.find(char, pos, limit)
        if found < 0:  # not in the file as is: keep offsets monotonic
            found = pos
        offsets.append(found)
        pos = found + 1
    return offsets


def _capitalised(replacement: str, original: str, initial: bool = False) -> str:
    """``replacement`` in the case of ``original``: a one-word name in capitals stays in
    capitals (the dateline ``KHARKOV,``); otherwise a first capital carries over, but an
    acronym's capitals (``VDV`` -> ``airborne forces``) only at the start of a sentence."""
    word = original.isalpha() and " " not in replacement
    if word and len(original) > 3 and original.isupper():
        return replacement.upper()
    acronym = len(original) > 1 and original.isupper()
    if original[:1].isupper() and replacement[:1].islower() and (initial or not acronym):
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _decide(
    match: Match,
    where: Passage,
    defined: Mapping[str, str],
    *,
    expand: bool,
    house_style: bool,
    seen: set[str],
) -> tuple[Action, str, str]:
    """(class, text after or proposed, reason) for one match."""
    concept = match.concept
    first = concept.id not in seen
    seen.add(concept.id)
    if match.kind in ("variant", "deprecated"):
        term = plural_text(concept.term) if match.plural else concept.term
        initial = match.start <= where.lead
        proposal = _capitalised(term, match.text, initial)
    elif match.respelled:  # look-alike letters or another script: spell it right
        folded = fold_homoglyphs(match.text)  # the writer's own case (Himаrs -> Himars)
        proposal = folded if scripts_in(folded) <= {"latin"} else match.written_form
    else:
        if match.text in defined:  # the article's own abbreviation, not the glossary's
            return KEEP, match.text, doubt(match, where, defined) or ""
        if match.kind == "abbr" and expand and first and doubt(match, where, defined) is None:
            return EXPAND, f"{concept.term} ({match.text})", ""
        return KEEP, match.text, ""
    if proposal == match.text:
        return KEEP, match.text, ""
    reason = doubt(match, where, defined)
    if reason is not None and reason.startswith(DEFINED):
        return KEEP, match.text, reason
    if reason is not None:
        return SUGGEST, proposal, reason
    if match.kind == "variant" and not house_style:
        folded = fold_homoglyphs(match.text)
        if match.respelled and scripts_in(folded) <= {"latin"}:
            return REPAIR, folded, LOOK_ALIKE  # the variant spelled right; the style is a human's
        return SUGGEST, proposal, VARIANT
    if match.kind == "variant":
        return REPLACE, proposal, ""
    if match.kind in ("term", "abbr"):
        return REPAIR, proposal, ""
    return REPLACE, proposal, ""


@dataclass(frozen=True, slots=True, order=True)
class _Decision:
    """What to do with one span of a sentence: a glossary match or a look-alike word."""

    start: int
    end: int
    text: str
    term_id: str  # "" for a look-alike word outside the glossary
    action: Action
    replacement: str
    reason: str


def normalise_sentence(
    sentence: Sentence,
    file_text: str,
    index: GlossaryIndex,
    *,
    expand_abbreviations: bool = False,
    house_style: bool = False,
    seen: set[str] | None = None,
    where: Passage | None = None,
    defined: Mapping[str, str] | None = None,
) -> NormalisedSentence:
    """Normalise one sentence; ``seen`` carries first-mention state across sentences.

    ``where`` gives the sentence's paragraph context (default: the sentence
    alone); ``defined``, the abbreviations the article spells out itself.
    """
    seen = set() if seen is None else seen
    where = passage(sentence.text) if where is None else where
    found: list[_Decision] = []
    for match in index.find(sentence.text):
        action, replacement, reason = _decide(
            match, where, defined or {}, expand=expand_abbreviations, house_style=house_style,
            seen=seen,
        )  # fmt: skip
        found.append(
            _Decision(match.start, match.end, match.text, match.concept.id, action, replacement,
                      reason)
        )  # fmt: skip
    found += _look_alikes(sentence.text, found, where)
    if not found:
        return NormalisedSentence(sentence, sentence.text, ())
    found.sort()
    pieces: list[str] = []
    last = 0
    for decision in found:
        pieces.append(sentence.text[last : decision.start])
        pieces.append(decision.replacement if decision.action in CHANGES else decision.text)
        last = decision.end
    pieces.append(sentence.text[last:])
    records = _records(file_text, sentence, found)
    return NormalisedSentence(sentence, "".join(pieces), tuple(records))


def _records(file_text: str, sentence: Sentence, found: Sequence[_Decision]) -> list[Normalisation]:
    """Each decision placed in the file: offsets and line in ``file_text``, text as written."""
    offsets = _align(file_text, sentence)
    records: list[Normalisation] = []
    counted, counted_line = sentence.start, sentence.line  # lines counted up to ``counted``
    for decision in found:
        start = offsets[decision.start]
        end = offsets[decision.end - 1] + 1
        if start >= counted:  # counted on from the match before, not from the top of the file
            counted_line += file_text.count("\n", counted, start)
            counted = start
            line = counted_line
        else:
            line = file_text.count("\n", 0, start) + 1
        records.append(
            Normalisation(
                start=start,
                end=end,
                line=line,
                text=file_text[start:end],
                term_id=decision.term_id,
                action=decision.action,
                replacement=decision.replacement,
                reason=decision.reason,
            )
        )
    return records


def _look_alikes(text: str, taken: Sequence[_Decision], where: Passage) -> list[_Decision]:
    """Words outside glossary matches that mix Latin with look-alike letters (``militаry``)."""
    out: list[_Decision] = []
    if text.isascii():
        return out
    skip = SpanSet.of([*((t.start, t.end) for t in taken), *excluded_spans(text)])
    for word in _LETTERS.finditer(text):
        token = word.group()
        if token.isascii() or skip.overlaps(word.start(), word.end()):
            continue
        found = scripts_in(token)
        if "latin" not in found or not found & {"cyrillic", "greek"}:
            continue
        folded = fold_homoglyphs(token)
        if scripts_in(folded) != {"latin"}:
            continue
        quoted = where.quoted_block or where.quotes.overlaps(word.start(), word.end())
        action, reason = (SUGGEST, QUOTATION) if quoted else (REPAIR, LOOK_ALIKE)
        out.append(_Decision(word.start(), word.end(), token, "", action, folded, reason))
    return out


# titles, headings and the short texts of front matter, tables and captions: never an expansion
_NOT_BODY = (
    BlockKind.TITLE, BlockKind.HEADING, BlockKind.FRONT_MATTER, BlockKind.TABLE, BlockKind.TEMPLATE,
)  # fmt: skip


def normalise_document(
    document: Document,
    file_text: str,
    index: GlossaryIndex,
    *,
    expand_abbreviations: bool = False,
    house_style: bool = False,
) -> list[NormalisedSentence]:
    """Normalise every sentence of ``document`` in order.

    Each sentence is judged in its paragraph (context words) and in the
    article (abbreviations it defines).  Abbreviations are expanded (when
    asked) at their first mention in body text; titles and headings never get
    expansions.
    """
    defined = article_definitions(file_text, index)
    names = article_names(file_text, index)
    seen: set[str] = set()
    result = []
    for block in document.blocks:
        body = block.kind not in _NOT_BODY
        block_text = " ".join(s.text for s in block.sentences)
        paragraph = context_words(block_text)
        listing = listing_text(block_text)
        for sentence in block.sentences:
            where = passage(
                sentence.text,
                paragraph,
                quoted_block=block.kind is BlockKind.QUOTE,
                heading=not body,
                names=names,
                listing=listing,
            )
            result.append(
                normalise_sentence(
                    sentence,
                    file_text,
                    index,
                    expand_abbreviations=expand_abbreviations and body,
                    house_style=house_style,
                    seen=seen if body else set(seen),
                    where=where,
                    defined=defined,
                )
            )
    return result


def apply_changes(file_text: str, changes: Sequence[Normalisation]) -> str:
    """``file_text`` with every repair, replacement and expansion applied (for ``--write``)."""
    chosen = sorted((c for c in changes if c.changed), key=lambda c: c.start)
    if any(b.start < a.end or b.start == a.start for a, b in itertools.pairwise(chosen)):
        out = file_text  # overlapping changes: apply them from the right, one on top of the other
        for change in sorted(chosen, key=lambda c: c.start, reverse=True):
            out = out[: change.start] + change.replacement + out[change.end :]
        return out
    pieces: list[str] = []
    pos = 0
    for change in chosen:
        pieces += (file_text[pos : change.start], change.replacement)
        pos = change.end
    pieces.append(file_text[pos:])
    return "".join(pieces)
