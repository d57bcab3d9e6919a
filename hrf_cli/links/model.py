"""The values link checking passes around: options, one URL's result, the progress protocol.

Imported only under ``--check-links`` (the link rules use the lighter :mod:`.status`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol


@dataclass(frozen=True)
class LinkResult:
    """The outcome of checking one URL (its fragment removed)."""

    url: str
    status: str
    detail: str  # why, for a person: "HTTP 404 Not Found", "the host name does not exist"
    code: int | None = None  # the final HTTP status, when there was one
    target: str | None = None  # where a permanent redirect leads (MOVED)
    attempts: int = 1  # requests made for this URL (not cached)
    unresolved: bool = False  # the host name could not be resolved (no such host, or no DNS)


class Progress(Protocol):
    """What the checker tells a progress display; the CLI supplies one on a terminal."""

    def start(self, total: int) -> None: ...

    def advance(self) -> None: ...

    def stop(self) -> None: ...


@dataclass(frozen=True)
class LinkOptions:
    """How ``--check-links`` runs; the defaults suit a report with a few hundred links."""

    timeout: float = 10.0  # seconds for one request, connection to status line
    retries: int = 2  # extra tries after a timeout, a reset connection, a 5xx or a 429
    backoff: float = 0.5  # first pause between tries in seconds, doubled for each retry
    max_retry_after: float = 30.0  # longest Retry-After honoured; longer ones are not waited for
    per_host: int = 2  # requests at once to one host
    concurrency: int = 16  # requests at once overall
    max_redirects: int = 10
    use_cache: bool = True
    cache_path: Path | None = None  # None: $HRF_CACHE_DIR, $XDG_CACHE_HOME/hrf or ~/.cache/hrf
    progress: Progress | None = field(default=None, compare=False)
