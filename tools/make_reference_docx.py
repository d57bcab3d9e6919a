#!/usr/bin/env python3
"""Build templates/docx/reference.docx: pandoc's own reference document, restyled.

Starts from ``pandoc -o x.docx --print-default-data-file reference.docx`` so every style
pandoc's DOCX writer uses (Title, Subtitle, Author, Date, Heading 1-3, Body Text, First
Paragraph, Footnote Text, Caption, Table Caption, Image Caption, Table, ...) exists under its
usual name, then sets the organisation's fonts, sizes and colours with python-docx (a dev
tool, not a dependency of hrf: the built file is committed). Run it after changing a style:

    python tools/make_reference_docx.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt, RGBColor

OUT = Path(__file__).resolve().parent.parent / "templates" / "docx" / "reference.docx"
ACCENT = RGBColor(0x1D, 0x35, 0x57)
MUTED = RGBColor(0x5C, 0x67, 0x7D)
BODY_FONT = "Georgia"  # on every Word installation, with Cyrillic
HEADING_FONT = "Calibri"

# style name: (font, size pt, bold, italic, colour, space before pt, space after pt)
STYLES = {
    "Normal": (BODY_FONT, 10.5, None, None, None, None, None),
    "Body Text": (BODY_FONT, 10.5, None, None, None, 0, 8),
    "First Paragraph": (BODY_FONT, 10.5, None, None, None, 0, 8),
    "Compact": (BODY_FONT, 10.5, None, None, None, 0, 2),
    "Title": (HEADING_FONT, 26, True, False, ACCENT, 0, 6),
    "Subtitle": (HEADING_FONT, 15, False, False, MUTED, 0, 18),
    "Author": (HEADING_FONT, 11, False, False, None, 0, 0),
    "Date": (HEADING_FONT, 11, False, False, MUTED, 6, 18),
    "Heading 1": (HEADING_FONT, 16, True, False, ACCENT, 18, 6),
    "Heading 2": (HEADING_FONT, 13, True, False, ACCENT, 14, 4),
    "Heading 3": (HEADING_FONT, 11, True, True, ACCENT, 10, 2),
    "Footnote Text": (BODY_FONT, 8.5, None, None, None, 0, 2),
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
        for section in doc.sections:  # A4 with the PDF's margins
            section.page_width, section.page_height = Cm(21), Cm(29.7)
            section.left_margin = section.right_margin = Cm(2.4)
            section.top_margin = Cm(2.6)
            section.bottom_margin = Cm(2.4)
        doc.core_properties.author = "hrf"
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
