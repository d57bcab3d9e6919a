"""Lines with their offsets, and what one line starts as pandoc 3.9's Markdown reader decides
it (checked with the binary).

Each test looks at a single line (or a line and the next), so the block scanner stays linear:
list and quote markers, fence openers with their attribute syntax, ATX and setext headings,
pipe and grid table lines, line-block lines, and HTML block-level tags (which end a
paragraph even without a blank line).
"""

from __future__ import annotations

import re
from typing import Callable

Line = tuple[int, str]  # (offset of text[0] in the file, text without its line ending)

TAB_STOP = 4

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
DIV_CLOSE_TAG = re.compile(r"[ \t]*</div\s*>", re.IGNORECASE)
TEX_ENV = re.compile(r" {0,3}\\begin\{([^}\n]+)\}")


def indent_width(text: str) -> int:
    """Columns of leading white space, tabs to the next multiple of four."""
    lead = len(text) - len(text.lstrip())  # str.lstrip() without arguments is the fast one
    if text.count(" ", 0, lead) == lead:
        return lead  # spaces only: no loop, however deep the indentation
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
    """Only spaces and tabs (``isspace`` first: it stops at the first other character)."""
    return not text or (text.isspace() and not text.strip(" \t"))


def is_indented(text: str) -> bool:
    return text.startswith("\t") or text.startswith("    ")


# pandoc's attribute block: {#id .class key=value key="v w" -} or the raw {=format}.
_NAME = r"[^\W\d_][\w:.-]*"
_ATTRIBUTE = (r"(?:#[\w:.-]+|\." + _NAME + r"|" + _NAME
              + r"""=(?:"[^"\n]*"|'[^'\n]*'|[^\s}]*)|-)""")
ATTRIBUTES = r"\{[ \t]*(?:=[\w-]+[ \t]*|(?:" + _ATTRIBUTE + r"[ \t]*)*)\}"
# An opening fence: a language word (no braces or backticks), attributes, or both; a bare
# word in braces ({python}, {r echo=FALSE}) is not an attribute block, so not a fence.
FENCE_OPEN = re.compile(r"( {0,3})(`{3,}|~{3,})[ \t]*(?:[^\s{}`]+[ \t]*)?(?:"
                        + ATTRIBUTES + r"[ \t]*)?$")
# An executable chunk of R Markdown / Quarto (```{r}, ```{python echo=FALSE}): knitr and
# Quarto replace it before pandoc reads the file.
CHUNK_OPEN = re.compile(r"( {0,3})(`{3,})[ \t]*\{[A-Za-z][\w.-]*[^}\n]*\}[ \t]*$")

ATX_HEADING = re.compile(r"#{1,6}(?=[ \t]|$)|#{7,}(?=[ \t])")
SETEXT_UNDERLINE = re.compile(r"(?:=+|-+)[ \t]*$")
# A trailing attribute block of a heading, and the closing hashes of an ATX heading.
HEADING_ATTRIBUTES = re.compile(r"[ \t]*(" + ATTRIBUTES + r")[ \t]*$")
ATX_CLOSING = re.compile(r"(?:[ \t]+#+)?[ \t]*$")

PIPE_SEPARATOR = re.compile(
    r" {0,3}\|?[ \t]*:?-+:?[ \t]*(?:[|+][ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
GRID_BORDER = re.compile(r" {0,3}\+[-=:]+\+(?:[-=:]*\+)*[ \t]*$")
GRID_LINE = re.compile(r" {0,3}[|+]")
LINE_BLOCK = re.compile(r"\|(?: |[ \t]*$)")

# pandoc's block-level HTML tags (Text.Pandoc.Readers.HTML): a line starting with one of
# these, opening or closing, ends a paragraph; tags that may be inline (video, del, ...) do not.
BLOCK_TAGS = frozenset("""address article aside blockquote body canvas caption center col
colgroup dd details dialog dir div dl dt fieldset figcaption figure footer form frame frameset
h1 h2 h3 h4 h5 h6 head header hgroup hr html legend li link main menu meta nav noframes ol
optgroup option output p pre section summary table tbody td template tfoot th thead title tr
track ul""".split())
TAG_START = re.compile(r"[ \t]*</?([A-Za-z][A-Za-z0-9]*)(?=[\s/>]|$)")
# A whole tag on one line (attributes may be quoted and hold ">").
ONE_TAG = re.compile(
    r"[ \t]*</?[A-Za-z][A-Za-z0-9]*(?:\s+[A-Za-z_:][\w:.-]*"
    r"(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*\s*/?>")


def is_fence_open(text: str) -> bool:
    m = FENCE_OPEN.match(text)
    return m is not None


def starts_block_tag(text: str) -> bool:
    """Whether the line starts with an opening or closing block-level HTML tag."""
    if "<" not in text[:16] and not text.lstrip().startswith("<"):
        return False
    m = TAG_START.match(text)
    return m is not None and m.group(1).lower() in BLOCK_TAGS


def block_tag_end(text: str) -> int | None:
    """End of a block-level tag that the line starts with and that closes on the line."""
    if not starts_block_tag(text):
        return None
    m = ONE_TAG.match(text)
    return m.end() if m else None


def atx_heading(text: str) -> bool:
    return ATX_HEADING.match(text) is not None


def heading_text_end(text: str) -> tuple[int, bool]:
    """Where a heading's text ends (before attributes and closing hashes), and whether it
    carries attributes with an explicit ``#id``."""
    end = len(text)
    explicit = False
    m = HEADING_ATTRIBUTES.search(text)
    if m:
        explicit = re.search(r"(?:^|[{\s])#", m.group(1)) is not None
        end = m.start()
    closing = ATX_CLOSING.search(text, 0, end)
    if closing and closing.start() < end:
        end = closing.start()
    return end, explicit


def is_setext_underline(text: str) -> bool:
    return SETEXT_UNDERLINE.match(text) is not None


def is_pipe_separator(text: str) -> bool:
    """The second line of a pipe table; a one-column table needs its pipes."""
    if PIPE_SEPARATOR.match(text) is None:
        return False
    stripped = text.strip()
    return "|" in stripped[1:-1] or stripped.startswith("|") or "+" in stripped[1:-1]


def is_grid_border(text: str) -> bool:
    return GRID_BORDER.match(text) is not None


def is_grid_line(text: str) -> bool:
    return GRID_LINE.match(text) is not None


def is_line_block(text: str) -> bool:
    return LINE_BLOCK.match(text) is not None


def comment_open_after(text: str, start: int, is_open: bool) -> bool:
    """Whether an HTML comment is still open at the end of ``text`` (read from ``start``),
    looking only at ``<!--`` and ``-->`` as pandoc does when it gathers a list item's lines."""
    pos = start
    while True:
        if is_open:
            close = text.find("-->", pos)
            if close == -1:
                return True
            pos = close + 3
            is_open = False
        else:
            begin = text.find("<!--", pos)
            if begin == -1:
                return False
            pos = begin + 4
            is_open = True


class BlockSink:
    """Receives what the block scanner finds; implemented by the scanner in ``scan.py``."""

    prose: Callable[[list[Line], str | None], None]
    prose_text: Callable[[int, str, str | None], None]  # lines that follow each other unchanged
    prose_spaced: Callable[[list[Line], str | None], None]  # lines apart by spaces only
    raw: Callable[[int, int], None]
    html: Callable[[int, int], None]
    definition: Callable[[str, int, int, int, bool, str | None], None]
    heading: Callable[[Line, int, str | None, int], None]
    example: Callable[[str], None]
    swallowed: Callable[[Line], None]
    link_definition: Callable[[str, str, int, int], None]  # label, URL and the URL's range
