"""The link rules: dead, moved and unverified web addresses, under ``hrf lint --check-links``.

The checking happens before the rules run (hrf_cli.links.run checks every file's URLs
together); these checks only look the results up. Without ``--check-links`` there are no
results and they report nothing, so a plain ``hrf lint`` never touches the network.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Iterator

from hrf_cli.lint.findings import WARNING, Problem
from hrf_cli.lint.registry import rule

if TYPE_CHECKING:
    from hrf_cli.config import Config
    from hrf_cli.document import Document
    from hrf_cli.links.model import LinkResult

# hrf_cli.links.status (and contextvars) is imported by the checks, which the engine runs only
# under --check-links.
OFF_BY_DEFAULT = ("Runs only with `hrf lint --check-links` (off by default: it makes a request to "
                  "every address); results are cached for a while (see the README).")


def _report(doc: Document, status: str,
            say: Callable[[str, LinkResult], str]) -> Iterator[Problem]:
    """A Problem for each URL in ``doc`` checked with ``status``; ``say`` words the message
    from the URL as written and its result."""
    from hrf_cli.links.status import LINK_RESULTS, without_fragment

    results = LINK_RESULTS.get()
    if not results:
        return
    from hrf_cli.links.collect import report_links

    for site in report_links(doc):
        result = results.get(without_fragment(site.url))
        if result is None or result.status != status:
            continue
        message = say(site.url, result)
        if site.path is None:
            yield Problem(site.start, site.end, message)
        else:
            yield Problem(0, 0, f"entry '{site.entry}': {message}", path=site.path, line=site.line)


@rule(
    "HRF301", "dead-link", WARNING,
    "A web address in a note or a source that answers 404/410 or whose host does not exist.",
    what="With `--check-links`, requests every http(s) address in the notes (links, autolinks, "
         "bare addresses) and in bibliography entries' `URL` field, and reports those that "
         "answer 404 Not Found or 410 Gone, or whose host name does not exist (DNS). Redirects "
         "are followed first. " + OFF_BY_DEFAULT,
    why="A dead link in a note is a source the reader can no longer check; pages of local "
        "news sites and administrations disappear often. Replace it with an archived copy "
        "(web.archive.org) or a new address before publication.",
    bad="Residents were evacuated.[^1]\n\n"
        "[^1]: Kupiansk city council, <https://kupiansk.example.org/news/evacuation>.",
    good="Residents were evacuated.[^1]\n\n"
         "[^1]: Kupiansk city council, archived copy: "
         "<https://web.archive.org/web/2024/https://kupiansk.example.org/news/evacuation>.",
    network=True,
)
def check_dead_links(doc: Document, config: Config) -> Iterator[Problem]:
    from hrf_cli.links.status import DEAD

    return _report(doc, DEAD, lambda url, result: f"dead link {url}: {result.detail}")


@rule(
    "HRF302", "moved-link", WARNING,
    "A web address that redirects permanently (301/308) to a new one.",
    what="With `--check-links`, reports an address whose server answers with a permanent "
         "redirect (301 or 308) that ends at a working page, and names the new address. "
         "Temporary redirects (302, 303, 307) are followed silently. " + OFF_BY_DEFAULT,
    why="A permanent redirect is the site saying the page now lives elsewhere; the old "
        "address tends to break at the next reorganisation of the site. Citing the new one "
        "keeps the note working longer.",
    bad="The report was published in March.[^1]\n\n"
        "[^1]: <http://example.org/reports/kupiansk>.",
    good="The report was published in March.[^1]\n\n"
         "[^1]: <https://example.org/reports/kupiansk>.",
    network=True,
)
def check_moved_links(doc: Document, config: Config) -> Iterator[Problem]:
    from hrf_cli.links.status import MOVED

    return _report(doc, MOVED, lambda url, result: f"{url} has moved permanently to "
                                                   f"{result.target}; link to the new address")


@rule(
    "HRF303", "unverified-link", WARNING,
    "A web address that could not be checked: blocked (401/403/429), no answer, or a server error.",
    what="With `--check-links`, reports an address that could not be verified: the site "
         "refused the check (401, 403, 429 or 451: reported as \"blocked, not verified\"), did "
         "not answer within the timeout, reset the connection, or kept answering with a server "
         "error after the retries. Such a link is never reported as dead: many news sites and "
         "social networks block automated requests to pages that exist. Ignore this rule "
         "(`--ignore unverified-link`) to see dead links only. " + OFF_BY_DEFAULT,
    why="A link hrf could not check still needs a person to open it before publication; "
        "reporting it apart from dead links keeps the dead-link list free of false alarms.",
    bad="A video of the strike circulated on X.[^1]\n\n"
        "[^1]: <https://x.example.com/GwaraMedia/status/1>.",
    good="A video of the strike circulated on X.[^1]\n\n"
         "[^1]: Video posted by Gwara Media on X, 14 August 2024 (archived copy held by the "
         "team).",
    network=True,
)
def check_unverified_links(doc: Document, config: Config) -> Iterator[Problem]:
    from hrf_cli.links.status import UNVERIFIED

    return _report(doc, UNVERIFIED, lambda url, result: f"{url}: {result.detail}, not verified "
                                                        "(the page may exist; open it in a browser)")
