"""GitHub Actions workflow commands, so findings show up as annotations on the pull request.

One ``::error``/``::warning`` line per finding, escaped as the runner expects (``%``, CR and
LF in the message; additionally ``:`` and ``,`` in property values). No summary line is
written: a ``::notice::`` would add an annotation with no file to every run, and the exit
status already tells the workflow whether the check failed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence, TextIO

if TYPE_CHECKING:
    from hrf_cli.lint.findings import Finding, LintResult
    from hrf_cli.lint.registry import Rule


def escape_data(value: str) -> str:
    """Escape the message part (after ``::``) of a workflow command."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a ``key=value`` property of a workflow command."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(f: Finding) -> str:
    """The workflow command for one finding."""
    props = [("file", f.path)]
    if f.located:
        props += [("line", str(f.line)), ("col", str(f.column))]
    if f.end_line is not None:
        props.append(("endLine", str(f.end_line)))
    if f.end_column is not None:
        props.append(("endColumn", str(f.end_column)))
    props.append(("title", f"{f.rule} ({f.code})"))
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in props)
    level = "error" if f.severity == "error" else "warning"
    return f"::{level} {joined}::{escape_data(f.message)}"


def render(result: LintResult, stream: TextIO, *, rules: Sequence[Rule] = (),
           color: bool | None = None, checked: int | None = None) -> None:
    """Write one workflow command per finding, in the order given."""
    for finding in result.findings():
        stream.write(command(finding) + "\n")
