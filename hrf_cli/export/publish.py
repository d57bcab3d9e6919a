"""What export checks and prepares so no source is given away: a report with a protected
name is refused before anything runs, and every local image is published from a clean copy.

Clean copies are made when the filter asks for the report's images (hrf_cli/export/inputs.py):
HTML and DOCX embed the copies, and the PDF compile gets a root (``typst_root``) that shows
the project with each copy in place of its photo, at the same path, so pandoc's images and
raw typst naming the same files both read the clean copy. The report's own files are never
changed.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from hrf_cli.boundary import Refused
from hrf_cli.errors import HrfError

if TYPE_CHECKING:
    from hrf_cli.boundary import Boundary
    from hrf_cli.config import Config

# Published as they are: Pillow cannot rewrite them, and they carry no EXIF/XMP/IPTC block
# of a camera (an SVG's own <metadata> is the author's text).
UNCHANGED_SUFFIXES = (".svg", ".pdf", ".eps")


def refuse_protected_names(source: Path, shown: str, config: Config, boundary: Boundary,
                           data: bytes) -> None:
    """HrfError when the report (``data``, as read) or its bibliographies hold a protected
    name; the message gives lines, never the name."""
    from hrf_cli.safety.names import load_names

    names = load_names(config.safety.protected_names, config.root)
    if not names:
        return
    from hrf_cli.document import parse_document
    from hrf_cli.lint.rules.safety import bibliography_texts

    doc = parse_document(data.decode("utf-8", "replace"), shown)
    doc.source, doc.boundary = source, boundary
    lines = sorted({hit.line for hit in names.find(doc.text)})
    shown_lines = ", ".join(map(str, lines[:10])) + (", ..." if len(lines) > 10 else "")
    places = [f"line{'s' if len(lines) > 1 else ''} {shown_lines}"] if lines else []
    places += [name for name, text in bibliography_texts(doc) if names.contains(text)]
    if places:
        raise HrfError("contains a protected name (" + "; ".join(places) + "); nothing exported. "
                       "Run `hrf lint --select protected-name` to see every place", path=shown)


def publishable_image(data: bytes, src: str) -> bytes:
    """``data`` rewritten without metadata (hrf_cli.safety.strip); Refused when it cannot be
    read as an image, rather than publish a file whose metadata nobody checked."""
    from hrf_cli.safety.imagemeta import NotAnImage
    from hrf_cli.safety.strip import clean_copy

    if PurePosixPath(src.split("?", 1)[0].split("#", 1)[0]).suffix.lower() in UNCHANGED_SUFFIXES:
        return data
    try:
        return clean_copy(data)
    except NotAnImage as exc:
        raise Refused("image", src, f"cannot be read to remove its metadata ({exc}), so it is "
                      "not published; convert it to JPEG, PNG or WebP") from None


def typst_root(root: Path, clean: dict[str, Path], where: Path) -> Path:
    """A folder that looks like the project ``root`` to typst, with each clean copy at its
    photo's root-relative path: the folders on the way are real, every other entry in them
    is a symbolic link to the project's own. ``root`` itself when there is no image."""
    if not clean:
        return root
    tree: dict[str, dict] = {}
    for relative, copy in clean.items():
        node = tree
        parts = PurePosixPath(relative).parts
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = {"": copy}
    _mirror(root, where, tree)
    return where


def _mirror(real: Path, mirror: Path, node: dict[str, dict]) -> None:
    mirror.mkdir(parents=True, exist_ok=True)
    for entry in os.scandir(real):
        if entry.name not in node:
            os.symlink(entry.path, mirror / entry.name)
    for name, child in node.items():
        if "" in child:
            shutil.copyfile(child[""], mirror / name)
        else:
            _mirror(real / name, mirror / name, child)
