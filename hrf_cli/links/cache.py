"""Link results kept on disk between runs, so a second ``--check-links`` asks no server again.

One JSON file (``links.json`` in ``$HRF_CACHE_DIR``, else ``$XDG_CACHE_HOME/hrf``, else
``~/.cache/hrf``). A result expires by what it says: a working link is trusted for a week,
a dead one for a day (a site may come back), an unverified one for an hour (blocks and
outages pass). The file is written atomically; a missing, unreadable or corrupt file is
treated as empty, never as an error.
"""

from __future__ import annotations

import json
import math
import os
import time
from pathlib import Path
from typing import Callable

from hrf_cli.links.model import LinkResult
from hrf_cli.links.status import DEAD, MOVED, OK, UNVERIFIED

CACHE_VERSION = 1
DAY = 24 * 3600.0
EXPIRY = {OK: 7 * DAY, MOVED: 7 * DAY, DEAD: DAY, UNVERIFIED: 3600.0}


def default_cache_path() -> Path:
    """Where the cache lives unless LinkOptions.cache_path says otherwise."""
    folder = os.environ.get("HRF_CACHE_DIR")
    if folder:
        return Path(folder) / "links.json"
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "hrf" / "links.json"


class LinkCache:
    """URL to (result, when checked); ``clock`` is the time source (seconds since the epoch)."""

    def __init__(self, path: Path, clock: Callable[[], float] = time.time):
        self.path = path
        self.clock = clock
        self._entries: dict[str, dict] = {}
        self._changed = False

    @classmethod
    def load(cls, path: Path, clock: Callable[[], float] = time.time) -> LinkCache:
        cache = cls(path, clock)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cache  # no cache yet, or one that cannot be read: start afresh
        if isinstance(data, dict) and data.get("version") == CACHE_VERSION \
                and isinstance(data.get("links"), dict):
            cache._entries = {url: entry for url, entry in data["links"].items()
                              if isinstance(entry, dict)}
        return cache

    def get(self, url: str) -> LinkResult | None:
        """The stored result for ``url`` if it has not expired."""
        entry = self._entries.get(url)
        if entry is None:
            return None
        if not _fresh(entry, self.clock()):
            return None  # expired, or written by hand or another version: check again
        return LinkResult(url, entry["status"], str(entry.get("detail", "")), entry.get("code"),
                          entry.get("target"), attempts=0)

    def put(self, result: LinkResult) -> None:
        if result.status not in EXPIRY:
            return  # skipped URLs are not worth keeping
        self._entries[result.url] = {"status": result.status, "detail": result.detail,
                                     "code": result.code, "target": result.target,
                                     "checked": self.clock()}
        self._changed = True

    def save(self) -> None:
        """Write the cache atomically, dropping expired entries; a failure is not fatal."""
        if not self._changed:
            return
        from hrf_cli.atomic import write_text

        now = self.clock()
        kept = {url: entry for url, entry in sorted(self._entries.items()) if _fresh(entry, now)}
        text = json.dumps({"version": CACHE_VERSION, "links": kept}, indent=1, sort_keys=True)
        try:
            write_text(self.path, text + "\n")
        except OSError:
            pass  # a read-only home folder must not stop the lint


def _fresh(entry: dict, now: float) -> bool:
    """Whether a stored entry is well formed and younger than its status's expiry.

    A time in the future (a clock that was wrong, or a hand-edited file) or one that is not
    a finite number (``1e999`` reads as infinity, ``NaN`` compares false with everything)
    would otherwise keep a dead link "ok" for ever: such entries are stale.
    """
    checked = entry.get("checked")
    if isinstance(checked, bool) or not isinstance(checked, (int, float)):
        return False
    if not math.isfinite(checked) or checked > now:
        return False
    expiry = EXPIRY.get(entry.get("status")) if isinstance(entry.get("status"), str) else None
    return expiry is not None and now - checked < expiry
