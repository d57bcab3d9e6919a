"""House style: terms the organisation spells another way (Kharkov -> Kharkiv)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from hrf_cli.lint.findings import WARNING, Fix, Problem
from hrf_cli.lint.registry import rule

if TYPE_CHECKING:
    from hrf_cli.config import Config
    from hrf_cli.document import Document


@rule(
    "HRF401", "house-style", WARNING,
    "A term the house style spells another way.",
    what="Finds the terms listed in `style.terms` of hrf.yaml (for example `Kharkov: Kharkiv`, "
         "`Kiev: Kyiv`) as whole words, in body text, headings, image descriptions (alt text), "
         "notes, and the front matter's title, subtitle, abstract and description (which print "
         "largest), ignoring case, and names the preferred form. Code, URLs, link targets and "
         "citation keys are never checked. `hrf fix --select house-style` makes the "
         "replacements, keeping the case of what was written (KHARKOV becomes KHARKIV).",
    why="Place names spelled the old (Russian-based) way or inconsistently (Kupyansk and "
        "Kupiansk in one report) look careless and can read as a political statement.",
    bad="Shelling of Kharkov continued.",
    good="Shelling of Kharkiv continued.",
)
def check_terms(doc: Document, config: Config) -> Iterator[Problem]:
    if not config.style.terms:
        return
    from hrf_cli.repairs.terms import term_matches  # only when hrf.yaml lists terms

    for match in term_matches(doc, config.style.terms):
        fix = Fix.single(doc.lines.byte_offset(match.start), doc.lines.byte_offset(match.end),
                         match.replacement)
        yield Problem(match.start, match.end,
                      f"'{match.found}': the house style writes '{match.preferred}'", fix=fix)
