"""The PDF's page layout, read back from the PDF: the cover image and its credit, no widow or
orphan line, and notes that never run past the page's bottom margin (a long one continues on
the next page). Text positions come from pypdfium2, images from pypdf."""

from __future__ import annotations

import io
import re
from pathlib import Path

from hrf_cli.export.build import ExportOptions, export_paths

PT_PER_CM = 72 / 2.54
BOTTOM_MARGIN = 2.6 * PT_PER_CM  # templates/typst/report.typ: body-margins
FRONT = "---\ntitle: Layout\nauthor: A. Author\ndate: 2024-11-25\n---\n\n"
CREDIT = "Photo: Olha Testerenko, Kupiansk Monitoring Group"


def _export(folder: Path, text: str) -> Path:
    (folder / "hrf.yaml").write_text("export:\n  toc: never\n", "utf-8")
    report = folder / "report" / "report.md"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(text, "utf-8")
    run = export_paths([str(report)], ExportOptions(formats=("pdf",), force=True))
    assert not run.failed, run.reports[0].errors
    return run.reports[0].written["pdf"]


def _lines(pdf: Path) -> list[list[tuple[float, float, str]]]:
    """Per page, the text lines as (bottom, top, text) in points from the page's foot."""
    import pypdfium2

    pages = []
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        for page in document:
            text = page.get_textpage()
            rows = []
            for i in range(text.count_rects()):
                left, bottom, right, top = text.get_rect(i)
                found = text.get_text_bounded(left, bottom, right, top).strip()
                if found:
                    rows.append((bottom, top, found))
            pages.append(sorted(rows, key=lambda row: -row[1]))
    finally:
        document.close()
    return pages


def test_cover_image_and_its_credit_are_on_the_cover_of_the_pdf(tmp_path: Path) -> None:
    from PIL import Image
    from pypdf import PdfReader

    folder = tmp_path / "project"
    (folder / "report" / "images").mkdir(parents=True)
    photo = Image.new("RGB", (120, 80), (30, 90, 160))
    exif = Image.Exif()
    exif[0x013B] = "Olha Testerenko"  # Artist: identifying metadata that must not be published
    photo.save(folder / "report" / "images" / "cover.jpg", exif=exif.tobytes())
    pdf = _export(folder, FRONT.replace("---\n\n", f"cover-image: images/cover.jpg\n"
                                                  f"cover-credit: \"{CREDIT}\"\n"
                                                  "cover-alt: A river crossing at dawn\n---\n\n")
                  + "# One\n\nText.\n")
    reader = PdfReader(pdf)
    cover = reader.pages[0]
    images = list(cover.images)
    assert len(images) == 1
    shown = Image.open(io.BytesIO(images[0].data))
    assert shown.size == (120, 80)
    assert b"Testerenko" not in images[0].data  # the clean copy, not the photo's own bytes
    assert CREDIT in re.sub(r"\s+", " ", cover.extract_text())
    assert not list(reader.pages[1].images)  # on the cover only


def test_a_cover_image_outside_the_project_is_refused(tmp_path: Path) -> None:
    from PIL import Image

    folder = tmp_path / "project"
    (folder / "report").mkdir(parents=True)
    Image.new("RGB", (40, 30), (200, 0, 0)).save(tmp_path / "outside.jpg")
    (folder / "hrf.yaml").write_text("export:\n  toc: never\n", "utf-8")
    report = folder / "report" / "report.md"
    report.write_text(FRONT.replace("---\n\n", "cover-image: ../../outside.jpg\n---\n\n")
                      + "Text.\n", "utf-8")
    run = export_paths([str(report)], ExportOptions(force=True))
    assert run.failed and not run.reports[0].written
    message = " ".join(run.reports[0].errors)
    assert "outside.jpg" in message and "outside the project" in message
    assert not (folder / "report" / "dist").exists() or not any((folder / "report" / "dist").iterdir())


def _paragraph(number: int, lines: int) -> str:
    """About ``lines`` lines of text whose every word names its paragraph (p7 p7 ...)."""
    return " ".join([f"p{number}"] * (lines * 11))


def test_no_widow_or_orphan_line_in_the_pdf(tmp_path: Path) -> None:
    sizes = [3, 5, 2, 7, 4, 6, 3, 8, 5, 2, 6, 4, 7, 3, 5] * 4
    body = "\n\n".join(_paragraph(n, size) for n, size in enumerate(sizes))
    pdf = _export(tmp_path, FRONT + "# Section\n\n" + body + "\n")
    pages = _lines(pdf)[1:]  # after the cover
    assert len(pages) >= 4
    breaks = 0
    for page, following in zip(pages, pages[1:]):
        body_lines = [row for row in page if row[0] > BOTTOM_MARGIN and re.match(r"p\d", row[2])]
        next_lines = [row for row in following if row[0] > BOTTOM_MARGIN and re.match(r"p\d", row[2])]
        last = re.match(r"p(\d+)", body_lines[-1][2]).group(1)
        first = re.match(r"p(\d+)", next_lines[0][2]).group(1)
        if last != first:
            continue  # the page ends with a whole paragraph
        breaks += 1
        here = sum(1 for row in body_lines if re.match(rf"p{last}\b", row[2]))
        there = sum(1 for row in next_lines if re.match(rf"p{first}\b", row[2]))
        assert here >= 2, f"orphan: one line of paragraph {last} at the foot of a page"
        assert there >= 2, f"widow: one line of paragraph {first} at the head of a page"
    assert breaks >= 2  # paragraphs did run across pages, so the rule was put to the test


def test_a_long_note_never_runs_past_the_bottom_margin(tmp_path: Path) -> None:
    words = [f"n{i:03d}" for i in range(1, 700)]
    note = " ".join(words)
    paragraphs = [_paragraph(n, 5) for n in range(12)]
    paragraphs[6] += "[^long]"  # a note of about 60 lines referenced low on the first page
    pdf = _export(tmp_path, FRONT + "# Section\n\n" + "\n\n".join(paragraphs)
                  + f"\n\n[^long]: {note}\n")
    pages = _lines(pdf)[1:]
    seen: list[str] = []
    holding = 0
    for page in pages:
        for bottom, _top, text in page:
            if bottom < BOTTOM_MARGIN - 1:
                assert re.fullmatch(r"\d+", text), f"text below the bottom margin: {text!r}"
        found = [w for _b, _t, text in page for w in re.findall(r"n\d{3}", text)]
        holding += bool(found)
        seen += found
    assert seen == words  # every word of the note, once, in order
    assert holding >= 2  # the note continues on the next page


def test_raw_typst_in_the_cover_credit_is_printed_as_typed(tmp_path: Path) -> None:
    """The credit is text like the title: raw typst in it is shown, never run."""
    from pypdf import PdfReader
    from PIL import Image

    folder = tmp_path / "project"
    (folder / "report" / "images").mkdir(parents=True)
    Image.new("RGB", (60, 40), (30, 90, 160)).save(folder / "report" / "images" / "cover.png")
    credit = "Photo `#text(fill: red)[run]`{=typst}"
    pdf = _export(folder, FRONT.replace("---\n\n", "cover-image: images/cover.png\n"
                                                  f"cover-credit: '{credit}'\n---\n\n") + "Text.\n")
    cover = re.sub(r"\s+", " ", PdfReader(pdf).pages[0].extract_text())
    assert "Photo #text(fill: red)[run]" in cover
