"""The ``translate`` command: articles into catalogues for review.

Everything that can fail on input is checked before any translation or write;
each language's segments go to the engine in one batch, through the machine
memory; each catalogue is merged with the reviewer's work and written with a
compare-and-swap, so a save made meanwhile is merged, never overwritten.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from transpipe.commands.articles import (
    Article,
    back_translator,
    collect_articles,
    english_only,
    hash_text,
    load_index,
    read_articles,
    refuse_other_language,
    refuse_shared_names,
)
from transpipe.commands.machine import translate_texts
from transpipe.commands.project import check_inside, display_path, resolve_languages, through_link
from transpipe.core.config import Settings
from transpipe.core.errors import (
    CatalogError,
    InputError,
)
from transpipe.core.fileio import (
    ChangedMeanwhile,
    content_digest,
)
from transpipe.core.languages import Language
from transpipe.core.lock import locking
from transpipe.core.model import CatalogData, ModelInfo, Sentence, SourceEntry
from transpipe.core.notes import ChangeNote, format_change_note, machine_label
from transpipe.engines import Engine, create_engine
from transpipe.fragments.detect import (
    Detector,
    Fragment,
)
from transpipe.fragments.lexicon import Lexicons
from transpipe.po.catalog import po_header, read_catalog, template_data, write_catalog
from transpipe.po.memory import MachineMemory
from transpipe.po.merge import MergeStats, Proposal, merge_catalog
from transpipe.terms.enforce import (
    STEERING,
)
from transpipe.terms.glossary import GlossaryIndex
from transpipe.terms.normalise import (
    Normalisation,
    normalise_sentence,
)

_CAS_ATTEMPTS = 5  # re-merges of a catalogue a reviewer keeps saving before giving up

# (language, segments done, segments in all) after each step of a language's work
ProgressHook = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class CatalogResult:
    """One written (or already up-to-date) catalogue."""

    language: str
    path: Path
    written: bool
    stats: MergeStats
    merged_edits: bool = False  # someone saved the catalogue during the run: merged, kept
    # the catalogue was last translated by another engine: its name, and how many of its
    # unreviewed machine translations this run replaced (its output stays in the memory)
    switched_from: str | None = None
    replaced: int = 0


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """What ``translate`` did for one article."""

    path: Path
    name: str
    sentences: int
    unique: int
    template: Path
    template_written: bool
    catalogs: tuple[CatalogResult, ...]


@dataclass(frozen=True, slots=True)
class TranslateResult:
    """What ``translate`` did for the whole run."""

    articles: tuple[ArticleResult, ...]
    models: tuple[ModelInfo, ...]
    fragments: tuple[tuple[str, tuple[Fragment, ...]], ...]
    segments_translated: int


def _change_note(change: Normalisation) -> str:
    return format_change_note(
        ChangeNote(change.action, change.text, change.replacement, change.term_id, change.reason)
    )


def source_entries(article: Article) -> list[SourceEntry]:
    """Distinct normalised sentences in order, each with all references and its notes."""
    refs: dict[str, list[tuple[str, int]]] = {}
    notes: dict[str, list[str]] = {}
    # a gettext reference cannot hold whitespace: spaces in file names are written as %20
    reference = re.sub(r"\s", lambda m: f"%{ord(m.group()):02X}", article.document.path)
    for i, normalised in enumerate(article.sentences):
        refs.setdefault(normalised.text, []).append((reference, normalised.sentence.line))
        bucket = notes.setdefault(normalised.text, [])
        extra = article.fragment_notes[i] if i < len(article.fragment_notes) else ()
        own = (normalised.sentence.note,) if normalised.sentence.note else ()
        shown = (*normalised.changes, *normalised.suggestions)
        for note in (*own, *extra, *(_change_note(c) for c in shown)):
            if note not in bucket:
                bucket.append(note)
    return [
        SourceEntry(msgid=text, references=tuple(r), notes=tuple(notes[text]))
        for text, r in refs.items()
    ]


@dataclass(frozen=True, slots=True)
class _Plan:
    """Everything ``translate`` read and checked before any translation or write."""

    languages: tuple[Language, ...]
    models: tuple[ModelInfo, ...]
    index: GlossaryIndex | None
    articles: tuple[Article, ...]
    entries: Mapping[str, list[SourceEntry]]  # by article name
    write_to: Mapping[tuple[str, str], Path]  # (article, language) -> where it is written
    existing: Mapping[tuple[str, str], CatalogData]
    digests: Mapping[tuple[str, str], str]  # what each catalogue was when it was read


@locking("translate")
def translate(
    inputs: Sequence[str],
    settings: Settings,
    *,
    targets: Sequence[str] | None = None,
    engine: Engine | None = None,
    progress: ProgressHook | None = None,
    base: Path | None = None,
    fix: bool = False,
) -> TranslateResult:
    """Translate articles into catalogues: ``<locales>/<name>.pot`` and ``<lang>/<name>.po``.

    Everything that can fail on input (languages, models, articles, existing
    catalogues) is checked before any translation or write.  All sentences of
    all articles go to the engine in one batch per language.
    """
    languages = resolve_languages(settings, targets)
    collect_articles(inputs, base)  # a missing article is named before a missing model
    engine = create_engine(settings.engine) if engine is None else engine
    plan = _plan(inputs, settings, languages, engine, base, fix)
    machine, sent = _machine_outputs(plan, settings, engine, progress)
    renormalise = _renormaliser(plan.index, settings)
    written = tuple(_write_article(plan, settings, a, machine, renormalise) for a in plan.articles)
    return TranslateResult(
        fragments=tuple((a.document.path, a.fragments) for a in plan.articles if a.fragments),
        articles=written,
        models=plan.models,
        segments_translated=sent,
    )


def _plan(
    inputs: Sequence[str],
    settings: Settings,
    languages: Sequence[Language],
    engine: Engine,
    base: Path | None,
    fix: bool,
) -> _Plan:
    """Models, articles and existing catalogues, read and checked; nothing written."""
    models = tuple(engine.require(settings.source, lang.code) for lang in languages)
    index = load_index(settings)
    # stray fragments are foreign to an English article; another source has none to find
    detector = (
        Detector(index, back_translator(settings, engine)) if english_only(settings) else None
    )
    articles = read_articles(
        inputs, settings, index, base, detector=detector, fix=fix or settings.fix_fragments
    )
    refuse_shared_names(articles, "catalogue")
    lexicons = detector.lexicons if detector is not None else Lexicons()
    for article in articles:
        refuse_other_language(article, settings.source, lexicons)
    pairs = [(a.name, lang.code) for a in articles for lang in languages]
    check_inside(
        settings,
        [settings.memory_path]
        + [settings.locales_dir / f"{a.name}.pot" for a in articles]
        + [settings.catalog_path(name, code) for name, code in pairs],
    )
    # where each catalogue is written (a linked one's target, checked too), before any work
    write_to = {p: through_link(settings, settings.catalog_path(*p)) for p in pairs}
    existing: dict[tuple[str, str], CatalogData] = {}
    digests: dict[tuple[str, str], str] = {}
    by_name = {a.name: a for a in articles}
    for name, code in pairs:
        po_path = settings.catalog_path(name, code)
        digests[(name, code)] = content_digest(po_path)
        if po_path.exists():
            existing[(name, code)] = read_catalog(po_path)
            _refuse_a_namesakes_catalog(existing[(name, code)], by_name[name], po_path, settings)
    entries = {article.name: source_entries(article) for article in articles}
    return _Plan(
        tuple(languages), models, index, tuple(articles), entries, write_to, existing, digests
    )


def _machine_outputs(
    plan: _Plan, settings: Settings, engine: Engine, progress: ProgressHook | None
) -> tuple[dict[str, dict[str, Proposal]], int]:
    """Machine output by language and msgid, from the memory or the engine; segments sent."""
    all_texts = list(dict.fromkeys(e.msgid for a in plan.articles for e in plan.entries[a.name]))
    wanted = {a.name: {e.msgid for e in plan.entries[a.name]} for a in plan.articles}
    memory = MachineMemory(settings.memory_path)
    machine: dict[str, dict[str, Proposal]] = {}
    sent = 0
    try:
        for lang, model in zip(plan.languages, plan.models):
            needing = _needing_machine(wanted, plan.existing, lang.code)
            needed = [m for m in all_texts if m in needing]
            context = _memory_context(settings, model, plan.index)
            remembered = memory.get(context, needed)
            todo = [m for m in needed if m not in remembered]
            step = _language_progress(progress, lang.code, len(todo))
            fresh = (
                translate_texts(engine, todo, settings.source, lang.code, plan.index,
                                settings.glossary_mode, step)
                if todo
                else {}
            )  # fmt: skip
            sent += len(todo)
            memory.put(context, {m: (out.machine, out.notes) for m, out in fresh.items()})
            outputs = {m: Proposal(text, notes) for m, (text, notes) in remembered.items()}
            outputs.update(fresh)
            machine[lang.code] = outputs
            if progress is not None:
                progress(lang.code, len(todo), len(todo))
    finally:
        memory.close()
    return machine, sent


def _write_article(
    plan: _Plan,
    settings: Settings,
    article: Article,
    machine: Mapping[str, Mapping[str, Proposal]],
    renormalise: Callable[[str], str] | None,
) -> ArticleResult:
    """Write the template and every language's catalogue of one article."""
    doc_entries = plan.entries[article.name]
    source_hash = hash_text(article.text)
    pot_path = settings.locales_dir / f"{article.name}.pot"
    pot_written = write_catalog(template_data(doc_entries, article.name, source_hash), pot_path)
    catalogs = tuple(
        _write_language(plan, settings, article, source_hash, lang, model, machine[lang.code],
                        renormalise)
        for lang, model in zip(plan.languages, plan.models)
    )  # fmt: skip
    return ArticleResult(
        path=article.path,
        name=article.name,
        sentences=len(article.sentences),
        unique=len(doc_entries),
        template=pot_path,
        template_written=pot_written,
        catalogs=catalogs,
    )


def _write_language(
    plan: _Plan,
    settings: Settings,
    article: Article,
    source_hash: str,
    lang: Language,
    model: ModelInfo,
    outputs: Mapping[str, Proposal],
    renormalise: Callable[[str], str] | None,
) -> CatalogResult:
    """Merge machine output into one catalogue and write it, compare-and-swap."""
    key = (article.name, lang.code)
    po_path = plan.write_to[key]
    previous = plan.existing.get(key)
    expect = plan.digests[key]
    equivalents = _equivalents(plan.index, lang.code)
    merged_edits = False
    before = previous.meta("X-Transpipe-Engine") if previous is not None else None
    switched_from = before if before and before != model.engine else None
    for _ in range(_CAS_ATTEMPTS):
        data, stats = merge_catalog(
            plan.entries[article.name],
            outputs,
            po_header(lang, model, article.name, source_hash),
            previous,
            model_note=machine_label(model_label(model)),
            equivalents=equivalents,
            renormalise=renormalise,
        )
        try:
            written = write_catalog(data, po_path, previous, expect=expect)
            break
        except ChangedMeanwhile:
            # a reviewer saved the catalogue while this run worked: merge into
            # their save (their approvals and edits win over machine output)
            expect = content_digest(po_path)
            previous = read_catalog(po_path) if expect else None
            merged_edits = True
    else:
        raise CatalogError(
            "the catalogue kept changing while this run tried to write it; nothing "
            "was overwritten: run transpipe translate again",
            path=display_path(po_path, settings.root),
        )
    replaced = _replaced_drafts(previous, data) if switched_from else 0
    return CatalogResult(lang.code, po_path, written, stats, merged_edits, switched_from, replaced)


def model_label(model: ModelInfo) -> str:
    """``argos translate-en_de-1_9 1.9``, ``pseudo 1``: an engine's name said once."""
    parts = [model.engine] if model.name == model.engine else [model.engine, model.name]
    return " ".join([*parts, model.version]).strip()


def _language_progress(
    progress: ProgressHook | None, language: str, total: int
) -> Callable[[int], None] | None:
    """The engine's per-segment callback for one language, reporting to ``progress``."""
    if progress is None:
        return None
    progress(language, 0, total)
    hook = progress

    def step(done: int) -> None:
        hook(language, done, total)

    return step


def _needing_machine(
    wanted: Mapping[str, set[str]], existing: Mapping[tuple[str, str], CatalogData], language: str
) -> set[str]:
    """Msgids some article still needs machine output for in ``language``.

    A msgid approved in the catalogue of every article that has it needs none:
    the reviewer's translation stands and the engine is not asked again.
    """
    needed: set[str] = set()
    for name, msgids in wanted.items():
        data = existing.get((name, language))
        done = {e.msgid for e in data.entries if e.approved} if data is not None else set()
        needed |= msgids - done
    return needed


def _memory_context(settings: Settings, model: ModelInfo, index: GlossaryIndex | None) -> list[str]:
    e = settings.engine
    return [
        model.engine, model.name, model.version, model.source, model.target,
        str(e.beam_size), e.compute_type,
        index.glossary.version if index is not None else "-", settings.glossary_mode, STEERING,
    ]  # fmt: skip


def _equivalents(index: GlossaryIndex | None, language: str) -> dict[str, tuple[str, ...]]:
    """Accepted equivalents per concept id in ``language`` (the approved one first)."""
    if index is None:
        return {}
    found = {}
    for concept in index.glossary.concepts:
        accepted = concept.equivalents(language)
        if accepted:
            found[concept.id] = accepted
    return found


def _renormaliser(index: GlossaryIndex | None, settings: Settings) -> Callable[[str], str] | None:
    if index is None:
        return None

    def renormalise(text: str) -> str:
        sentence = Sentence(text=text, line=1, start=0, end=len(text))
        return normalise_sentence(
            sentence,
            text,
            index,
            expand_abbreviations=settings.expand_abbreviations,
            house_style=settings.house_style,
        ).text

    return renormalise


def _replaced_drafts(previous: CatalogData | None, merged: CatalogData) -> int:
    """How many unreviewed translations of ``previous`` the merge gave another text."""
    if previous is None:
        return 0
    now = {(e.msgctxt, e.msgid): e.msgstr for e in merged.entries if not e.obsolete}
    return sum(
        1
        for e in previous.entries
        if e.fuzzy
        and e.msgstr
        and not e.obsolete
        and (e.msgctxt, e.msgid) in now
        and now[(e.msgctxt, e.msgid)] != e.msgstr
    )


def _refuse_a_namesakes_catalog(
    data: CatalogData, article: Article, po_path: Path, settings: Settings
) -> None:
    """A catalogue whose ``#:`` references name another article that still exists belongs
    to that article: translating a namesake into it would turn its reviewed entries obsolete.
    (An article that moved leaves references to a file that is gone: that is its own.)"""
    files = {f for e in data.entries if not e.obsolete for f, _ in e.references}
    if not files or article.document.path in files:
        return
    others = sorted(f for f in files if (settings.root / f).is_file())
    if others:
        raise InputError(
            f"holds the translations of {others[0]}, another article with the same name as "
            f"{article.document.path}; rename one of them",
            path=display_path(po_path, settings.root),
        )
