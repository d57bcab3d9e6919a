"""The repair that guesses what the author meant, run only with ``--unsafe``.

A pasted plain-digit marker (``war.1 We``) becomes ``[^1]`` only when exactly one pasted
``1`` exists and a note ``[^1]`` is defined that nothing references: the note it stood for
is then known.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

from hrf_cli.repairs.edits import Edit, definition_span

if TYPE_CHECKING:
    from hrf_cli.document import Document

SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def pasted_marker_edits(doc: Document) -> dict[int, Edit]:
    """Start of each identifiable pasted marker to the edit making it a note reference."""
    from hrf_cli.repairs.pasted import pasted_markers

    text = doc.text
    referenced = {ref.label for ref in doc.footnote_refs}
    unused = set(doc.defined_labels()) - referenced
    inside = _definition_spans(doc)
    found: dict[str, list[tuple[int, int]]] = {}
    for marker in pasted_markers(doc.scan.prose):
        if not _within(inside, marker.start):
            label = text[marker.start:marker.end].translate(SUPERSCRIPTS)
            found.setdefault(label, []).append((marker.start, marker.end))
    return {spans[0][0]: Edit(spans[0][0], spans[0][1], f"[^{label}]")
            for label, spans in found.items() if label in unused and len(spans) == 1}


def _definition_spans(doc: Document) -> tuple[list[int], list[int]]:
    spans = sorted(definition_span(doc.text, d) for d in doc.footnote_defs)
    return [s for s, _ in spans], [e for _, e in spans]


def _within(spans: tuple[list[int], list[int]], offset: int) -> bool:
    """Whether ``offset`` lies inside a definition (a reference there would never resolve)."""
    starts, ends = spans
    i = bisect_right(starts, offset) - 1
    return i >= 0 and offset < ends[i]
