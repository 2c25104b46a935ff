"""Mutation testing: do the tests notice when the code is wrong?

Run (not in CI; needs ``pip install mutmut``, minutes per module on two cores):

    python tests/tools/mutation.py                 # every audited module
    python tests/tools/mutation.py merge fileio    # some of them

For each module, mutmut (3.x) makes one-line mutants (an operator flipped, a
constant changed, a call's argument dropped), runs the tests that cover the
mutated function against each, and records whether some test failed (the
mutant is *killed*) or none did (it *survived*).  The work happens in a copy
of the repository under a temporary folder, so the checkout is never touched.

A survivor that behaves exactly like the original (an *equivalent* mutant:
``"utf-8"`` -> ``"UTF-8"`` as a codec name) cannot be killed by any test; each
is named, with the reason, in ``tests/tools/equivalent_mutants.txt``.  The
score is killed / (all mutants - equivalent ones), per module and in total,
and every survivor that is not listed as equivalent is printed: each one is a
test to write.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EQUIVALENT = Path(__file__).with_name("equivalent_mutants.txt")
# the modules audited: merge and the entry notes it reads, the PO reader and writer, file
# writes, checks and the markup comparison they share with build, glossary matching and
# enforcement; a pattern limits a large module to the functions that matter
MODULES: dict[str, str] = {
    "merge": "transpipe.po.merge.*",
    "notes": "transpipe.core.notes.*",
    "po": "transpipe.{po.reader,po.writer,text.linebreak}.*",
    "fileio": "transpipe.core.fileio.*",
    "checks": "transpipe.checks.rules.*",
    "markup": "transpipe.document.markup.*",
    "glossary": "transpipe.terms.{glossary,gloss_format,validate,glossary_io}.*",
    "enforce": "transpipe.terms.enforce.*",
}
# the files mutated for each: the glossary's model, matching, .gloss format, validation and
# loading are four modules
FILES: dict[str, list[str]] = {
    "merge": ["src/transpipe/po/merge.py"],
    "notes": ["src/transpipe/core/notes.py"],
    "po": [
        "src/transpipe/po/reader.py",
        "src/transpipe/po/writer.py",
        "src/transpipe/text/linebreak.py",
    ],
    "fileio": ["src/transpipe/core/fileio.py"],
    "checks": ["src/transpipe/checks/rules.py"],
    "markup": ["src/transpipe/document/markup.py"],
    "glossary": [
        "src/transpipe/terms/glossary.py",
        "src/transpipe/terms/gloss_format.py",
        "src/transpipe/terms/validate.py",
        "src/transpipe/terms/glossary_io.py",
    ],
    "enforce": ["src/transpipe/terms/enforce.py"],
}
# the tests run against each module's mutants: those that exercise it, without the
# subprocess-heavy reliability suite and the benchmarks, so a run takes minutes
TESTS = {
    "merge": ["po/test_merge.py", "commands/test_review_loop.py", "po/test_catalog.py", "commands/test_articles.py",
              "engines/test_engine_pseudo.py", "test_cli.py"],
    "notes": ["core/test_notes.py", "po/test_merge.py", "commands/test_review_loop.py", "terms/test_enforce.py",
              "document/test_html.py"],
    "po": ["po/test_gettext_format.py", "po/test_catalog.py", "po/test_merge.py", "commands/test_review_loop.py",
           "text/test_linebreak.py", "text/test_wrap.py"],
    "fileio": ["core/test_fileio.py", "core/test_lock_links.py", "core/test_special_files.py", "test_one_line_errors.py",
               "commands/test_normalise_write.py", "commands/test_review_loop.py",
               "test_reliability.py::test_stale_temporaries_of_live_processes_are_kept",
               "test_reliability.py::test_atomic_write_keeps_the_old_file_when_the_write_fails",
               "test_reliability.py::test_normalise_write_is_atomic_and_locked"],
    "checks": ["checks/test_checks.py", "commands/test_review_loop.py", "document/test_escaping.py",
               "engines/test_engine_pseudo.py"],
    "markup": ["checks/test_checks.py", "document/test_edition.py", "document/test_escaping.py", "commands/test_review_loop.py"],
    "glossary": ["terms/test_glossary.py", "terms/test_glossary_io.py", "test_glossary_cli.py",
                 "terms/test_normalise.py", "terms/test_sense.py", "terms/test_enforce.py"],
    "enforce": ["terms/test_enforce.py", "commands/test_articles.py", "engines/test_engine_pseudo.py", "po/test_merge.py"],
}  # fmt: skip
_RESULT = re.compile(r"^\s*(?P<name>transpipe\.\S+): (?P<status>\w[\w ]*)$")


@dataclass(slots=True)
class Score:
    """Mutants of one module by outcome."""

    killed: int = 0
    survived: list[str] = field(default_factory=list)
    equivalent: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)  # timeouts, crashes: counted as killed

    @property
    def total(self) -> int:
        return self.killed + len(self.survived) + len(self.equivalent) + len(self.other)

    @property
    def score(self) -> float:
        relevant = self.total - len(self.equivalent)
        return (self.killed + len(self.other)) / relevant if relevant else 1.0


def equivalent_mutants(path: Path = EQUIVALENT) -> dict[str, str]:
    """``mutant name -> reason`` from the equivalents file (``name  # reason`` lines)."""
    found: dict[str, str] = {}
    if not path.is_file():
        return found
    for line in path.read_text(encoding="utf-8").splitlines():
        name, _, reason = line.partition("#")
        if name.strip():
            found[name.strip()] = reason.strip()
    return found


def _copy_repository(into: Path) -> None:
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True
    ).stdout.split(b"\0")
    for raw in filter(None, listed):
        name = raw.decode()
        source = ROOT / name
        if source.is_file():
            target = into / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def run_module(module: str, work: Path, children: int) -> Score:
    """Mutate one module in ``work`` (a copy of the repository) and score it."""
    (work / "setup.cfg").write_text(
        "[mutmut]\n"
        "only_mutate =\n"
        + "".join(f"    {path}\n" for path in FILES[module])
        + "pytest_add_cli_args = -p no:randomly -x -q\n"
        "pytest_add_cli_args_test_selection =\n"
        + "".join(f"    tests/{name}\n" for name in TESTS[module])
        + "also_copy =\n    glossary/\n    examples/\n    locales/\n",
        encoding="utf-8",
    )
    shutil.rmtree(work / "mutants", ignore_errors=True)
    subprocess.run(
        ["mutmut", "run", "--max-children", str(children)],
        cwd=work,
        check=False,
        stdout=subprocess.DEVNULL,
    )
    listed = subprocess.run(
        ["mutmut", "results", "--all", "true"], cwd=work, capture_output=True, text=True, check=True
    ).stdout
    known = equivalent_mutants()
    score = Score()
    for line in listed.splitlines():
        found = _RESULT.match(line)
        if found is None:
            continue
        name, status = found.group("name"), found.group("status").strip()
        if status == "killed":
            score.killed += 1
        elif name in known:
            score.equivalent.append(name)
        elif status in ("timeout", "segfault", "suspicious", "caught by type check"):
            score.other.append(f"{name}: {status}")  # the tests noticed: counted as killed
        else:  # survived, and "no tests" / "not checked": nothing noticed it
            score.survived.append(name)
    with (work / f"survivors-{module}.diff").open("w", encoding="utf-8") as out:
        for name in score.survived:  # each one's diff, to write the test that kills it
            shown = subprocess.run(
                ["mutmut", "show", name], cwd=work, capture_output=True, text=True, check=False
            ).stdout
            out.write(f"=== {name}\n{shown}\n")
    return score


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help=f"some of: {', '.join(MODULES)}")
    parser.add_argument("--children", type=int, default=2, help="mutants run at once")
    parser.add_argument(
        "--work",
        type=Path,
        help="work in this folder and keep it (to read survivors with "
        "`mutmut show NAME` there); default: a temporary folder",
    )
    args = parser.parse_args()
    if shutil.which("mutmut") is None:
        print("mutation.py needs mutmut: pip install mutmut", file=sys.stderr)
        return 2
    chosen = args.modules or list(MODULES)
    unknown = [m for m in chosen if m not in MODULES]
    if unknown:
        parser.error(f"unknown module {unknown[0]!r}; choose from {', '.join(MODULES)}")
    scores: dict[str, Score] = {}
    with tempfile.TemporaryDirectory(prefix="transpipe-mutation-") as tmp:
        work = args.work or Path(tmp)
        _copy_repository(work)
        for module in chosen:
            scores[module] = run_module(module, work, args.children)
            print(f"{module}: {_line(scores[module])}", flush=True)
    total = Score()
    for score in scores.values():
        total.killed += score.killed
        total.survived += score.survived
        total.equivalent += score.equivalent
        total.other += score.other
    print(f"\n{'module':<10} {'mutants':>7} {'killed':>6} {'equiv':>5} {'alive':>5} {'score':>6}")
    for module, score in [*scores.items(), ("all", total)]:
        print(
            f"{module:<10} {score.total:>7} {score.killed + len(score.other):>6} "
            f"{len(score.equivalent):>5} {len(score.survived):>5} {score.score:>6.3f}"
        )
    if total.survived:
        print("\nsurvivors (each one a missing test):")
        print("\n".join(f"  {name}" for name in total.survived))
    return 0


def _line(score: Score) -> str:
    return (
        f"{score.total} mutants, {score.killed} killed, {len(score.equivalent)} equivalent, "
        f"{len(score.survived)} alive, score {score.score:.3f}"
    )


if __name__ == "__main__":
    sys.exit(main())
