"""Docs stay true to the code: the rules page, the README's rule table and Quick start."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from hrf_cli.cli import main
from hrf_cli.lint.registry import all_rules
from hrf_cli.rules_doc import markdown

ROOT = Path(__file__).resolve().parents[1]


def test_rules_page_is_generated_from_the_rule_table():
    page = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert page == markdown(all_rules()), "run: python -m hrf_cli.rules_doc > docs/rules.md"


def test_every_rule_has_a_complete_doc():
    for rule in all_rules():
        assert re.fullmatch(r"HRF\d{3}", rule.code)
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name)
        for part in (rule.summary, rule.doc.what, rule.doc.why, rule.doc.bad, rule.doc.good):
            assert part.strip(), f"{rule.name} has an empty doc part"


def test_readme_rule_table_is_what_hrf_rules_lists_in_the_same_order():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = re.findall(r"^\| (HRF\d{3}) \| ([a-z-]+) \| (error|warning) \| (.+) \|$", readme, re.M)
    listed = CliRunner().invoke(main, ["rules"]).output.splitlines()
    rows = [tuple(re.split(r"  +", line, maxsplit=3)) for line in listed]
    assert table == rows  # code, name, severity and what it finds, row by row
    as_json = json.loads(CliRunner().invoke(main, ["rules", "--format", "json"]).output)
    assert table == [(r["code"], r["name"], r["severity"], r["summary"]) for r in as_json]
    assert [row[:3] for row in table] == [(r.code, r.name, r.severity) for r in all_rules()]


def test_readme_quick_start_has_exactly_two_commands_and_ci_runs_the_second():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.*?)\n```", section, re.S)
    assert len(commands) == 2 and all("\n" not in c for c in commands)
    install, test = commands
    assert "hrf " in install and "examples/" in install
    for command in commands:  # both work where the system Python refuses pip (PEP 668)
        assert command.startswith("python3 -m venv .venv && .venv/bin/pip install ")
        assert " python3 -m pip" not in command and " hrf " not in f" {command} ".replace(
            ".venv/bin/hrf ", "")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert [line for line in ci.splitlines() if line == test] == [test]
    assert "pipx install ." in section


def test_every_command_has_help():
    runner = CliRunner()
    group_help = runner.invoke(main, ["--help"]).output
    for name, command in main.commands.items():
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0, name
        assert command.help and command.help.strip()
        assert name in group_help
