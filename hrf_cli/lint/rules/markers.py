"""The pasted-marker rule: note numbers typed or pasted as plain text."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from hrf_cli.lint.findings import WARNING, Problem
from hrf_cli.lint.registry import rule
from hrf_cli.repairs.pasted import pasted_markers

if TYPE_CHECKING:
    from hrf_cli.config import Config
    from hrf_cli.document import Document


@rule(
    "HRF107", "pasted-footnote-marker", WARNING,
    "A note number typed or pasted as plain text instead of a real note.",
    what="Finds digits glued to the end of a word or of sentence punctuation and followed by "
         "a space or the end of the paragraph (`war.1 We`, `Oblast.4`), and Unicode "
         "superscript digits after a word (`war.¹`). Decimals, section numbers, years, "
         "thousands and page references (`3.5 million`, `Article 2.1`, `in 2022.`, "
         "`12,000`, `p.3`) are not reported.",
    why="Text copied from a web page or a Word file keeps its note numbers as plain digits: "
        "they look right on screen but are not notes, so the sources vanish from every output.",
    bad="Most of them were held as prisoners of war.1 We were told that…",
    good="Most of them were held as prisoners of war.[^1] We were told that…",
)
def check_pasted(doc: Document, config: Config) -> Iterator[Problem]:
    for marker in pasted_markers(doc.scan.prose):
        if marker.superscript:
            message = (f"superscript '{marker.digits}' looks like a note number pasted as "
                       "plain text; make it a note reference such as [^1]")
        else:
            message = (f"'{marker.text}' looks like a note number pasted as plain text; "
                       f"make it a note reference such as [^{marker.digits}]")
        yield Problem(marker.start, marker.end, message)
