"""Progress of ``hrf export`` for the CLI: a rich display on a terminal, else plain lines.

Both receive :class:`~hrf_cli.export.build.Event` values from worker threads, so both lock.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import IO, Any

from hrf_cli.export.build import Event
from hrf_cli.words import plural

LABELS = {"written": "wrote", "cached": "unchanged", "stopped": "stopped by lint",
          "failed": "failed"}


def shown_path(path: os.PathLike[str] | str) -> str:
    """A path relative to the working folder when below it."""
    rel = os.path.relpath(path)
    return rel if not rel.startswith("..") else str(path)


class LineProgress:
    """One line per file written (or left unchanged), for logs and pipes (on stderr: the list
    of files that scripts read comes on stdout at the end)."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.lock = threading.Lock()

    def __enter__(self) -> LineProgress:
        return self

    def __exit__(self, *exc: Any) -> None:
        return None

    def __call__(self, event: Event) -> None:
        if event.kind in ("written", "cached") and event.path is not None:
            with self.lock:
                print(f"{LABELS[event.kind]} {shown_path(event.path)}", file=self.stream,
                      flush=True)


class RichProgress:
    """A spinner and a bar per report, ticking as each format is written."""

    def __init__(self, console: Any) -> None:
        from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn

        self.progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                                 TextColumn("{task.fields[status]}"), console=console,
                                 transient=False)
        self.tasks: dict[str, Any] = {}
        self.lock = threading.Lock()

    def __enter__(self) -> RichProgress:
        self.progress.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        for task in self.progress.tasks:  # totals were unknown while running: fill the bars
            done = max(task.completed, 1)
            self.progress.update(task.id, total=done, completed=done)
        self.progress.stop()

    def __call__(self, event: Event) -> None:
        with self.lock:
            task = self.tasks.get(event.report)
            if task is None:
                task = self.tasks[event.report] = self.progress.add_task(
                    event.report, total=None, status="reading")
            if event.kind == "read":
                self.progress.update(task, status="writing")
            elif event.kind in ("written", "cached") and event.fmt:
                self.progress.update(task, status=f"{event.fmt} {LABELS[event.kind]}")
                self.progress.advance(task)
            elif event.kind in ("stopped", "failed"):
                self.progress.update(task, status=LABELS[event.kind])


class NoProgress:
    """``--quiet``: nothing while running."""

    def __enter__(self) -> NoProgress:
        return self

    def __exit__(self, *exc: Any) -> None:
        return None

    def __call__(self, event: Event) -> None:
        return None


def progress_for(stream: IO[str], quiet: bool = False) -> LineProgress | RichProgress | NoProgress:
    """A rich display on a terminal (unless TERM=dumb), else plain lines; none when quiet."""
    if quiet:
        return NoProgress()
    if stream.isatty() and os.environ.get("TERM") != "dumb":
        from rich.console import Console

        return RichProgress(Console(file=stream))
    return LineProgress(stream)


def render_outcome(run: Any, messages: IO[str], data: IO[str], *, quiet: bool = False) -> None:
    """Lint errors, warnings and failures per report and a summary on ``messages`` (only
    errors when ``quiet``); then every exported file, one path a line, on ``data``."""
    for report in run.reports:
        for finding in report.findings:
            where = f":{finding.line}:{finding.column} " if finding.located else ": "
            print(f"{finding.path}{where}{finding.severity} {finding.rule} {finding.message}",
                  file=messages)
        if report.findings:
            print(f"error: {report.shown}: not exported: lint found "
                  f"{plural(len(report.findings), 'error')} (fix them, or use --no-lint)",
                  file=messages)
        if not quiet:
            for warning in report.warnings:
                print(f"{report.shown}: warning: {warning}", file=messages)
        for error in report.errors:
            print(f"error: {error}", file=messages)
    for warning in getattr(run, "warnings", []):
        print(f"warning: {warning}", file=messages)
    written = sum(len(r.written) for r in run.reports)
    cached = sum(len(r.cached) for r in run.reports)
    failed = sum(1 for r in run.reports if r.failed)
    parts = [f"{plural(written, 'file')} written", f"{cached} unchanged"]
    if failed:
        parts.append(f"{plural(failed, 'report')} failed")
    if not quiet:
        print(f"hrf export: {plural(len(run.reports), 'report')}: " + ", ".join(parts),
              file=messages, flush=True)
    for report in run.reports:
        for fmt in report.formats:
            path = report.written.get(fmt) or report.cached.get(fmt)
            if path is not None:
                print(shown_path(path), file=data)


def opened(run: Any) -> list[Path]:
    """What ``--open`` shows of each exported report: the web page, else the PDF, else DOCX."""
    chosen = []
    for report in run.reports:
        files = {**report.cached, **report.written}
        for fmt in ("html", "pdf", "docx"):
            if fmt in files:
                chosen.append(files[fmt])
                break
    return chosen
