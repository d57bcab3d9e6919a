"""Keep a heading's identifier when renumbering changes a note label inside it.

pandoc makes a heading's automatic identifier from its text with the note reference still
literal: ``# Results[^3]`` gets ``#results3``. Renumbering ``[^3]`` to ``[^1]`` would make it
``#results1`` and break every link to the section, so the old identifier is written out
(``# Results[^1] {#results3}``). The identifier is computed as pandoc does (stringify,
lower-case, keep letters, digits, ``_-.``, spaces to hyphens, drop leading non-letters,
``section`` when empty, ``-1``, ``-2`` … for repeats); a heading whose markup makes that
uncertain (links, raw HTML, entities, emphasis with ``_``, smart dashes) is refused instead.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from hrf_cli.repairs.edits import Edit
from hrf_cli.markdown.linetypes import HEADING_ATTRIBUTES, heading_text_end

if TYPE_CHECKING:
    from hrf_cli.document import Document
    from hrf_cli.markdown.model import Heading

NOTE_REFERENCE = re.compile(r"\[\^[^ \t\n^\[\]]+\]")
ATX_OPEN = re.compile(r"#+[ \t]*")
# Markup whose text pandoc's identifier does not take as written.
UNCERTAIN = re.compile(r"[\[\]<&\\]|--|\.\.|(?<![^\W_])_|_(?![^\W_])")
EXPLICIT_ID = re.compile(r"(?:^|[{\s])#([\w:.-]+)")


def _inline_notes_removed(text: str) -> str:
    """``text`` without ``^[...]`` inline notes (they add nothing to an identifier)."""
    out: list[str] = []
    i = 0
    while True:
        j = text.find("^[", i)
        if j == -1:
            out.append(text[i:])
            return "".join(out)
        depth, k = 0, j + 1
        while k < len(text):
            if text[k] == "[":
                depth += 1
            elif text[k] == "]":
                depth -= 1
                if depth == 0:
                    break
            k += 1
        out.append(text[i:j])
        i = k + 1


def auto_identifier(text: str) -> tuple[str, bool]:
    """pandoc's identifier for a heading's text (before uniqueness), and whether it is exact."""
    text = _inline_notes_removed(text)
    exact = UNCERTAIN.search(NOTE_REFERENCE.sub(" ", text)) is None
    kept = "".join(ch for ch in text.lower() if ch.isalnum() or ch in "_-." or ch.isspace())
    ident = "-".join(kept.split())
    while ident and not ident[0].isalpha():
        ident = ident[1:]
    return ident or "section", exact


def _heading_text(doc: Document, heading: Heading) -> tuple[str, str | None]:
    """The heading's text (no ATX hashes, closing hashes or attributes) and its explicit id."""
    line = doc.text[heading.start:heading.end].rstrip()
    end, explicit = heading_text_end(line)
    ident = None
    if explicit:
        attrs = HEADING_ATTRIBUTES.search(line)
        m = EXPLICIT_ID.search(attrs.group(1)) if attrs else None
        ident = m.group(1) if m else None
    opener = ATX_OPEN.match(line) if line.startswith("#") else None
    return line[opener.end() if opener else 0:end], ident


def heading_id_edits(doc: Document, mapping: dict[str, str]) -> tuple[list[Edit], str | None]:
    """Edits writing out the identifier of every heading whose note label changes, or why
    renumbering must be refused."""
    changed: dict[int, str] = {}  # heading index -> a label that changes in it
    headings = doc.scan.headings
    if not headings:
        return [], None
    starts = [h.start for h in headings]
    from bisect import bisect_right

    for ref in doc.footnote_refs:
        if ref.in_definition is not None or ref.in_meta or mapping.get(ref.label, ref.label) == ref.label:
            continue
        k = bisect_right(starts, ref.start) - 1
        if k >= 0 and ref.end <= headings[k].end and not headings[k].explicit_id:
            changed.setdefault(k, ref.label)
    if not changed:
        return [], None
    used: set[str] = set()
    edits: list[Edit] = []
    for k, heading in enumerate(headings):
        if heading.in_definition is not None:
            continue  # pandoc registers those when the note is read; never renumbered here
        text, explicit = _heading_text(doc, heading)
        if explicit is not None:
            used.add(explicit)
            continue
        base, exact = auto_identifier(text)
        ident, n = base, 0
        while ident in used:
            n += 1
            ident = f"{base}-{n}"
        used.add(ident)
        if k not in changed:
            continue
        if not exact:
            line = doc.lines.line_of(heading.start)
            return [], (f"[^{changed[k]}] on line {line} sits in a heading whose automatic "
                        f"identifier (about #{ident}) would change; give the heading an explicit "
                        f"identifier such as {{#{ident}}} first")
        edits.append(_id_edit(doc, heading, ident))
    return edits, None


def _id_edit(doc: Document, heading: Heading, ident: str) -> Edit:
    """Insert ``#ident`` into the heading's attribute block, or add ``{#ident}``."""
    line = doc.text[heading.start:heading.end].rstrip()
    attrs = HEADING_ATTRIBUTES.search(line)
    if attrs:
        brace = heading.start + attrs.start(1) + 1
        return Edit(brace, brace, f"#{ident} ")
    end = heading.start + len(line)
    return Edit(end, end, f" {{#{ident}}}")
