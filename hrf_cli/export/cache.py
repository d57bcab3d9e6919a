"""The export cache: skip a report whose inputs and outputs are exactly as last time.

An entry per report and format holds a key (hash of the source, templates, options, and the
hrf, pandoc and typst builds) and the files pandoc read besides the source (bibliographies,
CSL, images) with their hashes, which are only known after a build; plus the size and mtime
of the output, so a deleted or edited output is rebuilt. The cache lives in the output
folder as ``.hrf-cache.json``; deleting it (or ``--force``) rebuilds everything.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hrf_cli import __version__
from hrf_cli.atomic import write_text

CACHE_NAME = ".hrf-cache.json"
CACHE_VERSION = 1


def file_hash(path: Path) -> str | None:
    """SHA-256 of a regular file's bytes; None when it cannot be read or is not a regular file
    (an image replaced by a FIFO since the last export must not hang the freshness check)."""
    from hrf_cli.boundary import Refused, open_regular

    try:
        fd = open_regular(path, None)
    except (OSError, Refused):
        return None
    digest = hashlib.sha256()
    try:
        while chunk := os.read(fd, 1 << 20):
            digest.update(chunk)
    except OSError:
        return None
    finally:
        os.close(fd)
    return digest.hexdigest()


def tree_identity(folder: Path) -> list[tuple[str, int, int]]:
    """Names, sizes and mtimes of the files below a folder: a cheap identity of an install."""
    found = []
    for current, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            stat = os.stat(os.path.join(current, name))
            found.append((os.path.relpath(os.path.join(current, name), folder), stat.st_size,
                          stat.st_mtime_ns))
    return found


def make_key(*parts: Any) -> str:
    """One hash of the JSON form of ``parts`` (with hrf's version always included)."""
    text = json.dumps([__version__, CACHE_VERSION, *parts], sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Entry:
    """What one format of one report was built from, and what it wrote."""

    key: str
    deps: dict[str, str]  # absolute path -> sha256
    output: str  # absolute path
    size: int
    mtime_ns: int

    def fresh(self, key: str) -> bool:
        """Same key, every dependency unchanged, the output untouched since it was written."""
        if key != self.key:
            return False
        try:
            stat = os.stat(self.output)
        except OSError:
            return False
        if (stat.st_size, stat.st_mtime_ns) != (self.size, self.mtime_ns):
            return False
        return all(file_hash(Path(path)) == digest for path, digest in self.deps.items())


@dataclass
class Cache:
    """The entries of one output folder, by ``report path|format``."""

    path: Path
    entries: dict[str, Entry] = field(default_factory=dict)
    changed: bool = False

    @classmethod
    def load(cls, folder: Path) -> Cache:
        path = folder / CACHE_NAME
        try:
            raw = json.loads(path.read_text("utf-8"))
            entries = {name: Entry(**value) for name, value in raw["entries"].items()}
        except (OSError, ValueError, KeyError, TypeError):
            entries = {}  # missing or damaged: rebuild
        return cls(path, entries)

    def fresh(self, report: Path, fmt: str, key: str) -> bool:
        entry = self.entries.get(_name(report, fmt))
        return entry is not None and entry.fresh(key)

    def record(self, report: Path, fmt: str, key: str, deps: list[Path], output: Path) -> None:
        stat = os.stat(output)
        digests = {str(p): file_hash(p) or "" for p in deps}
        self.entries[_name(report, fmt)] = Entry(key, digests, str(output), stat.st_size,
                                                 stat.st_mtime_ns)
        self.changed = True

    def forget(self, report: Path, fmt: str) -> None:
        self.changed |= self.entries.pop(_name(report, fmt), None) is not None

    def save(self) -> None:
        if self.changed:
            data = {"version": CACHE_VERSION,
                    "entries": {k: vars(v) for k, v in sorted(self.entries.items())}}
            write_text(self.path, json.dumps(data, indent=1, sort_keys=True) + "\n")
            self.changed = False


def _name(report: Path, fmt: str) -> str:
    return f"{os.path.abspath(report)}|{fmt}"
