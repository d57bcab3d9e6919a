#!/usr/bin/env python3
"""Build templates/docx/reference.docx: pandoc's own reference document, restyled.

Starts from ``pandoc -o x.docx --print-default-data-file reference.docx`` so every style
pandoc's DOCX writer uses (Title, Subtitle, Author, Date, Heading 1-3, Body Text, First
Paragraph, Footnote Text, Caption, Table Caption, Image Caption, Table, ...) exists under its
usual name, then sets the fonts, sizes and colours of templates/style.yaml with python-docx
(a dev tool, not a dependency of hrf: the built file is committed), adds the "Cover Label"
style of the title page, a running header (the report's title, filled in at export) and page
numbers in the footer, none on the title page. At export, hrf_cli/export/docx_style.py puts
an organisation's own colours and typefaces in place of these. Run it after changing a style:

    python tools/make_reference_docx.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm, Pt, RGBColor
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "templates" / "docx" / "reference.docx"
TOKENS = YAML(typ="safe").load((ROOT / "templates" / "style.yaml").read_text("utf-8"))
COLOURS = {name: RGBColor.from_string(value[1:].upper()) for name, value in TOKENS["colours"].items()}
ACCENT, MUTED, INK = COLOURS["accent"], COLOURS["muted"], COLOURS["ink"]
BODY_FONT = TOKENS["fonts"]["text"]  # shipped with hrf; Word substitutes a serif where absent
HEADING_FONT = TOKENS["fonts"]["heading"]
SIZES = TOKENS["sizes"]
RUNNING_TITLE = "HRF-RUNNING-TITLE"  # docx_post.py writes the report's title here

# style name: (font, size pt, bold, italic, colour, space before pt, space after pt)
STYLES = {
    "Normal": (BODY_FONT, SIZES["body"], None, None, INK, None, None),
    "Body Text": (BODY_FONT, SIZES["body"], None, None, INK, 0, 8),
    "First Paragraph": (BODY_FONT, SIZES["body"], None, None, INK, 0, 8),
    "Compact": (BODY_FONT, SIZES["body"], None, None, INK, 0, 2),
    "Title": (HEADING_FONT, SIZES["title"], True, False, ACCENT, 0, 10),
    "Subtitle": (HEADING_FONT, 14, False, False, MUTED, 0, 36),
    "Author": (HEADING_FONT, 11, False, False, INK, 0, 0),
    "Date": (HEADING_FONT, 11, False, False, MUTED, 6, 18),
    "Heading 1": (HEADING_FONT, SIZES["heading-1"], True, False, ACCENT, 18, 6),
    "Heading 2": (HEADING_FONT, SIZES["heading-2"], True, False, ACCENT, 14, 4),
    "Heading 3": (HEADING_FONT, SIZES["heading-3"], True, True, ACCENT, 10, 2),
    "TOC Heading": (HEADING_FONT, SIZES["heading-1"], True, False, ACCENT, 0, 12),
    "Contents Title": (HEADING_FONT, SIZES["heading-1"], True, False, ACCENT, 0, 12),
    "Cover Label": (HEADING_FONT, 10, True, False, ACCENT, 0, 120),
    "Footnote Text": (BODY_FONT, SIZES["note"], None, None, INK, 0, 2),
    "Caption": (HEADING_FONT, 9, False, True, MUTED, 4, 10),
    "Table Caption": (HEADING_FONT, 9, False, True, MUTED, 10, 4),
    "Image Caption": (HEADING_FONT, 9, False, True, MUTED, 4, 10),
    "Block Text": (BODY_FONT, 10, None, None, RGBColor(0x3A, 0x41, 0x50), 6, 6),
    "Bibliography": (BODY_FONT, 9.5, None, None, None, 0, 4),
}


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "reference.docx"
        subprocess.run([_pandoc(), "-o", str(base), "--print-default-data-file", "reference.docx"],
                       check=True)
        doc = Document(str(base))
        label = doc.styles.add_style("Cover Label", WD_STYLE_TYPE.PARAGRAPH)
        label.base_style = doc.styles["Normal"]
        label.font.all_caps = True
        # The title over the contents field: not based on a heading, so that Word's own
        # contents and pandoc's DOCX reader (hrf import) do not take it for a section.
        contents = doc.styles.add_style("Contents Title", WD_STYLE_TYPE.PARAGRAPH)
        contents.base_style = doc.styles["Normal"]
        names = {style.name for style in doc.styles}
        for name, (font, size, bold, italic, colour, before, after) in STYLES.items():
            if name not in names:
                raise SystemExit(f"pandoc's reference.docx has no style {name!r}")
            style = doc.styles[name]
            style.font.name = font
            style.font.size = Pt(size)
            if bold is not None:
                style.font.bold = bold
            if italic is not None:
                style.font.italic = italic
            if colour is not None:
                style.font.color.rgb = colour
            fmt = getattr(style, "paragraph_format", None)
            if fmt is not None and before is not None:
                fmt.space_before, fmt.space_after = Pt(before), Pt(after)
        _endnote_styles(doc)
        doc.styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
        doc.styles["Subtitle"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
        doc.styles["Author"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
        doc.styles["Date"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
        doc.styles["TOC Heading"].paragraph_format.page_break_before = False
        _table_style(doc)
        for section in doc.sections:  # A4 with the PDF's margins
            section.page_width, section.page_height = Cm(21), Cm(29.7)
            section.left_margin, section.right_margin = Cm(3.4), Cm(3.9)
            section.top_margin = Cm(2.8)
            section.bottom_margin = Cm(2.6)
            _running_header_and_page_numbers(section)
        doc.core_properties.author = ""
        doc.core_properties.last_modified_by = ""
        doc.save(str(OUT))
    # python-docx writes the current time into the ZIP; rewrite with fixed entry dates so
    # the committed file only changes when a style does.
    _fix_zip_dates(OUT)
    print(f"wrote {OUT}")
    return 0


def _pandoc() -> str:
    """pandoc on PATH, else the one inside pypandoc-binary (the one hrf runs)."""
    import shutil

    found = shutil.which("pandoc")
    if found:
        return found
    import pypandoc

    return pypandoc.get_pandoc_path()


def _endnote_styles(doc) -> None:
    """Endnote Text and Endnote Reference (pandoc writes no endnotes, so its reference
    document lacks them): what hrf's real Word endnotes (export.notes: endnotes) use, styled
    like the footnotes."""
    from docx.enum.style import WD_STYLE_TYPE

    names = {style.name for style in doc.styles}
    if "Endnote Text" not in names:
        text = doc.styles.add_style("Endnote Text", WD_STYLE_TYPE.PARAGRAPH)
        text.base_style = doc.styles["Footnote Text"]
        text.font.name, text.font.size = BODY_FONT, Pt(9)
        text.paragraph_format.space_before, text.paragraph_format.space_after = Pt(0), Pt(3)
    if "Endnote Reference" not in names:
        mark = doc.styles.add_style("Endnote Reference", WD_STYLE_TYPE.CHARACTER)
        if "Footnote Reference" in names:
            mark.base_style = doc.styles["Footnote Reference"]
        mark.font.superscript = True


def _running_header_and_page_numbers(section) -> None:
    """The title in the header, the page number in the footer; neither on the title page."""
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    run = header.add_run(RUNNING_TITLE)
    run.font.size, run.font.color.rgb, run.font.name = Pt(8), MUTED, HEADING_FONT
    header._p.get_or_add_pPr().append(parse_xml(
        f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="4" w:space="4" '
        f'w:color="{TOKENS["colours"]["rule"][1:].upper()}"/></w:pBdr>'))
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer._p.append(parse_xml(
        f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:rPr><w:rFonts w:ascii="{HEADING_FONT}" '
        f'w:hAnsi="{HEADING_FONT}"/><w:color w:val="{TOKENS["colours"]["muted"][1:].upper()}"/>'
        '<w:sz w:val="17"/></w:rPr><w:t>1</w:t></w:r></w:fldSimple>'))


def _table_style(doc) -> None:
    """pandoc's "Table" style: a rule under the header row, hairlines between rows, sans."""
    style = doc.styles["Table"]
    style.font.name, style.font.size = HEADING_FONT, Pt(SIZES["body"] - 1.5)
    rule = TOKENS["colours"]["rule"][1:].upper()
    accent = TOKENS["colours"]["accent"][1:].upper()
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    table_pr = style.element.find(w + "tblPr")
    if table_pr is None:
        table_pr = parse_xml(f'<w:tblPr {nsdecls("w")}/>')
        style.element.append(table_pr)
    for old in table_pr.findall(w + "tblBorders"):
        table_pr.remove(old)
    borders = parse_xml(
        f'<w:tblBorders {nsdecls("w")}><w:insideH w:val="single" w:sz="4" w:space="0" w:color="{rule}"/>'
        f'<w:bottom w:val="single" w:sz="4" w:space="0" w:color="{rule}"/></w:tblBorders>')
    later = [child for child in table_pr if child.tag.split("}")[1] in ("shd", "tblLayout", "tblCellMar", "tblLook")]
    if later:
        later[0].addprevious(borders)
    else:
        table_pr.append(borders)
    for old in style.element.findall(w + "tblStylePr"):
        if old.get(w + "type") == "firstRow":
            style.element.remove(old)
    style.element.append(parse_xml(
        f'<w:tblStylePr {nsdecls("w")} w:type="firstRow"><w:rPr><w:b/></w:rPr><w:tcPr><w:tcBorders>'
        f'<w:bottom w:val="single" w:sz="8" w:space="0" w:color="{accent}"/></w:tcBorders></w:tcPr>'
        '</w:tblStylePr>'))


def _fix_zip_dates(path: Path) -> None:
    import zipfile

    with zipfile.ZipFile(path) as source:
        entries = [(info.filename, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in entries:
            target.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data,
                            compress_type=zipfile.ZIP_DEFLATED)


if __name__ == "__main__":
    sys.exit(main())
