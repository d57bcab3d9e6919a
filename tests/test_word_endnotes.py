"""Real Word endnotes: ``export.notes: endnotes`` (hrf.yaml or the report's front matter)."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Callable

import pytest
from click.testing import Result

from tests.word_helpers import collect, pandoc_ast, text

Run = Callable[..., Result]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REPORT = """---
title: Endnote test
author: Field Documentation Team
date: 2024-11-25
{extra}---

## Findings

The school was damaged.[^1] The clinic closed, see [the notice](https://example.org/n).[^2]

## Sources

Water returned in May.[^3]

[^1]: Photographs on file.

[^2]: Interview with a nurse, *April* 2024; [notice](https://example.org/notice).

[^3]: Utility notice, 14 May 2024.
"""
NOTES = ["Photographs on file.", "Interview with a nurse, April 2024; notice.",
         "Utility notice, 14 May 2024."]


def exported(hrf: Run, tmp_path: Path, extra: str = "", config: str = "") -> Path:
    (tmp_path / "report.md").write_text(REPORT.format(extra=extra), "utf-8")
    if config:
        (tmp_path / "hrf.yaml").write_text(config, "utf-8")
    result = hrf("export", "report.md", "--to", "docx")
    assert result.exit_code == 0, result.output
    return tmp_path / "dist" / f"{tmp_path.name}.docx"


def parts(docx: Path) -> dict[str, str]:
    with zipfile.ZipFile(docx) as archive:
        return {n: archive.read(n).decode("utf-8") for n in archive.namelist()
                if n.endswith((".xml", ".rels"))}


def test_footnotes_stay_the_default(hrf: Run, tmp_path: Path) -> None:
    xml = parts(exported(hrf, tmp_path))
    assert "word/endnotes.xml" not in xml and "<w:footnoteReference" in xml["word/document.xml"]


@pytest.mark.parametrize("extra, config", [
    ("", "export:\n  notes: endnotes\n"),
    ("export:\n  notes: endnotes\n", ""),
])
def test_endnotes_from_config_or_front_matter(hrf: Run, tmp_path: Path, extra: str,
                                              config: str) -> None:
    docx = exported(hrf, tmp_path, extra, config)
    xml = parts(docx)
    document, endnotes = xml["word/document.xml"], xml["word/endnotes.xml"]
    assert "w:footnoteReference" not in document
    assert document.count("<w:endnoteReference") == 3
    assert document.count('w:rStyle w:val="EndnoteReference"') >= 3
    assert endnotes.count("<w:endnote ") == 5  # two separators and three notes
    assert endnotes.count("<w:endnoteRef/>") == 3 and 'w:val="EndnoteText"' in endnotes
    assert "w:footnoteRef" not in xml["word/footnotes.xml"]  # only the separators stay
    assert "relationships/endnotes" in xml["word/_rels/document.xml.rels"]
    assert 'PartName="/word/endnotes.xml"' in xml["[Content_Types].xml"]
    assert "<w:endnotePr>" in xml["word/settings.xml"] and 'w:numFmt w:val="decimal"' in xml["word/settings.xml"]
    styles = xml["word/styles.xml"]
    assert 'w:styleId="EndnoteText"' in styles and 'w:styleId="EndnoteReference"' in styles
    # the note's link keeps its relationship
    assert "example.org/notice" in xml["word/_rels/endnotes.xml.rels"]
    # pandoc reads them back as the same notes, in the same order
    notes = collect(pandoc_ast(docx, "-f", "docx")["blocks"], "Note")
    assert [text(n["c"]) for n in notes] == NOTES


def test_reference_document_has_endnote_styles() -> None:
    root = Path(__file__).resolve().parents[1]
    with zipfile.ZipFile(root / "templates" / "docx" / "reference.docx") as archive:
        styles = archive.read("word/styles.xml").decode("utf-8")
    assert 'w:styleId="EndnoteText"' in styles and 'w:styleId="EndnoteReference"' in styles


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_shows_endnotes_at_the_end(hrf: Run, tmp_path: Path) -> None:
    from pypdf import PdfReader

    docx = exported(hrf, tmp_path, "", "export:\n  notes: endnotes\n")
    profile = tmp_path / "lo-profile"
    subprocess.run(["soffice", "--headless", "--norestore",
                    f"-env:UserInstallation={profile.as_uri()}", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(docx)], check=True, capture_output=True,
                   timeout=300)
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(tmp_path / f"{docx.stem}.pdf").pages]
    assert len(pages) >= 2
    body = next(page for page in pages if "The school was damaged" in page)  # after the title page
    assert "The school was damaged.1" in body and "Photographs on file" not in body
    last = pages[-1]
    assert "1 Photographs on file." in last and "3 Utility notice, 14 May 2024." in last


def test_export_refuses_a_word_draft(hrf: Run, tmp_path: Path) -> None:
    from tests.word_helpers import draft

    draft(tmp_path, "notes.docx")
    result = hrf("export", "notes.docx", "--to", "docx")
    assert result.exit_code == 2
    assert "run 'hrf import notes.docx' first" in result.output
    assert not (tmp_path / "dist").exists()
