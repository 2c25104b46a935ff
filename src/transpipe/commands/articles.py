"""A project's articles: found, read, checked for language and normalised for the commands.

Shared by every command that reads articles; errors name the file.
"""

from __future__ import annotations

import glob
import hashlib
import heapq
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from transpipe.commands.project import display_path
from transpipe.core.config import Settings
from transpipe.core.errors import ConfigError, InputError, ModelMissingError
from transpipe.core.fileio import (
    read_limited,
)
from transpipe.core.model import Document, article_name
from transpipe.core.notes import (
    ForeignParagraphNote,
    FragmentNote,
    format_foreign_paragraph_note,
    format_fragment_note,
)
from transpipe.document import ARTICLE_SUFFIXES, MAX_ARTICLE_BYTES, read_article, read_document
from transpipe.engines import Engine, create_engine
from transpipe.fragments.detect import (
    Detector,
    Fragment,
    apply_repairs,
    article_language,
    detect_document,
    fixable,
)
from transpipe.fragments.lexicon import Lexicons
from transpipe.terms.glossary import Glossary, GlossaryIndex
from transpipe.terms.glossary_io import load_glossaries
from transpipe.terms.normalise import (
    NormalisedSentence,
    normalise_document,
)


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
                    f"no articles ({', '.join(ARTICLE_SUFFIXES)}) in this folder", path=item
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


_SURROGATE = re.compile("[\ud800-\udfff]")  # undecodable bytes of a file name
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")  # Unicode's Cc category, exactly


def _check_name(path: Path) -> None:
    """Refuse an article whose name a catalogue cannot record (``#:`` references and the
    header name it): control characters such as a newline, bytes that are not UTF-8, a
    trailing backslash."""
    name = str(path)
    if _SURROGATE.search(name):
        why = "is not UTF-8"
    elif _CONTROL.search(name):
        why = "holds a control character"
    elif name.endswith("\\"):
        why = "ends in a backslash"
    else:
        return
    shown = os.fsencode(name).decode("utf-8", "backslashreplace")
    shown = "".join(c if c.isprintable() else ascii(c)[1:-1] for c in shown)
    raise InputError(f"the file name {why}, which a catalogue cannot record; rename it", path=shown)


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

    @property
    def msgids(self) -> dict[str, str]:
        """Each sentence's source text -> its msgid (the normalised text), for editions."""
        return {ns.sentence.text: ns.text for ns in self.sentences}

    @property
    def edition_suffix(self) -> str:
        """The file suffix of the article's editions: its own, or ``.txt`` without one."""
        return self.path.suffix or ".txt"


def load_article(path: Path, root: Path, keys: Sequence[str] = ()) -> tuple[str, Document]:
    """Read and parse one article; errors name the file (and line).

    ``keys`` are the front matter keys translated besides the usual ones.
    """
    data = load_article_bytes(path, root)
    document = read_article(data, display_path(path, root), front_matter_keys=keys)
    return document.source, document


def load_article_bytes(path: Path, root: Path) -> bytes:
    """An article file's bytes, refused in one line naming it where unreadable or too large."""
    return read_limited(path, display_path(path, root), MAX_ARTICLE_BYTES, InputError, "article")


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
    reader = ArticleReader(settings, index, detector, fix=fix)
    return [reader.read(path) for path in collect_articles(inputs, base)]


def translation_reader(
    settings: Settings, index: GlossaryIndex | None, *, fix: bool, engine: Engine | None = None
) -> ArticleReader:
    """The reader of ``translate``: stray fragments found in an English article (a
    foreign one has none to find), repairs with ``fix``, other languages refused."""
    detector = (
        Detector(index, back_translator(settings, engine)) if english_only(settings) else None
    )
    return ArticleReader(settings, index, detector, fix=fix, refuse_other_language=True)


class ArticleReader:
    """Reads one article after another: parse, detect, repair, normalise.

    :meth:`read` reads the file; :meth:`prepare` takes bytes already read,
    for an executor that reads on one machine and parses on another.  With
    ``refuse_other_language``, an article in another language than the
    source is refused (``translate``).
    """

    def __init__(
        self,
        settings: Settings,
        index: GlossaryIndex | None,
        detector: Detector | None = None,
        *,
        fix: bool = False,
        refuse_other_language: bool = False,
    ) -> None:
        self.settings = settings
        self.index = index
        self.detector = detector
        self.fix = fix
        self.refuse_other_language = refuse_other_language
        self.lexicons = detector.lexicons if detector is not None else Lexicons()

    def read(self, path: Path) -> Article:
        return self.prepare(path, load_article_bytes(path, self.settings.root))

    def prepare(self, path: Path, data: bytes) -> Article:
        settings, index, detector = self.settings, self.index, self.detector
        shown = display_path(path, settings.root)
        document = read_article(data, shown, front_matter_keys=settings.front_matter_keys)
        text = document.source
        fragments: tuple[Fragment, ...] = ()
        notes: tuple[tuple[str, ...], ...] = ()
        if detector is not None:
            fragments = tuple(detect_document(document, text, detector, settings.source))
            fixes = [f for f in fragments if self.fix and fixable(f, index)]
            notes = _fragment_notes(document, fragments, fixes)
            if fixes:
                repaired = apply_repairs(text, fixes)
                fixed_document = replace(
                    read_document(
                        repaired, document.path, front_matter_keys=settings.front_matter_keys
                    ),
                    bom=document.bom,
                    newline=document.newline,
                )
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
        article = Article(path, text, document, sentences, fragments, notes)
        if self.refuse_other_language:
            refuse_other_language(article, settings.source, self.lexicons)
        return article


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
            notes[owner[f]].append(_fragment_note(fragment, fixed=fragment in done_set))
    return tuple(tuple(n) for n in notes)


def _fragment_note(fragment: Fragment, *, fixed: bool) -> str:
    if fragment.kind == "foreign-paragraph":  # the text is the paragraph: not repeated
        return format_foreign_paragraph_note(
            ForeignParagraphNote(
                fragment.confidence, fragment.lang or "", fragment.suggestion or ""
            )
        )
    return format_fragment_note(
        FragmentNote(
            fragment.kind, fragment.text, fragment.lang or "", fragment.suggestion or "", fixed
        )
    )


def hash_text(text: str) -> str:
    """A short, stable fingerprint of an article's text (for staleness checks)."""
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


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


def require_english(settings: Settings, what: str) -> None:
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
    lexicons = Lexicons()  # one word memory for every article of the run
    for path in collect_articles(inputs, base):
        text, document = load_article(path, path.parent)
        identified = article_language(document, text, lexicons=lexicons)
        if identified is None or identified.probability < ARTICLE_PROBABILITY:
            raise InputError(
                "cannot tell the article's language for --source auto; give it: --source CODE",
                path=str(path),
            )
        found.setdefault(identified.lang, str(path))
    if len(found) > 1:
        listed = ", ".join(f"{p} ({code})" for code, p in found.items())
        raise InputError(f"the articles are in different languages: {listed}; run them apart")
    (code,) = found
    return code


def refuse_other_language(article: Article, source: str, lexicons: Lexicons) -> None:
    """An article that as a whole is in another language than ``source`` is no input."""
    found = article_language(article.document, article.text, lexicons=lexicons)
    if found is not None and found.lang != source and found.probability >= ARTICLE_PROBABILITY:
        raise InputError(
            f"the article is in {found.lang} ({found.probability:.2f}), not in the source "
            f"language {source}; pass --source {found.lang} (or --source auto)",
            path=article.document.path,
        )


def refuse_shared_names(articles: Sequence[Article], what: str) -> None:
    """Two articles with one name would share one catalogue or edition: refuse, naming both."""
    _refuse_shared(((a.name, a.document.path) for a in articles), what)


def refuse_shared_paths(shown: Sequence[str], what: str) -> None:
    """:func:`refuse_shared_names` before reading: a name comes from the article's
    project-relative path (``shown``, from :func:`display_paths`) alone."""
    _refuse_shared(((article_name(s), s) for s in shown), what)


def _refuse_shared(named: Iterable[tuple[str, str]], what: str) -> None:
    names: dict[str, str] = {}
    for name, shown in named:
        if name in names:
            raise InputError(
                f"two articles named {name!r} ({names[name]} and {shown}) would share one "
                f"{what}; rename one",
                path=shown,
            )
        names[name] = shown
