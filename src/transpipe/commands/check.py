"""The ``check`` command: the CI gate over catalogues and editions."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from transpipe.checks.dates import check_dates
from transpipe.checks.quality import (
    check_bracket_balance,
    check_end_punctuation,
    check_length_ratio,
    check_repeated_words,
    check_target_language,
    check_unchanged,
)
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
from transpipe.commands.articles import Article, hash_text, load_index, read_articles
from transpipe.commands.project import catalog_languages, display_path
from transpipe.core.config import Settings, check_share
from transpipe.core.errors import (
    CatalogError,
)
from transpipe.core.languages import language
from transpipe.core.model import CatalogEntry
from transpipe.document import encode_edition
from transpipe.document.edition import (
    MarkupMismatchError,
    build_edition,
    edition_entries,
    is_draft,
)
from transpipe.fragments.detect import (
    Detector,
    fixable,
)
from transpipe.po.catalog import ENGINE_KEY, SOURCE_KEY, read_catalog
from transpipe.terms.glossary import GlossaryIndex


@dataclass(frozen=True, slots=True)
class CatalogueCheck:
    """The findings of one article's catalogue and edition in one language.

    ``path`` is where the catalogue is (or would be); findings about one of its
    entries carry that entry's msgid line, the others line 0 or the line
    msgfmt names.  ``entries`` are the catalogue's entries with a msgid, as
    read (none when it is missing or unreadable).
    """

    article: str
    language: str
    path: Path
    findings: tuple[Finding, ...]
    entries: tuple[CatalogEntry, ...] = ()


@dataclass(frozen=True, slots=True)
class ArticleCheck:
    """The findings of one article: its source (stray fragments), then each catalogue."""

    article: str
    path: Path
    source: tuple[Finding, ...]
    catalogues: tuple[CatalogueCheck, ...]


def check(
    inputs: Sequence[str],
    settings: Settings,
    *,
    targets: Sequence[str] | None = None,
    min_reviewed: float | None = None,
    base: Path | None = None,
) -> list[Finding]:
    """The CI gate: every finding over the articles' catalogues and editions.

    The codes in ``settings.disabled_checks`` are left out.
    """
    findings: list[Finding] = []
    for article in check_articles(
        inputs, settings, targets=targets, min_reviewed=min_reviewed, base=base
    ):
        findings += article.source
        for catalogue in article.catalogues:
            findings += catalogue.findings
    return findings


def check_articles(
    inputs: Sequence[str],
    settings: Settings,
    *,
    targets: Sequence[str] | None = None,
    min_reviewed: float | None = None,
    base: Path | None = None,
) -> list[ArticleCheck]:
    """What :func:`check` finds, per article and per catalogue, in the same order
    (without the codes in ``settings.disabled_checks``)."""
    threshold = settings.min_reviewed if min_reviewed is None else check_share(min_reviewed)
    language(settings.source)
    index = load_index(settings)
    detector = Detector(index)
    articles = read_articles(
        inputs, settings, index, base, detector=detector, fix=settings.fix_fragments
    )
    off = set(settings.disabled_checks)
    checked = []
    for article in articles:
        unresolved = [
            f for f in article.fragments
            if not (settings.fix_fragments and fixable(f, index))
        ]  # fmt: skip
        catalogues = []
        for code in catalog_languages(settings, targets, article.name, article.document.path):
            findings, entries = _check_language(article, code, settings, index, threshold)
            catalogues.append(
                CatalogueCheck(
                    article.name, code, settings.catalog_path(article.name, code),
                    tuple(f for f in findings if f.code not in off), tuple(entries),
                )
            )  # fmt: skip
        source = tuple(
            f for f in check_fragments(unresolved, article.document.path) if f.code not in off
        )
        checked.append(ArticleCheck(article.name, article.path, source, tuple(catalogues)))
    return checked


def _check_language(
    article: Article,
    code: str,
    settings: Settings,
    index: GlossaryIndex | None,
    threshold: float,
) -> tuple[list[Finding], list[CatalogEntry]]:
    """The findings of one article's catalogue and edition in one language, and the
    catalogue's entries with a msgid."""
    po_path = settings.catalog_path(article.name, code)
    shown = display_path(po_path, settings.root)
    if not po_path.exists():
        missing = Finding(shown, 0, "missing-catalogue", ERROR,
                          f"no {code} catalogue; run transpipe translate "
                          f"{article.document.path} --to {code}", code)  # fmt: skip
        return [missing], []
    try:
        data = read_catalog(po_path)
    except CatalogError as exc:
        return [Finding(shown, exc.line or 0, "po-syntax", ERROR, exc.message, code)], []
    findings = _msgfmt_findings(po_path, shown, code)
    findings += check_header(data, shown, code)
    if data.meta(SOURCE_KEY) not in (None, hash_text(article.text)):
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
    pseudo = data.meta(ENGINE_KEY) == "pseudo"
    findings += _quality_findings(entries, shown, code, settings, index, pseudo=pseudo)
    return findings + _edition_findings(article, code, entries, settings), entries


def _quality_findings(
    entries: Sequence[CatalogEntry],
    shown: str,
    code: str,
    settings: Settings,
    index: GlossaryIndex | None,
    *,
    pseudo: bool = False,
) -> list[Finding]:
    """The quality checks of translated entries, those the project has not disabled.

    A catalogue the pseudo engine wrote is English in disguise by design (a
    rehearsal of the workflow): the checks that judge the translation's
    language, its days and months, its final mark or whether it changed at
    all are not run on it.
    """
    off = settings.disabled_checks
    findings = check_repeated_words(entries, shown, code)
    findings += check_length_ratio(entries, shown, code)
    findings += check_bracket_balance(entries, shown, code)
    if pseudo:
        return findings
    findings += check_unchanged(entries, shown, code, settings.source, index)
    findings += check_end_punctuation(entries, shown, code)
    if "target-language" not in off:  # langdetect takes a while: not read for nothing
        findings += check_target_language(entries, shown, code)
    findings += check_dates(entries, shown, code)
    return findings


def _edition_findings(
    article: Article, code: str, entries: Sequence[CatalogEntry], settings: Settings
) -> list[Finding]:
    """A draft edition, or one that differs from what the catalogue gives now."""
    edition_path = settings.edition_path(article.name, code, article.edition_suffix)
    if not edition_path.exists():
        return []
    shown = display_path(edition_path, settings.root)
    findings = []
    current = edition_path.read_bytes()
    draft = is_draft(current.decode("utf-8-sig", errors="replace"))
    if draft:
        findings.append(
            Finding(shown, 0, "draft-edition", WARNING,
                    "a draft edition with unreviewed or untranslated sentences; run "
                    "transpipe build once the catalogue is reviewed", code)
        )  # fmt: skip
    try:  # a draft is compared with the draft the catalogue gives now
        expected = build_edition(
            article.document, article.msgids, edition_entries(entries), drafts=draft,
            min_reviewed=1.0 if draft else 0.0, language=code,
        )  # fmt: skip
    except MarkupMismatchError:  # already a markup-mismatch finding
        return findings
    if expected.text is not None and current != encode_edition(article.document, expected.text):
        findings.append(
            Finding(shown, 0, "stale-edition", WARNING,
                    "the edition differs from the catalogue; run transpipe build", code)
        )  # fmt: skip
    return findings


def _msgfmt_findings(path: Path, shown: str, language: str) -> list[Finding]:
    """What GNU msgfmt -c rejects, when gettext is installed."""
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
