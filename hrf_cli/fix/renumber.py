"""Renumber notes 1..N in the order of their first reference, every marker consistently.

Only references pandoc resolves (defined, outside any note definition) decide the order.
Definitions nobody references get the numbers after N, in file order, so they can never
take over a referenced note's number. Labels pandoc prints as literal text (a reference
with no definition, or one inside a definition) are left alone, and renumbering is refused
when such a literal ``[^7]`` would start pointing at a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from hrf_cli.fix.edits import Edit, label_edit

if TYPE_CHECKING:
    from hrf_cli.document import Document

NUMERIC = re.compile(r"[0-9]+")
# Where a table's next column starts: two or more spaces before more text, or the spaces (if
# any) before a grid table's "|".
COLUMN_GAP = re.compile(r" {2,}(?=[^ \r\n])| *(?=\|)")
# A line of dashes (in groups: simple and multiline tables) or a grid table's +---+ border.
TABLE_RULE = re.compile(r"^[ \t]*(?:-{3,}(?:[ \t]+-{3,})*|\+[-=:+]+\+)[ \t]*\r?$", re.MULTILINE)


def is_numeric(label: str) -> bool:
    """ASCII digits only: ``[^²]`` and ``[^١]`` are labels, not numbers."""
    return NUMERIC.fullmatch(label) is not None


@dataclass
class Renumbering:
    """Old label to new label, the edits that apply it, and why it was refused (if it was)."""

    mapping: dict[str, str] = field(default_factory=dict)
    edits: list[Edit] = field(default_factory=list)
    refused: str | None = None


def first_reference_order(doc: Document) -> list[str]:
    """Labels of resolved references, each once, in the order pandoc numbers their notes."""
    defined = doc.defined_labels()
    order: list[str] = []
    seen: set[str] = set()
    for ref in doc.footnote_refs:
        if ref.in_definition is None and ref.label in defined and ref.label not in seen:
            seen.add(ref.label)
            order.append(ref.label)
    return order


def renumbering(doc: Document, labels: str = "keep") -> Renumbering:
    """The renumbering of ``doc``; ``labels="numbers"`` converts non-numeric labels too."""
    converts = (lambda label: True) if labels == "numbers" else is_numeric
    order = [label for label in first_reference_order(doc) if converts(label)]
    mapping = {label: str(number) for number, label in enumerate(order, 1)}
    for definition in doc.footnote_defs:
        if converts(definition.label) and definition.label not in mapping:
            mapping[definition.label] = str(len(mapping) + 1)
    result = Renumbering(mapping)
    new_labels = set(mapping.values())
    for ref in doc.footnote_refs:
        if ref.in_definition is None and ref.label not in mapping and ref.label in new_labels:
            line = doc.lines.line_of(ref.start)
            result.refused = (f"[^{ref.label}] on line {line} has no definition and would point "
                              "at a renumbered note; fix undefined-footnote first")
            return result
    result.edits = relabel_edits(doc, mapping)
    return result


def relabel_edits(doc: Document, mapping: dict[str, str]) -> list[Edit]:
    """Edits giving every resolvable reference and every definition its label's new name.

    References inside definitions are literal text to pandoc and keep their label.
    """
    text = doc.text
    edits: list[Edit] = []
    for ref in doc.footnote_refs:
        new = mapping.get(ref.label) if ref.in_definition is None else None
        if new is not None and new != ref.label:
            edits.append(_checked(text, ref.start, ref.label, new))
    edits += column_compensation(text, edits)
    for definition in doc.footnote_defs:
        new = mapping.get(definition.label)
        if new is not None and new != definition.label:
            edits.append(_checked(text, definition.start, definition.label, new))
    return edits


def column_compensation(text: str, label_edits: list[Edit]) -> list[Edit]:
    """Spaces added to or taken from the column gap after each marker whose label changed length.

    pandoc reads simple, multiline and grid tables by character columns, so ``[^9]`` becoming
    ``[^10]`` in a cell would shift or break the table. Only markers in such a table (a block
    of lines with a dashed rule or a ``+---+`` border) are compensated, at the first run of
    two or more spaces after the marker (in a grid table: the spaces before the ``|`` closing
    its cell). Prose, pipe tables and everything else keep every byte. A gap keeps at least
    one space; one too narrow is left as it is.
    """
    shifts: dict[tuple[int, int], int] = {}
    for edit in label_edits:
        delta = len(edit.replacement) - (edit.end - edit.start)
        if not delta or not _in_column_table(text, edit.start):
            continue
        line_end = text.find("\n", edit.end)
        line_end = len(text) if line_end == -1 else line_end
        for stop in (text.find("|", edit.end, line_end), text.find("[^", edit.end, line_end)):
            if stop != -1:
                line_end = min(line_end, stop + 1 if text[stop] == "|" else stop)
        gap = COLUMN_GAP.search(text, edit.end + 1, line_end)
        if gap:
            shifts[gap.span()] = shifts.get(gap.span(), 0) + delta
    out: list[Edit] = []
    for (start, end), shift in shifts.items():
        if shift < 0:
            out.append(Edit(start, start, " " * -shift))
        elif 0 < shift < end - start:
            out.append(Edit(start, start + shift, ""))
    return out


def _in_column_table(text: str, at: int) -> bool:
    """Whether the block of non-blank lines around ``at`` has a table rule or grid border."""
    start = text.rfind("\n", 0, at) + 1
    while start > 0:
        previous = text.rfind("\n", 0, start - 1) + 1
        if not text[previous:start].strip():
            break
        start = previous
    end = text.find("\n", at)
    while end != -1:
        following = text.find("\n", end + 1)
        if not text[end + 1:len(text) if following == -1 else following].strip():
            break
        end = following
    return TABLE_RULE.search(text, start, len(text) if end == -1 else end) is not None


def _checked(text: str, start: int, old: str, new: str) -> Edit:
    """The label edit, after making sure the text really holds ``[^old]`` there."""
    if not text.startswith(f"[^{old}]", start):
        raise ValueError(f"no [^{old}] at offset {start}")
    return label_edit(start, old, new)
