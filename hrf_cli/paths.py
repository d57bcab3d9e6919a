"""How hrf shows a file's path to people: relative to the current folder when below it."""

from __future__ import annotations

import os
from pathlib import Path


def display_path(path: Path) -> str:
    """The path relative to the current folder when it lies below it, in POSIX form.

    A symbolic link is shown by its own name (where the user sees it), not its target's.
    """
    try:
        return Path(os.path.abspath(path)).relative_to(Path.cwd()).as_posix()
    except (ValueError, OSError):
        pass
    try:  # the current folder reached through a link
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except (ValueError, OSError, RuntimeError):
        return path.as_posix()
