"""The finding record: one problem a check found, wherever the check lives.

Catalogue checks (``transpipe.checks``) and glossary validation
(``transpipe.terms.validate``) report the same record, so the CLI, the exit
codes and the GitHub annotations treat every finding alike.  ``code`` is a
stable kebab-case id that tools may filter on; ``severity`` is one of
:data:`ERROR` (blocks use) and :data:`WARNING` (reported, passes unless
strict), whose values ``"error"`` and ``"warning"`` appear in JSON output.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

Severity = Literal["error", "warning"]
ERROR: Final[Severity] = "error"
WARNING: Final[Severity] = "warning"

# every code the CI gate (``transpipe check``) reports; the catalogue checks' meanings are
# in ``transpipe.checks.rules``.  A project may disable any of them but ``po-syntax``
# (an unreadable catalogue is bad input, not a finding).
CHECK_CODES: Final = (
    "placeholder-mismatch", "number-mismatch", "url-mismatch", "markup-mismatch",
    "empty-translation", "below-threshold", "fuzzy", "untranslated", "glossary-missing",
    "glossary-deprecated", "stray-fragment", "header-language", "header-charset",
    "header-plural-forms", "repeated-word", "unchanged", "length-ratio", "end-punctuation",
    "bracket-balance", "target-language", "weekday-mismatch", "month-mismatch",
    "missing-catalogue", "stale-catalogue", "msgfmt", "draft-edition", "stale-edition",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found by a check.

    ``line`` is the 1-based line in ``path`` (0 when the finding is about the
    whole file); ``code`` a stable kebab-case id; ``severity`` ``"error"`` or
    ``"warning"``; ``message`` one line that says what is wrong and how to
    fix it; ``language`` the catalogue's language (None for source findings).
    """

    path: str
    line: int
    code: str
    severity: Severity
    message: str
    language: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {self.message} [{self.code}]"
