"""Source rules: one source one entry, complete entries, well-formed URLs, sound "Ibid."."""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate
from typing import TYPE_CHECKING, Iterator
from urllib.parse import parse_qsl, urlencode, urlsplit

from hrf_cli.lint.findings import ERROR, WARNING, Problem
from hrf_cli.lint.registry import rule
from hrf_cli.markdown.scan import near_http

if TYPE_CHECKING:
    from hrf_cli.bibliography import Entry
    from hrf_cli.config import Config
    from hrf_cli.document import Document

HOST = re.compile(r"^(?:[\w](?:[\w-]{0,61}[\w])?\.)+[\w-]{2,63}$|^localhost$|^\d{1,3}(?:\.\d{1,3}){3}$")
WEB_SCHEMES = ("http", "https")


# Compiled (re's own cache) when an address has a query or an entry a DOI: not at import.
TRACKING = r"^(?:utm_\w+|fbclid|gclid|dclid|mc_[ce]id|igshid|yclid|_ga|ref_src)$"
DOI_PREFIX = r"(?i)^(?:https?://(?:dx\.)?doi\.org/|doi:)"


def normalised_url(url: str) -> str:
    """A URL with scheme, ``www.``, trailing slash, fragment and tracking parameters dropped."""
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    query = parts.query and urlencode(sorted(
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not re.match(TRACKING, k)))
    path = parts.path.rstrip("/")
    return f"{host}{path}" + (f"?{query}" if query else "")


def normalised_doi(doi: str) -> str:
    return re.sub(DOI_PREFIX, "", doi.strip()).lower()


@rule(
    "HRF204", "duplicate-source", WARNING,
    "Two bibliography entries for the same source (same DOI or URL).",
    what="Reports an entry whose DOI, or whose URL once normalised (scheme, `www.`, trailing "
         "slash, fragment and tracking parameters such as `utm_source` ignored), equals an "
         "earlier entry's under another id.",
    why="One source entered twice under two keys is cited inconsistently and counted twice; "
        "fixing one entry leaves the other wrong.",
    bad="references:\n- id: kyivindependent2024a\n  URL: https://kyivindependent.com/kupiansk/\n"
        "- id: kyivind2024\n  URL: http://www.kyivindependent.com/kupiansk?utm_source=x",
    good="references:\n- id: kyivindependent2024a\n  URL: https://kyivindependent.com/kupiansk/",
)
def check_duplicate_source(doc: Document, config: Config) -> Iterator[Problem]:
    seen: dict[str, Entry] = {}
    for entry in doc.bibliography.ids().values():
        keys = []
        if isinstance(entry.fields.get("DOI"), str) and entry.fields["DOI"].strip():
            keys.append(("DOI", "doi:" + normalised_doi(entry.fields["DOI"])))
        if isinstance(entry.fields.get("URL"), str) and entry.fields["URL"].strip():
            keys.append(("URL", "url:" + normalised_url(entry.fields["URL"])))
        for kind, key in keys:
            first = seen.get(key)
            if first is not None and first.id != entry.id:
                yield Problem(0, 0, f"entry '{entry.id}' has the same {kind} as '{first.id}' "
                                    f"({first.path}:{first.line}); keep one entry per source",
                              path=entry.path, line=entry.line)
                break
            seen.setdefault(key, entry)


def _filled(entry: Entry) -> set[str]:
    """An entry's field names (lower case) whose first value under that name is not empty."""
    filled: set[str] = set()
    seen: set[str] = set()
    for key, value in entry.fields.items():
        name = key.lower()
        if name not in seen:
            seen.add(name)
            if value not in (None, "", [], {}):
                filled.add(name)
    return filled


@rule(
    "HRF205", "missing-source-field", WARNING,
    "A bibliography entry without a field its type needs.",
    what="Checks each bibliography entry against `sources.required-fields` in hrf.yaml "
         "(CSL field names by CSL type; `all` applies to every type). Defaults: every entry a "
         "`title`; `webpage`, `article-newspaper` and `post` a `URL` and an `accessed` date; "
         "`report` a `publisher`; `legal_case` an `authority`; `interview` a date (`issued`).",
    why="A web source without its address and access date cannot be checked by the reader "
        "and fails editorial review; a court decision without the court is not a citation.",
    bad='references:\n- id: suspilne2024\n  type: article-newspaper\n  title: Drone strike near '
        'Kupiansk',
    good='references:\n- id: suspilne2024\n  type: article-newspaper\n  title: Drone strike '
         'near Kupiansk\n  URL: https://suspilne.media/kharkiv/\n  accessed: 2024-06-02',
)
def check_missing_fields(doc: Document, config: Config) -> Iterator[Problem]:
    table = config.sources.required_fields
    for entry in doc.bibliography.ids().values():
        needed = list(table.get("all", [])) + [f for f in table.get(entry.type, [])
                                               if f not in table.get("all", [])]
        filled = _filled(entry)
        missing = [name for name in needed if name.lower() not in filled]
        if missing:
            yield Problem(0, 0, f"entry '{entry.id}' ({entry.type}) has no "
                                f"{', '.join(repr(m) for m in missing)}",
                          path=entry.path, line=entry.line)


def url_problem(url: str) -> str | None:
    """Why a web address is malformed, or None when it is well formed."""
    if url and url.split() != [url]:  # white space anywhere (str.split finds every kind)
        return "contains a space (encode it as %20)"
    if url.lower().startswith("www."):
        return "has no scheme (write https://" + url + ")"
    m = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):(.*)", url)
    if not m:
        colonless = re.match(r"([A-Za-z]{2,6})//", url)
        if colonless and near_http(colonless.group(1)):
            scheme = colonless.group(1)
            return f"is missing ':' after '{scheme}'" + ("" if scheme.lower() in WEB_SCHEMES else
                                                           f" (did you mean {_nearest(scheme)}?)")
        return None  # a relative link or an anchor: not a web address
    scheme, rest = m.group(1).lower(), m.group(2)
    if scheme in ("mailto", "tel", "urn", "doi", "data", "file"):
        return None
    if scheme not in WEB_SCHEMES + ("ftp",):
        from difflib import get_close_matches  # only for a mistyped scheme

        near = get_close_matches(scheme, WEB_SCHEMES, n=1, cutoff=0.6)
        return f"has an unknown scheme '{scheme}'" + (f" (did you mean {near[0]}?)" if near else "")
    if not rest.startswith("//"):
        return f"is missing '//' after '{scheme}:'"
    host = urlsplit(url).hostname or ""
    if not host:
        return "has no host"
    if not HOST.match(host) or ".." in host:
        return f"has a malformed host '{host}'"
    return None


def _nearest(scheme: str) -> str:
    from difflib import get_close_matches

    near = get_close_matches(scheme.lower(), WEB_SCHEMES, n=1, cutoff=0.0)
    return near[0] if near else "https"


class _NoteSpans:
    """Whether an offset lies in a note (a definition or an inline note), by bisection.

    Spans may nest (an inline note inside a definition), so besides the starts in order it
    keeps, for each, the furthest end of the spans starting so far: an offset lies in some
    span starting at or before it exactly when that end is past it. Asking per link against
    every note was quadratic (10,000 notes with an address each took 5 s).
    """

    def __init__(self, doc: Document) -> None:
        spans = sorted([(d.start, d.end) for d in doc.footnote_defs]
                       + [(n.start, n.end) for n in doc.inline_notes])
        self.starts = [start for start, _ in spans]
        self.reach = list(accumulate((end for _, end in spans), max))

    def __contains__(self, offset: int) -> bool:
        k = bisect_right(self.starts, offset)
        return k > 0 and self.reach[k - 1] > offset


def _note_link_problems(doc: Document) -> Iterator[Problem]:
    if not doc.scan.links:  # the notes' spans are not even gathered
        return
    in_notes = _NoteSpans(doc)
    for link in doc.scan.links:
        if link.start in in_notes:
            reason = url_problem(link.url)
            if reason:
                yield Problem(link.start, link.end, f"the address {link.url!r} {reason}")


@rule(
    "HRF206", "invalid-url", ERROR,
    "A malformed web address in a note or a bibliography entry.",
    what="Checks the URL of every bibliography entry and every link, autolink and bare address "
         "in the notes: a scheme that is not http(s) or ftp (`htps://`), a missing `//`, an "
         "empty or malformed host, or spaces. In a note's free text it also finds addresses "
         "whose scheme is mistyped so that they are no longer links: `htps:/example.org`, "
         "`http//example.org`, `https//…`, `htp://…` (a word within one letter of `http` or "
         "`https` before `:/` or `//` and a host name).",
    why="A mistyped address in a published report sends readers nowhere and cannot be "
        "archived; typos like `htps://` are invisible in the rendered link text.",
    bad="Report of the shelling.[^1]\n\n[^1]: Suspilne, <htps://suspilne.media/kharkiv/>.",
    good="Report of the shelling.[^1]\n\n[^1]: Suspilne, <https://suspilne.media/kharkiv/>.",
)
def check_urls(doc: Document, config: Config) -> Iterator[Problem]:
    yield from _note_link_problems(doc)
    for entry in doc.bibliography.ids().values():
        url = entry.fields.get("URL")
        if isinstance(url, str) and url.strip():
            reason = url_problem(url.strip())
            if reason:
                yield Problem(0, 0, f"entry '{entry.id}': the URL {url!r} {reason}",
                              path=entry.path, line=entry.line)

