"""GitHub Actions workflow commands, so findings show up as annotations on the pull request.

One ``::error``/``::warning`` line per finding, escaped as the runner expects (``%``, CR and
LF in the message; additionally ``:`` and ``,`` in property values). No summary line is
written: a ``::notice::`` would add an annotation with no file to every run, and the exit
status already tells the workflow whether the check failed.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Callable, Sequence, TextIO

if TYPE_CHECKING:
    from hrf_cli.lint.findings import Finding, LintResult
    from hrf_cli.lint.registry import Rule


def escape_data(value: str) -> str:
    """Escape the message part (after ``::``) of a workflow command."""
    if "%" not in value and "\r" not in value and "\n" not in value:
        return value
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a ``key=value`` property of a workflow command."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


_CHUNK = 2000  # commands per write


def command(f: Finding, escape: Callable[[str], str] = escape_property) -> str:
    """The workflow command for one finding (``escape``: :func:`escape_property`, or a
    cached copy of it when one report writes the same path and rule thousands of times)."""
    level = "error" if f.severity == "error" else "warning"
    title = escape(f"{f.rule} ({f.code})")
    if f.located and f.end_line is not None and f.end_column is not None:  # most findings
        return (f"::{level} file={escape(f.path)},line={f.line},col={f.column},"
                f"endLine={f.end_line},endColumn={f.end_column},title={title}::"
                f"{escape_data(f.message)}")
    props = f"file={escape(f.path)}"
    if f.located:  # numbers need no escaping
        props += f",line={f.line},col={f.column}"
    if f.end_line is not None:
        props += f",endLine={f.end_line}"
    if f.end_column is not None:
        props += f",endColumn={f.end_column}"
    return f"::{level} {props},title={title}::{escape_data(f.message)}"


def render(result: LintResult, stream: TextIO, *, rules: Sequence[Rule] = (),
           color: bool | None = None, checked: int | None = None) -> None:
    """Write one workflow command per finding, in the order given."""
    escape = lru_cache(maxsize=4096)(escape_property)
    findings = result.findings()
    for k in range(0, len(findings), _CHUNK):
        stream.write("".join([command(f, escape) + "\n" for f in findings[k:k + _CHUNK]]))
