"""The export cache: skip a report whose inputs and outputs are exactly as last time.

An entry per output file holds the report it was made from, a key (hash of the source,
templates, options, and the hrf, pandoc and typst builds) and the files pandoc read besides
the source (bibliographies, CSL, images) with their hashes, which are only known after a
build; plus the size and mtime of the output, so a deleted or edited output is rebuilt.

The cache never lives in the output folder, which is published: it is ``.hrf-cache/export.json``
beside hrf.yaml, or, for a report with no hrf.yaml, a file named after the project root in the
user's cache folder (``$HRF_CACHE_DIR``, else ``$XDG_CACHE_HOME/hrf``, else ``~/.cache/hrf``).
Every path in it is relative to the project root, so it holds nothing of the author's machine.
A missing or damaged cache file (any shape) is ignored and rebuilt; deleting it (or
``--force``) rebuilds everything.
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

CACHE_FOLDER = ".hrf-cache"
CACHE_FILE = "export.json"
LEGACY_NAME = ".hrf-cache.json"  # hrf before 2026-12 kept the cache in the output folder
CACHE_VERSION = 2
GITIGNORE = "# Made by hrf export: nothing here is meant for version control.\n*\n"


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


def user_cache_dir() -> Path:
    """``$HRF_CACHE_DIR``, else ``$XDG_CACHE_HOME/hrf``, else ``~/.cache/hrf``."""
    folder = os.environ.get("HRF_CACHE_DIR")
    if folder:
        return Path(folder)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "hrf"


def cache_location(config_path: Path | None, root: Path) -> Path:
    """Where the cache of a project lives: beside its hrf.yaml, else in the user cache."""
    if config_path is not None:
        return Path(os.path.abspath(config_path)).parent / CACHE_FOLDER / CACHE_FILE
    digest = hashlib.sha256(os.fsencode(os.path.abspath(root))).hexdigest()[:24]
    return user_cache_dir() / "export" / f"{digest}.json"


@dataclass
class Entry:
    """What one output file was built from (paths relative to the project root)."""

    source: str
    key: str
    deps: dict[str, str]  # path -> sha256
    size: int
    mtime_ns: int

    @classmethod
    def parse(cls, raw: object) -> Entry | None:
        """An entry from its JSON form, or None when any part has the wrong shape."""
        if not isinstance(raw, dict):
            return None
        source, key, deps = raw.get("source"), raw.get("key"), raw.get("deps")
        size, mtime = raw.get("size"), raw.get("mtime_ns")
        if not (isinstance(source, str) and isinstance(key, str) and isinstance(deps, dict)
                and all(isinstance(k, str) and isinstance(v, str) for k, v in deps.items())
                and type(size) is int and type(mtime) is int):
            return None
        return cls(source, key, dict(deps), size, mtime)


@dataclass
class Cache:
    """The entries of one project, by output path relative to ``root``."""

    path: Path
    root: Path
    entries: dict[str, Entry] = field(default_factory=dict)
    changed: bool = False

    @classmethod
    def load(cls, path: Path, root: Path) -> Cache:
        """The cache at ``path``; empty when it is missing, unreadable or of any other shape."""
        cache = cls(path, Path(os.path.realpath(root)))
        try:
            raw = json.loads(path.read_bytes().decode("utf-8"))
        except (OSError, ValueError, RecursionError):
            return cache
        entries = raw.get("entries") if isinstance(raw, dict) and \
            raw.get("version") == CACHE_VERSION else None
        if isinstance(entries, dict):
            for name, value in entries.items():
                entry = Entry.parse(value)
                if isinstance(name, str) and entry is not None:
                    cache.entries[name] = entry
        return cache

    def fresh(self, report: Path, output: Path, key: str) -> bool:
        """Same report and key, every dependency unchanged, the output untouched since."""
        entry = self.entries.get(self._relative(output))
        if entry is None or entry.key != key or entry.source != self._relative(report):
            return False
        try:
            stat = os.stat(output)
        except OSError:
            return False
        if (stat.st_size, stat.st_mtime_ns) != (entry.size, entry.mtime_ns):
            return False
        return all(file_hash(self.root / path) == digest for path, digest in entry.deps.items())

    def record(self, report: Path, output: Path, key: str, deps: list[Path]) -> None:
        stat = os.stat(output)
        digests = {self._relative(p): file_hash(p) or "" for p in deps}
        self.entries[self._relative(output)] = Entry(self._relative(report), key, digests,
                                                     stat.st_size, stat.st_mtime_ns)
        self.changed = True

    def forget(self, output: Path) -> None:
        self.changed |= self.entries.pop(self._relative(output), None) is not None

    def save(self) -> None:
        """Write the cache (and a .gitignore in a new .hrf-cache folder); OSError on failure."""
        if not self.changed:
            return
        data = {"version": CACHE_VERSION,
                "entries": {k: vars(v) for k, v in sorted(self.entries.items())}}
        if self.path.parent.name == CACHE_FOLDER and not self.path.parent.exists():
            self.path.parent.mkdir(parents=True)
            write_text(self.path.parent / ".gitignore", GITIGNORE)
        write_text(self.path, json.dumps(data, indent=1, sort_keys=True) + "\n")
        self.changed = False

    def _relative(self, path: Path) -> str:
        """``path`` relative to the project root (with ``..`` when outside), POSIX form."""
        absolute = os.path.realpath(path)
        try:
            return Path(os.path.relpath(absolute, self.root)).as_posix()
        except ValueError:  # another drive on Windows: no relative form exists
            return Path(absolute).as_posix()


def remove_legacy(out_dir: Path) -> None:
    """Delete an old hrf cache from a published output folder (it held absolute paths)."""
    legacy = out_dir / LEGACY_NAME
    try:
        if legacy.is_symlink() or not legacy.is_file():
            return
        raw = json.loads(legacy.read_bytes().decode("utf-8"))
        if isinstance(raw, dict) and "entries" in raw and set(raw) <= {"version", "entries"}:
            legacy.unlink()
    except (OSError, ValueError, RecursionError):
        pass
