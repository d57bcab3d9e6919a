"""The human-readable report: one greppable line per finding, grouped by file, and a summary.

Lines are never wrapped, whatever the terminal width, so ``grep``/``cut`` keep working.
User text goes through rich ``Text`` objects, never markup, so ``[^1]`` or ``:smile:`` in a
message are printed as written. Colour follows ``color`` when given; otherwise NO_COLOR
(any non-empty value) turns it off, FORCE_COLOR (any non-empty value) turns it on, and
failing both it is on only when the stream is a terminal.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Mapping, Sequence, TextIO

from hrf_cli.report import files_checked

if TYPE_CHECKING:
    from rich.text import Text

    from hrf_cli.lint.findings import Finding, LintResult
    from hrf_cli.lint.registry import Rule

_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow"}
_WIDTH = 1 << 20  # effectively unlimited: output must never wrap


def use_color(stream: TextIO, color: bool | None, environ: Mapping[str, str] | None = None) -> bool:
    """Whether to colour: explicit choice, then NO_COLOR, then FORCE_COLOR, then isatty."""
    if color is not None:
        return color
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (OSError, ValueError):
        return False


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary(result: LintResult, checked: int | None = None) -> str:
    """``Found 3 errors and 1 warning in 2 files (5 files checked).`` or ``No problems found in 5 files.``"""
    total = files_checked(result, checked)
    errors, warnings = result.errors, result.warnings
    if not errors and not warnings:
        return f"No problems found in {_plural(total, 'file')}."
    parts = [_plural(n, word) for n, word in ((errors, "error"), (warnings, "warning")) if n]
    affected = sum(1 for file in result.files if file.findings)
    return f"Found {' and '.join(parts)} in {_plural(affected, 'file')} ({_plural(total, 'file')} checked)."


def finding_line(f: Finding) -> Text:
    """``path:line:col severity rule message`` (``path:¶N`` in a Word draft) as styled text."""
    from rich.text import Text

    return Text.assemble(
        (f.path, "bold"),
        f"{f.where()} ",
        (f.severity, _SEVERITY_STYLE.get(f.severity, "")),
        " ",
        (f.rule, "dim"),
        " ",
        f.message,
    )


def render(result: LintResult, stream: TextIO, *, rules: Sequence[Rule] = (),
           color: bool | None = None, checked: int | None = None) -> None:
    """Write the findings of each file with findings, a blank line between files, then the summary."""
    from rich.console import Console
    from rich.text import Text

    colored = use_color(stream, color)
    console = Console(
        file=stream,
        width=_WIDTH,
        soft_wrap=True,
        highlight=False,
        markup=False,
        emoji=False,
        force_terminal=colored,
        no_color=not colored,
        color_system="standard" if colored else None,
        legacy_windows=False,
    )
    first = True
    for file in result.files:
        if not file.findings:
            continue
        if not first:
            console.print()
        first = False
        for f in file.findings:
            console.print(finding_line(f))
    if not first:
        console.print()
    if result.errors:
        style = "bold red"
    elif result.warnings:
        style = "bold yellow"
    else:
        style = "bold green"
    console.print(Text(summary(result, checked), style=style))
