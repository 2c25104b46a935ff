"""The shell's last line of defence: every error is one line with its exit code.

Also names each option's value in ``--help`` (``LANGS``, ``FILE``) instead of
its Python type.
"""

from __future__ import annotations

from typing import Any, NoReturn

import typer
from typer.core import TyperGroup

from transpipe.core.errors import EXIT_USAGE, TranspipeError


class OneLineErrors(TyperGroup):
    """The last line of defence: an error no command expected is one line, exit 2.

    Commands turn :class:`~transpipe.core.errors.TranspipeError` into a line
    themselves; a system error (``OSError``: disk full, a read-only folder, a
    broken pipe), a value the library refused (``ValueError``), input nested
    too deeply (``RecursionError``) or too large (``MemoryError``) must not
    print a traceback either.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        name_values(self)

    def invoke(self, ctx: Any) -> Any:  # typer's own click Context
        try:
            return super().invoke(ctx)
        except TranspipeError as exc:
            fail(exc)
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename is not None else ""
            fail(f"{where}{exc.strerror or exc}")
        except RecursionError:
            fail("the input is nested too deeply to read")
        except MemoryError:
            fail("the input is too large to hold in memory")
        except ValueError as exc:
            fail(str(exc))
        except Exception as exc:  # after the others: only a usage error is handled here
            if not any(k.__name__ == "UsageError" for k in type(exc).__mro__):
                raise
            # a bad option or value: one line with the way to help, not a boxed panel
            path = getattr(getattr(exc, "ctx", None), "command_path", "") or ""
            where = " ".join(["transpipe", *path.split()[1:]])  # whatever program ran it
            message = exc.format_message().rstrip(".")  # type: ignore[attr-defined]
            fail(f"{message}; see {where} --help")


# what each value stands for in --help, instead of its Python type (<str>, <int>)
METAVARS = {
    "articles": "ARTICLE...", "specs": "PAIR|FILE...", "term": "TERM", "source_file": "FILE",
    "to": "LANGS", "languages": "LANGS", "source": "LANG", "deepl_target": "LANG",
    "locales": "FOLDER", "editions": "FOLDER", "packages_dir": "FOLDER", "config": "FILE",
    "glossary": "FILE", "output": "FILE", "engine": "NAME", "device": "cpu|cuda|auto",
    "compute_type": "TYPE", "beam_size": "N", "inter_threads": "N", "intra_threads": "N",
    "package_index": "URL", "min_reviewed": "SHARE", "glossary_mode": "enforce|check",
}  # fmt: skip


def name_values(group: Any) -> None:
    """Give every option and argument of ``group``'s commands its metavar from METAVARS."""
    for command in getattr(group, "commands", {}).values():
        name_values(command)
        for param in getattr(command, "params", []):
            flag = getattr(param, "is_flag", False)
            if param.metavar is None and not flag and param.name in METAVARS:
                param.metavar = METAVARS[param.name]


def fail(error: TranspipeError | str, code: int = EXIT_USAGE) -> NoReturn:
    message = str(error)
    if isinstance(error, TranspipeError):
        code = error.exit_code
    typer.echo(f"transpipe: error: {message}", err=True)
    raise typer.Exit(code)
