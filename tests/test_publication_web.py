"""The web page as readers meet it: axe-core in Debian's chromium, embedded fonts, covers.

axe-core (MPL-2.0, by Deque Systems) comes from the ``axe-playwright-python`` test
dependency, which ships ``axe.min.js``; it runs offline in /usr/bin/chromium (never a
downloaded browser) over WCAG 2.0, 2.1 and 2.2 A and AA plus best practices, on the example
and on a fresh report from every ``hrf new`` template.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
from io import BytesIO
from pathlib import Path
from typing import Callable

import pytest
from click.testing import Result

from hrf_cli.export.build import ExportOptions, export_paths

EXAMPLE = Path(__file__).parent.parent / "examples" / "kupiansk"
ARTIFACTS = Path(__file__).parent / "artifacts"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def axe_script() -> Path:
    package = pytest.importorskip("axe_playwright_python")
    return Path(package.__file__).parent / "axe.min.js"


def axe_violations(browser, page_path: Path, shot: str) -> list[str]:
    page = browser.new_page(viewport={"width": 1000, "height": 800})
    try:
        page.goto(page_path.as_uri())
        page.add_script_tag(path=str(axe_script()))
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                               AXE_TAGS)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / shot))
    finally:
        page.close()
    assert len(result["passes"]) > 20  # axe really ran its rules
    return [f"{v['id']}: {v['help']} ({[n['target'] for n in v['nodes'][:3]]})"
            for v in result["violations"]]


def export_html(report: Path) -> Path:
    run = export_paths([str(report)], ExportOptions(formats=("html",), force=True))
    assert not run.failed, (run.reports[0].errors, run.reports[0].findings)
    return run.reports[0].written["html"]


def test_example_page_has_no_axe_violation(browser, tmp_path: Path) -> None:
    folder = tmp_path / "kupiansk"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("dist", ".hrf-cache*"))
    assert axe_violations(browser, export_html(folder / "report.md"), "axe-example.png") == []


@pytest.mark.parametrize("template", ["report", "brief", "statement"])
def test_fresh_report_from_every_template_has_no_axe_violation(
        browser, hrf: Callable[..., Result], tmp_path: Path, template: str) -> None:
    result = hrf("new", "Evacuation plans leave older people behind", "--template", template,
                 "-a", "Field Documentation Team", "--date", "2024-11-25", "--no-input")
    assert result.exit_code == 0, result.output
    report = tmp_path / "evacuation-plans-leave-older-people-behind" / "report.md"
    page = export_html(report)
    assert axe_violations(browser, page, f"axe-{template}.png") == []
    html = page.read_text("utf-8")
    label = {"report": "FIELD REPORT", "brief": "POLICY BRIEF", "statement": "STATEMENT"}[template]
    assert f'<span class="kind">{label}</span>' in html
    assert '<time class="date" datetime="2024-11-25">25 November 2024</time>' in html


def test_links_are_underlined_and_focus_is_visible(browser, tmp_path: Path) -> None:
    folder = tmp_path / "kupiansk"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("dist", ".hrf-cache*"))
    page = browser.new_page(viewport={"width": 1000, "height": 800})
    try:
        page.goto(export_html(folder / "report.md").as_uri())
        styles = page.evaluate("""() => {
          const link = document.querySelector('main p a');
          const before = getComputedStyle(link).outlineStyle;
          link.focus();
          return {decoration: getComputedStyle(link).textDecorationLine, before,
                  focused: getComputedStyle(link).outlineStyle,
                  back: document.querySelector('a.footnote-back').getAttribute('aria-label'),
                  family: getComputedStyle(document.body).fontFamily,
                  loaded: document.fonts.check('16px "Noto Serif"')};
        }""")
    finally:
        page.close()
    assert styles["decoration"] == "underline"  # distinguishable without colour
    assert styles["before"] == "none" and styles["focused"] == "solid"
    assert styles["back"] == "Back to the text of note 1"
    assert styles["family"].startswith('"Noto Serif"') and styles["loaded"]


def test_html_embeds_small_woff2_subsets_of_the_shipped_fonts(tmp_path: Path) -> None:
    from fontTools.ttLib import TTFont

    folder = tmp_path / "kupiansk"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("dist", ".hrf-cache*"))
    html = export_html(folder / "report.md").read_text("utf-8")
    faces = re.findall(r'@font-face \{ font-family: "([^"]+)"; font-style: (\w+); font-weight: (\d+);'
                       r'[^}]*base64,([A-Za-z0-9+/=]+)', html)
    assert {(f, s, w) for f, s, w, _ in faces} >= {
        ("Noto Serif", "normal", "400"), ("Noto Serif", "italic", "400"),
        ("Noto Serif", "normal", "700"), ("Noto Sans", "normal", "700")}
    used = set(re.sub(r"<[^>]+>", "", html.split("<body>", 1)[1]))
    for family, style, weight, data in faces:
        raw = base64.b64decode(data)
        assert raw[:4] == b"wOF2"
        font = TTFont(BytesIO(raw))
        cmap = font.getBestCmap()
        assert len(cmap) < 300  # a subset: the full face has 2,800 characters
        if (family, style, weight) == ("Noto Serif", "normal", "400"):
            assert {ord(c) for c in used if c.isalpha()} <= set(cmap)  # every letter of the page
    assert "<link" not in html and "src: url(\"http" not in html  # nothing fetched
    assert len(html.encode()) < 600_000


def test_font_subsets_are_kept_between_exports_and_a_damaged_one_is_cut_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The WOFF2 subsets are cached (the next export of the same characters cuts no face), a
    cache file that is not WOFF2 (or not a file) is never embedded, and the cache stays
    bounded."""
    from hrf_cli.export import webfonts

    cache = tmp_path / "user-cache"
    monkeypatch.setenv("HRF_CACHE_DIR", str(cache))
    report = tmp_path / "r" / "report.md"
    report.parent.mkdir()
    report.write_text("---\ntitle: Fonts\nauthor: A\ndate: 2024-11-25\n---\n\n"
                      "Text with *italics* and **bold**.\n", "utf-8")
    first = export_html(report).read_text("utf-8")
    stored = sorted((cache / "fonts").glob("*.woff2"))
    assert len(stored) >= 4 and all(p.read_bytes()[:4] == b"wOF2" for p in stored)
    cut: list[str] = []
    real = webfonts._subset.__wrapped__
    monkeypatch.setattr(webfonts, "_subset", lambda path, chars: cut.append(path) or real(path, chars))
    assert export_html(report).read_text("utf-8") == first and cut == []
    stored[0].write_bytes(b"<html>not a font</html>")
    assert export_html(report).read_text("utf-8") == first and len(cut) == 1
    stored[1].unlink()
    os.mkfifo(stored[1])  # a FIFO in its place is refused, not read (reading would block)
    assert export_html(report).read_text("utf-8") == first and len(cut) == 2
    monkeypatch.setattr(webfonts, "CACHE_LIMIT", 2)
    report.write_text(report.read_text("utf-8") + "\nNew letters: Ωψ.\n", "utf-8")
    export_html(report)
    assert len(list((cache / "fonts").glob("*.woff2"))) == 2


def test_ukrainian_report_writes_its_date_and_quotes_in_ukrainian(tmp_path: Path) -> None:
    import pikepdf
    from pypdf import PdfReader

    report = tmp_path / "kupiansk-uk" / "report.md"
    report.parent.mkdir()
    report.write_text('---\ntitle: "Купʼянськ: друга окупація"\nauthor: Польова група\n'
                      "date: 2024-11-25\nlang: uk\ntype: brief\n---\n\n"
                      '## Головне\n\nМешканці кажуть: "Ми не поїдемо".\n', "utf-8")
    run = export_paths([str(report)], ExportOptions(formats=("html", "pdf"), force=True))
    assert not run.failed, run.reports[0].errors
    html = run.reports[0].written["html"].read_text("utf-8")
    assert "25 листопада 2024 р." in html and "«Ми не поїдемо»" in html
    cover = PdfReader(run.reports[0].written["pdf"]).pages[0].extract_text()
    assert "25 листопада 2024 р." in cover and "POLICY BRIEF" in cover
    with pikepdf.open(run.reports[0].written["pdf"]) as pdf:
        assert str(pdf.Root.Lang) == "uk"
