"""How the real pandoc (from pypandoc-binary) reads Markdown: notes and citation ids."""

from __future__ import annotations

import json
import subprocess
from typing import Any


def pandoc_path() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()


def pandoc_ast(text: str) -> dict[str, Any]:
    """pandoc's whole JSON AST of Markdown text (bytes passed as they are, CRLF included)."""
    out = subprocess.run([pandoc_path(), "-f", "markdown", "-t", "json"], input=text.encode("utf-8"),
                         capture_output=True, check=True).stdout
    return json.loads(out)


# Metadata hrf does not read as the document's own text: bibliography data and nocite.
NOT_DOCUMENT_META = ("references", "nocite", "bibliography", "csl")


def pandoc_counts(text: str) -> tuple[int, list[str]]:
    """Number of Note elements (nested included) and sorted citation ids pandoc parses,
    in the body and in the metadata strings (``author: 'Doe[^1]'``; pandoc prints those
    in the title block), bibliography data left out."""
    out = subprocess.run([pandoc_path(), "-f", "markdown", "-t", "json"], input=text,
                         capture_output=True, text=True, encoding="utf-8", check=True).stdout
    notes = 0
    ids: set[str] = set()

    def walk(node: Any) -> None:
        nonlocal notes
        if isinstance(node, dict):
            if node.get("t") == "Note":
                notes += 1
            elif node.get("t") == "Cite":
                ids.update(c["citationId"] for c in node["c"][0])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    document = json.loads(out)
    walk(document["blocks"])
    walk([value for key, value in document["meta"].items() if key not in NOT_DOCUMENT_META])
    return notes, sorted(ids)
