"""Where ``hrf export`` writes a report's files, and the rule that keeps them in the project.

A contributed hrf.yaml is as untrusted as a report: ``export.out: ../elsewhere`` would write
outputs (and the export cache) outside the project, over whatever is there. So a folder that
hrf.yaml names, or the default ``dist/`` beside the report, must lie inside the project root
once symbolic links are followed; ``--out`` given on the command line is the user's own choice
and always allowed, and ``--allow-outside-out`` lets the configuration's folder through.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from hrf_cli.boundary import config_line
from hrf_cli.errors import ConfigError
from hrf_cli.paths import display_path

if TYPE_CHECKING:
    from hrf_cli.boundary import Boundary
    from hrf_cli.config import Config

ALLOW_OPTION = "--allow-outside-out"


def output_folder(source: Path, config: Config, boundary: Boundary, given: Path | None,
                  allow_outside: bool) -> tuple[Path, str | None]:
    """The absolute output folder and, when it is refused, why (the report then fails alone).

    Raises ConfigError (naming hrf.yaml's line) for an ``export.out`` outside the project.
    """
    if given is not None:
        return Path(os.path.abspath(given)), None
    configured = config.export.out is not None and config.root is not None
    if config.export.out is not None and config.root is not None:
        folder = Path(os.path.abspath(config.root / config.export.out))
    else:
        folder = Path(os.path.abspath(source.parent / "dist"))
    real = Path(os.path.realpath(folder))
    if allow_outside or boundary.contains(real):
        return folder, None
    via = f" (it is {real})" if real != folder else ""
    if configured:
        raise ConfigError(f"export.out: {folder}{via} lies outside the project root "
                          f"{boundary.root}; choose a folder inside it, give -o/--out on the "
                          f"command line, or allow it with {ALLOW_OPTION}",
                          path=display_path(config.path) if config.path else None,
                          line=config_line(config, "export.out"))
    return folder, (f"the output folder {folder}{via} lies outside the project root "
                    f"{boundary.root}; nothing is written there (give -o/--out, or "
                    f"{ALLOW_OPTION})")
