"""``hrf preview``: the report's web page served on 127.0.0.1, rebuilt on save, reloaded.

The page is made by the export pipeline itself (HTML only, into a private temporary folder,
so nothing lands in ``dist/``), so the preview is exactly what ``hrf export`` publishes. The
server answers three paths and nothing else (no file from the disk is ever served): ``/`` the
page, with one small script added while serving (never written into the file) that asks
``/__hrf__/version`` every second and reloads when it changes. The report's folder is
watched with watchfiles; a save rebuilds the page and bumps the version. A failed build shows
its error in the browser instead of the page, until the next save fixes it.
"""

from __future__ import annotations

import html
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable

from hrf_cli.errors import HrfError

RELOAD_SCRIPT = b"""(function () {
  var seen = null;
  function poll() {
    fetch("/__hrf__/version", {cache: "no-store"}).then(function (r) { return r.text(); })
      .then(function (v) { if (seen !== null && v !== seen) { location.reload(); } seen = v; })
      .catch(function () {}).finally(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
"""
SCRIPT_TAG = b'<script src="/__hrf__/reload.js" defer></script>'
# Changes here are hrf's own output or tooling, never the report's sources.
IGNORED_PARTS = {".git", ".hrf-cache", "dist", "__pycache__", "node_modules", ".venv"}


@dataclass(frozen=True)
class PreviewOptions:
    """Where to serve and which hrf.yaml to use (None: found from the report)."""

    port: int = 0  # 0: any free port
    config: Path | None = None


@dataclass
class Page:
    """What the server shows: the page or the error of the last build, and its version."""

    body: bytes = b""
    version: int = 0
    error: str | None = None
    warnings: list[str] = field(default_factory=list)


class Preview:
    """One report's preview: build, serve, watch. Never prints; ``notify`` gets messages."""

    def __init__(self, report: Path, options: PreviewOptions,
                 notify: Callable[[str], None] = lambda message: None):
        if not report.is_file():
            raise HrfError("file not found" if not report.exists() else "not a file",
                           path=str(report))
        self.report = Path(os.path.abspath(report))
        self.options = options
        self.notify = notify
        self.page = Page()
        self.lock = threading.Lock()
        self.out = Path(tempfile.mkdtemp(prefix="hrf-preview-"))
        self.server: ThreadingHTTPServer | None = None

    def build(self) -> Page:
        """Export the web page again and publish it (or its error) to the server."""
        from hrf_cli.export.build import ExportOptions, export_paths

        options = ExportOptions(formats=("html",), out=self.out, jobs=1, lint=False,
                                force=True, config=self.options.config)
        try:
            run = export_paths([str(self.report)], options)
        except HrfError as exc:
            return self._publish(None, exc.format(), [])
        result = run.reports[0]
        if result.errors or "html" not in result.written:
            return self._publish(None, "; ".join(result.errors) or "no page was made",
                                 result.warnings)
        return self._publish(result.written["html"].read_bytes(), None, result.warnings)

    def _publish(self, body: bytes | None, error: str | None, warnings: list[str]) -> Page:
        with self.lock:
            if body is not None:
                self.page.body = body
            self.page.error = error
            self.page.warnings = list(warnings)
            self.page.version += 1
            return Page(self.page.body, self.page.version, error, list(warnings))

    def serve(self) -> str:
        """Start the server on 127.0.0.1 in a thread; the page's address."""
        preview = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                path = self.path.split("?", 1)[0]
                if path == "/":
                    self._send(200, "text/html; charset=utf-8", preview.rendered())
                elif path == "/__hrf__/version":
                    with preview.lock:
                        version = str(preview.page.version).encode()
                    self._send(200, "text/plain; charset=utf-8", version)
                elif path == "/__hrf__/reload.js":
                    self._send(200, "text/javascript; charset=utf-8", RELOAD_SCRIPT)
                else:
                    self._send(404, "text/plain; charset=utf-8", b"not found\n")

            def _send(self, status: int, kind: str, body: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                return None  # requests are not news

        self.server = ThreadingHTTPServer(("127.0.0.1", self.options.port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/"

    def rendered(self) -> bytes:
        """The page with the reload script added, or an error page that also reloads."""
        with self.lock:
            body, error = self.page.body, self.page.error
        if error is not None or not body:
            message = html.escape(error or "building…")
            body = (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>hrf '
                    f'preview: {html.escape(self.report.name)}</title></head><body><main>'
                    f"<h1>The page could not be made</h1><pre>{message}</pre><p>Save the "
                    "report to try again.</p></main></body></html>").encode()
        at = body.rfind(b"</body>")
        return body[:at] + SCRIPT_TAG + body[at:] if at != -1 else body + SCRIPT_TAG

    def watch(self, stop: threading.Event) -> None:
        """Rebuild on every change to the report's folder (its sources) until ``stop``."""
        from watchfiles import watch

        for changes in watch(self.report.parent, stop_event=stop, watch_filter=self._relevant,
                             debounce=300, rust_timeout=500, yield_on_timeout=False):
            names = sorted({Path(path).name for _, path in changes})
            self.notify(f"changed: {', '.join(names)}; rebuilding")
            page = self.build()
            self.notify(f"error: {page.error}" if page.error else "rebuilt; the page reloads")

    def _relevant(self, change: object, path: str) -> bool:
        try:
            parts = Path(path).relative_to(self.report.parent).parts
        except ValueError:
            return True
        return not any(part in IGNORED_PARTS or part.startswith(".") for part in parts)

    def close(self) -> None:
        """Stop the server and remove the temporary folder."""
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
        shutil.rmtree(self.out, ignore_errors=True)
