"""``hrf lint --check-links``: every file's URLs collected first, checked once, then linted.

The engine hands over here only when link checking was asked for. Checking per rule call or
per file would ask a server the same question many times and lose the concurrency; instead
the unique URLs of all files go to the checker together, and the results are published in
:data:`~hrf_cli.links.model.LINK_RESULTS` while the usual rules run, so the link rules report
through the same engine path as every other rule (select, ignore, suppression, sorting).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from hrf_cli.document import Document, UnreadableFile, load_document
from hrf_cli.links.cache import LinkCache, default_cache_path
from hrf_cli.links.collect import report_links
from hrf_cli.links.model import LinkOptions, LinkResult
from hrf_cli.links.status import LINK_RESULTS, SKIPPED, without_fragment

if TYPE_CHECKING:
    from hrf_cli.config import Config
    from hrf_cli.lint.findings import FileResult
    from hrf_cli.lint.registry import Rule


def lint_with_links(targets: list[tuple[Path, str, Config]], rules: list[Rule],
                    options: LinkOptions) -> list[FileResult]:
    """Lint ``(path, shown, config)`` targets with the URLs of every file checked first."""
    from hrf_cli.boundary import Boundary
    from hrf_cli.lint.engine import lint_file

    docs: list[Document | None] = []
    urls: list[str] = []
    for path, shown, config in targets:
        try:
            doc: Document | None = load_document(path, shown, Boundary.for_report(path, config))
        except UnreadableFile:
            doc = None  # lint_file reports it
        docs.append(doc)
        if doc is not None and any(r.network and config.lint.runs(r.name) for r in rules):
            urls += [without_fragment(site.url) for site in report_links(doc)]
    token = LINK_RESULTS.set(check_with_cache(urls, options))
    try:
        return [lint_file(path, shown, config, rules, doc)
                for (path, shown, config), doc in zip(targets, docs)]
    finally:
        LINK_RESULTS.reset(token)


def check_with_cache(urls: list[str], options: LinkOptions) -> dict[str, LinkResult]:
    """Results for ``urls``: fresh ones from the cache, the rest checked now (and stored)."""
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
    results.update(fresh)
    if cache is not None:
        for result in fresh.values():
            if result.status != SKIPPED:
                cache.put(result)
        cache.save()
    return results
