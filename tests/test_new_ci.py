"""``hrf new --ci`` writes CI that works as written: the pre-commit configuration uses this
repository's hook pinned by ``rev`` and is run here with the real ``pre-commit`` against a
local clone; the workflow's install and lint steps are run too. Where hrf comes from
(``new.requirement``) is asked for on a terminal and required with ``--no-input``."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner, Result
from ruamel.yaml import YAML

from hrf_cli.cli import main

Run = Callable[..., Result]
ROOT = Path(__file__).resolve().parents[1]
ARGS = ("new", "Fuel", "-a", "Me", "--date", "2026-11-25", "--no-input", "--ci")
TAG = "v0.0.0-test"
# What a clone of this repository holds that installing it needs.
SHIPPED = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "hrf_cli", "templates")


def load(path: Path) -> dict:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


# --- where hrf is installed from ------------------------------------------------------------

def test_requirement_is_required_without_input(hrf: Run, tmp_path: Path) -> None:
    result = hrf(*ARGS)
    assert result.exit_code == 2
    assert ("error: missing required value: requirement (--requirement, or new.requirement "
            "in hrf.yaml)") in result.output
    assert list(tmp_path.iterdir()) == []


def test_requirement_is_asked_for_on_a_terminal(hrf: Run, tmp_path: Path) -> None:
    answers = "\n\ngit+https://example.org/org/hrf@v1.2.0\n"  # template, subtitle, requirement
    result = CliRunner().invoke(main, [*ARGS[:-2], "--ci", "--input"], input=answers)
    assert result.exit_code == 0, result.output
    assert "Where CI installs hrf from (a pip requirement" in result.output
    hooks = load(tmp_path / "fuel" / ".pre-commit-config.yaml")
    assert (hooks["repos"][0]["repo"], hooks["repos"][0]["rev"]) == (
        "https://example.org/org/hrf", "v1.2.0")


@pytest.mark.parametrize("requirement, message", [
    ("git+https://example.org/org/hrf", "names no version; pin one as git+URL@TAG"),
    ("hrf @ git+https://example.org/org/hrf", "names no version"),
    ("git+", "cannot read 'git+' as git+URL@TAG"),
])
def test_unpinned_git_requirement_is_refused(hrf: Run, tmp_path: Path, requirement: str,
                                             message: str) -> None:
    result = hrf(*ARGS, "--requirement", requirement)
    assert result.exit_code == 2
    assert message in result.output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("requirement", [
    "hrf @ git+https://example.org/o/hrf@v1#egg=hrf", "hrf==1.0; python_version >= '3.11'",
    'hrf @ https://example.org/o/hrf-1.0-py3-none-any.whl#sha256=ab "x": y',
])
def test_any_requirement_gives_valid_yaml(hrf: Run, tmp_path: Path, requirement: str) -> None:
    assert hrf(*ARGS, "--requirement", requirement).exit_code == 0
    workflow = load(tmp_path / "fuel" / ".github" / "workflows" / "hrf-lint.yml")
    install = workflow["jobs"]["lint"]["steps"][-2]["run"]
    assert shlex.split(install) == ["python", "-m", "pip", "install", requirement]
    hooks = load(tmp_path / "fuel" / ".pre-commit-config.yaml")
    assert hooks["repos"][0]["hooks"][0]["id"] == "hrf-lint"


# --- the generated files, run for real --------------------------------------------------------

def git(folder: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", *args], cwd=folder, env=env, check=True, capture_output=True,
                          text=True).stdout


@pytest.fixture(scope="module")
def hrf_clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A local git repository holding this working tree's hrf, tagged TAG."""
    clone = tmp_path_factory.mktemp("clone") / "hrf"
    clone.mkdir()
    for name in SHIPPED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, clone / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "fonts"))
        else:
            shutil.copy2(source, clone / name)
    fonts = ROOT / "templates" / "typst" / "fonts"
    if fonts.is_dir():
        shutil.copytree(fonts, clone / "templates" / "typst" / "fonts")
    git(clone, "init", "-q")
    git(clone, "add", "-A")
    git(clone, "commit", "-q", "-m", "hrf")
    git(clone, "tag", TAG)
    return clone


BROKEN = "\nA claim with no note.[^9]\n"


def test_generated_pre_commit_config_runs_the_hook(tmp_path: Path, hrf_clone: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    reports = tmp_path / "reports-repo"
    reports.mkdir()
    git(reports, "init", "-q")
    monkeypatch.chdir(reports)
    requirement = f"hrf @ git+{hrf_clone.as_uri()}@{TAG}"
    result = CliRunner().invoke(main, [*ARGS, "--dir", "reports", "--requirement", requirement])
    assert result.exit_code == 0, result.output
    hooks = load(reports / ".pre-commit-config.yaml")
    assert hooks["repos"][0]["repo"] == hrf_clone.as_uri() and hooks["repos"][0]["rev"] == TAG
    report = reports / "reports" / "fuel" / "report.md"
    report.write_text(report.read_text(encoding="utf-8") + BROKEN, encoding="utf-8")
    (reports / "notes.md").write_text("Not a report: outside the hook's files.[^1]\n")
    git(reports, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
           "PRE_COMMIT_COLOR": "never"}
    run = [sys.executable, "-m", "pre_commit", "run", "--all-files"]
    done = subprocess.run(run, cwd=reports, env=env, capture_output=True, text=True, timeout=1200)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "hrf lint" in done.stdout and "Failed" in done.stdout
    assert "reports/fuel/report.md" in done.stdout and "undefined-footnote" in done.stdout
    assert "notes.md" not in done.stdout
    report.write_text(report.read_text(encoding="utf-8").replace(BROKEN, "\n"), encoding="utf-8")
    git(reports, "add", "-A")
    done = subprocess.run(run, cwd=reports, env=env, capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "hrf lint" in done.stdout and "Passed" in done.stdout


def test_generated_workflow_steps_install_and_lint(tmp_path: Path, hrf_clone: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    requirement = f"git+{hrf_clone.as_uri()}@{TAG}"
    result = CliRunner().invoke(main, [*ARGS, "--requirement", requirement])
    assert result.exit_code == 0, result.output
    steps = load(tmp_path / ".github" / "workflows" / "hrf-lint.yml")["jobs"]["lint"]["steps"]
    install, lint = shlex.split(steps[-2]["run"]), shlex.split(steps[-1]["run"])
    assert install[:4] == ["python", "-m", "pip", "install"]
    # The install step as written (dependencies are already here: --no-deps, into a folder).
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--disable-pip-version-check", "--target", str(target), *install[4:]],
                   check=True, capture_output=True, timeout=600)
    assert (target / "hrf_cli" / "cli.py").is_file()
    report = tmp_path / "fuel" / "report.md"
    report.write_text(report.read_text(encoding="utf-8") + BROKEN, encoding="utf-8")
    assert lint[0] == "hrf"
    done = subprocess.run([sys.executable, "-c", "from hrf_cli.cli import main; main()",
                           *lint[1:]], cwd=tmp_path, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(target)}, timeout=300)
    assert done.returncode == 1
    assert done.stdout.startswith("::error file=fuel/report.md,line=")
    assert "undefined-footnote" in done.stdout
