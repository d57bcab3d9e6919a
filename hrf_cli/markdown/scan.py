"""Scan a report body: blocks first, then inlines in every prose block."""

from __future__ import annotations

import re
from itertools import accumulate

from hrf_cli.markdown.blocks import BlockScanner, Line
from hrf_cli.markdown.inlines import OffsetMap, scan_inlines
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

NOT_NEWLINE = re.compile(r"[^\n]+")
# Bare web addresses are prose to pandoc but never words to check. A scheme is at most 32
# characters (as in autolinks), so "a.a.a.a…" is not tried to its end from every letter.
BARE_URL = re.compile(r"(?:\b[a-z][a-z0-9+.-]{0,31}://|\bwww\.)[^\s<>\"]*[^\s<>\".,;:!?)\]'”’]")
# A web address with its scheme mistyped (htps:/x.org, http//x.org): a word close to
# "http(s)" before ":/" or "//" and a host name; checked by the invalid-url rule.
MISTYPED_URL = re.compile(
    r"(?<![\w/.@+-])([A-Za-z]{2,6})(?::/(?!/)|//|://)(?=[\w-]+(?:\.[\w-]+)+)[^\s<>\"]*[^\s<>\".,;:!?)\]'”’]")
_PLUS_ONE = (1).__add__
BROKEN_REASON = (
    "a note label cannot contain spaces, '^' or '['"
)


class _Collector:
    """The block scanner's sink: gathers items and the ranges that count as prose."""

    def __init__(self) -> None:
        self.result = ScanResult()
        self.kept: list[tuple[int, int]] = []
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
        offsets = OffsetMap(lines)
        hits, masked = scan_inlines(offsets.text)
        if hits:
            self._record(hits, offsets, masked, note)
        self._keep(offsets, masked)

    def _record(self, hits: list, offsets: OffsetMap, masked: list[tuple[int, int]],
                note: str | None) -> None:
        """The block's hits as items at their file offsets; references and citations are
        masked (they are not prose)."""
        result = self.result
        index = self.current_definition.get(note) if note is not None else None
        shift = offsets.base if offsets.contiguous else None
        for hit in hits:
            if shift is not None:
                start, end = shift + hit.start, shift + hit.end
            else:
                start, end = offsets(hit.start), offsets(hit.end - 1) + 1
            kind = hit.kind
            if kind == "ref":
                result.footnote_refs.append(FootnoteRef(hit.value, start, end, note, index))
                masked.append((hit.start, hit.end))
            elif kind == "cite":
                result.citations.append(Citation(hit.value, start, end, hit.bracketed, note, index))
                masked.append((hit.start, hit.end))
            elif kind == "note":
                result.inline_notes.append(InlineNote(start, end, note, index))
            elif kind == "link":
                link = Link(hit.value, start, end, note, index)
                if hit.image:
                    link.image, link.alt = True, hit.alt
                    link.image_start = shift + hit.alt_start if shift is not None \
                        else offsets(hit.alt_start)
                result.links.append(link)
            elif kind == "image-ref":
                result.image_refs.append(ImageRef(hit.value, start, end))
            elif kind == "html":
                result.raw_html.append(RawHtml(start, end))
            else:
                result.malformed_markers.append(
                    MalformedMarker(hit.value, start, end, BROKEN_REASON))

    def _keep(self, offsets: OffsetMap, masked: list[tuple[int, int]]) -> None:
        """Record the prose ranges of a block: its lines minus the masked inline ranges."""
        length = len(offsets.text)
        if offsets.contiguous:  # ranges in the block are ranges in the file, shifted
            base = offsets.base
            if not masked:
                self.kept.append((base, base + length))
                return
            masked.sort()
            kept = self.kept
            pos = 0
            for start, end in masked:
                if start > pos:
                    kept.append((base + pos, base + start))
                if end > pos:
                    pos = end
            if length > pos:
                kept.append((base + pos, base + length))
            return
        masked.sort()
        pos = 0
        for start, end in masked + [(length, length)]:
            if start > pos:
                self._keep_block_range(offsets, pos, start)
            pos = max(pos, end)

    def _keep_block_range(self, offsets: OffsetMap, start: int, end: int) -> None:
        if offsets.contiguous:
            self.kept.append((offsets.base + start, offsets.base + end))
            return
        # Split at line boundaries: a joined block's newline is not always the file's.
        text = offsets.text
        while start < end:
            nl = text.find("\n", start, end)
            stop = end if nl == -1 else nl
            if stop > start:
                self.kept.append((offsets(start), offsets(stop - 1) + 1))
            start = stop + 1


def blank_outside(text: str, kept: list[tuple[int, int]]) -> str:
    """``text`` with every character outside ``kept`` ranges turned into a space (newlines stay)."""
    kept.sort()
    pieces = []
    pos = 0
    for start, end in kept:
        if start < pos:
            start = pos
        if start >= end:
            continue
        if start > pos:
            pieces.append(_blank(text[pos:start]))
        pieces.append(text[start:end])
        pos = end
    pieces.append(_blank(text[pos:]))
    return "".join(pieces)


def _blank(gap: str) -> str:
    """Spaces for every character but newlines (most gaps are a citation: no newline)."""
    if "\n" not in gap:
        return " " * len(gap)
    return "\n".join([" " * len(line) for line in gap.split("\n")])


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
    collector = _Collector()
    BlockScanner(collector, chunks).scan(split_lines(text, start))
    result = collector.result
    if result.example_labels:  # "@good" names an example, wherever its list item stands
        result.citations = [c for c in result.citations
                            if c.bracketed or c.key not in result.example_labels]
    prose = blank_outside(text, collector.kept)
    prose = _bare_urls(prose, collector)
    collector.result.prose = _mistyped_links(prose, collector)
    for items in (collector.result.footnote_refs, collector.result.citations,
                  collector.result.inline_notes, collector.result.malformed_markers,
                  collector.result.links):
        items.sort(key=lambda item: item.start)
    return collector.result
