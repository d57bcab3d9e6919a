"""``hrf lint --check-links``: every file's URLs collected first and checked once, then linted.

The engine hands over here only when link checking was asked for. Checking per rule call or
per file would ask a server the same question many times and lose the concurrency; instead
the unique URLs of all files go to the checker together, and the results are published in
:data:`~hrf_cli.links.model.LINK_RESULTS` while the usual rules run, so the link rules report
through the same engine path as every other rule (select, ignore, suppression, sorting).
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING, Iterator

from hrf_cli.links.cache import LinkCache, default_cache_path
from hrf_cli.links.collect import report_links
from hrf_cli.links.model import LinkOptions, LinkResult
from hrf_cli.links.status import LINK_RESULTS, SKIPPED, without_fragment

if TYPE_CHECKING:
    from hrf_cli.config import Config
    from hrf_cli.document import Document
    from hrf_cli.lint.registry import Rule


NO_NETWORK = ("no network: no host name could be resolved, so no link was checked "
              "(nothing is reported as dead and nothing was cached)")


@contextmanager
def checked_links(documents: list[tuple[Document, Config]], rules: list[Rule],
                  options: LinkOptions, messages: list[str]) -> Iterator[None]:
    """Check the URLs of every document at once, and publish the results for the link rules
    while the caller lints inside the ``with`` block; a run without network adds
    :data:`NO_NETWORK` to ``messages`` once."""
    urls: list[str] = []
    for doc, config in documents:
        if any(r.network and config.lint.runs(r.name) for r in rules):
            urls += [without_fragment(site.url) for site in report_links(doc)]
    results, no_network = check_with_cache(urls, options)
    if no_network:
        messages.append(NO_NETWORK)
    token = LINK_RESULTS.set(results)
    try:
        yield
    finally:
        LINK_RESULTS.reset(token)


def offline(fresh: dict[str, LinkResult]) -> bool:
    """Every host asked failed to resolve: the machine has no network (or no DNS), which
    says nothing about the links."""
    asked = [result for result in fresh.values() if result.status != SKIPPED]
    return bool(asked) and all(result.unresolved for result in asked)


def check_with_cache(urls: list[str], options: LinkOptions) -> tuple[dict[str, LinkResult], bool]:
    """Results for ``urls``: fresh ones from the cache, the rest checked now (and stored);
    and whether the machine turned out to be offline (those results are then left out)."""
    from hrf_cli.links.check import check_urls

    unique = list(dict.fromkeys(urls))
    cache = LinkCache.load(options.cache_path or default_cache_path()) if options.use_cache else None
    results: dict[str, LinkResult] = {}
    if cache is not None:
        for url in unique:
            cached = cache.get(url)
            if cached is not None:
                results[url] = cached
    fresh = check_urls([url for url in unique if url not in results], options)
    if offline(fresh):
        return results, True
    results.update(fresh)
    if cache is not None:
        for result in fresh.values():
            if result.status != SKIPPED:
                cache.put(result)
        cache.save()
    return results, False
