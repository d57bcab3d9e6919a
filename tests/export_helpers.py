"""Helpers for the export tests: the notes pandoc itself finds, and text normalised for
comparing what a PDF, a DOCX or an HTML page says."""

from __future__ import annotations

import json
import re
import subprocess
import unicodedata
from pathlib import Path

from hrf_cli.export.pandoc import pandoc_path
from hrf_cli.export.styles import csl_path


def pandoc_notes(report: Path) -> list[str]:
    """The text of every note pandoc renders (citations as notes with the default CSL)."""
    done = subprocess.run([pandoc_path(), "-f", "markdown", "-t", "json", "--citeproc", "--csl",
                           str(csl_path("chicago-notes-bibliography", None)), report.name],
                          cwd=report.parent, capture_output=True, check=True, timeout=120)
    notes: list[str] = []

    def visit(node: object) -> None:
        if isinstance(node, dict):
            if node.get("t") == "Note":
                notes.append(stringify(node["c"]))
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for item in node:
                visit(item)

    visit(json.loads(done.stdout)["blocks"])
    return notes


def stringify(node: object) -> str:
    if isinstance(node, dict):
        kind = node.get("t")
        if kind == "Str":
            return node["c"]
        if kind in ("Space", "SoftBreak", "LineBreak"):
            return " "
        return stringify(node.get("c"))
    if isinstance(node, list):
        return "".join(stringify(item) for item in node if not isinstance(item, (str, int)))
    return ""


def letters(text: str) -> str:
    """Only letters and digits, ligatures unfolded: what every format must keep of a text."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text)).lower()
