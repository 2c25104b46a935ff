"""The ``detect`` command: stray foreign fragments in articles, with repairs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from transpipe.commands.articles import (
    back_translator,
    collect_articles,
    load_article,
    load_index,
    require_english,
)
from transpipe.core.config import Settings
from transpipe.fragments.detect import (
    Detector,
    Fragment,
    article_language,
    detect_document,
)


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
    require_english(settings, "stray-fragment detection")
    index = load_index(settings, glossaries)
    detector = Detector(index, back_translator(settings) if back_translate else None)
    results = []
    for path in collect_articles(inputs, base):
        text, document = load_article(path, settings.root, settings.front_matter_keys)
        fragments = tuple(detect_document(document, text, detector, settings.source))
        found = article_language(document, text, lexicons=detector.lexicons)
        lang, confidence = (found.lang, found.probability) if found else (None, 0.0)
        results.append(DetectResult(path, document.path, fragments, lang, round(confidence, 2)))
    return results
