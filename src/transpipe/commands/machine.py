"""Machine translation of segments in batches, steered to the glossary's terms.

Markup and invariant terms travel as placeholders; a segment whose placeholders
the engine broke is sent again unprotected, and one missing a glossary term is
sent again steered (see :mod:`transpipe.terms.enforce`).

An engine that scores its drafts (:class:`~transpipe.engines.ScoringEngine`,
Argos) gives each entry a ``score`` note from the first pass, a ``check: low
confidence`` note when the score is under
:data:`~transpipe.core.notes.LOW_CONFIDENCE_SCORE`, and a ``machine
translation: retried (...)`` note when the engine decoded a degenerate draft
again.  A draft steered or sent again later keeps the first pass's notes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from transpipe.core.errors import EngineError
from transpipe.core.notes import (
    LOW_CONFIDENCE,
    LOW_CONFIDENCE_SCORE,
    RetriedNote,
    ScoreNote,
    format_retried_note,
    format_score_note,
)
from transpipe.engines import Analyser, Engine, Scored, ScoringEngine
from transpipe.po.merge import Proposal
from transpipe.terms.enforce import (
    MISSING,
    Finished,
    Prepared,
    finish,
    finish_steered,
    finish_unprotected,
    prepare,
    steer,
    term_notes,
)
from transpipe.terms.glossary import GlossaryIndex


def _engine_call(
    engine: Engine,
    texts: Sequence[str],
    source: str,
    target: str,
    progress: Callable[[int], None] | None = None,
) -> list[str]:
    if progress is None:
        outputs = engine.translate(list(texts), source, target)
    else:
        outputs = engine.translate(list(texts), source, target, progress=progress)
    _check_count(engine, len(outputs), len(texts))
    return outputs


def _check_count(engine: Engine, got: int, sent: int) -> None:
    """Refuse an engine's answer that is not one translation per segment."""
    if got != sent:
        raise EngineError(
            f"engine {engine.name} returned {got} translations for {sent} "
            "segments; the engine is broken: report it to its authors"
        )


def translate_texts(
    engine: Engine,
    texts: Sequence[str],
    source: str,
    target: str,
    index: GlossaryIndex | None = None,
    mode: str = "enforce",
    progress: Callable[[int], None] | None = None,
) -> dict[str, Proposal]:
    """Machine-translate segments in one batch, then steer those missing a glossary term.

    Markup and invariant terms travel as placeholders; segments whose term
    placeholders the engine broke go through a second, unprotected batch and
    are flagged.  In enforce mode, segments with a missing term go through
    one steered batch (see :mod:`transpipe.terms.enforce`).  Keyed by source text.
    """
    prepared = [prepare(text, index, target) for text in texts]
    outputs, scores = _first_pass(engine, [p.text for p in prepared], source, target, progress)
    finished = [finish(output, p) for output, p in zip(outputs, prepared)]
    retry = [i for i, f in enumerate(finished) if f.retry]
    if retry:
        again = _engine_call(engine, [prepared[i].plain for i in retry], source, target)
        for i, output in zip(retry, again):
            finished[i] = finish_unprotected(output, prepared[i])
    if mode == "enforce":
        _steer(engine, prepared, finished, source, target)
    return {
        text: Proposal(f.text, (*score, *term_notes(f.terms)))
        for text, f, score in zip(texts, finished, scores)
    }


def _first_pass(
    engine: Engine,
    texts: Sequence[str],
    source: str,
    target: str,
    progress: Callable[[int], None] | None,
) -> tuple[list[str], list[tuple[str, ...]]]:
    """The engine's drafts and, from an engine that scores them, each draft's notes."""
    if not isinstance(engine, ScoringEngine):
        return _engine_call(engine, texts, source, target, progress), [() for _ in texts]
    scored = engine.translate_scored(list(texts), source, target, progress)
    _check_count(engine, len(scored), len(texts))
    return [s.text for s in scored], [score_notes(s) for s in scored]


def score_notes(scored: Scored) -> tuple[str, ...]:
    """The notes a scored draft leaves: its score, low confidence, why it was retried."""
    notes: list[str] = []
    if scored.score is not None:
        notes.append(format_score_note(ScoreNote(scored.score)))
        if scored.score < LOW_CONFIDENCE_SCORE:
            notes.append(LOW_CONFIDENCE)
    if scored.retried:
        notes.append(format_retried_note(RetriedNote(scored.retried)))
    return tuple(notes)


def _steer(
    engine: Engine,
    prepared: Sequence[Prepared],
    finished: list[Finished],
    source: str,
    target: str,
) -> None:
    """Translate again, steered, every segment with a missing term; keep what worked."""
    todo = [i for i, f in enumerate(finished) if any(u.status == MISSING for u in f.terms)]
    if not todo:
        return
    grammar: dict[str, str] = {}
    if isinstance(engine, Analyser):
        untagged = sorted({t.target for i in todo for t in prepared[i].terms if not t.grammar})
        if untagged:
            grammar = dict(zip(untagged, engine.grammar(untagged, target)))
    plans = {i: steer(prepared[i], finished[i], target, grammar) for i in todo}
    steered = {i: plan for i, plan in plans.items() if plan is not None}
    if not steered:
        return
    words = sorted({s.word.casefold() for plan in steered.values() for s in plan.stand_ins})
    translations: dict[str, str] = {}
    if words:
        for word, output in zip(words, _engine_call(engine, words, source, target)):
            found = re.findall(r"\w+", output)
            translations[word] = found[-1] if found else ""
    order = list(steered)
    again = _engine_call(engine, [steered[i].text for i in order], source, target)
    for i, output in zip(order, again):
        finished[i] = finish_steered(
            output, steered[i], prepared[i], finished[i], translations, target
        )
