"""``hrf export`` publishes no photo metadata, no HTML comment, no redacted word and no
protected name: every image of every output is decoded, every text layer read."""

from __future__ import annotations

import base64
import hashlib
import io
import re
import zipfile
from pathlib import Path
from typing import Callable

import pytest
from click.testing import Result
from PIL import Image

from hrf_cli.safety.imagemeta import read_metadata
from tests.safety_images import (
    CITY, HEIGHT, OWNER, SERIAL, WIDTH, camera_tiff, phone_jpeg, phone_png, phone_webp, red_corner,
)

Run = Callable[..., Result]
SECRETS = ("witness W7", "phone 050", "Marchenko", "Petrivka", "Hidden paragraph", "raw secret",
           "meta secret", "note secret", "A4321")
REPORT = """---
title: "Visit to [Petrivka]{.redact} <!-- meta secret -->"
author: Field Documentation Team
date: 2024-10-15
abstract: "Talks with [Marchenko]{.redact}."
---

# Findings in [Petrivka]{.redact}

We met [Marchenko]{.redact} at the school. <!-- witness W7: phone 050 123 -->
A one-letter redaction: [X]{.redact}.[^1]

<!-- editors: check the raw secret -->

<div class="box">
<p>Raw HTML <!-- raw secret --> stays.</p>
</div>

::: redact
Hidden paragraph about unit A4321 and its commander.
:::

![The school, seen from [Marchenko]{.redact}'s house](images/school.jpg)

![The market](images/market.png)

![The bridge](images/bridge.webp)

## Second section

Text.

[^1]: Interview, 12 March 2024. <!-- note secret -->
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "visit"
    (folder / "images").mkdir(parents=True)
    phone_jpeg(folder / "images" / "school.jpg", orientation=6)
    phone_png(folder / "images" / "market.png")
    phone_webp(folder / "images" / "bridge.webp")
    (folder / "report.md").write_text(REPORT, "utf-8")
    (folder / "hrf.yaml").write_text("export:\n  toc: always\n", "utf-8")  # a heading is redacted
    return folder


def digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*"))
            if p.is_file() and not {"dist", ".hrf-cache"} & set(p.parts)}


def html_images(html: str) -> list[bytes]:
    return [base64.b64decode(m.group(1))
            for m in re.finditer(r'src="data:image/[a-z+]+;base64,([A-Za-z0-9+/=]+)"', html)]


def docx_images(docx: Path) -> list[bytes]:
    with zipfile.ZipFile(docx) as z:
        return [z.read(name) for name in sorted(z.namelist()) if name.startswith("word/media/")]


def docx_xml(docx: Path) -> str:
    with zipfile.ZipFile(docx) as z:
        return "\n".join(z.read(name).decode("utf-8", "replace") for name in z.namelist()
                         if name.endswith((".xml", ".rels")))


def pdf_images(pdf: Path) -> list[bytes]:
    import pypdf

    reader = pypdf.PdfReader(pdf)
    return [image.data for page in reader.pages for image in page.images]


def pdf_text(pdf: Path) -> str:
    import pypdf

    reader = pypdf.PdfReader(pdf)
    outline = str(reader.outline)
    return "\n".join(page.extract_text() for page in reader.pages) + outline + str(reader.metadata)


def assert_clean(data: bytes, where: str) -> Image.Image:
    for value in (OWNER, SERIAL, CITY, "iPhone", "Apple", "Exif\x00\x00", "photoshop:City"):
        assert value.encode() not in data, (where, value)
    im = Image.open(io.BytesIO(data))
    path_free = io.BytesIO(data)
    assert not im.getexif() or im.format == "TIFF", where
    assert "xmp" not in im.info and "XML:com.adobe.xmp" not in im.info, where
    del path_free
    return im


def test_export_publishes_no_metadata_comment_or_redacted_word(hrf: Run, project: Path) -> None:
    before = digests(project)
    result = hrf("export", "visit/report.md", "--to", "all", "--no-lint")
    assert result.exit_code == 0, result.output
    dist = project / "dist"
    html = (dist / "visit.html").read_text("utf-8")
    docx, pdf = dist / "visit.docx", dist / "visit.pdf"
    assert digests(project) == before  # the report and its photos are never changed

    # Every image in every format: upright, no metadata, ICC profile kept in the JPEG.
    for where, images in (("html", html_images(html)), ("docx", docx_images(docx)),
                          ("pdf", pdf_images(pdf))):
        assert len(images) == 3, where
        shapes = []
        for data in images:
            im = assert_clean(data, where)
            shapes.append(im.size)
            if im.size == (HEIGHT, WIDTH):  # the phone photo: turned upright
                assert red_corner(im) == "top-right", where
                if where != "pdf":
                    assert im.info.get("icc_profile"), where
            else:
                assert red_corner(im) == "top-left", where
        assert sorted(shapes) == sorted([(HEIGHT, WIDTH), (WIDTH, HEIGHT), (WIDTH, HEIGHT)]), where

    # Comments and redacted words are in no layer: HTML source, DOCX XML, PDF text and outline.
    texts = {"html": html, "docx": docx_xml(docx), "pdf": pdf_text(pdf)}
    for where, text in texts.items():
        for secret in SECRETS:
            assert secret not in text, (where, secret)
        assert "<!--" not in text or where != "html" or html.count("<!--") == 0
    assert "<!--" not in html
    assert "Raw HTML" in html and "stays." in html

    # The mark: one fixed width for a letter or a paragraph, labelled for screen readers.
    marks = re.findall(r'<span class="redacted" role="img" aria-label="redacted">([^<]*)</span>', html)
    assert len(marks) >= 5 and len(set(marks)) == 1
    assert texts["docx"].count(">\u2002REDACTED\u2002<") >= 5
    assert texts["pdf"].count("REDACTED") >= 5
    # In the metadata (title, PDF and DOCX properties) the mark is text.
    assert "<title>Visit to [redacted]" in html
    assert "<dc:title>Visit to [redacted]" in texts["docx"]
    assert "'/Title': 'Visit to [redacted]'" in texts["pdf"]
    assert 'id="redacted-section-1"' in html  # the heading's id no longer spells the place
    assert 'href="#redacted-section-1"' in html  # the table of contents shows the mark


def test_tiff_images_are_published_clean(hrf: Run, tmp_path: Path) -> None:
    folder = tmp_path / "t"
    (folder / "images").mkdir(parents=True)
    camera_tiff(folder / "images" / "scan.tif")
    (folder / "report.md").write_text("---\ntitle: Scan\n---\n\n![Scan](images/scan.tif)\n", "utf-8")
    assert hrf("export", "t/report.md", "--to", "html,docx", "--no-lint").exit_code == 0
    for data in html_images((folder / "dist" / "t.html").read_text("utf-8")) + \
            docx_images(folder / "dist" / "t.docx"):
        clean = tmp_path / "clean.tif"
        clean.write_bytes(data)
        assert not read_metadata(clean)


@pytest.mark.parametrize("lint", [True, False])
def test_a_protected_name_stops_the_export_without_printing_it(hrf: Run, project: Path,
                                                               tmp_path: Path, lint: bool) -> None:
    names = tmp_path / "names.txt"
    names.write_text("# never publish\nSerhii Bondar\n", "utf-8")
    (project / "report.md").write_text(REPORT + "\nThanks to Сергій Бондар.\n", "utf-8")
    args = ["export", "visit/report.md", "--to", "all"] + ([] if lint else ["--no-lint"])
    result = hrf(*args, env={"HRF_PROTECTED_NAMES": str(names)})
    assert result.exit_code == 1
    assert "protected name" in result.output and "(line 35)" in result.output
    for secret in ("Serhii", "Bondar", "Сергій", "Бондар"):
        assert secret not in result.output
    assert not (project / "dist").exists()


@pytest.mark.parametrize("opening", ['<span class="red&#97;ct">', '<span class="&#x72;edact">',
                                     '<span class="REDACT redact">'])
def test_a_redaction_however_its_class_is_spelled_is_redacted(hrf: Run, tmp_path: Path,
                                                              opening: str) -> None:
    """Export skips the redaction walk only for a report that cannot hold one: a class
    spelled with character references (which pandoc decodes) still gets it."""
    folder = tmp_path / "visit"
    folder.mkdir()
    (folder / "report.md").write_text(
        f"---\ntitle: Visit\n---\n\nWe met {opening}Petro Marchenko</span> there.\n", "utf-8")
    result = hrf("export", "visit/report.md", "--to", "all", "--no-lint")
    assert result.exit_code == 0, result.output
    dist = folder / "dist"
    texts = {"html": (dist / "visit.html").read_text("utf-8"),
             "docx": docx_xml(dist / "visit.docx"), "pdf": pdf_text(dist / "visit.pdf")}
    for where, text in texts.items():
        assert "Marchenko" not in text, where
    assert "REDACTED" in texts["pdf"] and 'aria-label="redacted"' in texts["html"]
