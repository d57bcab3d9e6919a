"""Keep table columns in place when a note label changes length.

pandoc reads simple, multiline and grid tables by character columns, so ``[^9]`` becoming
``[^10]`` in a cell would push the rest of the row into the next column. The column
boundaries come from the table's own rule (the dashed line, or a grid table's ``+---+``
border); the spaces just before the boundary after the marker grow or shrink by the same
amount. A gap keeps at least one space: a label that cannot fit is reported, never forced.
Prose and pipe tables (read by ``|``, not by position) are not touched.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from hrf_cli.repairs.edits import Edit

# The rule of a simple or multiline table (dash groups) or a grid table's border.
TABLE_RULE = re.compile(r"^[ \t]*(?:-{3,}(?:[ \t]+-{3,})*|\+[-=:+]+\+)[ \t]*\r?$", re.MULTILINE)
DASHES = re.compile(r"-{3,}")


def column_compensation(text: str, label_edits: list[Edit]) -> tuple[list[Edit], list[Edit]]:
    """Space edits keeping every table column in place, and the label edits that cannot fit."""
    shifts: dict[tuple[int, int], int] = {}
    stuck: list[Edit] = []
    owners: dict[tuple[int, int], list[Edit]] = {}
    bounds_of: dict[int, list[int] | None] = {}
    lines = _Lines(text)  # line starts found once: thousands of edits on a line stay linear
    for edit in label_edits:
        delta = len(edit.replacement) - (edit.end - edit.start)
        if not delta:
            continue
        block = lines.block_start(edit.start)
        if block not in bounds_of:
            bounds_of[block] = _column_bounds(text, block)
        bounds = bounds_of[block]
        line_start = lines.line_start(edit.start)
        marker = edit.start - 2 - line_start  # the marker's "[" column
        boundary = next((line_start + b for b in bounds or () if b > marker), None)
        line_end = lines.line_end(edit.end)
        if boundary is None or boundary >= (len(text) if line_end == -1 else line_end):
            continue  # not in a column table, or the last column: nothing to its right moves
        if boundary <= edit.end:  # the marker already crosses into the next column
            stuck.append(edit)
            continue
        gap = boundary
        while gap > edit.end + 1 and text[gap - 1] == " ":
            gap -= 1
        span = (gap, boundary)
        shifts[span] = shifts.get(span, 0) + delta
        owners.setdefault(span, []).append(edit)
    edits: list[Edit] = []
    for (start, end), shift in shifts.items():
        if shift < 0:
            edits.append(Edit(start, start, " " * -shift))
        elif shift < end - start:
            edits.append(Edit(start, start + shift, ""))
        elif shift > 0:
            stuck.extend(owners[(start, end)])
    return edits, stuck


class _Lines:
    """Line starts of a text, and the first line of each block of non-blank lines, each
    found once (walking back line by line from every edit was quadratic in a long block)."""

    def __init__(self, text: str):
        self.text = text
        starts = [0]
        pos = text.find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = text.find("\n", pos + 1)
        self.starts = starts
        self._blocks: dict[int, int] = {}  # line index to its block's first line index

    def _index(self, at: int) -> int:
        return bisect_right(self.starts, at) - 1

    def line_start(self, at: int) -> int:
        return self.starts[self._index(at)]

    def line_end(self, at: int) -> int:
        """Offset of the newline ending the line holding ``at`` (-1: the last line)."""
        k = self._index(at)
        return self.starts[k + 1] - 1 if k + 1 < len(self.starts) else -1

    def _blank(self, k: int) -> bool:
        end = self.starts[k + 1] if k + 1 < len(self.starts) else len(self.text)
        return not self.text[self.starts[k]:end].strip()

    def block_start(self, at: int) -> int:
        """Offset of the first line of the block of non-blank lines holding ``at``."""
        k = self._index(at)
        walked = []
        while k > 0 and k not in self._blocks:
            walked.append(k)
            if self._blank(k - 1):
                break
            k -= 1
        first = self._blocks.get(k, k)
        for line in walked:
            self._blocks[line] = first
        return self.starts[first]


def _column_bounds(text: str, block: int) -> list[int] | None:
    """Columns (from the line start) where a table's columns begin, or None if no table."""
    end = block
    while end < len(text):
        following = text.find("\n", end)
        line = text[end:len(text) if following == -1 else following]
        if not line.strip():
            break
        rule = TABLE_RULE.fullmatch(line)
        if rule:
            if line.lstrip().startswith("+"):
                return [i for i, ch in enumerate(line) if ch == "+"]
            return [m.start() for m in DASHES.finditer(line)]
        if following == -1:
            break
        end = following + 1
    return None
