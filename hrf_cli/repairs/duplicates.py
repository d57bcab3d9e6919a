"""Remove note definitions that exactly repeat another definition of the same label.

pandoc keeps the last definition of a label, so a copy may go only when the note pandoc
shows stays the same: every copy of the winning text is removed except the first one that
comes after the last differing definition. Definitions that differ are never touched (which
one is right is the author's call).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hrf_cli.repairs.edits import Edit, definition_span, removal

if TYPE_CHECKING:
    from hrf_cli.document import Document
    from hrf_cli.markdown.model import FootnoteDef


def duplicate_removals(doc: Document) -> dict[int, Edit]:
    """Definition index to the edit removing it, for every removable exact copy."""
    text = doc.text
    by_label: dict[str, list[int]] = {}
    for index, definition in enumerate(doc.footnote_defs):
        by_label.setdefault(definition.label, []).append(index)
    removals: dict[int, Edit] = {}
    for indexes in by_label.values():
        if len(indexes) < 2:
            continue
        winner = _content(text, doc.footnote_defs[indexes[-1]])
        same = [i for i in indexes if _content(text, doc.footnote_defs[i]) == winner]
        last_different = max((i for i in indexes if i not in same), default=-1)
        kept = next(i for i in same if i > last_different)
        for index in same:
            if index != kept:
                edit = removal(text, doc.footnote_defs[index], doc.body_start)
                if edit is not None:
                    removals[index] = edit
    return removals


def _content(text: str, definition: FootnoteDef) -> str:
    start, end = definition_span(text, definition)
    return text[start:end]
