"""The library API behind the CLI: each command is one function here.

Functions take paths and settings, return result records, and never print,
prompt or exit; errors are :class:`~transpipe.core.errors.TranspipeError`.
"""

from __future__ import annotations

import codecs
import glob
import hashlib
import heapq
import os
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from transpipe.checks.rules import (
    ERROR,
    WARNING,
    Finding,
    check_completeness,
    check_entries,
    check_fragments,
    check_glossary,
    check_header,
)
from transpipe.core.config import Settings, check_share
from transpipe.core.errors import (
    CatalogError,
    ConfigError,
    InputError,
    LanguageError,
    TranspipeError,
)
from transpipe.core.fileio import (
    ChangedMeanwhile,
    atomic_write_bytes,
    atomic_write_text,
    content_digest,
    read_limited,
)
from transpipe.core.languages import Language, language
from transpipe.core.lock import locking
from transpipe.core.model import CatalogData, Document, ModelInfo, Sentence, SourceEntry
from transpipe.document import MAX_ARTICLE_BYTES, decode_article, read_document
from transpipe.document.edition import (
    Edition,
    MarkupMismatchError,
    build_edition,
    is_draft,
    source_edition,
)
from transpipe.engines import Analyser, Engine, LanguagePair, create_engine
from transpipe.fragments.detect import (
    Detector,
    Fragment,
    apply_repairs,
    article_language,
    detect_document,
    fixable,
)
from transpipe.po.catalog import SOURCE_KEY, po_header, read_catalog, template_data, write_catalog
from transpipe.po.memory import MachineMemory
from transpipe.po.merge import MergeStats, Proposal, merge_catalog
from transpipe.terms.enforce import (
    MISSING,
    STEERING,
    Finished,
    Prepared,
    finish,
    finish_steered,
    finish_unprotected,
    prepare,
    steer,
    term_notes,
)
from transpipe.terms.glossary import Glossary, GlossaryIndex
from transpipe.terms.glossary_io import load_glossaries
from transpipe.terms.normalise import (
    EXPAND,
    SUGGEST,
    Normalisation,
    NormalisedSentence,
    apply_changes,
    normalise_document,
    normalise_sentence,
)

ARTICLE_SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm")
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


def collect_articles(inputs: Sequence[str], base: Path | None = None) -> list[Path]:
    """Expand files, folders (searched recursively) and glob patterns into article files.

    Raises :class:`InputError` for an input that matches nothing.
    """
    base = Path.cwd() if base is None else base
    found: dict[Path, None] = {}
    for item in inputs:
        path = Path(item) if Path(item).is_absolute() else base / item
        if path.is_dir():
            matches = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
            )
            if not matches:
                raise InputError(
                    "no articles (.md, .markdown, .txt, .html, .htm) in this folder", path=item
                )
        elif path.exists():
            matches = [path]
        elif glob.has_magic(item):
            matches = sorted(Path(p) for p in glob.glob(str(path), recursive=True))
            matches = [p for p in matches if p.is_file()]
            if not matches:
                raise InputError("the pattern matches no file", path=item)
        else:
            raise InputError("no such file or folder", path=item)
        for match in matches:
            _check_name(match)
            found[match.resolve()] = None
    if not found:
        raise InputError("no article given")
    return list(found)


def _check_name(path: Path) -> None:
    """Refuse an article whose name a catalogue cannot record (``#:`` references and the
    header name it): control characters such as a newline, bytes that are not UTF-8, a
    trailing backslash."""
    name = str(path)
    shown = os.fsencode(name).decode("utf-8", "backslashreplace")
    shown = "".join(c if c.isprintable() else ascii(c)[1:-1] for c in shown)
    if any(0xD800 <= ord(c) <= 0xDFFF for c in name):
        why = "is not UTF-8"
    elif any(unicodedata.category(c) == "Cc" for c in name):
        why = "holds a control character"
    elif name.endswith("\\"):
        why = "ends in a backslash"
    else:
        return
    raise InputError(f"the file name {why}, which a catalogue cannot record; rename it", path=shown)


def display_path(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` when inside it, in POSIX form (for references)."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


@dataclass(frozen=True, slots=True)
class Article:
    """A read article: its decoded text, parsed document, normalised sentences and
    the stray fragments found in it (``fragment_notes``: reviewer notes by sentence)."""

    path: Path
    text: str
    document: Document
    sentences: tuple[NormalisedSentence, ...]
    fragments: tuple[Fragment, ...] = ()
    fragment_notes: tuple[tuple[str, ...], ...] = ()

    @property
    def name(self) -> str:
        return self.document.name


def load_article(path: Path, root: Path) -> tuple[str, Document]:
    """Read and parse one article; errors name the file (and line)."""
    shown = display_path(path, root)
    data = read_limited(path, shown, MAX_ARTICLE_BYTES, InputError, "article")
    text = decode_article(data, shown)
    return text, read_document(text, shown)


# the language the glossaries' terms and fragment detection are written for
ENGLISH = "en"


def english_only(settings: Settings) -> bool:
    """Whether the glossary and fragment detection apply: the source is English."""
    return settings.source == ENGLISH


def load_index(settings: Settings, extra: Sequence[Path] = ()) -> GlossaryIndex | None:
    """The configured glossaries (then ``extra``) compiled for matching; None if none.

    Glossary terms are English: for another source language there is none, so
    nothing in a French or Russian article is normalised or steered by them.
    """
    if (not settings.glossaries and not extra) or not english_only(settings):
        return None
    return GlossaryIndex.build(load_glossary(settings, extra))


def read_articles(
    inputs: Sequence[str],
    settings: Settings,
    index: GlossaryIndex | None,
    base: Path | None,
    *,
    detector: Detector | None = None,
    fix: bool = False,
) -> list[Article]:
    """Read, parse and normalise every article named by ``inputs``.

    With a ``detector``, stray fragments are found in the text as read; with
    ``fix``, the glossary-backed repairs among them are applied before
    normalisation.
    """
    articles = []
    for path in collect_articles(inputs, base):
        text, document = load_article(path, settings.root)
        fragments: tuple[Fragment, ...] = ()
        notes: tuple[tuple[str, ...], ...] = ()
        if detector is not None:
            fragments = tuple(detect_document(document, text, detector, settings.source))
            fixes = [f for f in fragments if fix and fixable(f, index)]
            notes = _fragment_notes(document, fragments, fixes)
            if fixes:
                repaired = apply_repairs(text, fixes)
                fixed_document = read_document(repaired, document.path)
                if len(fixed_document.sentences()) == len(document.sentences()):
                    text, document = repaired, fixed_document
                else:  # a repair changed the sentence split: keep the text as it was
                    notes = _fragment_notes(document, fragments, [])
        if index is None:
            sentences = tuple(NormalisedSentence(s, s.text, ()) for s in document.sentences())
        else:
            sentences = tuple(
                normalise_document(
                    document,
                    text,
                    index,
                    expand_abbreviations=settings.expand_abbreviations,
                    house_style=settings.house_style,
                )
            )
        articles.append(Article(path, text, document, sentences, fragments, notes))
    return articles


def _fragment_notes(
    document: Document, fragments: Sequence[Fragment], fixed: Sequence[Fragment]
) -> tuple[tuple[str, ...], ...]:
    """Reviewer notes for each sentence of ``document``: the fragments inside it.

    A fragment belongs to the first sentence, in document order, whose span
    holds its start (an HTML attribute's sentence lies inside the span of the
    sentence around its tag, and comes first).  One sweep over both, sorted by
    offset, keeps this linear in the article's size.
    """
    sentences = document.sentences()
    notes: list[list[str]] = [[] for _ in sentences]
    order = sorted(range(len(sentences)), key=lambda i: sentences[i].start)
    owner: dict[int, int] = {}
    open_sentences: list[tuple[int, int]] = []  # heap of (document index, end)
    added = 0
    for f in sorted(range(len(fragments)), key=lambda f: fragments[f].start):
        point = fragments[f].start
        while added < len(order) and sentences[order[added]].start <= point:
            s = sentences[order[added]]
            heapq.heappush(open_sentences, (order[added], max(s.end, s.start + 1)))
            added += 1
        while open_sentences and open_sentences[0][1] <= point:
            heapq.heappop(open_sentences)  # ended before this point, so before every later one
        if open_sentences:
            owner[f] = open_sentences[0][0]
    done_set = set(fixed)
    for f, fragment in enumerate(fragments):
        if f in owner:
            lang = f" ({fragment.lang})" if fragment.lang else ""
            hint = f" → {fragment.suggestion}" if fragment.suggestion else ""
            done = "; fixed" if fragment in done_set else ""
            if fragment.kind == "foreign-paragraph":  # the text is the paragraph: not repeated
                notes[owner[f]].append(
                    f"fragment: foreign-paragraph{lang}: this paragraph is not in the source "
                    f"language (confidence {fragment.confidence:.2f}){hint}"
                )
                continue
            notes[owner[f]].append(f"fragment: {fragment.kind} {fragment.text}{lang}{hint}{done}")
    return tuple(tuple(n) for n in notes)


def _change_note(change: Normalisation) -> str:
    concept = f" [{change.term_id}]" if change.term_id else ""
    if change.action == SUGGEST:
        return f"suggestion: {change.text} → {change.replacement}{concept} ({change.reason})"
    verb = "expanded" if change.action == EXPAND else f"normalised ({change.action})"
    because = f" ({change.reason})" if change.reason else ""
    return f"{verb}: {change.text} → {change.replacement}{concept}{because}"


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


def resolve_languages(settings: Settings, targets: Sequence[str] | None) -> list[Language]:
    """Validated target languages: ``targets`` or the configured ones."""
    codes = list(targets) if targets else list(settings.targets)
    if not codes:
        raise ConfigError("no target language; pass --to de,fr or set targets in transpipe.toml")
    language(settings.source)
    resolved = [language(code) for code in codes]
    for lang in resolved:
        if lang.code == settings.source:
            raise LanguageError(f"target language {lang.code!r} is the source language")
    return resolved


@dataclass(frozen=True, slots=True)
class MachineOutput:
    """The engine's translation of one segment and the reviewer notes about it."""

    text: str
    notes: tuple[str, ...] = ()


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
    if len(outputs) != len(texts):
        raise AssertionError(f"engine {engine.name} returned {len(outputs)} of {len(texts)}")
    return outputs


def translate_texts(
    engine: Engine,
    texts: Sequence[str],
    source: str,
    target: str,
    index: GlossaryIndex | None = None,
    mode: str = "enforce",
    progress: Callable[[int], None] | None = None,
) -> dict[str, MachineOutput]:
    """Machine-translate segments in one batch, then steer those missing a glossary term.

    Markup and invariant terms travel as placeholders; segments whose term
    placeholders the engine broke go through a second, unprotected batch and
    are flagged.  In enforce mode, segments with a missing term go through
    one steered batch (see :mod:`transpipe.terms.enforce`).  Keyed by source text.
    """
    prepared = [prepare(text, index, target) for text in texts]
    outputs = _engine_call(engine, [p.text for p in prepared], source, target, progress)
    finished = [finish(output, p) for output, p in zip(outputs, prepared)]
    retry = [i for i, f in enumerate(finished) if f.retry]
    if retry:
        again = _engine_call(engine, [prepared[i].plain for i in retry], source, target)
        for i, output in zip(retry, again):
            finished[i] = finish_unprotected(output, prepared[i])
    if mode == "enforce":
        _steer(engine, prepared, finished, source, target)
    return {
        text: MachineOutput(f.text, tuple(term_notes(f.terms))) for text, f in zip(texts, finished)
    }


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
    models = [engine.require(settings.source, lang.code) for lang in languages]
    index = load_index(settings)

    # stray fragments are foreign to an English article; another source has none to find
    detector = (
        Detector(index, back_translator(settings, engine)) if english_only(settings) else None
    )
    articles = read_articles(
        inputs, settings, index, base, detector=detector, fix=fix or settings.fix_fragments
    )
    _refuse_shared_names(articles, "catalogue")
    for article in articles:
        _refuse_other_language(article, settings.source)

    locales = settings.locales_dir
    _check_inside(
        settings,
        [settings.memory_path]
        + [locales / f"{a.name}.pot" for a in articles]
        + [settings.catalog_path(a.name, lang.code) for a in articles for lang in languages],
    )
    # where each catalogue is written (a linked one's target, checked too), before any work
    write_to = {
        (article.name, lang.code): _through_link(
            settings, settings.catalog_path(article.name, lang.code)
        )
        for article in articles
        for lang in languages
    }
    entries = {article.name: source_entries(article) for article in articles}
    existing: dict[tuple[str, str], CatalogData] = {}
    digests: dict[tuple[str, str], str] = {}  # what each catalogue was when it was read
    for article in articles:
        for lang in languages:
            po_path = settings.catalog_path(article.name, lang.code)
            digests[(article.name, lang.code)] = content_digest(po_path)
            if po_path.exists():
                existing[(article.name, lang.code)] = read_catalog(po_path)
                _refuse_a_namesakes_catalog(existing[(article.name, lang.code)], article,
                                            po_path, settings)  # fmt: skip

    all_texts = list(dict.fromkeys(e.msgid for a in articles for e in entries[a.name]))
    memory = MachineMemory(settings.memory_path)
    machine: dict[str, dict[str, MachineOutput]] = {}
    sent = 0
    try:
        wanted = {a.name: {e.msgid for e in entries[a.name]} for a in articles}
        for lang, model in zip(languages, models):
            needing = _needing_machine(wanted, existing, lang.code)
            needed = [m for m in all_texts if m in needing]
            context = _memory_context(settings, model, index)
            remembered = memory.get(context, needed)
            todo = [m for m in needed if m not in remembered]
            step = _language_progress(progress, lang.code, len(todo))
            fresh = (
                translate_texts(
                    engine, todo, settings.source, lang.code, index, settings.glossary_mode, step
                )
                if todo
                else {}
            )
            sent += len(todo)
            memory.put(context, {m: (out.text, out.notes) for m, out in fresh.items()})
            outputs = {m: MachineOutput(text, notes) for m, (text, notes) in remembered.items()}
            outputs.update(fresh)
            machine[lang.code] = outputs
            if progress is not None:
                progress(lang.code, len(todo), len(todo))
    finally:
        memory.close()

    renormalise = _renormaliser(index, settings)
    results = []
    for article in articles:
        doc_entries = entries[article.name]
        source_hash = hash_text(article.text)
        pot_path = locales / f"{article.name}.pot"
        pot_written = write_catalog(template_data(doc_entries, article.name, source_hash), pot_path)
        catalogs = []
        for lang, model in zip(languages, models):
            outputs = machine[lang.code]
            proposals = {m: Proposal(out.text, out.notes) for m, out in outputs.items()}
            po_path = write_to[(article.name, lang.code)]
            previous = existing.get((article.name, lang.code))
            expect = digests[(article.name, lang.code)]
            merged_edits = False
            before = previous.meta("X-Transpipe-Engine") if previous is not None else None
            switched_from = before if before and before != model.engine else None
            for _ in range(_CAS_ATTEMPTS):
                data, stats = merge_catalog(
                    doc_entries,
                    proposals,
                    po_header(lang, model, article.name, source_hash),
                    previous,
                    model_note=f"machine translation: {model_label(model)}",
                    equivalents=_equivalents(index, lang.code),
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
            catalogs.append(
                CatalogResult(
                    lang.code, po_path, written, stats, merged_edits, switched_from, replaced
                )
            )
        results.append(
            ArticleResult(
                path=article.path,
                name=article.name,
                sentences=len(article.sentences),
                unique=len(doc_entries),
                template=pot_path,
                template_written=pot_written,
                catalogs=tuple(catalogs),
            )
        )
    return TranslateResult(
        fragments=tuple((a.document.path, a.fragments) for a in articles if a.fragments),
        articles=tuple(results),
        models=tuple(models),
        segments_translated=sent,
    )


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


def hash_text(text: str) -> str:
    """A short, stable fingerprint of an article's text (for staleness checks)."""
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def missing_pairs(
    settings: Settings, targets: Sequence[str] | None, engine: Engine | None = None
) -> list[tuple[str, str]]:
    """The (source, target) pairs the engine has no model for."""
    from transpipe.core.errors import ModelMissingError

    engine = create_engine(settings.engine) if engine is None else engine
    missing = []
    for lang in resolve_languages(settings, targets):
        try:
            engine.require(settings.source, lang.code)
        except ModelMissingError:
            missing.append((settings.source, lang.code))
    return missing


def list_models(settings: Settings, *, available: bool = False) -> list[LanguagePair]:
    """Installed pairs, or with ``available`` every pair of the engine's index too."""
    from transpipe.engines.argos import ArgosEngine

    engine = create_engine(settings.engine)
    if not available:
        return engine.pairs()
    if not isinstance(engine, ArgosEngine):
        raise ConfigError(f"engine {engine.name!r} has no model index")
    index = engine.available()
    listed = {(p.source, p.target) for p in index}
    return index + [p for p in engine.pairs() if (p.source, p.target) not in listed]


def broken_models(settings: Settings) -> list[str]:
    """A line for each installed package folder that cannot be read (listed, never hiding
    the others): ``"<metadata.json>: <reason>"``."""
    from transpipe.engines.argos import ArgosEngine, unreadable_packages

    engine = create_engine(settings.engine)
    return unreadable_packages(engine.packages_dir) if isinstance(engine, ArgosEngine) else []


@dataclass(frozen=True, slots=True)
class EngineListing:
    """One engine as ``transpipe engines`` shows it.

    ``origin`` is ``"built-in"`` or the distribution providing the plug-in;
    ``pairs`` are ``"en-es"`` strings, or ``("any",)`` for an engine that
    serves every pair; ``error`` says why a plug-in could not be loaded;
    ``shadowed`` marks a plug-in whose name belongs to a built-in engine.
    """

    name: str
    origin: str
    entry_point: str
    pairs: tuple[str, ...]
    error: str | None = None
    shadowed: bool = False


def list_engines(settings: Settings) -> list[EngineListing]:
    """Every engine, built-in and plug-in, with the pairs it serves on this machine.

    Each engine is built with the project's engine settings and asked for its
    pairs; an engine that fails (a plug-in that cannot be imported, say) is
    listed with its error instead of stopping the listing.
    """
    from dataclasses import replace

    from transpipe.engines import ANY_LANGUAGE, engine_sources, load_factory

    listings = []
    for source in engine_sources():
        pairs: tuple[str, ...] = ()
        error: str | None = None
        if not source.shadowed:
            try:
                engine = load_factory(source)(replace(settings.engine, name=source.name))
                found = engine.pairs()
            except Exception as exc:  # noqa: BLE001 - a plug-in may fail in any way: list it
                # a plug-in that cannot be imported: its own error says more than ours
                cause = exc.__cause__ if exc.__cause__ is not None else exc
                message = cause.message if isinstance(cause, TranspipeError) else str(cause)
                error = f"{type(cause).__name__}: {message}".splitlines()[0]
            else:
                names = [
                    "any" if ANY_LANGUAGE in (p.source, p.target) else f"{p.source}-{p.target}"
                    for p in found
                ]
                pairs = tuple(dict.fromkeys(names))
        listings.append(
            EngineListing(source.name, source.origin, source.target, pairs, error, source.shadowed)
        )
    return listings


def install_model(
    settings: Settings,
    spec: str,
    progress: Callable[[int, int | None], None] | None = None,
) -> str:
    """Install a model from a package file or, for ``src-tgt``, from the Argos index.

    Returns a description of what was installed.
    """
    from transpipe.engines.argos import ArgosEngine

    engine = create_engine(settings.engine)
    if not isinstance(engine, ArgosEngine):
        raise ConfigError(f"engine {engine.name!r} does not install models")
    path = Path(spec)
    if path.suffix == ".argosmodel" or path.exists():
        package = engine.install_file(path)
    else:
        parts = spec.replace("_", "-").split("-")
        if len(parts) != 2 or not all(parts):
            raise InputError(f"{spec!r} is neither a package file nor a pair such as en-de")
        source, target = (language(p).code for p in parts)
        package = engine.install_pair(source, target, progress)
    return f"{package.source}->{package.target} ({package.name} {package.version}) in {engine.packages_dir}"


@dataclass(frozen=True, slots=True)
class NormaliseResult:
    """Every glossary match in one article and whether the article was rewritten."""

    path: Path
    display: str
    matches: tuple[Normalisation, ...]
    written: bool


@locking("normalise --write", only_if="write")
def normalise(
    inputs: Sequence[str],
    settings: Settings,
    *,
    write: bool = False,
    glossaries: Sequence[Path] = (),
    base: Path | None = None,
) -> list[NormaliseResult]:
    """Find glossary terms in articles; with ``write``, rewrite them normalised (atomically)."""
    _require_english(settings, "normalisation")
    index = load_index(settings, glossaries)
    if index is None:
        raise ConfigError(
            "no glossary: the built-in one is left out; set glossaries in transpipe.toml, "
            "pass --glossary FILE or drop --no-builtin-glossary"
        )
    articles = read_articles(inputs, settings, index, base)
    results = []
    for article in articles:
        matches = tuple(m for s in article.sentences for m in s.matches)
        written = False
        if write and any(m.changed for m in matches):
            atomic_write_bytes(article.path, _rewritten(article, matches))
            written = True
        results.append(NormaliseResult(article.path, article.document.path, matches, written))
    return results


def _rewritten(article: Article, matches: Sequence[Normalisation]) -> bytes:
    """The bytes of ``article``'s file with the changed ``matches`` applied, nothing else.

    The matches' offsets index the decoded text (no byte order mark, ``\\n``
    line ends); they are mapped back onto the file as it is on disk, so its
    BOM and every line ending (CRLF, LF, lone CR) stay byte for byte.  The
    file is read again for this; if it no longer decodes to the text that was
    normalised, someone changed it meanwhile and it is left alone.
    """
    shown = article.document.path
    data = read_limited(article.path, shown, MAX_ARTICLE_BYTES, InputError, "article")
    if decode_article(data, shown) != article.text:
        raise InputError(
            "the article changed while it was being normalised; run normalise again",
            path=shown,
        )
    bom = codecs.BOM_UTF8 if data.startswith(codecs.BOM_UTF8) else b""
    raw = data[len(bom) :].decode("utf-8")
    # decoding turned each CRLF into one "\n": a decoded offset moves right by one for
    # every CRLF that ends before it (a lone CR became "\n" in place)
    crlf_at = [m.start() - i for i, m in enumerate(re.finditer("\r\n", raw))]

    def on_disk(offset: int) -> int:
        return offset + bisect_left(crlf_at, offset)

    mapped = [replace(m, start=on_disk(m.start), end=on_disk(m.end)) for m in matches]
    return bom + apply_changes(raw, mapped).encode("utf-8")


def load_glossary(settings: Settings, extra: Sequence[Path] = ()) -> Glossary:
    """The configured glossaries (then ``extra``), layered."""
    paths = [*settings.glossaries, *extra]
    if not paths:
        raise ConfigError(
            "no glossary: the built-in one is left out; set glossaries in transpipe.toml, "
            "pass --glossary FILE or drop --no-builtin-glossary"
        )
    return load_glossaries(paths)


def back_translator(
    settings: Settings, engine: Engine | None = None
) -> Callable[[Sequence[str], str], list[str] | None]:
    """Translate fragments into the source language where a model for that is installed."""
    from transpipe.core.errors import ModelMissingError

    cache: dict[str, Engine] = {}

    def back(texts: Sequence[str], lang: str) -> list[str] | None:
        current = cache.get("engine") or engine or create_engine(settings.engine)
        cache["engine"] = current
        try:
            current.require(lang, settings.source)
        except ModelMissingError:
            return None
        return current.translate(list(texts), lang, settings.source)

    return back


@dataclass(frozen=True, slots=True)
class DetectResult:
    """The stray fragments of one article."""

    path: Path
    display: str
    fragments: tuple[Fragment, ...]
    language: str | None = None  # the article's own language, where langdetect can tell
    language_confidence: float = 0.0


def detect(
    inputs: Sequence[str],
    settings: Settings,
    *,
    glossaries: Sequence[Path] = (),
    back_translate: bool = True,
    base: Path | None = None,
) -> list[DetectResult]:
    """Find stray foreign fragments in articles, with suggested repairs."""
    _require_english(settings, "stray-fragment detection")
    index = load_index(settings, glossaries)
    detector = Detector(index, back_translator(settings) if back_translate else None)
    results = []
    for path in collect_articles(inputs, base):
        text, document = load_article(path, settings.root)
        fragments = tuple(detect_document(document, text, detector, settings.source))
        found = article_language(document, text)
        lang, confidence = found if found else (None, 0.0)
        results.append(DetectResult(path, document.path, fragments, lang, round(confidence, 2)))
    return results


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


def _require_english(settings: Settings, what: str) -> None:
    if not english_only(settings):
        raise ConfigError(
            f"{what} knows English articles only; the source language is {settings.source}"
        )


ARTICLE_PROBABILITY = 0.95  # langdetect's probability that makes an article another language


def identify_source(inputs: Sequence[str], base: Path | None = None) -> str:
    """The one language all ``inputs`` are written in (``--source auto``).

    Refused, naming the article, when langdetect cannot tell an article's
    language with :data:`ARTICLE_PROBABILITY`, or when two articles differ.
    """
    found: dict[str, str] = {}
    for path in collect_articles(inputs, base):
        text, document = load_article(path, path.parent)
        identified = article_language(document, text)
        if identified is None or identified[1] < ARTICLE_PROBABILITY:
            raise InputError(
                "cannot tell the article's language for --source auto; give it: --source CODE",
                path=str(path),
            )
        found.setdefault(identified[0], str(path))
    if len(found) > 1:
        listed = ", ".join(f"{p} ({code})" for code, p in found.items())
        raise InputError(f"the articles are in different languages: {listed}; run them apart")
    (code,) = found
    return code


def _refuse_other_language(article: Article, source: str) -> None:
    """An article that as a whole is in another language than ``source`` is no input."""
    found = article_language(article.document, article.text)
    if found is not None and found[0] != source and found[1] >= ARTICLE_PROBABILITY:
        raise InputError(
            f"the article is in {found[0]} ({found[1]:.2f}), not in the source language "
            f"{source}; pass --source {found[0]} (or --source auto)",
            path=article.document.path,
        )


def _catalog_languages(
    settings: Settings, targets: Sequence[str] | None, name: str, shown: str
) -> list[str]:
    """Target languages: given, configured, or every locales folder with this article.

    With none of the three, there is nothing to build, check or show: that is
    a usage error naming ``shown`` (the article), never a silent success.
    """
    if targets:
        return [language(code).code for code in targets]
    if settings.targets:
        return [language(code).code for code in settings.targets]
    pattern = f"*/{glob.escape(name)}.po"  # an article may be called "[de].md"
    found = sorted(p.parent.name for p in settings.locales_dir.glob(pattern) if p.is_file())
    if not found:
        raise ConfigError(
            "no target language: none given with --to, no targets in transpipe.toml, and no "
            f"catalogue {display_path(settings.locales_dir, settings.root)}/*/{name}.po; "
            "pass --to de,fr or set targets in transpipe.toml",
            path=shown,
        )
    return found


def _refuse_shared_names(articles: Sequence[Article], what: str) -> None:
    """Two articles with one name would share one catalogue or edition: refuse, naming both."""
    names: dict[str, str] = {}
    for article in articles:
        if article.name in names:
            raise InputError(
                f"two articles named {article.name!r} ({names[article.name]} and "
                f"{article.document.path}) would share one {what}; rename one",
                path=article.document.path,
            )
        names[article.name] = article.document.path


def _through_link(settings: Settings, path: Path) -> Path:
    """Where to write ``path``: a catalogue that is a symbolic link (a shared catalogue) is
    updated through the link, so the link stays and the shared file is current; its
    target must lie in the project or its folders like every other write."""
    if not path.is_symlink():
        return path
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        raise InputError(
            "the catalogue is a symbolic link to nothing; remove the link or restore its file",
            path=display_path(path, settings.root),
        ) from None
    if not target.is_file():
        raise InputError(
            "the catalogue is a symbolic link to something that is not a file",
            path=display_path(path, settings.root),
        )
    _check_inside(settings, [target])
    return target


def _check_inside(settings: Settings, paths: Iterable[Path]) -> None:
    """Refuse (before anything is written) a path outside the project and its folders.

    Each path's folder is resolved, links included, and must lie inside the
    project (``settings.root``) or the configured locales or editions folder
    (themselves resolved, so a configured folder may live anywhere).  Raises
    :class:`ConfigError` naming the first path that does not.
    """
    allowed = [
        folder.resolve() for folder in (settings.root, settings.locales_dir, settings.editions_dir)
    ]
    for path in paths:
        try:
            real = path.parent.resolve() / path.name
        except (OSError, RuntimeError):  # a link loop
            real = None
        if (
            real is None
            or path.name in ("", ".", "..")
            or not any(real.is_relative_to(folder) for folder in allowed)
        ):
            raise ConfigError(
                "would be written outside the project and its locales and editions folders; "
                "check source, locales and editions in transpipe.toml and the links in "
                "those folders",
                path=str(path),
            )


@dataclass(frozen=True, slots=True)
class EditionResult:
    """One language's edition of one article."""

    article: str
    language: str
    path: Path
    edition: Edition


@locking("build")
def build(
    inputs: Sequence[str],
    settings: Settings,
    *,
    targets: Sequence[str] | None = None,
    drafts: bool = False,
    min_reviewed: float | None = None,
    base: Path | None = None,
) -> list[EditionResult]:
    """Write the localized editions (and the normalised source edition) of articles.

    A language whose approved share is under ``min_reviewed`` gets no edition
    (its result has ``edition.written`` False).  Every catalogue is read
    before any edition is written, so a broken one stops the run with nothing
    changed on disk.
    """
    threshold = settings.min_reviewed if min_reviewed is None else check_share(min_reviewed)
    language(settings.source)  # it names a folder of editions: never "../x"
    index = load_index(settings)
    detector = Detector(index) if settings.fix_fragments else None
    articles = read_articles(
        inputs, settings, index, base, detector=detector, fix=settings.fix_fragments
    )
    _refuse_shared_names(articles, "edition")
    results = []
    writes: list[tuple[Path, str]] = []
    for article in articles:
        suffix = article.path.suffix or ".txt"
        msgids = {ns.sentence.text: ns.text for ns in article.sentences}
        source_path = settings.edition_path(article.name, settings.source, suffix)
        writes.append((source_path, source_edition(article.document, msgids)))
        for code in _catalog_languages(settings, targets, article.name, article.document.path):
            po_path = settings.catalog_path(article.name, code)
            if not po_path.exists():
                raise InputError(
                    f"no catalogue for {code}; run transpipe translate {article.document.path} "
                    f"--to {code}",
                    path=str(po_path),
                )
            data = read_catalog(po_path)
            # transpipe's entries have no msgctxt; one with a context is another entry
            entries = {e.msgid: e for e in data.entries if not e.obsolete and e.msgctxt is None}
            edition = build_edition(
                article.document, msgids, entries, drafts=drafts, min_reviewed=threshold,
                language=code, catalog=display_path(po_path, settings.root),
            )  # fmt: skip
            path = settings.edition_path(article.name, code, suffix)
            if edition.text is not None:
                writes.append((path, edition.text))
            results.append(EditionResult(article.name, code, path, edition))
    _check_inside(settings, [path for path, _ in writes])
    for path, text in writes:
        atomic_write_text(path, text)
    return results


@dataclass(frozen=True, slots=True)
class CatalogStatus:
    """Review progress of one article in one language."""

    article: str
    language: str
    path: Path
    approved: int
    fuzzy: int
    untranslated: int
    obsolete: int

    @property
    def total(self) -> int:
        return self.approved + self.fuzzy + self.untranslated

    @property
    def share(self) -> float:
        return self.approved / self.total if self.total else 1.0


def status(
    inputs: Sequence[str], settings: Settings, *, targets: Sequence[str] | None = None,
    base: Path | None = None,
) -> list[CatalogStatus]:  # fmt: skip
    """Approved, fuzzy, untranslated and obsolete entries per article and language."""
    language(settings.source)
    rows = []
    for path in collect_articles(inputs, base):
        name = path.stem
        for code in _catalog_languages(settings, targets, name, display_path(path, settings.root)):
            po_path = settings.catalog_path(name, code)
            if not po_path.exists():
                rows.append(CatalogStatus(name, code, po_path, 0, 0, 0, 0))
                continue
            entries = [e for e in read_catalog(po_path).entries if e.msgid]
            live = [e for e in entries if not e.obsolete]
            rows.append(
                CatalogStatus(
                    article=name,
                    language=code,
                    path=po_path,
                    approved=sum(1 for e in live if e.approved),
                    fuzzy=sum(1 for e in live if e.fuzzy and e.msgstr),
                    untranslated=sum(1 for e in live if not e.msgstr),
                    obsolete=len(entries) - len(live),
                )
            )
    return rows


def check(
    inputs: Sequence[str],
    settings: Settings,
    *,
    targets: Sequence[str] | None = None,
    min_reviewed: float | None = None,
    base: Path | None = None,
) -> list[Finding]:
    """The CI gate: every finding over the articles' catalogues and editions."""
    threshold = settings.min_reviewed if min_reviewed is None else check_share(min_reviewed)
    language(settings.source)
    index = load_index(settings)
    findings: list[Finding] = []
    detector = Detector(index)
    articles = read_articles(
        inputs, settings, index, base, detector=detector, fix=settings.fix_fragments
    )
    for article in articles:
        unresolved = [
            f for f in article.fragments
            if not (settings.fix_fragments and fixable(f, index))
        ]  # fmt: skip
        findings += check_fragments(unresolved, article.document.path)
        msgids = {ns.sentence.text: ns.text for ns in article.sentences}
        source_hash = hash_text(article.text)
        suffix = article.path.suffix or ".txt"
        for code in _catalog_languages(settings, targets, article.name, article.document.path):
            po_path = settings.catalog_path(article.name, code)
            shown = display_path(po_path, settings.root)
            if not po_path.exists():
                findings.append(
                    Finding(shown, 0, "missing-catalogue", ERROR,
                            f"no {code} catalogue; run transpipe translate "
                            f"{article.document.path} --to {code}", code)
                )  # fmt: skip
                continue
            try:
                data = read_catalog(po_path)
            except CatalogError as exc:
                findings.append(
                    Finding(shown, exc.line or 0, "po-syntax", ERROR, exc.message, code)
                )
                continue
            findings += _msgfmt_findings(po_path, shown, code)
            findings += check_header(data, shown, code)
            if data.meta(SOURCE_KEY) not in (None, source_hash):
                findings.append(
                    Finding(shown, 0, "stale-catalogue", ERROR,
                            f"{article.document.path} changed since this catalogue was made; "
                            f"run transpipe translate {article.document.path}", code)
                )  # fmt: skip
            entries = [e for e in data.entries if e.msgid]
            findings += check_entries(entries, shown, code)
            findings += check_completeness(entries, shown, code, threshold)
            if index is not None:
                findings += check_glossary(entries, index, shown, code)
            edition_path = settings.edition_path(article.name, code, suffix)
            if edition_path.exists():
                by_msgid = {e.msgid: e for e in entries if not e.obsolete and e.msgctxt is None}
                current = edition_path.read_text(encoding="utf-8")
                draft = is_draft(current)
                if draft:
                    findings.append(
                        Finding(display_path(edition_path, settings.root), 0, "draft-edition",
                                WARNING, "a draft edition with unreviewed or untranslated "
                                "sentences; run transpipe build once the catalogue is reviewed",
                                code)
                    )  # fmt: skip
                try:  # a draft is compared with the draft the catalogue gives now
                    expected = build_edition(
                        article.document, msgids, by_msgid, drafts=draft,
                        min_reviewed=1.0 if draft else 0.0, language=code,
                    )  # fmt: skip
                except MarkupMismatchError:  # already a markup-mismatch finding above
                    expected = None
                if expected is not None and expected.text is not None and current != expected.text:
                    findings.append(
                        Finding(display_path(edition_path, settings.root), 0, "stale-edition",
                                WARNING, "the edition differs from the catalogue; run "
                                "transpipe build", code)
                    )  # fmt: skip
    return findings


def _msgfmt_findings(path: Path, shown: str, language: str) -> list[Finding]:
    """What GNU msgfmt -c rejects, when gettext is installed."""
    import re
    import shutil
    import subprocess

    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        return []
    run = subprocess.run(
        [msgfmt, "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True, check=False
    )
    findings = []
    for line in run.stderr.splitlines():
        match = re.match(r"^.*?:(\d+): (.*)$", line)
        if match and "fatal error" not in line:
            findings.append(Finding(shown, int(match.group(1)), "msgfmt", ERROR,
                                    match.group(2), language))  # fmt: skip
    if run.returncode != 0 and not findings:
        message = run.stderr.strip().splitlines()[-1] if run.stderr.strip() else "msgfmt failed"
        findings.append(Finding(shown, 0, "msgfmt", ERROR, message, language))
    return findings
