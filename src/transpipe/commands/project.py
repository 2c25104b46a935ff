"""Where a project's files are, and the rule that nothing is written outside it.

Paths shown relative to the project, the target languages of a command, and the
check, before any write, that every path lies in the project or its folders.
"""

from __future__ import annotations

import glob
from collections.abc import Iterable, Sequence
from pathlib import Path

from transpipe.core.config import Settings
from transpipe.core.errors import (
    ConfigError,
    InputError,
    LanguageError,
)
from transpipe.core.languages import Language, language


def display_path(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` when inside it, in POSIX form (for references)."""
    return display_paths([path], root)[0]


def display_paths(paths: Iterable[Path], root: Path) -> list[str]:
    """:func:`display_path` of each of ``paths``, the root resolved once (for archives)."""
    real_root = root.resolve()
    shown = []
    for path in paths:
        try:
            shown.append(path.resolve().relative_to(real_root).as_posix())
        except ValueError:
            shown.append(path.as_posix())
    return shown


def resolve_languages(settings: Settings, targets: Sequence[str] | None) -> list[Language]:
    """Validated target languages: ``targets`` or the configured ones."""
    codes = list(targets) if targets else list(settings.targets)
    if not codes:
        raise ConfigError("no target language; pass --to de,fr or set targets in transpipe.toml")
    language(settings.source)
    resolved = [language(code) for code in codes]
    for lang in resolved:
        if lang.code == settings.source:
            raise LanguageError(f"target language {lang.code!r} is the source language")
    return resolved


def catalog_languages(
    settings: Settings, targets: Sequence[str] | None, name: str, shown: str
) -> list[str]:
    """Target languages: given, configured, or every locales folder with this article.

    With none of the three, there is nothing to build, check or show: that is
    a usage error naming ``shown`` (the article), never a silent success.
    """
    if targets:
        return [language(code).code for code in targets]
    if settings.targets:
        return [language(code).code for code in settings.targets]
    pattern = f"*/{glob.escape(name)}.po"  # an article may be called "[de].md"
    found = sorted(p.parent.name for p in settings.locales_dir.glob(pattern) if p.is_file())
    if not found:
        raise ConfigError(
            "no target language: none given with --to, no targets in transpipe.toml, and no "
            f"catalogue {display_path(settings.locales_dir, settings.root)}/*/{name}.po; "
            "pass --to de,fr or set targets in transpipe.toml",
            path=shown,
        )
    return found


def through_link(settings: Settings, path: Path) -> Path:
    """Where to write ``path``: a catalogue that is a symbolic link (a shared catalogue) is
    updated through the link, so the link stays and the shared file is current; its
    target must lie in the project or its folders like every other write."""
    if not path.is_symlink():
        return path
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        raise InputError(
            "the catalogue is a symbolic link to nothing; remove the link or restore its file",
            path=display_path(path, settings.root),
        ) from None
    if not target.is_file():
        raise InputError(
            "the catalogue is a symbolic link to something that is not a file",
            path=display_path(path, settings.root),
        )
    check_inside(settings, [target])
    return target


def check_inside(settings: Settings, paths: Iterable[Path]) -> None:
    """Refuse (before anything is written) a path outside the project and its folders.

    Each path's folder is resolved, links included, and must lie inside the
    project (``settings.root``) or the configured locales or editions folder
    (themselves resolved, so a configured folder may live anywhere).  Raises
    :class:`ConfigError` naming the first path that does not.
    """
    allowed = [
        folder.resolve() for folder in (settings.root, settings.locales_dir, settings.editions_dir)
    ]
    # each folder resolved once (an archive's catalogues share a few): whether it lies inside
    folders: dict[Path, tuple[Path | None, bool]] = {}
    for path in paths:
        if path.parent not in folders:
            try:
                real_folder: Path | None = path.parent.resolve()
            except (OSError, RuntimeError):  # a link loop
                real_folder = None
            inside = real_folder is not None and any(
                real_folder.is_relative_to(folder) for folder in allowed
            )
            folders[path.parent] = (real_folder, inside)
        real_folder, inside = folders[path.parent]
        if (
            real_folder is None
            or path.name in ("", ".", "..")
            or not (inside or any((real_folder / path.name).is_relative_to(f) for f in allowed))
        ):
            raise ConfigError(
                "would be written outside the project and its locales and editions folders; "
                "check source, locales and editions in transpipe.toml and the links in "
                "those folders",
                path=str(path),
            )
