"""The exported example in a real browser: Debian's chromium, driven by Playwright.

Never downloads a browser: it runs /usr/bin/chromium (``.ci/run`` installs the package when
missing) and is skipped where there is none. Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Callable

from click.testing import Result

from tests.export_helpers import letters, pandoc_notes

EXAMPLE = Path(__file__).parent.parent / "examples" / "kupiansk"
ARTIFACTS = Path(__file__).parent / "artifacts"

IN_VIEW = """(selector) => {
  const box = document.querySelector(selector).getBoundingClientRect();
  return box.top >= -1 && box.bottom <= window.innerHeight + 1;
}"""


def test_note_reference_and_back_link_work_in_chromium(
        browser, hrf: Callable[..., Result], tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE, tmp_path / "kupiansk")
    result = hrf("export", "kupiansk/report.md", "--to", "html")
    assert result.exit_code == 0, result.output
    page = browser.new_page(viewport={"width": 1000, "height": 700})
    try:
        page.goto((tmp_path / "kupiansk" / "dist" / "kupiansk.html").as_uri())
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "export-html-top.png"))
        first_ref = page.locator("a.footnote-ref").first
        target = first_ref.get_attribute("href")
        assert target == "#fn1"
        assert not page.evaluate(IN_VIEW, "#fn1")  # the notes are far below the first one
        first_ref.click()
        page.wait_for_function("() => location.hash === '#fn1'")
        assert page.evaluate(IN_VIEW, "#fn1")
        first_note = pandoc_notes(tmp_path / "kupiansk" / "report.md")[0]
        assert letters(page.locator("#fn1").inner_text()) == letters(first_note)
        page.screenshot(path=str(ARTIFACTS / "export-html-note.png"))
        page.locator("#fn1 a.footnote-back").click()
        page.wait_for_function("() => location.hash === '#fnref1'")
        assert page.evaluate(IN_VIEW, "#fnref1")
        assert not page.evaluate(IN_VIEW, "#fn1")
        page.screenshot(path=str(ARTIFACTS / "export-html-back.png"))
    finally:
        page.close()


def test_printed_page_drops_the_screen_aids_and_keeps_headings_with_their_text(
        browser, hrf: Callable[..., Result], tmp_path: Path) -> None:
    """Chromium's print of the example (its print stylesheet): A4; no skip link, contents
    or back-links on paper; the masthead without its colour band; no heading left at the
    foot of a page; every paragraph of the report still there."""
    import re

    from pypdf import PdfReader

    shutil.copytree(EXAMPLE, tmp_path / "kupiansk", ignore=shutil.ignore_patterns("dist", ".hrf-cache*"))
    result = hrf("export", "kupiansk/report.md", "--to", "html")
    assert result.exit_code == 0, result.output
    page = browser.new_page()
    try:
        page.goto((tmp_path / "kupiansk" / "dist" / "kupiansk.html").as_uri())
        on_screen = page.evaluate("""() => ({
            toc: !!document.querySelector('nav#TOC'),
            back: document.querySelectorAll('a.footnote-back').length,
            band: getComputedStyle(document.querySelector('.masthead')).backgroundColor})""")
        headings = page.evaluate("() => [...document.querySelectorAll('main h2, main h3')]"
                                 ".map(h => h.innerText.trim())")
        page.emulate_media(media="print")
        printed = page.evaluate("""() => ({
            band: getComputedStyle(document.querySelector('.masthead')).backgroundColor,
            hidden: ['.skip-link', 'nav#TOC', 'a.footnote-back'].map(s =>
                [...document.querySelectorAll(s)].every(e => e.offsetParent === null))})""")
        pdf_path = tmp_path / "printed.pdf"
        page.pdf(path=str(pdf_path), prefer_css_page_size=True)
    finally:
        page.close()
    assert on_screen["toc"] and on_screen["back"] > 0 and on_screen["band"] != "rgba(0, 0, 0, 0)"
    assert printed == {"band": "rgba(0, 0, 0, 0)", "hidden": [True, True, True]}
    reader = PdfReader(pdf_path)
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)  # A4 from @page
    pages = [page.extract_text() for page in reader.pages]
    text = "\n".join(pages)
    assert "Skip to the report" not in text and "↩" not in text
    assert "Contents" not in pages[0]
    for number, content in enumerate(pages[:-1], 1):
        last = [line.strip() for line in content.splitlines() if line.strip()][-1]
        assert last not in headings, f"page {number} ends with the heading {last!r}"
    first_paragraph = (tmp_path / "kupiansk" / "report.md").read_text("utf-8").split("\n## ", 1)[1]
    sample = re.sub(r"\s+", "", first_paragraph.split("\n\n")[1])[:40]
    assert sample in re.sub(r"\s+", "", text)
