"""Inline scanning of one prose block, following pandoc's Markdown reader.

The scanner walks the block once, skipping what pandoc reads as code, math, raw HTML,
raw TeX, autolinks and link targets, and records note references, inline notes and
citations with their offsets. Rules it mirrors (checked against pandoc 3.9):

- a note label is one or more characters other than space, tab, newline, ``^``, ``[``, ``]``;
- ``^[`` starts an inline note when its brackets balance within the paragraph and the
  closing ``]`` is not followed by ``(``, ``[`` or ``{`` (then it is ``^`` and a link or span);
- ``@`` starts a citation unless it follows a letter, digit or ``.`` (an e-mail address);
  keys follow pandoc's ``citeKey``: internal punctuation only when a word character follows.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate
from operator import itemgetter

from hrf_cli.markdown.linetypes import Line
from hrf_cli.markdown.textindex import (
    BacktickSearch,
    closing_backticks,
    matching_bracket,
    next_occurrence,
)

_TEXT = itemgetter(1)  # a line's text
_PLUS_ONE = (1).__add__
# The characters where inline scanning stops.
SPECIAL_CHARS = "\\`$<[]^@*_"
# Those characters turned into byte 1 (and a byte 1 into 2), the rest kept: in such a copy
# of a text the next special character is found by bytes.find (memchr speed) instead of a
# regex testing each character against a set.
_SPECIAL_MARKS = bytes.maketrans(b"\x01" + SPECIAL_CHARS.encode(),
                                 b"\x02" + b"\x01" * len(SPECIAL_CHARS))
ESCAPE_OR_TICK = re.compile(r"[\\`]")
NOTE_REF = re.compile(r"\[\^([^ \t\n^\[\]]+)\]")
# Looks like a note reference but is not one pandoc reads (space, ``^`` or ``[`` in the label).
BROKEN_REF = re.compile(r"\[\^([^\]\n]{1,80}?)\]")
CITE_KEY = re.compile(
    r"[\w*](?:\w|[:.#$%&\-+?<>~/](?=\w)|[:/](?=/))*"
)
BRACED_KEY = re.compile(r"\{([^\s{}]+)\}")
# Either key after an "@", braced first (one match instead of two).
ANY_KEY = re.compile(BRACED_KEY.pattern + "|(" + CITE_KEY.pattern + ")")
TEX_COMMAND = re.compile(r"\\[A-Za-z]+\*?")
HTML_TAG = re.compile(
    r"</?[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][\w:.-]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*\s*/?>"
)
RAW_HTML_ATTRIBUTE = re.compile(r"\{=html5?\}")
AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>@]+)>")
LINK_TARGET_START = re.compile(r"\]\(")
# Where a link's title starts; the look-behind keeps a long run of spaces one attempt.
LINK_TITLE = re.compile(r"(?<!\s)\s+[\"'(]")
SUPERSCRIPT = re.compile(r"\^[^\s^]+\^")
SUPERSCRIPT_IN_BRACKETS = re.compile(r"\^[^\s^\[\]]+\^")


# One thing found inline, as a plain tuple (thousands per report; a tuple costs least):
# (kind, start, end, value, bracketed, image, alt, alt_start). ``kind`` is ``ref``, ``note``,
# ``cite``, ``link``, ``image-ref``, ``html`` (a raw HTML tag) or ``broken``; ``image``: a
# link target that belongs to an image ``![alt](src)``, with its description ``alt`` and
# where its ``![`` starts (``alt_start``).
InlineHit = tuple[str, int, int, str, bool, bool, str, int]


def _hit(kind: str, start: int, end: int, value: str = "", bracketed: bool = False,
         image: bool = False, alt: str = "", alt_start: int = -1) -> InlineHit:
    return (kind, start, end, value, bracketed, image, alt, alt_start)


class OffsetMap:
    """Maps positions in a joined block back to offsets in the file."""

    def __init__(self, lines: list[Line], text: str | None = None):
        self.lines = lines
        self.text = "\n".join(map(_TEXT, lines)) if text is None else text
        self.base = lines[0][0] if lines else 0
        # A block whose lines follow each other unchanged in the file maps by one shift: its
        # lines come from different file lines, so it spans its joined length only then.
        self.contiguous = not lines or \
            lines[-1][0] + len(lines[-1][1]) - self.base == len(self.text)
        self._block_starts: list[int] | None = None

    def __call__(self, pos: int) -> int:
        if self.contiguous:
            return self.base + pos
        if self._block_starts is None:
            self._block_starts = list(accumulate(map(_PLUS_ONE, map(len, map(_TEXT, self.lines))),
                                                 initial=0))
        i = bisect_right(self._block_starts, pos) - 1
        return self.lines[i][0] + pos - self._block_starts[i]


def _closing_backticks(text: str, start: int, count: int) -> int:
    """End of the code span opened by ``count`` backticks before ``start``, or -1."""
    return closing_backticks(text, start, count)


def _balanced(text: str, start: int, open_ch: str, close_ch: str) -> int:
    """Index after the bracket closing the one at ``start``, honouring escapes; -1 if none."""
    return matching_bracket(text, start, open_ch, close_ch)


def _inline_math_end(text: str, start: int) -> int:
    """End of ``$...$`` starting at ``start`` (pandoc's tex_math_dollars rules), or -1."""
    n = len(text)
    if start + 1 >= n or text[start + 1] in " \t\n":
        return -1
    i = start + 1
    while i < n:
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "\n" and i + 1 < n and text[i + 1] == "\n":
            return -1
        if ch == "$":
            # The first unescaped "$" decides: pandoc does not look further.
            if text[i - 1] in " \t\n" or (i + 1 < n and text[i + 1].isdigit()):
                return -1
            return i + 1
        i += 1
    return -1


def _skip_code(text: str, pos: int, j: int) -> int:
    """Read ``text`` from ``pos`` up to ``j`` past escapes and code spans; a result beyond
    ``j`` means position ``j`` is escaped or inside a code span."""
    n = len(text)
    while pos < j:
        m = ESCAPE_OR_TICK.search(text, pos, j)
        if m is None:
            return j
        k = m.start()
        if text[k] == "\\":
            pos = k + 2
            continue
        run = k
        while run < n and text[run] == "`":
            run += 1
        end = _closing_backticks(text, run, run - k)
        pos = run if end == -1 else end
    return pos


def open_comment(text: str, start: int = 0) -> int:
    """Where an HTML comment that does not close in ``text`` opens (read from ``start``),
    skipping code spans and escapes as the inline scanner does; -1 when there is none."""
    i = start
    while True:
        j = text.find("<!--", i)
        if j == -1:
            return -1
        pos = _skip_code(text, i, j)
        if pos > j:
            i = pos  # the "<!--" sits inside a code span or is escaped
            continue
        close = text.find("-->", j + 4)
        if close == -1:
            return j
        i = close + 3


BLOCK_TAG_CANDIDATE = re.compile(r"<!--|</?([A-Za-z][A-Za-z0-9]*)(?=[\s/>])")


def html_in_line(text: str, start: int = 0, literal_comments: bool = False) -> tuple[str, int, int]:
    """The first block-level tag (``<div>``, ``</p>``) or comment left open in one line of
    prose, outside code spans: ``("tag", start, end)``, ``("comment", start, -1)``, or
    ``("", -1, -1)``. Comments closed on the line are skipped (their content is hidden);
    ``literal_comments``: no comment closes anywhere after ``start``, so ``<!--`` is text."""
    from hrf_cli.markdown.linetypes import BLOCK_TAGS, ONE_TAG

    i = start
    while True:
        m = BLOCK_TAG_CANDIDATE.search(text, i)
        if m is None:
            return "", -1, -1
        j = m.start()
        pos = _skip_code(text, i, j)
        if pos > j:
            i = pos
            continue
        if m.group(1) is None:
            close = -1 if literal_comments else text.find("-->", j + 4)
            if close == -1:
                if literal_comments:
                    i = j + 4
                    continue
                return "comment", j, -1
            i = close + 3
            continue
        if m.group(1).lower() in BLOCK_TAGS:
            tag = ONE_TAG.match(text, j)
            if tag:
                return "tag", j, tag.end()
        i = m.end()


def special_marks(text: str) -> bytes:
    """One byte per character of ``text``, 1 at each of SPECIAL_CHARS (for ``scan_inlines``);
    a character beyond Latin-1 becomes "?", so positions stay those of the text."""
    return text.encode("latin-1", "replace").translate(_SPECIAL_MARKS)


def scan_inlines(text: str, marks: bytes | None = None,
                 base: int = 0) -> tuple[list[InlineHit], list[tuple[int, int]]]:
    """Find notes and citations in one block of prose.

    Returns the hits and the ranges (in ``text``, in order) that are not prose: code, math,
    HTML, TeX, autolinks, link targets, note references and citations. ``marks``:
    :func:`special_marks` of a text that holds ``text`` at offset ``base`` (the whole file,
    marked once).
    """
    if marks is None:
        marks, base = special_marks(text), 0
    find = marks.find
    stop = base + len(text)
    j = find(1, base, stop)
    if j == -1:  # plain prose (a third of all blocks): nothing to set up
        return [], []
    hits: list[InlineHit] = []
    masked: list[tuple[int, int]] = []
    brackets: list[tuple[str, int]] = []  # ("note" | "bracket", position of "[")
    # Open emphasis runs per delimiter, and where the last closing run ended: pandoc reads
    # "*See*@doe" as text (an "@" right after emphasis is not a citation).
    emphasis = {"*": 0, "_": 0}
    emphasis_end = -1
    cite_end = -1  # "@a@k": an "@" right after a citation key starts another citation
    ticks: BacktickSearch | None = None  # made at the block's first code span
    n = len(text)
    while j != -1:
        j -= base
        ch = text[j]
        i = j + 1  # where the next search starts unless a branch says otherwise
        if ch == "[":
            if text.startswith("[^", j):
                ref = NOTE_REF.match(text, j)
                if ref:
                    i = ref.end()
                    hits.append(("ref", j, i, ref.group(1), False, False, "", -1))
                    masked.append((j, i))  # a note marker is no prose
                    j = find(1, base + i, stop)
                    continue
                broken = BROKEN_REF.match(text, j)
                # "[^\\[link\\]^](#ref)" and "[^a b](url)" are links, not mistyped notes.
                if broken and not broken.group(1).startswith(" ") and "\\" not in broken.group(1) \
                        and text[broken.end():broken.end() + 1] not in ("(", "["):
                    hits.append(_hit("broken", j, broken.end(), broken.group(0)))
            brackets.append(("bracket", j))
        elif ch == "@":
            # Not after a letter, digit or "." (an e-mail address) unless right after another
            # key; never right after emphasis. Keys follow pandoc's citeKey.
            if j != emphasis_end and (j == 0 or j == cite_end or not (
                    text[j - 1].isalnum() or text[j - 1] == ".")):
                start = j
                if j > 0 and text[j - 1] == "-" and (
                        j < 2 or not (text[j - 2].isalnum() or text[j - 2] == ".")):
                    start = j - 1
                key = ANY_KEY.match(text, i)
                if key:
                    i = cite_end = key.end()
                    hits.append(("cite", start, i, key.group(key.lastindex),
                                 bool(brackets) and brackets[-1][0] == "bracket", False, "", -1))
                    masked.append((start, i))  # nor is a citation
        elif ch == "]":
            if brackets:
                kind, start = brackets.pop()
                if kind == "note":
                    # pandoc 3.9 reads ^[...] followed by a link target, reference or
                    # attributes as "^" plus a link or span, not as an inline note.
                    if j + 1 >= n or text[j + 1] not in "([{":
                        hits.append(_hit("note", start - 1, j + 1))
                        j = find(1, base + i, stop)
                        continue
                if j + 1 < n and text[j + 1] == "(":
                    end = _balanced(text, j + 1, "(", ")")
                    if end != -1:
                        masked.append((j + 1, end))
                        _link_target(text, j + 2, end - 1, hits,
                                     (start, j) if _is_image(text, start) else None)
                        i = end
                elif j + 1 < n and text[j + 1] == "{":
                    end = _balanced(text, j + 1, "{", "}")
                    if end != -1:
                        masked.append((j + 1, end))
                        i = end
                elif kind == "bracket" and start and text[start - 1] == "!" \
                        and _is_image(text, start):
                    _image_reference(text, start, j, hits)
        elif ch == "`":
            run = j
            while run < n and text[run] == "`":
                run += 1
            if ticks is None:
                ticks = BacktickSearch(text)
            end = ticks.closing(run, run - j)
            if end == -1:
                i = run
            else:
                masked.append((j, end))
                raw = RAW_HTML_ATTRIBUTE.match(text, end)
                if raw:  # `<b>`{=html}: raw HTML, not code
                    hits.append(_hit("html", run, end - (run - j), text[run:end - (run - j)]))
                    masked.append((end, raw.end()))
                    end = raw.end()
                i = end
        elif ch == "\\":
            nxt = text[j + 1] if j + 1 < n else ""
            if nxt.isalpha() and nxt.isascii():
                end = _tex_end(text, j)
                masked.append((j, end))
                i = end
            elif nxt and not nxt.isalnum():
                i = j + 2
        elif ch == "$":
            if text.startswith("$$", j):
                end = next_occurrence(text, "$$", j + 2)
                if end != -1 and next_occurrence(text, "\n\n", j, end) == -1:
                    masked.append((j, end + 2))
                    i = end + 2
                else:
                    i = j + 2
            else:
                end = _inline_math_end(text, j)
                if end != -1:
                    masked.append((j, end))
                    i = end
        elif ch == "<":
            i = _angle(text, j, masked, hits)
        elif ch == "^":
            if j + 1 < n and text[j + 1] == "[":
                brackets.append(("note", j + 1))
                i = j + 2
            else:
                # ``^...^`` with no white space is a superscript; pandoc reads its content
                # on its own, so a ``[^4]`` cut by the closing ``^`` is not a note.
                # Inside brackets pandoc has already cut the content at the closing "]".
                sup = (SUPERSCRIPT_IN_BRACKETS if brackets else SUPERSCRIPT).match(text, j)
                if sup:
                    i = sup.end()
        else:  # a run of "*" or "_"
            run = j
            while run < n and text[run] == ch:
                run += 1
            before = text[j - 1] if j else " "
            after = text[run] if run < n else " "
            word = ch == "_"  # intraword underscores are literal
            if emphasis[ch] and not before.isspace() and not (word and after.isalnum()):
                emphasis[ch] -= 1
                emphasis_end = run
            elif not after.isspace() and not (word and before.isalnum()):
                emphasis[ch] += 1
            i = run
        j = find(1, base + i, stop)
    return hits, masked


def _tex_end(text: str, j: int) -> int:
    """End of a raw TeX command with its braced arguments, as pandoc's raw_tex keeps it."""
    m = TEX_COMMAND.match(text, j)
    end = m.end() if m else j + 1
    while end < len(text) and text[end] == "{":
        close = _balanced(text, end, "{", "}")
        if close == -1:
            break
        end = close
    return end


def _angle(text: str, j: int, masked: list[tuple[int, int]], hits: list[InlineHit]) -> int:
    """Skip an HTML comment, an autolink or an HTML tag at ``j``; record autolinks."""
    if text.startswith("<!--", j):
        end = next_occurrence(text, "-->", j + 4)
        if end != -1:
            masked.append((j, end + 3))
            return end + 3
        return j + 1
    for pattern in (AUTOLINK, HTML_TAG):
        m = pattern.match(text, j)
        if m:
            masked.append((j, m.end()))
            if pattern is AUTOLINK and "://" in m.group():  # e-mail autolinks are not web links
                hits.append(_hit("link", j + 1, m.end() - 1, text[j + 1:m.end() - 1]))
            elif pattern is HTML_TAG:
                hits.append(_hit("html", j, m.end()))
            return m.end()
    return j + 1


def _is_image(text: str, bracket: int) -> bool:
    """Whether the ``[`` at ``bracket`` opens an image: an unescaped ``!`` right before it."""
    if bracket == 0 or text[bracket - 1] != "!":
        return False
    slashes = len(text[:bracket - 1]) - len(text[:bracket - 1].rstrip("\\"))
    return slashes % 2 == 0


def _image_reference(text: str, start: int, j: int, hits: list[InlineHit]) -> None:
    """Record ``![alt][label]``, ``![alt][]`` or ``![alt]`` (``[`` at ``start``, ``]`` at ``j``):
    an image if a reference definition of that label exists, which the caller checks."""
    label = text[start + 1:j]
    end = j + 1
    if j + 1 < len(text) and text[j + 1] == "[":
        close = text.find("]", j + 2)
        if close == -1 or "[" in text[j + 2:close]:
            return
        label = text[j + 2:close] or label
        end = close + 1
    if label.strip():
        hits.append(_hit("image-ref", start - 1, end, label, image=True))


def _link_target(text: str, start: int, end: int, hits: list[InlineHit],
                 image: tuple[int, int] | None = None) -> None:
    """Record the URL of ``(url "title")`` between ``start`` and ``end`` (the parentheses' inside);
    ``image``: the positions of the ``[`` and ``]`` of the image this is the source of."""
    inner = text[start:end]
    stripped = inner.lstrip()
    lead = len(inner) - len(stripped)
    if stripped.startswith("<"):
        close = stripped.find(">")
        url = stripped[1:close] if close != -1 else stripped[1:]
        hits.append(_link_hit(text, image, start + lead + 1, url))
        return
    title = LINK_TITLE.search(stripped)
    url = stripped[:title.start()] if title else stripped.rstrip()
    if url:
        hits.append(_link_hit(text, image, start + lead, url))


def _link_hit(text: str, brackets: tuple[int, int] | None, start: int, url: str) -> InlineHit:
    """A link target at ``start``; an image's source, with its description, when ``brackets``
    (the image's ``[`` and ``]``) are given."""
    if brackets is None:
        return _hit("link", start, start + len(url), url)
    opening, closing = brackets
    return _hit("link", start, start + len(url), url, image=True,
                alt=text[opening + 1:closing], alt_start=opening - 1)
