"""The HTML page carries its own typefaces: WOFF2 subsets of the shipped fonts, inline.

A report's web page must look like its PDF and stay one standalone file. Embedding whole
fonts would add about 2 MB; each face is cut (fontTools) to the characters the page uses and
compressed as WOFF2 (Brotli), typically 20-60 KB a face, and embedded as a ``data:`` URI in
an ``@font-face`` rule. Faces are found by family name in ``templates/fonts`` (and an
organisation's ``templates/typst/fonts``); a family that is not shipped is left to the
reader's system, as the stylesheet's fallbacks say.
"""

from __future__ import annotations

import base64
import functools
from io import BytesIO
from pathlib import Path

from hrf_cli.export.design import Design

# (weight, italic) of the faces a page uses: body text in four styles, headings and the
# masthead in the sans, regular and bold.
TEXT_FACES = ((400, False), (400, True), (700, False), (700, True))
HEADING_FACES = ((400, False), (700, False))
MARKER = "</head>"


def embed_fonts(html: str, design: Design, fonts: Path) -> str:
    """``html`` with ``@font-face`` rules holding subsets of the design's text and heading faces."""
    available = _faces(tuple(str(p) for p in _font_files(fonts)))
    chars = "".join(sorted(set(html) | set(" .,-0123456789")))
    rules = []
    wanted = [(design.tokens["fonts"]["text"], TEXT_FACES),
              (design.tokens["fonts"]["heading"], HEADING_FACES)]
    for family, faces in wanted:
        for weight, italic in faces:
            path = available.get((family.lower(), weight, italic))
            if path is None:
                continue
            data = base64.b64encode(_subset(path, chars)).decode("ascii")
            rules.append(f'@font-face {{ font-family: "{family}"; font-style: '
                         f'{"italic" if italic else "normal"}; font-weight: {weight}; '
                         f'font-display: swap; src: url("data:font/woff2;base64,{data}") format("woff2"); }}')
    if not rules or MARKER not in html:
        return html
    style = '<style id="embedded-fonts">\n' + "\n".join(rules) + "\n</style>\n"
    at = html.index(MARKER)
    return html[:at] + style + html[at:]


def _font_files(fonts: Path) -> list[Path]:
    folders = [fonts, fonts.parent / "typst" / "fonts"]
    return sorted(p for folder in folders if folder.is_dir()
                  for p in folder.iterdir() if p.suffix.lower() in (".ttf", ".otf"))


@functools.lru_cache(maxsize=4)
def _faces(paths: tuple[str, ...]) -> dict[tuple[str, int, bool], str]:
    """(family lower-cased, weight, italic) -> file, from each font's name and OS/2 tables."""
    from fontTools.ttLib import TTFont

    found: dict[tuple[str, int, bool], str] = {}
    for path in paths:
        try:
            font = TTFont(path, lazy=True)
            name = font["name"]
            family = str(name.getDebugName(16) or name.getDebugName(1) or "")
            weight = int(font["OS/2"].usWeightClass)
            italic = bool(font["OS/2"].fsSelection & 1)
        except Exception:  # noqa: BLE001 - a broken font file is skipped, never fatal
            continue
        found.setdefault((family.lower(), weight, italic), path)
    return found


@functools.lru_cache(maxsize=32)
def _subset(path: str, chars: str) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["kern", "liga", "mark", "mkmk", "ccmp", "locl", "calt", "onum", "lnum"]
    options.hinting = False
    options.desubroutinize = True
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]  # keep the copyright and licence
    font = TTFont(path)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chars)
    subsetter.subset(font)
    out = BytesIO()
    font.flavor = "woff2"
    font.save(out)
    return out.getvalue()
