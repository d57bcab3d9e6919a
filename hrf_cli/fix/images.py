"""``hrf fix --select image-metadata``: strip a report's own images in place.

Only images the ``image-metadata`` rule flags are rewritten (a clean image is never
re-encoded, so running the fix twice changes nothing), only inside the report's folder, and
each one atomically. The original is kept beside it as ``NAME.orig`` (``NAME.orig.1``... when
that exists) unless backups are turned off; an existing file is never overwritten.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hrf_cli.paths import display_path

if TYPE_CHECKING:
    from hrf_cli.boundary import Boundary


@dataclass(frozen=True)
class StrippedImage:
    """One image the fix rewrote (or would rewrite), its backup, or why it could not."""

    url: str
    backup: Path | None = None
    error: str | None = None


def strip_images(text: str, source: Path, shown: str, *, write: bool, backup: bool,
                 boundary: Boundary | None = None) -> list[StrippedImage]:
    """Strip every flagged local image of the report ``text`` read from ``source``; images
    are found and read through the project ``boundary`` (default: the report's folder)."""
    from hrf_cli.boundary import Boundary, Refused
    from hrf_cli.document import parse_document
    from hrf_cli.safety.imagemeta import NotAnImage, read_metadata
    from hrf_cli.safety.images import image_sites

    boundary = boundary or Boundary.for_folder(source.parent)
    doc = parse_document(text, shown)
    doc.source, doc.boundary = source, boundary
    done: list[StrippedImage] = []
    seen: set[Path] = set()
    for site in image_sites(doc):
        try:
            path = boundary.image(site.url)
            if path is None or path in seen:
                continue
            seen.add(path)
            if not read_metadata(boundary.read(path, "image", site.url)):
                continue
        except (Refused, OSError, NotAnImage):
            continue  # outside the project, missing, or not a picture: nothing to strip
        done.append(_strip(site.url, path, write=write, backup=backup))
    return done


def _strip(url: str, path: Path, *, write: bool, backup: bool) -> StrippedImage:
    from hrf_cli.atomic import write_bytes
    from hrf_cli.safety.imagemeta import NotAnImage
    from hrf_cli.safety.strip import clean_copy

    try:
        before = path.read_bytes()
        clean = clean_copy(path)
    except (NotAnImage, OSError) as exc:
        return StrippedImage(url, error=f"cannot strip {url}: {exc}")
    if not write:
        return StrippedImage(url)
    kept = None
    try:
        if path.read_bytes() != before:
            return StrippedImage(url, error=f"{url} changed on disk meanwhile; not overwritten")
        if backup:
            kept = _backup(path, before)
        write_bytes(path, clean)
    except OSError as exc:
        return StrippedImage(url, kept, error=f"cannot write {url}: {exc.strerror or exc}")
    return StrippedImage(url, kept)


def _backup(path: Path, data: bytes) -> Path:
    """Write ``data`` to the first free ``NAME.orig``, ``NAME.orig.1``... (never overwriting)."""
    for n in range(1000):
        candidate = path.with_name(path.name + ".orig" + (f".{n}" if n else ""))
        try:
            fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            continue
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        return candidate
    raise OSError(f"no free backup name beside {display_path(path)}")
