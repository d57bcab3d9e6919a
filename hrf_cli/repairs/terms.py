"""House-style terms in a report (Kharkov -> Kharkiv): where they stand and their replacement.

Searched in the prose the scanner keeps (body, headings, alt text, notes; never code, URLs,
link targets or citation keys) and in the front matter's displayed fields, which print largest.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Iterator, Mapping, NamedTuple

if TYPE_CHECKING:
    from hrf_cli.document import Document

FRONT_MATTER_KEYS = ("title", "subtitle", "abstract", "description")


class TermMatch(NamedTuple):
    """``found`` at ``text[start:end]`` should read ``replacement`` (the preferred form, cased
    like what was written)."""

    start: int
    end: int
    found: str
    preferred: str
    replacement: str


@lru_cache(maxsize=8)
def _pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    words = sorted(terms, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w])",
                      re.IGNORECASE)


def term_matches(doc: Document, terms: Mapping[str, str]) -> Iterator[TermMatch]:
    """Every listed term not already written in its preferred form, in reading order."""
    if not terms:
        return
    folded = {term.casefold(): preferred for term, preferred in terms.items()}
    pattern = _pattern(tuple(terms))
    # The scanner blanks the front matter out of the prose: its fields are searched in the text.
    regions = [(doc.text, start, end) for start, end in front_matter_ranges(doc)]
    for source, start, end in [*regions, (doc.scan.prose, 0, len(doc.scan.prose))]:
        for m in pattern.finditer(source, start, end):
            preferred = folded[m.group().casefold()]
            if m.group() != preferred:
                yield TermMatch(m.start(), m.end(), m.group(), preferred,
                                cased(m.group(), preferred))


def cased(found: str, preferred: str) -> str:
    """The preferred form in the case the writer used: KHARKOV -> KHARKIV, kharkov -> kharkiv."""
    if found.isupper() and len(found) > 1:
        return preferred.upper()
    if found.islower():
        return preferred.lower()
    if found[:1].isupper() and found[1:].islower():
        return preferred[:1].upper() + preferred[1:]
    return preferred


def front_matter_ranges(doc: Document) -> list[tuple[int, int]]:
    """Character ranges of the front matter's displayed text fields, from each value's start
    to the next top-level key (block scalars and folded lines included)."""
    front = doc.front_matter
    data = front.data if front is not None else None
    lc = getattr(data, "lc", None)
    if front is None or lc is None:
        return []
    key_lines = sorted(front.first_line + lc.key(key)[0] for key in data)
    ranges = []
    for key in data:
        if key not in FRONT_MATTER_KEYS or not isinstance(data[key], str):
            continue
        line, column = lc.value(key)
        start = doc.lines.line_start(front.first_line + line) + column
        key_line = front.first_line + lc.key(key)[0]
        following = [line for line in key_lines if line > key_line]
        end = doc.lines.line_start(following[0]) if following else front.end
        ranges.append((start, min(end, front.end)))
    return ranges
