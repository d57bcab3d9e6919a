"""Indexes of one block's text, built once, so the scanner never rescans to the end.

The inline scanner asks, at many positions, "where does this code span, bracket or comment
close?". Answered by searching forward each time, a block of 100,000 unclosed ``[a](`` or
backtick runs costs 100,000 searches to the end of the block: quadratic. Each index here is
built in one pass the first time a text is asked about (texts are kept by identity in a
small cache, and a ``str`` caches its own hash), and then answers in O(log n).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

_TICKS = re.compile(r"`+")
_BRACKET_TOKENS = {
    ("(", ")"): re.compile(r"\\[\s\S]|[()]"),
    ("{", "}"): re.compile(r"\\[\s\S]|[{}]"),
    ("[", "]"): re.compile(r"\\[\s\S]|[\[\]]"),
}


@lru_cache(maxsize=8)
def _tick_runs(text: str) -> dict[int, list[int]]:
    """Length of each maximal backtick run to the sorted starts of runs of that length."""
    runs: dict[int, list[int]] = {}
    for m in _TICKS.finditer(text):
        runs.setdefault(m.end() - m.start(), []).append(m.start())
    return runs


def closing_backticks(text: str, start: int, count: int) -> int:
    """End of the first run of exactly ``count`` backticks at or after ``start``, or -1."""
    starts = _tick_runs(text).get(count)
    if not starts:
        return -1
    k = bisect_left(starts, start)
    return starts[k] + count if k < len(starts) else -1


# A run of exactly one, two or three backticks (no backtick either side); longer runs are rare.
_EXACT_TICKS = {count: re.compile(r"(?<!`)`{%d}(?!`)" % count) for count in (1, 2, 3)}


class BacktickSearch:
    """Where code spans close in one block, asked left to right by the inline scanner.

    A closer found by a plain search is cheap: the scanner goes on after it, so the text
    searched is never searched again. A search that finds nothing has read to the end of the
    block; from then on (and for runs longer than three) the answers come from the index of
    :func:`closing_backticks`, so a block of unclosed backticks is still read once.
    """

    __slots__ = ("text", "indexed")

    def __init__(self, text: str) -> None:
        self.text = text
        self.indexed = False

    def closing(self, start: int, count: int) -> int:
        """End of the first run of exactly ``count`` backticks at or after ``start``, or -1."""
        if not self.indexed:
            if count == 1:  # most code spans: the next backtick, if it stands alone
                text = self.text
                end = text.find("`", start)
                if end != -1 and text[end + 1:end + 2] != "`" and (
                        end == 0 or text[end - 1] != "`"):
                    return end + 1
            pattern = _EXACT_TICKS.get(count)
            if pattern is not None:
                m = pattern.search(self.text, start)
                if m is not None:
                    return m.end()
            self.indexed = True
        return closing_backticks(self.text, start, count)


@lru_cache(maxsize=8)
def _bracket_pairs(text: str, open_ch: str, close_ch: str) -> dict[int, int]:
    """Opening bracket position to the position after its closing one, escapes skipped."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for m in _BRACKET_TOKENS[(open_ch, close_ch)].finditer(text):
        ch = m.group()
        if ch == open_ch:
            stack.append(m.start())
        elif ch == close_ch and stack:
            pairs[stack.pop()] = m.end()
    return pairs


def matching_bracket(text: str, start: int, open_ch: str, close_ch: str) -> int:
    """Index after the bracket closing the one at ``start`` (honouring escapes), or -1."""
    return _bracket_pairs(text, open_ch, close_ch).get(start, -1)


@lru_cache(maxsize=16)
def _occurrences(text: str, needle: str) -> list[int]:
    found: list[int] = []
    find = text.find
    pos = find(needle)
    while pos != -1:
        found.append(pos)
        pos = find(needle, pos + 1)
    return found


def next_occurrence(text: str, needle: str, start: int, end: int | None = None) -> int:
    """``text.find(needle, start)`` from an index, so asking again costs O(log n).

    With ``end``, only an occurrence that ends by ``end`` counts (as ``str.find`` does).
    """
    found = _occurrences(text, needle)
    k = bisect_left(found, start)
    if k == len(found):
        return -1
    pos = found[k]
    if end is not None and pos + len(needle) > end:
        return -1
    return pos
