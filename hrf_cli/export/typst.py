"""typst source to PDF with the ``typst`` package from PyPI: no LaTeX, no download, offline.

System fonts are ignored, so the PDF looks the same on every machine: the fonts are those
embedded in typst (Libertinus Serif, New Computer Modern, DejaVu Sans Mono; all cover Latin
and Cyrillic) plus any font files an organisation puts in ``templates/typst/fonts``.
"""

from __future__ import annotations

import os
from pathlib import Path

from hrf_cli.errors import HrfError


def compile_pdf(source: bytes, *, root: Path, fonts: Path, report: str) -> tuple[bytes, list[str]]:
    """The PDF of ``source`` (images resolve below ``root``) and typst's warnings."""
    import typst

    font_paths = [str(fonts)] if fonts.is_dir() else []
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "315532800"))
    try:
        pdf, warnings = typst.compile_with_warnings(
            source, root=str(root), font_paths=font_paths, ignore_system_fonts=True,
            format="pdf", timestamp=epoch)
    except typst.TypstError as exc:
        raise HrfError(f"typst could not make the PDF: {_describe(exc)}", path=report) from None
    return bytes(pdf), [_describe(w) for w in warnings]


def typst_version() -> str:
    """The typst package's version, for cache keys."""
    from importlib.metadata import version

    return version("typst")


def _describe(problem: object) -> str:
    """typst's message with its hints, on one line."""
    message = str(getattr(problem, "message", None) or problem).strip()
    hints = [str(h) for h in getattr(problem, "hints", None) or []]
    return " ".join([message, *(f"(hint: {h})" for h in hints)])
