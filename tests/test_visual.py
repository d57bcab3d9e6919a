"""Visual regression: the example's PDF pages against committed pictures, with a tolerance.

Each page is rendered with pypdfium2 at 40 dpi and compared with ``tests/visual/page-NN.png``:
a change of layout (a line that moves, a cover redrawn, a table re-aligned) shows here and in
review. After an intended change, regenerate the references and look at them:

    HRF_UPDATE_VISUAL=1 python -m pytest tests/test_visual.py
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from hrf_cli.export.build import ExportOptions, export_paths

EXAMPLE = Path(__file__).parent.parent / "examples" / "kupiansk"
REFERENCES = Path(__file__).parent / "visual"
SCALE = 40 / 72
TOLERANCE = 2.0  # mean absolute difference per channel, 0-255 (anti-aliasing, font hinting)
PIXEL_LIMIT = 0.03  # at most 3% of the pixels may differ by more than 64


def render_pages(pdf_path: Path) -> list:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        return [pdf[index].render(scale=SCALE).to_pil().convert("L") for index in range(len(pdf))]
    finally:
        pdf.close()


def difference(image, reference) -> tuple[float, float]:
    from PIL import ImageChops, ImageStat

    if image.size != reference.size:
        return 255.0, 1.0
    diff = ImageChops.difference(image, reference)
    mean = ImageStat.Stat(diff).mean[0]
    histogram = diff.histogram()
    return mean, sum(histogram[65:]) / (image.size[0] * image.size[1])


def test_example_pdf_pages_match_the_references(tmp_path: Path) -> None:
    folder = tmp_path / "kupiansk"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("dist", ".hrf-cache*"))
    run = export_paths([str(folder / "report.md")], ExportOptions(formats=("pdf",), force=True))
    assert not run.failed, run.reports[0].errors
    pages = render_pages(run.reports[0].written["pdf"])
    if os.environ.get("HRF_UPDATE_VISUAL"):
        REFERENCES.mkdir(exist_ok=True)
        for old in REFERENCES.glob("page-*.png"):
            old.unlink()
        for number, page in enumerate(pages, 1):
            page.save(REFERENCES / f"page-{number:02d}.png", optimize=True)
        pytest.skip("references regenerated: look at tests/visual/ and commit them")
    from PIL import Image

    references = sorted(REFERENCES.glob("page-*.png"))
    assert len(pages) == len(references), "the example has a different number of pages"
    out = Path(__file__).parent / "artifacts" / "visual"
    for number, (page, reference_path) in enumerate(zip(pages, references), 1):
        mean, changed = difference(page, Image.open(reference_path).convert("L"))
        if mean > TOLERANCE or changed > PIXEL_LIMIT:
            out.mkdir(parents=True, exist_ok=True)
            page.save(out / f"page-{number:02d}.png")
        assert mean <= TOLERANCE and changed <= PIXEL_LIMIT, (
            f"page {number} differs from {reference_path.name} (mean {mean:.2f}, "
            f"{changed:.1%} of pixels changed); the new page is in tests/artifacts/visual/")


def test_the_comparison_sees_a_moved_line(tmp_path: Path) -> None:
    from PIL import Image, ImageDraw

    references = sorted(REFERENCES.glob("page-*.png"))
    page = Image.open(references[2]).convert("L")
    moved = Image.new("L", page.size, 255)
    moved.paste(page.crop((0, 0, page.size[0], page.size[1] - 12)), (0, 12))  # text 12 px lower
    mean, changed = difference(moved, page)
    assert mean > TOLERANCE or changed > PIXEL_LIMIT
    same = page.copy()
    ImageDraw.Draw(same).point((1, 1), fill=0)  # one pixel of noise is tolerated
    assert difference(same, page) <= (TOLERANCE, PIXEL_LIMIT)
