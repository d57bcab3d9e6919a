"""The source line under a finding, with a caret under its columns, as a terminal shows it.

Only a window of the line around the column is shown (a report can be one 20 MB line), tabs
become spaces, wide characters take two cells and combining marks none, so the caret stands
under the character whatever the script. Control characters are escaped, never printed.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache

from hrf_cli.positions import LineIndex

BEFORE = 60  # characters of context left of the column
AFTER = 80  # characters shown from the column on
TAB = "    "
ELLIPSIS = "…"


class SourceLines:
    """Line starts of one file's text, found once, so each snippet costs its window only."""

    def __init__(self, path: str, text: str):
        self.path = path
        self.text = text
        self.bom = text.startswith("\ufeff")
        self.starts = LineIndex(text).starts

    def span(self, line: int) -> tuple[int, int] | None:
        """Start and end offsets of a 1-based line, without its line ending."""
        if not 1 <= line <= len(self.starts):
            return None
        start = self.starts[line - 1]
        end = self.starts[line] - 1 if line < len(self.starts) else len(self.text)
        if end > start and self.text[end - 1] == "\r":
            end -= 1
        return start, end

    def line_of(self, offset: int) -> int:
        return bisect_right(self.starts, offset)


def _width(ch: str) -> int:
    if ch == "\t":
        return len(TAB)
    if ch < "\u0300":  # Latin and ASCII: one cell (controls are escaped to four)
        return 4 if ch < " " or "\x7f" <= ch <= "\x9f" else 1
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _cells(text: str) -> int:
    """Terminal cells ``text`` takes: one a character, corrected for the few characters that
    take another number (found in C, so a Cyrillic line costs no more than an ASCII one)."""
    if text.isascii() and text.isprintable():
        return len(text)
    return len(text) + sum(_width(ch) - 1 for ch in _not_one_cell().findall(text))


@lru_cache(maxsize=1)
def _not_one_cell() -> re.Pattern[str]:
    """A pattern for every character whose :func:`_width` is not 1: tabs and controls,
    combining marks, wide and fullwidth characters, and (not tabulated) all beyond the Basic
    Multilingual Plane. Built once, when a line first holds a character past ASCII."""
    ranges: list[list[int]] = []
    for code in range(0x10000):
        if _width(chr(code)) != 1:
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    ranges.append([0x10000, 0x10FFFF])
    return re.compile("[" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges) + "]")


def _display(text: str) -> str:
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch == "\t":
            out.append(TAB)
        elif ch < " " or "\x7f" <= ch <= "\x9f":
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(ch)
    return "".join(out)


def snippet(source: SourceLines, line: int, column: int, end_line: int | None = None,
            end_column: int | None = None) -> tuple[str, str] | None:
    """The shown part of ``line`` and the carets under ``column``..``end_column``.

    None when the line does not exist (a finding about a file as a whole may say line 1 of
    an empty file).
    """
    # Written with comparisons rather than span(), min() and max(): 300,000 findings.
    starts, text = source.starts, source.text
    if not 0 < line <= len(starts):
        return None
    start = starts[line - 1]
    end = starts[line] - 1 if line < len(starts) else len(text)
    if end > start and text[end - 1] == "\r":
        end -= 1
    first = start + 1 if line == 1 and source.bom else start  # the mark is never shown
    at = first + column - 1
    if not start <= at <= end:
        return None
    if end_line != line or end_column is None:
        stop = end  # to the end of the line
    else:
        stop = first + end_column - 1
        if stop > end:
            stop = end
    if stop <= at:
        stop = at + 1  # one caret at least
    left = at - BEFORE if at - BEFORE > first else first
    right = at + AFTER if at + AFTER > stop else stop
    if right > end:
        right = end
    if stop > right:
        stop = right
    prefix = ELLIPSIS if left > first else ""
    suffix = ELLIPSIS if right < end else ""
    window = text[left:right]
    if left <= at and window.isprintable() and (
            window.isascii() or not _not_one_cell().search(window)):  # one cell a character
        return (prefix + window + suffix,
                " " * (len(prefix) + at - left) + "^" * (stop - at if stop > at else 1))
    code = prefix + _display(window) + suffix
    offset = len(prefix) + _cells(text[left:at])
    carets = max(1, _cells(text[at:stop]))
    return code, " " * offset + "^" * carets
