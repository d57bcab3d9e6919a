"""Where a report uses local images: Markdown images, reference images and raw ``<img>``,
each with its place in the report, for the ``image-metadata`` rule. (Export takes a wider
net: hrf_cli.export.publish.)
"""

from __future__ import annotations

import re
from collections import namedtuple
from typing import TYPE_CHECKING, Iterator

if TYPE_CHECKING:
    from hrf_cli.document import Document

HTML_IMAGE = re.compile(
    r"<img\b[^>]*?\bsrc\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+))", re.IGNORECASE)


class ImageSite(namedtuple("ImageSite", "url start end")):
    """One use of a local image: the URL as written and the range to report."""

    __slots__ = ()
    url: str
    start: int
    end: int


def is_local(url: str) -> bool:
    """Not a web address, a data: URI or an e-mail: a file next to the report."""
    return bool(url) and re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", url) is None and not url.startswith("//")


def image_sites(doc: Document) -> list[ImageSite]:
    """Every local image of the report, in order, as pandoc or a browser would load it."""
    sites = list(_inline_images(doc)) + list(_reference_images(doc)) + list(_html_images(doc))
    return sorted({(s.start, s.url): s for s in sites if is_local(s.url)}.values(),
                  key=lambda s: s.start)


def _inline_images(doc: Document) -> Iterator[ImageSite]:
    """``![alt](url)``: the image sources the scanner found, from ``![`` to the ``)``."""
    for link in doc.scan.links:
        if link.image:
            yield ImageSite(link.url, link.image_start, link.end + 1)


def _reference_images(doc: Document) -> Iterator[ImageSite]:
    """``![alt][label]``, ``![alt][]`` and ``![label]`` with a ``[label]: url`` definition, as
    the scanner read them (outside code; the first definition of a label wins, as in pandoc)."""
    if not doc.scan.image_refs:
        return
    definitions: dict[str, str] = {}
    for definition in doc.scan.link_definitions:
        definitions.setdefault(_label(definition.label), definition.url)
    for ref in doc.scan.image_refs:
        label = _label(ref.label)
        if label in definitions:
            yield ImageSite(definitions[label], ref.start, ref.end)


def _label(text: str) -> str:
    return " ".join(text.split()).casefold()


def _html_images(doc: Document) -> Iterator[ImageSite]:
    for m in HTML_IMAGE.finditer(doc.text, doc.body_start):
        url = next(group for group in m.groups() if group is not None)
        yield ImageSite(url.strip(), m.start(), m.end())

