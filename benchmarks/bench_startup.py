"""Start-up time of transpipe's quick commands, and what they import.

Usage::

    python benchmarks/bench_startup.py [--repeat 5] [--keep]

Sets up a small project in a temporary folder: ``examples/briefing.txt``,
a ``transpipe.toml`` (target ``de``, packages in ``packages/``, the built-in
glossary), the tiny test model
``tests/models/translate-en_de-1_0.argosmodel`` installed there and the
catalogues made by one ``transpipe translate`` run.  Then each command runs
as a fresh subprocess (the ``transpipe`` console script of this interpreter),
best of ``--repeat``, and once more under a wrapper that lists, at exit, the
loaded modules from torch, stanza, spacy and ``argostranslate.translate``
(none of which the quick commands should import).

transpipe's own modules are compiled to bytecode first, as pip does when it
installs the wheel.  In an editable install with ``PYTHONDONTWRITEBYTECODE``
set, every process would otherwise compile its ~25 modules from source again
(about 0.09 s here), which no installed copy pays.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LIMIT_S = 0.5

COMMANDS: tuple[tuple[str, ...], ...] = (
    ("--help",),
    ("status", "briefing.txt"),
    ("check", "briefing.txt"),
    ("detect", "briefing.txt"),
    ("glossary", "check"),
    ("normalise", "briefing.txt"),
)

# Run the CLI, then report heavy modules on stderr at exit (also after SystemExit).
PROBE = """\
import atexit, json, sys
def _report():
    heavy = sorted(m for m in sys.modules
                   if m.split('.')[0] in {'torch', 'stanza', 'spacy'} or m == 'argostranslate.translate')
    tops = sorted({m.split('.')[0] for m in heavy} | {m for m in heavy if m.startswith('argostranslate')})
    also = sorted(m for m in ('ctranslate2', 'sentencepiece', 'argostranslate', 'wordfreq', 'langdetect', 'rich')
                  if m in sys.modules)
    sys.stderr.write('\\nHEAVY=' + json.dumps({'heavy': tops, 'count': len(heavy), 'also': also}) + '\\n')
atexit.register(_report)
sys.argv = ['transpipe', *sys.argv[1:]]
from transpipe.cli import main
main()
"""


def transpipe_command() -> list[str]:
    script = Path(sys.executable).parent / "transpipe"
    return [str(script)] if script.exists() else [sys.executable, "-m", "transpipe"]


def setup_project(folder: Path) -> None:
    """A small project with catalogues made by the tiny test model."""
    shutil.copy(REPO / "examples" / "briefing.txt", folder / "briefing.txt")
    (folder / "transpipe.toml").write_text(  # the built-in glossary serves: none listed
        "[project]\n"
        'source = "en"\n'
        'targets = ["de"]\n'
        'locales = "locales"\n'
        "\n"
        "[engine]\n"
        'packages_dir = "packages"\n',
        encoding="utf-8",
    )
    model = REPO / "tests" / "models" / "translate-en_de-1_0.argosmodel"
    # argostranslate creates its data, config and cache folders on import: keep them here.
    env = dict(os.environ)
    env.update(
        {f"XDG_{k}_HOME": str(folder / ".xdg" / k.lower()) for k in ("DATA", "CONFIG", "CACHE")}
    )
    for args in (["models", "install", str(model)], ["translate", "briefing.txt", "--quiet"]):
        done = subprocess.run(
            [*transpipe_command(), *args], cwd=folder, capture_output=True, text=True,
            check=False, env=env,
        )  # fmt: skip
        if done.returncode != 0:
            sys.stderr.write(done.stdout + done.stderr)
            raise SystemExit(f"setup failed: transpipe {' '.join(args)}")


def time_command(args: tuple[str, ...], folder: Path, repeat: int) -> tuple[float, int]:
    best = float("inf")
    code = 0
    for _ in range(repeat):
        started = time.perf_counter()
        done = subprocess.run(
            [*transpipe_command(), *args], cwd=folder, capture_output=True, text=True, check=False
        )
        best = min(best, time.perf_counter() - started)
        code = done.returncode
        if code not in (0, 1):  # 1: findings (check, detect, glossary check)
            sys.stderr.write(done.stdout + done.stderr)
            raise SystemExit(f"transpipe {' '.join(args)} failed with exit {code}")
    return best, code


def heavy_imports(args: tuple[str, ...], folder: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], cwd=folder, capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    for line in done.stderr.splitlines():
        if line.startswith("HEAVY="):
            return json.loads(line[len("HEAVY=") :])  # type: ignore[no-any-return]
    sys.stderr.write(done.stdout + done.stderr)
    raise SystemExit(f"no import report for transpipe {' '.join(args)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per command, best kept (5)")
    parser.add_argument("--keep", action="store_true", help="keep and print the project folder")
    args = parser.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="transpipe-startup-"))
    try:
        import compileall

        import transpipe

        compileall.compile_dir(Path(transpipe.__file__).parent, quiet=1)
        setup_project(folder)
        started = time.perf_counter()
        for _ in range(args.repeat):
            subprocess.run([sys.executable, "-c", "pass"], check=True)
        interpreter = (time.perf_counter() - started) / args.repeat
        rows = []
        for command in COMMANDS:
            seconds, code = time_command(command, folder, args.repeat)
            report = heavy_imports(command, folder)
            heavy = ", ".join(report["heavy"]) or "none"  # type: ignore[arg-type]
            also = ", ".join(report["also"]) or "-"  # type: ignore[arg-type]
            rows.append(("transpipe " + " ".join(command), f"{seconds:.3f}",
                         "yes" if seconds < LIMIT_S else "NO", heavy, also, str(code)))  # fmt: skip
        header = ("command", "seconds", f"< {LIMIT_S} s", "heavy imports", "also imported", "exit")
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
        print(f"best of {args.repeat} fresh processes; bare `python -c pass` takes "
              f"{interpreter:.3f} s on average")  # fmt: skip
        for line in [header, tuple("-" * w for w in widths), *rows]:
            print("  ".join(c.ljust(w) for c, w in zip(line, widths)).rstrip())
        if args.keep:
            print(f"project: {folder}")
        failed = [r for r in rows if r[2] != "yes" or r[3] != "none"]
        return 1 if failed else 0
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
