"""The Word file's last touches, made on pandoc's output: metadata, fields, running title.

pandoc's DOCX says nothing false, but not everything a publisher wants: its core properties
hold no subject, its dates are whatever SOURCE_DATE_EPOCH was, and Word would show a stale
table of contents. This rewrites ``docProps/core.xml`` from the report (creator = the
report's authors, no last-modified-by, no template path, nothing from the machine's user),
asks Word to update fields on opening (``w:updateFields``) and to strip personal information
when the file is saved again, and writes the report's title into the running header. Entry
order and compression are kept and every entry is dated like the report, so the same input
gives the same bytes.
"""

from __future__ import annotations

import datetime
import json
import re
import zipfile
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

RUNNING_TITLE = "HRF-RUNNING-TITLE"  # the placeholder in reference.docx's header
CORE = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        '{fields}<dcterms:created xsi:type="dcterms:W3CDTF">{date}</dcterms:created>'
        '<dcterms:modified xsi:type="dcterms:W3CDTF">{date}</dcterms:modified></cp:coreProperties>')
# w:updateFields must stand before these in settings.xml (CT_Settings is a sequence).
AFTER_UPDATE_FIELDS = re.compile(
    r"<w:(?:hdrShapeDefaults|footnotePr|endnotePr|compat|docVars|rsids|mathPr|attachedSchema|"
    r"themeFontLang|clrSchemeMapping|doNotIncludeSubdocsInStats|doNotAutoCompressPictures|"
    r"forceUpgrade|captions|readModeInkLockDown|smartTagType|schemaLibrary|shapeDefaults|"
    r"doNotEmbedSmartTags|decimalSymbol|listSeparator)\b")
# w:removePersonalInformation comes right after w:zoom (or w:view / w:writeProtection).
BEFORE_PERSONAL = re.compile(r"<w:(?:zoom|view|writeProtection)\b[^>]*?/>")


def finish_docx(docx: bytes, side: Path, epoch: int) -> bytes:
    """A DOCX from pandoc with hrf's metadata (from ``side``, the JSON design.lua wrote)."""
    facts = json.loads(side.read_text("utf-8")) if side.is_file() else {}
    stamp = datetime.datetime.fromtimestamp(max(epoch, 315532800), datetime.timezone.utc).timetuple()[:6]
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(docx)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = core_xml(facts, epoch).encode("utf-8")
            elif info.filename == "word/settings.xml":
                data = settings_xml(data.decode("utf-8")).encode("utf-8")
            elif re.fullmatch(r"word/header\d*\.xml", info.filename):
                title = escape(str(facts.get("title") or ""))
                data = data.decode("utf-8").replace(RUNNING_TITLE, title).encode("utf-8")
            clone = zipfile.ZipInfo(info.filename, date_time=stamp)
            clone.compress_type = info.compress_type
            clone.external_attr = info.external_attr
            target.writestr(clone, data)
    return out.getvalue()


def core_xml(facts: dict, epoch: int) -> str:
    """Core properties from the report only: title, subject, authors, keywords, language, date."""
    date = datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    fields = []
    for tag, value in (("dc:title", facts.get("title")), ("dc:subject", facts.get("subject")),
                       ("dc:creator", "; ".join(facts.get("authors") or [])),
                       ("cp:keywords", ", ".join(facts.get("keywords") or [])),
                       ("dc:language", facts.get("lang"))):
        if value:
            fields.append(f"<{tag}>{escape(str(value))}</{tag}>")
    return CORE.format(fields="".join(fields), date=date)


def settings_xml(xml: str) -> str:
    """``w:updateFields`` (Word fills the contents on opening) and ``w:removePersonalInformation``."""
    if "<w:updateFields" not in xml:
        match = AFTER_UPDATE_FIELDS.search(xml)
        at = match.start() if match else xml.rindex("</w:settings>")
        xml = xml[:at] + '<w:updateFields w:val="true"/>' + xml[at:]
    if "<w:removePersonalInformation" not in xml:
        match = BEFORE_PERSONAL.search(xml)
        at = match.end() if match else xml.index(">", xml.index("<w:settings")) + 1
        xml = xml[:at] + "<w:removePersonalInformation/>" + xml[at:]
    return xml
