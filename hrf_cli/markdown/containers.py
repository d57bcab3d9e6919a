"""Container blocks: block quotes, list items, definitions and note definitions.

pandoc strips a container's prefix (``> ``, the list marker's indentation, a note's four
spaces) from its lines and parses what is left as blocks; so does this mixin of
:class:`~hrf_cli.markdown.blocks.BlockScanner`, keeping every line's offset into the file.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from hrf_cli.markdown.linetypes import (
    BLOCKQUOTE,
    BULLET,
    DEFINITION,
    DIV_CLOSE_TAG,
    FENCE_OPEN,
    HRULE,
    NOTE_DEF,
    NOTE_MARKER_START,
    ORDERED,
    TAB_STOP,
    Line,
    atx_heading,
    comment_open_after,
    indent_width,
    is_blank,
    is_indented,
    strip_columns,
)

if TYPE_CHECKING:
    from hrf_cli.markdown.linetypes import BlockSink


class ContainerBlocks:
    """The container half of the block scanner; ``scan`` and ``sink`` come from it."""

    sink: BlockSink
    _plain_known: dict[str, bool] | None = None

    def scan(self, lines: list[Line], note: str | None = None, in_list: bool = False) -> None:
        raise NotImplementedError

    def _blockquote(self, lines: list[Line], i: int, note: str | None) -> int:
        inner: list[Line] = []
        j = i
        while j < len(lines):
            offset, text = lines[j]
            m = BLOCKQUOTE.match(text)
            if m:
                inner.append((offset + m.end(), text[m.end():]))
            elif is_blank(text):
                break
            elif inner and not is_blank(inner[-1][1]):
                k = self._plain_run(lines, j + 1)  # lazy continuation of a paragraph
                inner.extend(lines[j:k])
                j = k
                continue
            else:
                break
            j += 1
        self.scan(inner, note)
        return j

    def _bullet_item(self, lines: list[Line], i: int, note: str | None, in_list: bool) -> int | None:
        m = BULLET.match(lines[i][1])
        return self._list_item(lines, i, m, note) if m else None

    def _ordered_item(self, lines: list[Line], i: int, note: str | None, in_list: bool) -> int | None:
        m = ORDERED.match(lines[i][1])
        if not m:
            return None
        if m.group(2)[0].isupper() and m.group(2).endswith(".") \
                and len(m.group(2)) == 2 and len(m.group(3)) < 2:
            return None  # "B. Smith": pandoc wants two spaces after a capital letter marker
        marker = m.group(2).strip("().")
        if marker.startswith("@") and len(marker) > 1:
            self.sink.example(marker[1:])  # (@good) numbers an example; @good refers to it
        return self._list_item(lines, i, m, note)

    def _list_item(self, lines: list[Line], i: int, m: re.Match[str], note: str | None) -> int | None:
        offset, text = lines[i]
        if HRULE.match(text):
            return None
        spaces = m.group(3)
        content_col = len(m.group(1)) + len(m.group(2)) + (len(spaces) if len(spaces) <= 4 else 1)
        if not spaces:
            content_col = len(m.group(1)) + len(m.group(2)) + 1
        return self._container(lines, i, offset + m.end(), text[m.end():], content_col, note,
                               list_item=True)

    def _definition_item(self, lines: list[Line], i: int, note: str | None) -> int | None:
        offset, text = lines[i]
        m = DEFINITION.match(text)
        if not m:
            return None
        return self._container(lines, i, offset + m.end(), text[m.end():], TAB_STOP, note)

    def _container(self, lines: list[Line], i: int, first_offset: int, first_text: str,
                   content_col: int, note: str | None, list_item: bool = False) -> int:
        """A list item or definition: its first line, lazy lines, then indented chunks.

        A list item's first lines run on through an HTML comment opened in them, blank lines
        included (pandoc's ``listLine`` reads a comment whole).
        """
        inner: list[Line] = [(first_offset, first_text)]
        in_comment = list_item and comment_open_after(first_text, 0, False)
        j = i + 1
        while j < len(lines):
            if not in_comment:
                k = self._plain_run(lines, j)
                if k > j:  # lazy lines with nothing to strip, taken as they are
                    inner.extend(lines[j:k])
                    j = k
                    continue
            text = lines[j][1]
            if in_comment:
                inner.append(lines[j])
                in_comment = comment_open_after(text, 0, True)
                j += 1
                continue
            if is_blank(text) or BULLET.match(text) or ORDERED.match(text) or FENCE_OPEN.match(text):
                break
            if list_item and DIV_CLOSE_TAG.match(text):
                break
            if indent_width(text) >= content_col:
                inner.append(strip_columns(lines[j], content_col))
            else:
                inner.append(strip_columns(lines[j], TAB_STOP))
            if list_item:
                in_comment = comment_open_after(text, 0, False)
            j += 1
        while j < len(lines):
            k = j
            while k < len(lines) and is_blank(lines[k][1]):
                k += 1
            if k >= len(lines) or indent_width(lines[k][1]) < content_col:
                break
            inner.extend(lines[j:k])
            j = k
            while j < len(lines) and not is_blank(lines[j][1]):
                text = lines[j][1]
                if indent_width(text) >= content_col:
                    inner.append(strip_columns(lines[j], content_col))
                elif BULLET.match(text) or ORDERED.match(text):
                    break
                else:
                    inner.append(lines[j])
                j += 1
        self.scan(inner, note, in_list=True)
        return j

    def _note_definition(self, lines: list[Line], i: int, note: str | None) -> int | None:
        """``[^label]:`` and its content, exactly as pandoc's ``noteBlock`` collects it."""
        offset, text = lines[i]
        m = NOTE_DEF.match(text)
        if not m:
            return None
        label = m.group(2)
        marker_start = offset + len(m.group(1))
        marker_end = offset + m.end()
        inner: list[Line] = []
        rest = text[m.end():]
        j = i
        swallowed: Line | None = None
        if is_blank(rest):
            j += 1  # optional blankline: the marker's own line ends here
            if j < len(lines) and NOTE_MARKER_START.match(lines[j][1]):
                first = None  # the next note starts at once: this one is empty (as pandoc reads it)
            elif j < len(lines) and is_indented(lines[j][1]):
                first = strip_columns(lines[j], TAB_STOP)
            else:
                first = lines[j] if j < len(lines) else None
                swallowed = self._swallowed(lines, j)
        else:
            first = strip_columns((marker_end, rest), TAB_STOP) if is_indented(rest) \
                else (marker_end, rest)
        if first is not None:
            inner.append(first)
            j += 1
            j = self._raw_lines(lines, j, inner)
        while True:
            k = j
            while k < len(lines) and is_blank(lines[k][1]):
                k += 1
            if k == j or k >= len(lines) or not is_indented(lines[k][1]):
                break
            inner.extend(lines[j:k])
            inner.append(strip_columns(lines[k], TAB_STOP))
            j = self._raw_lines(lines, k + 1, inner)
        # The content ends with its last non-blank line (lines follow each other in the file).
        empty, last = True, marker_end
        for o, t in reversed(inner):
            if not is_blank(t):
                empty, last = False, o + len(t)
                break
        self.sink.definition(label, marker_start, marker_end, last, empty, note)
        if swallowed is not None:
            self.sink.swallowed(swallowed)
        self.scan(inner, note=label)
        return j

    def _plain_run(self, lines: list[Line], j: int) -> int:
        """End of the run of plain lines from ``j``: not blank, no leading white space, no
        ``<``, ``>``, list marker or fence, no comment. Such lines pass through every container
        unchanged, so each distinct text is classified once (deep nesting meets the same
        lines again and again)."""
        known = self._plain_known
        if known is None:
            known = self._plain_known = {}
        n = len(lines)
        while j < n:
            text = lines[j][1]
            plain = known.get(text)
            if plain is None:
                plain = known[text] = bool(text) and not text[0].isspace() and \
                    text[0] != "<" and "<!--" not in text and not BLOCKQUOTE.match(text) \
                    and not BULLET.match(text) and not ORDERED.match(text) \
                    and not FENCE_OPEN.match(text)
            if not plain:
                break
            j += 1
        return j

    @staticmethod
    def _swallowed(lines: list[Line], j: int) -> Line | None:
        """The unindented line an emptied note takes as its text: after a blank line, or a
        heading right under the marker (nobody means a heading as a note's only text)."""
        if j >= len(lines):
            return None
        text = lines[j][1]
        if is_blank(text):
            if j + 1 < len(lines) and not is_blank(lines[j + 1][1]) \
                    and not is_indented(lines[j + 1][1]) \
                    and not NOTE_MARKER_START.match(lines[j + 1][1]):
                return lines[j + 1]
            return None
        return lines[j] if atx_heading(text) else None

    @staticmethod
    def _raw_lines(lines: list[Line], j: int, inner: list[Line]) -> int:
        n = len(lines)
        while j < n:
            text = lines[j][1]
            if text[:1].isalnum():  # neither blank, nor indented, nor a note's marker
                inner.append(lines[j])
            elif is_blank(text) or NOTE_MARKER_START.match(text):
                break
            else:
                inner.append(strip_columns(lines[j], TAB_STOP) if is_indented(text) else lines[j])
            j += 1
        return j
