"""Source normalisation through the glossary: every variant to its canonical term.

Runs per sentence of a parsed document, so a sentence's msgid is its
normalised text; every glossary match is recorded with its offsets in the
decoded file text (exact even for sentences spread over several lines), what
was done (``replaced``, ``expanded`` or ``kept``) and the text after.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from transpipe.glossary import GlossaryIndex, Match, pluralise
from transpipe.model import BlockKind, Document, Sentence

REPLACED = "replaced"
EXPANDED = "expanded"
KEPT = "kept"


@dataclass(frozen=True, slots=True)
class Normalisation:
    """One glossary match in the source and what normalisation did with it."""

    start: int  # offsets into the decoded file text
    end: int
    line: int
    text: str
    term_id: str
    action: str
    replacement: str


@dataclass(frozen=True, slots=True)
class NormalisedSentence:
    """A sentence after normalisation, with every match found in it."""

    sentence: Sentence
    text: str
    matches: tuple[Normalisation, ...]

    @property
    def changes(self) -> tuple[Normalisation, ...]:
        return tuple(m for m in self.matches if m.action != KEPT)


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


def _capitalised(replacement: str, original: str) -> str:
    if original[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _decide(match: Match, expand: bool, seen: set[str]) -> tuple[str, str]:
    concept = match.concept
    first = concept.id not in seen
    seen.add(concept.id)
    if match.kind in ("variant", "deprecated"):
        term = pluralise(concept.term) if match.plural else concept.term
        return REPLACED, _capitalised(term, match.text)
    if not match.exact:  # look-alike letters or another script: spell it right
        form = pluralise(match.form) if match.plural else match.form
        return REPLACED, form
    if match.kind == "abbr" and expand and first:
        return EXPANDED, f"{concept.term} ({match.text})"
    return KEPT, match.text


def normalise_sentence(
    sentence: Sentence,
    file_text: str,
    index: GlossaryIndex,
    *,
    expand_abbreviations: bool = False,
    seen: set[str] | None = None,
) -> NormalisedSentence:
    """Normalise one sentence; ``seen`` carries first-mention state across sentences."""
    seen = set() if seen is None else seen
    found = index.find(sentence.text)
    if not found:
        return NormalisedSentence(sentence, sentence.text, ())
    offsets = _align(file_text, sentence)
    pieces: list[str] = []
    records: list[Normalisation] = []
    last = 0
    for match in found:
        action, replacement = _decide(match, expand_abbreviations, seen)
        pieces.append(sentence.text[last : match.start])
        pieces.append(replacement)
        last = match.end
        start = offsets[match.start]
        end = offsets[match.end - 1] + 1
        if start >= sentence.start:  # counted from the sentence, not from the top of the file
            line = sentence.line + file_text.count("\n", sentence.start, start)
        else:
            line = file_text.count("\n", 0, start) + 1
        records.append(
            Normalisation(
                start=start,
                end=end,
                line=line,
                text=file_text[start:end],
                term_id=match.concept.id,
                action=action,
                replacement=replacement,
            )
        )
    pieces.append(sentence.text[last:])
    return NormalisedSentence(sentence, "".join(pieces), tuple(records))


def normalise_document(
    document: Document,
    file_text: str,
    index: GlossaryIndex,
    *,
    expand_abbreviations: bool = False,
) -> list[NormalisedSentence]:
    """Normalise every sentence of ``document`` in order.

    Abbreviations are expanded (when asked) at their first mention in body
    text; titles and headings never get expansions.
    """
    seen: set[str] = set()
    result = []
    for block in document.blocks:
        body = block.kind not in (BlockKind.TITLE, BlockKind.HEADING)
        for sentence in block.sentences:
            result.append(
                normalise_sentence(
                    sentence,
                    file_text,
                    index,
                    expand_abbreviations=expand_abbreviations and body,
                    seen=seen if body else set(seen),
                )
            )
    return result


def apply_changes(file_text: str, changes: Sequence[Normalisation]) -> str:
    """``file_text`` with every replacement and expansion applied (for ``--write``)."""
    chosen = sorted((c for c in changes if c.action != KEPT), key=lambda c: c.start)
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
