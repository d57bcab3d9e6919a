"""Turn character offsets into line, column and byte offsets that are true to the file on disk."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass


@dataclass(frozen=True)
class Position:
    """A place in a file: 1-based line and column (in characters), 0-based char and byte offsets."""

    line: int
    column: int
    offset: int
    byte_offset: int


class LineIndex:
    """Line starts of one text, so any offset maps to a position in O(log lines).

    Lines end at ``\\n``; a ``\\r`` before it belongs to the line's ending, so CRLF files keep
    the same line and column numbers as their LF twins.
    """

    def __init__(self, text: str):
        self.text = text
        starts = [0]
        find = text.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        self.starts = starts
        self._byte_starts: list[int] | None = None

    @property
    def line_count(self) -> int:
        return len(self.starts)

    def line_of(self, offset: int) -> int:
        """1-based line number of a character offset."""
        return bisect_right(self.starts, offset)

    def line_start(self, line: int) -> int:
        return self.starts[line - 1]

    def line_text(self, line: int) -> str:
        """The text of a 1-based line without its line ending."""
        start = self.starts[line - 1]
        end = self.starts[line] - 1 if line < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r")

    def _bytes(self) -> list[int]:
        if self._byte_starts is None:
            byte_starts = [0]
            total = 0
            previous = 0
            for start in self.starts[1:]:
                total += len(self.text[previous:start].encode("utf-8"))
                byte_starts.append(total)
                previous = start
            self._byte_starts = byte_starts
        return self._byte_starts

    def position(self, offset: int) -> Position:
        line = self.line_of(offset)
        start = self.starts[line - 1]
        column = offset - start + 1
        if line == 1 and self.text.startswith("\ufeff") and column > 1:
            column -= 1  # a byte-order mark is invisible in every editor
        byte_offset = self._bytes()[line - 1] + len(self.text[start:offset].encode("utf-8"))
        return Position(line, column, offset, byte_offset)

    def byte_offset(self, offset: int) -> int:
        return self.position(offset).byte_offset
