"""Where the files shipped with hrf live, in a checkout and in an installed wheel."""

from __future__ import annotations

from pathlib import Path


def templates_dir() -> Path:
    """The templates folder: ``templates/`` of a checkout, ``hrf_cli/templates`` in a wheel."""
    installed = Path(__file__).resolve().parent / "templates"
    if installed.is_dir():
        return installed
    checkout = Path(__file__).resolve().parent.parent / "templates"
    return checkout
