"""A progress bar for ``--check-links`` on a terminal: rich, on stderr, gone when done.

Only the CLI creates one, and only when stderr is a terminal; piped or redirected output
(CI logs, ``--format json > out.json``) gets nothing.
"""

from __future__ import annotations

from typing import Any, TextIO


class TerminalProgress:
    """Implements hrf_cli.links.model.Progress with a transient rich progress bar."""

    def __init__(self, stream: TextIO):
        self.stream = stream
        self._progress: Any = None
        self._task: Any = None

    @classmethod
    def for_stream(cls, stream: TextIO) -> TerminalProgress | None:
        """A progress display when ``stream`` is a terminal, else None (no display)."""
        isatty = getattr(stream, "isatty", None)
        return cls(stream) if isatty is not None and isatty() else None

    def start(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self._progress = Progress(TextColumn("checking links"), BarColumn(), MofNCompleteColumn(),
                                  console=Console(file=self.stream), transient=True)
        self._task = self._progress.add_task("links", total=total)
        self._progress.start()

    def advance(self) -> None:
        if self._progress is not None:
            self._progress.advance(self._task)

    def stop(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
