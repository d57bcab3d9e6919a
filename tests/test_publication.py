"""The exported example as a publication: PDF/UA, metadata, page labels, typography, dates.

The example report is exported once for the module (all three formats); each test reads
what a reader, a screen reader or a catalogue would see in it.
"""

from __future__ import annotations

import datetime
import json
import re
import shutil
import statistics
import zipfile
from pathlib import Path

import pytest

from hrf_cli.export.build import ExportOptions, export_paths

EXAMPLE = Path(__file__).parent.parent / "examples" / "kupiansk"
BREAK_AFTER = set("/.-?&")


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """dist/ of a fresh export of the example report (HTML, PDF, DOCX)."""
    folder = tmp_path_factory.mktemp("publication") / "kupiansk"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("dist", ".hrf-cache*"))
    run = export_paths([str(folder / "report.md")], ExportOptions(force=True))
    assert not run.failed, run.reports[0].errors
    return folder / "dist"


def body_line_lengths(pdf_path: Path, first: int = 2, min_size: float = 10.0) -> list[int]:
    """Characters per line of body text (notes, captions and headers are smaller)."""
    from pypdf import PdfReader

    lengths = []
    for page in PdfReader(pdf_path).pages[first:]:
        rows: dict[int, list[str]] = {}

        def visit(text, cm, tm, font, size, rows=rows):
            if size * (abs(tm[0] * cm[0]) or 1) >= min_size and text.strip():
                rows.setdefault(round(tm[5] * cm[3] + cm[5]), []).append(text)

        page.extract_text(visitor_text=visit)
        lengths += [len(line) for parts in rows.values()
                    if len(line := "".join(parts).replace("\u200b", "").strip()) > 20]
    return lengths


def test_pdf_claims_pdf_ua_1_and_is_tagged_with_language_and_title(example: Path) -> None:
    import pikepdf

    with pikepdf.open(example / "kupiansk.pdf") as pdf:
        meta = pdf.open_metadata()
        assert meta.get("pdfuaid:part") == "1"
        assert "/StructTreeRoot" in pdf.Root and pdf.Root.MarkInfo.Marked
        assert str(pdf.Root.Lang) == "en-GB"
        assert pdf.Root.ViewerPreferences.DisplayDocTitle
        info = pdf.docinfo
        assert str(info.Title) == "Waiting for the Front Again"
        assert str(info.Author) == "Field Documentation Team"
        assert str(info.Subject).startswith("Kupiansk and its villages")
        assert str(info.CreationDate).startswith("D:20241125")  # the report's date, not 1980
        outline = [item.title for item in pdf.open_outline().root]
    assert {"Summary", "Background", "Findings", "Sources"} <= set(outline)


def test_page_labels_match_the_printed_page_numbers(example: Path) -> None:
    from pypdf import PdfReader

    pdf = PdfReader(example / "kupiansk.pdf")
    labels = pdf.page_labels
    assert labels[0] == ""  # the cover is not numbered
    for index in range(1, len(pdf.pages)):
        printed = pdf.pages[index].extract_text().strip().splitlines()[-1].strip()
        assert labels[index] == printed == str(index)


def test_pdf_measure_is_at_most_80_characters(example: Path) -> None:
    lengths = body_line_lengths(example / "kupiansk.pdf")
    assert len(lengths) > 150
    assert statistics.median(lengths) <= 80
    assert sorted(lengths)[int(len(lengths) * 0.95)] <= 82


def test_web_addresses_break_only_after_slash_dot_hyphen_question_mark_ampersand(example: Path) -> None:
    from pypdf import PdfReader

    urls = [entry["URL"] for entry in json.loads((EXAMPLE / "references.json").read_text())
            if entry.get("URL")]
    text = "\n".join(page.extract_text() for page in PdfReader(example / "kupiansk.pdf").pages)
    lines = [line.replace("\u200b", "").strip() for line in text.splitlines()]
    broken = 0
    for url in set(urls):
        for line in lines:
            tail = line.split()[-1] if line.split() else ""
            if tail and url.startswith(tail) and tail != url and len(tail) > 8:
                assert tail[-1] in BREAK_AFTER, (url, tail)  # never inside a host or a word
                broken += 1
    assert broken  # the long OHCHR address cannot fit one line: it must have broken somewhere


def test_table_figures_are_right_aligned_and_labels_left(example: Path) -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(example / "kupiansk.pdf")
    found = None
    for index in range(len(pdf)):
        page = pdf[index].get_textpage()
        if "Residents remaining" in page.get_text_range():
            found = page
            break
    assert found is not None
    rights = []
    for figure in ("8,000", "900", "31"):
        searcher = found.search(figure, match_whole_word=True)
        hit = searcher.get_next()
        assert hit is not None
        start, count = hit
        rights.append(found.get_charbox(start + count - 1, loose=True)[2])
    assert max(rights) - min(rights) < 1.0  # one right edge for every figure of the column
    lefts = []
    for label in ("Residents remaining", "Children remaining", "Functioning pharmacies"):
        start, _ = found.search(label).get_next()
        lefts.append(found.get_charbox(start)[0])
    assert max(lefts) - min(lefts) < 1.0


def test_british_dates_and_quotation_marks_in_notes_and_body(example: Path) -> None:
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(example / "kupiansk.pdf").pages)
    assert "10 September 2022" in text and "September 10, 2022" not in text
    assert "‘Ukrainian Flag Raised Again" in text  # citeproc's en-GB quotes
    assert "has seen you,’ a man" in re.sub(r"\s+", " ", text)  # the body's, closed on the right side
    html = (example / "kupiansk.html").read_text("utf-8")
    assert "‘You hear it and you don’t know if it has seen you,’" in html  # the body agrees
    assert "25 November 2024" in html


def test_docx_core_properties_name_the_authors_and_the_report_date(example: Path) -> None:
    with zipfile.ZipFile(example / "kupiansk.docx") as docx:
        core = docx.read("docProps/core.xml").decode("utf-8")
        custom = docx.read("docProps/custom.xml").decode("utf-8") if "docProps/custom.xml" in docx.namelist() else ""
        dates = {info.date_time[:3] for info in docx.infolist()}
    assert "<dc:creator>Field Documentation Team</dc:creator>" in core
    assert "lastModifiedBy" not in core and "template" not in core.lower()
    assert '2024-11-25T00:00:00Z</dcterms:created>' in core
    assert dates == {(2024, 11, 25)}
    assert ".csl" not in custom and "site-packages" not in custom  # no path of the machine


def test_docx_title_page_then_contents_field_updated_on_opening(example: Path) -> None:
    with zipfile.ZipFile(example / "kupiansk.docx") as docx:
        document = docx.read("word/document.xml").decode("utf-8")
        settings = docx.read("word/settings.xml").decode("utf-8")
        headers = " ".join(docx.read(n).decode("utf-8") for n in docx.namelist() if "header" in n)
        footers = " ".join(docx.read(n).decode("utf-8") for n in docx.namelist() if "footer" in n)
    styles = re.findall(r'<w:pStyle w:val="([^"]+)"', document)
    assert styles[:5] == ["CoverLabel", "Title", "Subtitle", "Author", "Date"]
    title_page, rest = document.split('<w:br w:type="page"/>', 1)
    assert "25 November 2024" in title_page and "FIELD REPORT" in title_page
    assert rest.index('TOC \\o "1-2"') < rest.index('<w:br w:type="page"/>') < rest.index("Summary")
    assert '<w:updateFields w:val="true"/>' in settings
    assert "Waiting for the Front Again" in headers and 'w:instr=" PAGE "' in footers
    assert "<w:titlePg" in document  # no header or number on the title page


def test_exports_are_reproducible_and_source_date_epoch_wins(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pikepdf

    folder = tmp_path / "kupiansk"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("dist", ".hrf-cache*"))
    outputs = []
    for out in ("one", "two"):
        run = export_paths([str(folder / "report.md")],
                           ExportOptions(formats=("pdf", "docx"), out=tmp_path / out, force=True))
        assert not run.failed
        outputs.append([(tmp_path / out / f"kupiansk.{ext}").read_bytes() for ext in ("pdf", "docx")])
    assert outputs[0] == outputs[1]
    epoch = int(datetime.datetime(2025, 3, 1, tzinfo=datetime.timezone.utc).timestamp())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
    run = export_paths([str(folder / "report.md")],
                       ExportOptions(formats=("pdf", "docx"), out=tmp_path / "three", force=True))
    assert not run.failed
    with pikepdf.open(tmp_path / "three" / "kupiansk.pdf") as pdf:
        assert str(pdf.docinfo.CreationDate).startswith("D:20250301")
    with zipfile.ZipFile(tmp_path / "three" / "kupiansk.docx") as docx:
        assert "2025-03-01T00:00:00Z" in docx.read("docProps/core.xml").decode()


@pytest.mark.parametrize("template, label, pages", [("brief", "POLICY BRIEF", 2),
                                                     ("statement", "STATEMENT", 1)])
def test_cover_follows_the_template(hrf, tmp_path: Path, template: str, label: str,
                                    pages: int) -> None:
    from pypdf import PdfReader

    result = hrf("new", "Shelling of the market", "--template", template, "-a",
                 "Field Documentation Team", "--date", "2024-11-25", "--no-input")
    assert result.exit_code == 0, result.output
    report = tmp_path / "shelling-of-the-market" / "report.md"
    run = export_paths([str(report)], ExportOptions(formats=("pdf",), force=True))
    assert not run.failed, run.reports[0].errors
    pdf = PdfReader(run.reports[0].written["pdf"])
    first = pdf.pages[0].extract_text()
    assert label in first and "FIELD REPORT" not in first
    assert "25 November 2024" in first and "2024-11-25" not in first
    if template == "statement":  # no cover: the one page opens with the headline and the text
        assert len(pdf.pages) == 1 and "What happened, where and when" in first
    else:  # a cover, then the text from page 1
        assert len(pdf.pages) == pages and "Key points" not in first
        assert pdf.page_labels == ["", "1"]


def test_organisation_style_file_sets_labels_and_colours_in_every_format(
        hrf, write, tmp_path: Path) -> None:
    from pypdf import PdfReader

    write("hrf.yaml", "new:\n  templates: house\n")
    write("house/style.yaml", 'colours: {accent: "#6b1d2a"}\ncover: {report: RAPPORT DE TERRAIN}\n')
    folder = tmp_path / "kupiansk"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("dist", ".hrf-cache*", "hrf.yaml"))
    run = export_paths([str(folder / "report.md")], ExportOptions(force=True))
    assert not run.failed, run.reports[0].errors
    written = run.reports[0].written
    assert "RAPPORT DE TERRAIN" in PdfReader(written["pdf"]).pages[0].extract_text()
    html = written["html"].read_text("utf-8")
    assert "--accent: #6b1d2a;" in html and "RAPPORT DE TERRAIN" in html
    with zipfile.ZipFile(written["docx"]) as docx:
        styles = docx.read("word/styles.xml").decode()
        assert 'w:color w:val="6B1D2A"' in styles and 'w:color w:val="1D3557"' not in styles
        assert "RAPPORT DE TERRAIN" in docx.read("word/document.xml").decode()


def test_organisation_sizes_reach_the_word_styles_as_well_as_pdf_and_html(
        hrf, write, tmp_path: Path) -> None:
    """Sizes of an organisation's style file set Word's body, note, title and heading styles
    (each style keeping its distance: the table text stays 1.5 pt under the body)."""
    write("hrf.yaml", "export:\n  style: house.yaml\n")
    write("house.yaml", "sizes: {body: 12, note: 9.5, title: 32, heading-1: 20, heading-2: 15, "
                        "heading-3: 13}\n")
    write("r/report.md", "---\ntitle: T\nauthor: A\ndate: 2024-11-25\n---\n\n# One\n\n"
                         "Text.[^1]\n\n## Two\n\n### Three\n\n[^1]: A note.\n")
    result = hrf("export", "r/report.md", "--to", "all")
    assert result.exit_code == 0, result.output
    styles = _style_sizes(tmp_path / "r/dist/r.docx")
    sizes = {name: styles[name.lower()] for name in (
        "Normal", "Body Text", "Footnote Text", "Title", "Heading 1", "Heading 2", "Heading 3",
        "Table")}
    assert sizes == {"Normal": 12, "Body Text": 12, "Footnote Text": 9.5, "Title": 32,
                     "Heading 1": 20, "Heading 2": 15, "Heading 3": 13, "Table": 10.5}
    assert "#let hrf-size-body = 12pt" in _typst_source(tmp_path / "r/report.md", tmp_path)
    html = (tmp_path / "r/dist/r.html").read_text("utf-8")
    assert "--size-heading-1: 1.667rem;" in html


def _style_sizes(docx_path: Path) -> dict[str, float]:
    """Each Word style's own font size in points, by its name in lower case (Word stores
    "heading 1" where it shows "Heading 1"), read from the package's styles part."""
    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(docx_path) as package:
        root = etree.fromstring(package.read("word/styles.xml"))
    sizes = {}
    for style in root.iter(f"{w}style"):
        name, size = style.find(f"{w}name"), style.find(f"{w}rPr/{w}sz")
        if name is not None and size is not None:
            sizes[name.get(f"{w}val").lower()] = int(size.get(f"{w}val")) / 2  # half-points
    return sizes


def _typst_source(report: Path, root: Path) -> str:
    """The typst source hrf gives the compiler (what the PDF is made from)."""
    from unittest import mock

    from hrf_cli.export import typst

    seen: list[bytes] = []
    real = typst.compile_pdf

    def spy(source: bytes, **kwargs):
        seen.append(source)
        return real(source, **kwargs)

    with mock.patch.object(typst, "compile_pdf", spy):
        run = export_paths([str(report)], ExportOptions(formats=("pdf",), force=True))
    assert not run.failed, run.reports[0].errors
    return seen[0].decode("utf-8")


def test_a_broken_style_file_is_a_configuration_error_naming_it(hrf, write, tmp_path: Path) -> None:
    write("hrf.yaml", "export:\n  style: style.yaml\n")
    write("style.yaml", 'colours: {accent: "red; } body { display: none"}\n')
    write("r/report.md", "---\ntitle: T\nauthor: A\ndate: 2024-11-25\n---\n\nText.\n")
    result = hrf("export", "r/report.md", "--to", "html")
    assert result.exit_code == 2
    assert "style.yaml" in result.output and "colours.accent" in result.output
