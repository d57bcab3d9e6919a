"""Footnote rules: references, definitions and their order, as pandoc resolves them."""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING, Iterator

from hrf_cli.lint.findings import fix_from_edits
from hrf_cli.lint.findings import ERROR, WARNING, Fix, Problem
from hrf_cli.lint.registry import rule

if TYPE_CHECKING:
    from hrf_cli.config import Config
    from hrf_cli.document import Document


@rule(
    "HRF101", "undefined-footnote", ERROR,
    "A note reference that pandoc prints as literal text.",
    what="Reports a `[^label]` reference with no `[^label]:` definition, a reference inside "
         "another note's definition (pandoc never resolves those), and bracketed text that "
         "looks like a note reference but has a label pandoc cannot read, such as "
         "`[^my note]` (labels cannot contain spaces, `^` or `[`).",
    why="pandoc gives no warning for any of these: the reader sees `[^12]` printed in the "
        "middle of a sentence and the claim loses its source. Labels are case-sensitive, so "
        "`[^Sequels]` does not define `[^sequels]`.",
    bad="Residents were detained at the checkpoint.[^12]\n\n[^21]: Interview, March 2023.",
    good="Residents were detained at the checkpoint.[^12]\n\n[^12]: Interview, March 2023.",
)
def check_undefined(doc: Document, config: Config) -> Iterator[Problem]:
    defined = doc.defined_labels()
    folded = {label.casefold(): label for label in defined}
    for ref in doc.footnote_refs:
        if ref.in_definition is not None:
            yield Problem(ref.start, ref.end,
                          f"note reference [^{ref.label}] is inside the definition of "
                          f"[^{ref.in_definition}]; pandoc does not resolve references inside "
                          "notes and prints it as literal text")
        elif ref.label not in defined:
            hint = ""
            near = folded.get(ref.label.casefold())
            if near is not None:
                hint = f"; did you mean [^{near}]? (labels are case-sensitive)"
            yield Problem(ref.start, ref.end,
                          f"note reference [^{ref.label}] has no definition; pandoc prints it "
                          f"as literal text{hint}")
    for marker in doc.scan.malformed_markers:
        yield Problem(marker.start, marker.end,
                      f"{marker.text} is not a note reference: {marker.reason}; pandoc prints "
                      "it as literal text")


@rule(
    "HRF102", "unused-footnote", ERROR,
    "A note definition that nothing references.",
    what="Reports a `[^label]:` definition whose label no `[^label]` reference uses.",
    why="pandoc drops unreferenced notes from every output, so the source they hold never "
        "reaches the reader; usually a reference was deleted or mistyped.",
    bad="The shelling continued.\n\n[^7]: Ukrinform, 12 May 2023.",
    good="The shelling continued.[^7]\n\n[^7]: Ukrinform, 12 May 2023.",
)
def check_unused(doc: Document, config: Config) -> Iterator[Problem]:
    used = {ref.label for ref in doc.footnote_refs}
    reported: set[str] = set()
    for definition in doc.footnote_defs:
        if definition.label not in used and definition.label not in reported:
            reported.add(definition.label)
            yield Problem(definition.start, definition.marker_end,
                          f"note [^{definition.label}] is defined but never referenced; "
                          "pandoc leaves it out")


@rule(
    "HRF103", "duplicate-footnote", ERROR,
    "Two note definitions with the same label.",
    what="Reports the second (and any later) `[^label]:` definition of a label.",
    why="pandoc keeps only the last definition and uses it for every reference, so the "
        "other note's source silently disappears or is attached to the wrong claim.",
    bad="[^3]: OHCHR, Update 35.\n\n[^3]: Interview with a volunteer.",
    good="[^3]: OHCHR, Update 35.\n\n[^4]: Interview with a volunteer.",
)
def check_duplicate(doc: Document, config: Config) -> Iterator[Problem]:
    first: dict[str, int] = {}
    removals = None
    for index, definition in enumerate(doc.footnote_defs):
        if definition.label in first:
            if removals is None:
                from hrf_cli.repairs.duplicates import duplicate_removals
                removals = duplicate_removals(doc)
            removal = removals.get(index)
            line = doc.lines.line_of(first[definition.label])
            yield Problem(definition.start, definition.marker_end,
                          f"note [^{definition.label}] is defined again (first at line {line}); "
                          "pandoc keeps only the last definition"
                          + ("; this copy is identical and can go (`hrf fix`)" if removal else ""),
                          fix=fix_from_edits(doc, [removal]) if removal else None)
        else:
            first[definition.label] = definition.start


@rule(
    "HRF104", "empty-footnote", ERROR,
    "A note definition with no text, or one that swallows the block after it.",
    what="Reports a `[^label]:` definition with nothing after the colon and no indented "
         "continuation; and a definition with nothing on its own line that pandoc fills with "
         "the next block although it is not indented (after a blank line, or a heading right "
         "under the marker), naming what it swallowed.",
    why="An empty note renders as a bare number: the claim looks sourced but is not. An "
        "emptied note is worse: pandoc takes the heading or paragraph under it as the note's "
        "text, so that text vanishes from the report and turns up as a note.",
    bad="The school was hit twice.[^9]\n\n[^9]:\n\n## Recommendations",
    good="The school was hit twice.[^9]\n\n[^9]: Interview with the head teacher, June 2023."
         "\n\n## Recommendations",
)
def check_empty(doc: Document, config: Config) -> Iterator[Problem]:
    for definition in doc.footnote_defs:
        if definition.content_empty:
            yield Problem(definition.start, definition.marker_end,
                          f"note [^{definition.label}] has no text")
        elif definition.swallowed_start is not None:
            line = doc.lines.line_of(definition.swallowed_start)
            taken = doc.text[definition.swallowed_start:definition.swallowed_end].strip()
            kind = "heading" if taken.startswith("#") else "paragraph"
            if len(taken) > 60:
                taken = taken[:57] + "..."
            yield Problem(definition.start, definition.marker_end,
                          f"note [^{definition.label}] has no text of its own: pandoc takes "
                          f"the unindented {kind} on line {line} ({taken!r}) as its text, so "
                          "it disappears from the report; write the note's text after the "
                          "colon or indent it by four spaces")


@rule(
    "HRF105", "repeated-footnote-reference", WARNING,
    "The same note referenced twice, which pandoc prints as two notes.",
    what="Reports the second and later references to the same `[^label]`.",
    why="pandoc does not reuse a note: each reference makes a new, duplicated note with its "
        "own number, which readers take for two different sources.",
    bad="Shelling hit the market.[^4] Two days later it was hit again.[^4]",
    good="Shelling hit the market.[^4] Two days later it was hit again.[^5]",
)
def check_repeated(doc: Document, config: Config) -> Iterator[Problem]:
    seen: dict[str, int] = {}
    for ref in doc.footnote_refs:
        if ref.in_definition is not None:
            continue
        if ref.label in seen:
            line = doc.lines.line_of(seen[ref.label])
            yield Problem(ref.start, ref.end,
                          f"note [^{ref.label}] is referenced again (first at line {line}); "
                          "pandoc prints the note a second time")
        else:
            seen[ref.label] = ref.start


def _longest_increasing(values: list[int]) -> set[int]:
    """Indexes of one longest strictly increasing subsequence (patience sorting)."""
    tails: list[int] = []
    tail_index: list[int] = []
    parent = [-1] * len(values)
    for i, value in enumerate(values):
        k = bisect_left(tails, value)
        if k == len(tails):
            tails.append(value)
            tail_index.append(i)
        else:
            tails[k] = value
            tail_index[k] = i
        parent[i] = tail_index[k - 1] if k else -1
    keep: set[int] = set()
    i = tail_index[-1] if tail_index else -1
    while i != -1:
        keep.add(i)
        i = parent[i]
    return keep


@rule(
    "HRF106", "footnote-order", WARNING,
    "Numbered notes not numbered in the order they are first referenced.",
    what="Looks at notes with numeric labels in the order of their first reference (only "
         "references pandoc resolves) and reports the fewest references that break the "
         "ascending order.",
    why="Editors and translators match notes by number; after a section moves, `[^14]` "
        "before `[^9]` makes every cross-check slow and error-prone. `hrf fix` renumbers.",
    bad="First claim.[^2] Second claim.[^1]\n\n[^1]: Interview.\n\n[^2]: OHCHR, Update 35.",
    good="First claim.[^1] Second claim.[^2]\n\n[^1]: OHCHR, Update 35.\n\n[^2]: Interview.",
)
def check_order(doc: Document, config: Config) -> Iterator[Problem]:
    from hrf_cli.repairs.renumber import is_numeric

    firsts = []
    seen: set[str] = set()
    for ref in doc.resolved_refs():  # a reference with no note is literal text, not a number
        if is_numeric(ref.label) and ref.label not in seen:
            seen.add(ref.label)
            firsts.append(ref)
    numbers = [int(ref.label) for ref in firsts]
    keep = _longest_increasing(numbers)
    fix: Fix | None = None
    if len(keep) < len(firsts):  # the whole renumbering rides on the first finding only
        from hrf_cli.repairs.renumber import renumbering

        plan = renumbering(doc, config.fix.labels)
        fix = fix_from_edits(doc, plan.edits) if plan.edits and not plan.refused else None
    for index, ref in enumerate(firsts):
        if index not in keep:
            yield Problem(ref.start, ref.end,
                          f"note [^{ref.label}] is out of order: it is the {_ordinal(index + 1)} "
                          "numbered note referenced; number notes in reading order "
                          "(`hrf fix` renumbers them)", fix=fix)
            fix = None


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
