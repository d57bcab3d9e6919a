"""The only module that runs pandoc: where it is, which version, how to call it, its errors.

pandoc always runs with ``--sandbox`` (it may read only the files named on its command line,
so a report cannot pull in ``/etc/passwd`` through an image or include) and never through a
shell. Failures become :class:`~hrf_cli.errors.HrfError` naming the report; warnings are
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
from typing import Callable, Sequence

from hrf_cli.errors import HrfError

MINIMUM_VERSION = (3, 1)  # the typst writer and the "typst-citations" extension
DEFAULT_EPOCH = "315532800"  # 1980-01-01, the earliest date a ZIP (DOCX) can hold
_WARNING = re.compile(r"^\[WARNING\] ", re.M)


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
               on_message: Callable[[str, str], None] | None = None) -> PandocResult:
    """Run ``pandoc --sandbox ARGS`` in ``cwd``; raise HrfError naming ``report`` on failure.

    stderr is read as it comes: lines ``hrf:KIND:TEXT`` (from hrf's Lua filter) go to
    ``on_message(KIND, TEXT)`` at once, so the caller can act before pandoc ends.
    """
    pandoc_version()
    environment = {**os.environ, **(env or {})}
    environment.setdefault("SOURCE_DATE_EPOCH", DEFAULT_EPOCH)
    try:
        process = subprocess.Popen([pandoc_path(), "--sandbox", *args], cwd=cwd,
                                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, env=environment)
    except OSError as exc:
        raise HrfError(f"cannot run pandoc: {exc.strerror or exc}", path=report) from None
    other: list[str] = []
    assert process.stderr is not None
    with process.stderr:
        for raw in process.stderr:
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            if line.startswith("hrf:") and on_message is not None:
                kind, _, text = line[4:].partition(":")
                on_message(kind, text)
            else:
                other.append(line)
    code = process.wait()
    stderr = "\n".join(other)
    if code != 0:
        refused = re.search(r"hrf-error:(.*)", stderr)
        if refused:
            raise HrfError(refused.group(1).strip(), path=report)
        raise HrfError(f"pandoc failed (exit {code}): {_first_lines(stderr)}", path=report)
    return PandocResult(split_warnings(stderr))


def split_warnings(stderr: str) -> list[str]:
    """pandoc's ``[WARNING]`` messages, continuation lines joined to their warning."""
    parts = [part.strip() for part in _WARNING.split(stderr)]
    return [" ".join(line.strip() for line in part.splitlines()) for part in parts if part]


def _first_lines(text: str, limit: int = 12) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    shown = "\n".join(lines[:limit])
    return shown + (f"\n... ({len(lines) - limit} more lines)" if len(lines) > limit else "")
