"""Rewrite a draft's XML before pandoc reads it: tracked changes resolved the way the user
chose, and (for lint) a marker at the start of every paragraph so each line of the Markdown
can be traced back to Word's paragraph or note.

pandoc reads comments only with ``--track-changes=all``, which would also keep every
insertion and deletion; resolving the changes here first lets pandoc keep just the comments.
"""

from __future__ import annotations

import secrets
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hrf_cli.word.package import W, WordPackage

if TYPE_CHECKING:
    from lxml import etree

NOTE_PARTS = {"footnote": "word/footnotes.xml", "endnote": "word/endnotes.xml"}
CONTENT_PARTS = ("word/document.xml", *NOTE_PARTS.values())
INSERTED = ("ins", "moveTo")
DELETED = ("del", "moveFrom")
PROPERTY_CHANGES = ("rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "tcPrChange",
                    "trPrChange", "tblGridChange", "numberingChange", "tblPrExChange")
RANGE_MARKS = ("moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd",
               "customXmlInsRangeStart", "customXmlInsRangeEnd", "customXmlDelRangeStart",
               "customXmlDelRangeEnd", "customXmlMoveFromRangeStart", "customXmlMoveFromRangeEnd",
               "customXmlMoveToRangeStart", "customXmlMoveToRangeEnd")
SUPERSCRIPT_TEXT = set("0123456789,–-")


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@dataclass(frozen=True)
class Place:
    """Where something is in Word's terms: a body paragraph, and the note it is in (if any)."""

    paragraph: int
    note_kind: str | None = None  # "footnote" | "endnote"
    note: int | None = None  # Word's number of the note

    def describe(self) -> str:
        inside = f" ({self.note_kind} {self.note})" if self.note_kind else ""
        return f"¶{self.paragraph}{inside}"


@dataclass(frozen=True)
class Change:
    """One tracked insertion, deletion or move, with a few words of what it changes."""

    kind: str
    place: Place
    text: str


@dataclass(frozen=True)
class Superscript:
    """Digits formatted as superscript by hand: a note number pasted as text."""

    digits: str
    place: Place
    context: str


@dataclass
class Prepared:
    """What preparing a draft found, and the marker scheme used for lint."""

    changes: list[Change] = field(default_factory=list)
    superscripts: list[Superscript] = field(default_factory=list)
    notes: dict[tuple[str, str], Place] = field(default_factory=dict)  # (kind, w:id) -> place
    footnotes: int = 0
    endnotes: int = 0
    nonce: str = ""  # markers are Q<nonce>P<n>Q, Q<nonce>T<n>Q (table), Q<nonce>F<id>Q, ...E<id>Q
    paragraphs: int = 0


def prepare(package: WordPackage, out: Path, track_changes: str, markers: bool) -> Prepared:
    """Write a cleaned copy of the package to ``out``; ``track_changes`` is accept or reject
    (refuse: the changes are only counted, resolved as accept so the copy is still readable)."""
    found = Prepared(nonce="".join(secrets.choice("bcdfghjkmnpqrstvwxz") for _ in range(8))
                     if markers else "")
    trees = {name: package.xml(name) for name in CONTENT_PARTS if package.has(name)}
    body = trees["word/document.xml"]
    paragraph_of = {p: n for n, p in enumerate(body.iter(w("p")), start=1)}
    found.paragraphs = len(paragraph_of)
    _number_notes(body, paragraph_of, found)
    for name, tree in trees.items():
        kind = _kind_of(name)
        for element, place in _walk_places(tree, kind, paragraph_of, found):
            local = element.tag.rpartition("}")[2]
            if local in ("ins", "del", "moveTo") and not _is_mark(element):
                found.changes.append(Change(_change_word(local), place, _text(element)[:40]))
        found.superscripts += _superscripts(tree, kind, paragraph_of, found)
        _resolve(tree, "reject" if track_changes == "reject" else "accept")
        if markers:
            _add_markers(tree, kind, paragraph_of, found.nonce)
    _write(package, out, trees)
    return found


def _kind_of(name: str) -> str | None:
    for kind, part in NOTE_PARTS.items():
        if part == name:
            return kind
    return None


def _number_notes(body: etree._Element, paragraph_of: dict[Any, int], found: Prepared) -> None:
    """Word numbers footnotes and endnotes separately, in order of their references."""
    counts = {"footnote": 0, "endnote": 0}
    for p in body.iter(w("p")):
        for ref in p.iter(w("footnoteReference"), w("endnoteReference")):
            kind = "footnote" if ref.tag == w("footnoteReference") else "endnote"
            key = (kind, ref.get(w("id"), ""))
            if key in found.notes:
                continue
            counts[kind] += 1
            found.notes[key] = Place(paragraph_of[p], kind, counts[kind])
    found.footnotes, found.endnotes = counts["footnote"], counts["endnote"]


def _walk_places(tree: etree._Element, kind: str | None, paragraph_of: dict[Any, int],
                 found: Prepared):
    """Every element of a part with its place; note parts are placed at their reference."""
    if kind is None:
        for p in tree.iter(w("p")):
            place = Place(paragraph_of[p])
            for element in p.iter():
                yield element, place
        for element in tree.iter(w("ins"), w("del"), w("moveTo"), w("moveFrom")):
            if not any(a.tag == w("p") for a in element.iterancestors()):  # a whole row, cell...
                yield element, Place(_first_paragraph(element, paragraph_of))
        return
    for note in tree.iter(w(kind)):
        place = found.notes.get((kind, note.get(w("id"), "")))
        if place is None:
            continue  # a separator, or a note nothing refers to
        for element in note.iter():
            yield element, place


def _first_paragraph(element: etree._Element, paragraph_of: dict[Any, int]) -> int:
    for p in element.iter(w("p")):
        return paragraph_of.get(p, 0)
    return 0


def _is_mark(element: etree._Element) -> bool:
    """A change to a paragraph mark (inside run properties), not to text."""
    parent = element.getparent()
    return parent is not None and parent.tag in (w("rPr"), w("trPr"))


def _change_word(local: str) -> str:
    return {"ins": "insertion", "del": "deletion", "moveTo": "move", "moveFrom": "move"}[local]


def _text(element: etree._Element) -> str:
    parts = [node.text or "" for node in element.iter(w("t"), w("delText"))]
    return " ".join("".join(parts).split())


def _superscripts(tree: etree._Element, kind: str | None, paragraph_of: dict[Any, int],
                  found: Prepared) -> list[Superscript]:
    """Runs of superscript digits that are not note references."""
    out: list[Superscript] = []
    for p in tree.iter(w("p")):
        place = _place_of_paragraph(p, kind, paragraph_of, found)
        if place is None:
            continue
        before: list[str] = []
        runs = list(p.iter(w("r")))
        for index, run in enumerate(runs):
            text = "".join(t.text or "" for t in run.iter(w("t")))
            if (_is_superscript(run) and text.strip() and set(text.strip()) <= SUPERSCRIPT_TEXT
                    and any(c.isdigit() for c in text)
                    and run.find(f".//{w('footnoteReference')}") is None
                    and run.find(f".//{w('endnoteReference')}") is None):
                after = "".join(t.text or "" for r in runs[index + 1:] for t in r.iter(w("t")))
                context = " ".join("".join(before).split()[-5:]) + text.strip() + " " + \
                    " ".join(after.split()[:4])
                out.append(Superscript(text.strip(), place, context.strip()))
            before.append(text)
    return out


def _place_of_paragraph(p: etree._Element, kind: str | None, paragraph_of: dict[Any, int],
                        found: Prepared) -> Place | None:
    if kind is None:
        return Place(paragraph_of[p])
    for ancestor in p.iterancestors(w(kind)):
        return found.notes.get((kind, ancestor.get(w("id"), "")))
    return None


def _is_superscript(run: etree._Element) -> bool:
    props = run.find(w("rPr"))
    if props is None:
        return False
    align = props.find(w("vertAlign"))
    return align is not None and align.get(w("val")) == "superscript"


def _resolve(tree: etree._Element, mode: str) -> None:
    """Accept or reject every tracked change in place."""
    keep, drop = (INSERTED, DELETED) if mode == "accept" else (DELETED, INSERTED)
    for local in PROPERTY_CHANGES:
        for change in list(tree.iter(w(local))):
            if mode == "reject":
                _restore_properties(change)
            _remove(change)
    for local in RANGE_MARKS:
        for mark in list(tree.iter(w(local))):
            _remove(mark)
    for local in drop:
        for element in list(tree.iter(w(local))):
            if _is_mark(element):
                _remove(element)
            elif element.getparent() is not None:
                _remove(element)
    for local in keep:
        for element in list(tree.iter(w(local))):
            if _is_mark(element):
                _remove(element)
            else:
                _unwrap(element)
    if mode == "reject":  # deleted text comes back as ordinary text
        for old, new in (("delText", "t"), ("delInstrText", "instrText")):
            for element in tree.iter(w(old)):
                element.tag = w(new)


def _restore_properties(change: etree._Element) -> None:
    """Rejecting a formatting change puts the recorded old properties back."""
    holder = change.getparent()
    old = next(iter(change), None)
    if holder is None or old is None:
        return
    for child in list(holder):
        if child is not change:
            holder.remove(child)
    for child in list(old):
        holder.insert(len(holder) - 1, child)


def _remove(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)


def _unwrap(element: etree._Element) -> None:
    """Replace an element by its children (an accepted insertion keeps its runs)."""
    parent = element.getparent()
    if parent is None:
        return
    index = parent.index(element)
    for offset, child in enumerate(list(element)):
        parent.insert(index + offset, child)
    parent.remove(element)


def _add_markers(tree: etree._Element, kind: str | None, paragraph_of: dict[Any, int],
                 nonce: str) -> None:
    """A text run ``Q<nonce><code>Q`` at the start of each paragraph; tables get one paragraph
    of their own before them, so no cell text (and no column width) changes."""
    from lxml import etree

    def run(text: str) -> etree._Element:
        r = etree.Element(w("r"))
        etree.SubElement(r, w("t")).text = f"Q{nonce}{text}Q"
        return r

    if kind is None:
        for table in list(tree.iter(w("tbl"))):
            if any(a.tag == w("tbl") for a in table.iterancestors()):
                continue
            p = etree.Element(w("p"))
            p.append(run(f"T{_first_paragraph(table, paragraph_of)}"))
            table.addprevious(p)
        for p in list(tree.iter(w("p"))):
            number = paragraph_of.get(p)
            if number is None or any(a.tag == w("tbl") for a in p.iterancestors()):
                continue
            _insert_run(p, run(f"P{number}"))
        return
    letter = "F" if kind == "footnote" else "E"
    for note in tree.iter(w(kind)):
        for p in note.iter(w("p")):
            _insert_run(p, run(f"{letter}{note.get(w('id'), '')}"))


def _insert_run(p: etree._Element, run: etree._Element) -> None:
    props = p.find(w("pPr"))
    p.insert(1 if props is not None and p.index(props) == 0 else 0, run)


def _write(package: WordPackage, out: Path, trees: dict[str, etree._Element]) -> None:
    """The cleaned package: changed parts re-serialised, other safe parts copied."""
    from lxml import etree

    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in sorted(package.names):
            if name.endswith("/") or name.startswith("/") or ".." in name.split("/") \
                    or "\\" in name:
                continue
            data = (etree.tostring(trees[name], xml_declaration=True, encoding="UTF-8",
                                   standalone=True)
                    if name in trees else package.read(name))
            target.writestr(name, data)
