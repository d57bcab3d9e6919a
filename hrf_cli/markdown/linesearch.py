"""Find the line that closes a block (a fence, ``-->``, ``</pre>``, ``\\end{x}``) in O(log n).

An unclosed opener makes the block scanner search every following line for its closer; a
report with 5,000 unclosed ``<!--`` or ```` ```a ```` lines would search 5,000 times to the
end of the file. Here each line list is indexed once per kind of closer (lists are kept by
identity, with the list itself held so an id is never reused), and every later question is a
binary search.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from operator import itemgetter

Line = tuple[int, str]
_TEXT = itemgetter(1)

_FENCE_LINE = re.compile(r" {0,3}(`{3,}|~{3,})[ \t]*$")


class LineSearch:
    """Indexes of one scan's line lists: fence closers and lines holding a closing string."""

    def __init__(self) -> None:
        self._fences: dict[int, tuple[list[Line], dict[str, tuple[list[int], list[int], list[int]]]]] = {}
        self._holding: dict[tuple[int, str], tuple[list[Line], list[int]]] = {}

    def fence_closer(self, lines: list[Line], j: int, fence: str) -> int | None:
        """First line from ``j`` that closes ``fence`` (the same character, at least as many)."""
        entry = self._fences.get(id(lines))
        if entry is None or entry[0] is not lines:
            entry = (lines, _fence_lines(lines))
            self._fences[id(lines)] = entry
        where, runs, longest = entry[1].get(fence[0], ([], [], []))
        k = bisect_left(where, j)
        need = len(fence)
        if k == len(where) or longest[k] < need:
            return None
        while runs[k] < need:  # longest[k] >= need: one further on is long enough
            k += 1
        return where[k]

    def line_holding(self, lines: list[Line], j: int, closer: str, fold: bool = False) -> int:
        """First line from ``j`` whose text contains ``closer`` (``fold``: ignoring case), or -1."""
        key = (id(lines), closer)
        entry = self._holding.get(key)
        if entry is None or entry[0] is not lines:
            entry = (lines, _holding(lines, closer, fold))
            self._holding[key] = entry
        found = entry[1]
        k = bisect_left(found, j)
        return found[k] if k < len(found) else -1


def _holding(lines: list[Line], needle: str, fold: bool = False) -> list[int]:
    """Indexes of the lines whose text contains ``needle`` (``fold``: ignoring case), found
    by ``str.find`` on the joined lines, each hit's line by counting newlines since the last
    (C loops over the text, no Python step per line)."""
    joined = "\n".join(map(_TEXT, lines))
    if fold:
        joined = joined.lower()
    found: list[int] = []
    line = counted = 0
    at = joined.find(needle)
    while at != -1:
        line += joined.count("\n", counted, at)
        counted = at
        found.append(line)
        next_line = joined.find("\n", at)
        if next_line == -1:
            break
        at = joined.find(needle, next_line)
    return found


def _fence_lines(lines: list[Line]) -> dict[str, tuple[list[int], list[int], list[int]]]:
    """Per fence character: indexes of lines that are only a fence, their run lengths, and
    the longest run from each of them to the end (to refuse a long fence at once)."""
    found: dict[str, tuple[list[int], list[int]]] = {}
    candidates = sorted(set(_holding(lines, "```")) | set(_holding(lines, "~~~")))
    for k in candidates:
        text = lines[k][1]
        if text.lstrip()[:1] in ("`", "~"):
            m = _FENCE_LINE.match(text)
            if m:
                where, runs = found.setdefault(m.group(1)[0], ([], []))
                where.append(k)
                runs.append(len(m.group(1)))
    index = {}
    for ch, (where, runs) in found.items():
        longest = runs[:]
        for k in range(len(longest) - 2, -1, -1):
            longest[k] = max(longest[k], longest[k + 1])
        index[ch] = (where, runs, longest)
    return index
