"""Move note definitions so they follow the order of their first reference.

Only definitions that stand together (top-level, one after another, on consecutive lines or
separated by blank lines) trade places, so a note written under its paragraph stays there
and a notes section at the end comes out sorted. A definition moves with all of its text:
pandoc's lazy continuation lines and indented paragraphs belong to it, and the next
``[^label]:`` line always starts a new note, so swapping whole spans keeps every note whole.
The line breaks and blank lines between them stay where they were; definitions of the same
label keep their relative order, so pandoc keeps the same one. An empty definition
(``[^7]:``) never moves: its text would be the line after it, wherever it landed.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from hrf_cli.repairs.edits import Edit, definition_span, is_top_level
from hrf_cli.repairs.renumber import first_reference_order

if TYPE_CHECKING:
    from hrf_cli.document import Document
    from hrf_cli.markdown.model import FootnoteDef

# Between two definitions of one group: a line break, perhaps with blank lines after it.
SEPARATOR = re.compile(r"[ \t]*\r?\n(?:[ \t]*\r?\n)*[ \t]*\Z")
# After a definition that may move: a blank line or the end of the file, or else the next
# line starts another definition (which ends any paragraph the moved text could continue).
BLOCK_END = re.compile(r"\r?\n[ \t]*(?:\r?\n|\Z)|\Z")
LINE_END = re.compile(r"[ \t]*\r?\n")


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
    """Indexes of movable top-level definitions, grouped where only line breaks separate them."""
    text = doc.text
    starts = {d.start for d in doc.footnote_defs if is_top_level(text, d)}
    groups: list[list[int]] = []
    current: list[int] = []
    previous_end = -1
    for index, definition in enumerate(doc.footnote_defs):
        start, end = definition_span(text, definition)
        if not _movable(text, definition, end, starts):
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


def _movable(text: str, definition: FootnoteDef, end: int, starts: set[int]) -> bool:
    """A whole-line, non-empty top-level definition that nothing could run on from."""
    if not is_top_level(text, definition) or definition.content_empty:
        return False
    if BLOCK_END.match(text, end):
        return True
    line_end = LINE_END.match(text, end)
    return line_end is not None and line_end.end() in starts


def _close(groups: list[list[int]], group: list[int]) -> None:
    if len(group) > 1:
        groups.append(group)
