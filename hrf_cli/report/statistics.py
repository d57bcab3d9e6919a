"""``hrf lint --statistics``: how many findings each rule has, most frequent first (as ruff)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from hrf_cli.lint.findings import LintResult


@dataclass(frozen=True)
class RuleCount:
    """One row: a rule, how often it was found, and how many of those ``hrf fix`` repairs."""

    code: str
    rule: str
    severity: str
    count: int
    fixable: int


def counts(result: LintResult) -> list[RuleCount]:
    """Rows sorted by count (highest first), then code."""
    table: dict[str, list] = {}
    for f in result.findings():
        row = table.setdefault(f.code, [f.rule, f.severity, 0, 0])
        row[2] += 1
        if f.fix is not None:
            row[3] += 1
    rows = [RuleCount(code, rule, severity, count, fixable)
            for code, (rule, severity, count, fixable) in table.items()]
    rows.sort(key=lambda r: (-r.count, r.code))
    return rows


def render(result: LintResult, stream: TextIO, *, as_json: bool = False,
           color: bool | None = None) -> None:
    """A table (``COUNT CODE [*] rule``) or, for scripts, a JSON list of the same rows."""
    rows = counts(result)
    if as_json:
        stream.write(json.dumps([{"code": r.code, "rule": r.rule, "severity": r.severity,
                                  "count": r.count, "fixable": r.fixable} for r in rows],
                                indent=2) + "\n")
        return
    from hrf_cli.report.text import FIX_MARK, fixable_hint, summary, use_color

    colored = use_color(stream, color)
    width = max((len(str(r.count)) for r in rows), default=1)
    code_width = max((len(r.code) for r in rows), default=0)
    marked = any(r.fixable for r in rows)
    out = []
    for r in rows:
        mark = (FIX_MARK + " " if r.fixable else " " * (len(FIX_MARK) + 1)) if marked else ""
        code = f"\x1b[1;31m{r.code}\x1b[0m" if colored and r.severity == "error" else \
            f"\x1b[33m{r.code}\x1b[0m" if colored else r.code
        out.append(f"{str(r.count).rjust(width)}  {code}{' ' * (code_width - len(r.code))}  "
                   f"{mark}{r.rule}\n")
    out.append(summary(result) + "\n")
    fixable = sum(r.fixable for r in rows)
    if fixable:
        out.append(fixable_hint(fixable) + "\n")
    stream.write("".join(out))
