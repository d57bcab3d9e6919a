"""The Word reference document in the organisation's colours and typefaces.

``templates/docx/reference.docx`` is built (tools/make_reference_docx.py) from the built-in
``style.yaml``. When an organisation's style file changes a colour or a typeface, the same
values are replaced in its styles, header and footer, so Word gets the look the PDF and the
HTML have, with no second copy of the design to keep by hand.
"""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

from hrf_cli.export.design import Design

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
    if not swaps:
        return base
    key = hashlib.sha256(repr(swaps).encode()).hexdigest()[:16]
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
                data = text.encode("utf-8")
            out.writestr(info, data)
    return target
