"""The project boundary: which files a report may make hrf open, and how they are read.

Reports, bibliographies, images and hrf.yaml come from partners and contributors and are not
trusted. The project root is the folder of the nearest hrf.yaml (else the report's own
folder), widened by ``safety.root``. A file a report names is resolved to its real path
(symbolic links followed) and refused when that lies outside the root; a file hrf reads for a
report is refused when it is a device, FIFO, socket or folder, or larger than
``safety.max-file-size``, before a byte of it is read (stat first, then the opened file's own
fstat, so a file swapped meanwhile is caught too). lint, export and fix all come through here,
so the rule is the same everywhere. This module sits below them and imports none of them.
"""

from __future__ import annotations

import os
from collections import namedtuple
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

from hrf_cli.config import DEFAULT_MAX_FILE_SIZE
from hrf_cli.errors import ConfigError
from hrf_cli.paths import display_path
from hrf_cli.safe_read import (  # noqa: F401  (part of this module's interface)
    CHUNK, READ_FLAGS, NotAFile, Refused, TooLarge, check_stat, describe_kind, human_size,
    open_regular, read_limited)

if TYPE_CHECKING:
    from hrf_cli.config import Config


class OutsideRoot(Refused):
    """Raised when a file's real path lies outside the project root."""


def project_root(report: Path, config: Config) -> Path:
    """The real path of ``report``'s project root.

    The folder of hrf.yaml when the report lies below it (a ``--config`` file elsewhere does
    not move the root away from the report), else the report's own folder; ``safety.root``
    (relative to hrf.yaml) widens it and must contain it. ``report`` is taken where it is
    named, not where a symbolic link points, so a linked report cannot carry its root along.
    """
    folder = Path(os.path.abspath(report)).parent
    base = folder
    if config.root is not None and _below(folder, Path(os.path.abspath(config.root))):
        base = config.root
    root = Path(os.path.realpath(base))
    wider = config.safety.root
    if wider is None or config.root is None:
        return root
    widened = Path(os.path.realpath(config.root / os.path.expanduser(wider)))
    shown = display_path(config.path) if config.path is not None else None
    if not widened.is_dir():
        raise ConfigError(f"safety.root: {widened} is not a folder", path=shown,
                          line=config_line(config, "safety.root"))
    if not _below(root, widened):
        raise ConfigError(f"safety.root: {widened} does not contain {root}; it can only widen "
                          "the project root", path=shown, line=config_line(config, "safety.root"))
    return widened


def config_line(config: Config, key: str) -> int | None:
    """The line of a dotted key (``export.out``) in the configuration file, when it is known."""
    return getattr(config, "lines", {}).get(key)


def _below(path: Path, root: Path) -> bool:
    """Whether ``path`` is ``root`` or lies below it (both already absolute or real)."""
    return path == root or root in path.parents


class Boundary(namedtuple("Boundary", "root folder max_file_size",
                          defaults=(DEFAULT_MAX_FILE_SIZE,))):
    """One report's boundary: its real project ``root``, the real ``folder`` its relative
    names start from, and the largest file it may make hrf read."""

    __slots__ = ()
    root: Path
    folder: Path
    max_file_size: int

    @classmethod
    def for_report(cls, report: Path, config: Config) -> Boundary:
        """The boundary of a report on disk (ConfigError for a ``safety.root`` that narrows)."""
        return cls(project_root(report, config),
                   Path(os.path.realpath(report)).parent, config.safety.max_file_size)

    @classmethod
    def for_folder(cls, folder: Path, config: Config | None = None) -> Boundary:
        """A boundary rooted at ``folder``: for text with no file (tests, standard input)."""
        real = Path(os.path.realpath(folder))
        limit = config.safety.max_file_size if config is not None else DEFAULT_MAX_FILE_SIZE
        return cls(real, real, limit)

    def contains(self, real: Path) -> bool:
        """Whether a real path lies inside the project root."""
        return _below(real, self.root)

    def resolve(self, name: str, what: str, *, base: Path | None = None,
                rooted: bool = False) -> Path:
        """The real path of a file named ``name`` (relative to ``base``, default the report's
        folder); raises :class:`OutsideRoot` when it lies outside the project root.

        ``rooted``: a leading ``/`` means ``base``, as for images in a report (``/img.png`` is
        the report folder's ``img.png``); otherwise an absolute name is absolute.
        """
        start = base if base is not None else self.folder
        named = Path(os.path.abspath(start / (name.lstrip("/") if rooted else name)))
        real = Path(os.path.realpath(named))
        if not self.contains(real):
            via = ("is a symbolic link to " if _below(named, self.root) else "is ") + str(real)
            raise OutsideRoot(what, name, f"lies outside the project root {self.root} (it {via}); "
                              "copy it into the project, or widen the root with safety.root "
                              "in hrf.yaml", real=real)
        return real

    def image(self, src: str) -> Path | None:
        """The real path of a local image ``src`` as pandoc reads it (percent-escapes undone,
        a leading ``/`` meaning the report's folder); None for a web or ``data:`` image.
        ``file:`` URLs are refused: they name files anywhere on the machine."""
        lowered = src.strip().lower()
        if lowered.startswith(("http://", "https://", "data:")):
            return None
        if lowered.startswith("file:"):
            raise OutsideRoot("image", src, "is a file: URL, which may name any file on the "
                              "machine; name the image relative to the report instead")
        return self.resolve(unquote(src.split("?", 1)[0].split("#", 1)[0]), "image", rooted=True)

    def read(self, real: Path, what: str, name: str | None = None) -> bytes:
        """The bytes of a resolved file, refused (before reading) when it is not a regular file
        or is larger than the limit; OSError (FileNotFoundError...) when it cannot be read."""
        return read_limited(real, self.max_file_size, what, name, nofollow=True)


def display_name(real: Path, root: Path) -> str:
    """A real path shown relative to the project root when inside it."""
    try:
        return real.relative_to(root).as_posix()
    except ValueError:
        return str(real)


def reachable_problems(root: Path, limit: int = 200_000) -> list[str]:
    """What code running with ``root`` as its file root (a raw typst block) could reach
    besides the project's plain files: symbolic links below ``root`` whose real path lies
    outside it, and devices, FIFOs and sockets below it. Links are not followed; a tree of
    more than ``limit`` entries is itself a problem (it cannot be checked in bounded time).
    """
    problems: list[str] = []
    stack = [root]
    seen = 0
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue  # unreadable for hrf is unreadable for typst too
        for entry in sorted(entries, key=lambda e: e.name):
            seen += 1
            if seen > limit:
                return problems + [f"the project root {root} holds more than {limit:,} files "
                                   "and folders, too many to check"]
            path = Path(entry.path)
            if entry.is_symlink():
                real = Path(os.path.realpath(path))
                if not _below(real, root):
                    problems.append(f"{display_name(path, root)} is a symbolic link to {real}, "
                                    "outside the project root")
            elif entry.is_dir(follow_symlinks=False):
                stack.append(path)
            elif not entry.is_file(follow_symlinks=False):
                kind = describe_kind(entry.stat(follow_symlinks=False).st_mode)
                problems.append(f"{display_name(path, root)} is {kind}")
    return problems
