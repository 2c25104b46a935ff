"""Findings of the CI gate: pure functions from catalogue data to :class:`Finding` lists.

Codes (stable; tools and workflow filters may rely on them):

==========================  ========  ==================================================
code                        severity  meaning
==========================  ========  ==================================================
``placeholder-mismatch``    error     ``{n}`` or printf (``%s``, ``%(name)s``) placeholders differ
``number-mismatch``         error     a number of the msgid is missing from the msgstr
``url-mismatch``            error     URLs or e-mail addresses differ
``markup-mismatch``         error     inline Markdown (emphasis, code, links, HTML) differs
``empty-translation``       error     an approved entry whose msgstr is blank
``below-threshold``         error     the approved share is under ``min_reviewed``
``fuzzy``                   warning   an unreviewed (fuzzy) entry
``untranslated``            warning   an entry with no translation
``glossary-missing``        error     no approved equivalent of a source term in the msgstr
``glossary-deprecated``     error     a deprecated English form left in the msgstr
``stray-fragment``          warning   a foreign fragment left in the source article
``header-language``         error     ``Language`` header absent or not the folder's language
``header-charset``          error     ``Content-Type`` is not UTF-8
``header-plural-forms``     error     ``Plural-Forms`` header absent
``repeated-word``           warning   a word or 2-4-word phrase doubled ("the the")
``unchanged``               warning   the msgstr is the msgid, in another language
``length-ratio``            warning   msgstr/msgid length outside the language's band
``end-punctuation``         warning   the final ``.`` ``!`` ``?`` ``:`` ``…`` differs
``bracket-balance``         warning   brackets or quotes no longer balance
``target-language``         error     langdetect is sure the msgstr is in another language
``weekday-mismatch``        error     a weekday of the msgid is not in the msgstr
``month-mismatch``          error     a month of the msgid is not in the msgstr
==========================  ========  ==================================================

The codes from ``repeated-word`` on are the quality checks of
:mod:`transpipe.checks.quality` and :mod:`transpipe.checks.dates`, whose
docstrings give their rules and thresholds; ``target-language``,
``weekday-mismatch`` and ``month-mismatch`` are errors on approved entries
and warnings on fuzzy ones.  A project leaves any code out with
``disabled_checks`` in ``transpipe.toml`` or ``check --disable CODE``.

The entry checks (:func:`check_entries`) report approved entries as errors
and fuzzy entries that have a msgstr as warnings (the same problem, found
before review).  ``build`` refuses an approved entry with a
``placeholder-mismatch`` or ``markup-mismatch``
(:func:`transpipe.document.markup.markup_problems`)
rather than publish it.  Numbers are compared as values: thousands separators
(``,`` ``.`` spaces, apostrophes) and the decimal mark (``.`` or ``,``) may
follow the target language, so ``1,200.5``, ``1 200,5`` and ``1.200,5``
are one number; ``1,200`` and ``1.200`` can be either 1200 or 1.2 and match
both.  Numbers inside URLs, code spans and link targets are not compared.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal

from transpipe.checks.quality import show
from transpipe.core.errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from transpipe.core.findings import ERROR, WARNING, Finding
from transpipe.core.model import CatalogData, CatalogEntry
from transpipe.document.inline import protect
from transpipe.document.markup import (
    addresses,
    difference,
    markup_problem,
    placeholder_problem,
    prose,
)
from transpipe.fragments.detect import Fragment
from transpipe.terms.enforce import contains_term
from transpipe.terms.glossary import GlossaryIndex

# the finding record lives in the core; it is re-exported here for the checks' callers
__all__ = [
    "ERROR",
    "WARNING",
    "Finding",
    "check_completeness",
    "check_entries",
    "check_fragments",
    "check_glossary",
    "check_header",
    "exit_code",
    "format_github",
    "numbers",
]

# -- helpers ----------------------------------------------------------------------


def _listing(items: Iterable[str]) -> str:
    return ", ".join(items)


def _live(entries: Sequence[CatalogEntry]) -> list[CatalogEntry]:
    """Entries that count: not obsolete, not the header."""
    return [e for e in entries if not e.obsolete and e.msgid]


def _approved(entry: CatalogEntry) -> bool:
    # a blank approved msgstr is reported as empty-translation, never as reviewed
    return entry.approved and bool(entry.msgstr.strip())


# -- numbers ----------------------------------------------------------------------

# group separators: comma, point, no-break, narrow no-break and thin spaces,
# apostrophes, Arabic thousands separator; a plain space only in translations
_GROUP = ",.\u00a0\u202f\u2009'’\u066c"
_DECIMAL = ".,\u066b"


def _number_pattern(group: str) -> re.Pattern[str]:
    sep = "[" + re.escape(group) + "]"
    dec = "[" + re.escape(_DECIMAL) + "]"
    return re.compile(
        r"(?<!\d)(?:"
        rf"(?P<head>\d{{1,3}})(?P<sep>{sep})\d{{3}}(?!\d)(?:(?P=sep)\d{{3}}(?!\d))*"
        rf"(?:(?!(?P=sep))(?P<dec>{dec})\d+)?"
        rf"|\d+(?:{dec}\d+)?"
        r")(?!\d)"
    )


def _ascii_digits(text: str) -> str:
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


def _value(integer: str, fraction: str = "") -> Decimal:
    digits = _ascii_digits(integer) + ("." + _ascii_digits(fraction) if fraction else "")
    return Decimal(digits)


def _readings(found: re.Match[str]) -> set[Decimal]:
    """Every value a written number can stand for (``1.200``: 1200 or 1.2)."""
    token = found.group()
    sep = found.group("sep")
    if sep is None:
        parts = re.split("[" + re.escape(_DECIMAL) + "]", token)
        return {_value(parts[0], parts[1] if len(parts) > 1 else "")}
    dec = found.group("dec")
    whole, _, fraction = token.rpartition(dec) if dec else (token, "", "")
    groups = whole.split(sep)
    values = {_value("".join(groups), fraction)}
    if dec is None and len(groups) == 2 and sep in _DECIMAL:
        values.add(_value(groups[0], groups[1]))  # a decimal mark, not a thousands separator
    if sep == " ":
        # "5 300" may be two numbers ("on May 5 300 troops") as well as 5300
        values.update(_value(g) for g in groups)
    return values


def numbers(text: str, *, target: bool = False) -> list[tuple[str, frozenset[Decimal]]]:
    """The numbers written in ``text``: each as written and the values it can stand for.

    In English source text (``target=False``) a plain space never groups
    digits; in a translation (``target=True``) it may (``1 200``).
    """
    # built where used, not at import (re.compile caches the compiled pattern)
    pattern = _number_pattern(_GROUP + " " if target else _GROUP)
    return [(m.group(), frozenset(_readings(m))) for m in pattern.finditer(prose(text))]


def _missing_numbers(msgid: str, msgstr: str) -> list[str]:
    available: set[Decimal] = set()
    for _, values in numbers(msgstr, target=True):
        available |= values
    missing: list[str] = []
    for written, values in numbers(msgid):
        if not values & available and written not in missing:
            missing.append(written)
    return missing


# -- checks -----------------------------------------------------------------------


def _entry_problems(msgid: str, msgstr: str) -> list[tuple[str, str]]:
    """``(code, message)`` for each way ``msgstr`` does not carry over ``msgid``."""
    if not msgstr.strip():
        return [
            (
                "empty-translation",
                (
                    f"approved translation of {show(msgid)} is blank; "
                    "translate it or clear the msgstr"
                ),
            )
        ]
    problems: list[tuple[str, str]] = []
    placeholders = placeholder_problem(msgid, msgstr)
    if placeholders is not None:
        problems.append(placeholders)
    missing = _missing_numbers(msgid, msgstr)
    if missing:
        problems.append(
            (
                "number-mismatch",
                (
                    f"{'numbers' if len(missing) > 1 else 'number'} {_listing(missing)} of the "
                    "msgid missing from the translation; copy them (local digit grouping and "
                    "decimal mark are fine)"
                ),
            )
        )
    source_tokens, target_tokens = protect(msgid).tokens, protect(msgstr).tokens
    wanted, got = addresses(source_tokens), addresses(target_tokens)
    if wanted != got:
        problems.append(
            (
                "url-mismatch",
                (
                    f"URLs or e-mail addresses differ ({difference(wanted, got)}); "
                    "copy them from the msgid unchanged"
                ),
            )
        )
    markup = markup_problem(source_tokens, target_tokens)
    if markup is not None:
        problems.append(markup)
    return problems


def check_entries(entries: Sequence[CatalogEntry], path: str, language: str) -> list[Finding]:
    """Placeholders, numbers, URLs, inline markup and blank msgstrs of translated entries.

    Approved entries give errors; fuzzy entries with a msgstr give warnings;
    untranslated and obsolete entries are not checked (see
    :func:`check_completeness`).
    """
    findings: list[Finding] = []
    for entry in _live(entries):
        if entry.approved:
            severity = ERROR
        elif entry.fuzzy and entry.msgstr.strip():
            severity = WARNING
        else:
            continue
        for code, message in _entry_problems(entry.msgid, entry.msgstr):
            findings.append(Finding(path, entry.line, code, severity, message, language))
    return findings


def check_completeness(
    entries: Sequence[CatalogEntry], path: str, language: str, min_reviewed: float
) -> list[Finding]:
    """How much of a catalogue is reviewed: ``below-threshold``, ``fuzzy``, ``untranslated``.

    The share is approved entries over live (non-obsolete) entries; an empty
    catalogue counts as complete.  An approved but blank entry counts as
    neither approved nor untranslated (:func:`check_entries` reports it).
    """
    live = _live(entries)
    findings: list[Finding] = []
    approved = sum(1 for e in live if _approved(e))
    share = approved / len(live) if live else 1.0
    if share < min_reviewed:
        findings.append(
            Finding(
                path,
                0,
                "below-threshold",
                ERROR,
                f"{approved} of {len(live)} entries approved ({share:.0%}), below the required "
                f"{min_reviewed:.0%}; review the fuzzy and untranslated entries",
                language,
            )
        )
    for entry in live:
        if entry.approved:
            continue
        if entry.msgstr.strip() and entry.fuzzy:
            findings.append(
                Finding(
                    path,
                    entry.line,
                    "fuzzy",
                    WARNING,
                    f"unreviewed translation of {show(entry.msgid)}; "
                    "review it and remove the fuzzy flag",
                    language,
                )
            )
        else:
            findings.append(
                Finding(
                    path,
                    entry.line,
                    "untranslated",
                    WARNING,
                    f"{show(entry.msgid)} is not translated; translate and review it",
                    language,
                )
            )
    return findings


def _same(a: str, b: str) -> bool:
    return unicodedata.normalize("NFC", a).casefold() == unicodedata.normalize("NFC", b).casefold()


def check_glossary(
    entries: Sequence[CatalogEntry], index: GlossaryIndex, path: str, language: str
) -> list[Finding]:
    """Approved glossary equivalents in approved translations.

    ``glossary-missing``: a term of the msgid whose concept has an approved
    equivalent in ``language``, and no equivalent in the msgstr (inflected
    forms count, see :func:`transpipe.terms.enforce.contains_term`).
    ``glossary-deprecated``: the msgstr holds a deprecated form exactly as
    the glossary writes it, unless that form is an approved equivalent of its
    concept in ``language``.
    """
    findings: list[Finding] = []
    for entry in _live(entries):
        if not _approved(entry):
            continue
        seen: set[str] = set()
        for match in index.find(entry.msgid):
            concept = match.concept
            equivalents = concept.equivalents(language)
            if concept.id in seen or concept.approved(language) is None:
                continue
            seen.add(concept.id)
            if not any(contains_term(entry.msgstr, e) for e in equivalents):
                findings.append(
                    Finding(
                        path,
                        entry.line,
                        "glossary-missing",
                        ERROR,
                        f"{show(match.text)} [{concept.id}] is not translated with the "
                        f"glossary: use {' or '.join(show(e) for e in equivalents)}",
                        language,
                    )
                )
        for match in index.find(entry.msgstr):
            if match.kind != "deprecated" or not match.exact:
                continue
            concept = match.concept
            if any(_same(match.text, e) for e in concept.equivalents(language)):
                continue
            approved = concept.approved(language) or concept.term
            findings.append(
                Finding(
                    path,
                    entry.line,
                    "glossary-deprecated",
                    ERROR,
                    f"deprecated form {show(match.text)} [{concept.id}] in the translation; "
                    f"use {show(approved)}",
                    language,
                )
            )
    return findings


def check_fragments(fragments: Sequence[Fragment], path: str) -> list[Finding]:
    """A ``stray-fragment`` warning for each fragment left in the source article."""
    findings = []
    for fragment in fragments:
        lang = f" ({fragment.lang})" if fragment.lang else ""
        fix = (
            f"replace it with {show(fragment.suggestion)}"
            if fragment.suggestion
            else "rewrite it in English"
        )
        findings.append(
            Finding(
                path,
                fragment.line,
                "stray-fragment",
                WARNING,
                f"stray {fragment.kind} fragment {show(fragment.text)}{lang}; {fix}",
                None,
            )
        )
    return findings


def _language_key(code: str) -> str:
    return code.strip().replace("-", "_").casefold()


def check_header(data: CatalogData, path: str, language: str) -> list[Finding]:
    """``Language`` (must be the catalogue folder's ``language``), UTF-8 and ``Plural-Forms``."""
    findings = []
    declared = (data.meta("Language") or "").strip()
    if not declared:
        findings.append(
            Finding(
                path,
                0,
                "header-language",
                ERROR,
                f"no Language header; add 'Language: {language}'",
                language,
            )
        )
    elif _language_key(declared) != _language_key(language):
        findings.append(
            Finding(
                path,
                0,
                "header-language",
                ERROR,
                f"Language header is {declared!r} but the catalogue is in the {language!r} "
                f"folder; set 'Language: {language}' or move the file",
                language,
            )
        )
    content_type = data.meta("Content-Type") or ""
    charset = re.search(r"charset\s*=\s*([\w.:-]+)", content_type, re.IGNORECASE)
    if charset is None or charset.group(1).casefold() not in ("utf-8", "utf8"):
        findings.append(
            Finding(
                path,
                0,
                "header-charset",
                ERROR,
                "Content-Type is not UTF-8; set 'Content-Type: text/plain; charset=UTF-8' "
                "and save the file as UTF-8",
                language,
            )
        )
    if not (data.meta("Plural-Forms") or "").strip():
        findings.append(
            Finding(
                path,
                0,
                "header-plural-forms",
                ERROR,
                "no Plural-Forms header; add the language's rule "
                "(e.g. 'Plural-Forms: nplurals=2; plural=(n != 1);')",
                language,
            )
        )
    return findings


def exit_code(findings: Iterable[Finding], *, strict: bool = False) -> int:
    """The gate's exit status: 2 for an unreadable catalogue, 1 for any other error, else 0.

    A catalogue that cannot be read (``po-syntax``) is bad input, as in every
    other command, though it is reported among the findings.  Warnings alone
    pass (0) so that unreviewed work does not block merging; with ``strict``
    they fail too.
    """
    status = EXIT_OK
    for finding in findings:
        if finding.code == "po-syntax":
            return EXIT_USAGE
        if strict or finding.severity == ERROR:
            status = EXIT_FINDINGS
    return status


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(findings: Iterable[Finding]) -> str:
    """GitHub Actions workflow commands, one line per finding, no final newline.

    ``::error file=PATH,line=N,title=CODE::MESSAGE`` (``::warning`` for
    warnings; ``line`` left out when it is 0), escaped as GitHub's toolkit
    does: ``%``, CR and LF everywhere, ``:`` and ``,`` in properties too.
    """
    lines = []
    for finding in findings:
        command = "error" if finding.severity == ERROR else "warning"
        props = [f"file={_escape_property(finding.path)}"]
        if finding.line:
            props.append(f"line={finding.line}")
        props.append(f"title={_escape_property(finding.code)}")
        lines.append(f"::{command} {','.join(props)}::{_escape_data(finding.message)}")
    return "\n".join(lines)
