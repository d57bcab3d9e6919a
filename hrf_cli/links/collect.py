"""Every web address of a report that ``--check-links`` checks: in its notes and its sources.

Notes' addresses come from the scanner (``doc.scan.links``: link targets, autolinks and bare
addresses, never code), kept when they fall inside a footnote definition or an inline note;
sources' addresses from the ``URL`` field of bibliography entries. Malformed addresses are
left to the ``invalid-url`` rule: no request could check them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, Protocol

if TYPE_CHECKING:
    from hrf_cli.document import Document

WEB = re.compile(r"https?://", re.IGNORECASE)


@dataclass(frozen=True)
class LinkSite:
    """One place a URL is written: a range of the report's text, or a line of another file."""

    url: str
    start: int = 0  # character offsets in the report's text (notes)
    end: int = 0
    path: str | None = None  # another file (a bibliography) and its 1-based line
    line: int | None = None
    entry: str | None = None  # the bibliography entry's id


class SourceWithUrl(Protocol):
    """What the collector needs of a bibliography entry (hrf_cli.bibliography.Entry has it)."""

    id: str
    fields: dict[str, Any]
    path: str
    line: int


def checkable(url: str) -> bool:
    """An http(s) address well formed enough to request."""
    from hrf_cli.lint.rules.sources import url_problem

    return bool(WEB.match(url)) and url_problem(url) is None


def note_links(doc: Document) -> list[LinkSite]:
    """Web addresses inside the report's notes, in reading order."""
    ranges = sorted([(d.marker_end, d.end) for d in doc.scan.footnote_defs]
                    + [(n.start, n.end) for n in doc.scan.inline_notes])
    starts = [start for start, _ in ranges]
    sites = []
    for link in doc.scan.links:
        # Ranges may nest (an inline note inside a definition): any enclosing one will do.
        i = bisect_right(starts, link.start)
        inside = any(end > link.start for _, end in ranges[:i])
        if inside and checkable(link.url):
            sites.append(LinkSite(link.url, link.start, link.end))
    return sites


def source_links(entries: Iterable[SourceWithUrl]) -> list[LinkSite]:
    """Web addresses in bibliography entries' ``URL`` fields (BibTeX ``url`` is mapped to it)."""
    sites = []
    for entry in entries:
        url = entry.fields.get("URL")
        if isinstance(url, str) and checkable(url.strip()):
            sites.append(LinkSite(url.strip(), path=entry.path, line=entry.line, entry=entry.id))
    return sites


def report_links(doc: Document) -> list[LinkSite]:
    """Every web address of a report: its notes', then its bibliographies' entries'."""
    return note_links(doc) + source_links(doc.bibliography.entries)
