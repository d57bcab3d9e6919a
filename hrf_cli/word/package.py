"""Open a .docx as the hostile ZIP it may be: bounded sizes, safe XML, a clear word for what
it is when it is not a Word file.

Nothing is ever extracted to disk by the names inside the archive; parts are read into
memory, each and all together under a size limit (a zip bomb stops at the limit, not when
memory runs out), and XML is parsed without DTDs, entities or network access.
"""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from hrf_cli.errors import ConfigError

if TYPE_CHECKING:
    from lxml import etree

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
MAX_PART = 64 * 1024 * 1024  # one XML part or image, uncompressed
MAX_TOTAL = 256 * 1024 * 1024  # everything read from one file
MAX_MEMBERS = 10_000
MAIN_PART = "word/document.xml"

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W, "r": R}


class WordFileError(ConfigError):
    """Raised when a file is not a .docx hrf can read (exit 2): the message says what it is."""


@dataclass
class WordPackage:
    """The parts of one .docx, read lazily and within the size limits."""

    path: Path
    shown: str
    archive: zipfile.ZipFile
    names: set[str] = field(default_factory=set)
    read_total: int = 0

    def has(self, name: str) -> bool:
        return name in self.names

    def read(self, name: str) -> bytes:
        """The bytes of one part; raises WordFileError past the limits."""
        info = self.archive.getinfo(name)
        if info.file_size > MAX_PART:
            raise WordFileError(f"{self.shown}: part {name} is {info.file_size:,} bytes "
                                f"uncompressed, more than hrf reads ({MAX_PART:,})")
        with self.archive.open(info) as handle:
            data = handle.read(MAX_PART + 1)
        self.read_total += len(data)
        if len(data) > MAX_PART or self.read_total > MAX_TOTAL:
            raise WordFileError(f"{self.shown}: the file unpacks to more than hrf reads "
                                f"({MAX_TOTAL:,} bytes); is it a zip bomb?")
        return data

    def xml(self, name: str) -> etree._Element | None:
        """A part parsed as XML, or None when the package has no such part."""
        if name not in self.names:
            return None
        return parse_xml(self.read(name), f"{self.shown}: {name}")

    def close(self) -> None:
        self.archive.close()


def parse_xml(data: bytes, where: str) -> etree._Element:
    """Parse XML with no DTD, no entity expansion and no network; a DOCTYPE is refused."""
    from lxml import etree

    head = data[:4096].lstrip()
    if b"<!DOCTYPE" in data[:65536].upper() or b"<!ENTITY" in data[:65536].upper():
        raise WordFileError(f"{where} declares a DOCTYPE or entities, which Word never "
                            "writes; hrf does not read it")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise WordFileError(f"{where} is not well-formed XML ({exc}); the file is damaged"
                            + ("" if head else " (empty part)")) from None


def open_package(path: Path, shown: str) -> WordPackage:
    """Open ``path`` as a .docx; raises WordFileError naming the file and what it is instead."""
    from hrf_cli.boundary import NotAFile, open_regular

    try:  # never blocks: a FIFO (or a file swapped for one) is refused, not waited on
        fd = open_regular(path, None, "Word file", shown)
        try:
            head = os.read(fd, 8)
        finally:
            os.close(fd)
    except NotAFile as exc:
        raise WordFileError(f"{shown} {exc.reason}") from None
    except FileNotFoundError:
        raise WordFileError(f"{shown}: file not found") from None
    except IsADirectoryError:
        raise WordFileError(f"{shown} is a folder, not a Word file") from None
    except OSError as exc:
        raise WordFileError(f"{shown}: cannot read it: {exc.strerror or exc}") from None
    if head == OLE_MAGIC:
        raise WordFileError(_ole_message(path, shown))
    if not head.startswith(ZIP_MAGIC):
        raise WordFileError(f"{shown} is not a Word file (.docx): it is not a ZIP package; "
                            "open it in Word or LibreOffice and save it as .docx")
    try:
        archive = zipfile.ZipFile(path)
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise WordFileError(f"{shown} is not a readable Word file (.docx): damaged ZIP ({exc})") from None
    if len(infos) > MAX_MEMBERS:
        archive.close()
        raise WordFileError(f"{shown} holds {len(infos):,} parts, more than a Word file has")
    names = {info.filename for info in infos}
    if MAIN_PART not in names:
        archive.close()
        raise WordFileError(f"{shown} is a ZIP file but not a Word document (no {MAIN_PART}); "
                            "only .docx files can be imported")
    return WordPackage(path, shown, archive, names)


def _ole_message(path: Path, shown: str) -> str:
    """An OLE compound file is either an encrypted .docx or a legacy binary .doc."""
    try:
        with open(path, "rb") as handle:  # a regular file (checked): read its head only
            data = handle.read(8 * 1024 * 1024)
    except OSError:
        data = b""
    if "EncryptedPackage".encode("utf-16-le") in data:
        return (f"{shown} is password-protected (encrypted); hrf cannot read it. Open it in "
                "Word, remove the password (File > Info > Protect Document) and save it again")
    return (f"{shown} is a legacy Word 97-2003 document (.doc), which hrf cannot read; open "
            "it in Word or LibreOffice and save it as Word Document (.docx)")
