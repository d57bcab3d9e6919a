"""Real photos for the source-safety tests, made with Pillow: GPS positions, serial numbers,
owners, XMP and IPTC blocks, an orientation tag, an ICC profile, each as a camera or a phone
writes it."""

from __future__ import annotations

import io
import struct
from pathlib import Path

from PIL import Image, ImageCms, ImageDraw, PngImagePlugin

OWNER = "Olena Kovalenko"
SERIAL = "CN0012345"
CITY = "Kupiansk"
WIDTH, HEIGHT = 60, 40  # as stored; a photo with orientation 6 shows HEIGHT x WIDTH
XMP = (
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
    'xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:exif="http://ns.adobe.com/exif/1.0/" '
    f'photoshop:City="{CITY}" exif:GPSLatitude="49,42.5N">'
    f'<dc:creator><rdf:Seq><rdf:li>{OWNER}</rdf:li></rdf:Seq></dc:creator>'
    '</rdf:Description></rdf:RDF></x:xmpmeta>'
)


def picture() -> Image.Image:
    """A grey picture with a red block in its top-left corner (as stored)."""
    im = Image.new("RGB", (WIDTH, HEIGHT), (200, 200, 200))
    ImageDraw.Draw(im).rectangle((0, 0, 19, 13), fill=(220, 0, 0))
    return im


def srgb_profile() -> bytes:
    """An sRGB ICC profile. LittleCMS stamps each new profile with the time it was made
    (header bytes 24-35), so compare a copy's profile with its source's, not a new one."""
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def phone_exif(orientation: int = 1) -> Image.Exif:
    """EXIF as a phone writes it: make and model, GPS position, serial, owner, artist."""
    exif = Image.Exif()
    exif[0x010F] = "Apple"
    exif[0x0110] = "iPhone 13"
    exif[0x013B] = OWNER
    if orientation != 1:
        exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (49.0, 42.0, 30.5)
    gps[3], gps[4] = "E", (37.0, 36.0, 55.0)
    sub = exif.get_ifd(0x8769)
    sub[0xA431] = SERIAL
    sub[0xA430] = OWNER
    return exif


def iptc_block(city: str = CITY, byline: str = OWNER) -> bytes:
    """IPTC-IIM record 2: city (2:90) and by-line (2:80)."""
    out = b""
    for dataset, value in ((90, city), (80, byline)):
        data = value.encode()
        out += b"\x1c\x02" + bytes([dataset]) + struct.pack(">H", len(data)) + data
    return out


def jpeg_with_app13(jpeg: bytes, iptc: bytes) -> bytes:
    """Insert a Photoshop APP13 segment holding ``iptc`` after the JPEG's SOI marker."""
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(iptc)) + iptc
    if len(iptc) % 2:
        resource += b"\x00"
    payload = b"Photoshop 3.0\x00" + resource
    segment = b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload
    return jpeg[:2] + segment + jpeg[2:]


def phone_jpeg(path: Path, orientation: int = 6) -> Path:
    """A rotated phone JPEG with EXIF (GPS, serial, owner), XMP, IPTC and an ICC profile."""
    out = io.BytesIO()
    picture().save(out, "JPEG", exif=phone_exif(orientation), xmp=XMP.encode(),
                   icc_profile=srgb_profile(), quality=92)
    path.write_bytes(jpeg_with_app13(out.getvalue(), iptc_block()))
    return path


def phone_png(path: Path) -> Path:
    """A PNG with an eXIf chunk (GPS...), an iTXt XMP packet and an Author text chunk."""
    info = PngImagePlugin.PngInfo()
    info.add_itxt("XML:com.adobe.xmp", XMP)
    info.add_text("Author", OWNER)
    picture().save(path, "PNG", exif=phone_exif(), pnginfo=info, icc_profile=srgb_profile())
    return path


def phone_webp(path: Path) -> Path:
    picture().save(path, "WEBP", exif=phone_exif(), xmp=XMP.encode(), lossless=True)
    return path


def camera_tiff(path: Path) -> Path:
    """A TIFF with IPTC (city, by-line), an Artist tag and a camera serial in XMP."""
    info = {315: OWNER, 33723: iptc_block(), 700: XMP.encode()}
    picture().save(path, "TIFF", tiffinfo=info)
    return path


def serial_only_jpeg(path: Path) -> Path:
    """A camera JPEG with a body serial number and no location."""
    exif = Image.Exif()
    exif[0x010F] = "Canon"
    exif.get_ifd(0x8769)[0xA431] = SERIAL
    picture().save(path, "JPEG", exif=exif)
    return path


def clean_png(path: Path) -> Path:
    picture().save(path, "PNG")
    return path


def red_corner(im: Image.Image) -> str:
    """Which corner of the picture the red block is in: the test of an upright picture."""
    rgb = im.convert("RGB")
    w, h = rgb.size
    corners = {"top-left": (2, 2), "top-right": (w - 3, 2), "bottom-left": (2, h - 3),
               "bottom-right": (w - 3, h - 3)}
    reds = [name for name, xy in corners.items() if rgb.getpixel(xy)[0] > 150 and rgb.getpixel(xy)[1] < 80]
    assert len(reds) == 1, reds
    return reds[0]
