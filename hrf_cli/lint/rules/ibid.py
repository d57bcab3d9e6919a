"""The "Ibid." rule: a note that says "the same source" must follow a note with one source."""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import TYPE_CHECKING, Iterator

from hrf_cli.lint.findings import ERROR, Problem
from hrf_cli.lint.registry import rule
from hrf_cli.record import Record

if TYPE_CHECKING:
    from hrf_cli.config import Config
    from hrf_cli.document import Document

IBID = re.compile(r"[\s*_]*ibid(?:em)?\b", re.IGNORECASE)


class RenderedNote(Record):
    """A note as the reader meets it: where its marker is, the text it holds, and the
    citation keys in it (its sources are counted only when an "Ibid." follows it)."""

    __slots__ = ("marker_start", "marker_end", "text", "keys")

    def __init__(self, marker_start: int, marker_end: int, text: str, keys: set[str]) -> None:
        self.marker_start = marker_start
        self.marker_end = marker_end
        self.text = text
        self.keys = keys

    @property
    def sources(self) -> int:
        return _count_sources(self.text, self.keys)


def notes_in_reading_order(doc: Document) -> list[RenderedNote]:
    """Resolved references and inline notes outside definitions, in the order they appear."""
    winner = doc.definition_indexes()
    keys_in: dict[int, set[str]] = {}
    for citation in doc.citations:
        if citation.definition_index is not None:
            keys_in.setdefault(citation.definition_index, set()).add(citation.key)
    notes = []
    text = doc.text
    definitions = doc.footnote_defs
    no_keys: set[str] = set()
    for ref in doc.resolved_refs():
        index = winner[ref.label]
        definition = definitions[index]
        notes.append(RenderedNote(ref.start, ref.end, text[definition.marker_end:definition.end],
                                  keys_in.get(index, no_keys)))
    starts = [c.start for c in doc.citations]
    for inline in doc.inline_notes:
        if inline.in_definition is None:
            first, last = bisect_left(starts, inline.start), bisect_left(starts, inline.end)
            keys = {c.key for c in doc.citations[first:last]}
            notes.append(RenderedNote(inline.start, inline.start + 2,
                                      text[inline.start + 2:inline.end - 1], keys))
    notes.sort(key=lambda n: n.marker_start)
    return notes


def _count_sources(text: str, keys: set[str]) -> int:
    """Citations count one source each; a note without citations counts its ';'-parts."""
    if keys:
        return len(keys)
    return sum(1 for part in text.split(";") if re.search(r"\w", part))


@rule(
    "HRF207", "ibid-without-antecedent", ERROR,
    "An \"Ibid.\" note with no single source before it.",
    what="Reports a note starting with \"Ibid.\" (or \"Ibidem\") that is the first note, or "
         "that follows, in reading order, a note citing two or more sources (`[@a; @b]`, or "
         "free-text sources separated by `;`) or none. A run of \"Ibid.\" notes refers back "
         "to the note before the run.",
    why="After an edit moves or inserts a note, \"Ibid.\" silently points at a different "
        "source, attributing a claim to the wrong document.",
    bad="Residents fled.[^1] Many returned.[^2]\n\n[^1]: Interview, March 2024; OHCHR, Update 38."
        "\n\n[^2]: Ibid.",
    good="Residents fled.[^1] Many returned.[^2]\n\n[^1]: Interview with a resident, March 2024."
         "\n\n[^2]: Ibid.",
)
def check_ibid(doc: Document, config: Config) -> Iterator[Problem]:
    previous: RenderedNote | None = None  # the note an "Ibid." refers back to
    for note in notes_in_reading_order(doc):
        if IBID.match(note.text):
            previous_sources = None if previous is None else previous.sources
            if previous_sources is None:
                yield Problem(note.marker_start, note.marker_end,
                              "this note says \"Ibid.\" but it is the first note: name the source")
            elif previous_sources != 1:
                kind = "no source" if previous_sources == 0 else f"{previous_sources} sources"
                yield Problem(note.marker_start, note.marker_end,
                              f"this note says \"Ibid.\" but the note before it cites {kind}; "
                              "name the source")
            # An "Ibid." note refers to the same source as its antecedent.
            continue
        previous = note
