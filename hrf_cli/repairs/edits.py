"""Edits as character ranges of the text as read, applied in one pass so no offset moves.

Every repair is a list of :class:`Edit` values on the text as read (CRLF kept). Applying them
touches only their ranges; lint turns the same edits into a ``Fix`` with byte offsets
(``hrf_cli.lint.findings.fix_from_edits``), so an editor applies exactly what ``hrf fix``
would.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterable, NamedTuple

if TYPE_CHECKING:
    from hrf_cli.markdown.model import FootnoteDef

LINE_END_AND_BLANKS = re.compile(r"\r?\n(?:[ \t]*\r?\n)*")
DEFINITION_START = re.compile(r"\[\^[^ \t\n^\[\]]+\]:")


class Edit(NamedTuple):
    """Replace ``text[start:end]`` with ``replacement`` (character offsets)."""

    start: int
    end: int
    replacement: str


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """The text with every edit applied; overlapping edits are a programming error."""
    ordered = sorted(edits)
    pieces: list[str] = []
    pos = 0
    for edit in ordered:
        if edit.start < pos:
            raise ValueError(f"overlapping edits at offset {edit.start}")
        pieces.append(text[pos:edit.start])
        pieces.append(edit.replacement)
        pos = edit.end
    pieces.append(text[pos:])
    return "".join(pieces)


def label_edit(start: int, old_label: str, new_label: str) -> Edit:
    """Rename the label of the ``[^label]`` marker (reference or definition) starting at ``start``."""
    return Edit(start + 2, start + 2 + len(old_label), new_label)


def definition_span(text: str, definition: FootnoteDef) -> tuple[int, int]:
    """The definition's text from its ``[`` to the end of its last line, line ending excluded."""
    end = definition.end
    if end > definition.start and text[end - 1] == "\r":
        end -= 1
    return definition.start, end


def is_top_level(text: str, definition: FootnoteDef) -> bool:
    """A definition at the start of its line and not inside another note, a list or a quote."""
    return definition.in_definition is None and (
        definition.start == 0 or text[definition.start - 1] == "\n")


def removal(text: str, definition: FootnoteDef, body_start: int) -> Edit | None:
    """An edit deleting a top-level definition with the blank lines after it, or None.

    Refused when the lines around it would then run together: the line before must be blank
    (or the body's start), or what follows must be another definition or the end of the file.
    """
    if not is_top_level(text, definition):
        return None
    start, end = definition_span(text, definition)
    tail = LINE_END_AND_BLANKS.match(text, end)
    if tail is None and end != len(text):
        return None  # something follows on the same line: not a whole-line definition
    stop = tail.end() if tail else end
    if stop == len(text):  # the last thing in the file: take the blank lines before it too
        return Edit(_after_last_content(text, start, body_start), stop, "")
    if not (start <= body_start or _blank_line_before(text, start)
            or DEFINITION_START.match(text, stop)):
        return None
    return Edit(start, stop, "")


def merge_touching(text: str, edits: Iterable[Edit], body_start: int = 0) -> list[Edit]:
    """Deletions that overlap or touch joined into one, so they can be applied together.

    A joined deletion that reaches the end of the file also takes the blank lines before it.
    """
    merged: list[Edit] = []
    for edit in sorted(edits):
        if merged and edit.start <= merged[-1].end and not edit.replacement \
                and not merged[-1].replacement:
            merged[-1] = Edit(merged[-1].start, max(merged[-1].end, edit.end), "")
        else:
            merged.append(edit)
    if merged and merged[-1].end == len(text) and not merged[-1].replacement:
        merged[-1] = Edit(_after_last_content(text, merged[-1].start, body_start), len(text), "")
    return merged


def _after_last_content(text: str, start: int, body_start: int) -> int:
    """``start`` moved back over the blank lines just before it (never into front matter)."""
    while start > body_start and _blank_line_before(text, start):
        start = text.rfind("\n", 0, start - 1) + 1
    return start


def _blank_line_before(text: str, start: int) -> bool:
    """Whether the line before the one starting at ``start`` is blank."""
    if start < 1:
        return False
    previous = text.rfind("\n", 0, start - 1)
    return not text[previous + 1:start - 1].strip()
