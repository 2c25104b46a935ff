"""Language codes: validation, names and gettext plural rules (from CLDR via Babel)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from transpipe.core.errors import LanguageError

_CODE = re.compile(r"^[a-z]{2,3}([_-][A-Za-z0-9]{2,8})*$")


@dataclass(frozen=True, slots=True)
class Language:
    """A validated language: its code as the user wrote it, English name, plural rule."""

    code: str
    name: str
    plural_forms: str


def language(code: str) -> Language:
    """Validate ``code`` (ISO 639, optionally with region: ``pt-BR``) and describe it.

    Raises :class:`LanguageError` naming the code when CLDR does not know it.
    """
    from babel import Locale, UnknownLocaleError
    from babel.messages.plurals import get_plural

    if not _CODE.match(code):
        raise LanguageError(
            f"unknown language code {code!r}; use an ISO 639-1 code such as de, fr, uk"
        )
    try:
        locale = Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        raise LanguageError(
            f"unknown language code {code!r}; use an ISO 639-1 code such as de, fr, uk"
        ) from None
    plural = get_plural(locale)
    return Language(code=code, name=locale.english_name or code, plural_forms=plural.plural_forms)


def parse_language_list(value: str) -> tuple[str, ...]:
    """Split ``"de,fr, uk"`` into codes, dropping empties and duplicates, keeping order."""
    seen: dict[str, None] = {}
    for part in value.split(","):
        part = part.strip()
        if part:
            seen[part] = None
    return tuple(seen)
