"""Move note definitions so they follow the order of their first reference.

Only definitions that stand together (top-level, separated by nothing but blank lines)
trade places, so a note written under its paragraph stays there and a notes section at the
end comes out sorted. The blank lines between them stay where they were; definitions of the
same label keep their relative order, so pandoc keeps the same one.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from hrf_cli.fix.edits import Edit, definition_span, is_top_level
from hrf_cli.fix.renumber import first_reference_order

if TYPE_CHECKING:
    from hrf_cli.document import Document

# Between two definitions of one group: white space holding at least one blank line.
SEPARATOR = re.compile(r"[ \t]*\r?\n(?:[ \t]*\r?\n)+[ \t]*\Z")
# After the last definition of a group: a blank line or the end of the file.
GROUP_END = re.compile(r"\r?\n[ \t]*(?:\r?\n|\Z)|\Z")


def reorder_edits(doc: Document) -> list[Edit]:
    """Edits that put each group of adjacent definitions in first-reference order."""
    text = doc.text
    rank = {label: i for i, label in enumerate(first_reference_order(doc))}
    unranked = len(rank)
    edits: list[Edit] = []
    for group in _groups(doc):
        order = sorted(range(len(group)),
                       key=lambda i: (rank.get(doc.footnote_defs[group[i]].label, unranked), i))
        spans = [definition_span(text, doc.footnote_defs[i]) for i in group]
        for slot, source in enumerate(order):
            if slot != source:
                start, end = spans[slot]
                edits.append(Edit(start, end, text[spans[source][0]:spans[source][1]]))
    return edits


def _groups(doc: Document) -> list[list[int]]:
    """Indexes of top-level definitions, grouped where only blank lines separate them."""
    text = doc.text
    groups: list[list[int]] = []
    current: list[int] = []
    previous_end = -1
    for index, definition in enumerate(doc.footnote_defs):
        start, end = definition_span(text, definition)
        if not is_top_level(text, definition) or not GROUP_END.match(text, end):
            _close(groups, current)
            current, previous_end = [], -1
            continue
        if current and not SEPARATOR.match(text[previous_end:start]):
            _close(groups, current)
            current = []
        current.append(index)
        previous_end = end
    _close(groups, current)
    return groups


def _close(groups: list[list[int]], group: list[int]) -> None:
    if len(group) > 1:
        groups.append(group)
