"""`hrf --help` reads as a table: examples aligned, every command's summary whole."""

from __future__ import annotations

import re

from click.testing import CliRunner

from hrf_cli.cli import main


def test_command_summaries_are_never_cut() -> None:
    text = CliRunner().invoke(main, ["--help"], terminal_width=80).output
    commands = text.split("Commands:\n", 1)[1].splitlines()
    assert len(commands) == len(main.commands)
    for line in commands:
        assert not line.rstrip().endswith("..."), line
        assert line.rstrip().endswith("."), line


def test_examples_line_up() -> None:
    text = CliRunner().invoke(main, ["--help"]).output
    examples = [line for line in text.splitlines() if re.search(r":\s+hrf ", line)]
    assert len(examples) >= 5
    assert len({line.index(" hrf ", line.index(":")) for line in examples}) == 1
    assert len({re.search(r":\s+hrf", line).end() for line in examples}) == 1
