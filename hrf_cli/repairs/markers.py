"""Put note markers on one side of sentence punctuation, as the house style says.

``after-punctuation`` turns ``claim[^3].`` into ``claim.[^3]``; ``before-punctuation`` does
the reverse. A run of adjacent markers (``[^3][^4]``) moves as one. Only markers pandoc
resolves move (not those in front matter, nor in a heading without an explicit ``{#id}``,
whose automatic identifier holds the marker's text), and only where the punctuation ends a word (white space or the end of the
text after it) and nothing escaped or spaced is involved, so the words read the same.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator

from hrf_cli.repairs.edits import Edit

if TYPE_CHECKING:
    from hrf_cli.document import Document

PLACEMENTS = ("keep", "after-punctuation", "before-punctuation")
PUNCTUATION = ".,;:!?"
PUNCTUATION_RUN = re.compile(f"[{re.escape(PUNCTUATION)}]+")
# What may not stand just before a moved run: space (a detached marker) or a backslash
# (it would escape the marker's bracket or the punctuation).
NOT_BEFORE = " \t\r\n\\" + PUNCTUATION


def placement_edits(doc: Document, placement: str) -> list[Edit]:
    """Edits moving marker runs to the configured side of punctuation ("keep": none)."""
    if placement == "keep":
        return []
    text = doc.text
    edits: list[Edit] = []
    for start, end in _marker_runs(doc):
        markers = text[start:end]
        if placement == "after-punctuation":
            punct = PUNCTUATION_RUN.match(text, end)
            if punct and _ends_word(text, punct.end()) and _attached(text, start):
                edits.append(Edit(start, punct.end(), punct.group() + markers))
        else:
            first = start
            while first > 0 and text[first - 1] in PUNCTUATION:
                first -= 1
            # Never write "[^3]:": after a comment or at a line's start that is a definition.
            if first < start and text[first] != ":" and _ends_word(text, end) \
                    and _attached(text, first):
                edits.append(Edit(first, end, markers + text[first:start]))
    return edits


def _marker_runs(doc: Document) -> Iterator[tuple[int, int]]:
    """(start, end) of each run of adjacent references pandoc turns into notes."""
    from bisect import bisect_right

    run: tuple[int, int] | None = None
    headings = [h for h in doc.scan.headings if not h.explicit_id]
    starts = [h.start for h in headings]
    for ref in doc.resolved_refs():
        if ref.in_meta:  # a front-matter string: its quoting is YAML's, leave it be
            continue
        k = bisect_right(starts, ref.start) - 1
        if k >= 0 and ref.end <= headings[k].end:
            continue  # moving it would change the heading's automatic identifier
        if run is not None and ref.start == run[1]:
            run = (run[0], ref.end)
            continue
        if run is not None:
            yield run
        run = (ref.start, ref.end)
    if run is not None:
        yield run


def _ends_word(text: str, at: int) -> bool:
    return at == len(text) or text[at] in " \t\r\n"


def _attached(text: str, at: int) -> bool:
    """Whether a word (not space, punctuation or a backslash) stands just before ``at``."""
    return at > 0 and text[at - 1] not in NOT_BEFORE
