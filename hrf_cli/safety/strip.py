"""A publishable copy of an image: the same picture, upright, with its colour profile, and
nothing else.

The copy is written from the decoded pixels, so what it carries is an allow-list by
construction: pixels, the ICC profile and (for palette images) transparency. Every EXIF,
XMP, IPTC, comment, thumbnail, maker-note or multi-picture segment of the source is left
behind, including vendor segments no deny-list would know. The EXIF orientation is applied
first (``ImageOps.exif_transpose``), or a phone photo taken upright would turn on its side
once its orientation tag is gone.

Formats: PNG, TIFF and GIF are lossless; a JPEG that needs no rotation is re-encoded with
its own quantisation tables and chroma subsampling, which changes pixel
values by a step or two at most, and a rotated one at quality 95 with the same subsampling;
a lossless WebP stays lossless, a lossy one is written at quality 95. Cutting the JPEG's APP
segments losslessly would avoid that small loss, but it means parsing JPEG markers by hand
and knowing every segment (and the multi-picture data after the image) that can carry
metadata; re-encoding cannot miss one.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from hrf_cli.safety.imagemeta import NotAnImage

# Formats hrf can rewrite; anything else (SVG, PDF) is published as it is.
STRIPPABLE = ("JPEG", "MPO", "PNG", "WEBP", "TIFF", "GIF", "BMP")


def clean_copy(source: Path | bytes) -> bytes:
    """The image ``source`` (a file, or its bytes) rewritten without metadata, in its format."""
    import warnings

    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(source) if isinstance(source, bytes) else source) as im:
                lossless = im.format == "WEBP" and _lossless_webp(source)
                im.load()
                fmt = "JPEG" if im.format == "MPO" else im.format
                if fmt not in STRIPPABLE:
                    raise NotAnImage(f"hrf cannot rewrite {im.format} images")
                rotated = im.getexif().get(0x0112, 1) in range(2, 9)
                # A plain Image: Pillow's writers copy tags from an opened file (TIFF keeps
                # its Artist, IPTC and XMP tags), never from a fresh image with empty info.
                picture = (ImageOps.exif_transpose(im) if rotated else im).copy()
                picture.info = {}
                out = io.BytesIO()
                picture.save(out, fmt, **_options(im, fmt, rotated, lossless))
                return out.getvalue()
    except (UnidentifiedImageError, Image.DecompressionBombError,
            Image.DecompressionBombWarning) as exc:
        raise NotAnImage(str(exc) or "not an image") from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise NotAnImage(f"cannot be read as an image ({exc})") from None


def _options(source: Any, fmt: str, rotated: bool, lossless_webp: bool) -> dict[str, Any]:
    """Writer options that keep the picture and drop everything Pillow would copy over."""
    options: dict[str, Any] = {"exif": b""}
    icc = source.info.get("icc_profile")
    if icc:
        options["icc_profile"] = icc
    if fmt == "JPEG":
        from PIL import JpegImagePlugin

        sampling = JpegImagePlugin.get_sampling(source)
        options["subsampling"] = sampling if sampling != -1 else 0
        if not rotated and getattr(source, "quantization", None):
            options["qtables"] = source.quantization  # "quality keep", on a fresh image
        else:
            options["quality"] = 95
        options["progressive"] = bool(source.info.get("progressive"))
    elif fmt == "PNG":
        options["pnginfo"] = None
        if "transparency" in source.info:
            options["transparency"] = source.info["transparency"]
    elif fmt == "WEBP":
        options.update(lossless=lossless_webp, quality=95, xmp=b"")
    elif fmt == "TIFF":
        options["compression"] = "tiff_adobe_deflate"
    elif fmt == "GIF":
        options.pop("exif")
        if "transparency" in source.info:
            options["transparency"] = source.info["transparency"]
    elif fmt == "BMP":
        options.pop("exif")
        options.pop("icc_profile", None)
    return options


def _lossless_webp(source: Path | bytes) -> bool:
    """True when the WebP's picture is a lossless (VP8L) chunk. Pillow does not say; the RIFF
    chunk names do (an extended file starts with VP8X, then ICCP/ANIM/ALPH, then the picture)."""
    import struct

    if isinstance(source, bytes):
        data = source[:1 << 20]
    else:
        with source.open("rb") as handle:
            data = handle.read(1 << 20)
    pos = 12
    while pos + 8 <= len(data):
        name, size = data[pos:pos + 4], struct.unpack("<I", data[pos + 4:pos + 8])[0]
        if name in (b"VP8 ", b"VP8L"):
            return name == b"VP8L"
        pos += 8 + size + (size & 1)
    return False
