"""What a link check can conclude, and the run's results the link rules read.

Tiny on purpose: the link rules import it whenever they run (under ``--check-links``).
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hrf_cli.links.model import LinkResult

# What a check concluded about one URL.
OK = "ok"  # answered 2xx, with no permanent redirect on the way
MOVED = "moved"  # answered 2xx after a permanent redirect (301/308): the link should change
DEAD = "dead"  # 404, 410, or the host name does not exist
UNVERIFIED = "unverified"  # blocked (401/403/429...), no answer, or a server error: not dead
SKIPPED = "skipped"  # not a web address hrf can request (the invalid-url rule reports those)
STATUSES = (OK, MOVED, DEAD, UNVERIFIED, SKIPPED)


# URL (fragment removed) to its result, set by hrf_cli.links.run while the rules run.
# None means link checking was not requested: the link rules then report nothing.
LINK_RESULTS: ContextVar[dict[str, LinkResult] | None] = ContextVar("hrf_link_results",
                                                                    default=None)


def without_fragment(url: str) -> str:
    """The URL a server sees: the ``#fragment`` is never sent."""
    return url.split("#", 1)[0]
