"""House style: terms the organisation spells another way (Kharkov -> Kharkiv)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Iterator

from hrf_cli.lint.findings import WARNING, Problem
from hrf_cli.lint.registry import rule

if TYPE_CHECKING:
    from hrf_cli.config import Config
    from hrf_cli.document import Document


@lru_cache(maxsize=8)
def _pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    words = sorted(terms, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w])",
                      re.IGNORECASE)


@rule(
    "HRF401", "house-style", WARNING,
    "A term the house style spells another way.",
    what="Finds the terms listed in `style.terms` of hrf.yaml (for example `Kharkov: Kharkiv`, "
         "`Kiev: Kyiv`) as whole words, in body text and inside notes, ignoring case, and names "
         "the preferred form. Code, URLs, link targets and citation keys are never checked.",
    why="Place names spelled the old (Russian-based) way or inconsistently (Kupyansk and "
        "Kupiansk in one report) look careless and can read as a political statement.",
    bad="Shelling of Kharkov continued.",
    good="Shelling of Kharkiv continued.",
)
def check_terms(doc: Document, config: Config) -> Iterator[Problem]:
    terms = config.style.terms
    if not terms:
        return
    folded = {term.casefold(): preferred for term, preferred in terms.items()}
    for m in _pattern(tuple(terms)).finditer(doc.scan.prose):
        preferred = folded[m.group().casefold()]
        if m.group() == preferred:
            continue
        yield Problem(m.start(), m.end(), f"'{m.group()}': the house style writes '{preferred}'")
