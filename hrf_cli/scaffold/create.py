"""``hrf new``: render a template into a new report folder without ever destroying work.

Everything is rendered in memory and every conflict is checked before the first write. An
existing target is refused (``--force`` replaces only the files the template writes). If
writing fails halfway, the files and folders created are removed and replaced files get
their old bytes back, so a failed run leaves the disk as it found it.
"""

from __future__ import annotations

import datetime
import os
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from hrf_cli import atomic
from hrf_cli.config import CONFIG_NAMES, Config, find_config
from hrf_cli.errors import ConfigError, HrfError
from hrf_cli.scaffold.ci import plan_ci
from hrf_cli.scaffold.confine import check_inside
from hrf_cli.scaffold.discovery import helper_template
from hrf_cli.scaffold.manifest import Template
from hrf_cli.scaffold.render import front_matter, plan_files
from hrf_cli.scaffold.slug import slugify

CONFIG_FOLDER = "_config"  # the hrf.yaml written when a template has none of its own
GITIGNORE = """\
# Written by `hrf new`: what `hrf export` and `hrf new --force` make stays out of git.
dist/
.hrf-cache/
.hrf-cache.json
*.~[0-9]*~
"""


@dataclass(frozen=True)
class NewReport:
    """What to create: a template, its answers, where, and how boldly."""

    template: Template
    values: dict[str, Any]
    parent: Path
    config: Config = field(default_factory=Config)
    force: bool = False
    ci: bool = False
    # Files that replace or join the template's (relative POSIX paths): hrf import's report.
    extra_files: dict[str, bytes] = field(default_factory=dict)
    requirement: str | None = None  # where the --ci files install hrf from


@dataclass
class Created:
    """What a run wrote: the report folder and each file, new or replaced."""

    target: Path
    written: list[Path] = field(default_factory=list)
    replaced: list[Path] = field(default_factory=list)
    folders: list[Path] = field(default_factory=list)
    config_written: bool = False
    backups: dict[Path, Path] = field(default_factory=dict)  # replaced file -> its backup


def target_for(request: NewReport) -> Path:
    """``PARENT/<slug>``: the slug of the title, or ``<template>-<date>`` when it has none."""
    slug = slugify(str(request.values.get("title") or ""))
    if not slug:
        date = request.values.get("date") or datetime.date.today().isoformat()
        slug = f"{request.template.name}-{date}"
    return request.parent / slug


def create_report(request: NewReport) -> Created:
    """Create the report folder; raises ConfigError for conflicts, HrfError if writing fails."""
    target = target_for(request)
    context = _context(request, target)
    files = _planned(request.template, context, target)
    files.update({target / Path(*PurePosixPath(name).parts): data
                  for name, data in request.extra_files.items()})
    config_written = find_config(target.parent) is None
    if config_written:  # the template's own hrf.yaml, or the default one
        files = {**_planned(helper_template(CONFIG_FOLDER), context, target), **files}
    else:  # the report is already governed by an hrf.yaml above it
        files = {p: d for p, d in files.items() if not (p.name in CONFIG_NAMES and p.parent == target)}
    folders = [target / Path(*PurePosixPath(f).parts) for f in request.template.folders]
    files = {**_git_files(target, folders, files), **files}
    if request.ci:
        files.update(plan_ci(context, target))
    _check(target, files, folders, request.force)

    created = Created(target=target, folders=folders, config_written=config_written)
    undo = _Undo()
    try:
        for folder in [target, *folders, *(p.parent for p in files)]:
            undo.make_dirs(folder)
        for path, data in files.items():
            if path.exists():
                created.replaced.append(path)
                undo.remember(path)
            else:
                undo.created_files.append(path)
            atomic.write_bytes(path, data)
            created.written.append(path)
        created.backups = undo.commit()
    except BaseException as exc:
        undo.rollback()
        if isinstance(exc, OSError):
            raise HrfError(f"could not create the report: {exc.strerror or exc}; everything "
                           "this run created was removed", path=str(exc.filename or target)) from None
        raise
    return created


def _git_files(target: Path, folders: list[Path], planned: dict[Path, bytes]) -> dict[Path, bytes]:
    """A ``.gitignore`` keeping outputs and caches out of git, and a ``.gitkeep`` in each
    folder left empty so git keeps it (git stores files, not folders)."""
    files = {target / ".gitignore": GITIGNORE.encode("utf-8")}
    filled = {path.parent for path in planned}
    for folder in folders:
        if folder not in filled and not (folder.is_dir() and any(folder.iterdir())):
            files[folder / ".gitkeep"] = b""
    return files


def _planned(template: Template, context: dict[str, Any], target: Path) -> dict[Path, bytes]:
    return {target / Path(*f.path.parts): f.data for f in plan_files(template, context)}


def _context(request: NewReport, target: Path) -> dict[str, Any]:
    """What templates can use: every field, plus the front matter and a few facts."""
    values = dict(request.values)
    day = datetime.date.fromisoformat(str(values.get("date") or datetime.date.today().isoformat()))
    return {**values, "front_matter": front_matter(request.template, values), "slug": target.name,
            "template": request.template.name, "organisation": request.config.new.organisation,
            "requirement": request.requirement or request.config.new.requirement or "",
            "year": str(day.year),
            "date_text": f"{day.day} {day:%B %Y}"}


def _check(target: Path, files: dict[Path, bytes], folders: list[Path], force: bool) -> None:
    """Every reason to refuse, before anything is written."""
    for above in (target, *target.parents):
        _check_folder(above)
    _check_writable(target)
    check_inside(target, [p for p in [*folders, *files] if p.is_relative_to(target)])
    if target.exists() and not force:
        raise ConfigError(f"{target} already exists; nothing was written (use --force to "
                          "replace the files the template writes, leaving everything else)",
                          path=str(target))
    for path in [*folders, *files]:
        if path in files and path.is_dir():
            raise ConfigError(f"{path} is a folder where the template writes a file; nothing "
                              "was written", path=str(path))
        if path not in files and path.exists() and not path.is_dir():
            raise ConfigError(f"{path} is a file where the template makes a folder; nothing "
                              "was written", path=str(path))
        if path in files and path.exists() and not force and not path.is_relative_to(target):
            raise ConfigError(f"{path} already exists; nothing was written (use --force to "
                              "replace it)", path=str(path))


def numbered_backup(path: Path) -> Path:
    """``report.md.~N~`` with N one above the highest backup there is (1 for the first)."""
    pattern = re.compile(re.escape(path.name) + r"\.~([0-9]+)~")
    numbers = [int(m.group(1)) for name in os.listdir(path.parent)
               if (m := pattern.fullmatch(name))]
    return path.with_name(f"{path.name}.~{max(numbers, default=0) + 1}~")


def _check_folder(path: Path) -> None:
    """A folder on the way to the report must be one: say what the path is when it is not."""
    if os.path.islink(path) and not path.exists():
        raise ConfigError(f"{path} is a link to {os.readlink(path)}, which does not exist; "
                          "create that folder or choose another --dir", path=str(path))
    if not os.path.lexists(path) or path.is_dir():
        return
    kind = "a file" if path.is_file() else "a device, FIFO or socket"
    raise ConfigError(f"{path} is {kind}, not a folder; choose another --dir or title",
                      path=str(path))


def _check_writable(target: Path) -> None:
    """The nearest existing folder at or above the target must let us write in it."""
    existing = next((p for p in (target, *target.parents) if p.exists()), None)
    if existing is not None and not os.access(existing, os.W_OK | os.X_OK):
        raise ConfigError(f"{existing} is a folder you cannot write in (permission denied); "
                          "choose another --dir", path=str(existing))


class _Undo:
    """What a run changed, so a failure can put it back.

    A file about to be replaced is first renamed to a hidden backup beside it: putting it
    back is a rename too, which needs no disk space, so rollback works on a full disk.
    """

    def __init__(self) -> None:
        self.created_dirs: list[Path] = []
        self.created_files: list[Path] = []
        self.backups: dict[Path, Path] = {}

    def make_dirs(self, folder: Path) -> None:
        missing = [p for p in (folder, *folder.parents) if not p.exists()]
        for path in reversed(missing):
            path.mkdir()
            self.created_dirs.append(path)

    def remember(self, path: Path) -> None:
        backup = path.with_name(f".{path.name}.hrf-backup")
        os.replace(path, backup)
        self.backups[path] = backup

    def commit(self) -> dict[Path, Path]:
        """Keep each replaced file as ``NAME.~N~`` (GNU cp's numbered backups)."""
        kept: dict[Path, Path] = {}
        for path, backup in self.backups.items():
            kept[path] = numbered_backup(path)
            os.replace(backup, kept[path])
        self.backups = {}
        return kept

    def rollback(self) -> None:
        for path in reversed(self.created_files):
            path.unlink(missing_ok=True)
        for path, backup in self.backups.items():
            os.replace(backup, path)
        for path in reversed(self.created_dirs):
            try:
                os.rmdir(path)
            except OSError:
                pass  # something else put a file there meanwhile: leave it
