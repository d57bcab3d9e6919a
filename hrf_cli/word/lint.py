"""``hrf lint DRAFT.docx``: the draft converted in memory (the importer's converter), linted
as Markdown, and every finding put back at Word's paragraph and note.

Each Word paragraph starts with a marker in the converted text; the markers are removed
before linting, and the line each came from remembers its paragraph, so any rule that works
on a Document works on a draft unchanged.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from hrf_cli.record import replace
from hrf_cli.word.prepare import Place

if TYPE_CHECKING:
    from hrf_cli.config import Config
    from hrf_cli.document import Document
    from hrf_cli.lint.findings import Finding

CONTEXT_WORDS = 4
# Findings whose words must never be printed (a protected name, redacted text): no quote.
NO_CONTEXT_RULES = frozenset({"protected-name", "redaction-leak"})


@dataclass
class WordOrigin:
    """Where each line of the converted text came from in the Word file."""

    places: list[Place | None]  # index: line number (1-based; index 0 unused)
    body_lines: dict[int, str] = field(default_factory=dict)  # line -> text, for context
    reference_places: dict[str, Place] = field(default_factory=dict)  # key -> first citation
    reference_lines: dict[int, str] = field(default_factory=dict)  # front-matter line -> key
    extra: list[Finding] = field(default_factory=list)  # findings only the XML shows

    def place(self, line: int) -> Place:
        key = self.reference_lines.get(line)
        if key is not None and key in self.reference_places:
            return self.reference_places[key]
        for index in range(min(line, len(self.places) - 1), 0, -1):
            found = self.places[index]
            if found is not None:
                return found
        return Place(1)

    def map(self, finding: Finding) -> Finding:
        """The finding at Word's paragraph (and note), quoting a few words around it."""
        place = self.place(finding.line)
        context = "" if finding.rule in NO_CONTEXT_RULES else \
            quote(self.body_lines.get(finding.line, ""), finding.column)
        message = finding.message + (f' (near "{context}")' if context else "")
        return replace(finding, line=place.paragraph, column=1, end_line=None,
                       end_column=None, message=message, fix=None, paragraph=place.paragraph,
                       note=place.note, note_kind=place.note_kind)


def quote(line: str, column: int, words: int = CONTEXT_WORDS) -> str:
    """A few words of ``line`` around ``column``, Markdown note and link syntax dropped."""
    if not line.strip():
        return ""
    cut = max(column - 1, 0)
    head, tail = _plain(line[:cut]), _plain(line[cut:])
    before, after = head.split(), tail.split()
    if before and after and not head[-1:].isspace() and not tail[:1].isspace():
        before[-1] += after.pop(0)  # the word the finding starts inside
    return " ".join(before[-words:] + after[:words])[:90]


def _plain(text: str) -> str:
    text = re.sub(r"^\s*(#+|[-*+]|\d+[.)]|>|\[\^[^\]]+\]:)\s+", "", text)
    text = re.sub(r"<!--.*?-->|\[\^[^\]\s]*\]", "", text)
    text = re.sub(r"\]\([^)]*\)|\{[^}]*\}", "]", text)
    return re.sub(r"[*_`\[\]]", "", text)


def load_docx(path: Path, shown: str, config: Config | None = None) -> Document:
    """Read, convert and scan a draft; raises UnreadableFile with the reason it cannot."""
    from hrf_cli.document import UnreadableFile, parse_document
    from hrf_cli.errors import HrfError
    from hrf_cli.word.convert import convert
    from hrf_cli.word.package import open_package

    try:
        package = open_package(path, shown)
        try:
            conversion = convert(package, markers=True)
            from hrf_cli.word.metadata import read_metadata

            meta = read_metadata(package, conversion)
        finally:
            package.close()
    except HrfError as exc:
        reason = exc.message.removeprefix(f"{shown}: ").removeprefix(f"{shown} ")
        raise UnreadableFile(reason) from None
    nonce = conversion.prepared.nonce
    front, reference_lines = _front_matter(meta, conversion.references)
    text, places, body = _strip_markers(conversion.markdown, nonce, conversion.prepared,
                                        len(front.splitlines()))
    doc = parse_document(front + text, shown)
    doc.source = path
    origin = WordOrigin(places, body, reference_lines=reference_lines)
    _first_citations(doc, origin)
    origin.extra = _superscript_findings(conversion, shown)
    doc.origin = origin
    return doc


def _front_matter(meta: dict, references: list[dict]) -> tuple[str, dict[int, str]]:
    """YAML front matter, one JSON value a line, so each reference has a line of its own."""
    lines = ["---"]
    for key in ("title", "subtitle", "author", "date", "lang"):
        if meta.get(key):
            lines.append(f"{key}: {json.dumps(meta[key], ensure_ascii=False)}")
    reference_lines: dict[int, str] = {}
    if references:
        lines.append("references:")
        for item in references:
            reference_lines[len(lines) + 1] = str(item.get("id"))
            lines.append("- " + json.dumps(item, ensure_ascii=False))
    lines.append("---")
    return "\n".join(lines) + "\n\n", reference_lines


def _strip_markers(markdown: str, nonce: str, prepared, offset: int
                   ) -> tuple[str, list[Place | None], dict[int, str]]:
    marker = re.compile(rf"Q{nonce}([PTFE])(-?\d+)Q ?")
    notes = prepared.notes
    places: list[Place | None] = [None] * (offset + 1)
    body: dict[int, str] = {}
    out: list[str] = []
    current: Place | None = Place(1)
    for number, line in enumerate(markdown.split("\n"), start=offset + 1):
        found = marker.search(line)
        if found:
            kind, value = found.group(1), found.group(2)
            if kind in "PT":
                current = Place(int(value))
            else:
                current = notes.get(("footnote" if kind == "F" else "endnote", value), current)
        clean = marker.sub("", line)
        out.append(clean)
        places.append(current)
        body[number] = clean
    return "\n".join(out), places, body


def _first_citations(doc: Document, origin: WordOrigin) -> None:
    """A source's findings go to the paragraph that first cites it."""
    for citation in doc.citations:
        if citation.key not in origin.reference_places:
            origin.reference_places[citation.key] = origin.place(doc.lines.position(citation.start).line)


def _superscript_findings(conversion, shown: str) -> list[Finding]:
    from hrf_cli.lint.findings import Finding
    from hrf_cli.lint.registry import get_rule

    rule = get_rule("pasted-footnote-marker")
    if rule is None:
        return []
    out = []
    for sup in conversion.prepared.superscripts:
        place = sup.place
        out.append(Finding(shown, place.paragraph, 1, rule.code, rule.name, rule.severity,
                           f"superscript {sup.digits} looks like a note number typed by hand; "
                           f"Word does not link it to a note (near \"{sup.context}\")",
                           paragraph=place.paragraph, note=place.note, note_kind=place.note_kind))
    return out


def lint_docx(doc: Document, config: Config, findings: list[Finding]) -> list[Finding]:
    """The findings of a converted draft (linted by the engine) put back in Word's terms."""
    origin: WordOrigin = doc.origin
    found = [origin.map(f) for f in findings]
    found += [f for f in origin.extra if config.lint.runs(f.rule)]
    return sorted(set(found))
