"""Renumber notes 1..N in the order of their first reference, every marker consistently.

Only references pandoc resolves (defined, outside any note definition) decide the order.
Definitions nobody references get the numbers after N, in file order, so they can never
take over a referenced note's number. Labels pandoc prints as literal text (a reference
with no definition, or one inside a definition) are left alone, and renumbering is refused
when such a literal ``[^7]`` would start pointing at a note.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hrf_cli.record import Record

if TYPE_CHECKING:
    from hrf_cli.document import Document
    from hrf_cli.repairs.edits import Edit

# The table-column and edit helpers are imported by the functions that plan a renumbering:
# lint's footnote-order check imports this module for is_numeric on every report, and
# renumbers only when notes are out of order.


def is_numeric(label: str) -> bool:
    """ASCII digits only: ``[^²]`` and ``[^١]`` are labels, not numbers."""
    return label.isascii() and label.isdigit()


class Renumbering(Record):
    """Old label to new label, the edits that apply it, and why it was refused (if it was)."""

    __slots__ = ("mapping", "edits", "refused")

    def __init__(self, mapping: dict[str, str] | None = None, edits: list[Edit] | None = None,
                 refused: str | None = None) -> None:
        self.mapping = {} if mapping is None else mapping
        self.edits = [] if edits is None else edits
        self.refused = refused


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
    edits, stuck = relabel_edits(doc, mapping)
    from hrf_cli.repairs.heading_ids import heading_id_edits

    id_edits, result.refused = heading_id_edits(doc, mapping)
    if result.refused:
        return result
    edits += id_edits
    if stuck:
        first = min(stuck)
        result.refused = (f"[^{doc.text[first.start:first.end]}] on line "
                          f"{doc.lines.line_of(first.start)} is in a table column too narrow for "
                          f"[^{first.replacement}]; widen the column first")
        return result
    result.edits = edits
    return result


def relabel_edits(doc: Document, mapping: dict[str, str]) -> tuple[list[Edit], list[Edit]]:
    """Edits giving every resolvable reference and every definition its label's new name.

    References inside definitions are literal text to pandoc and keep their label. Also
    returned: the label edits that do not fit their table column (see :mod:`.columns`).
    """
    from hrf_cli.repairs.columns import column_compensation

    text = doc.text
    edits: list[Edit] = []
    for ref in doc.footnote_refs:
        new = mapping.get(ref.label) if ref.in_definition is None else None
        if new is not None and new != ref.label:
            edits.append(_checked(text, ref.start, ref.label, new))
    spacing, stuck = column_compensation(text, edits)
    edits += spacing
    for definition in doc.footnote_defs:
        new = mapping.get(definition.label)
        if new is not None and new != definition.label:
            edits.append(_checked(text, definition.start, definition.label, new))
    return edits, stuck


def _checked(text: str, start: int, old: str, new: str) -> Edit:
    """The label edit, after making sure the text really holds ``[^old]`` there."""
    from hrf_cli.repairs.edits import label_edit

    if not text.startswith(f"[^{old}]", start):
        raise ValueError(f"no [^{old}] at offset {start}")
    return label_edit(start, old, new)
