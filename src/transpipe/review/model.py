"""The report's records and the order a reviewer reads its entries in.

Riskiest first (:func:`risk_order`): entries with an error finding, then
entries with a warning finding, then the other unreviewed entries, then the
approved ones.  Within each band the engine's lowest scores come first and
unscored entries last; ties keep catalogue order.  An approved entry with an
error finding stays in the first band: the gate fails on it.  The ``fuzzy``
and ``untranslated`` findings repeat an entry's state, so they rank nothing
(:data:`STATE_CODES`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, Literal

from transpipe.core.findings import ERROR, WARNING, Finding

State = Literal["approved", "fuzzy", "untranslated"]
STATES: Final[tuple[State, ...]] = ("approved", "fuzzy", "untranslated")
# the check codes that say no more than an entry's state
STATE_CODES: Final = frozenset({"fuzzy", "untranslated"})


@dataclass(frozen=True, slots=True)
class SourceLink:
    """Where an entry's sentence is in its article: ``text`` (``article.md:12``) and,
    where the article can be linked to, ``href`` relative to the report."""

    text: str
    href: str | None = None


@dataclass(frozen=True, slots=True)
class ReportEntry:
    """One catalogue entry as the reviewer sees it.

    ``catalogue`` and ``line`` say where the entry is (its msgid's line);
    ``score`` is the engine's score of the draft (None when it left none);
    ``notes`` are the entry's other ``#.`` notes and the translator's
    comment; ``findings`` what the checks found in the entry.
    """

    article: str
    language: str
    catalogue: str
    line: int
    msgid: str
    msgstr: str
    state: State
    msgctxt: str | None = None
    score: float | None = None
    low_confidence: bool = False
    retried: str | None = None
    notes: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = ()
    sources: tuple[SourceLink, ...] = ()

    @property
    def codes(self) -> tuple[str, ...]:
        """The finding codes of the entry, each once, in the order found."""
        return tuple(dict.fromkeys(f.code for f in self.findings))


@dataclass(frozen=True, slots=True)
class LanguageSummary:
    """Review progress of one language over every article of the report."""

    language: str
    approved: int
    fuzzy: int
    untranslated: int

    @property
    def total(self) -> int:
        return self.approved + self.fuzzy + self.untranslated

    @property
    def share(self) -> float:
        """The approved share (1.0 for a language with no entries)."""
        return self.approved / self.total if self.total else 1.0


@dataclass(frozen=True, slots=True)
class ReportData:
    """Everything the page shows: ``entries`` in reading order, and ``general`` findings
    that are about no single entry (a catalogue, an edition, an article's source)."""

    title: str
    languages: tuple[LanguageSummary, ...]
    entries: tuple[ReportEntry, ...]
    general: tuple[Finding, ...] = ()


def band(entry: ReportEntry) -> int:
    """0: an error finding; 1: a warning finding; 2: unreviewed; 3: approved."""
    severities = {f.severity for f in entry.findings if f.code not in STATE_CODES}
    if ERROR in severities:
        return 0
    if WARNING in severities:
        return 1
    return 3 if entry.state == "approved" else 2


def risk_order(entries: Iterable[ReportEntry]) -> list[ReportEntry]:
    """``entries`` riskiest first (see the module docstring); the sort is stable."""
    return sorted(
        entries,
        key=lambda e: (band(e), e.score is None, e.score if e.score is not None else 0.0),
    )
