"""Raw HTML that could run code on the website the report is published on."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator

from hrf_cli.lint.findings import WARNING, Problem
from hrf_cli.lint.registry import rule

if TYPE_CHECKING:
    from hrf_cli.config import Config
    from hrf_cli.document import Document

# pandoc's attribute syntax carries any attribute into the page: [x]{onclick="..."}.
HANDLER_ATTRIBUTE = re.compile(r"\{[^{}\n]*?(?<![\w-])(on[a-z]+)\s*=")


def _after_prose(doc: Document, brace: int) -> bool:
    """An attribute block follows the text it applies to: the last character before the
    ``{`` that is not a space must be prose (not code, not a comment)."""
    k = brace - 1
    while k >= doc.body_start and doc.text[k] in " \t":
        k -= 1
    return k >= doc.body_start and doc.scan.prose[k] == doc.text[k] not in " \t\r\n"


@rule(
    "HRF501", "unsafe-html", WARNING,
    "Raw HTML with a script, an event handler or a javascript: address.",
    what="Finds raw HTML (tags in the text, `<script>` blocks, `{=html}` blocks and spans, and "
         "`header-includes`, `include-before` and `include-after` in the front matter) that "
         "holds a `<script>`, `<style>`, `<iframe>`, `<object>`, `<embed>`, a form or its "
         "controls, an event handler (`onerror=`, `onclick=`…) or a `javascript:`, "
         "`vbscript:` or non-image `data:` address; also such addresses as link targets and "
         "event handlers in pandoc's attribute syntax (`[x]{onclick=…}`). `hrf export` removes "
         "all of them from the web page unless hrf.yaml says `export: raw-html: keep`.",
    why="A report received from outside can put code on the organisation's website through "
        "raw HTML: it runs in every reader's browser (stealing sessions, rewriting the page). "
        "It is removed on export, so the page would differ from what the author meant; say "
        "it with Markdown instead.",
    bad='Map of the district: <img src="map.png" onerror="alert(document.cookie)">',
    good="Map of the district: ![Kupiansk district](map.png)",
)
def check_unsafe_html(doc: Document, config: Config) -> Iterator[Problem]:
    from hrf_cli.html_policy import raw_html_removals, url_allowed  # the sanitiser's tables

    fragments: dict[tuple[int, int], list[str]] = {}
    for start, end, removal in raw_html_removals(doc):
        if removal.unsafe:
            fragments.setdefault((start, end), []).append(removal.what)
    for link in doc.scan.links:
        if not link.bare and not url_allowed("a", "href", link.url):
            scheme = "".join(link.url.split()).split(":", 1)[0].lower()
            fragments.setdefault((link.start, link.end), []).append(f"{scheme}: link address")
    for m in HANDLER_ATTRIBUTE.finditer(doc.text, doc.body_start):
        if _after_prose(doc, m.start()):
            fragments.setdefault((m.start(1), m.end(1)), []).append(f"{m.group(1)}= attribute")
    for (start, end), whats in sorted(fragments.items()):
        listed = ", ".join(dict.fromkeys(whats))
        yield Problem(start, end, f"unsafe HTML: {listed} could run code in the reader's "
                                  "browser; hrf export removes it from the web page")
