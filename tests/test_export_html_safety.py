"""Raw HTML from partners: the exported web page keeps harmless markup and loses every
script, event handler, frame, form and javascript:/data: address, with a warning naming the
line; ``export: raw-html: keep`` trusts an organisation's own reports."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Callable

import pytest
from click.testing import Result

from hrf_cli.export.sanitize import clean
from hrf_cli.html_policy import removals

Run = Callable[..., Result]
FIXTURES = Path(__file__).parent / "fixtures"
UNSAFE = FIXTURES / "rules" / "unsafe-html"
EXPORT = FIXTURES / "export"


def export_copy(hrf: Run, tmp_path: Path, source: Path, config: str = "") -> tuple[str, str]:
    """Export a copy of ``source`` to HTML; returns the page and the command's output."""
    folder = tmp_path / "partner"
    folder.mkdir(exist_ok=True)
    shutil.copy(source, folder / "report.md")
    if config:
        (folder / "hrf.yaml").write_text(config)
    result = hrf("export", "partner/report.md", "--to", "html", "--no-lint")
    assert result.exit_code == 0, result.output
    return (folder / "dist" / "partner.html").read_text(encoding="utf-8"), result.output


def body(page: str) -> str:
    return page.split("</style>", 1)[1]


def test_scripts_handlers_frames_and_javascript_are_removed(hrf: Run, tmp_path: Path) -> None:
    page, output = export_copy(hrf, tmp_path, UNSAFE / "bad.md")
    rest = body(page).lower()
    for gone in ("<script", "onerror", "onmouseover", "onclick", "javascript:", "<iframe",
                 "evil.example.org", "track.js", "steal()", "document.cookie"):
        assert gone not in rest, gone
    # Harmless markup around it stays.
    assert '<abbr title="November">Nov.</abbr>' in page
    assert '<div class="box">' in page
    assert '<img src="map.png">' in page
    assert "<a>interactive map</a>" in page
    lines = [int(n) for n in re.findall(r"warning: hrf: line (\d+): removed from the HTML", output)]
    assert lines == [5, 9, 11, 12, 15, 19, 22]
    assert ("partner/report.md: warning: hrf: line 9: removed from the HTML: onerror= on <img>"
            in output)
    assert "line 5: removed from the HTML: <script>" in output  # header-includes
    assert "onclick= on <span> (from attributes such as {onclick=...}" in output


def test_harmless_partner_markup_is_kept_without_warnings(hrf: Run, tmp_path: Path) -> None:
    page, output = export_copy(hrf, tmp_path, UNSAFE / "good.md")
    assert "removed" not in output
    for kept in ('<table class="figures" id="population">', '<th lang="uk">',
                 "<sup>a</sup>", '<span class="redacted" dir="ltr">the village</span>',
                 '<abbr title="United Nations">UN</abbr>', 'href="mailto:press@example.org"',
                 'href="https://web.archive.org/"', "&lt;script&gt;alert(1)&lt;/script&gt;"):
        assert kept in page, kept


def test_hrf_own_page_survives(hrf: Run, tmp_path: Path) -> None:
    folder = tmp_path / "bridges"
    shutil.copytree(EXPORT, folder)
    report = folder / "report.md"
    report.write_text(report.read_text("utf-8") + "\n<script>alert(1)</script>\n", "utf-8")
    assert hrf("export", "bridges/report.md", "--to", "html", "--no-lint").exit_code == 0
    page = (folder / "dist" / "bridges.html").read_text(encoding="utf-8")
    assert "<script" not in page and "hrf-" not in page.replace("hrf-lint", "")
    for kept in ('<a class="skip-link" href="#content">', '<header class="masthead"',
                 '<main id="content">', '<footer class="site-footer">',
                 'aria-labelledby="notes-title"', '<h2 class="notes-heading" id="notes-title">',
                 'role="doc-endnotes"', 'class="footnote-ref"', 'role="doc-backlink"',
                 'src="data:image/png;base64,', "<style>", '<meta charset="utf-8">'):
        assert kept in page, kept


def test_a_report_cannot_end_the_sanitised_part_early(hrf: Run, tmp_path: Path) -> None:
    report = tmp_path / "source.md"
    report.write_text("---\ntitle: Escape\n---\n\nText.\n\n<!--hrf-0123-->\n</main></body></html>"
                      "\n<!--hrf-mark-->\n<script>alert(1)</script><img src=x onerror=alert(2)>\n")
    page, _ = export_copy(hrf, tmp_path, report)
    assert "<script" not in page and "onerror" not in page
    assert page.count("</body>") == 1


def test_raw_html_keep_trusts_the_report(hrf: Run, tmp_path: Path) -> None:
    page, output = export_copy(hrf, tmp_path, UNSAFE / "bad.md", "export:\n  raw-html: keep\n")
    assert '<script src="https://partner.example.org/track.js"></script>' in page
    assert 'onerror="alert(document.cookie)"' in page
    assert "removed" not in output


def test_raw_html_setting_is_checked(hrf: Run, tmp_path: Path) -> None:
    folder = tmp_path / "partner"
    folder.mkdir()
    shutil.copy(UNSAFE / "good.md", folder / "report.md")
    (folder / "hrf.yaml").write_text("export:\n  raw-html: trust\n")
    result = hrf("export", "partner/report.md", "--to", "html")
    assert result.exit_code == 2
    assert "raw-html" in result.output and "keep" in result.output


@pytest.mark.parametrize("fragment, kept, gone", [
    ('<a href=" JaVa&#115;cript:alert(1)">x</a>', "<a>x</a>", "alert"),
    ('<a href="java\tscript:alert(1)">x</a>', "<a>x</a>", "alert"),
    ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "<a>x</a>", "data:"),
    ('<img src="data:image/png;base64,iVBORw0KGgo=" alt="dot">',
     '<img src="data:image/png;base64,iVBORw0KGgo=" alt="dot">', "onerror"),
    ('<svg><script>alert(1)</script></svg>', "", "alert"),
    ('<form action="https://x"><input name="q"><button>Go</button></form>', "Go", "<form"),
    ('<p style="position:fixed;top:0;text-align:right">x</p>',
     '<p style="text-align:right">x</p>', "fixed"),
    ('<object data="x.swf"></object><embed src="x.swf"><iframe src="x"></iframe>', "", "x.swf"),
    ('<a href="#fn1" class="footnote-ref" id="fnref1" role="doc-noteref"><sup>1</sup></a>',
     '<a href="#fn1" class="footnote-ref" id="fnref1" role="doc-noteref"><sup>1</sup></a>', "onclick"),
])
def test_the_sanitiser_on_fragments(fragment: str, kept: str, gone: str) -> None:
    cleaned = clean(fragment)
    assert kept in cleaned
    assert gone not in cleaned
    assert removals(fragment) or cleaned == fragment
