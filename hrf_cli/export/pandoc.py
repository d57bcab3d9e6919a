"""The only module that runs pandoc: where it is, which version, how to call it, its errors.

pandoc always runs with ``--sandbox`` (it may read only the files named on its command line,
so a report cannot pull in ``/etc/passwd`` through an image or include) and never through a
shell, within a time and memory limit (:mod:`hrf_cli.export.limits`). Failures become
:class:`~hrf_cli.errors.HrfError` naming the report (and the limit it hit); warnings are
returned for the caller to show with the report's name.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

from hrf_cli.errors import HrfError

if TYPE_CHECKING:
    from hrf_cli.export.limits import Limits

MINIMUM_VERSION = (3, 1)  # the typst writer and the "typst-citations" extension
DEFAULT_EPOCH = "315532800"  # 1980-01-01, the earliest date a ZIP (DOCX) can hold
_WARNING = re.compile(r"^\[WARNING\] ", re.M)
OUT_OF_MEMORY = 251  # GHC's runtime exits with this when an allocation fails (heap overflow)


@dataclass(frozen=True)
class PandocResult:
    """What one pandoc run said besides its output: its warnings, one per entry."""

    warnings: list[str]


@functools.lru_cache(maxsize=1)
def pandoc_path() -> str:
    """The pandoc executable: the one inside pypandoc-binary, else one on PATH.

    Found without importing pypandoc (0.1 s), so a cached export stays fast.
    """
    import importlib.util

    spec = importlib.util.find_spec("pypandoc")
    if spec is not None and spec.origin is not None:
        for name in ("pandoc", "pandoc.exe"):
            bundled = Path(spec.origin).parent / "files" / name
            if os.access(bundled, os.X_OK):
                return str(bundled)
    resolved = shutil.which("pandoc")
    if resolved is None:
        raise HrfError("pandoc not found: install hrf with pip (it brings pypandoc-binary)")
    return resolved


def pandoc_identity() -> str:
    """A cheap stand-in for the version in cache keys: path, size and mtime of the binary."""
    path = pandoc_path()
    stat = os.stat(path)
    return f"{path}:{stat.st_size}:{stat.st_mtime_ns}"


@functools.lru_cache(maxsize=1)
def pandoc_version() -> tuple[int, ...]:
    """pandoc's version, probed once per process; refuses one too old for hrf's writers."""
    done = subprocess.run([pandoc_path(), "--version"], capture_output=True, text=True,
                          timeout=60, check=False)
    match = re.match(r"pandoc(?:\.exe)? ([\d.]+)", done.stdout)
    if done.returncode != 0 or match is None:
        raise HrfError(f"cannot run {pandoc_path()} --version: {done.stderr.strip()}")
    version = tuple(int(part) for part in match.group(1).split("."))
    if version < MINIMUM_VERSION:
        wanted = ".".join(map(str, MINIMUM_VERSION))
        raise HrfError(f"pandoc {match.group(1)} is too old: hrf export needs {wanted} or newer")
    return version


def run_pandoc(args: Sequence[str], *, report: str, cwd: Path, env: dict[str, str] | None = None,
               on_message: Callable[[str, str], str | None] | None = None,
               limits: Limits | None = None) -> PandocResult:
    """Run ``pandoc --sandbox ARGS`` in ``cwd``; raise HrfError naming ``report`` on failure.

    stderr is read as it comes: lines ``hrf:KIND:TEXT`` (from hrf's Lua filter) go to
    ``on_message(KIND, TEXT)`` at once, so the caller can act before pandoc ends; a string it
    returns is the answer, written as one line to pandoc's standard input (where the filter
    waits for it). pandoc runs within ``limits`` (time and memory, see
    :mod:`hrf_cli.export.limits`).
    """
    from hrf_cli.export.limits import Limits, spawn

    limits = limits or Limits()
    pandoc_version()
    environment = {**os.environ, **(env or {})}
    environment.setdefault("SOURCE_DATE_EPOCH", DEFAULT_EPOCH)
    try:
        child = spawn([pandoc_path(), "--sandbox", *args], limits=limits, cwd=cwd,
                      env=environment,
                      stdin=subprocess.PIPE if on_message else subprocess.DEVNULL)
    except OSError as exc:
        raise HrfError(f"cannot run pandoc: {exc.strerror or exc}", path=report) from None
    process = child.process
    other: list[str] = []
    assert process.stderr is not None
    try:
        with process.stderr:
            for raw in process.stderr:
                line = raw.decode("utf-8", "replace").rstrip("\r\n")
                if line.startswith("hrf:") and on_message is not None:
                    kind, _, text = line[4:].partition(":")
                    answer = on_message(kind, text)
                    if answer is not None:
                        _answer(process, answer)
                else:
                    other.append(line)
    finally:
        if process.stdin is not None:
            process.stdin.close()
        code = child.wait()
    stderr = "\n".join(other)
    if code != 0:
        raise HrfError(_failure(code, stderr, child.timed_out, limits), path=report)
    return PandocResult(split_warnings(stderr))


def _failure(code: int, stderr: str, timed_out: bool, limits: Limits) -> str:
    """Why pandoc failed, in words: a limit it hit, hrf's own refusal, or pandoc's message."""
    from hrf_cli.export.limits import MEMORY_HINT, TIME_HINT

    if timed_out:
        return (f"pandoc was stopped at the time limit of {limits.describe_time()} "
                f"({TIME_HINT})")
    if code == OUT_OF_MEMORY or re.search(r"^(?:pandoc: out of memory|not enough memory)$",
                                          stderr, re.M):  # the runtime's, or the Lua filter's
        return (f"pandoc ran out of memory at the limit of {limits.describe_memory()} "
                f"({MEMORY_HINT})")
    refused = re.search(r"hrf-error:(.*)", stderr)
    if refused:
        return refused.group(1).strip()
    if code < 0:
        return (f"pandoc was killed by signal {_signal_name(-code)} (a memory limit of "
                f"{limits.describe_memory()} may be too small: {MEMORY_HINT}): "
                f"{_first_lines(stderr) or 'no message'}")
    return f"pandoc failed (exit {code}): {_first_lines(stderr)}"


def _signal_name(number: int) -> str:
    import signal

    try:
        return signal.Signals(number).name
    except ValueError:
        return str(number)


def _answer(process: subprocess.Popen[bytes], answer: str) -> None:
    """One line to the filter on pandoc's standard input; a pandoc that died has no reader."""
    assert process.stdin is not None
    try:
        process.stdin.write(answer.replace("\n", " ").encode("utf-8") + b"\n")
        process.stdin.flush()
    except (BrokenPipeError, OSError):
        pass  # pandoc ended: its exit status and stderr say why


def split_warnings(stderr: str) -> list[str]:
    """pandoc's ``[WARNING]`` messages, continuation lines joined to their warning."""
    parts = [part.strip() for part in _WARNING.split(stderr)]
    return [" ".join(line.strip() for line in part.splitlines()) for part in parts if part]


def _first_lines(text: str, limit: int = 12) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    shown = "\n".join(lines[:limit])
    return shown + (f"\n... ({len(lines) - limit} more lines)" if len(lines) > limit else "")
