"""Rules for what a published report needs: its images, their descriptions, its outline.

``hrf export`` makes a tagged PDF, an accessible web page and a Word file from the report;
these rules find, at their line, what would make those outputs wrong or inaccessible.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Iterator

from hrf_cli.lint.findings import ERROR, WARNING, Problem
from hrf_cli.lint.registry import rule

if TYPE_CHECKING:
    from hrf_cli.config import Config
    from hrf_cli.document import Document



def _images(doc: Document):
    return [link for link in doc.scan.links if link.image]


@rule(
    "HRF701", "missing-image", ERROR,
    "An image whose file is not there.",
    what="Reports a Markdown image `![…](path)` whose file does not exist (paths are relative "
         "to the report's folder; a leading `/` means that folder). Web images are not "
         "checked here (`--check-links` does).",
    why="`hrf export` prints the image's description in its place, so the published PDF, web "
        "page and Word file lose a figure, usually a map or a photo the text refers to. Found "
        "at its line, the fix is a rename away.",
    bad="![Map of Kupiansk](examples/kupiansk/images/map.png)   # no such file",
    good="![Map of Kupiansk](examples/kupiansk/images/kupiansk-map.png)   # the file's real name",
)
def check_missing_image(doc: Document, config: Config) -> Iterator[Problem]:
    from hrf_cli.boundary import Refused
    from hrf_cli.lint.rules.refused import boundary_of

    boundary = boundary_of(doc, config)  # text with no file: the current folder
    checked: dict[str, bool] = {}
    for link in _images(doc):
        if link.url not in checked:
            try:
                real = boundary.image(link.url)
            except Refused:
                real = None  # refused-file reports it
            checked[link.url] = real is not None and not os.path.exists(real)
        if checked[link.url]:
            yield Problem(link.start, link.end,
                          f"image not found: {link.url} (export would print its description instead)")


@rule(
    "HRF702", "missing-alt-text", WARNING,
    "An image with an empty description.",
    what="Reports an image written `![](path)`: no description between the brackets.",
    why="The description is what a screen reader says, what the web page shows when the image "
        "does not load, and the alt text PDF/UA requires; an image without one is skipped as "
        "decoration. A map or a photo in a report carries evidence: say what it shows.",
    bad="![](images/bridge.jpg)",
    good="![The central bridge over the Oskil, destroyed in September 2022](images/bridge.jpg)",
)
def check_missing_alt_text(doc: Document, config: Config) -> Iterator[Problem]:
    for link in _images(doc):
        if not link.alt.strip():
            yield Problem(link.start, link.end, f"image {link.url} has no description (alt text)")


@rule(
    "HRF703", "heading-order", WARNING,
    "A heading that skips a level (`##` followed by `####`).",
    what="Reports a heading more than one level below the heading before it, such as a "
         "`####` section directly under a `##` one (the first heading may be at any level).",
    why="Screen readers, the PDF's bookmarks and tags, the Word navigation pane and the "
        "table of contents list headings by level: a skipped level reads as a missing "
        "section, and PDF/UA and WCAG both ask for headings in order.",
    bad="## Findings\n\n#### Evacuation\n\nText.",
    good="## Findings\n\n### Evacuation\n\nText.",
)
def check_heading_order(doc: Document, config: Config) -> Iterator[Problem]:
    previous: int | None = None
    for heading in doc.scan.headings:  # the scanner's, exactly as pandoc reads them
        if heading.in_definition is not None:
            continue  # a heading inside a note is part of the note, not of the outline
        start, end, level = heading.start, heading.end, heading.level
        if previous is not None and level > previous + 1:
            yield Problem(start, end, f"heading level {level} follows level {previous}; "
                                      f"use level {previous + 1} ({'#' * (previous + 1)})")
        previous = level
