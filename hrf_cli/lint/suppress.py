"""``<!-- hrf-ignore rule-name -->`` comments, which silence findings on the next line."""

from __future__ import annotations

import re

from hrf_cli.lint.findings import Finding

# Compiled only for a report that has such a comment (start-up time).
IGNORE_COMMENT = r"<!--\s*hrf-ignore(?P<names>(?:[ \t]+[\w,-]+)*)\s*-->"


def suppressions(text: str) -> dict[int, set[str] | None]:
    """Line number to the rule names or codes silenced there (None: every rule)."""
    silenced: dict[int, set[str] | None] = {}
    if "hrf-ignore" not in text:
        return silenced
    line, counted = 2, 0  # lines counted incrementally: one pass, however many comments
    for m in re.finditer(IGNORE_COMMENT, text):
        line += text.count("\n", counted, m.end())
        counted = m.end()
        names = {n for n in re.split(r"[\s,]+", m.group("names")) if n}
        if not names:
            silenced[line] = None
            continue
        current = silenced.get(line, set())
        if current is not None:
            silenced[line] = current | names | {n.upper() for n in names}
    return silenced


def is_silenced(finding: Finding, silenced: dict[int, set[str] | None]) -> bool:
    if finding.line not in silenced:
        return False
    names = silenced[finding.line]
    return names is None or finding.rule in names or finding.code in names
