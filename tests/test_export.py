"""``hrf export`` as a user sees it: the content of each format, the lint gate, the cache,
safety (sandbox, atomic writes), reproducibility and hrf.yaml settings."""

from __future__ import annotations

import re
import shutil
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Callable

import pytest
from click.testing import Result

from tests.export_helpers import letters, pandoc_notes

Run = Callable[..., Result]
FIXTURE = Path(__file__).parent / "fixtures" / "export"
EXAMPLE = Path(__file__).parent.parent / "examples" / "kupiansk"


@pytest.fixture
def report(tmp_path: Path) -> Path:
    """A copy of the export fixture (notes, an inline note, a citation, an image, Cyrillic)."""
    folder = tmp_path / "bridges"
    shutil.copytree(FIXTURE, folder)
    return folder / "report.md"


class Anchors(HTMLParser):
    """Ids, links and footnote references of an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.refs: list[str] = []
        self.backs: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if attributes.get("id"):
            self.ids.add(attributes["id"] or "")
        classes = (attributes.get("class") or "").split()
        if tag == "a" and "footnote-ref" in classes:
            self.refs.append(attributes["href"] or "")
        if tag == "a" and "footnote-back" in classes:
            self.backs.append(attributes["href"] or "")


def parse_html(path: Path) -> Anchors:
    parser = Anchors()
    parser.feed(path.read_text("utf-8"))
    return parser


def test_export_all_writes_three_files_named_after_the_folder(hrf: Run, report: Path) -> None:
    result = hrf("export", str(report), "--to", "all")
    assert result.exit_code == 0, result.output
    dist = report.parent / "dist"
    assert sorted(p.name for p in dist.iterdir() if not p.name.startswith(".")) == [
        "bridges.docx", "bridges.html", "bridges.pdf"]
    # Messages on stderr, the exported files (the data a script wants) on stdout.
    assert result.stderr.splitlines()[-1] == "hrf export: 1 report: 3 files written, 0 unchanged"
    assert sorted(line for line in result.stderr.splitlines() if line.startswith("wrote")) == [
        "wrote bridges/dist/bridges.docx", "wrote bridges/dist/bridges.html",
        "wrote bridges/dist/bridges.pdf"]
    assert result.stdout.splitlines() == [
        "bridges/dist/bridges.html", "bridges/dist/bridges.pdf", "bridges/dist/bridges.docx"]


def test_html_has_every_note_with_working_anchors(hrf: Run, report: Path) -> None:
    notes = pandoc_notes(report)
    assert len(notes) == 6  # four footnotes, one inline note, one citation as a note
    assert hrf("export", str(report), "--to", "html").exit_code == 0
    html_path = report.parent / "dist" / "bridges.html"
    page = parse_html(html_path)
    assert page.refs == [f"#fn{n}" for n in range(1, 7)]
    assert page.backs == [f"#fnref{n}" for n in range(1, 7)]
    assert all(ref[1:] in page.ids for ref in page.refs + page.backs)
    text = html_path.read_text("utf-8")
    endnotes = letters(re.sub(r"<[^>]+>", " ", text[text.index('id="footnotes"'):]))
    for note in notes:
        assert letters(note) in endnotes


def test_html_is_standalone_accessible_and_titled(hrf: Run, report: Path) -> None:
    assert hrf("export", str(report), "--to", "html").exit_code == 0
    html_path = report.parent / "dist" / "bridges.html"
    text = html_path.read_text("utf-8")
    page = parse_html(html_path)
    tags = [tag for tag, _ in page.tags]
    assert '<html lang="en">' in text
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in text
    assert "<style>" in text and "<link" not in text  # CSS embedded, nothing to fetch
    assert {"header", "main", "footer"} <= set(tags)
    assert '<h1 class="title">Bridges over the Oskil</h1>' in text
    assert '<span class="authors">Field Documentation Team, Olena Kovalenko</span>' in text
    assert '<time class="date" datetime="2024-10-15">15 October 2024</time>' in text
    headings = [int(tag[1]) for tag in tags if re.fullmatch(r"h[1-6]", tag)]
    assert headings[0] == 1 and all(b - a <= 1 for a, b in zip(headings, headings[1:]))
    images = [attrs for tag, attrs in page.tags if tag == "img"]
    assert [img["alt"] for img in images] == ["Crossings over the Oskil in 2024"]
    assert images[0]["src"].startswith("data:image/png;base64,")  # embedded


def test_docx_has_every_note_as_a_word_footnote_and_named_styles(hrf: Run, report: Path) -> None:
    notes = pandoc_notes(report)
    assert hrf("export", str(report), "--to", "docx").exit_code == 0
    with zipfile.ZipFile(report.parent / "dist" / "bridges.docx") as docx:
        footnotes = docx.read("word/footnotes.xml").decode("utf-8")
        document = docx.read("word/document.xml").decode("utf-8")
        styles = docx.read("word/styles.xml").decode("utf-8")
        media = [n for n in docx.namelist() if n.startswith("word/media/")]
    ids = [int(i) for i in re.findall(r'<w:footnote [^>]*w:id="(-?\d+)"', footnotes)]
    assert len([i for i in ids if i > 0]) == len(notes) == 6
    text = letters(re.sub(r"<[^>]+>", "", footnotes))
    for note in notes:
        assert letters(note) in text
    for style in ("Title", "Subtitle", "Heading 1", "Heading 2", "Body Text", "First Paragraph",
                  "Footnote Text", "Caption", "Table Caption", "Image Caption", "Table"):
        assert f'<w:name w:val="{style.lower()}"' in styles.lower()
    assert 'w:ascii="Noto Serif"' in styles  # the organisation's reference.docx, not pandoc's
    assert '<w:pStyle w:val="Heading1" />' in document  # "## Summary" is Word's Heading 1
    assert len(media) == 1


def test_pdf_text_has_title_and_every_note(hrf: Run, report: Path) -> None:
    from pypdf import PdfReader

    notes = pandoc_notes(report)
    assert hrf("export", str(report), "--to", "pdf").exit_code == 0
    pdf = PdfReader(report.parent / "dist" / "bridges.pdf")
    cover = pdf.pages[0].extract_text()
    assert "Bridges over the Oskil" in cover
    assert "Crossings, closures and the people who still use them" in cover
    assert "Olena Kovalenko" in cover and "15 October 2024" in cover
    body = letters(" ".join(page.extract_text() for page in pdf.pages[1:]))
    for note in notes:
        assert letters(note) in body
    assert "міст" in body  # Cyrillic survives, in an embedded font
    fonts = {str(font.get_object()["/BaseFont"]) for page in pdf.pages
             for font in (page["/Resources"].get("/Font") or {}).values()}
    assert any("NotoSerif" in name for name in fonts) and any("NotoSans" in name for name in fonts)
    assert "Bridges over the Oskil" in pdf.pages[1].extract_text()  # running header
    assert pdf.pages[1].extract_text().strip().endswith("\n1")  # numbered after the cover


def test_pdf_endnotes_from_hrf_yaml(hrf: Run, report: Path, write: Callable[..., Path]) -> None:
    from pypdf import PdfReader

    write("hrf.yaml", "export:\n  notes: endnotes\n  organisation: Eastern Ukraine Monitor\n")
    assert hrf("export", str(report), "--to", "pdf").exit_code == 0
    pdf = PdfReader(report.parent / "dist" / "bridges.pdf")
    assert "EASTERN UKRAINE MONITOR" in pdf.pages[0].extract_text()
    last = pdf.pages[-1].extract_text()
    assert "Notes" in last
    assert letters("Letter of the regional administration, 9 August 2024.") in letters(last)


def test_lint_errors_stop_the_report_unless_no_lint(hrf: Run, report: Path) -> None:
    report.write_text(report.read_text("utf-8") + "\nA dangling reference.[^missing]\n", "utf-8")
    result = hrf("export", str(report), "--to", "html")
    assert result.exit_code == 1
    assert "bridges/report.md:42:22 error undefined-footnote" in result.output
    assert "error: bridges/report.md: not exported: lint found 1 error (" in result.stderr
    assert result.stdout == ""
    assert not (report.parent / "dist" / "bridges.html").exists()
    result = hrf("export", str(report), "--to", "html", "--no-lint")
    assert result.exit_code == 0
    assert (report.parent / "dist" / "bridges.html").is_file()


def test_unchanged_report_is_skipped_until_an_input_changes(hrf: Run, report: Path) -> None:
    assert hrf("export", str(report), "--to", "html,docx").exit_code == 0
    html_path = report.parent / "dist" / "bridges.html"
    before = html_path.stat().st_mtime_ns
    again = hrf("export", str(report), "--to", "html,docx")
    assert again.stderr.splitlines() == [
        "unchanged bridges/dist/bridges.html", "unchanged bridges/dist/bridges.docx",
        "hrf export: 1 report: 0 files written, 2 unchanged"]
    assert again.stdout.splitlines() == ["bridges/dist/bridges.html", "bridges/dist/bridges.docx"]
    assert html_path.stat().st_mtime_ns == before
    bibliography = report.parent / "references.json"
    bibliography.write_text(bibliography.read_text("utf-8").replace("Update on", "News on"))
    changed = hrf("export", str(report), "--to", "html")
    assert "wrote bridges/dist/bridges.html" in changed.output
    assert "News on the Human Rights Situation" in html_path.read_text("utf-8")
    (report.parent / "map.png").write_bytes((report.parent / "map.png").read_bytes() + b"\0")
    assert "wrote" in hrf("export", str(report), "--to", "html").output
    forced = hrf("export", str(report), "--to", "html", "--force")
    assert "wrote bridges/dist/bridges.html" in forced.output


def test_same_input_gives_byte_identical_files(hrf: Run, report: Path) -> None:
    for out in ("one", "two"):
        assert hrf("export", str(report), "--to", "all", "-o", out).exit_code == 0
    for name in ("bridges.html", "bridges.docx", "bridges.pdf"):
        assert (report.parent.parent / "one" / name).read_bytes() == \
            (report.parent.parent / "two" / name).read_bytes(), name


def test_image_outside_the_report_folder_is_refused(hrf: Run, report: Path,
                                                    write: Callable[..., Path]) -> None:
    write("secret.png", (FIXTURE / "map.png").read_bytes())
    report.write_text(report.read_text("utf-8") + "\n![secret](../secret.png)\n", "utf-8")
    result = hrf("export", str(report), "--to", "html")
    assert result.exit_code == 1
    assert "bridges/report.md:42:11 error refused-file image '../secret.png' lies outside the " \
        "project root" in result.output
    unlinted = hrf("export", str(report), "--to", "html", "--no-lint")
    assert unlinted.exit_code == 1
    assert "error: bridges/report.md: image '../secret.png' lies outside the project root " \
        f"{report.parent} (it is {report.parent.parent / 'secret.png'})" in unlinted.output
    assert not (report.parent / "dist" / "bridges.html").exists()


def test_failed_export_keeps_the_previous_file(hrf: Run, report: Path) -> None:
    assert hrf("export", str(report), "--to", "pdf").exit_code == 0
    pdf_path = report.parent / "dist" / "bridges.pdf"
    before = pdf_path.read_bytes()
    report.write_text(report.read_text("utf-8") + "\n```{=typst}\n#broken(\n```\n", "utf-8")
    result = hrf("export", str(report), "--to", "pdf")
    assert result.exit_code == 1
    assert "error: bridges/report.md: typst could not make the PDF: unclosed delimiter" \
        in result.output
    assert pdf_path.read_bytes() == before
    assert sorted(p.name for p in pdf_path.parent.iterdir()) == ["bridges.pdf"]


def test_missing_image_and_bibliography_are_named(hrf: Run, report: Path) -> None:
    report.write_text(report.read_text("utf-8") + "\n![lost map](lost.png)\n", "utf-8")
    line = report.read_text("utf-8").count("\n")
    result = hrf("export", str(report), "--to", "html")
    assert result.exit_code == 1  # the lint gate: missing-image is an error, at its line
    assert f"report.md:{line}:13" in result.output and "missing-image" in result.output
    result = hrf("export", str(report), "--to", "html", "--no-lint")
    assert result.exit_code == 0
    assert ("bridges/report.md: warning: hrf: image not found: lost.png (its description is "
            "shown instead)") in result.output
    (report.parent / "references.json").unlink()
    result = hrf("export", str(report), "--to", "html", "--no-lint")
    assert result.exit_code == 1
    assert ("error: bridges/report.md: bibliography 'references.json' not found (looked for "
            f"{report.parent / 'references.json'})") in result.output


def test_pandoc_warnings_carry_the_report_name(hrf: Run, report: Path) -> None:
    report.write_text(report.read_text("utf-8") + "\nAs argued [@nobody2020].\n", "utf-8")
    result = hrf("export", str(report), "--to", "html", "--no-lint")
    assert result.exit_code == 0
    assert ("bridges/report.md: warning: pandoc: Citeproc: citation nobody2020 not found"
            in result.output)


def test_bad_options_and_config_exit_2(hrf: Run, report: Path, write: Callable[..., Path]) -> None:
    result = hrf("export", str(report), "--to", "pdf,epub")
    assert result.exit_code == 2
    assert "--to: unknown format 'epub'; choose from html, pdf, docx or all" in result.output
    write("bridges/hrf.yaml", "export:\n  notes: sidenotes\n")
    result = hrf("export", str(report))
    assert result.exit_code == 2
    assert "hrf.yaml:2: export.notes: expected one of footnotes, endnotes, got 'sidenotes'" \
        in result.output


def test_out_folder_and_formats_from_hrf_yaml(hrf: Run, report: Path,
                                              write: Callable[..., Path]) -> None:
    write("hrf.yaml", "export:\n  formats: [html]\n  out: site\n")
    assert hrf("export", str(report)).exit_code == 0
    assert [p.name for p in (report.parent.parent / "site").iterdir()
            if not p.name.startswith(".")] == ["bridges.html"]


def test_several_reports_in_parallel(hrf: Run, report: Path, tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE, tmp_path / "kupiansk")
    result = hrf("export", str(report), str(tmp_path / "kupiansk" / "report.md"), "--to",
                 "html,docx", "--jobs", "2", "-o", "out")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()
                   if not p.name.startswith(".")) == [
        "bridges.docx", "bridges.html", "kupiansk.docx", "kupiansk.html"]


def test_terminal_progress_shows_each_report_and_format() -> None:
    import io

    from rich.console import Console

    from hrf_cli.export.build import Event
    from hrf_cli.export.progress import RichProgress

    stream = io.StringIO()
    with RichProgress(Console(file=stream, force_terminal=True, width=100)) as notify:
        notify(Event("read", "kupiansk/report.md"))
        notify(Event("written", "kupiansk/report.md", "pdf", Path("dist/kupiansk.pdf")))
        notify(Event("stopped", "draft.md"))
    shown = stream.getvalue()
    assert "kupiansk/report.md" in shown and "pdf wrote" in shown
    assert "draft.md" in shown and "stopped by lint" in shown
