"""Approved glossary equivalents in machine output: protect, translate, verify.

``enforce`` mode replaces each glossary term of a segment that has an approved
equivalent in the target language by a placeholder (``{n}``, the same kind
inline markup uses: digits and braces, which SentencePiece keeps), lets the
engine translate around it, and puts the approved equivalent in its place.
If the engine drops, repeats or invents a term placeholder, the segment is
translated again without term placeholders and every term of it is checked
and flagged instead.  ``check`` mode translates freely and verifies.
Do-not-translate terms are protected in both modes.  No placeholder ever
reaches the output.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from transpipe.glossary import GlossaryIndex, Match
from transpipe.inline import Protected, protect, restore

_PLACEHOLDER = re.compile(r"\{(\d+)\}")


@dataclass(frozen=True, slots=True)
class TermUse:
    """A glossary term of a segment and what became of it in one language."""

    concept_id: str
    source: str
    target: str
    status: str  # enforced, found, missing, not-enforced

    def note(self) -> str:
        label = {
            "enforced": "glossary",
            "found": "glossary",
            "missing": "glossary: MISSING in translation",
            "not-enforced": "glossary: NOT ENFORCED (engine lost the term placeholder)",
        }[self.status]
        return f"{label}: {self.source} → {self.target} [{self.concept_id}]"


@dataclass(frozen=True, slots=True)
class Prepared:
    """A segment ready for the engine: placeholders and the terms behind them."""

    source: str
    inline: Protected
    text: str
    tokens: tuple[str, ...]
    terms: tuple[tuple[int | None, Match, str], ...]  # placeholder number or None, match, target


@dataclass(frozen=True, slots=True)
class Finished:
    """Machine output for one segment with its glossary report."""

    text: str
    terms: tuple[TermUse, ...]
    retry: bool  # the engine broke a term placeholder: translate without them


def _target_for(match: Match, language: str) -> str | None:
    approved = match.concept.approved(language)
    if approved is None:
        return None
    if match.concept.dnt and not any(c == language for c, _ in match.concept.targets):
        return match.text  # kept as written in the source
    return approved


def prepare(
    source: str,
    index: GlossaryIndex | None,
    language: str,
    mode: str,
    *,
    protect_terms: bool = True,
) -> Prepared:
    """Protect inline markup and (in enforce mode, or for do-not-translate) glossary terms."""
    inline = protect(source)
    if index is None:
        return Prepared(source, inline, inline.text, inline.tokens, ())
    pieces: list[str] = []
    tokens = list(inline.tokens)
    terms: list[tuple[int | None, Match, str]] = []
    last = 0
    for match in index.find(inline.text):
        target = _target_for(match, language)
        if target is None:
            continue
        if protect_terms and (mode == "enforce" or match.concept.dnt):
            tokens.append(target)
            number = len(tokens)
            pieces.append(inline.text[last : match.start])
            pieces.append(f"{{{number}}}")
            last = match.end
            terms.append((number, match, target))
        else:
            terms.append((None, match, target))
    pieces.append(inline.text[last:])
    return Prepared(source, inline, "".join(pieces), tuple(tokens), tuple(terms))


_EQUIVALENT_CHARS = str.maketrans({"ё": "е", "ʼ": "'", "’": "'", "‘": "'"})


def _norm(text: str) -> str:
    # Russian text often writes е for ё; Ukrainian apostrophes come in three shapes
    return unicodedata.normalize("NFC", text).casefold().translate(_EQUIVALENT_CHARS)


def contains_term(output: str, target: str) -> bool:
    """Whether ``target`` occurs in ``output``, allowing inflected word endings.

    Each word of the equivalent must start a word of the output in order;
    words longer than four letters may lose up to two final letters (so
    Polish ``obrona powietrzna`` is found in ``obrony powietrznej``).
    """
    words = [_norm(w) for w in re.findall(r"\w+", target)]
    if not words:
        return True
    stems = [w if len(w) <= 4 else w[: max(4, len(w) - 2)] for w in words]
    pattern = r"(?<!\w)" + r"\w*\W+".join(re.escape(s) for s in stems)
    return re.search(pattern, _norm(output)) is not None


def finish(output: str, prepared: Prepared) -> Finished:
    """Put markup and approved terms back into the engine's output and report terms."""
    term_numbers: set[int] = {n for n, _, _ in prepared.terms if n is not None}
    counts: dict[int, int] = {}
    for found in _PLACEHOLDER.finditer(output):
        number = int(found.group(1))
        counts[number] = counts.get(number, 0) + 1
    broken = any(counts.get(n, 0) != 1 for n in term_numbers) or any(
        n > len(prepared.tokens) for n in counts
    )
    if broken and term_numbers:
        return Finished("", (), retry=True)
    text = restore(output, prepared.tokens).text
    uses = []
    for placeholder, match, target in prepared.terms:
        if placeholder is not None:
            status = "enforced"
        else:
            status = "found" if contains_term(text, target) else "missing"
        uses.append(TermUse(match.concept.id, match.text, target, status))
    return Finished(text, tuple(uses), retry=False)


def finish_unprotected(output: str, prepared: Prepared) -> Finished:
    """Report for a segment re-translated after the engine broke its term placeholders."""
    text = restore(output, prepared.inline.tokens).text
    uses = tuple(
        TermUse(
            match.concept.id,
            match.text,
            target,
            "found" if contains_term(text, target) else "not-enforced",
        )
        for _, match, target in prepared.terms
    )
    return Finished(text, uses, retry=False)


def term_notes(uses: Sequence[TermUse]) -> list[str]:
    """Reviewer comments for a segment's glossary terms, one per distinct term."""
    return list(dict.fromkeys(use.note() for use in uses))
