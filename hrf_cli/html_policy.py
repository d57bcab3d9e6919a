"""What HTML a report may carry into the exported web page, and what in it is unsafe.

One table serves both sides: ``hrf export`` hands it to nh3 (the sanitiser) and ``hrf lint``
and the export's warnings use it to say, for one fragment of raw HTML at a known line, what
would be removed. The allowed markup is what pandoc itself writes plus harmless partner
markup (tables, ``<sup>``, ``<abbr>``, classes, ids, ``lang``, ``dir``, images); scripts,
styles, frames, forms, event handlers and ``javascript:``/``data:`` addresses are not.
"""

from __future__ import annotations

from collections import namedtuple
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hrf_cli.document import Document

TAGS = frozenset("""
a abbr address article aside audio b bdi bdo blockquote br caption cite code col colgroup
data dd del details dfn div dl dt em figcaption figure footer h1 h2 h3 h4 h5 h6 header hr i
img input ins kbd label li main mark nav ol p picture pre q rp rt ruby s samp section small
source span strong sub summary sup table tbody td tfoot th thead time tr u ul var video wbr
""".split())
# Removed with everything inside them (the rest lose the tag and keep their text).
CONTENT_REMOVED = frozenset("""
script style template iframe object embed noscript noembed noframes frameset frame xmp
textarea select applet
""".split())
DANGEROUS_TAGS = frozenset("""
script style iframe object embed frame frameset applet form input button textarea select
link meta base svg math template noscript
""".split()) - {"input"}
GENERIC_ATTRIBUTES = frozenset({"id", "class", "lang", "dir", "title", "role", "hidden"})
ATTRIBUTE_PREFIXES = frozenset({"aria-", "data-"})
ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "hreflang", "tabindex"}),
    "img": frozenset({"src", "alt", "width", "height", "loading", "style"}),
    "video": frozenset({"src", "controls", "width", "height", "poster"}),
    "audio": frozenset({"src", "controls"}),
    "source": frozenset({"src", "type"}),
    "ol": frozenset({"start", "type", "reversed"}),
    "li": frozenset({"value"}),
    "td": frozenset({"colspan", "rowspan", "style", "headers", "align"}),
    "th": frozenset({"colspan", "rowspan", "style", "headers", "scope", "align"}),
    "col": frozenset({"span", "width", "style"}),
    "colgroup": frozenset({"span"}),
    "time": frozenset({"datetime"}),
    "data": frozenset({"value"}),
    "input": frozenset({"checked", "disabled"}),  # pandoc's task-list checkboxes
    "details": frozenset({"open"}),
    "span": frozenset({"style"}),
    "div": frozenset({"style"}),
    "p": frozenset({"style"}),
    "table": frozenset({"style"}),
    "tr": frozenset({"style"}),
}
ATTRIBUTE_VALUES = {"input": {"type": {"checkbox"}}}
STYLE_PROPERTIES = frozenset({"text-align", "width", "vertical-align", "font-style",
                              "font-weight", "text-decoration", "font-variant", "white-space"})
URL_ATTRIBUTES = frozenset({"href", "src", "poster", "action", "formaction", "xlink:href",
                            "background", "cite", "srcset", "data", "longdesc", "ping"})
SCHEMES = frozenset({"http", "https", "mailto", "data"})  # data: only for images (filter)
IMAGE_DATA = ("data:image/png", "data:image/jpeg", "data:image/gif", "data:image/webp",
              "data:image/svg+xml", "data:image/avif", "data:image/bmp")


class Removal(namedtuple("Removal", "what unsafe")):
    """One thing the sanitiser takes out of a fragment; ``unsafe`` if it could run code."""

    __slots__ = ()
    what: str
    unsafe: bool


def url_allowed(tag: str, attribute: str, value: str) -> bool:
    """http(s), mailto, relative and ``#`` addresses; ``data:`` only as an image's source."""
    text = "".join(value.split()).lower()  # browsers ignore whitespace inside a scheme
    scheme, colon, _ = text.partition(":")
    if not colon or "/" in scheme or "?" in scheme or "#" in scheme:
        return True  # relative: no scheme
    if scheme == "data":
        return tag in ("img", "source") and attribute == "src" and text.startswith(IMAGE_DATA)
    return scheme in SCHEMES


def attribute_allowed(tag: str, name: str) -> bool:
    if name in GENERIC_ATTRIBUTES or name in ATTRIBUTES.get(tag, ()):
        return True
    if name in ATTRIBUTE_VALUES.get(tag, {}):
        return True
    return any(name.startswith(p) for p in ATTRIBUTE_PREFIXES) and not name.startswith("on")


@lru_cache(maxsize=1)
def _inspector_class() -> type:
    """The sanitiser's HTML parser, defined on first use: html.parser is a slow import and
    most reports have no raw HTML."""
    from html.parser import HTMLParser

    class Inspector(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.removals: list[Removal] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag not in TAGS:
                self.removals.append(Removal(f"<{tag}>", tag in DANGEROUS_TAGS))
                return
            for name, value in attrs:
                if name.startswith("on"):
                    self.removals.append(Removal(f"{name}= on <{tag}>", True))
                elif not attribute_allowed(tag, name):
                    self.removals.append(Removal(f"{name}= on <{tag}>", name in URL_ATTRIBUTES))
                elif name in URL_ATTRIBUTES and value and not url_allowed(tag, name, value):
                    scheme = "".join(value.split()).split(":", 1)[0].lower()
                    self.removals.append(Removal(f"{scheme}: address in {name}= on <{tag}>", True))
                elif name == "style" and value:
                    for prop in sorted(_style_properties(value) - STYLE_PROPERTIES):
                        self.removals.append(Removal(f"style {prop} on <{tag}>", False))
                elif name in ATTRIBUTE_VALUES.get(tag, {}) and value not in ATTRIBUTE_VALUES[tag][name]:
                    self.removals.append(Removal(f'{name}="{value}" on <{tag}>', tag == "input"))

        handle_startendtag = handle_starttag

    return Inspector


def _style_properties(style: str) -> set[str]:
    return {part.split(":", 1)[0].strip().lower() for part in style.split(";") if ":" in part}


def removals(fragment: str) -> list[Removal]:
    """What sanitising ``fragment`` (a piece of raw HTML) would take out, in order."""
    return list(_removals(fragment)) if len(fragment) < 512 else _parse(fragment)


@lru_cache(maxsize=4096)
def _removals(fragment: str) -> tuple[Removal, ...]:
    return tuple(_parse(fragment))  # reports repeat the same tags: parse each once


def _parse(fragment: str) -> list[Removal]:
    inspector = _inspector_class()()
    inspector.feed(fragment)
    inspector.close()
    return inspector.removals


INCLUDE_KEYS = ("header-includes", "include-before", "include-after")


def raw_html_removals(document: Document) -> list[tuple[int, int, Removal]]:
    """(start, end, removal) for each raw HTML fragment of a report that would lose something:
    the scanner's raw HTML in the body, then the front matter's ``header-includes``,
    ``include-before`` and ``include-after`` (ranges of the key's line)."""
    found: list[tuple[int, int, Removal]] = []
    text = document.text
    for raw in document.scan.raw_html:
        found += [(raw.start, raw.end, r) for r in removals(text[raw.start:raw.end])]
    front = document.front_matter
    data = front.data if front is not None else None
    if isinstance(data, dict):
        for key in INCLUDE_KEYS:
            line = front.key_line(key) if key in data else None
            if line is None:
                continue
            start = document.lines.line_start(line)
            end = start + len(document.lines.line_text(line))
            found += [(start, end, r) for r in removals(_strings(data[key]))]
    return found


def _strings(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return "\n".join(_strings(v) for v in value)
    if isinstance(value, dict):
        return "\n".join(_strings(v) for v in value.values())
    return ""
