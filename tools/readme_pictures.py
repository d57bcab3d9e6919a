#!/usr/bin/env python3
"""Regenerate the README's pictures from the real output of the README's Quick start.

Exports examples/kupiansk (the report the Quick start exports) to a temporary folder with
this checkout's hrf, then writes into docs/images/:

- ``export-pdf-cover.png``: the PDF's cover (pypdfium2),
- ``export-pdf-page.png``: the PDF page that holds the table (notes, figures, running header),
- ``export-html.png``: the web page in Debian's chromium (headless, via Playwright),
- ``export-docx.png``: the Word file's title page and first text page, when LibreOffice is
  installed (``soffice`` converts it to PDF first).

    python tools/readme_pictures.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
IMAGES = ROOT / "docs" / "images"
CHROMIUM = "/usr/bin/chromium"


def main() -> int:
    from hrf_cli.export.build import ExportOptions, export_paths

    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "kupiansk"
        shutil.copytree(ROOT / "examples" / "kupiansk", folder,
                        ignore=shutil.ignore_patterns("dist", ".hrf-cache*"))
        run = export_paths([str(folder / "report.md")], ExportOptions(force=True))
        if run.failed:
            print(run.reports[0].errors, file=sys.stderr)
            return 1
        written = run.reports[0].written
        pdf_pages(written["pdf"])
        html_page(written["html"])
        docx_pages(written["docx"], Path(tmp))
    return 0


def pdf_pages(pdf_path: Path) -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(pdf_path))
    table_page = next(i for i in range(len(pdf)) if "Residents remaining" in pdf[i].get_textpage().get_text_range())
    for name, index in (("export-pdf-cover.png", 0), ("export-pdf-page.png", table_page)):
        pdf[index].render(scale=100 / 72).to_pil().save(IMAGES / name, optimize=True)
        print(f"wrote {IMAGES / name}")


def html_page(html_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu",
                                            "--disable-background-networking"])
        page = browser.new_page(viewport={"width": 1000, "height": 1000})
        page.goto(html_path.as_uri())
        page.locator("#summary").scroll_into_view_if_needed()
        page.evaluate("() => window.scrollTo(0, 0)")
        page.screenshot(path=str(IMAGES / "export-html.png"))
        browser.close()
    print(f"wrote {IMAGES / 'export-html.png'}")


def docx_pages(docx_path: Path, tmp: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        print("no soffice: export-docx.png left as it is")
        return
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp),
                    str(docx_path)], check=True, capture_output=True, timeout=180)
    import pypdfium2 as pdfium
    from PIL import Image

    pdf = pdfium.PdfDocument(str(tmp / (docx_path.stem + ".pdf")))
    pages = [pdf[i].render(scale=60 / 72).to_pil() for i in (0, 2)]
    sheet = Image.new("RGB", (sum(p.width for p in pages) + 10, pages[0].height), "#d9dee7")
    sheet.paste(pages[0], (0, 0))
    sheet.paste(pages[1], (pages[0].width + 10, 0))
    sheet.save(IMAGES / "export-docx.png", optimize=True)
    print(f"wrote {IMAGES / 'export-docx.png'}")


if __name__ == "__main__":
    sys.exit(main())
