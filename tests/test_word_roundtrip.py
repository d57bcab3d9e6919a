"""A generated field report exported to DOCX by hrf and imported back keeps its notes (count
and text, citations formatted by citeproc included) and its headings."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest
from click.testing import Result

from hrf_cli.export.styles import csl_path
from tests.word_helpers import collect, front, pandoc_ast, text

Run = Callable[..., Result]
ROOT = Path(__file__).resolve().parents[1]


def normalised(note: str) -> str:
    """Quotation marks are Quoted elements before and characters after: compare the words."""
    return " ".join(re.sub(r"[\"“”‘’']", "", note).split())


def headings(ast: dict) -> list[str]:
    return [text(h["c"][2]) for h in collect(ast["blocks"], "Header")]


@pytest.mark.parametrize("notes", ["footnotes", "endnotes"])
def test_export_then_import_keeps_notes_citations_and_headings(hrf: Run, tmp_path: Path,
                                                              notes: str) -> None:
    source = tmp_path / "gen"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate_report.py"), "--out",
                    str(source), "--words", "2500", "--notes", "25", "--entries", "12",
                    "--citations", "15"], check=True, capture_output=True)
    (source / "hrf.yaml").write_text(f"export:\n  notes: {notes}\n", "utf-8")
    result = hrf("export", "gen/report.md", "--to", "docx", "--no-lint")
    assert result.exit_code == 0, result.output
    result = hrf("import", "gen/dist/gen.docx", "--dir", "back", "--no-input")
    assert result.exit_code == 0, result.output
    report = next((tmp_path / "back").glob("*/report.md"))

    original = pandoc_ast(source / "report.md", "-f", "markdown", "--citeproc", "--csl",
                          str(csl_path("chicago-notes-bibliography", None)))
    back = pandoc_ast(report, "-f", "markdown")
    expected = [normalised(text(n["c"])) for n in collect(original["blocks"], "Note")]
    got = [normalised(text(n["c"])) for n in collect(back["blocks"], "Note")]
    assert len(expected) > 25  # the 25 notes, and a note for each citation in the text
    assert got == expected
    # headings: the same, plus the exported Sources list
    assert headings(back) == headings(original) + ["Sources"]
    meta = front(report)
    assert meta["title"] == "Under Fire: Civilian Harm in Kupiansk, 2022-2024"
    assert meta["author"] == ["Olena Hrytsenko", "Mark Jensen", "Iryna Savchenko"]
    assert str(meta["date"]) == "2024-11-18"
    assert ("export" in meta) == (notes == "endnotes")
