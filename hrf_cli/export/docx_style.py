"""The Word reference document in the organisation's colours, typefaces and sizes.

``templates/docx/reference.docx`` is built (tools/make_reference_docx.py) from the built-in
``style.yaml``. When an organisation's style file changes a colour or a typeface, the same
values are replaced in its styles, header and footer; when it changes a size, the styles
made from that size (``SIZE_STYLES``) get the new one, each keeping its distance from it (the
table text stays 1.5 pt under the body). So Word gets the look the PDF and the HTML have,
with no second copy of the design to keep by hand.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from pathlib import Path

from hrf_cli.export.design import Design

# size token -> the styles tools/make_reference_docx.py sizes from it: (style id, the style
# whose distance from the token it keeps). A linked character style follows its paragraph.
SIZE_STYLES = {
    "body": (("Normal", "Normal"), ("BodyText", "BodyText"), ("FirstParagraph", "FirstParagraph"),
             ("Compact", "Compact"), ("Table", "Table"), ("BodyTextChar", "BodyText")),
    "note": (("FootnoteText", "FootnoteText"), ("EndnoteText", "EndnoteText")),
    "title": (("Title", "Title"), ("TitleChar", "Title")),
    "heading-1": (("Heading1", "Heading1"), ("Heading1Char", "Heading1"),
                  ("TOCHeading", "TOCHeading"), ("ContentsTitle", "ContentsTitle")),
    "heading-2": (("Heading2", "Heading2"), ("Heading2Char", "Heading2")),
    "heading-3": (("Heading3", "Heading3"), ("Heading3Char", "Heading3")),
}
STYLE = re.compile(r'<w:style\b[^>]*\bw:styleId="([^"]+)"[^>]*>.*?</w:style>', re.S)
SIZE = re.compile(r'<w:sz w:val="(\d+)"\s*/>')
SIZE_CS = re.compile(r'<w:szCs w:val="\d+"\s*/>')
PARTS = ("word/styles.xml", "word/header1.xml", "word/footer1.xml", "word/header2.xml",
         "word/footer2.xml", "word/fontTable.xml")


def reference_docx(base: Path, design: Design, builtin: Design, folder: Path) -> Path:
    """``base`` itself when the design is the built-in one, else a restyled copy in ``folder``."""
    swaps: list[tuple[str, str]] = []
    for name, value in design.tokens["colours"].items():
        old = builtin.tokens["colours"][name][1:].upper()
        if value[1:].upper() != old:
            swaps.append((f'w:color w:val="{old}"', f'w:color w:val="{value[1:].upper()}"'))
            swaps.append((f'w:fill="{old}"', f'w:fill="{value[1:].upper()}"'))
    for name, value in design.tokens["fonts"].items():
        old = builtin.tokens["fonts"][name]
        if value != old:
            swaps += [(f'="{old}"', f'="{value}"')]
    sizes = {name: value for name, value in design.tokens["sizes"].items()
             if value != builtin.tokens["sizes"][name]}
    if not swaps and not sizes:
        return base
    key = hashlib.sha256(repr((swaps, sorted(sizes.items()))).encode()).hexdigest()[:16]
    target = folder / f"reference-{key}.docx"
    if target.is_file():
        return target
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(target, "w") as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename in PARTS:
                text = data.decode("utf-8")
                for old, new in swaps:
                    text = text.replace(old, new)
                if info.filename == "word/styles.xml" and sizes:
                    text = resize(text, sizes, builtin.tokens["sizes"])
                data = text.encode("utf-8")
            out.writestr(info, data)
    return target


def resize(styles: str, sizes: dict[str, float], builtin: dict[str, float]) -> str:
    """``word/styles.xml`` with the styles of each changed size token at the new size (in
    half-points, Word's unit), each style as far from the token as it was in the built-in."""
    found = {match.group(1): match for match in STYLE.finditer(styles)}

    def half_points(style_id: str) -> int | None:
        match = found.get(style_id)
        size = SIZE.search(match.group(0)) if match else None
        return int(size.group(1)) if size else None

    wanted: dict[str, int] = {}
    for token, value in sizes.items():
        for style_id, measured in SIZE_STYLES[token]:
            old = half_points(measured)
            if style_id in found and old is not None:
                wanted[style_id] = max(2, round(old + 2 * (value - builtin[token])))

    def restyle(match: re.Match[str]) -> str:
        element = match.group(0)
        size = wanted.get(match.group(1))
        if size is None:
            return element
        tag = f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
        element = SIZE_CS.sub("", element)
        if SIZE.search(element):
            return SIZE.sub(tag, element, count=1)
        if "<w:rPr>" in element:
            return element.replace("</w:rPr>", tag + "</w:rPr>", 1)
        return element.replace("</w:style>", f"<w:rPr>{tag}</w:rPr></w:style>", 1)

    return STYLE.sub(restyle, styles)
