"""``hrf lint --check-links`` against a local HTTP server the tests start; no test leaves 127.0.0.1.

The server answers by the first segment of the path (``/gone/...`` is a 404, ``/moved/x``
redirects permanently to ``/ok/x``...) and records every request, how many it was serving at
once, and how many times each path was asked for. The link rules' fixtures name the host
``https://fixture.example``; the tests replace it with the server's address (one link per
line, so the columns they expect do not move).
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, Iterator

import pytest
from click.testing import Result

from hrf_cli.lint.engine import LintOptions, lint_paths
from hrf_cli.lint.registry import all_rules
from hrf_cli.links.cache import DAY, LinkCache
from hrf_cli.links.check import check_urls
from hrf_cli.links.collect import report_links
from hrf_cli.links.model import LinkOptions, LinkResult
from hrf_cli.links.status import DEAD, MOVED, OK, UNVERIFIED
from hrf_cli.links.run import check_with_cache
from hrf_cli.document import parse_document

FIXTURES = Path(__file__).parent / "fixtures" / "rules"
FIXTURE_HOST = "https://fixture.example"
NETWORK_RULES = [rule for rule in all_rules() if rule.network]
FAST = dict(timeout=2.0, backoff=0.01, use_cache=False)


class LinkServer(ThreadingHTTPServer):
    """Serves the routes below and keeps a log of what it was asked."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.lock = threading.Lock()
        self.requests: list[tuple[str, str]] = []
        self.active = 0
        self.max_active = 0
        self.hits: dict[str, int] = {}

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def reset(self) -> None:
        with self.lock:
            self.requests.clear()
            self.hits.clear()
            self.active = self.max_active = 0


class Handler(BaseHTTPRequestHandler):
    server: LinkServer

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - keep tests quiet
        pass

    def do_HEAD(self) -> None:
        self.answer("HEAD")

    def do_GET(self) -> None:
        self.answer("GET")

    def answer(self, method: str) -> None:
        server = self.server
        with server.lock:
            server.requests.append((method, self.path))
            server.hits[self.path] = server.hits.get(self.path, 0) + 1
            hits = server.hits[self.path]
            server.active += 1
            server.max_active = max(server.max_active, server.active)
        try:
            self.route(method, self.path.split("/")[1], "/" + self.path.split("/", 2)[-1], hits)
        finally:
            with server.lock:
                server.active -= 1

    def route(self, method: str, route: str, rest: str, hits: int) -> None:
        if route == "ok" or (route == "flaky" and hits > 2) or (route == "no-head" and method == "GET"):
            self.send(200)
        elif route == "moved":
            self.send(301, Location="/ok" + rest)
        elif route == "moved-twice":
            self.send(308, Location="/moved" + rest)
        elif route == "temporary":
            self.send(302, Location="/ok" + rest)
        elif route == "to-gone":
            self.send(302, Location="/gone" + rest)
        elif route == "gone":
            self.send(404)
        elif route == "removed":
            self.send(410)
        elif route == "forbidden":
            self.send(403)
        elif route == "login":
            self.send(401)
        elif route == "busy":
            self.send(429, **{"Retry-After": "0"})
        elif route == "busy-long":
            self.send(429, **{"Retry-After": "3600"})
        elif route in ("flaky", "broken"):
            self.send(503)
        elif route == "no-head":
            self.send(405, Allow="GET")
        elif route == "slow":
            time.sleep(1.5)
            self.send(200)
        elif route == "pause":
            time.sleep(0.2)
            self.send(200)
        elif route == "reset":
            self.close_connection = True  # no answer at all: the connection just closes
        else:
            self.send(500)

    def send(self, status: int, **headers: str) -> None:
        body = b"" if self.command == "HEAD" else f"status {status}\n".encode()
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Requests to the local server must go straight to it, whatever proxy CI sets."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                 "all_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def running_server() -> Iterator[LinkServer]:
    server = LinkServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def server(running_server: LinkServer) -> LinkServer:
    running_server.reset()
    return running_server


def check(server: LinkServer, path: str, **options: object) -> LinkResult:
    url = server.base + path
    return check_urls([url], LinkOptions(**{**FAST, **options}))[url]


def paths(server: LinkServer) -> list[tuple[str, str]]:
    return list(server.requests)


# --- classification ---------------------------------------------------------------------------

def test_200_is_ok_after_one_head(server: LinkServer) -> None:
    result = check(server, "/ok/page")
    assert (result.status, result.code, result.detail) == (OK, 200, "HTTP 200 OK")
    assert paths(server) == [("HEAD", "/ok/page")]


def test_permanent_redirect_is_moved_and_names_the_new_address(server: LinkServer) -> None:
    result = check(server, "/moved/report")
    assert (result.status, result.target) == (MOVED, server.base + "/ok/report")
    assert paths(server) == [("HEAD", "/moved/report"), ("HEAD", "/ok/report")]


def test_chain_of_permanent_redirects_names_its_end(server: LinkServer) -> None:
    result = check(server, "/moved-twice/report")
    assert (result.status, result.target) == (MOVED, server.base + "/ok/report")


def test_temporary_redirect_is_followed_silently(server: LinkServer) -> None:
    result = check(server, "/temporary/page")
    assert (result.status, result.target, result.code) == (OK, None, 200)


@pytest.mark.parametrize("path, code", [("/gone/page", 404), ("/removed/page", 410)])
def test_404_and_410_are_dead_after_head_and_get(server: LinkServer, path: str, code: int) -> None:
    result = check(server, path)
    assert (result.status, result.code) == (DEAD, code)
    # A HEAD error is asked again with GET before a link is called dead.
    assert paths(server) == [("HEAD", path), ("GET", path)]


def test_dead_after_a_redirect_says_where_it_ended(server: LinkServer) -> None:
    result = check(server, "/to-gone/x")
    assert (result.status, result.detail) == (
        DEAD, f"HTTP 404 Not Found (after a redirect to {server.base}/gone/x)")


@pytest.mark.parametrize("path, code", [("/forbidden/x", 403), ("/login/x", 401)])
def test_401_and_403_are_blocked_not_dead(server: LinkServer, path: str, code: int) -> None:
    result = check(server, path)
    assert (result.status, result.code) == (UNVERIFIED, code)
    assert result.detail.startswith(f"blocked (HTTP {code} ")


def test_head_refused_with_405_falls_back_to_get(server: LinkServer) -> None:
    result = check(server, "/no-head/x")
    assert (result.status, result.code) == (OK, 200)
    assert paths(server) == [("HEAD", "/no-head/x"), ("GET", "/no-head/x")]


def test_unknown_host_is_dead(server: LinkServer) -> None:
    url = "http://nonexistent.invalid/page"
    result = check_urls([url], LinkOptions(**FAST))[url]
    assert result.status == DEAD
    assert result.detail == "the host name nonexistent.invalid does not exist"
    assert result.attempts == 1  # a missing host is not retried


def test_closed_connection_is_unverified_and_retried(server: LinkServer) -> None:
    result = check(server, "/reset/x", retries=1)
    assert result.status == UNVERIFIED
    assert result.detail.startswith("connection failed")
    assert server.hits["/reset/x"] == 2


# --- retries, backoff, timeouts ---------------------------------------------------------------

def test_429_is_retried_then_reported_blocked(server: LinkServer) -> None:
    result = check(server, "/busy/x", retries=2)
    assert (result.status, result.code) == (UNVERIFIED, 429)
    assert result.detail.startswith("blocked (HTTP 429 Too Many Requests)")
    # HEAD once (no status retries for HEAD), then GET with two retries.
    assert paths(server) == [("HEAD", "/busy/x")] + [("GET", "/busy/x")] * 3
    assert result.attempts == 4


def test_retry_after_beyond_the_cap_is_not_waited_for(server: LinkServer) -> None:
    result = check(server, "/busy-long/x", retries=3, max_retry_after=5)
    assert result.status == UNVERIFIED
    assert result.detail.endswith("the server asks to wait 3600 s")
    assert paths(server) == [("HEAD", "/busy-long/x"), ("GET", "/busy-long/x")]


def test_server_errors_are_retried_until_the_page_answers(server: LinkServer) -> None:
    result = check(server, "/flaky/x", retries=3)
    assert (result.status, result.code) == (OK, 200)
    # HEAD gets 503 and hands over to GET; GET gets 503 once more, then 200.
    assert paths(server) == [("HEAD", "/flaky/x"), ("GET", "/flaky/x"), ("GET", "/flaky/x")]


def test_persistent_server_error_is_unverified_not_dead(server: LinkServer) -> None:
    result = check(server, "/broken/x", retries=1)
    assert (result.status, result.code) == (UNVERIFIED, 503)
    assert server.hits["/broken/x"] == 3  # HEAD, GET, one retry


def test_slow_answer_times_out_and_is_retried(server: LinkServer) -> None:
    result = check(server, "/slow/x", timeout=0.2, retries=1)
    assert result.status == UNVERIFIED
    assert result.detail == "no answer within 0.2 s"
    assert server.hits["/slow/x"] == 2


def test_no_more_than_two_requests_at_once_to_one_host(server: LinkServer) -> None:
    urls = [f"{server.base}/pause/{i}" for i in range(8)]
    results = check_urls(urls, LinkOptions(**FAST))
    assert {r.status for r in results.values()} == {OK}
    assert len(server.requests) == 8
    assert server.max_active == 2


def test_progress_is_told_the_total_and_each_url() -> None:
    events: list[object] = []

    class Recorder:
        def start(self, total: int) -> None:
            events.append(("start", total))

        def advance(self) -> None:
            events.append("advance")

        def stop(self) -> None:
            events.append("stop")

    urls = ["http://a.invalid/", "http://b.invalid/"]
    check_urls(urls, LinkOptions(**FAST, progress=Recorder()))
    assert events == [("start", 2), "advance", "advance", "stop"]


def test_progress_bar_only_on_a_terminal() -> None:
    import io

    from hrf_cli.links.progress import TerminalProgress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert TerminalProgress.for_stream(io.StringIO()) is None
    terminal = Terminal()
    progress = TerminalProgress.for_stream(terminal)
    assert progress is not None
    check_urls(["http://a.invalid/"], LinkOptions(**FAST, progress=progress))
    assert "checking links" in terminal.getvalue()


# --- the cache --------------------------------------------------------------------------------

def test_second_run_is_answered_from_the_cache(server: LinkServer, tmp_path: Path) -> None:
    options = LinkOptions(timeout=2.0, backoff=0.01, cache_path=tmp_path / "links.json")
    urls = [server.base + "/ok/a", server.base + "/gone/b"]
    first, _ = check_with_cache(urls, options)
    asked = len(server.requests)
    second, _ = check_with_cache(urls, options)
    assert len(server.requests) == asked == 3  # HEAD ok; HEAD and GET for the 404
    assert {u: r.status for u, r in second.items()} == {u: r.status for u, r in first.items()}
    assert [r.attempts for r in second.values()] == [0, 0]


def test_cache_entries_expire_dead_ones_sooner(server: LinkServer, tmp_path: Path) -> None:
    path = tmp_path / "links.json"
    now = 1_000_000.0
    cache = LinkCache(path, clock=lambda: now)
    cache.put(LinkResult("https://a.example/", OK, "HTTP 200 OK", 200))
    cache.put(LinkResult("https://b.example/", DEAD, "HTTP 404 Not Found", 404))
    cache.put(LinkResult("https://c.example/", UNVERIFIED, "blocked (HTTP 403 Forbidden)", 403))
    cache.save()

    def fresh(after: float) -> list[str]:
        later = LinkCache.load(path, clock=lambda: now + after)
        return [url for url in ("https://a.example/", "https://b.example/", "https://c.example/")
                if later.get(url) is not None]

    assert fresh(0) == ["https://a.example/", "https://b.example/", "https://c.example/"]
    assert fresh(2 * 3600) == ["https://a.example/", "https://b.example/"]
    assert fresh(2 * DAY) == ["https://a.example/"]
    assert fresh(8 * DAY) == []


def test_expired_entry_is_checked_again(server: LinkServer, tmp_path: Path) -> None:
    path = tmp_path / "links.json"
    url = server.base + "/ok/old"
    stale = LinkCache(path, clock=lambda: time.time() - 8 * DAY)
    stale.put(LinkResult(url, DEAD, "HTTP 404 Not Found", 404))
    stale.save()
    results, _ = check_with_cache([url], LinkOptions(**{**FAST, "use_cache": True}, cache_path=path))
    assert results[url].status == OK
    assert server.requests == [("HEAD", "/ok/old")]


@pytest.mark.parametrize("checked", ["time.time() + 30 * DAY", "1e999", "-1e999", "NaN",
                                     "Infinity", "true", '"2020-01-01"', "null"])
def test_an_entry_from_the_future_or_not_a_number_is_stale(server: LinkServer, tmp_path: Path,
                                                           checked: str) -> None:
    path = tmp_path / "links.json"
    url = server.base + "/gone/forever"
    when = repr(eval(checked)) if checked.startswith("time") else checked
    path.write_text('{"version": 1, "links": {"%s": {"status": "ok", "detail": "HTTP 200 OK", '
                    '"code": 200, "target": null, "checked": %s}}}' % (url, when))
    results, _ = check_with_cache([url], LinkOptions(**{**FAST, "use_cache": True}, cache_path=path))
    assert results[url].status == DEAD  # checked again, not "ok" for ever
    assert json.loads(path.read_text())["links"][url]["status"] == DEAD


@pytest.mark.parametrize("content", [b"{not json", b"[]", b'{"version": 1, "links": {"x": 3}}',
                                     b'{"version": 1, "links": {"https://a/": {"status": "ok"}}}',
                                     b"\xff\xfe"])
def test_a_corrupt_cache_is_ignored_and_replaced(server: LinkServer, tmp_path: Path,
                                                 content: bytes) -> None:
    path = tmp_path / "links.json"
    path.write_bytes(content)
    url = server.base + "/ok/c"
    results, _ = check_with_cache([url], LinkOptions(**{**FAST, "use_cache": True}, cache_path=path))
    assert results[url].status == OK
    assert list(json.loads(path.read_text())["links"]) == [url]


def test_no_cache_neither_reads_nor_writes(server: LinkServer, tmp_path: Path) -> None:
    path = tmp_path / "links.json"
    check_with_cache([server.base + "/ok/n"], LinkOptions(**FAST, cache_path=path))
    assert not path.exists()


# --- what is collected ------------------------------------------------------------------------

def test_links_are_collected_from_notes_and_sources_never_body_or_code(front_matter: str) -> None:
    text = front_matter.replace("---\n\n", "references:\n- id: un2024\n  type: report\n"
                                "  URL: https://un.example/report\n---\n\n", 1) + (
        "Body text links to <https://body.example/> and is not checked.[^1]\n\n"
        "[^1]: See [the update](https://a.example/x \"title\"), <https://b.example/y>, "
        "https://c.example/z, `https://code.example/`, mailto:team@example.org and "
        "^[a nested <https://d.example/w>].\n")
    doc = parse_document(text, "report.md")
    assert [site.url for site in report_links(doc)] == [
        "https://a.example/x", "https://b.example/y", "https://c.example/z",
        "https://d.example/w", "https://un.example/report"]


# --- the rules, through the engine, against their fixtures ------------------------------------

def lint_with_server(server: LinkServer, report: Path, tmp_path: Path, *rules: str,
                     **options: object) -> list:
    """Lint a copy of ``report`` whose fixture host points at the server."""
    copy = tmp_path / report.name
    copy.write_text(report.read_text(encoding="utf-8").replace(FIXTURE_HOST, server.base),
                    encoding="utf-8")
    links = LinkOptions(**{**FAST, **options})
    run = lint_paths([str(copy)], LintOptions(select=rules, links=links))
    return run.result.findings()


@pytest.mark.parametrize("rule", NETWORK_RULES, ids=lambda rule: rule.name)
def test_bad_fixture_gives_the_expected_findings_with_check_links(
        rule, server: LinkServer, tmp_path: Path) -> None:
    folder = FIXTURES / rule.name
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    findings = lint_with_server(server, folder / "bad.md", tmp_path, rule.name)
    assert [{"line": f.line, "column": f.column, "rule": f.rule} for f in findings] == expected


@pytest.mark.parametrize("rule", NETWORK_RULES, ids=lambda rule: rule.name)
def test_good_fixture_is_clean_with_check_links(rule, server: LinkServer, tmp_path: Path) -> None:
    report = FIXTURES / rule.name / "good.md"
    assert lint_with_server(server, report, tmp_path, *(r.name for r in NETWORK_RULES)) == []


def test_rule_messages(server: LinkServer, tmp_path: Path) -> None:
    findings = lint_with_server(server, FIXTURES / "dead-link" / "bad.md", tmp_path,
                                *(r.name for r in NETWORK_RULES))
    base = server.base
    assert [f.message for f in findings] == [
        f"entry 'council2022': dead link {base}/removed/evacuation-notice: HTTP 410 Gone",
        f"dead link {base}/gone/power-cuts#p2: HTTP 404 Not Found",
        "dead link https://water-utility.invalid/news/november: "
        "the host name water-utility.invalid does not exist",
    ]
    moved = lint_with_server(server, FIXTURES / "moved-link" / "bad.md", tmp_path, "moved-link")
    assert moved[0].message == (f"{base}/moved/reconstruction has moved permanently to "
                                f"{base}/ok/reconstruction; link to the new address")
    blocked = lint_with_server(server, FIXTURES / "unverified-link" / "bad.md", tmp_path,
                               "unverified-link")
    assert blocked[0].message == (f"{base}/forbidden/status/1: blocked (HTTP 403 Forbidden), "
                                  "not verified (the page may exist; open it in a browser)")


def test_bibtex_entry_url_is_reported_at_its_file_and_line(server: LinkServer,
                                                           tmp_path: Path) -> None:
    (tmp_path / "sources.bib").write_text(
        "@online{council2022,\n  title = {Evacuation notice},\n"
        f"  url = {{{server.base}/gone/notice}},\n  urldate = {{2024-10-01}},\n}}\n\n"
        "@online{utility2022,\n  title = {Water supply},\n"
        f"  url = {{{server.base}/ok/water}},\n  urldate = {{2024-10-01}},\n}}\n",
        encoding="utf-8")
    report = tmp_path / "report.md"
    report.write_text("---\ntitle: T\nauthor: A\ndate: 2024-10-15\nbibliography: sources.bib\n"
                      "---\n\nEvacuated [@council2022; @utility2022].\n", encoding="utf-8")
    run = lint_paths([str(report)], LintOptions(links=LinkOptions(**FAST)))
    assert [(Path(f.path).name, f.line, f.rule, f.message) for f in run.result.findings()] == [
        ("sources.bib", 1, "dead-link",
         f"entry 'council2022': dead link {server.base}/gone/notice: HTTP 404 Not Found")]


def test_each_url_is_checked_once_across_files(server: LinkServer, tmp_path: Path) -> None:
    text = (FIXTURES / "moved-link" / "good.md").read_text(encoding="utf-8")
    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text(text.replace(FIXTURE_HOST, server.base), encoding="utf-8")
    run = lint_paths([str(tmp_path)], LintOptions(links=LinkOptions(**FAST)))
    assert run.result.findings() == []
    assert sorted(server.requests) == [("HEAD", "/ok/market"), ("HEAD", "/ok/reconstruction"),
                                       ("HEAD", "/temporary/market")]


def test_without_check_links_no_request_is_made(server: LinkServer, tmp_path: Path) -> None:
    copy = tmp_path / "report.md"
    copy.write_text((FIXTURES / "dead-link" / "bad.md").read_text(encoding="utf-8")
                    .replace(FIXTURE_HOST, server.base), encoding="utf-8")
    assert lint_paths([str(copy)], LintOptions()).result.findings() == []
    assert server.requests == []


# --- the command line -------------------------------------------------------------------------

def test_cli_check_links_json(server: LinkServer, hrf: Callable[..., Result],
                              tmp_path: Path) -> None:
    report = tmp_path / "report.md"
    report.write_text((FIXTURES / "dead-link" / "bad.md").read_text(encoding="utf-8")
                      .replace(FIXTURE_HOST, server.base), encoding="utf-8")
    cache = tmp_path / "cache"
    env = {"HRF_CACHE_DIR": str(cache)}
    result = hrf("lint", "--check-links", "--link-timeout", "2", "--format", "json",
                 "report.md", env=env)
    assert result.exit_code == 0  # dead links are warnings
    found = [(f["line"], f["column"], f["rule"])
             for f in json.loads(result.stdout)["files"][0]["findings"]]
    assert found == [(6, 1, "dead-link"), (17, 52, "dead-link"), (18, 31, "dead-link")]
    assert (cache / "links.json").is_file()
    asked = len(server.requests)
    again = hrf("lint", "--check-links", "--format", "json", "report.md", env=env)
    assert again.stdout == result.stdout
    assert len(server.requests) == asked  # every answer came from the cache
    fresh = hrf("lint", "--check-links", "--no-link-cache", "--fail-on", "warning", "report.md",
                env=env)
    assert fresh.exit_code == 1
    assert len(server.requests) > asked
    assert "dead-link" in fresh.stdout


def test_no_network_says_so_once_reports_nothing_dead_and_caches_nothing(tmp_path: Path) -> None:
    """Every host fails to resolve (a laptop on a train): that says nothing about the links."""
    report = tmp_path / "report.md"
    report.write_text("---\ntitle: T\nauthor: A\ndate: 2024-10-15\n---\n\n"
                      "See <https://first.invalid/a> and <https://second.invalid/b>.[^1]\n\n"
                      "[^1]: <https://third.invalid/c>\n", encoding="utf-8")
    cache = tmp_path / "links.json"
    links = LinkOptions(**{**FAST, "use_cache": True}, cache_path=cache)
    run = lint_paths([str(report)], LintOptions(select=tuple(r.name for r in NETWORK_RULES),
                                                links=links))
    assert run.result.findings() == []
    assert len(run.messages) == 1 and run.messages[0].startswith("no network:")
    assert not cache.exists()


def test_one_unknown_host_among_working_ones_is_still_dead(server: LinkServer, tmp_path: Path) -> None:
    report = tmp_path / "report.md"
    report.write_text("---\ntitle: T\nauthor: A\ndate: 2024-10-15\n---\n\n"
                      f"See the notes.[^1]\n\n[^1]: <{server.base}/ok/a>, <https://gone.invalid/b>\n",
                      encoding="utf-8")
    run = lint_paths([str(report)], LintOptions(select=("dead-link",),
                                                links=LinkOptions(**FAST)))
    assert [f.rule for f in run.result.findings()] == ["dead-link"]
    assert run.messages == []
