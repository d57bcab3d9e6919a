"""Progress of ``hrf export`` for the CLI: a rich display on a terminal, else plain lines.

Both receive :class:`~hrf_cli.export.build.Event` values from worker threads, so both lock.
"""

from __future__ import annotations

import os
import threading
from typing import IO, Any

from hrf_cli.export.build import Event

LABELS = {"written": "wrote", "cached": "unchanged", "stopped": "stopped by lint",
          "failed": "failed"}


def shown_path(path: os.PathLike[str] | str) -> str:
    """A path relative to the working folder when below it."""
    rel = os.path.relpath(path)
    return rel if not rel.startswith("..") else str(path)


class LineProgress:
    """One line per file written (or left unchanged), for logs and pipes."""

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


def progress_for(stream: IO[str]) -> LineProgress | RichProgress:
    """A rich display on a terminal (unless NO_COLOR or TERM=dumb), else plain lines."""
    if stream.isatty() and os.environ.get("TERM") != "dumb":
        from rich.console import Console

        return RichProgress(Console(file=stream))
    return LineProgress(stream)


def render_outcome(run: Any, stream: IO[str]) -> None:
    """Lint errors, warnings and failures per report, then one summary line."""
    for report in run.reports:
        for finding in report.findings:
            print(f"{finding.path}:{finding.line}:{finding.column} {finding.severity} "
                  f"{finding.rule} {finding.message}", file=stream)
        if report.findings:
            print(f"{report.shown}: not exported: lint found {len(report.findings)} "
                  "error(s) (fix them, or use --no-lint)", file=stream)
        for warning in report.warnings:
            print(f"{report.shown}: warning: {warning}", file=stream)
        for error in report.errors:
            print(f"error: {error}", file=stream)
    for warning in getattr(run, "warnings", []):
        print(f"warning: {warning}", file=stream)
    written = sum(len(r.written) for r in run.reports)
    cached = sum(len(r.cached) for r in run.reports)
    failed = sum(1 for r in run.reports if r.failed)
    parts = [f"{written} file(s) written", f"{cached} unchanged"]
    if failed:
        parts.append(f"{failed} report(s) failed")
    print(f"hrf export: {len(run.reports)} report(s): " + ", ".join(parts), file=stream)
