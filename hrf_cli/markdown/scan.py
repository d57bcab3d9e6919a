"""Scan a report body: blocks first, then inlines in every prose block."""

from __future__ import annotations

import re
from itertools import accumulate
from operator import add, itemgetter, le

from hrf_cli.markdown.blocks import BlockScanner, Line
from hrf_cli.markdown.inlines import InlineHit, OffsetMap, scan_inlines, special_marks
from hrf_cli.markdown.model import (
    Citation,
    FootnoteDef,
    FootnoteRef,
    Heading,
    ImageRef,
    InlineNote,
    Link,
    LinkDefinition,
    MalformedMarker,
    RawHtml,
    ScanResult,
)

# Bare web addresses are prose to pandoc but never words to check. A scheme is at most 32
# characters (as in autolinks), so "a.a.a.a…" is not tried to its end from every letter.
BARE_URL = re.compile(r"(?:\b[a-z][a-z0-9+.-]{0,31}://|\bwww\.)[^\s<>\"]*[^\s<>\".,;:!?)\]'”’]")
# A web address with its scheme mistyped (htps:/x.org, http//x.org): a word close to
# "http(s)" before ":/" or "//" and a host name; checked by the invalid-url rule.
MISTYPED_URL = re.compile(
    r"(?<![\w/.@+-])([A-Za-z]{2,6})(?::/(?!/)|//|://)(?=[\w-]+(?:\.[\w-]+)+)[^\s<>\"]*[^\s<>\".,;:!?)\]'”’]")
_PLUS_ONE = (1).__add__
_OFFSET = itemgetter(0)
_TEXT = itemgetter(1)
_ASCII_BLANK = dict.fromkeys(range(128), " ")
del _ASCII_BLANK[ord("\n")]
BROKEN_REASON = (
    "a note label cannot contain spaces, '^' or '['"
)


class _Collector:
    """The block scanner's sink: gathers items and the ranges that count as prose."""

    def __init__(self, text: str) -> None:
        self.result = ScanResult()
        # The file's special characters marked once (see ``inlines.special_marks``).
        self.marks = special_marks(text)
        # File ranges of the prose blocks' lines, and ranges inside them that are no prose
        # (code, math, link targets, references, citations): ``blank_outside`` takes both.
        self.kept: list[tuple[int, int]] = []
        # Masked ranges per block with the block's file offset (0: already file ranges);
        # turned into file ranges only if ``blank_outside`` is needed.
        self.masked: list[tuple[int, list[tuple[int, int]]]] = []
        # The prose itself, built as blocks arrive in file order (they do): pieces of the
        # text, blanked where no prose, up to ``pos``. A block out of order (never seen)
        # clears ``in_order`` and ``blank_outside`` builds it from the ranges instead.
        self.text = text
        self.pieces: list[str] = []
        self.pos = 0
        self.in_order = True
        # The definition whose content is being scanned, per label (content follows its marker).
        self.current_definition: dict[str, int] = {}

    def raw(self, start: int, end: int) -> None:
        """Code, raw HTML, YAML: nothing inside counts, nothing is prose."""

    def html(self, start: int, end: int) -> None:
        """A raw HTML block (``<script>…</script>``, a ``{=html}`` fence): pandoc passes it on."""
        self.result.raw_html.append(RawHtml(start, end))

    def definition(self, label: str, start: int, marker_end: int, end: int, empty: bool,
                   note: str | None) -> None:
        self.current_definition[label] = len(self.result.footnote_defs)
        self.result.footnote_defs.append(
            FootnoteDef(label, start, marker_end, end, empty, in_definition=note))

    def heading(self, line: Line, length: int, note: str | None, level: int = 1) -> None:
        from hrf_cli.markdown.linetypes import heading_text_end

        offset, text = line
        explicit = heading_text_end(text[:length])[1]
        self.result.headings.append(Heading(offset, offset + length, explicit, note, level))

    def example(self, label: str) -> None:
        self.result.example_labels.add(label)

    def swallowed(self, line: Line) -> None:
        definition = self.result.footnote_defs[-1]
        definition.swallowed_start, definition.swallowed_end = line[0], line[0] + len(line[1])

    def link_definition(self, label: str, url: str, start: int, end: int) -> None:
        self.result.link_definitions.append(LinkDefinition(label, url, start, end))

    def prose(self, lines: list[Line], note: str | None) -> None:
        """Scan one prose block; its lines are kept, less what the inline scanner masks."""
        if len(lines) == 1:
            self.prose_text(lines[0][0], lines[0][1], note)
            return
        if not lines:
            return
        text = "\n".join(map(_TEXT, lines))
        base = lines[0][0]
        if lines[-1][0] + len(lines[-1][1]) - base == len(text):
            self.prose_text(base, text, note)  # the lines follow each other in the file
            return
        offsets = OffsetMap(lines, text)
        hits, masked = scan_inlines(text)
        # Each line on its own: what lies between them in the file is a container's prefix.
        starts = list(map(_OFFSET, lines))
        self.kept += zip(starts, map(add, starts, map(len, map(_TEXT, lines))))
        file_masked: list[tuple[int, int]] = []
        for start, end in masked:
            _mask_lines(text, offsets, start, end, file_masked)
        self.masked.append((0, file_masked))
        if self.in_order:
            k = 0
            for start, line in lines:
                end = start + len(line)
                in_line = []
                while k < len(file_masked) and file_masked[k][0] < end:
                    in_line.append((file_masked[k][0] - start, file_masked[k][1] - start))
                    k += 1
                self._emit(start, line, in_line)
        if hits:
            self._record(hits, base, offsets, note)

    def prose_spaced(self, lines: list[Line], note: str | None) -> None:
        """A prose block whose lines lie apart in the file only by a newline and spaces (a
        note's indentation): the file from its first line to its last, blanked where masked,
        is its prose, since blanking spaces and newlines changes nothing."""
        text = "\n".join(map(_TEXT, lines))
        offsets = OffsetMap(lines, text)
        hits, masked = scan_inlines(text)
        first, last = lines[0][0], lines[-1][0] + len(lines[-1][1])
        self.kept.append((first, last))
        masked = [(offsets(start), offsets(end - 1) + 1) for start, end in masked if end > start]
        self.masked.append((0, masked))
        if self.in_order:
            self._emit(first, self.text[first:last],
                       [(start - first, end - first) for start, end in masked])
        if hits:
            self._record(hits, first, offsets, note)

    def prose_text(self, base: int, text: str, note: str | None) -> None:
        """A prose block that is ``text`` as it stands in the file from offset ``base``."""
        hits, masked = scan_inlines(text, self.marks, base)
        self.kept.append((base, base + len(text)))
        if masked:
            self.masked.append((base, masked))
        if self.in_order:
            self._emit(base, text, masked)
        if hits:
            self._record(hits, base, None, note)

    def _emit(self, base: int, text: str, masked: list[tuple[int, int]]) -> None:
        """Add the prose of ``text`` (at file offset ``base``, ``masked`` ranges in it blanked)
        and of the gap before it (blanked)."""
        pos = self.pos
        if base < pos:
            self.in_order = False
            return
        pieces = self.pieces
        if base > pos:
            gap = self.text[pos:base]
            pieces.append(gap if not gap.strip(" \n") else _blank(gap))  # mostly newlines
        if masked:
            done = 0
            for start, end in masked:
                if start < done:  # overlapping ranges (never seen): merged by blank_outside
                    self.in_order = False
                    return
                pieces.append(text[done:start])
                piece = text[start:end]
                pieces.append(" " * (end - start) if "\n" not in piece else _blank(piece))
                done = end
            pieces.append(text[done:])
        else:
            pieces.append(text)
        self.pos = base + len(text)

    def prose_so_far(self) -> str:
        """The prose, once every block is in: the rest of the file blanked."""
        return "".join(self.pieces) + _blank(self.text[self.pos:])

    def _record(self, hits: list[InlineHit], base: int, offsets: OffsetMap | None,
                note: str | None) -> None:
        """The block's hits as items at their file offsets."""
        result = self.result
        index = self.current_definition.get(note) if note is not None else None
        for kind, start, end, value, bracketed, image, alt, alt_start in hits:
            if offsets is None:
                start += base
                end += base
            else:
                start, end = offsets(start), offsets(end - 1) + 1
            if kind == "ref":
                result.footnote_refs.append(FootnoteRef(value, start, end, note, index))
            elif kind == "cite":
                result.citations.append(Citation(value, start, end, bracketed, note, index))
            elif kind == "note":
                result.inline_notes.append(InlineNote(start, end, note, index))
            elif kind == "link":
                link = Link(value, start, end, note, index)
                if image:
                    link.image, link.alt = True, alt
                    link.image_start = base + alt_start if offsets is None else offsets(alt_start)
                result.links.append(link)
            elif kind == "image-ref":
                result.image_refs.append(ImageRef(value, start, end))
            elif kind == "html":
                result.raw_html.append(RawHtml(start, end))
            else:
                result.malformed_markers.append(
                    MalformedMarker(value, start, end, BROKEN_REASON))


def blank_outside(text: str, kept: list[tuple[int, int]],
                  masked: list[tuple[int, int]] | None = None) -> str:
    """``text`` with every character outside ``kept`` ranges, or inside ``masked`` ones,
    turned into a space (newlines stay).

    Thousands of ranges: the pieces are cut from the text and from an all-blank copy of it
    and joined, with no Python step per character and few per range.
    """
    blank = _blank(text)
    if not kept:
        return blank
    kept.sort()
    starts, ends = _disjoint(kept)
    gaps = list(zip((0, *ends), (*starts, len(text))))
    if not masked:
        return _splice(blank, text, gaps)
    # What to blank: the gaps between kept ranges and the masked ranges inside them.
    blanked = gaps + masked
    blanked.sort()
    if not _is_disjoint(*zip(*blanked)):
        # A masked range reaching over a gap (a code span across a quote's "> "), or two
        # masked ranges overlapping: merged first.
        blanked = list(zip(*_union(blanked)))
    return _splice(blank, text, blanked)


def _disjoint(ranges: list[tuple[int, int]]) -> tuple[tuple[int, ...] | list[int], ...]:
    """Starts and ends of sorted ``ranges``, merged where they overlap."""
    starts, ends = zip(*ranges)
    return (starts, ends) if _is_disjoint(starts, ends) else _union(ranges)


def _is_disjoint(starts: tuple[int, ...], ends: tuple[int, ...]) -> bool:
    """Whether sorted ranges neither overlap nor run backwards (C loops: ``all(map(...))``)."""
    return all(map(le, starts, ends)) and all(map(le, ends, starts[1:]))


def _splice(inside: str, outside: str, ranges: list[tuple[int, int]]) -> str:
    """``inside`` within sorted disjoint ``ranges`` and ``outside`` elsewhere (two texts of
    one length)."""
    pieces = [""] * (2 * len(ranges) + 1)
    pieces[1::2] = [inside[start:end] for start, end in ranges]
    starts, ends = zip(*ranges)
    pieces[::2] = [outside[start:end] for start, end in zip((0, *ends), (*starts, len(outside)))]
    return "".join(pieces)


def _union(ranges: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """Sorted ranges merged where they overlap (empty ones dropped), as starts and ends."""
    starts: list[int] = []
    ends: list[int] = []
    for start, end in ranges:
        if start >= end:
            continue
        if ends and start <= ends[-1]:
            ends[-1] = max(ends[-1], end)
        else:
            starts.append(start)
            ends.append(end)
    return starts, ends


def _blank(text: str) -> str:
    """``text`` with every character but newlines turned into a space."""
    if not text.strip(" \n"):  # the usual gap between blocks: already blank
        return text
    if "\n" not in text:
        return " " * len(text)
    if text.isascii():  # str.translate has a fast path for ASCII
        return text.translate(_ASCII_BLANK)
    return "\n".join(map(" ".__mul__, map(len, text.split("\n"))))


def _mask_lines(text: str, offsets: OffsetMap, start: int, end: int,
                masked: list[tuple[int, int]]) -> None:
    """Add ``start:end`` of a block whose lines are apart in the file to ``masked``, line by
    line, as file ranges (what lies between its lines is no prose anyway)."""
    while start < end:
        stop = text.find("\n", start, end)
        if stop == -1:
            stop = end
        if stop > start:
            masked.append((offsets(start), offsets(stop - 1) + 1))
        start = stop + 1


def near_http(word: str) -> bool:
    """Whether a scheme is "http" or "https" with at most one letter wrong, missing or extra."""
    word = word.lower()
    return any(_one_edit(word, target) for target in ("http", "https"))


def _one_edit(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:k] + long[k + 1:] == short for k in range(len(long)))


SLASHES = re.compile(r":/|//")
SCHEME_BEFORE = re.compile(r"[A-Za-z]{2,6}$")


def _mistyped_links(prose: str, collector: _Collector) -> str:
    """``prose`` with mistyped addresses recorded and blanked; found from their slashes, so
    the text is read once at the speed of a substring search."""
    if "//" not in prose and ":/" not in prose:  # the usual case: a plain substring search
        return prose
    pieces: list[str] = []
    pos = 0
    for hit in SLASHES.finditer(prose):
        if hit.start() < pos:
            continue
        word = SCHEME_BEFORE.search(prose, max(pos, hit.start() - 7), hit.start())
        if word is None:
            continue
        m = MISTYPED_URL.match(prose, word.start())
        if m is None or not near_http(m.group(1)):
            continue
        pieces.append(prose[pos:m.start()])
        pieces.append(_bare_link(m, collector))
        pos = m.end()
    if not pieces:
        return prose
    pieces.append(prose[pos:])
    return "".join(pieces)


def _bare_urls(prose: str, collector: _Collector) -> str:
    """``prose`` with bare web addresses recorded and blanked, as ``BARE_URL.sub`` would.

    A match can only start at a "www." or within the 32 characters of a scheme before a
    "://", so those places are found with substring searches and the pattern is tried at
    them alone, left to right (most prose has none: one search each and done).
    """
    starts: set[int] = set()
    for needle, before in (("://", 32), ("www.", 0)):
        at = prose.find(needle)
        while at != -1:
            starts.update(range(max(0, at - before), at + (before == 0)))
            at = prose.find(needle, at + 1)
    if not starts:
        return prose
    pieces: list[str] = []
    pos = 0
    match = BARE_URL.match
    for start in sorted(starts):
        if start < pos:
            continue
        m = match(prose, start)
        if m is None:
            continue
        pieces.append(prose[pos:start])
        pieces.append(_bare_link(m, collector))
        pos = m.end()
    pieces.append(prose[pos:])
    return "".join(pieces)


def _bare_link(m: re.Match[str], collector: _Collector) -> str:
    """Record a bare URL found in prose (with the note it sits in) and blank it out."""
    collector.result.links.append(Link(m.group(), m.start(), m.end(), bare=True))
    return " " * len(m.group())


def split_lines(text: str, start: int) -> list[Line]:
    """Lines of ``text`` from offset ``start``, each with its offset, endings removed."""
    parts = text[start:].split("\n")
    if parts[-1] == "":  # a final line ending starts no line
        parts.pop()
    # Each line starts one character (its "\n") after the previous line's end.
    offsets = accumulate(map(_PLUS_ONE, map(len, parts)), initial=start)
    return list(zip(offsets, parts))


def scan_body(text: str, start: int = 0, chunks: bool = False) -> ScanResult:
    """Scan the body of a report that begins at offset ``start`` of ``text``.

    ``text`` must be the file's text with ``\\r\\n`` turned into `` \\n`` (same length),
    so every offset found is an offset into the file as read. ``chunks``: R Markdown or
    Quarto, whose executable chunks are code.
    """
    collector = _Collector(text)
    BlockScanner(collector, chunks, text).scan(split_lines(text, start))
    result = collector.result
    if result.example_labels:  # "@good" names an example, wherever its list item stands
        result.citations = [c for c in result.citations
                            if c.bracketed or c.key not in result.example_labels]
    prose = collector.prose_so_far() if collector.in_order \
        else blank_outside(text, collector.kept, [(base + start, base + end) for base, ranges
                                                  in collector.masked for start, end in ranges])
    prose = _bare_urls(prose, collector)
    collector.result.prose = _mistyped_links(prose, collector)
    for items in (collector.result.footnote_refs, collector.result.citations,
                  collector.result.inline_notes, collector.result.malformed_markers,
                  collector.result.links):
        items.sort(key=lambda item: item.start)
    return collector.result
