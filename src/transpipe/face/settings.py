"""Settings for a command, from its options: the config file, the articles' project, overrides.

Shared by the commands of ``cli`` and the command groups of :mod:`transpipe.face.groups`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from transpipe.core.config import Settings


def settings_from(config: Path | None, articles: Sequence[str] = (), **overrides: Any) -> Settings:
    """Settings from ``config``, else the articles' own project, with command-line overrides.

    ``articles`` are files (see :func:`expand_articles`): the project is decided by each of them.
    """
    from transpipe.core.config import load_settings_for

    return load_settings_for(articles, config=config).with_overrides(**overrides)


def expand_articles(articles: Sequence[str]) -> list[str]:
    """The article files that files, folders and patterns name, found once per command:
    the settings and the library call then get the files themselves."""
    from transpipe.commands.articles import collect_articles

    return [str(path) for path in collect_articles(articles)]


def with_glossaries(
    settings: Settings, extra: list[Path] | None, builtin: bool | None = None
) -> Settings:
    """``extra`` glossary files after the configured ones; ``builtin`` False drops the
    built-in glossary (True adds it where the settings left it out)."""
    from transpipe.core.config import builtin_glossaries

    shipped = builtin_glossaries()
    own = tuple(p for p in settings.glossaries if p not in shipped)
    has_builtin = len(own) < len(settings.glossaries)
    use_builtin = has_builtin if builtin is None else builtin
    glossaries = (*(shipped if use_builtin else ()), *own, *(extra or ()))
    if glossaries == settings.glossaries:
        return settings
    return settings.with_overrides(glossaries=glossaries)


def parse_targets(to: str | None) -> tuple[str, ...] | None:
    from transpipe.core.languages import parse_language_list

    return parse_language_list(to) if to else None


def listed_articles(articles: Sequence[str] | None, files_from: str | None) -> list[str]:
    """The articles named on the command line, then those the ``--files-from`` list names."""
    from transpipe.commands.shards import read_file_list
    from transpipe.core.errors import InputError

    listed = read_file_list(files_from) if files_from is not None else []
    if not articles and not listed:
        raise InputError(
            "no article given: name articles, folders or patterns, or pass --files-from LIST"
        )
    return [*(articles or ()), *listed]
