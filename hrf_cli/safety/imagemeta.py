"""What an image file tells about where and by whom it was taken, read with Pillow.

A phone photo's EXIF GPS position is exact to a few metres: the house of the person
photographed. Besides EXIF (IFD0, the Exif and GPS sub-directories and the thumbnail's IFD1)
this reads XMP packets (JPEG APP1, PNG iTXt, WebP, TIFF), IPTC (JPEG APP13 and TIFF, through
Pillow's ``IptcImagePlugin``) and PNG text chunks. The result names the *kinds* of data found,
never their values, so a finding can be printed in a public CI log.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

GPS_IFD = 0x8825
EXIF_IFD = 0x8769
ORIENTATION = 0x0112
THUMBNAIL_OFFSET = 0x0201
THUMBNAIL_LENGTH = 0x0202

# EXIF tags that identify a person or a device (tag -> kind).
IFD0_IDENTIFYING = {0x013B: "artist", 0x8298: "copyright holder", 0x013C: "host computer name",
                    0x9C9D: "author (Windows)", 0x9C9C: "comment (Windows)"}
EXIF_IDENTIFYING = {0xA431: "camera body serial number", 0xA435: "lens serial number",
                    0xA430: "camera owner name", 0x9286: "user comment",
                    0x927C: "maker notes (may hold serial numbers)",
                    0xA420: "unique image id"}

# Device makers and model names that say the picture came from somebody's phone.
PHONE_MAKERS = ("apple", "samsung", "google", "huawei", "xiaomi", "redmi", "oneplus", "oppo",
                "vivo", "motorola", "honor", "realme", "nokia", "hmd", "zte", "tecno",
                "infinix", "fairphone", "nothing", "lg electronics", "htc", "meizu", "asus")
PHONE_MODELS = ("iphone", "ipad", "pixel", "galaxy", "sm-", "redmi", "mi ", "poco", "xperia",
                "moto ", "android")
PHONE_SOFTWARE = ("ios", "android", "miui", "one ui", "hyperos", "harmonyos", "emui",
                  "coloros", "oxygenos")

NS = {
    "exif": "http://ns.adobe.com/exif/1.0/",
    "exifEX": "http://cipa.jp/exif/1.0/",
    "aux": "http://ns.adobe.com/exif/1.0/aux/",
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
    "iptc": "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/",
    "iptcExt": "http://iptc.org/std/Iptc4xmpExt/2008-02-29/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "tiff": "http://ns.adobe.com/tiff/1.0/",
    "xmpRights": "http://ns.adobe.com/xap/1.0/rights/",
}
# XMP properties by namespace: (local name prefix, kind, is_location).
XMP_PROPERTIES: dict[str, list[tuple[str, str, bool]]] = {
    NS["exif"]: [("GPS", "XMP GPS data", True)],
    NS["photoshop"]: [("City", "XMP city", True), ("State", "XMP state or province", True),
                      ("Country", "XMP country", True), ("Credit", "XMP credit line", False),
                      ("AuthorsPosition", "XMP author's position", False)],
    NS["iptc"]: [("Location", "XMP location", True), ("CountryCode", "XMP country", True),
                 ("CreatorContactInfo", "XMP creator's contact details", False)],
    NS["iptcExt"]: [("LocationCreated", "XMP location", True),
                    ("LocationShown", "XMP location", True),
                    ("PersonInImage", "XMP names of people shown", False)],
    NS["dc"]: [("creator", "XMP creator", False), ("rights", "XMP rights holder", False)],
    NS["exifEX"]: [("BodySerialNumber", "camera body serial number", False),
                   ("LensSerialNumber", "lens serial number", False),
                   ("CameraOwnerName", "camera owner name", False)],
    NS["aux"]: [("SerialNumber", "camera body serial number", False),
                ("LensSerialNumber", "lens serial number", False),
                ("OwnerName", "camera owner name", False)],
    NS["tiff"]: [("Artist", "artist", False)],
    NS["xmpRights"]: [("Owner", "XMP rights holder", False)],
}
# IPTC-IIM datasets (record 2): (record, dataset) -> (kind, is_location).
IPTC_DATASETS = {(2, 90): ("IPTC city", True), (2, 92): ("IPTC sub-location", True),
                 (2, 95): ("IPTC province or state", True), (2, 100): ("IPTC country", True),
                 (2, 101): ("IPTC country", True), (2, 26): ("IPTC location", True),
                 (2, 27): ("IPTC location", True), (2, 80): ("IPTC by-line", False),
                 (2, 85): ("IPTC by-line title", False), (2, 116): ("IPTC copyright notice", False),
                 (2, 118): ("IPTC contact", False), (2, 110): ("IPTC credit", False)}
PNG_TEXT_KEYS = {"author": "PNG author text", "copyright": "PNG copyright text",
                 "comment": "PNG comment text", "source": "PNG device text",
                 "description": "PNG description text", "disclaimer": "PNG disclaimer text"}
THUMBNAIL_DIFFERENCE = 16  # mean absolute difference (0-255) above which a thumbnail differs


class NotAnImage(Exception):
    """Raised when Pillow cannot open a file as an image; the message says why."""


@dataclass
class ImageMetadata:
    """The kinds of location and identifying data one image file carries."""

    location: list[str] = field(default_factory=list)
    identifying: list[str] = field(default_factory=list)

    def add(self, kind: str, is_location: bool) -> None:
        target = self.location if is_location else self.identifying
        if kind not in target:
            target.append(kind)

    def __bool__(self) -> bool:
        return bool(self.location or self.identifying)


def read_metadata(source: Path | bytes) -> ImageMetadata:
    """Open ``source`` (a file or its bytes) with Pillow and list what it carries;
    NotAnImage when it is not an image."""
    from PIL import Image, UnidentifiedImageError

    found = ImageMetadata()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(source) if isinstance(source, bytes) else source) as im:
                _exif(im, found)
                _xmp(im.info.get("xmp") or _png_xmp(im), found)
                _iptc(im, found)
                _text(im, found)
                if getattr(im, "n_frames", 1) > 1 and im.format == "MPO":
                    found.add("further embedded pictures (multi-picture format)", False)
    except (UnidentifiedImageError, Image.DecompressionBombError,
            Image.DecompressionBombWarning) as exc:
        raise NotAnImage(str(exc).split(" could ")[0] if str(exc) else "not an image") from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise NotAnImage(f"cannot be read as an image ({exc.__class__.__name__})") from None
    return found


def _exif(im: Any, found: ImageMetadata) -> None:
    exif = im.getexif()
    if not exif and not im.info.get("exif"):
        return
    gps = exif.get_ifd(GPS_IFD)
    if gps:
        has_position = any(tag in gps for tag in (2, 4, 20, 22))  # latitude, longitude, dest.
        found.add("EXIF GPS position" if has_position else "EXIF GPS data", True)
    for tag, kind in IFD0_IDENTIFYING.items():
        if _filled(exif.get(tag)):
            found.add(f"EXIF {kind}", False)
    sub = exif.get_ifd(EXIF_IFD)
    for tag, kind in EXIF_IDENTIFYING.items():
        if _filled(sub.get(tag)):
            found.add(f"EXIF {kind}", False)
    if _is_phone(exif.get(0x010F), exif.get(0x0110), exif.get(0x0131)):
        found.add("EXIF phone make, model or software", False)
    _thumbnail(im, exif, found)


def _filled(value: object) -> bool:
    if isinstance(value, bytes):
        value = value.replace(b"\x00", b"").replace(b"ASCII", b"").replace(b"UNICODE", b"")
        return bool(value.strip())
    if isinstance(value, str):
        return bool(value.strip(" \x00"))
    return value is not None


def _is_phone(make: object, model: object, software: object) -> bool:
    make_text = str(make or "").strip().lower()
    model_text = str(model or "").strip().lower() + " "
    software_text = str(software or "").strip().lower()
    return (any(make_text.startswith(m) for m in PHONE_MAKERS)
            or any(model_text.startswith(m) or f" {m}" in model_text for m in PHONE_MODELS)
            or any(software_text.startswith(s) for s in PHONE_SOFTWARE))


def _thumbnail(im: Any, exif: Any, found: ImageMetadata) -> None:
    """An EXIF thumbnail that is not a small copy of the picture (a crop kept the original)."""
    from PIL import ExifTags, Image, ImageChops, ImageStat

    ifd1 = exif.get_ifd(ExifTags.IFD.IFD1)
    if not ifd1 or THUMBNAIL_OFFSET not in ifd1:
        return
    data = _thumbnail_bytes(im, ifd1)
    if data is None:
        found.add("EXIF embedded thumbnail that cannot be checked", False)
        return
    try:
        with Image.open(io.BytesIO(data)) as thumb:
            small = thumb.convert("RGB")
        picture = im.convert("RGB").resize(small.size)
        difference = ImageStat.Stat(ImageChops.difference(picture, small)).mean
    except Exception:  # noqa: BLE001 - any undecodable thumbnail is worth a warning
        found.add("EXIF embedded thumbnail that cannot be checked", False)
        return
    if sum(difference) / len(difference) > THUMBNAIL_DIFFERENCE:
        found.add("EXIF embedded thumbnail that differs from the picture", False)


def _thumbnail_bytes(im: Any, ifd1: Any) -> bytes | None:
    """The thumbnail JPEG (Pillow reads IFD1 but leaves the bytes in the EXIF block)."""
    raw = im.info.get("exif")
    if not isinstance(raw, bytes):
        return None
    block = raw[6:] if raw.startswith(b"Exif\x00\x00") else raw
    start, length = ifd1.get(THUMBNAIL_OFFSET), ifd1.get(THUMBNAIL_LENGTH)
    if not isinstance(start, int) or not isinstance(length, int) or start + length > len(block):
        return None
    return block[start:start + length]


def _png_xmp(im: Any) -> bytes | str | None:
    return im.info.get("XML:com.adobe.xmp")


def _xmp(packet: bytes | str | None, found: ImageMetadata) -> None:
    import xml.etree.ElementTree as ET

    if not packet:
        return
    data = packet.encode("utf-8") if isinstance(packet, str) else packet
    if b"<!ENTITY" in data or b"<!DOCTYPE" in data:
        found.add("XMP metadata that cannot be checked", False)
        return
    try:
        root = ET.fromstring(data.strip(b"\x00 \r\n\t"))
    except ET.ParseError:
        found.add("XMP metadata that cannot be checked", False)
        return
    for element in root.iter():
        names = [element.tag, *element.attrib]
        for name in names:
            if not isinstance(name, str) or not name.startswith("{"):
                continue
            namespace, _, local = name[1:].partition("}")
            for prefix, kind, is_location in XMP_PROPERTIES.get(namespace, ()):
                if local.startswith(prefix):
                    found.add(kind, is_location)
    _xmp_device(root, found)


def _xmp_device(root: Any, found: ImageMetadata) -> None:
    values: dict[str, str] = {}
    for element in root.iter():
        for name, value in [(element.tag, element.text or ""), *element.attrib.items()]:
            if isinstance(name, str) and name in (f"{{{NS['tiff']}}}Make", f"{{{NS['tiff']}}}Model",
                                                  "{http://ns.adobe.com/xap/1.0/}CreatorTool"):
                values[name.rsplit("}", 1)[1]] = value
    if _is_phone(values.get("Make"), values.get("Model"), values.get("CreatorTool")):
        found.add("XMP phone make, model or software", False)


def _iptc(im: Any, found: ImageMetadata) -> None:
    from PIL import IptcImagePlugin

    if im.format not in ("JPEG", "TIFF", "MPO"):
        return
    try:
        info = IptcImagePlugin.getiptcinfo(im) or {}
    except Exception:  # noqa: BLE001 - a broken IPTC block is itself worth a warning
        found.add("IPTC metadata that cannot be checked", False)
        return
    for key, value in info.items():
        described = IPTC_DATASETS.get(key)
        if described and _filled(value if not isinstance(value, list) else b"".join(value)):
            found.add(*described)


def _text(im: Any, found: ImageMetadata) -> None:
    """PNG text chunks and JPEG/GIF comments."""
    if im.format == "PNG":
        for key, value in getattr(im, "text", {}).items():
            kind = PNG_TEXT_KEYS.get(key.strip().lower())
            if kind and _filled(value):
                found.add(kind, False)
            elif key.lower() == "location" and _filled(value):
                found.add("PNG location text", True)
    comment = im.info.get("comment")
    if _filled(comment):
        found.add(f"{im.format} comment", False)
