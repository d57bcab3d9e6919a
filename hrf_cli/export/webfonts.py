"""The HTML page carries its own typefaces: WOFF2 subsets of the shipped fonts, inline.

A report's web page must look like its PDF and stay one standalone file. Embedding whole
fonts would add about 2 MB; each face is cut (fontTools) to the characters the page uses and
compressed as WOFF2 (Brotli), typically 20-60 KB a face, and embedded as a ``data:`` URI in
an ``@font-face`` rule. Faces are found by family name in ``templates/fonts`` (and an
organisation's ``templates/typst/fonts``); a family that is not shipped is left to the
reader's system, as the stylesheet's fallbacks say.

Cutting a face takes fontTools about a third of a second, two seconds for the six a page
uses, and a report's characters rarely change between exports: each subset is kept in the
user's cache folder (``fonts/`` in :func:`hrf_cli.export.cache.user_cache_dir`), named by a
hash of the font file's bytes, the characters and fontTools' version, written atomically and
read back only when it is a WOFF2 file; the oldest beyond ``CACHE_LIMIT`` are removed.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import os
from io import BytesIO
from pathlib import Path

from hrf_cli.export.design import Design

# (weight, italic) of the faces a page uses: body text in four styles, headings and the
# masthead in the sans, regular and bold.
TEXT_FACES = ((400, False), (400, True), (700, False), (700, True))
HEADING_FACES = ((400, False), (700, False))
MARKER = "</head>"
CACHE_LIMIT = 96  # subsets kept in the cache folder (16 pages' worth); the oldest go first
SUBSET_VERSION = 1  # raise when the subsetting options below change
WOFF2_MAGIC = b"wOF2"
SUBSET_LIMIT = 16 * 1024**2  # a cached subset larger than this is not one hrf wrote


def embed_fonts(html: str, design: Design, fonts: Path, cache: Path | None = None) -> str:
    """``html`` with ``@font-face`` rules holding subsets of the design's text and heading faces
    (kept in the folder ``cache`` between runs when one is given)."""
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
            data = base64.b64encode(cached_subset(path, chars, cache)).decode("ascii")
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


def cached_subset(path: str, chars: str, cache: Path | None) -> bytes:
    """The WOFF2 subset of the font at ``path`` for ``chars``, from ``cache`` when it is there;
    a cache that cannot be read or written only costs the time to cut the face again."""
    if cache is None:
        return _subset(path, chars)
    key = _subset_key(path, chars)
    if key is None:
        return _subset(path, chars)
    from hrf_cli.safe_read import Refused, read_limited

    stored = cache / f"{key}.woff2"
    try:  # bounded, and never blocking on a FIFO or following a link put in its place
        data = read_limited(stored, SUBSET_LIMIT, "font subset", stored.name, nofollow=True)
        if data.startswith(WOFF2_MAGIC):
            os.utime(stored)  # recently used: kept longest
            return data
    except (Refused, OSError):
        pass
    data = _subset(path, chars)
    try:
        from hrf_cli.atomic import write_bytes

        write_bytes(stored, data)
        _prune(cache)
    except OSError:
        pass
    return data


def _subset_key(path: str, chars: str) -> str | None:
    from fontTools import version

    digest = _file_digest(path)
    if digest is None:
        return None
    text = json.dumps([SUBSET_VERSION, version, digest, chars])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _file_digest(path: str) -> str | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return _digest(path, stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=32)
def _digest(path: str, size: int, mtime_ns: int) -> str | None:
    """SHA-256 of a font file (the size and mtime only make a changed file a new entry)."""
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


def _prune(cache: Path) -> None:
    """Remove the least recently used subsets beyond ``CACHE_LIMIT``."""
    entries = []
    for entry in os.scandir(cache):
        if entry.name.endswith(".woff2") and entry.is_file(follow_symlinks=False):
            entries.append((entry.stat(follow_symlinks=False).st_mtime_ns, entry.path))
    for _, old in sorted(entries)[:max(0, len(entries) - CACHE_LIMIT)]:
        try:
            os.unlink(old)
        except OSError:
            pass


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
    font = TTFont(path, recalcTimestamp=False)  # the same page gives the same bytes
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chars)
    subsetter.subset(font)
    out = BytesIO()
    font.flavor = "woff2"
    font.save(out)
    return out.getvalue()
