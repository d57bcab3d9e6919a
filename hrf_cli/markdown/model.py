"""The items the scanner finds in a report, each with its character range in the file.

Offsets index the text exactly as read from disk (CRLF kept), so line, column and byte
positions computed from them are true to the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class FootnoteRef:
    """A ``[^label]`` reference that pandoc parses as a note marker."""

    label: str
    start: int
    end: int
    # Label of the footnote definition this reference sits in; pandoc never resolves those.
    in_definition: str | None = None
    definition_index: int | None = None  # which definition (index in footnote_defs)
    in_meta: bool = False  # in a front-matter string (pandoc reads those as Markdown)


@dataclass
class FootnoteDef:
    """A ``[^label]: ...`` definition with its content, which may span several blocks."""

    label: str
    start: int  # the ``[`` of the marker
    marker_end: int  # just after the ``:``
    end: int  # end of the last content line
    content_empty: bool = False
    in_definition: str | None = None
    # The unindented line an emptied note (``[^7]:`` then a blank line) takes as its text.
    swallowed_start: int | None = None
    swallowed_end: int | None = None


@dataclass
class InlineNote:
    """An inline note ``^[...]``; always rendered where it stands (if its container is)."""

    start: int
    end: int
    in_definition: str | None = None
    definition_index: int | None = None


@dataclass
class Citation:
    """One citation id as pandoc parses it (``[@a; @b]`` gives two)."""

    key: str
    start: int  # the ``@`` (or ``-`` of ``-@``)
    end: int
    bracketed: bool = False
    in_definition: str | None = None
    definition_index: int | None = None
    in_meta: bool = False


@dataclass
class MalformedMarker:
    """Something that looks like a note reference but that pandoc prints as literal text."""

    text: str
    start: int
    end: int
    reason: str


@dataclass
class Link:
    """A web address: a link target (an image's source too), an autolink or a bare URL."""

    url: str
    start: int
    end: int
    in_definition: str | None = None
    definition_index: int | None = None
    bare: bool = False
    image: bool = False  # the source of an image ``![alt](src)``, which export reads
    alt: str = ""  # an image's description
    image_start: int = -1  # where an image's ``![`` starts


@dataclass
class Heading:
    """An ATX or setext heading: the range of its text line (attributes and closing hashes
    included), whether it carries an explicit ``{#id}``, the note it stands in, its level."""

    start: int
    end: int
    explicit_id: bool = False
    in_definition: str | None = None
    level: int = 1  # 1 for `#` and `===`, 2 for `##` and `---`...


@dataclass
class LinkDefinition:
    """A reference definition ``[label]: url``; ``start``/``end`` are the URL's range."""

    label: str
    url: str
    start: int
    end: int


@dataclass
class ImageRef:
    """A reference-style image ``![alt][label]``, ``![alt][]`` or ``![label]``."""

    label: str
    start: int
    end: int


@dataclass
class RawHtml:
    """Raw HTML pandoc passes into a web page: a tag, a ``<script>`` block or a ``{=html}``
    block or span (the range covers what pandoc passes on)."""

    start: int
    end: int


@dataclass
class ScanResult:
    """Everything the Markdown scanner found in a document body."""

    footnote_refs: list[FootnoteRef] = field(default_factory=list)
    footnote_defs: list[FootnoteDef] = field(default_factory=list)
    inline_notes: list[InlineNote] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    malformed_markers: list[MalformedMarker] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    # Labels of example list items ``(@good)``: a bare ``@good`` refers to the example.
    example_labels: set[str] = field(default_factory=set)
    link_definitions: list[LinkDefinition] = field(default_factory=list)
    image_refs: list[ImageRef] = field(default_factory=list)
    raw_html: list[RawHtml] = field(default_factory=list)
    # Character ranges pandoc reads as prose (paragraph, heading, list and table text),
    # with code, math, raw HTML and link targets already removed by ``prose``.
    prose: str = ""
