"""What scripts rely on: data on stdout, messages on stderr, one clear error per problem."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Callable

from click.testing import CliRunner, Result

from hrf_cli.cli import main

Run = Callable[..., Result]
Write = Callable[..., Path]

FRONT = "---\ntitle: T\nauthor: A\ndate: 2024-10-15\n{extra}---\n\n"


def test_json_findings_carry_the_file_their_line_refers_to(hrf: Run, write: Write) -> None:
    write("refs.json", '[\n  {"id": "a", "type": "book", "title": "A"},\n'
                       '  {"id": "unused", "type": "book", "title": "U"}\n]\n')
    write("report.md", FRONT.format(extra="bibliography: refs.json\n") + "See [@a].[^1]\n")
    data = json.loads(hrf("lint", "report.md", "--format", "json").stdout)
    assert [f["path"] for f in data["files"]] == ["report.md"]
    where = {f["rule"]: (f["path"], f["line"]) for f in data["files"][0]["findings"]}
    assert where["unused-reference"] == ("refs.json", 3)
    assert where["undefined-footnote"] == ("report.md", 8)


def test_standard_input_with_a_file_name(hrf: Run, write: Write, tmp_path: Path) -> None:
    write("drafts/refs.json", '[{"id": "a", "type": "book", "title": "A"}]')
    text = FRONT.format(extra="bibliography: refs.json\n") + "See [@a] and [@b].\n"
    result = CliRunner().invoke(main, ["lint", "-", "--stdin-filename", "drafts/draft.md"],
                                input=text)
    assert result.exit_code == 1
    assert result.stdout.startswith("drafts/draft.md:8:15 error unknown-citation")
    assert not (tmp_path / "drafts" / "draft.md").exists()  # nothing written


def test_standard_input_without_a_name_is_shown_as_dash(hrf: Run) -> None:
    result = CliRunner().invoke(main, ["lint", "-", "--format", "json"], input="A.[^1]\n")
    data = json.loads(result.stdout)
    assert data["files"][0]["path"] == "-"
    assert {f["rule"] for f in data["files"][0]["findings"]} >= {"undefined-footnote"}


def test_stdin_filename_needs_the_dash(hrf: Run) -> None:
    result = hrf("lint", "x.md", "--stdin-filename", "x.md")
    assert result.exit_code == 2
    assert result.stderr.endswith("error: --stdin-filename needs '-' among the paths\n")


def test_output_file_gets_the_report_and_stdout_stays_empty(hrf: Run, write: Write,
                                                            tmp_path: Path) -> None:
    write("report.md", FRONT.format(extra="") + "A.[^1]\n")
    result = hrf("lint", "report.md", "--format", "sarif", "-o", "out/lint.sarif")
    assert result.exit_code == 1 and result.stdout == ""
    sarif = json.loads((tmp_path / "out" / "lint.sarif").read_text(encoding="utf-8"))
    assert sarif["runs"][0]["results"][0]["ruleId"] == "HRF101"


def test_missing_report_is_one_message_without_pandoc_or_lint_advice(hrf: Run) -> None:
    for args in (["export", "nosuch.md", "--no-lint"], ["export", "nosuch.md"]):
        result = hrf(*args)
        assert result.exit_code == 1
        assert result.stdout == ""
        assert result.stderr == ("error: nosuch.md: file not found\n"
                                 "hrf export: 1 report: 0 files written, 0 unchanged, "
                                 "1 report failed\n")


def test_fix_of_a_missing_file_is_only_an_error(hrf: Run) -> None:
    result = hrf("fix", "nosuch.md")
    assert (result.exit_code, result.stdout, result.stderr) == (
        1, "", "error: nosuch.md: file not found\n")


def test_quiet_fix_prints_only_errors(hrf: Run, write: Write) -> None:
    write("r.md", FRONT.format(extra="") + "B.[^2] A.[^1]\n\n[^1]: one\n\n[^2]: two\n")
    result = hrf("fix", "r.md", "--quiet")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_every_error_has_the_same_prefix(hrf: Run) -> None:
    for args in (["lint", "--bogus"], ["lint", "x.md", "--select", "nosuch"],
                 ["export", "x.md", "--to", "epub"], ["rules", "nosuch"]):
        result = hrf(*args)
        assert result.exit_code == 2
        assert result.stderr.splitlines()[-1].startswith("error: "), result.stderr
        assert "Error:" not in result.stderr


def test_console_script_errors_go_to_stderr(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    done = subprocess.run([sys.executable, "-m", "hrf_cli", "fix", "nosuch.md"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60, env=env)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == "error: nosuch.md: file not found\n"
