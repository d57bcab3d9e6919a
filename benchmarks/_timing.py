"""Shared helpers for the ``hrf`` benchmarks: whole-process timing with peak RSS.

Each run starts the command with :class:`subprocess.Popen`, reaps it with :func:`os.wait4`
and takes wall time from :func:`time.perf_counter` and peak resident set size from the
rusage that ``wait4`` returns. On Linux that figure is the largest of the process itself and
any descendants it waited for (e.g. a pandoc child), not their sum.
"""

from __future__ import annotations

import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

# ru_maxrss is in kilobytes on Linux and in bytes on macOS.
_RSS_DIVISOR = 1024 * 1024 if sys.platform == "darwin" else 1024


class CommandFailed(RuntimeError):
    """The benchmarked command exited with a status it should not have."""


@dataclass(frozen=True)
class Sample:
    """One run of a command."""

    wall_s: float
    max_rss_mb: float
    returncode: int
    cpu_s: float = 0.0  # user + system CPU time of the process (and children it waited for)


@dataclass(frozen=True)
class Measurement:
    """The timed runs of one command (warm-up runs excluded)."""

    command: list[str]
    samples: list[Sample]

    @property
    def walls(self) -> list[float]:
        return [s.wall_s for s in self.samples]

    @property
    def cpus(self) -> list[float]:
        return [s.cpu_s for s in self.samples]

    @property
    def rss(self) -> list[float]:
        return [s.max_rss_mb for s in self.samples]

    def to_dict(self) -> dict[str, Any]:
        """Summary statistics plus the raw samples, for ``--json`` output."""
        return {
            "command": self.command,
            "runs": len(self.samples),
            "wall_s": {"median": statistics.median(self.walls), "min": min(self.walls),
                       "max": max(self.walls)},
            "max_rss_mb": {"median": statistics.median(self.rss), "min": min(self.rss),
                           "max": max(self.rss)},
            "returncodes": sorted({s.returncode for s in self.samples}),
            "samples": [vars(s) for s in self.samples],
        }


def hrf_command() -> list[str]:
    """How to start ``hrf``: the installed script, else ``python -m hrf_cli``."""
    exe = shutil.which("hrf")
    return [exe] if exe else [sys.executable, "-m", "hrf_cli"]


def expand(template: str, **values: str) -> list[str]:
    """Split a shell-like command template and fill ``{name}`` fields in each word."""
    return [word.format(**values) for word in shlex.split(template)]


def run_once(cmd: Sequence[str], *, ok: Iterable[int] = (0,), cwd: str | None = None,
             env: dict[str, str] | None = None) -> Sample:
    """Run ``cmd`` to completion with output discarded; return wall time and peak RSS."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(list(cmd), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=err, cwd=cwd, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)  # already reaped
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    # A Python crash exits 1, which some commands (e.g. ``hrf lint``) use for "problems found".
    if code not in set(ok) or "Traceback (most recent call last)" in stderr:
        tail = stderr[-2000:].strip()
        raise CommandFailed(f"{shlex.join(cmd)} exited with {code}" + (f":\n{tail}" if tail else ""))
    return Sample(wall, usage.ru_maxrss / _RSS_DIVISOR, code, usage.ru_utime + usage.ru_stime)


def measure(cmd: Sequence[str], *, runs: int = 5, warmup: int = 1, ok: Iterable[int] = (0,),
            cwd: str | None = None, env: dict[str, str] | None = None) -> Measurement:
    """Run ``cmd`` ``warmup`` times untimed, then ``runs`` times timed."""
    ok = tuple(ok)
    for _ in range(warmup):
        run_once(cmd, ok=ok, cwd=cwd, env=env)
    return Measurement(list(cmd), [run_once(cmd, ok=ok, cwd=cwd, env=env) for _ in range(runs)])


@dataclass(frozen=True)
class Check:
    """A measured figure against its target (lower is better)."""

    name: str
    value: float
    target: float
    unit: str
    low: float | None = None
    high: float | None = None

    @property
    def passed(self) -> bool:
        return self.value <= self.target

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "value": self.value, "target": self.target, "unit": self.unit,
                "min": self.low, "max": self.high, "passed": self.passed}


def table(checks: Sequence[Check]) -> str:
    """A plain-text table of checks with PASS/FAIL marks."""
    def fmt(x: float | None, unit: str) -> str:
        return "-" if x is None else (f"{x:.3f}" if unit in ("s", "x") else f"{x:.1f}")

    rows = [("metric", "value", "min", "max", "target", "status")]
    rows += [(c.name, f"{fmt(c.value, c.unit)} {c.unit}", fmt(c.low, c.unit), fmt(c.high, c.unit),
              f"<= {fmt(c.target, c.unit)} {c.unit}", "PASS" if c.passed else "FAIL") for c in checks]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
