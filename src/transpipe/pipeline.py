"""The library API behind the CLI: each command is one function here.

Functions take paths and settings, return result records, and never print,
prompt or exit; errors are :class:`~transpipe.errors.TranspipeError`.
"""

from __future__ import annotations

import glob
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from transpipe.catalog import (
    CatalogStats,
    SourceEntry,
    new_catalog,
    new_template,
    read_catalog,
    write_catalog,
)
from transpipe.config import Settings
from transpipe.document import decode_article, read_document
from transpipe.engines import Engine, LanguagePair, create_engine
from transpipe.errors import ConfigError, InputError, LanguageError
from transpipe.inline import protect, restore
from transpipe.languages import Language, language
from transpipe.model import Document, ModelInfo

ARTICLE_SUFFIXES = (".md", ".markdown", ".txt")

# (language, segments done, segments in all) after each step of a language's work
ProgressHook = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class CatalogResult:
    """One written (or already up-to-date) catalogue."""

    language: str
    path: Path
    written: bool
    stats: CatalogStats


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
    segments_translated: int
    engine_loads: int | None


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
                raise InputError("no articles (.md, .markdown, .txt) in this folder", path=item)
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
            found[match.resolve()] = None
    if not found:
        raise InputError("no article given")
    return list(found)


def display_path(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` when inside it, in POSIX form (for references)."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def load_article(path: Path, root: Path) -> Document:
    """Read and parse one article; errors name the file (and line)."""
    shown = display_path(path, root)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the article: {exc.strerror or exc}", path=shown) from exc
    return read_document(decode_article(data, shown), shown)


def source_entries(document: Document) -> list[SourceEntry]:
    """Distinct sentences of ``document`` in order, each with all its references."""
    refs: dict[str, list[tuple[str, int]]] = {}
    for sentence in document.sentences():
        refs.setdefault(sentence.text, []).append((document.path, sentence.line))
    return [SourceEntry(msgid=text, references=tuple(r)) for text, r in refs.items()]


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


def translate_texts(
    engine: Engine, texts: Sequence[str], source: str, target: str
) -> dict[str, str]:
    """Machine-translate source sentences with inline markup protected; keyed by source."""
    protected = [protect(text) for text in texts]
    outputs = engine.translate([p.text for p in protected], source, target)
    if len(outputs) != len(texts):
        raise AssertionError(f"engine {engine.name} returned {len(outputs)} of {len(texts)}")
    return {
        text: restore(output, p.tokens).text for text, p, output in zip(texts, protected, outputs)
    }


def translate(
    inputs: Sequence[str],
    settings: Settings,
    *,
    targets: Sequence[str] | None = None,
    engine: Engine | None = None,
    progress: ProgressHook | None = None,
    base: Path | None = None,
) -> TranslateResult:
    """Translate articles into catalogues: ``<locales>/<name>.pot`` and ``<lang>/<name>.po``.

    Everything that can fail on input (languages, models, articles, existing
    catalogues) is checked before any translation or write.  All sentences of
    all articles go to the engine in one batch per language.
    """
    languages = resolve_languages(settings, targets)
    engine = create_engine(settings.engine) if engine is None else engine
    models = [engine.require(settings.source, lang.code) for lang in languages]

    paths = collect_articles(inputs, base)
    documents = [load_article(path, settings.root) for path in paths]
    names: dict[str, str] = {}
    for doc in documents:
        if doc.name in names:
            raise InputError(
                f"two articles named {doc.name!r} ({names[doc.name]} and {doc.path}) "
                "would share one catalogue; rename one",
                path=doc.path,
            )
        names[doc.name] = doc.path

    locales = settings.locales_dir
    entries = {doc.name: source_entries(doc) for doc in documents}
    existing = {}
    for doc in documents:
        for lang in languages:
            po_path = locales / lang.code / f"{doc.name}.po"
            if po_path.exists():
                existing[(doc.name, lang.code)] = read_catalog(po_path)

    all_texts = list(dict.fromkeys(e.msgid for doc in documents for e in entries[doc.name]))
    machine: dict[str, dict[str, str]] = {}
    for lang in languages:
        if progress is not None:
            progress(lang.code, 0, len(all_texts))
        machine[lang.code] = translate_texts(engine, all_texts, settings.source, lang.code)
        if progress is not None:
            progress(lang.code, len(all_texts), len(all_texts))

    results = []
    for doc, path in zip(documents, paths):
        doc_entries = entries[doc.name]
        pot_path = locales / f"{doc.name}.pot"
        pot_written = write_catalog(new_template(doc_entries, doc.name), pot_path)
        catalogs = []
        for lang, model in zip(languages, models):
            po, stats = new_catalog(
                doc_entries,
                machine[lang.code],
                lang,
                model,
                doc.name,
                existing.get((doc.name, lang.code)),
            )
            po_path = locales / lang.code / f"{doc.name}.po"
            catalogs.append(CatalogResult(lang.code, po_path, write_catalog(po, po_path), stats))
        results.append(
            ArticleResult(
                path=path,
                name=doc.name,
                sentences=len(doc.sentences()),
                unique=len(doc_entries),
                template=pot_path,
                template_written=pot_written,
                catalogs=tuple(catalogs),
            )
        )
    return TranslateResult(
        articles=tuple(results),
        models=tuple(models),
        segments_translated=len(all_texts) * len(languages),
        engine_loads=getattr(engine, "loads", None),
    )


def missing_pairs(
    settings: Settings, targets: Sequence[str] | None, engine: Engine | None = None
) -> list[tuple[str, str]]:
    """The (source, target) pairs the engine has no model for."""
    from transpipe.errors import ModelMissingError

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
