"""``hrf new --ci``: a pre-commit configuration and a GitHub Actions workflow running hrf lint.

They go to the root of the git repository holding the new report (the nearest folder above
with ``.git``), where pre-commit and GitHub look for them; outside a repository, into the
report folder itself, ready for ``git init``.
"""

from __future__ import annotations

import json
import os
import re
import shlex
from pathlib import Path
from typing import Any

from hrf_cli.errors import ConfigError
from hrf_cli.scaffold.answers import Ask
from hrf_cli.scaffold.discovery import helper_template
from hrf_cli.scaffold.manifest import Field
from hrf_cli.scaffold.render import plan_files

CI_FOLDER = "_ci"
# Template file (rendered) -> where it goes, relative to the repository root. Template files
# have no leading dot: the wheel's package-data glob skips hidden files.
OUTPUTS = {"pre-commit-config.yaml": ".pre-commit-config.yaml",
           "hrf-lint.yml": ".github/workflows/hrf-lint.yml"}


REQUIREMENT = Field(name="requirement", required=True,
                    prompt="Where CI installs hrf from (a pip requirement, e.g. "
                           "git+https://github.com/your-org/hrf@v0.1.0)")
# "hrf @ git+URL@REV" or "git+URL@REV" (pip's VCS form), with an optional #fragment.
GIT_REQUIREMENT = re.compile(r"(?:[A-Za-z0-9._-]+\s*@\s*)?git\+(?P<url>[^#\s]+?)"
                             r"(?:@(?P<rev>[^@/#\s]+))?(?:#\S*)?")


def requirement_for(given: str | None, configured: str | None, ask: Ask | None) -> str:
    """Where the CI files install hrf from: ``--requirement``, else hrf.yaml's
    ``new.requirement``, else asked on a terminal; without one it is an error (hrf is not
    on the Python package index, so a plain ``pip install hrf`` cannot work)."""
    requirement = (given or configured or "").strip()
    if not requirement and ask is not None:
        requirement = str(ask(REQUIREMENT, None) or "").strip()
    if not requirement:
        raise ConfigError("missing required value: requirement (--requirement, or "
                          "new.requirement in hrf.yaml): where the --ci files install hrf "
                          "from, a pip requirement such as "
                          "git+https://github.com/your-org/hrf@v0.1.0")
    hook_source(requirement)
    return requirement


def hook_source(requirement: str) -> tuple[str, str] | None:
    """(repository, rev) of a git requirement, for pre-commit's ``repo:``/``rev:``; None for
    any other requirement (a package index name, a wheel), which a local hook installs."""
    m = GIT_REQUIREMENT.fullmatch(requirement)
    if m is None:
        if "git+" in requirement:
            raise ConfigError(f"requirement: cannot read {requirement!r} as "
                              "git+URL@TAG (pip's form for a git repository)")
        return None
    if not m.group("rev"):
        raise ConfigError(f"requirement: {requirement!r} names no version; pin one as "
                          "git+URL@TAG (pre-commit needs a rev, and CI should not move "
                          "with every commit)")
    return m.group("url"), m.group("rev")


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
    requirement = str(context["requirement"])
    source = hook_source(requirement)
    values = {"requirement": requirement, "hook_repo": source[0] if source else "",
              "hook_rev": source[1] if source else "",
              "files": f"^{re.escape(report_dir)}/" if report_dir else "",
              "install": f"python -m pip install {shlex.quote(requirement)}",
              "lint": f"hrf lint --format github {shlex.quote(report_dir or '.')}"}
    # Every value goes into the YAML as a double-quoted (JSON) string: always valid YAML.
    context = {**context, "report_dir": report_dir or ".", "ci": values,
               "quoted": {k: json.dumps(v, ensure_ascii=False) for k, v in values.items()}}
    out: dict[Path, bytes] = {}
    for planned in plan_files(helper_template(CI_FOLDER), context):
        out[root / OUTPUTS[planned.path.as_posix()]] = planned.data
    return out
