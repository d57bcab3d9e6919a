"""The values link checking passes around, and the run's results that the link rules read.

Kept free of heavy imports: the link rules import this module on every ``hrf lint``.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

# What a check concluded about one URL.
OK = "ok"  # answered 2xx, with no permanent redirect on the way
MOVED = "moved"  # answered 2xx after a permanent redirect (301/308): the link should change
DEAD = "dead"  # 404, 410, or the host name does not exist
UNVERIFIED = "unverified"  # blocked (401/403/429...), no answer, or a server error: not dead
SKIPPED = "skipped"  # not a web address hrf can request (the invalid-url rule reports those)
STATUSES = (OK, MOVED, DEAD, UNVERIFIED, SKIPPED)


@dataclass(frozen=True)
class LinkResult:
    """The outcome of checking one URL (its fragment removed)."""

    url: str
    status: str
    detail: str  # why, for a person: "HTTP 404 Not Found", "the host name does not exist"
    code: int | None = None  # the final HTTP status, when there was one
    target: str | None = None  # where a permanent redirect leads (MOVED)
    attempts: int = 1  # requests made for this URL (not cached)


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


# URL (fragment removed) to its result, set by hrf_cli.links.run while the rules run.
# None means link checking was not requested: the link rules then report nothing.
LINK_RESULTS: ContextVar[dict[str, LinkResult] | None] = ContextVar("hrf_link_results",
                                                                    default=None)


def without_fragment(url: str) -> str:
    """The URL a server sees: the ``#fragment`` is never sent."""
    return url.split("#", 1)[0]
