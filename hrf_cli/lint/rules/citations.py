"""Citation rules: every citation has an entry, every entry is cited, no id twice."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator

from hrf_cli.bibliography import nocite_ids
from hrf_cli.lint.findings import ERROR, WARNING, Problem
from hrf_cli.lint.registry import rule
from hrf_cli.words import plural

if TYPE_CHECKING:
    from hrf_cli.config import Config
    from hrf_cli.document import Document

# pandoc-crossref references (@fig:map) look like citations but are resolved by the filter;
# Quarto's (@fig-map) by Quarto, in .qmd files or with lint.crossref: quarto.
CROSSREF = r"(?:fig|tbl|sec|eq|lst):"
QUARTO_CROSSREF = (
    r"(?:fig|tbl|sec|eq|lst|thm|lem|cor|prp|cnj|def|exm|exr|sol|rem|alg|tip|nte|wrn|imp|cau)-")


def crossref_pattern(doc: Document, config: Config) -> re.Pattern[str]:
    """The cross-references of this report's style, which are not citations (compiled for
    the style in use only: start-up time)."""
    quarto = config.lint.crossref == "quarto" or doc.path.lower().endswith(".qmd")
    return re.compile(QUARTO_CROSSREF if quarto else CROSSREF)  # re's cache: compiled once


# A key that reads like a social-media handle rather than a bibliography key.
HANDLE = r"[A-Za-z][A-Za-z0-9_]*"


def _checked_citations(doc: Document, config: Config):
    crossref = crossref_pattern(doc, config)
    return [c for c in doc.citations if not crossref.match(c.key)]


@rule(
    "HRF200", "bibliography-error", ERROR,
    "A bibliography that cannot be read or parsed.",
    what="Reports a bibliography named in the front matter that does not exist, is not UTF-8, "
         "has an unknown format, or does not parse (CSL JSON, CSL YAML or BibTeX), at the "
         "file and line of the problem, and entries without an id.",
    why="pandoc stops the export or drops the whole bibliography, so every citation prints "
        "as '(key?)'.",
    bad="---\ntitle: Kupiansk\nauthor: Field team\ndate: 2024-10-15\n"
        "bibliography: refrences.json\n---\n\nAs reported [@ohchr2024].",
    good="---\ntitle: Kupiansk\nauthor: Field team\ndate: 2024-10-15\n"
         "references:\n- id: ohchr2024\n  title: Update 38\n---\n\nAs reported [@ohchr2024].",
)
def check_bibliography(doc: Document, config: Config) -> Iterator[Problem]:
    for problem in doc.bibliography.problems:
        yield Problem(0, 0, problem.message, path=problem.path, line=problem.line)


@rule(
    "HRF201", "unknown-citation", ERROR,
    "A citation whose id is in no bibliography.",
    what="Reports each citation (`[@key]`, `@key`, `[-@key]`, ...) whose id none of the "
         "report's bibliographies or inline `references` define, with a 'did you mean' for a "
         "near id. A key that looks like a social-media handle (`@GwaraMedia`) gets advice to "
         "escape it as `\\@GwaraMedia`. If the report declares no bibliography at all, one "
         "finding says so instead of one per citation. Citations in front-matter strings "
         "(`abstract:`, `title:`) are checked like the body's. Cross-references are not "
         "checked: pandoc-crossref's (`@fig:map`), or Quarto's (`@fig-map`, `@tbl-`, "
         "`@sec-`, `@eq-`, ...) in `.qmd` files and with `lint.crossref: quarto`.",
    why="pandoc prints '(key?)' in the PDF and its warning names no line; a handle in a note "
        "silently becomes a broken citation.",
    bad="references:\n- id: suspilne2024drone\n  title: Drone strike near Kupiansk\n---\n\n"
        "Shelling was reported by local media [@suspilne2024].\n"
        "Updates were posted by @GwaraMedia on Telegram.",
    good="references:\n- id: suspilne2024drone\n  title: Drone strike near Kupiansk\n---\n\n"
         "Shelling was reported by local media [@suspilne2024drone].\n"
         "Updates were posted by \\@GwaraMedia on Telegram.",
)
def check_unknown(doc: Document, config: Config) -> Iterator[Problem]:
    citations = _checked_citations(doc, config)
    if not citations:
        return
    bibliography = doc.bibliography
    if not bibliography.declared:
        first = citations[0]
        yield Problem(first.start, first.end,
                      f"the report has {plural(len(citations), 'citation')} but declares no "
                      "bibliography: add 'bibliography: references.json' to the front matter")
        return
    if bibliography.unreadable:
        first = citations[0]
        see = "refused-file" if bibliography.refused else "bibliography-error"
        yield Problem(first.start, first.end,
                      f"{plural(len(citations), 'citation')} not checked: a bibliography could "
                      f"not be read (see {see})")
        return
    ids = bibliography.ids()
    for citation in citations:
        if citation.key in ids:
            continue
        message = f"citation @{citation.key} is in no bibliography; pandoc prints '({citation.key}?)'"
        from difflib import get_close_matches  # only when a key is unknown

        near = get_close_matches(citation.key, ids, n=1, cutoff=0.75)
        if near:
            message += f"; did you mean @{near[0]}?"
        if not citation.bracketed and re.fullmatch(HANDLE, citation.key):
            message += (f"; if @{citation.key} is a social-media handle, write \\@{citation.key} "
                        "so pandoc does not read it as a citation")
        yield Problem(citation.start, citation.end, message)


@rule(
    "HRF202", "unused-reference", WARNING,
    "A bibliography entry that the report never cites.",
    what="Reports an entry of the report's bibliographies whose id is not cited anywhere in "
         "the report and not listed in the front matter's `nocite` (`nocite: '@*'` counts "
         "every entry as cited).",
    why="Stale entries copied from an earlier report clutter the bibliography and hide the "
        "sources that are really used; with a bibliography-printing style they appear in print.",
    bad="references:\n- id: hrf2021old\n  title: An old report\n---\n\nNo citation here.",
    good="references:\n- id: hrf2021old\n  title: An old report\n---\n\n"
         "See our earlier report [@hrf2021old].",
)
def check_unused(doc: Document, config: Config) -> Iterator[Problem]:
    bibliography = doc.bibliography
    if not bibliography.entries:
        return
    listed, everything = nocite_ids(doc)
    if everything:
        return
    cited = {c.key for c in doc.citations} | listed
    for entry in bibliography.ids().values():
        if entry.id not in cited:
            yield Problem(0, 0, f"entry '{entry.id}' is never cited in {doc.path}",
                          path=entry.path, line=entry.line)


@rule(
    "HRF203", "duplicate-reference", ERROR,
    "The same id defined twice across the bibliographies.",
    what="Reports the second (and later) entry with an id already defined in the report's "
         "bibliographies or inline `references`.",
    why="Only one of the two entries is used; citations meant for the other silently point at "
        "the wrong source.",
    bad="references:\n- id: ohchr2024\n  title: Update 38\n- id: ohchr2024\n  title: Update 39",
    good="references:\n- id: ohchr2024u38\n  title: Update 38\n- id: ohchr2024u39\n"
         "  title: Update 39",
)
def check_duplicate(doc: Document, config: Config) -> Iterator[Problem]:
    for entry, first in doc.bibliography.duplicates:
        yield Problem(0, 0, f"id '{entry.id}' is defined again (first at {first.path}:"
                            f"{first.line}); only one of them is used",
                      path=entry.path, line=entry.line)

