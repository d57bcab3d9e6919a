"""The JSON report: a stable, versioned contract for scripts and editors.

No timestamps or absolute paths, so the same input always gives byte-identical output.
Every file is listed, clean or not; ``stats`` is null for files that could not be read.
(Named ``json_report`` so it never shadows the standard ``json`` module.)
"""

from __future__ import annotations

from json.encoder import encode_basestring as _string
from typing import TYPE_CHECKING, Any, Callable, Sequence, TextIO

from hrf_cli.report import files_checked
from hrf_cli.report.jsonrows import dump, encode_row

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
    return _report(result, checked, _finding)


def _report(result: LintResult, checked: int | None,
            row: Callable[[Finding], Any]) -> dict[str, Any]:
    return {
        "version": VERSION,
        "files": [
            {"path": file.path, "findings": [row(f) for f in file.findings], "stats": _stats(file.stats)}
            for file in result.files
        ],
        "summary": {"files": files_checked(result, checked), "errors": result.errors, "warnings": result.warnings},
    }


class FindingWriter:
    """Each finding as the compact JSON of :func:`_finding`, written directly: 300,000
    findings are not first made into 300,000 dictionaries. The path, code, rule and
    severity are encoded once per combination; a fix or a Word paragraph (rare) goes
    through the dictionary."""

    def __init__(self) -> None:
        self.heads: dict[tuple[str, str, str, str], str] = {}

    def __call__(self, f: Finding) -> str:
        if f.fix is not None or f.paragraph is not None:
            return encode_row(_finding(f))
        key = (f.path, f.code, f.rule, f.severity)
        head = self.heads.get(key)
        if head is None:
            head = self.heads[key] = (f'{{"path": {_string(f.path)}, "code": {_string(f.code)}, '
                                      f'"rule": {_string(f.rule)}, '
                                      f'"severity": {_string(f.severity)}, ')
        end_line, end_column = f.end_line, f.end_column
        if f.line > 0 and end_line is not None and end_column is not None:  # most findings
            return (f'{head}"line": {f.line!r}, "column": {f.column!r}, '
                    f'"end_line": {end_line!r}, "end_column": {end_column!r}, '
                    f'"message": {_string(f.message)}, "fix": null}}')
        line, column = (f.line, f.column) if f.located else (None, None)
        return (f'{head}"line": {_number(line)}, "column": {_number(column)}, '
                f'"end_line": {_number(end_line)}, "end_column": {_number(end_column)}, '
                f'"message": {_string(f.message)}, "fix": null}}')


def _number(value: int | None) -> str:
    return "null" if value is None else int.__repr__(value)


def render(result: LintResult, stream: TextIO, *, rules: Sequence[Rule] = (),
           color: bool | None = None, checked: int | None = None) -> None:
    """Write the JSON report (indent 2, one finding per line, UTF-8 text, trailing newline)."""
    dump(_report(result, checked, lambda f: f), "findings", stream, FindingWriter())
    stream.write("\n")
