"""Which files a folder means: reports only, not README or what git ignores (lint, fix, export)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest
from click.testing import Result

Run = Callable[..., Result]
Write = Callable[..., Path]

REPO = Path(__file__).resolve().parents[1]
FINE = "---\ntitle: T\nauthor: A\ndate: 2024-10-15\n---\n\nFine.\n"
BROKEN = FINE + "A claim.[^1]\n"  # an undefined note: an error in any file linted


def linted(result: Result) -> list[str]:
    return [file["path"] for file in json.loads(result.stdout)["files"]]


@pytest.fixture
def repository(write: Write, tmp_path: Path) -> Path:
    """A reports repository: two reports, the usual non-report files, ignored drafts."""
    (tmp_path / ".git").mkdir()
    write("README.md", BROKEN)
    write("CHANGELOG.md", BROKEN)
    write("CONTRIBUTING.md", BROKEN)
    write("LICENSE.md", BROKEN)
    write(".github/ISSUE_TEMPLATE/bug.md", BROKEN)
    write("reports/kupiansk/report.md", FINE)
    write("reports/izium/report.md", FINE)
    write("reports/izium/README.md", BROKEN)
    write("reports/scratch/notes.md", BROKEN)
    write("reports/old/draft.md", BROKEN)
    write(".gitignore", "scratch/\n")
    write("reports/.gitignore", "old/\n")
    return tmp_path


def test_folder_skips_readme_changelog_github_and_gitignored(hrf: Run, repository: Path) -> None:
    result = hrf("lint", ".", "--format", "json")
    assert result.exit_code == 0, result.stdout
    assert linted(result) == ["reports/izium/report.md", "reports/kupiansk/report.md"]


def test_no_paths_means_the_current_folder(hrf: Run, repository: Path) -> None:
    result = hrf("lint", "--format", "json")
    assert linted(result) == ["reports/izium/report.md", "reports/kupiansk/report.md"]


def test_no_respect_gitignore_takes_the_ignored_drafts(hrf: Run, repository: Path) -> None:
    result = hrf("lint", "reports", "--format", "json", "--no-respect-gitignore")
    assert linted(result) == ["reports/izium/report.md", "reports/kupiansk/report.md",
                              "reports/old/draft.md", "reports/scratch/notes.md"]


def test_a_file_named_is_always_linted(hrf: Run, repository: Path) -> None:
    result = hrf("lint", "README.md", "reports/scratch/notes.md", "--format", "json")
    assert result.exit_code == 1
    assert linted(result) == ["README.md", "reports/scratch/notes.md"]


def test_force_exclude_skips_named_files_too(hrf: Run, repository: Path) -> None:
    result = hrf("lint", "--force-exclude", "README.md", "reports/scratch/notes.md",
                 "reports/kupiansk/report.md", "--format", "json")
    assert result.exit_code == 0
    assert linted(result) == ["reports/kupiansk/report.md"]


def test_exclude_replaces_and_extend_exclude_adds(hrf: Run, repository: Path) -> None:
    replaced = hrf("lint", ".", "--format", "json", "--exclude", "izium/")
    assert "README.md" in linted(replaced) and "reports/izium/report.md" not in linted(replaced)
    extended = hrf("lint", ".", "--format", "json", "--extend-exclude", "izium/,kupiansk")
    assert linted(extended) == ["."]  # a folder with nothing left to lint is reported
    assert extended.exit_code == 1


def test_hrf_yaml_exclude_is_anchored_at_its_folder(hrf: Run, repository: Path, write: Write) -> None:
    write("hrf.yaml", "lint:\n  extend-exclude: [reports/izium/]\n")
    assert linted(hrf("lint", ".", "--format", "json")) == ["reports/kupiansk/report.md"]
    write("hrf.yaml", "lint:\n  exclude: [kupiansk/]\n  respect-gitignore: false\n")
    paths = linted(hrf("lint", "reports", "--format", "json"))
    assert "reports/izium/README.md" in paths and "reports/old/draft.md" in paths
    assert "reports/kupiansk/report.md" not in paths


def test_a_folder_given_is_searched_even_when_excluded(hrf: Run, write: Write) -> None:
    write(".github/docs/guide.md", FINE)
    assert linted(hrf("lint", ".github", "--format", "json")) == [".github/docs/guide.md"]


def test_fix_and_export_walk_folders_the_same_way(hrf: Run, repository: Path) -> None:
    fixed = hrf("fix", ".", "--check")
    assert fixed.exit_code == 0
    assert fixed.stderr == "nothing to fix in 2 files\n"


def test_empty_folder_is_named_without_a_line(hrf: Run, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    text = hrf("lint", "empty")
    assert text.exit_code == 1
    assert text.stdout.splitlines()[0] == (
        "empty: error unreadable-file no Markdown reports (*.md) found in empty")
    data = json.loads(hrf("lint", "empty", "--format", "json").stdout)
    finding = data["files"][0]["findings"][0]
    assert (finding["path"], finding["line"], finding["column"]) == ("empty", None, None)
    sarif = json.loads(hrf("lint", "empty", "--format", "sarif").stdout)
    assert "region" not in sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    from jsonschema.validators import validator_for

    schema = json.loads((Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json")
                        .read_text(encoding="utf-8"))
    validator_for(schema)(schema).validate(sarif)
    github = hrf("lint", "empty", "--format", "github").stdout
    assert github.startswith("::error file=empty,title=")


def test_this_repositorys_own_hook_passes_on_this_repository() -> None:
    """What `pre-commit run --all-files` does here: the hook's entry on every Markdown file git
    tracks that the configuration does not exclude (pre-commit names them, README.md too)."""
    from ruamel.yaml import YAML

    config = YAML(typ="safe").load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hook = next(h for repo in config["repos"] for h in repo["hooks"] if h["id"] == "hrf-lint")
    shipped = YAML(typ="safe").load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["entry"] == next(h["entry"] for h in shipped if h["id"] == "hrf-lint")
    entry = hook["entry"].split()
    assert entry[:2] == ["hrf", "lint"]
    listed = subprocess.run(["git", "ls-files", "*.md"], cwd=REPO, capture_output=True,
                            text=True, check=True).stdout.split()
    if not listed:
        pytest.skip("not a git checkout")
    files = [f for f in listed if not re.search(hook["exclude"], f)]
    assert "README.md" in files  # named, and skipped by --force-exclude
    done = subprocess.run([sys.executable, "-m", "hrf_cli", *entry[1:], *files], cwd=REPO,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
