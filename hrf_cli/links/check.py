"""Check URLs over HTTP: bounded concurrency per host, timeouts, retries with backoff.

httpx (async) rather than urllib: it keeps connections open between the many links a report
has to one news site, reads proxies from the environment like urllib, lets redirects be
followed by hand (so a permanent one can be reported), and lets a GET stop after the status
line (a linked 40 MB PDF is never downloaded). One event loop runs every check; a semaphore
per host keeps hrf polite to each site, one overall bounds the open connections.

How a URL is classified (documented for users in the link rules):

- HEAD first; a HEAD answered with any error status is asked again with GET, because many
  servers refuse (405/501) or mishandle HEAD and a link must not be called dead for that;
- 301/308 redirects are followed and make the link MOVED when the end answers 2xx; 302, 303
  and 307 are followed silently;
- 404 and 410, and a host name that does not exist, are DEAD;
- 401, 403, 429 (and 451) are UNVERIFIED as "blocked": the site refused hrf, the page may well
  exist; timeouts, resets, 5xx after the retries and other errors are UNVERIFIED too.
"""

from __future__ import annotations

import asyncio
import socket
from dataclasses import replace
from collections import defaultdict
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from time import time
from typing import TYPE_CHECKING, Iterable
from urllib.parse import urljoin, urlsplit

from hrf_cli import __version__
from hrf_cli.links.model import LinkOptions, LinkResult
from hrf_cli.links.status import DEAD, MOVED, OK, SKIPPED, UNVERIFIED

if TYPE_CHECKING:
    import httpx

USER_AGENT = f"hrf-link-check/{__version__} (+https://pypi.org/project/hrf/)"
PERMANENT = (301, 308)
REDIRECTS = (301, 302, 303, 307, 308)
GONE = (404, 410)
BLOCKED = (401, 403, 429, 451)
RETRY_STATUSES = (429, 500, 502, 503, 504)
# getaddrinfo errors that mean "no such host"; EAI_AGAIN (no DNS reachable) is not one.
NO_SUCH_HOST = {getattr(socket, name) for name in ("EAI_NONAME", "EAI_NODATA") if hasattr(socket, name)}


class _Retry(Exception):
    """A try failed in a way worth trying again; carries the result if no try is left."""

    def __init__(self, result: LinkResult, wait: float | None = None):
        super().__init__(result.detail)
        self.result = result
        self.wait = wait  # what the server asked for (Retry-After), if anything


class _Skip(Exception):
    """The URL cannot be requested at all (malformed, or not http/https)."""


def check_urls(urls: Iterable[str], options: LinkOptions) -> dict[str, LinkResult]:
    """Check each URL once (fragments already removed); returns URL to result."""
    unique = list(dict.fromkeys(urls))
    if not unique:
        return {}
    return asyncio.run(_check_all(unique, options))


async def _check_all(urls: list[str], options: LinkOptions) -> dict[str, LinkResult]:
    import httpx

    overall = asyncio.Semaphore(options.concurrency)
    hosts: defaultdict[str, asyncio.Semaphore] = defaultdict(
        lambda: asyncio.Semaphore(options.per_host))
    progress = options.progress
    limits = httpx.Limits(max_connections=options.concurrency,
                          max_keepalive_connections=options.concurrency)
    async with httpx.AsyncClient(timeout=options.timeout, limits=limits, follow_redirects=False,
                                 headers={"User-Agent": USER_AGENT}) as client:

        async def one(url: str) -> LinkResult:
            # The host's slot first: waiting for a busy host must not hold an overall slot.
            async with hosts[(urlsplit(url).hostname or "").lower()], overall:
                result = await check_one(client, url, options)
            if progress is not None:
                progress.advance()
            return result

        if progress is not None:
            progress.start(len(urls))
        try:
            results = await asyncio.gather(*(one(url) for url in urls))
        finally:
            if progress is not None:
                progress.stop()
    return {result.url: result for result in results}


async def check_one(client: httpx.AsyncClient, url: str, options: LinkOptions) -> LinkResult:
    """Follow one URL to its end: HEAD (GET when HEAD fails), redirects, retries."""
    current, method, attempts, hops = url, "HEAD", 0, 0
    moved_to: str | None = None  # target of the leading run of permanent redirects
    temporary_seen = False
    while True:
        try:
            status, location, tries = await _request(client, method, current, options)
        except _Retry as failed:
            return _result(url, failed.result, attempts + failed.result.attempts)
        except _Skip as skip:
            return LinkResult(url, SKIPPED, str(skip), attempts=attempts)
        attempts += tries
        if status in REDIRECTS and location:
            hops += 1
            if hops > options.max_redirects:
                return LinkResult(url, UNVERIFIED, f"more than {options.max_redirects} redirects",
                                  attempts=attempts)
            target = urljoin(current, location)
            if status in PERMANENT and not temporary_seen:
                moved_to = target
            else:
                temporary_seen = True
            current = target
            method = "GET" if status == 303 else method
        elif method == "HEAD" and status >= 400:
            method = "GET"  # refused or mishandled HEAD: ask again the way a browser does
        else:
            return _classify(url, status, current, moved_to, attempts)


def _classify(url: str, status: int, final: str, moved_to: str | None,
              attempts: int) -> LinkResult:
    via = f" (after a redirect to {final})" if final != url else ""
    if status in GONE:
        return LinkResult(url, DEAD, f"HTTP {_status_text(status)}{via}", status, attempts=attempts)
    if status in BLOCKED:
        return LinkResult(url, UNVERIFIED, f"blocked (HTTP {_status_text(status)}){via}", status,
                          attempts=attempts)
    if 200 <= status < 300:
        if moved_to is not None and moved_to != url:
            return LinkResult(url, MOVED, f"moved permanently to {moved_to}", status, moved_to,
                              attempts)
        return LinkResult(url, OK, f"HTTP {_status_text(status)}", status, attempts=attempts)
    return LinkResult(url, UNVERIFIED, f"HTTP {_status_text(status)}{via}", status,
                      attempts=attempts)


def _result(url: str, failed: LinkResult, attempts: int) -> LinkResult:
    return replace(failed, url=url, target=None, attempts=attempts)


async def _request(client: httpx.AsyncClient, method: str, url: str,
                   options: LinkOptions) -> tuple[int, str | None, int]:
    """(status, Location, tries) of one request, retried with exponential backoff.

    Retries timeouts, failed or reset connections, 5xx and 429 (HEAD gets no status retries:
    its caller asks again with GET). Raises :class:`_Retry` with the last failure when the
    tries are used up or the server asks for a longer wait than ``max_retry_after``.
    """
    tries = 0
    while True:
        tries += 1
        try:
            status, location, wait = await _send(client, method, url, options)
            if status not in RETRY_STATUSES or method == "HEAD":
                return status, location, tries
            failed = _Retry(_classify(url, status, url, None, tries), wait)
        except _Retry as exc:
            failed = exc
        final = replace(failed.result, url=url, attempts=tries)
        if failed.result.status == DEAD or tries > options.retries:
            raise _Retry(final)
        delay = options.backoff * 2 ** (tries - 1)
        if failed.wait is not None:
            if failed.wait > options.max_retry_after:
                raise _Retry(replace(final, detail=f"{final.detail}; the server asks "
                                                   f"to wait {failed.wait:.0f} s"))
            delay = max(delay, failed.wait)
        await asyncio.sleep(delay)


async def _send(client: httpx.AsyncClient, method: str, url: str,
                options: LinkOptions) -> tuple[int, str | None, float | None]:
    """One request, stopped after the headers; network failures become :class:`_Retry`."""
    import httpx

    try:
        request = client.build_request(method, url)
    except (httpx.InvalidURL, httpx.UnsupportedProtocol, ValueError) as exc:
        raise _Skip(str(exc)) from None
    try:
        response = await asyncio.wait_for(client.send(request, stream=True), options.timeout)
    except (asyncio.TimeoutError, httpx.TimeoutException):
        raise _Retry(LinkResult(url, UNVERIFIED, f"no answer within {options.timeout:g} s")) from None
    except httpx.UnsupportedProtocol as exc:
        raise _Skip(str(exc)) from None
    except (httpx.TransportError, OSError) as exc:
        if _no_such_host(exc):
            host = urlsplit(url).hostname
            raise _Retry(LinkResult(url, DEAD, f"the host name {host} does not exist",
                                    unresolved=True)) from None
        raise _Retry(LinkResult(url, UNVERIFIED, f"connection failed ({_reason(exc)})",
                                unresolved=_unresolved(exc))) from None
    await response.aclose()
    wait = _retry_after(response.headers.get("Retry-After"))
    return response.status_code, response.headers.get("Location"), wait


def _no_such_host(exc: BaseException) -> bool:
    """Whether a connection failed because DNS says the host does not exist."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, socket.gaierror):
            return seen.errno in NO_SUCH_HOST
        seen = seen.__cause__ or seen.__context__
    text = str(exc)
    return "Name or service not known" in text or "nodename nor servname" in text


def _unresolved(exc: BaseException) -> bool:
    """Whether the host name could not be looked up at all (no DNS server answering)."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, socket.gaierror):
            return True
        seen = seen.__cause__ or seen.__context__
    return "Temporary failure in name resolution" in str(exc)


def _reason(exc: BaseException) -> str:
    return str(exc).strip() or type(exc).__name__


def _retry_after(value: str | None) -> float | None:
    """Seconds a ``Retry-After`` header asks for (a number of seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _status_text(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)
