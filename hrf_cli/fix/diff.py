"""A unified diff of a fixed file that ``patch -p1`` and ``git apply`` accept.

Lines keep their own endings (a CRLF file shows CRLF lines), and a last line without a
newline is marked the way diff(1) marks it.
"""

from __future__ import annotations

import difflib

NO_NEWLINE = "\\ No newline at end of file\n"


def unified_diff(before: str, after: str, shown: str) -> str:
    """The diff from ``before`` to ``after`` with ``a/`` and ``b/`` paths."""
    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                 fromfile=f"a/{shown}", tofile=f"b/{shown}")
    out: list[str] = []
    for line in lines:
        out.append(line)
        if not line.endswith("\n"):
            out.append("\n" + NO_NEWLINE)
    return "".join(out)
