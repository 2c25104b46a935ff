"""Glossary validation: what makes a glossary unsafe to use, reported as findings.

:func:`validate_glossary` reports each problem as a
:class:`~transpipe.core.findings.Finding` on the concept's record (its file
and first line).  The message starts with the concept id and a colon
(``kyiv: no de equivalent``); :func:`split_concept` takes the two apart again.
Codes (stable, like the catalogue checks'):

===============================  ========  ===============================================
code                             severity  meaning
===============================  ========  ===============================================
``glossary-no-words``            error     a form that is blank
``glossary-clash``               error     a form that another concept already claims
``glossary-no-equivalent``       error     no equivalent in a language every concept needs
``glossary-no-note``             warning   a concept without a note
``glossary-bare-abbreviation``   warning   a Latin abbreviation of three letters or fewer
                                           that no rule guards
``glossary-approved-elsewhere``  warning   a form that another concept approves as its
                                           equivalent in some language
===============================  ========  ===============================================

Two forms clash when their keys (:func:`~transpipe.terms.glossary.form_key`)
are equal: a case-sensitive form meets another case-sensitive one only as
written, and a case-insensitive form meets every form in any case.
"""

from __future__ import annotations

from collections.abc import Sequence

from transpipe.core.findings import ERROR, WARNING, Finding, Severity
from transpipe.terms.glossary import Concept, Glossary, form_key
from transpipe.text.scripts import scripts_in


def _finding(concept: Concept, code: str, message: str, severity: Severity = ERROR) -> Finding:
    """A finding on ``concept``'s record; :func:`split_concept` reverses the message."""
    return Finding(concept.path, concept.line, code, severity, f"{concept.id}: {message}")


def split_concept(finding: Finding) -> tuple[str, str]:
    """The concept id a glossary finding is about, and its message without the id.

    Exact for every finding of :func:`validate_glossary` whose concept id has
    no ``": "`` in it, as no id read from a glossary file has.
    """
    concept, _, message = finding.message.partition(": ")
    return concept, message


def validate_glossary(glossary: Glossary, languages: Sequence[str] = ()) -> list[Finding]:
    """Find forms claimed by two concepts, missing languages and empty equivalents.

    ``languages`` are those every concept needs an equivalent in.  Findings
    come concept by concept, then those about forms approved elsewhere.
    """
    problems: list[Finding] = []
    owners: dict[tuple[str, ...], tuple[Concept, str, str]] = {}
    # case-sensitive forms by their folded key: a case-insensitive form meets them there
    exact_folded: dict[tuple[str, ...], tuple[Concept, str, str]] = {}
    for concept in glossary.concepts:
        for kind, form in concept.forms():
            key = form_key(form, concept.case_sensitive)
            if not key:
                problems.append(
                    _finding(concept, "glossary-no-words", f"{kind} {form!r} has no words")
                )
                continue
            other = owners.get(key) or owners.get(form_key(form, False))
            if other is None and not concept.case_sensitive:
                other = exact_folded.get(key)
            if other is not None and other[0].id != concept.id:
                owner, other_kind, other_form = other
                problems.append(
                    _finding(
                        concept,
                        "glossary-clash",
                        f"{kind} {form!r} already belongs to concept {owner.id} "
                        f"as its {other_kind} {other_form!r} ({owner.path}:{owner.line})",
                    )
                )
                continue
            owners[key] = (concept, kind, form)
            if concept.case_sensitive:
                exact_folded.setdefault(form_key(form, False), (concept, kind, form))
        for code in languages:
            if not concept.equivalents(code):
                problems.append(
                    _finding(concept, "glossary-no-equivalent", f"no {code} equivalent")
                )
        if not concept.note:
            problems.append(_finding(concept, "glossary-no-note", "no note", WARNING))
        problems += _risky_forms(concept)
    problems += _forms_approved_elsewhere(glossary)
    return problems


def _risky_forms(concept: Concept) -> list[Finding]:
    """Bare short abbreviations that would match ordinary words or other abbreviations."""
    problems = []
    for kind, form in concept.forms():
        letters = form.replace(".", "").replace("&", "")
        if kind == "term" or not letters.isalpha() or len(letters) > 3:
            continue
        rule = concept.rule_for(form)
        guarded = concept.case_sensitive or (
            rule is not None and (rule.exact_case or rule.suggest or bool(rule.context))
        )
        if not guarded and scripts_in(form) <= {"latin"}:
            problems.append(
                _finding(
                    concept,
                    "glossary-bare-abbreviation",
                    f"{kind} {form!r} is a bare abbreviation of three letters or fewer: add "
                    f"'rule: {form} = exact-case' or a context(...) condition",
                    WARNING,
                )
            )
    return problems


def _forms_approved_elsewhere(glossary: Glossary) -> list[Finding]:
    """English forms that another concept approves as a target-language equivalent."""
    approved: dict[tuple[str, ...], tuple[Concept, str]] = {}
    for concept in glossary.concepts:
        for code, values in concept.targets:
            for value in values:
                approved.setdefault(form_key(value, True), (concept, code))
    problems = []
    for concept in glossary.concepts:
        for kind, form in concept.forms():
            if kind == "term":
                continue
            other = approved.get(form_key(form, True))
            if other is not None and other[0].id != concept.id:
                problems.append(
                    _finding(
                        concept,
                        "glossary-approved-elsewhere",
                        f"{kind} {form!r} is the approved {other[1]} equivalent of concept "
                        f"{other[0].id}: a translation using it would be misread",
                        WARNING,
                    )
                )
    return problems
