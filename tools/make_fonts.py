#!/usr/bin/env python3
"""Build templates/fonts/: Noto Serif and Noto Sans cut to the scripts reports are written in.

hrf ships its typefaces so the PDF, the HTML and the DOCX look the same on every machine.
Noto (SIL Open Font License 1.1, no Reserved Font Name, so cutting it down is allowed) covers
Latin, Cyrillic and the punctuation of Ukrainian (« » „ “ ʼ № ₴). The source files are Debian's
``fonts-noto-core`` package (``apt-get install fonts-noto-core``); this script keeps Latin
(with its extensions, Vietnamese included), Greek, Cyrillic (with its supplement), general
punctuation, currency and letterlike symbols, drops hinting (a PDF and a screen do not need
it) and so keeps the wheel small. It is a dev tool, not a dependency of hrf: the built files
are committed, with templates/fonts/OFL.txt. Run it after changing the faces or the ranges:

    python tools/make_fonts.py [SOURCE_FOLDER]
"""

from __future__ import annotations

import sys
from pathlib import Path

SOURCE = Path("/usr/share/fonts/truetype/noto")
OUT = Path(__file__).resolve().parent.parent / "templates" / "fonts"
FACES = ["NotoSerif-Regular", "NotoSerif-Italic", "NotoSerif-Bold", "NotoSerif-BoldItalic",
         "NotoSans-Regular", "NotoSans-Italic", "NotoSans-Bold", "NotoSans-BoldItalic"]
RANGES = [
    (0x0020, 0x024F),  # Basic Latin, Latin-1, Latin Extended-A and -B
    (0x0250, 0x02FF),  # IPA and spacing modifier letters (ʼ, the Ukrainian apostrophe)
    (0x0300, 0x036F),  # combining diacritics (stress marks)
    (0x0370, 0x03FF),  # Greek
    (0x0400, 0x052F),  # Cyrillic and Cyrillic Supplement
    (0x1E00, 0x1EFF),  # Latin Extended Additional
    (0x2000, 0x206F),  # general punctuation: dashes, quotes, ellipsis, thin spaces
    (0x2070, 0x209F),  # superscripts and subscripts
    (0x20A0, 0x20CF),  # currency (₴, €)
    (0x2100, 0x214F),  # letterlike symbols (№)
    (0x2190, 0x21FF),  # arrows
    (0x2212, 0x2212),  # minus sign
    (0x25CB, 0x25CF),  # circles for lists
    (0xFEFF, 0xFEFF),
]


def main() -> int:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    source = Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE
    OUT.mkdir(parents=True, exist_ok=True)
    unicodes = [code for low, high in RANGES for code in range(low, high + 1)]
    for face in FACES:
        options = subset.Options()
        options.layout_features = ["*"]
        options.name_IDs = ["*"]
        options.name_languages = ["*"]
        options.notdef_outline = True
        options.hinting = False
        options.glyph_names = False
        font = TTFont(source / f"{face}.ttf")
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=unicodes)
        subsetter.subset(font)
        target = OUT / f"{face}.ttf"
        font.save(str(target))
        print(f"wrote {target} ({target.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
