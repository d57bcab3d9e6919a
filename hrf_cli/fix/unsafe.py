"""Repairs that guess what the author meant, run only with ``--unsafe``.

A pasted plain-digit marker (``war.1 We``) becomes ``[^1]`` only when exactly one pasted
``1`` exists and a note ``[^1]`` is defined that nothing references: the note it stood for
is then known. Notes with identical texts are merged into the first one referenced: its
label replaces the others' at every reference and their definitions are removed (pandoc
prints one note per reference either way, so the output is the same).
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

from hrf_cli.fix.edits import Edit, definition_span, is_top_level, label_edit, merge_touching, removal
from hrf_cli.fix.columns import column_compensation
from hrf_cli.fix.renumber import first_reference_order

if TYPE_CHECKING:
    from hrf_cli.document import Document

SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def pasted_marker_edits(doc: Document) -> dict[int, Edit]:
    """Start of each identifiable pasted marker to the edit making it a note reference."""
    from hrf_cli.config import Config
    from hrf_cli.lint.rules.markers import check_pasted

    text = doc.text
    referenced = {ref.label for ref in doc.footnote_refs}
    unused = set(doc.defined_labels()) - referenced
    inside = _definition_spans(doc)
    found: dict[str, list[tuple[int, int]]] = {}
    for problem in check_pasted(doc, Config()):
        if not _within(inside, problem.start):
            label = text[problem.start:problem.end].translate(SUPERSCRIPTS)
            found.setdefault(label, []).append((problem.start, problem.end))
    return {spans[0][0]: Edit(spans[0][0], spans[0][1], f"[^{label}]")
            for label, spans in found.items() if label in unused and len(spans) == 1}


def merge_edits(doc: Document) -> list[Edit]:
    """Edits merging each set of notes whose texts are identical into one label."""
    text = doc.text
    defs = doc.footnote_defs
    counts: dict[str, int] = {}
    for definition in defs:
        counts[definition.label] = counts.get(definition.label, 0) + 1
    index_of = doc.definition_indexes()
    by_text: dict[str, list[str]] = {}
    for label in first_reference_order(doc):
        definition = defs[index_of[label]]
        if counts[label] == 1 and is_top_level(text, definition) and not definition.content_empty:
            content = text[definition.marker_end:definition_span(text, definition)[1]].strip()
            by_text.setdefault(content, []).append(label)
    merges: list[tuple[Edit, list[Edit]]] = []  # (definition removal, its references' edits)
    in_headings = _labels_in_headings(doc)
    refs_of: dict[str, list[int]] = {}  # grouped once, not searched once per merged label
    for ref in doc.footnote_refs:
        if ref.in_definition is None:
            refs_of.setdefault(ref.label, []).append(ref.start)
    for keep, *others in (labels for labels in by_text.values() if len(labels) > 1):
        for label in others:
            if label in in_headings:
                continue  # the heading's automatic identifier holds the label: keep it
            gone = removal(text, defs[index_of[label]], doc.body_start)
            if gone is not None:
                merges.append((gone, [label_edit(start, label, keep)
                                      for start in refs_of.get(label, ())]))
    while True:  # a merge whose new label does not fit its table column is left out
        relabels = [edit for _, edits in merges for edit in edits]
        spacing, stuck = column_compensation(text, relabels)
        if not stuck:
            break
        merges = [(gone, edits) for gone, edits in merges if not set(edits) & set(stuck)]
    return merge_touching(text, [gone for gone, _ in merges], doc.body_start) + relabels + spacing


def _labels_in_headings(doc: Document) -> set[str]:
    """Labels referenced inside a heading without an explicit identifier."""
    headings = [h for h in doc.scan.headings if not h.explicit_id]
    starts = [h.start for h in headings]
    found: set[str] = set()
    for ref in doc.footnote_refs:
        k = bisect_right(starts, ref.start) - 1
        if k >= 0 and ref.end <= headings[k].end:
            found.add(ref.label)
    return found


def _definition_spans(doc: Document) -> tuple[list[int], list[int]]:
    spans = sorted(definition_span(doc.text, d) for d in doc.footnote_defs)
    return [s for s, _ in spans], [e for _, e in spans]


def _within(spans: tuple[list[int], list[int]], offset: int) -> bool:
    """Whether ``offset`` lies inside a definition (a reference there would never resolve)."""
    starts, ends = spans
    i = bisect_right(starts, offset) - 1
    return i >= 0 and offset < ends[i]
