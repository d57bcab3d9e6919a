"""Real Word endnotes in pandoc's DOCX (pandoc writes only footnotes: its issue #4041).

Every footnote pandoc wrote moves to ``word/endnotes.xml`` under the same id, its references
become ``w:endnoteReference``, and the package gains what Word needs to find them: the
relationship, the content type, ``w:endnotePr`` in the settings (decimal numbers, as the
footnotes had) and the Endnote Text / Endnote Reference styles. Notes keep their order, so
they are numbered as the footnotes would have been.
"""

from __future__ import annotations

import copy
import io
import zipfile

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
ENDNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes"
ENDNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"
# Elements of w:settings that come after w:endnotePr in the schema's sequence.
AFTER_ENDNOTE_PR = ("compat", "docVars", "rsids", "mathPr", "attachedSchema", "themeFontLang",
                    "clrSchemeMapping", "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures",
                    "forceUpgrade", "captions", "readModeInkLockDown", "smartTagType",
                    "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol",
                    "listSeparator")
STYLES = {"FootnoteText": ("EndnoteText", "endnote text"),
          "FootnoteReference": ("EndnoteReference", "endnote reference")}


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def to_endnotes(docx: bytes) -> bytes:
    """The same document with every footnote as an endnote; unchanged if it has no notes."""
    from lxml import etree

    source = zipfile.ZipFile(io.BytesIO(docx))
    names = source.namelist()
    if "word/footnotes.xml" not in names:
        return docx
    parts = {name: _parse(source.read(name)) for name in
             ("word/document.xml", "word/footnotes.xml", "word/settings.xml", "word/styles.xml",
              "word/_rels/document.xml.rels", "[Content_Types].xml") if name in names}
    footnotes = parts["word/footnotes.xml"]
    endnotes = etree.Element(w("endnotes"), nsmap=footnotes.nsmap)
    moved = 0
    for note in list(footnotes):
        if note.tag != w("footnote"):
            continue
        if note.get(w("type")) in ("separator", "continuationSeparator"):
            endnotes.append(_renamed(copy.deepcopy(note)))
            continue
        footnotes.remove(note)
        endnotes.append(_renamed(note))
        moved += 1
    if not moved:
        return docx
    document = parts["word/document.xml"]
    for ref in document.iter(w("footnoteReference")):
        ref.tag = w("endnoteReference")
        _restyle_run(ref.getparent())
    _settings(parts.get("word/settings.xml"))
    for section in document.iter(w("sectPr")):
        _section(section)
    _styles(parts.get("word/styles.xml"))
    _relationship(parts["word/_rels/document.xml.rels"])
    _content_type(parts["[Content_Types].xml"])
    parts["word/endnotes.xml"] = endnotes
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = (_serialise(parts[info.filename]) if info.filename in parts
                    else source.read(info))
            target.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
            if info.filename == "word/footnotes.xml":
                entry = copy.copy(info)
                entry.filename = "word/endnotes.xml"
                target.writestr(entry, _serialise(endnotes), compress_type=zipfile.ZIP_DEFLATED)
            elif info.filename == "word/_rels/footnotes.xml.rels":  # the notes' links
                entry = copy.copy(info)
                entry.filename = "word/_rels/endnotes.xml.rels"
                target.writestr(entry, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _parse(data: bytes):
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.fromstring(data, parser)


def _serialise(tree) -> bytes:
    from lxml import etree

    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)


def _renamed(note):
    """A w:footnote as a w:endnote: its mark, paragraph and reference styles renamed."""
    note.tag = w("endnote")
    for mark in note.iter(w("footnoteRef")):
        mark.tag = w("endnoteRef")
        _restyle_run(mark.getparent())
    for style in note.iter(w("pStyle")):
        if style.get(w("val")) == "FootnoteText":
            style.set(w("val"), "EndnoteText")
    return note


def _restyle_run(run) -> None:
    if run is None:
        return
    for style in run.iter(w("rStyle")):
        if style.get(w("val")) == "FootnoteReference":
            style.set(w("val"), "EndnoteReference")


def _settings(settings) -> None:
    """``w:endnotePr``: decimal numbers from 1, separators -1 and 0, at the document's end."""
    from lxml import etree

    if settings is None or settings.find(w("endnotePr")) is not None:
        return
    prop = etree.Element(w("endnotePr"))
    etree.SubElement(prop, w("pos")).set(w("val"), "docEnd")
    etree.SubElement(prop, w("numFmt")).set(w("val"), "decimal")
    for ident in ("-1", "0"):
        etree.SubElement(prop, w("endnote")).set(w("id"), ident)
    footnote_pr = settings.find(w("footnotePr"))
    if footnote_pr is not None:
        footnote_pr.addnext(prop)
        return
    for child in settings:
        if isinstance(child.tag, str) and child.tag.rpartition("}")[2] in AFTER_ENDNOTE_PR:
            child.addprevious(prop)
            return
    settings.append(prop)


def _section(section) -> None:
    """The section's own ``w:endnotePr`` (LibreOffice reads the numbering from here)."""
    from lxml import etree

    if section.find(w("endnotePr")) is not None:
        return
    prop = etree.Element(w("endnotePr"))
    etree.SubElement(prop, w("numFmt")).set(w("val"), "decimal")
    index = 0
    for index, child in enumerate(section):
        if child.tag not in (w("headerReference"), w("footerReference"), w("footnotePr")):
            break
    else:
        index = len(section)
    section.insert(index, prop)


def _styles(styles) -> None:
    """Endnote Text and Endnote Reference, copied from the footnote styles when missing."""
    if styles is None:
        return
    present = {s.get(w("styleId")) for s in styles.iter(w("style"))}
    for style in list(styles.iter(w("style"))):
        wanted = STYLES.get(style.get(w("styleId")) or "")
        if wanted is None or wanted[0] in present:
            continue
        twin = copy.deepcopy(style)
        twin.set(w("styleId"), wanted[0])
        name = twin.find(w("name"))
        if name is not None:
            name.set(w("val"), wanted[1])
        style.addnext(twin)
        present.add(wanted[0])


def _relationship(rels) -> None:
    from lxml import etree

    if any(r.get("Type") == ENDNOTES_REL for r in rels):
        return
    used = {r.get("Id") for r in rels}
    number = 1
    while f"rId{number}" in used or f"rIdEndnotes{number}" in used:
        number += 1
    rel = etree.SubElement(rels, f"{{{PKG}}}Relationship")
    rel.set("Type", ENDNOTES_REL)
    rel.set("Id", f"rIdEndnotes{number}")
    rel.set("Target", "endnotes.xml")


def _content_type(types) -> None:
    from lxml import etree

    if any(o.get("PartName") == "/word/endnotes.xml" for o in types):
        return
    override = etree.SubElement(types, f"{{{CT}}}Override")
    override.set("PartName", "/word/endnotes.xml")
    override.set("ContentType", ENDNOTES_TYPE)


def notes_setting(source: bytes, default: str) -> str:
    """``export.notes`` from the report's front matter (an imported Word draft that used
    endnotes records it there), else ``default`` from hrf.yaml. ``source``: the report's
    bytes as already read (bounded) at the boundary."""
    from hrf_cli.document import find_front_matter

    text = source.decode("utf-8", "replace")
    start = 1 if text.startswith("\ufeff") else 0
    found = find_front_matter(text, start)
    if not found:
        return default
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        block = text[found[1]:found[2]].rstrip("\r\n")
        data = YAML(typ="safe").load(block[:block.rfind("\n") + 1])
    except YAMLError:
        return default
    export = data.get("export") if isinstance(data, dict) else None
    notes = export.get("notes") if isinstance(export, dict) else None
    return notes if notes in ("footnotes", "endnotes") else default
