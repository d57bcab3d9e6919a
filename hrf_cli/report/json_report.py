"""The JSON report: a stable, versioned contract for scripts and editors.

No timestamps or absolute paths, so the same input always gives byte-identical output.
Every file is listed, clean or not; ``stats`` is null for files that could not be read.
(Named ``json_report`` so it never shadows the standard ``json`` module.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Sequence, TextIO

from hrf_cli.report import files_checked

if TYPE_CHECKING:
    from hrf_cli.lint.findings import FileStats, Finding, Fix, LintResult
    from hrf_cli.lint.registry import Rule

VERSION = 1


def _fix(fix: Fix | None) -> dict[str, Any] | None:
    if fix is None:
        return None
    return {"edits": [{"start_byte": e.start_byte, "end_byte": e.end_byte, "replacement": e.replacement}
                      for e in fix.edits]}


def _finding(f: Finding) -> dict[str, Any]:
    out = {
        "path": f.path,
        "code": f.code,
        "rule": f.rule,
        "severity": f.severity,
        "line": f.line if f.located else None,
        "column": f.column if f.located else None,
        "end_line": f.end_line,
        "end_column": f.end_column,
        "message": f.message,
        "fix": _fix(f.fix),
    }
    if f.paragraph is not None:  # a Word draft: line is the paragraph; a note has its number
        out["paragraph"] = f.paragraph
        if f.note is not None:
            out["note"] = f.note
            out["note_kind"] = f.note_kind
    return out


def _stats(stats: FileStats | None) -> dict[str, Any] | None:
    if stats is None:
        return None
    return {
        "words": stats.words,
        "notes": stats.notes,
        "footnote_definitions": stats.footnote_definitions,
        "citations": stats.citations,
        "citation_keys": list(stats.citation_keys),
    }


def to_dict(result: LintResult, *, checked: int | None = None) -> dict[str, Any]:
    """The report as plain data (what :func:`render` serialises)."""
    return {
        "version": VERSION,
        "files": [
            {"path": file.path, "findings": [_finding(f) for f in file.findings], "stats": _stats(file.stats)}
            for file in result.files
        ],
        "summary": {"files": files_checked(result, checked), "errors": result.errors, "warnings": result.warnings},
    }


def render(result: LintResult, stream: TextIO, *, rules: Sequence[Rule] = (),
           color: bool | None = None, checked: int | None = None) -> None:
    """Write the JSON report (indent 2, one finding per line, UTF-8 text, trailing newline)."""
    from hrf_cli.report.jsonrows import dumps

    stream.write(dumps(to_dict(result, checked=checked), "findings") + "\n")
