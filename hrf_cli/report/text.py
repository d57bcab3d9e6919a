"""The human-readable report, in two styles, and a summary.

``concise``: one greppable line per finding, ``path:line:col severity rule [*] message``,
grouped by file. ``full``: the same line, then the source line with a caret under the
column, as ruff shows it. ``text`` (the default) is ``full`` on a terminal and ``concise``
otherwise. ``[*]`` marks a finding that ``hrf fix`` repairs, and the summary ends with how
many there are.

Written as plain strings in large chunks (300,000 findings in well under a second), with
colour as ANSI escape codes only when asked for. Colour follows ``color`` when given;
otherwise NO_COLOR (any non-empty value) turns it off, FORCE_COLOR (any non-empty value)
turns it on, and failing both it is on only when the stream is a terminal. Control
characters from a report (an escape sequence in a note label) are printed escaped, never
sent to the terminal.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Callable, Iterable, Mapping, Sequence, TextIO

from hrf_cli.report import files_checked
from hrf_cli.report.snippet import SourceLines, snippet

if TYPE_CHECKING:
    from hrf_cli.lint.findings import Finding, LintResult
    from hrf_cli.lint.registry import Rule

STYLES = ("text", "full", "concise")
FIX_MARK = "[*]"
RESET = "\x1b[0m"
BOLD = "\x1b[1m"
DIM = "\x1b[2m"
SEVERITY_COLOR = {"error": "\x1b[1;31m", "warning": "\x1b[33m"}
GUTTER = "\x1b[1;34m"
SUMMARY_COLOR = {"error": "\x1b[1;31m", "warning": "\x1b[1;33m", None: "\x1b[1;32m"}
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CHUNK = 2000  # findings per write


def use_color(stream: TextIO, color: bool | None, environ: Mapping[str, str] | None = None) -> bool:
    """Whether to colour: explicit choice, then NO_COLOR, then FORCE_COLOR, then isatty."""
    if color is not None:
        return color
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    return is_terminal(stream)


def is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (OSError, ValueError):
        return False


def clean(value: str) -> str:
    """``value`` with control characters written as ``\\xNN``, so they never reach a terminal."""
    if value.isprintable():
        return value
    return CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", value)


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


def fixable_hint(count: int) -> str:
    return f"{FIX_MARK} {count} fixable with `hrf fix`."


def finding_line(f: Finding, colored: bool = False, clean_path: Callable[[str], str] = clean) -> str:
    """``path:line:col severity rule [*] message`` (``path:¶N`` in a Word draft).

    ``clean_path``: :func:`clean`, or a cached copy of it for a file's thousands of findings.
    """
    mark = f" {FIX_MARK}" if f.fix is not None else ""
    where = f":{f.line}:{f.column}" if f.paragraph is None and f.line > 0 else f.where()
    message = f.message if f.message.isprintable() else clean(f.message)
    if not colored:
        return f"{clean_path(f.path)}{where} {f.severity} {f.rule}{mark} {message}"
    color = SEVERITY_COLOR.get(f.severity, "")
    return (f"{BOLD}{clean_path(f.path)}{RESET}{where} {color}{f.severity}{RESET} "
            f"{DIM}{f.rule}{RESET}{mark} {message}")


def _full(f: Finding, source: SourceLines | None, colored: bool,
          clean_path: Callable[[str], str] = clean) -> str:
    """The finding's line, then its source line with a caret, then a blank line."""
    head = finding_line(f, colored, clean_path)
    if source is None or f.path != source.path or f.paragraph is not None:
        return head + "\n\n"
    shown = snippet(source, f.line, f.column, f.end_line, f.end_column)
    if shown is None:
        return head + "\n\n"
    number = str(f.line)
    pad = " " * len(number)
    code, carets = shown
    if colored:
        color = SEVERITY_COLOR.get(f.severity, "")
        bar = f"{GUTTER}{pad} |{RESET}"
        return (f"{head}\n{bar}\n{GUTTER}{number} |{RESET} {code}\n"
                f"{bar} {color}{carets}{RESET}\n{bar}\n\n")
    return f"{head}\n{pad} |\n{number} | {code}\n{pad} | {carets}\n{pad} |\n\n"


def lines(result: LintResult, style: str, colored: bool, checked: int | None = None) -> Iterable[str]:
    """The report's text in pieces: findings of each file, then the summary lines."""
    full = style == "full"
    first = True
    clean_path = lru_cache(maxsize=4096)(clean)
    for file in result.files:
        if not file.findings:
            continue
        if not first and not full:
            yield "\n"
        first = False
        source = SourceLines(file.path, file.source) if full and file.source is not None else None
        findings = file.findings
        for k in range(0, len(findings), _CHUNK):
            chunk = findings[k:k + _CHUNK]
            if full:
                yield "".join([_full(f, source, colored, clean_path) for f in chunk])
            else:
                yield "".join([finding_line(f, colored, clean_path) + "\n" for f in chunk])
    if not first and not full:
        yield "\n"
    worst = "error" if result.errors else "warning" if result.warnings else None
    text = summary(result, checked)
    yield (f"{SUMMARY_COLOR[worst]}{text}{RESET}\n" if colored else text + "\n")
    fixable = sum(1 for f in result.findings() if f.fix is not None)
    if fixable:
        yield fixable_hint(fixable) + "\n"


def render(result: LintResult, stream: TextIO, *, rules: Sequence[Rule] = (),
           color: bool | None = None, checked: int | None = None, style: str = "text") -> None:
    """Write the findings of each file with findings, then the summary and the fixable hint.

    ``style``: ``full`` (source line and caret under each finding), ``concise`` (one line
    each) or ``text`` (``full`` on a terminal, else ``concise``).
    """
    if style not in STYLES:
        raise ValueError(f"unknown text style {style!r}")
    if style == "text":
        style = "full" if is_terminal(stream) else "concise"
    colored = use_color(stream, color)
    for piece in lines(result, style, colored, checked):
        stream.write(piece)
