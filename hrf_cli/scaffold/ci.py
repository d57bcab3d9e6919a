"""``hrf new --ci``: a pre-commit configuration and a GitHub Actions workflow running hrf lint.

They go to the root of the git repository holding the new report (the nearest folder above
with ``.git``), where pre-commit and GitHub look for them; outside a repository, into the
report folder itself, ready for ``git init``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from hrf_cli.scaffold.discovery import helper_template
from hrf_cli.scaffold.render import plan_files

CI_FOLDER = "_ci"
# Template file (rendered) -> where it goes, relative to the repository root. Template files
# have no leading dot: the wheel's package-data glob skips hidden files.
OUTPUTS = {"pre-commit-config.yaml": ".pre-commit-config.yaml",
           "hrf-lint.yml": ".github/workflows/hrf-lint.yml"}


def repository_root(target: Path) -> Path:
    """The nearest folder at or above ``target`` holding ``.git``; ``target`` when none does."""
    start = Path(os.path.abspath(target))
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return start


def plan_ci(context: dict[str, Any], target: Path) -> dict[Path, bytes]:
    """The CI files' paths and contents for a report created at ``target``."""
    root = repository_root(target)
    relative = Path(os.path.abspath(target)).relative_to(root).as_posix()
    report_dir = "" if relative == "." else relative
    context = {**context, "report_dir": report_dir or ".",
               "files_pattern": f"^{re.escape(report_dir)}/" if report_dir else ""}
    out: dict[Path, bytes] = {}
    for planned in plan_files(helper_template(CI_FOLDER), context):
        out[root / OUTPUTS[planned.path.as_posix()]] = planned.data
    return out
