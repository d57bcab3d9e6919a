"""How hrf shows a file's path to people: relative to the current folder when below it."""

from __future__ import annotations

from pathlib import Path


def display_path(path: Path) -> str:
    """The path relative to the current folder when it lies below it, in POSIX form."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except (ValueError, OSError):
        return path.as_posix()
