"""The ``translate`` command: articles into catalogues for review.

Everything that can fail on input is checked before any translation or write;
each language's segments go to the engine in one batch, through the machine
memory; each catalogue is merged with the reviewer's work and written with a
compare-and-swap, so a save made meanwhile is merged, never overwritten.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from transpipe.commands.articles import (
    Article,
    ArticleReader,
    collect_articles,
    hash_text,
    load_index,
    refuse_shared_paths,
    translation_reader,
)
from transpipe.commands.executors import Executor, ExecutorSpec, LocalExecutor
from transpipe.commands.project import (
    check_inside,
    display_path,
    display_paths,
    resolve_languages,
    through_link,
)
from transpipe.commands.shards import Shard, shard_memory, shard_paths
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
from transpipe.core.model import CatalogData, ModelInfo, Sentence, SourceEntry, article_name
from transpipe.core.notes import ChangeNote, format_change_note, machine_label
from transpipe.engines import Engine, create_engine
from transpipe.fragments.detect import (
    Fragment,
)
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

WINDOW = 200  # articles read, translated and written together (a bounded share of memory)
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
    shown: str = ""  # the article's path as its catalogues' references give it
    fragments: tuple[Fragment, ...] = ()  # stray fragments found in it


# each article's result as soon as its catalogues are written (see ``translate``)
ArticleHook = Callable[[ArticleResult], None]


@dataclass(frozen=True, slots=True)
class TranslateTotals:
    """Counts over a whole run, kept whether or not each article's result is."""

    articles: int = 0
    sentences: int = 0
    unique: int = 0  # distinct sentences of each article, summed over articles
    catalogs: int = 0
    written: int = 0  # catalogues (not templates) written, the others were up to date
    with_fragments: int = 0  # articles with stray fragments

    def add(self, article: ArticleResult) -> TranslateTotals:
        return TranslateTotals(
            self.articles + 1,
            self.sentences + article.sentences,
            self.unique + article.unique,
            self.catalogs + len(article.catalogs),
            self.written + sum(c.written for c in article.catalogs),
            self.with_fragments + bool(article.fragments),
        )


@dataclass(frozen=True, slots=True)
class TranslateResult:
    """What ``translate`` did for the whole run.

    ``articles`` and ``fragments`` are empty when the run handed each article's
    result to an ``on_article`` hook instead; ``totals`` are always there.
    """

    articles: tuple[ArticleResult, ...]
    models: tuple[ModelInfo, ...]
    fragments: tuple[tuple[str, tuple[Fragment, ...]], ...]
    segments_translated: int
    totals: TranslateTotals = TranslateTotals()


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
    """A window of articles, read and checked before any of its translation or writes."""

    languages: tuple[Language, ...]
    models: tuple[ModelInfo, ...]
    index: GlossaryIndex | None
    articles: tuple[Article, ...]
    entries: Mapping[str, list[SourceEntry]]  # by article name
    write_to: Mapping[tuple[str, str], Path]  # (article, language) -> where it is written
    existing: Mapping[tuple[str, str], CatalogData]
    digests: Mapping[tuple[str, str], str]  # what each catalogue was when it was read


@locking("translate", shared_if="shard")
def translate(
    inputs: Sequence[str],
    settings: Settings,
    *,
    targets: Sequence[str] | None = None,
    engine: Engine | None = None,
    progress: ProgressHook | None = None,
    base: Path | None = None,
    fix: bool = False,
    shard: Shard | None = None,
    executor: ExecutorSpec | None = None,
    window: int = WINDOW,
    on_article: ArticleHook | None = None,
) -> TranslateResult:
    """Translate articles into catalogues: ``<locales>/<name>.pot`` and ``<lang>/<name>.po``.

    Languages, models, the articles' names and every path the run writes are
    checked before anything is read or translated.  Articles then go through
    in windows of ``window``: each window is read and checked (articles,
    existing catalogues) before any of its translation or writes, its
    segments go to the engine in one batch per language (those no memory
    holds, each once), and its catalogues are written before the next window
    is read, so the run's memory stays that of one window however large the
    archive.  A run of up to ``window`` articles checks everything before any
    write.

    With ``shard``, only the shard's articles are translated, into the
    shard's own memory file (:mod:`transpipe.commands.shards`); shards of one
    project may run at once.  ``executor`` says where reading and
    translation run (:mod:`transpipe.commands.executors`).

    ``on_article`` is called with each article's result once its catalogues
    are written; the run then keeps no per-article result (the returned
    ``articles`` and ``fragments`` are empty, ``totals`` counts them), so its
    memory does not grow with the archive.
    """
    languages = resolve_languages(settings, targets)
    every = collect_articles(inputs, base)  # a missing article is named before a missing model
    shown = display_paths(every, settings.root)
    refuse_shared_paths(shown, "catalogue")
    named = shard_paths(every, shown, shard)
    paths = [path for path, _ in named]
    engine = create_engine(settings.engine) if engine is None else engine
    models = tuple(engine.require(settings.source, lang.code) for lang in languages)
    index = load_index(settings)
    memory_path, also = shard_memory(settings, shard)
    _check_writes(settings, [article_name(s) for _, s in named], languages, memory_path)
    reader = translation_reader(settings, index, fix=fix or settings.fix_fragments, engine=engine)
    runner = start_executor(executor or ExecutorSpec(), settings, reader, engine, index)
    memory = MachineMemory(memory_path, also)
    try:
        run = _Run(settings, languages, models, index, runner, memory, progress, on_article)
        return run.over(paths, window)
    finally:
        memory.close()
        runner.close()


def _check_writes(
    settings: Settings, names: Sequence[str], languages: Sequence[Language], memory: Path
) -> None:
    """Every file the run may write is inside the project: checked before any is read."""
    check_inside(
        settings,
        [memory]
        + [settings.locales_dir / f"{name}.pot" for name in names]
        + [settings.catalog_path(name, lang.code) for name in names for lang in languages],
    )


@dataclass(slots=True)
class _Run:
    """What one run holds from window to window: none of the articles done."""

    settings: Settings
    languages: Sequence[Language]
    models: tuple[ModelInfo, ...]
    index: GlossaryIndex | None
    runner: Executor
    memory: MachineMemory
    progress: ProgressHook | None
    on_article: ArticleHook | None

    def over(self, paths: Sequence[Path], window: int) -> TranslateResult:
        """Read, translate and write the articles one window after another."""
        settings, counter = self.settings, _RunProgress(self.progress)
        kept: list[ArticleResult] = []
        totals = TranslateTotals()
        sent = 0
        renormalise = _renormaliser(self.index, settings)
        for articles in _windows(self.runner.articles(paths), window):
            plan = _plan(articles, settings, self.languages, self.models, self.index)
            machine, count = _machine_outputs(plan, settings, self.runner, self.memory, counter)
            sent += count
            for article in plan.articles:
                done = _write_article(plan, settings, article, machine, renormalise)
                totals = totals.add(done)
                if self.on_article is None:
                    kept.append(done)
                else:
                    self.on_article(done)
        return TranslateResult(
            fragments=tuple((a.shown, a.fragments) for a in kept if a.fragments),
            articles=tuple(kept),
            models=self.models,
            segments_translated=sent,
            totals=totals,
        )


def _windows(articles: Iterator[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) >= max(1, size):
            yield batch
            batch = []
    if batch:
        yield batch


def _plan(
    articles: Sequence[Article],
    settings: Settings,
    languages: Sequence[Language],
    models: Sequence[ModelInfo],
    index: GlossaryIndex | None,
) -> _Plan:
    """A window's existing catalogues, read and checked; nothing written."""
    pairs = [(a.name, lang.code) for a in articles for lang in languages]
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
        tuple(languages), tuple(models), index, tuple(articles), entries, write_to, existing,
        digests,
    )  # fmt: skip


def _machine_outputs(
    plan: _Plan,
    settings: Settings,
    runner: Executor,
    memory: MachineMemory,
    counter: _RunProgress,
) -> tuple[dict[str, dict[str, Proposal]], int]:
    """Machine output by language and msgid, from the memory or the engine; segments sent."""
    all_texts = list(dict.fromkeys(e.msgid for a in plan.articles for e in plan.entries[a.name]))
    wanted = {a.name: {e.msgid for e in plan.entries[a.name]} for a in plan.articles}
    machine: dict[str, dict[str, Proposal]] = {}
    sent = 0
    for lang, model in zip(plan.languages, plan.models):
        needing = _needing_machine(wanted, plan.existing, lang.code)
        needed = [m for m in all_texts if m in needing]
        context = _memory_context(settings, model, plan.index)
        remembered = memory.get(context, needed)
        todo = [m for m in needed if m not in remembered]
        step = counter.start(lang.code, len(todo))
        fresh = runner.translate(todo, settings.source, lang.code, step) if todo else {}
        sent += len(todo)
        memory.put(context, {m: (out.machine, out.notes) for m, out in fresh.items()})
        outputs = {m: Proposal(text, notes) for m, (text, notes) in remembered.items()}
        outputs.update(fresh)
        machine[lang.code] = outputs
        counter.finish(lang.code, len(todo))
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
        shown=article.document.path,
        fragments=article.fragments,
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


def start_executor(
    spec: ExecutorSpec,
    settings: Settings,
    reader: ArticleReader,
    engine: Engine,
    index: GlossaryIndex | None,
) -> Executor:
    """The executor ``spec`` names, started (a Ray one connects to its cluster here)."""
    if spec.kind == "local":
        return LocalExecutor(reader, engine, index, settings.glossary_mode)
    from transpipe.commands.ray_executor import RayExecutor

    return RayExecutor(spec, settings, reader, index)


class _RunProgress:
    """Per-language progress over a run's windows: one bar per language, growing."""

    def __init__(self, hook: ProgressHook | None) -> None:
        self.hook = hook
        self.done: dict[str, int] = {}  # segments translated in earlier windows

    def start(self, language: str, total: int) -> Callable[[int], None] | None:
        """The engine's per-segment callback for one window's ``total`` segments."""
        hook = self.hook
        if hook is None:
            return None
        before = self.done.get(language, 0)
        hook(language, before, before + total)

        def step(done: int) -> None:
            hook(language, before + done, before + total)

        return step

    def finish(self, language: str, count: int) -> None:
        self.done[language] = self.done.get(language, 0) + count
        if self.hook is not None:
            self.hook(language, self.done[language], self.done[language])


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
