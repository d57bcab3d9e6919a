"""Reading a file hrf did not write, safely: regular files only, never more than a limit.

A device, FIFO, socket or folder is refused before it is opened (stat), then again on what was
opened (fstat), and the open never blocks; at most ``limit + 1`` bytes are ever read. Kept
below config.py (which reads hrf.yaml this way) and boundary.py (which adds the project root).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Iterator

from hrf_cli.errors import HrfError

# Flags for opening a file to read that never block on a FIFO nor adopt a terminal.
READ_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
              | getattr(os, "O_CLOEXEC", 0))


CHUNK = 1 << 20


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


class NotAFile(Refused):
    """Raised when a path is a device, FIFO, socket or folder instead of a regular file."""


class TooLarge(Refused):
    """Raised when a file is larger than ``safety.max-file-size``."""


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
