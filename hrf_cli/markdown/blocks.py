"""Block structure of pandoc Markdown, just deep enough to know where prose is.

Pandoc decides per block whether text is prose (where notes and citations count), code,
raw HTML or metadata, and it strips container prefixes (block quotes, list items, note
definitions) before parsing what they hold. This module does the same on lines that keep
their offsets into the file, then hands every prose block to :mod:`inlines`.
"""

from __future__ import annotations

import re
from typing import Callable

Line = tuple[int, str]  # (offset of text[0] in the file, text without its line ending)

TAB_STOP = 4

FENCE_OPEN = re.compile(r"( {0,3})(`{3,}|~{3,})[ \t]*(\{[^}\n]*\}|[^\s{}]+)?[ \t]*$")
YAML_OPEN = re.compile(r"---[ \t]*$")
YAML_CLOSE = re.compile(r"(---|\.\.\.)[ \t]*$")
BULLET = re.compile(r"( {0,3})([*+-])([ \t]+|$)")
ORDERED = re.compile(
    r"( {0,3})(\(?(?:\d{1,9}|#|[a-zA-Z]|[ivxlcdmIVXLCDM]+|@[\w-]*)[.)])([ \t]+|$)"
)
DEFINITION = re.compile(r"( {0,3})([:~])([ \t]+)")
BLOCKQUOTE = re.compile(r" {0,3}> ?")
HRULE = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
LINK_DEFINITION = re.compile(r" {0,3}\[(?![\^@])[^\]\n]+\]:(?:[ \t]|$)")
NOTE_DEF = re.compile(r"( {0,3})\[\^([^ \t\n^\[\]]+)\]:")
NOTE_MARKER_START = re.compile(r" {0,3}\[\^[^ \t\n^\[\]]+\]")
DIV_FENCE = re.compile(r" {0,3}:::+[ \t]*(\{[^}\n]*\}|[^\s:{}]+)?[ \t]*:*[ \t]*$")
DIV_CLOSER = re.compile(r" {0,3}:::+[ \t]*$")
HTML_COMMENT_START = re.compile(r" {0,3}<!--")
VERBATIM_TAG = re.compile(r" {0,3}<(pre|script|style|textarea)(?=[\s>])", re.IGNORECASE)
TEX_ENV = re.compile(r" {0,3}\\begin\{([^}\n]+)\}")


def indent_width(text: str) -> int:
    """Columns of leading white space, tabs to the next multiple of four."""
    width = 0
    for ch in text:
        if ch == " ":
            width += 1
        elif ch == "\t":
            width += TAB_STOP - width % TAB_STOP
        else:
            break
    return width


def strip_columns(line: Line, columns: int) -> Line:
    """Remove up to ``columns`` columns of leading white space, keeping the offset true."""
    offset, text = line
    width = 0
    i = 0
    while i < len(text) and width < columns:
        ch = text[i]
        if ch == " ":
            width += 1
        elif ch == "\t":
            width += TAB_STOP - width % TAB_STOP
        else:
            break
        i += 1
    return offset + i, text[i:]


def is_blank(text: str) -> bool:
    return not text.strip(" \t")


def is_indented(text: str) -> bool:
    return text.startswith("\t") or text.startswith("    ")


class BlockSink:
    """Receives what the block scanner finds; implemented by the scanner in ``scan.py``."""

    prose: Callable[[list[Line], str | None], None]
    raw: Callable[[int, int], None]
    definition: Callable[[str, int, int, int, bool, str | None], None]


class BlockScanner:
    """Walks lines and reports prose blocks, raw ranges and note definitions to a sink."""

    def __init__(self, sink: BlockSink):
        self.sink = sink

    # ----------------------------------------------------------------- entry point
    def scan(self, lines: list[Line], note: str | None = None, in_list: bool = False) -> None:
        i = 0
        n = len(lines)
        while i < n:
            text = lines[i][1]
            if is_blank(text):
                i += 1
                continue
            i = self._block(lines, i, note, in_list)

    def _block(self, lines: list[Line], i: int, note: str | None, in_list: bool) -> int:
        offset, text = lines[i]
        for attempt in (self._fenced_code, self._yaml_block, self._list_item,
                        self._div_fence, self._raw_html, self._tex_env):
            end = attempt(lines, i, note, in_list)
            if end is not None:
                return end
        if is_indented(text):
            return self._indented_code(lines, i)
        if BLOCKQUOTE.match(text):
            return self._blockquote(lines, i, note)
        if HRULE.match(text):
            return i + 1
        end = self._definition_item(lines, i, note)
        if end is not None:
            return end
        end = self._note_definition(lines, i, note)
        if end is not None:
            return end
        if LINK_DEFINITION.match(text):
            return self._link_definition(lines, i)
        return self._paragraph(lines, i, note, in_list)

    def _link_definition(self, lines: list[Line], i: int) -> int:
        """``[label]: url "title"``: a link target, never prose (its title may wrap)."""
        j = i + 1
        if j < len(lines) and not is_blank(lines[j][1]) and \
                lines[j][1].strip()[:1] in ('"', "'", "("):
            j += 1
        self.sink.raw(lines[i][0], lines[j - 1][0] + len(lines[j - 1][1]))
        return j

    # ----------------------------------------------------------------- leaf blocks
    def _fenced_code(self, lines: list[Line], i: int, note: str | None, in_list: bool) -> int | None:
        m = FENCE_OPEN.match(lines[i][1])
        if not m:
            return None
        fence = m.group(2)
        if fence[0] == "`" and m.group(3) and "`" in m.group(3):
            return None
        close = re.compile(r" {0,3}" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}[ \t]*$")
        for j in range(i + 1, len(lines)):
            if close.match(lines[j][1]):
                self.sink.raw(lines[i][0], lines[j][0] + len(lines[j][1]))
                return j + 1
        return None  # pandoc does not treat an unclosed fence as code

    def _yaml_block(self, lines: list[Line], i: int, note: str | None, in_list: bool) -> int | None:
        if not YAML_OPEN.match(lines[i][1]) or i + 1 >= len(lines) or is_blank(lines[i + 1][1]):
            return None
        for j in range(i + 1, len(lines)):
            if YAML_CLOSE.match(lines[j][1]):
                self.sink.raw(lines[i][0], lines[j][0] + len(lines[j][1]))
                return j + 1
        return None

    def _indented_code(self, lines: list[Line], i: int) -> int:
        j = i
        last = i
        while j < len(lines):
            text = lines[j][1]
            if is_indented(text) and not is_blank(text):
                last = j
            elif not is_blank(text):
                break
            j += 1
        self.sink.raw(lines[i][0], lines[last][0] + len(lines[last][1]))
        return last + 1

    def _raw_html(self, lines: list[Line], i: int, note: str | None, in_list: bool) -> int | None:
        text = lines[i][1]
        if HTML_COMMENT_START.match(text):
            closer = "-->"
        else:
            m = VERBATIM_TAG.match(text)
            if not m:
                return None
            closer = f"</{m.group(1).lower()}>"
        for j in range(i, len(lines)):
            offset, line_text = lines[j]
            start = text.index("<") + 4 if j == i and closer == "-->" else 0
            pos = line_text.lower().find(closer, start)
            if pos != -1:
                end = offset + pos + len(closer)
                self.sink.raw(lines[i][0], end)
                rest = line_text[pos + len(closer):]
                if is_blank(rest):
                    return j + 1
                # Text after the closer on the same line is parsed as ordinary Markdown.
                lines[j] = (end, rest)
                return j
        return None

    def _tex_env(self, lines: list[Line], i: int, note: str | None, in_list: bool) -> int | None:
        m = TEX_ENV.match(lines[i][1])
        if not m:
            return None
        closer = "\\end{" + m.group(1) + "}"
        for j in range(i, len(lines)):
            pos = lines[j][1].find(closer)
            if pos != -1:
                self.sink.raw(lines[i][0], lines[j][0] + pos + len(closer))
                return j + 1
        return None

    def _div_fence(self, lines: list[Line], i: int, note: str | None, in_list: bool) -> int | None:
        if DIV_FENCE.match(lines[i][1]):
            self.sink.raw(lines[i][0], lines[i][0] + len(lines[i][1]))
            return i + 1
        return None

    def _paragraph(self, lines: list[Line], i: int, note: str | None, in_list: bool) -> int:
        j = i + 1
        while j < len(lines):
            text = lines[j][1]
            if is_blank(text):
                break
            if text.lstrip(" ").startswith("```") and self._fenced_code_probe(lines, j):
                break
            if in_list and (BULLET.match(text) or ORDERED.match(text)):
                break
            if DIV_CLOSER.match(text):
                break
            j += 1
        self.sink.prose(lines[i:j], note)
        return j

    def _fenced_code_probe(self, lines: list[Line], i: int) -> bool:
        m = FENCE_OPEN.match(lines[i][1])
        if not m:
            return False
        close = re.compile(r" {0,3}" + re.escape(m.group(2)[0]) + "{" + str(len(m.group(2))) + r",}[ \t]*$")
        return any(close.match(lines[j][1]) for j in range(i + 1, len(lines)))

    # ----------------------------------------------------------------- containers
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
                inner.append((offset, text))  # lazy continuation of a paragraph
            else:
                break
            j += 1
        self.scan(inner, note)
        return j

    def _list_item(self, lines: list[Line], i: int, note: str | None, in_list: bool) -> int | None:
        offset, text = lines[i]
        m = BULLET.match(text) or ORDERED.match(text)
        if not m:
            return None
        if m.re is ORDERED and m.group(2)[0].isupper() and m.group(2).endswith(".") \
                and len(m.group(2)) == 2 and len(m.group(3)) < 2:
            return None  # "B. Smith": pandoc wants two spaces after a capital letter marker
        if HRULE.match(text):
            return None
        spaces = m.group(3)
        content_col = len(m.group(1)) + len(m.group(2)) + (len(spaces) if len(spaces) <= 4 else 1)
        if not spaces:
            content_col = len(m.group(1)) + len(m.group(2)) + 1
        return self._container(lines, i, offset + m.end(), text[m.end():], content_col, note)

    def _definition_item(self, lines: list[Line], i: int, note: str | None) -> int | None:
        offset, text = lines[i]
        m = DEFINITION.match(text)
        if not m:
            return None
        return self._container(lines, i, offset + m.end(), text[m.end():], TAB_STOP, note)

    def _container(self, lines: list[Line], i: int, first_offset: int, first_text: str,
                   content_col: int, note: str | None) -> int:
        """A list item or definition: its first line, lazy lines, then indented chunks."""
        inner: list[Line] = [(first_offset, first_text)]
        j = i + 1
        while j < len(lines):
            text = lines[j][1]
            if is_blank(text) or BULLET.match(text) or ORDERED.match(text) or FENCE_OPEN.match(text):
                break
            if indent_width(text) >= content_col:
                inner.append(strip_columns(lines[j], content_col))
            else:
                inner.append(strip_columns(lines[j], TAB_STOP))
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
        if is_blank(rest):
            j += 1  # optional blankline: the marker's own line ends here
            if j < len(lines) and NOTE_MARKER_START.match(lines[j][1]):
                first = None  # the next note starts at once: this one is empty (as pandoc reads it)
            elif j < len(lines) and is_indented(lines[j][1]):
                first = strip_columns(lines[j], TAB_STOP)
            else:
                first = lines[j] if j < len(lines) else None
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
        empty = all(is_blank(t) for _, t in inner)
        last = max((o + len(t) for o, t in inner if not is_blank(t)), default=marker_end)
        self.sink.definition(label, marker_start, marker_end, last, empty, note)
        self.scan(inner, note=label)
        return j

    @staticmethod
    def _raw_lines(lines: list[Line], j: int, inner: list[Line]) -> int:
        while j < len(lines):
            text = lines[j][1]
            if is_blank(text) or NOTE_MARKER_START.match(text):
                break
            inner.append(strip_columns(lines[j], TAB_STOP) if is_indented(text) else lines[j])
            j += 1
        return j
