"""Keep a template inside its folder and its output inside the new report's folder.

An organisation's template folder may come from anyone who can commit to a shared
repository, so it is read as data: a file that is a symlink is followed only when its real
path stays inside the template folder (a link to /etc/passwd or ~/.ssh is refused, never
copied), folders that are links are refused, devices and FIFOs are refused, and Jinja2's
``include``/``import`` load through the same check. Names the manifest gives for the new
folder (``folders:``) must be plain relative paths that stay inside it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path, PurePosixPath
from typing import Any, Callable

from hrf_cli.errors import ConfigError

SKIPPED = {"__pycache__"}


def real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def template_files(folder: Path) -> list[tuple[PurePosixPath, Path]]:
    """Every regular file below ``folder`` as (relative name, real path), sorted by name.

    Raises ConfigError naming the first entry that is a link out of the folder, a link to a
    folder, or not a regular file.
    """
    root = real(folder)
    found: list[tuple[PurePosixPath, Path]] = []
    for current, dirs, files in os.walk(folder, followlinks=False):
        here = Path(current)
        for name in sorted(dirs):
            if name in SKIPPED:
                dirs.remove(name)
            elif (here / name).is_symlink():
                raise ConfigError(f"{name} is a link to a folder ({os.readlink(here / name)}); a "
                                  "template holds its own files, not links, so nothing was "
                                  "written", path=str(here / name))
        for name in files:
            path = here / name
            found.append((PurePosixPath(path.relative_to(folder).as_posix()),
                          inside_template(path, root)))
    return sorted(found)


def inside_template(path: Path, root: Path) -> Path:
    """The real path of a template file, refused when it leaves ``root`` or is not a file."""
    resolved = real(path)
    if not resolved.is_relative_to(root):
        raise ConfigError(f"{path.name} is a link to {resolved}, outside the template folder "
                          f"{root}; templates may only use their own files, so nothing was "
                          "written", path=str(path))
    try:
        mode = resolved.stat().st_mode
    except OSError as exc:
        raise ConfigError(f"cannot read this template file: {exc.strerror or exc}",
                          path=str(path)) from None
    if not stat.S_ISREG(mode):
        raise ConfigError("not a regular file (a device, FIFO or socket); a template holds "
                          "only files and folders, so nothing was written", path=str(path))
    return resolved


def loader(folder: Path) -> Any:
    """A Jinja2 loader for ``include``/``import``/``extends`` that stays inside ``folder``."""
    from jinja2 import BaseLoader, TemplateNotFound

    root = real(folder)

    class ConfinedLoader(BaseLoader):
        def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
            name = PurePosixPath(template)
            if name.is_absolute() or ".." in name.parts or not name.parts:
                raise TemplateNotFound(template)
            path = folder.joinpath(*name.parts)
            if not os.path.lexists(path):
                raise TemplateNotFound(template)
            resolved = inside_template(path, root)
            text = resolved.read_text(encoding="utf-8")
            mtime = resolved.stat().st_mtime
            return text, str(path), lambda: resolved.stat().st_mtime == mtime

    return ConfinedLoader()


def relative_folder(name: str, manifest: str) -> PurePosixPath:
    """A manifest's ``folders:`` entry as a safe relative path; ConfigError if it leaves."""
    if "\\" in name or "\x00" in name:
        raise ConfigError(f"folders: {name!r} must be a relative path with '/' between "
                          "folders", path=manifest)
    path = PurePosixPath(name)
    if not name.strip() or path.is_absolute() or ".." in path.parts or path == PurePosixPath("."):
        raise ConfigError(f"folders: {name!r} leaves the new report's folder; give a path "
                          "inside it such as 'images'", path=manifest)
    return path


def check_inside(target: Path, paths: list[Path]) -> None:
    """Refuse any path whose real location (links in the existing folder followed) leaves
    ``target``: ``--force`` must never write through a link to somewhere else."""
    root = real(target)
    for path in paths:
        where = real(path)
        if not where.is_relative_to(root):
            raise ConfigError(f"{path} leads to {where}, outside the new report's folder "
                              f"(through a link); nothing was written", path=str(path))
