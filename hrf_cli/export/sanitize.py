"""Sanitise the exported web page, so a report from outside cannot put code on a website.

pandoc passes raw HTML through, and its attribute syntax (``[x]{onclick=…}``) and native
``<div>``s carry event handlers too. The template marks the two places a report can fill
(``header-includes`` in the head, and the body) with a comment holding a random token made
for this run, which no report can know; everything between the marks goes through nh3 with
the allowlist of ``hrf_cli.html_policy``. hrf's own markup outside the marks is untouched,
and inside them it is within the allowlist. ``export.raw-html: keep`` (an organisation's
trusted reports) only removes the marks.

The warnings name the report's line of each raw HTML fragment that loses something (found
by hrf's scanner, the same as the ``unsafe-html`` lint rule); what was removed from other
markup (pandoc attributes) is reported without a line.
"""

from __future__ import annotations

import secrets
from collections import Counter
from pathlib import Path

from hrf_cli.errors import HrfError
from hrf_cli.html_policy import (
    ATTRIBUTE_PREFIXES,
    ATTRIBUTE_VALUES,
    ATTRIBUTES,
    CONTENT_REMOVED,
    GENERIC_ATTRIBUTES,
    SCHEMES,
    STYLE_PROPERTIES,
    TAGS,
    URL_ATTRIBUTES,
    Removal,
    removals,
    url_allowed,
)

KEEP = "keep"
SANITISE = "sanitise"


def new_mark() -> str:
    """The token of one run's marks (the template prints ``<!--TOKEN-->``)."""
    return "hrf-" + secrets.token_hex(16)


def clean(fragment: str) -> str:
    """``fragment`` with everything outside the allowlist removed (nh3)."""
    import nh3

    attributes = {tag: set(names) for tag, names in ATTRIBUTES.items()}
    attributes["*"] = set(GENERIC_ATTRIBUTES)
    return nh3.clean(fragment, tags=set(TAGS), clean_content_tags=set(CONTENT_REMOVED),
                     attributes=attributes, attribute_filter=_filter, strip_comments=True,
                     link_rel=None, generic_attribute_prefixes=set(ATTRIBUTE_PREFIXES),
                     tag_attribute_values={t: {a: set(v) for a, v in values.items()}
                                           for t, values in ATTRIBUTE_VALUES.items()},
                     url_schemes=set(SCHEMES), filter_style_properties=set(STYLE_PROPERTIES))


def _filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute.startswith("on"):
        return None
    if attribute in URL_ATTRIBUTES and not url_allowed(tag, attribute, value):
        return None
    return value


def sanitise_page(page: str, mark: str, mode: str) -> tuple[str, list[Removal]]:
    """The page with its marked parts cleaned (unless ``mode`` is keep), the marks removed,
    and everything that was taken out."""
    marker = f"<!--{mark}-->"
    parts = page.split(marker)
    if len(parts) != 5:
        raise HrfError("the HTML template lost hrf's marks around the report's content; "
                       "the page was not written")
    if mode == KEEP:
        return "".join(parts), []
    removed: list[Removal] = []
    for index in (1, 3):  # header-includes, body
        removed += removals(parts[index])
        parts[index] = clean(parts[index])
    return "".join(parts), removed


def warnings(removed: list[Removal], located: list[tuple[int, Removal]]) -> list[str]:
    """One warning per line of raw HTML that lost something, then one for the rest."""
    by_line: dict[int, list[str]] = {}
    for line, removal in located:
        by_line.setdefault(line, []).append(removal.what)
    out = [f"line {line}: removed from the HTML: {', '.join(_unique(whats))} (raw HTML is "
           "sanitised; 'export: raw-html: keep' in hrf.yaml trusts it)"
           for line, whats in sorted(by_line.items())]
    rest = Counter(r.what for r in removed) - Counter(r.what for _, r in located)
    if rest:
        out.append(f"removed from the HTML: {', '.join(_unique(list(rest.elements())))} "
                   "(from attributes such as {onclick=...} or front matter)")
    return out


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def located_removals(source: Path) -> list[tuple[int, Removal]]:
    """Each raw HTML fragment of the report that would lose something, by line."""
    from hrf_cli.document import UnreadableFile, load_document
    from hrf_cli.html_policy import raw_html_removals, url_allowed

    try:
        document = load_document(source)
    except UnreadableFile:  # an unreadable report fails elsewhere with its own message
        return []
    found = [(start, removal) for start, _, removal in raw_html_removals(document)]
    for link in document.scan.links:  # [text](javascript:...) becomes <a href="javascript:...">
        if not link.bare and not url_allowed("a", "href", link.url):
            scheme = "".join(link.url.split()).split(":", 1)[0].lower()
            found.append((link.start, Removal(f"{scheme}: address in href= on <a>", True)))
    return [(document.lines.line_of(start), removal) for start, removal in sorted(
        found, key=lambda item: item[0])]
