"""The items the scanner finds in a report, each with its character range in the file.

Offsets index the text exactly as read from disk (CRLF kept), so line, column and byte
positions computed from them are true to the file. The classes are plain :class:`Record`
classes rather than dataclasses (see hrf_cli/record.py: start-up time); the scanner makes many
of them, and a written-out ``__init__`` is also the cheapest to call.
"""

from __future__ import annotations

from hrf_cli.record import Record


class FootnoteRef(Record):
    """A ``[^label]`` reference that pandoc parses as a note marker."""

    # in_definition: label of the footnote definition this reference sits in (pandoc never
    # resolves those); definition_index: which definition (index in footnote_defs);
    # in_meta: in a front-matter string (pandoc reads those as Markdown).
    __slots__ = ("label", "start", "end", "in_definition", "definition_index", "in_meta")

    def __init__(self, label: str, start: int, end: int, in_definition: str | None = None,
                 definition_index: int | None = None, in_meta: bool = False) -> None:
        self.label = label
        self.start = start
        self.end = end
        self.in_definition = in_definition
        self.definition_index = definition_index
        self.in_meta = in_meta


class FootnoteDef(Record):
    """A ``[^label]: ...`` definition with its content, which may span several blocks."""

    # start: the ``[`` of the marker; marker_end: just after the ``:``; end: end of the last
    # content line; swallowed_start/_end: the unindented line an emptied note (``[^7]:`` then
    # a blank line) takes as its text.
    __slots__ = ("label", "start", "marker_end", "end", "content_empty", "in_definition",
                 "swallowed_start", "swallowed_end")

    def __init__(self, label: str, start: int, marker_end: int, end: int,
                 content_empty: bool = False, in_definition: str | None = None,
                 swallowed_start: int | None = None, swallowed_end: int | None = None) -> None:
        self.label = label
        self.start = start
        self.marker_end = marker_end
        self.end = end
        self.content_empty = content_empty
        self.in_definition = in_definition
        self.swallowed_start = swallowed_start
        self.swallowed_end = swallowed_end


class InlineNote(Record):
    """An inline note ``^[...]``; always rendered where it stands (if its container is)."""

    __slots__ = ("start", "end", "in_definition", "definition_index")

    def __init__(self, start: int, end: int, in_definition: str | None = None,
                 definition_index: int | None = None) -> None:
        self.start = start
        self.end = end
        self.in_definition = in_definition
        self.definition_index = definition_index


class Citation(Record):
    """One citation id as pandoc parses it (``[@a; @b]`` gives two)."""

    # start: the ``@`` (or ``-`` of ``-@``)
    __slots__ = ("key", "start", "end", "bracketed", "in_definition", "definition_index",
                 "in_meta")

    def __init__(self, key: str, start: int, end: int, bracketed: bool = False,
                 in_definition: str | None = None, definition_index: int | None = None,
                 in_meta: bool = False) -> None:
        self.key = key
        self.start = start
        self.end = end
        self.bracketed = bracketed
        self.in_definition = in_definition
        self.definition_index = definition_index
        self.in_meta = in_meta


class MalformedMarker(Record):
    """Something that looks like a note reference but that pandoc prints as literal text."""

    __slots__ = ("text", "start", "end", "reason")

    def __init__(self, text: str, start: int, end: int, reason: str) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.reason = reason


class Link(Record):
    """A web address: a link target (an image's source too), an autolink or a bare URL."""

    # image: the source of an image ``![alt](src)``, which export reads; alt: an image's
    # description; image_start: where an image's ``![`` starts.
    __slots__ = ("url", "start", "end", "in_definition", "definition_index", "bare", "image",
                 "alt", "image_start")

    def __init__(self, url: str, start: int, end: int, in_definition: str | None = None,
                 definition_index: int | None = None, bare: bool = False, image: bool = False,
                 alt: str = "", image_start: int = -1) -> None:
        self.url = url
        self.start = start
        self.end = end
        self.in_definition = in_definition
        self.definition_index = definition_index
        self.bare = bare
        self.image = image
        self.alt = alt
        self.image_start = image_start


class Heading(Record):
    """An ATX or setext heading: the range of its text line (attributes and closing hashes
    included), whether it carries an explicit ``{#id}``, the note it stands in, its level
    (1 for `#` and `===`, 2 for `##` and `---`...)."""

    __slots__ = ("start", "end", "explicit_id", "in_definition", "level")

    def __init__(self, start: int, end: int, explicit_id: bool = False,
                 in_definition: str | None = None, level: int = 1) -> None:
        self.start = start
        self.end = end
        self.explicit_id = explicit_id
        self.in_definition = in_definition
        self.level = level


class LinkDefinition(Record):
    """A reference definition ``[label]: url``; ``start``/``end`` are the URL's range."""

    __slots__ = ("label", "url", "start", "end")

    def __init__(self, label: str, url: str, start: int, end: int) -> None:
        self.label = label
        self.url = url
        self.start = start
        self.end = end


class ImageRef(Record):
    """A reference-style image ``![alt][label]``, ``![alt][]`` or ``![label]``."""

    __slots__ = ("label", "start", "end")

    def __init__(self, label: str, start: int, end: int) -> None:
        self.label = label
        self.start = start
        self.end = end


class RawHtml(Record):
    """Raw HTML pandoc passes into a web page: a tag, a ``<script>`` block or a ``{=html}``
    block or span (the range covers what pandoc passes on)."""

    __slots__ = ("start", "end")

    def __init__(self, start: int, end: int) -> None:
        self.start = start
        self.end = end


class ScanResult(Record):
    """Everything the Markdown scanner found in a document body; starts empty.

    ``example_labels``: labels of example list items ``(@good)`` (a bare ``@good`` refers to
    the example). ``prose``: the character ranges pandoc reads as prose (paragraph, heading,
    list and table text), with code, math, raw HTML and link targets already removed.
    """

    __slots__ = ("footnote_refs", "footnote_defs", "inline_notes", "citations",
                 "malformed_markers", "links", "headings", "example_labels", "link_definitions",
                 "image_refs", "raw_html", "prose")

    def __init__(self) -> None:
        self.footnote_refs: list[FootnoteRef] = []
        self.footnote_defs: list[FootnoteDef] = []
        self.inline_notes: list[InlineNote] = []
        self.citations: list[Citation] = []
        self.malformed_markers: list[MalformedMarker] = []
        self.links: list[Link] = []
        self.headings: list[Heading] = []
        self.example_labels: set[str] = set()
        self.link_definitions: list[LinkDefinition] = []
        self.image_refs: list[ImageRef] = []
        self.raw_html: list[RawHtml] = []
        self.prose = ""
