"""The ``build`` command: localized editions from reviewed catalogues."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from transpipe.commands.articles import load_index, read_articles, refuse_shared_names
from transpipe.commands.project import catalog_languages, check_inside, display_path
from transpipe.core.config import Settings, check_share
from transpipe.core.errors import (
    InputError,
)
from transpipe.core.fileio import (
    atomic_write_bytes,
)
from transpipe.core.languages import language
from transpipe.core.lock import locking
from transpipe.document import encode_edition
from transpipe.document.edition import (
    Edition,
    build_edition,
    edition_entries,
    source_edition,
)
from transpipe.fragments.detect import (
    Detector,
)
from transpipe.po.catalog import read_catalog


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
    refuse_shared_names(articles, "edition")
    results = []
    writes: list[tuple[Path, bytes]] = []
    for article in articles:
        suffix = article.edition_suffix
        msgids = article.msgids
        source_path = settings.edition_path(article.name, settings.source, suffix)
        source_text = source_edition(article.document, msgids)
        writes.append((source_path, encode_edition(article.document, source_text)))
        for code in catalog_languages(settings, targets, article.name, article.document.path):
            po_path = settings.catalog_path(article.name, code)
            if not po_path.exists():
                raise InputError(
                    f"no catalogue for {code}; run transpipe translate {article.document.path} "
                    f"--to {code}",
                    path=str(po_path),
                )
            entries = edition_entries(read_catalog(po_path).entries)
            edition = build_edition(
                article.document, msgids, entries, drafts=drafts, min_reviewed=threshold,
                language=code, catalog=display_path(po_path, settings.root),
            )  # fmt: skip
            path = settings.edition_path(article.name, code, suffix)
            if edition.text is not None:
                writes.append((path, encode_edition(article.document, edition.text)))
            results.append(EditionResult(article.name, code, path, edition))
    check_inside(settings, [path for path, _ in writes])
    for path, data in writes:
        atomic_write_bytes(path, data)
    return results
