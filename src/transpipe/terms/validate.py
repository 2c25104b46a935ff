"""Glossary validation: forms claimed by two concepts, missing languages, risky forms.

Two forms clash when their keys (:func:`~transpipe.terms.glossary.form_key`)
are equal: a case-sensitive form meets another case-sensitive one only as
written, and a case-insensitive form meets every form in any case.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from transpipe.terms.glossary import Concept, Glossary, form_key
from transpipe.text.scripts import scripts_in


@dataclass(frozen=True, slots=True)
class Problem:
    """A validation finding: where, what, and whether it blocks use."""

    path: str
    line: int
    concept: str
    message: str
    severity: str = "error"  # or "warning"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.concept}: {self.message}"


def check_glossary(glossary: Glossary, languages: Sequence[str] = ()) -> list[Problem]:
    """Find forms claimed by two concepts, missing languages and empty equivalents."""
    problems: list[Problem] = []
    owners: dict[tuple[str, ...], tuple[Concept, str, str]] = {}
    # case-sensitive forms by their folded key: a case-insensitive form meets them there
    exact_folded: dict[tuple[str, ...], tuple[Concept, str, str]] = {}
    for concept in glossary.concepts:
        for kind, form in concept.forms():
            key = form_key(form, concept.case_sensitive)
            if not key:
                problems.append(
                    Problem(concept.path, concept.line, concept.id, f"{kind} {form!r} has no words")
                )
                continue
            other = owners.get(key) or owners.get(form_key(form, False))
            if other is None and not concept.case_sensitive:
                other = exact_folded.get(key)
            if other is not None and other[0].id != concept.id:
                owner, other_kind, other_form = other
                problems.append(
                    Problem(
                        concept.path,
                        concept.line,
                        concept.id,
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
                    Problem(concept.path, concept.line, concept.id, f"no {code} equivalent")
                )
        if not concept.note:
            problems.append(
                Problem(concept.path, concept.line, concept.id, "no note", severity="warning")
            )
        problems += _risky_forms(concept)
    problems += _forms_approved_elsewhere(glossary)
    return problems


def _risky_forms(concept: Concept) -> list[Problem]:
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
                Problem(
                    concept.path,
                    concept.line,
                    concept.id,
                    f"{kind} {form!r} is a bare abbreviation of three letters or fewer: add "
                    f"'rule: {form} = exact-case' or a context(...) condition",
                    severity="warning",
                )
            )
    return problems


def _forms_approved_elsewhere(glossary: Glossary) -> list[Problem]:
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
                    Problem(
                        concept.path,
                        concept.line,
                        concept.id,
                        f"{kind} {form!r} is the approved {other[1]} equivalent of concept "
                        f"{other[0].id}: a translation using it would be misread",
                        severity="warning",
                    )
                )
    return problems
