"""The one exception hierarchy of transpipe.

Every error carries where it happened (file and, where known, line) and says
how to fix it; the CLI prints ``str(error)`` as one line and exits with
``error.exit_code``.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


class TranspipeError(Exception):
    """Base class: a problem the user can fix, reported as one line."""

    exit_code: int = EXIT_USAGE

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        self.message = message
        self.path = path
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line is not None else f"{self.path}: "
        return (where + self.message).replace("\n", " ")


class InputError(TranspipeError):
    """An article or other input file cannot be read or parsed."""


class ConfigError(TranspipeError):
    """``transpipe.toml`` or a command-line setting is invalid."""


class LanguageError(TranspipeError):
    """An unknown or unsupported language code."""


class ModelMissingError(TranspipeError):
    """No installed model serves a requested language pair."""


class EngineError(TranspipeError):
    """A translation engine failed to load or run."""


class OutputError(TranspipeError):
    """A file cannot be written (disk full, read-only folder, a file where a folder belongs)."""


class CatalogError(TranspipeError):
    """A .po/.pot catalogue cannot be read or written."""
