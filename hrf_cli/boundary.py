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
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterator
from urllib.parse import unquote

from hrf_cli.config import DEFAULT_MAX_FILE_SIZE
from hrf_cli.errors import ConfigError, HrfError
from hrf_cli.paths import display_path

if TYPE_CHECKING:
    from hrf_cli.config import Config

CHUNK = 1 << 20
# Flags for opening a file to read that never block on a FIFO nor adopt a terminal.
READ_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
              | getattr(os, "O_CLOEXEC", 0))


class Refused(HrfError):
    """Raised when a file is refused: outside the project root, not a regular file, or too large.

    The message is ``{what} {name!r} {reason}``: ``name`` is the file as the report (or
    hrf.yaml) wrote it, ``reason`` why it is refused; ``real`` is its real path, if known.
    """

    def __init__(self, what: str, name: str, reason: str, *, real: Path | None = None):
        self.what = what
        self.name = name
        self.reason = reason
        self.real = real
        super().__init__(f"{what} {name!r} {reason}")


class OutsideRoot(Refused):
    """Raised when a file's real path lies outside the project root."""


class NotAFile(Refused):
    """Raised when a path is a device, FIFO, socket or folder instead of a regular file."""


class TooLarge(Refused):
    """Raised when a file is larger than ``safety.max-file-size``."""


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


@dataclass(frozen=True)
class Boundary:
    """One report's boundary: its real project ``root``, the real ``folder`` its relative
    names start from, and the largest file it may make hrf read."""

    root: Path
    folder: Path
    max_file_size: int = DEFAULT_MAX_FILE_SIZE

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


def describe_kind(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    kinds = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
             (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
             (stat.S_ISSOCK, "a socket"))
    if stat.S_ISREG(mode):
        return None
    return next((word for test, word in kinds if test(mode)), "not a regular file")


def check_stat(info: os.stat_result, limit: int | None, what: str, name: str) -> None:
    """Refuse a non-regular file, or one larger than ``limit`` bytes."""
    kind = describe_kind(info.st_mode)
    if kind is not None:
        raise NotAFile(what, name, f"is {kind}, not a regular file; refused")
    if limit is not None and info.st_size > limit:
        raise TooLarge(what, name, f"is {human_size(info.st_size)}, larger than the "
                       f"{human_size(limit)} limit (safety.max-file-size in hrf.yaml)")


def open_regular(path: Path, limit: int | None, what: str = "file", name: str | None = None, *,
                 nofollow: bool = False) -> int:
    """A descriptor open for reading on a regular file no larger than ``limit``.

    Refused by ``stat`` before opening (a device or FIFO is never opened when it is one
    already), then checked again with ``fstat`` on what was actually opened; the open never
    blocks (``O_NONBLOCK``), so a FIFO swapped in meanwhile cannot hang hrf.
    """
    shown = name if name is not None else str(path)
    check_stat(os.stat(path), limit, what, shown)
    flags = READ_FLAGS | (getattr(os, "O_NOFOLLOW", 0) if nofollow else 0)
    fd = os.open(path, flags)
    try:
        check_stat(os.fstat(fd), limit, what, shown)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_limited(path: Path, limit: int, what: str = "file", name: str | None = None, *,
                 nofollow: bool = False) -> bytes:
    """At most ``limit`` bytes of a regular file (reads ``limit + 1`` to notice growth)."""
    fd = open_regular(path, limit, what, name, nofollow=nofollow)
    try:
        data = b"".join(_chunks(fd, limit + 1))
    finally:
        os.close(fd)
    if len(data) > limit:
        shown = name if name is not None else str(path)
        raise TooLarge(what, shown, f"grew beyond the {human_size(limit)} limit while it was "
                       "read (safety.max-file-size in hrf.yaml)")
    return data


def _chunks(fd: int, budget: int) -> Iterator[bytes]:
    while budget > 0:
        chunk = os.read(fd, min(budget, CHUNK))
        if not chunk:
            return
        budget -= len(chunk)
        yield chunk


def human_size(size: int) -> str:
    """``52,428,800 bytes`` as ``52.4 MB`` (decimal units, as safety.max-file-size is written)."""
    for unit, factor in (("GB", 1000**3), ("MB", 1000**2), ("kB", 1000)):
        if size >= factor:
            return f"{size / factor:.1f} {unit}"
    return f"{size} bytes"


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
