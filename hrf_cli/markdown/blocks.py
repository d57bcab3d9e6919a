"""Block structure of pandoc Markdown, just deep enough to know where prose is.

Pandoc decides per block whether text is prose (where notes and citations count), code,
raw HTML or metadata, and it strips container prefixes (block quotes, list items, note
definitions) before parsing what they hold. This module does the same on lines that keep
their offsets into the file, then hands every prose block to :mod:`inlines`; the containers
are in :mod:`containers`.
"""

from __future__ import annotations

import re
from itertools import accumulate

from hrf_cli.markdown.containers import ContainerBlocks
from hrf_cli.markdown.linesearch import LineSearch
from hrf_cli.markdown.linetypes import (
    BLOCKQUOTE,
    BULLET,
    CHUNK_OPEN,
    DIV_CLOSER,
    DIV_FENCE,
    FENCE_OPEN,
    HRULE,
    HTML_COMMENT_START,
    LINK_DEFINITION,
    ORDERED,
    TEX_ENV,
    VERBATIM_TAG,
    YAML_CLOSE,
    YAML_OPEN,
    BlockSink,
    Line,
    atx_heading,
    block_tag_end,
    comment_open_after,
    is_blank,
    is_grid_border,
    is_grid_line,
    is_indented,
    is_line_block,
    is_pipe_separator,
    is_setext_underline,
)
RAW_HTML_FENCE = re.compile(r"\{\s*=html5?\s*\}")
LINK_DEFINITION_PARTS = re.compile(r" {0,3}\[([^\]\n]+)\]:[ \t]*(?:<([^>\n]*)>|([^\s<]\S*))")

# Plain blocks of the top level, matched on the file text at once (most of a report): what
# :meth:`BlockScanner._block` would find line by line, for lines that rule out every other
# reading. The first line starts with a letter or digit, holds no "|" (a table row) and is no
# list marker ("1.", "a)", "iv."); a following line starts with no white space, "```" (a
# fence), ":" (a div's end), "=" or "-" (a heading's underline), "[^" (a note) or "<"; no line holds
# "<" (HTML); a blank line or the end of the file ends the block. Anything else is left to
# the line-by-line reading, which then reads the same lines. (Possessive ``*+``: a line is
# taken whole, by a loop over "not a newline" that never backtracks.)
_FIRST_LINE = r"(?![0-9A-Za-z]+[.)])[^\n]*+"
_NEXT_LINE_START = r"(?![\s:<=\-]|```|\[\^|\Z)"
PLAIN_PARAGRAPH = re.compile(_FIRST_LINE + r"(?:\n" + _NEXT_LINE_START + r"[^\n]*+)*+")
# A note definition whose content is such paragraphs: the first after at most three spaces,
# the others after a blank line and four spaces (no "|" in their first line either); their
# following lines may be indented by four spaces (which the note strips).
_NOTE_LINES = r"(?:\n(?:    )?" + _NEXT_LINE_START + r"[^\n]*+)*+"
PLAIN_NOTE = re.compile(r"\[\^([^ \t\n^\[\]|]+)\]:( {0,3})(?=[^\W_])" + _FIRST_LINE + _NOTE_LINES
                        + r"(?:\n[ \t]*\n    (?=[^\W_])(?![0-9A-Za-z]+[.)])[^\n|]*+(?![^\n])"
                        + _NOTE_LINES + r")*+")
NOTE_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
BLANK_LINE = re.compile(r"[ \t]*(?:\n|\Z)")
_PLUS_ONE = (1).__add__
MAX_DEPTH = 16  # three times the deepest document of the corpus (pandoc's test suite: 5)

__all__ = ["BlockScanner", "BlockSink", "Line"]


class BlockScanner(ContainerBlocks):
    """Walks lines and reports prose blocks, raw ranges and note definitions to a sink.

    ``chunks``: the file is R Markdown or Quarto, whose executable chunks (```` ```{r} ````)
    knitr or Quarto replace before pandoc reads the file; they count as code.

    Containers (block quotes, list items, note definitions) are read by scanning their
    stripped lines again, one level deeper; below ``MAX_DEPTH`` levels their content is read
    as plain paragraphs, so 10,000 ``>`` on a line cost ``MAX_DEPTH`` passes, not 10,000
    (and no ``RecursionError``). Closers (fences, ``-->``, ``</pre>``, ``\\end{x}``) are found
    through :class:`LineSearch`, so unclosed openers never rescan to the end of the file.
    """

    _depth = 0
    _search: LineSearch | None = None

    def __init__(self, sink: BlockSink, chunks: bool = False, text: str | None = None):
        self.sink = sink
        self.chunks = chunks
        # The file text the top-level lines come from, for the plain-block fast path.
        self.text = text

    # ----------------------------------------------------------------- entry point
    def scan(self, lines: list[Line], note: str | None = None, in_list: bool = False) -> None:
        if self._depth >= MAX_DEPTH:
            self._flat(lines, note)
            return
        self._depth += 1
        try:
            file = self.text if self._depth == 1 else None
            i = 0
            n = len(lines)
            while i < n:
                text = lines[i][1]
                if is_blank(text):
                    i += 1
                    continue
                if file is not None and (text[0].isalnum() or text[0] == "["):
                    end = self._plain_block(lines, i, file)
                    if end:
                        i = end
                        continue
                i = self._block(lines, i, note, in_list)
        finally:
            self._depth -= 1

    def _flat(self, lines: list[Line], note: str | None) -> None:
        """Content nested too deep: every run of non-blank lines is one paragraph."""
        start = None
        for k, (_, text) in enumerate(lines):
            if is_blank(text):
                if start is not None:
                    self.sink.prose(lines[start:k], note)
                start = None
            elif start is None:
                start = k
        if start is not None:
            self.sink.prose(lines[start:], note)

    def _plain_block(self, lines: list[Line], i: int, file: str) -> int:
        """A top-level paragraph, or a note definition holding one with no indented block after
        it, of plain lines (see ``PLAIN_PARAGRAPH``); the line after it, or 0 to read line by
        line."""
        offset, text = lines[i]
        if offset and file[offset - 1] != "\n":
            return 0  # the rest of a line after raw HTML: not what the file holds there
        if "<" in text or "|" in text or (i + 1 < len(lines) and lines[i + 1][1][:2] == "[^"):
            return 0  # (a note marker right below: no blank line will end this block)
        is_note = text[0] == "["
        m = (PLAIN_NOTE if is_note else PLAIN_PARAGRAPH).match(file, offset)
        if m is None:
            return 0
        end = m.end()
        block = file[offset:end]
        if "<" in block:
            return 0
        size = len(file)
        if end < size:  # a blank line must follow
            after = end + 1
            if after < size and file[after] == "\n":
                after += 1
            else:
                blank = BLANK_LINE.match(file, after)
                if blank is None:
                    return 0
                after = blank.end()
            if is_note and after < size and file[after].isspace():
                return 0  # more blank lines, or an indented block that may go on the note
        if not is_note:
            self.sink.prose_text(offset, block, None)
        else:
            label = m.group(1)
            marker_end = m.start(2)
            self.sink.definition(label, offset, marker_end, end, False, None)
            content = block[marker_end - offset:]
            done = 0
            for gap in NOTE_PARAGRAPH_BREAK.finditer(content):
                self._note_paragraph(marker_end + done, content[done:gap.start()], label)
                done = gap.end()
            self._note_paragraph(marker_end + done, content[done:], label)
        n = len(lines)
        i += 1
        while i < n and lines[i][0] < end:  # the block's lines (a few; each passed once)
            i += 1
        return i

    def _note_paragraph(self, start: int, text: str, label: str) -> None:
        """One paragraph of a plain note (at file offset ``start``), its lines' four spaces of
        indentation stripped as the note does."""
        if "\n    " in text or text.startswith("    "):
            parts = text.split("\n")
            starts = accumulate(map(_PLUS_ONE, map(len, parts)), initial=start)
            self.sink.prose_spaced([(offset + 4, part[4:]) if part.startswith("    ")
                                    else (offset, part) for offset, part in zip(starts, parts)],
                                   label)
        else:
            self.sink.prose_text(start, text, label)

    @property
    def search(self) -> LineSearch:
        if self._search is None:
            self._search = LineSearch()
        return self._search

    def _block(self, lines: list[Line], i: int, note: str | None, in_list: bool) -> int:
        """One block at line ``i``, tried in the order of pandoc's ``block`` parser."""
        text = lines[i][1]
        first = text[:1]
        if first == " ":  # up to three spaces change nothing below (four make code)
            unindented = text.lstrip(" ")
            if len(text) - len(unindented) < 4:
                first = unindented[:1]
        if first.isalnum() or first == "[":  # most blocks; only these can start so
            end = self._heading(lines, i, note, in_list) if i + 1 < len(lines) \
                and lines[i + 1][1][:1] in ("=", "-") else None
            if end is None and "|" in text:
                end = self._table(lines, i, note, in_list)
            if end is None and first == "[":
                end = self._note_definition(lines, i, note)
                if end is None and LINK_DEFINITION.match(text):
                    end = self._link_definition(lines, i)
            elif end is None:
                end = self._ordered_item(lines, i, note, in_list)
            return end if end is not None else self._paragraph(lines, i, note, in_list)
        for attempt in (self._fenced_code, self._yaml_block, self._bullet_item,
                        self._div_fence, self._heading, self._raw_html, self._table):
            end = attempt(lines, i, note, in_list)
            if end is not None:
                return end
        text = lines[i][1]
        if is_indented(text):
            return self._indented_code(lines, i)
        for attempt in (self._tex_env, self._line_block):
            end = attempt(lines, i, note, in_list)
            if end is not None:
                return end
        if BLOCKQUOTE.match(text):
            return self._blockquote(lines, i, note)
        if HRULE.match(text):
            return i + 1
        end = self._ordered_item(lines, i, note, in_list)
        if end is None:
            end = self._definition_item(lines, i, note)
        if end is None:
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
        parts = LINK_DEFINITION_PARTS.match(lines[i][1])
        if parts:
            group = 2 if parts.group(2) is not None else 3
            self.sink.link_definition(parts.group(1), parts.group(group),
                                      lines[i][0] + parts.start(group), lines[i][0] + parts.end(group))
        return j

    # ----------------------------------------------------------------- leaf blocks
    def _fenced_code(self, lines: list[Line], i: int, note: str | None, in_list: bool) -> int | None:
        text = lines[i][1]
        m = FENCE_OPEN.match(text) or (self.chunks and CHUNK_OPEN.match(text)) or None
        if not m:
            return None
        close = self._fence_closer(lines, i + 1, m.group(2))
        if close is None:
            return None  # pandoc does not treat an unclosed fence as code
        self.sink.raw(lines[i][0], lines[close][0] + len(lines[close][1]))
        if RAW_HTML_FENCE.search(text) and close > i + 1:  # ```{=html}
            self.sink.html(lines[i + 1][0], lines[close - 1][0] + len(lines[close - 1][1]))
        return close + 1

    def _fence_closer(self, lines: list[Line], j: int, fence: str) -> int | None:
        return self.search.fence_closer(lines, j, fence)

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
                return self._block_tag(lines, i)
            closer = f"</{m.group(1).lower()}>"
        j = i
        while j != -1:
            offset, line_text = lines[j]
            start = text.index("<") + 4 if j == i and closer == "-->" else 0
            pos = line_text.lower().find(closer, start)
            if pos == -1:
                j = self.search.line_holding(lines, j + 1, closer, fold=True)
            else:
                end = offset + pos + len(closer)
                self.sink.raw(lines[i][0], end)
                if closer != "-->":
                    self.sink.html(lines[i][0], end)
                rest = line_text[pos + len(closer):]
                if is_blank(rest):
                    return j + 1
                # Text after the closer on the same line is parsed as ordinary Markdown.
                lines[j] = (end, rest)
                return j
        return None

    def _block_tag(self, lines: list[Line], i: int) -> int | None:
        """A block-level tag (``<div>``, ``</section>``): raw; what follows it is Markdown."""
        offset, text = lines[i]
        end = block_tag_end(text)
        if end is None:
            return None
        self.sink.raw(offset, offset + end)
        self.sink.html(offset, offset + end)
        rest = text[end:]
        stripped = rest.lstrip(" \t")  # pandoc: '<td>    text' is not code
        if not stripped:
            return i + 1
        lines[i] = (offset + len(text) - len(stripped), stripped)
        return i

    def _tex_env(self, lines: list[Line], i: int, note: str | None, in_list: bool) -> int | None:
        m = TEX_ENV.match(lines[i][1])
        if not m:
            return None
        closer = "\\end{" + m.group(1) + "}"
        j = self.search.line_holding(lines, i, closer)
        if j == -1:
            return None
        pos = lines[j][1].find(closer)
        self.sink.raw(lines[i][0], lines[j][0] + pos + len(closer))
        return j + 1

    def _div_fence(self, lines: list[Line], i: int, note: str | None, in_list: bool) -> int | None:
        if DIV_FENCE.match(lines[i][1]):
            self.sink.raw(lines[i][0], lines[i][0] + len(lines[i][1]))
            return i + 1
        return None

    def _heading(self, lines: list[Line], i: int, note: str | None, in_list: bool) -> int | None:
        """A setext heading (a line over ``===``/``---``) or an ATX heading (``# ...``)."""
        offset, text = lines[i]
        if i + 1 < len(lines) and is_setext_underline(lines[i + 1][1]):
            if comment_open_after(text, 0, False) and self._next_closer(lines, i + 1) != -1:
                # The comment runs over the underline, so this is no heading: a simple table
                # when rows follow the dashes (each line read alone), else the comment.
                if lines[i + 1][1].startswith("-") and i + 2 < len(lines) \
                        and not is_blank(lines[i + 2][1]) and not HTML_COMMENT_START.match(text):
                    j = i
                    while j < len(lines) and not is_blank(lines[j][1]):
                        self.sink.prose([lines[j]], note)
                        j += 1
                    return j
                return None
            level = 1 if lines[i + 1][1].lstrip().startswith("=") else 2
            self.sink.heading(lines[i], len(text), note, level)
            self.sink.prose([lines[i]], note)
            self.sink.raw(lines[i + 1][0], lines[i + 1][0] + len(lines[i + 1][1]))
            return i + 2
        if not atx_heading(text):
            return None
        # The text runs to the end of the line, or past it inside a comment opened there.
        end = self._heading_end(lines, i)
        marks = text.lstrip(" ")
        self.sink.heading(lines[i], len(text), note, len(marks) - len(marks.lstrip("#")))
        self.sink.prose(lines[i:end], note)
        return end

    def _table(self, lines: list[Line], i: int, note: str | None, in_list: bool) -> int | None:
        """A pipe table (rows while lines hold a ``|``) or a grid table (``+``/``|`` lines)."""
        text = lines[i][1]
        n = len(lines)
        if is_grid_border(text):
            j = i + 1
            while j < n and is_grid_line(lines[j][1]):
                j += 1
        elif "|" in text and i + 1 < n and is_pipe_separator(lines[i + 1][1]):
            j = i + 2
            while j < n and "|" in lines[j][1] and not is_blank(lines[j][1]):
                j += 1
        else:
            return None
        if any("<!--" in lines[k][1] and comment_open_after(lines[k][1], 0, False)
               for k in range(i, j)) and self._next_closer(lines, i + 1) != -1:
            return None  # a row's comment runs on past the table: pandoc reads no table
        self.sink.prose(lines[i:j], note)
        return j

    def _line_block(self, lines: list[Line], i: int, note: str | None, in_list: bool) -> int | None:
        """``| line`` lines, each (with its space-indented continuations) read on its own."""
        j = i
        n = len(lines)
        while j < n and is_line_block(lines[j][1]):
            offset, text = lines[j]
            group = [(offset + 1, text[1:])]
            j += 1
            while j < n and lines[j][1].startswith(" ") and not is_blank(lines[j][1]):
                group.append(lines[j])
                j += 1
            self.sink.prose(group, note)
        return j if j > i else None

    def _paragraph(self, lines: list[Line], i: int, note: str | None, in_list: bool) -> int:
        """Lines to a blank line (or another block's start), read line by line as pandoc
        does: a block-level tag ends the paragraph where it stands, and a comment opened in
        it hides everything to ``-->`` (blank lines too), after which the paragraph goes on."""
        from hrf_cli.markdown.inlines import html_in_line

        n = len(lines)
        j = i + 1 if "<" not in lines[i][1] else n + 1
        ends = self._ends_paragraph
        while j < n:  # the common case: no HTML at all
            text = lines[j][1]
            # A line starting with a letter or digit ends a paragraph only in a list.
            if (in_list or not text[:1].isalnum()) and ends(lines, j, in_list):
                self.sink.prose(lines[i:j], note)
                return j
            if "<" in text:
                break
            j += 1
        if j == n:
            self.sink.prose(lines[i:j], note)
            return j
        j = i
        pos = 0  # where reading resumes on line j (after a comment closed there)
        in_comment = False
        while j < n:
            text = lines[j][1]
            if in_comment:
                close = text.find("-->")
                if close == -1:
                    j += 1
                    continue
                in_comment, pos = False, close + 3
            elif j > i and self._ends_paragraph(lines, j, in_list):
                break
            literal = False
            while text.find("<", pos) != -1:
                kind, at, end = html_in_line(text, pos, literal)
                if kind == "tag" and (at > 0 or j > i):
                    return self._cut_at_tags(lines, i, j, at, note)
                if kind != "comment":
                    break
                if self._next_closer(lines, j + 1) != -1:
                    in_comment = True
                    break
                pos, literal = at + 4, True  # never closed: pandoc reads "<!--" as text
            pos = 0
            j += 1
        self.sink.prose(lines[i:j], note)
        return j

    def _cut_at_tags(self, lines: list[Line], i: int, k: int, at: int, note: str | None) -> int:
        """End the paragraph ``i..k`` at the block-level tag at column ``at`` of line ``k``;
        the tags on that line are raw, the text between them prose, the rest read anew."""
        from hrf_cli.markdown.inlines import html_in_line

        offset, text = lines[k]
        self.sink.prose(lines[i:k] + ([(offset, text[:at])] if at else []), note)
        pos = at
        while True:
            kind, start, end = html_in_line(text, pos)
            if kind != "tag":
                break
            if start > pos and not is_blank(text[pos:start]):
                self.sink.prose([(offset + pos, text[pos:start])], note)
            self.sink.raw(offset + start, offset + end)
            self.sink.html(offset + start, offset + end)
            pos = end
        while pos < len(text) and text[pos] in " \t":
            pos += 1
        if pos >= len(text):
            return k + 1
        lines[k] = (offset + pos, text[pos:])
        return k

    def _ends_paragraph(self, lines: list[Line], j: int, in_list: bool) -> bool:
        """Whether line ``j`` stops a paragraph running over it."""
        text = lines[j][1]
        if is_blank(text):
            return True
        if text.lstrip().startswith("```") and self._fenced_code_probe(lines, j):
            return True
        if in_list and (BULLET.match(text) or ORDERED.match(text)):
            return True
        return DIV_CLOSER.match(text) is not None

    def _heading_end(self, lines: list[Line], i: int) -> int:
        """The line after an ATX heading: its own, or the one where a comment opened in it
        closes (pandoc hides everything to ``-->``, blank lines included)."""
        from hrf_cli.markdown.inlines import open_comment

        if "<!--" not in lines[i][1] or open_comment(lines[i][1]) == -1:
            return i + 1
        close = self._next_closer(lines, i + 1)
        return i + 1 if close == -1 else close + 1

    def _next_closer(self, lines: list[Line], j: int) -> int:
        """Index of the first line from ``j`` holding ``-->`` (-1: none); each list is searched
        once, however many comments ask."""
        return self.search.line_holding(lines, j, "-->")

    def _fenced_code_probe(self, lines: list[Line], i: int) -> bool:
        m = FENCE_OPEN.match(lines[i][1])
        return m is not None and self._fence_closer(lines, i + 1, m.group(2)) is not None

