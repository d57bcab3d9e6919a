"""Turn character offsets into line, column and byte offsets that are true to the file on disk."""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate
from sys import maxsize
from typing import Iterable

from hrf_cli.record import FrozenRecord

_CHUNK = 1024  # characters per measured piece of a long line


class Position(FrozenRecord):
    """A place in a file: 1-based line and column (in characters), 0-based char and byte offsets."""

    _fields = ("line", "column", "offset", "byte_offset")
    line: int
    column: int
    offset: int
    byte_offset: int

    def __init__(self, line: int, column: int, offset: int, byte_offset: int) -> None:
        self.__dict__.update(line=line, column=column, offset=offset, byte_offset=byte_offset)


class LineIndex:
    """Line starts of one text, so any offset maps to a position in O(log lines).

    Lines end at ``\\n``; a ``\\r`` before it belongs to the line's ending, so CRLF files keep
    the same line and column numbers as their LF twins.
    """

    def __init__(self, text: str):
        self.text = text
        # Each line starts one character (its "\n") after the previous one ends.
        self.starts = list(accumulate(map((1).__add__, map(len, text.split("\n")[:-1])),
                                      initial=0))
        self._byte_starts: list[int] | None = None
        self._ascii: bool | None = None
        self._chunks: dict[int, list[int]] = {}

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
        return Position(line, column, offset, self._byte_offset(line, start, offset))

    def _byte_offset(self, line: int, start: int, offset: int) -> int:
        """Bytes before ``offset``: the line's start plus the line's text up to it.

        A long line is measured in chunks counted once, so thousands of findings on one
        long line cost a chunk each, not the whole line each.
        """
        if self._ascii is None:
            self._ascii = self.text.isascii()
        if self._ascii:
            return offset
        base = self._bytes()[line - 1]
        if offset - start <= _CHUNK:
            return base + len(self.text[start:offset].encode("utf-8"))
        chunks = self._chunks.get(line)
        if chunks is None:
            end = self.starts[line] if line < len(self.starts) else len(self.text)
            chunks = [0]
            for at in range(start, end - _CHUNK + 1, _CHUNK):
                chunks.append(chunks[-1] + len(self.text[at:at + _CHUNK].encode("utf-8")))
            self._chunks[line] = chunks
        k = (offset - start) // _CHUNK
        at = start + k * _CHUNK
        return base + chunks[k] + len(self.text[at:offset].encode("utf-8"))

    def spans(self, ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int, int, int]]:
        """``(line, column, end_line, end_column)`` of each ``(start, end)`` range, as
        :meth:`position` gives them for its two ends.

        For many ranges at once (300,000 findings): one C bisect for a range that ends on the
        line it starts on (most do), the byte-order-mark test made once, and no
        :class:`Position` or byte offset computed that nobody reads.
        """
        starts = self.starts
        following = starts[1:]  # where the line after each line starts
        following.append(maxsize)
        out = []
        append = out.append
        for start, end in ranges:
            line = bisect_right(starts, start)
            begins = starts[line - 1]
            if start <= end < following[line - 1]:
                append((line, start - begins + 1, line, end - begins + 1))
            else:
                end_line = bisect_right(starts, end)
                append((line, start - begins + 1, end_line, end - starts[end_line - 1] + 1))
        if self.text.startswith("\ufeff"):  # only line 1 holds the mark
            out = [(line, column - (line == 1 and column > 1), end_line,
                    end_column - (end_line == 1 and end_column > 1))
                   for line, column, end_line, end_column in out]
        return out

    def byte_offset(self, offset: int) -> int:
        return self.position(offset).byte_offset
