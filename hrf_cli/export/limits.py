"""Child processes (pandoc, the typst worker) in bounded time and memory, dying with hrf.

A report is hostile input: a YAML or typst construct can make pandoc or typst run for hours
or eat the machine's memory. Every child therefore runs

- with an address-space limit (``RLIMIT_AS``, set in the child before it starts): an
  allocation past it fails, pandoc says "out of memory", typst's allocator aborts. pandoc's
  GHC runtime reserves address space lazily and runs under 256 MiB of ``RLIMIT_AS``, so the
  kernel's limit is enough; pandoc's own ``+RTS -M`` only bounds the Haskell heap, and in a
  trial it let an alias bomb run past 60 s without stopping it;
- in its own session (process group), killed as a group when its time limit passes;
- with ``PR_SET_PDEATHSIG`` on Linux, so the kernel kills it when hrf dies, even by SIGKILL;
- registered here while it runs: :func:`supervised` kills every live child when the export
  ends by an exception (Ctrl-C, SIGTERM, SIGHUP) and refuses new ones from then on.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from concurrent.futures import Executor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Sequence

from hrf_cli.config import DEFAULT_MEMORY_LIMIT, DEFAULT_TIME_LIMIT
from hrf_cli.errors import HrfError

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
TIME_HINT = "raise it with safety.time-limit in hrf.yaml or --time-limit"
MEMORY_HINT = "raise it with safety.memory-limit in hrf.yaml or --memory-limit"


@dataclass(frozen=True)
class Limits:
    """Wall-clock seconds and bytes of address space one child process may use."""

    seconds: float = DEFAULT_TIME_LIMIT
    memory: int = DEFAULT_MEMORY_LIMIT

    def describe_memory(self) -> str:
        return format_size(self.memory)

    def describe_time(self) -> str:
        return f"{self.seconds:g} s"


def format_size(size: int) -> str:
    """4294967296 -> '4 GiB', 300000000 -> '300 MB': the way a user would write it."""
    for unit, factor in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if size >= factor and size % factor == 0:
            return f"{size // factor} {unit}"
    for unit, factor in (("GB", 1000**3), ("MB", 1000**2), ("kB", 1000)):
        if size >= factor:
            return f"{size / factor:g} {unit}"
    return f"{size} bytes"


class _Registry:
    """The children alive now, and whether hrf is stopping (then no new child starts)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.live: set[subprocess.Popen[bytes]] = set()
        self.stopping = False


_REGISTRY = _Registry()


@dataclass
class Child:
    """One running child: its process and whether its time limit killed it."""

    process: subprocess.Popen[bytes]
    limits: Limits
    timed_out: bool = False
    timer: threading.Timer | None = None

    def wait(self) -> int:
        """Wait for the end (the timer kills the group at the limit); unregister it."""
        try:
            return self.process.wait()
        finally:
            if self.timer is not None:
                self.timer.cancel()
            with _REGISTRY.lock:
                _REGISTRY.live.discard(self.process)

    def communicate(self, data: bytes | None) -> tuple[int, bytes, bytes]:
        """Send ``data`` to the child's stdin, collect stdout and stderr, wait for its end:
        (exit code, stdout, stderr); ``timed_out`` says whether the limit ended it."""
        try:
            out, err = self.process.communicate(data)
        finally:
            code = self.wait()
        return code, out, err

    def _expire(self) -> None:
        self.timed_out = True
        _kill_group(self.process)


def spawn(argv: Sequence[str], *, limits: Limits, cwd: str | os.PathLike[str],
          env: dict[str, str] | None = None, stdin: Any = subprocess.DEVNULL,
          stdout: Any = subprocess.DEVNULL, stderr: Any = subprocess.PIPE) -> Child:
    """Start ``argv`` (no shell) within ``limits``; OSError when it cannot start.

    Raises HrfError when hrf is already stopping (a signal arrived), so no child starts late.
    """
    with _REGISTRY.lock:
        if _REGISTRY.stopping:
            raise HrfError("stopped before it started (hrf is shutting down)")
        kwargs: dict[str, Any] = {}
        if os.name == "posix":
            kwargs = {"start_new_session": True, "preexec_fn": _child_setup(limits.memory)}
        process = subprocess.Popen(list(argv), cwd=cwd, env=env, stdin=stdin, stdout=stdout,
                                   stderr=stderr, **kwargs)
        _REGISTRY.live.add(process)
    child = Child(process, limits)
    child.timer = threading.Timer(limits.seconds, child._expire)
    child.timer.daemon = True
    child.timer.start()
    return child


def _child_setup(memory: int) -> Callable[[], None]:
    """What runs in the child between fork and exec: memory limit, death with the parent.

    Everything it calls is resolved here, in the parent, so the child imports nothing and
    takes no lock another thread could hold (the export forks from worker threads).
    """
    import resource

    prctl = _prctl()
    parent = os.getpid()
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = memory if hard == resource.RLIM_INFINITY else min(memory, hard)
    setrlimit, limit_as, getppid, exit_now = (resource.setrlimit, resource.RLIMIT_AS,
                                              os.getppid, os._exit)
    kill = int(signal.SIGKILL)

    def setup() -> None:
        try:
            setrlimit(limit_as, (cap, hard))
        except (OSError, ValueError):
            pass  # a platform without RLIMIT_AS: the time limit still holds
        if prctl is not None:
            prctl(PR_SET_PDEATHSIG, kill, 0, 0, 0)
            if getppid() != parent:  # hrf died between fork and prctl
                exit_now(1)

    return setup


def _prctl() -> Callable[..., int] | None:
    """libc's prctl on Linux (for PR_SET_PDEATHSIG), else None."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl  # type: ignore[no-any-return]
    except (OSError, AttributeError):
        return None


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL the child's whole process group (it leads its own session)."""
    try:
        if os.name == "posix":
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
    except (ProcessLookupError, PermissionError):
        pass  # already gone


def stop_all() -> None:
    """Kill every live child and refuse new ones until the next :func:`supervised` run."""
    with _REGISTRY.lock:
        _REGISTRY.stopping = True
        live = list(_REGISTRY.live)
    for process in live:
        _kill_group(process)


class Terminated(SystemExit):
    """Raised in the main thread when SIGTERM or SIGHUP arrives: exit 128 + the signal."""


@contextmanager
def supervised(pool: Executor | None = None) -> Iterator[None]:
    """While the block runs, SIGTERM/SIGHUP end hrf cleanly; any exception kills the children.

    ``pool``'s queued work is cancelled too, so no report starts after the signal.

    Python's default for SIGTERM ends the process without unwinding, which would leave pandoc
    running on macOS (Linux kills it by PR_SET_PDEATHSIG either way); here the signal becomes
    an exception in the main thread, the children are killed and hrf exits with 128 + signal.
    """
    with _REGISTRY.lock:
        _REGISTRY.stopping = False
    previous: dict[int, Any] = {}
    if threading.current_thread() is threading.main_thread():
        for name in ("SIGTERM", "SIGHUP"):
            number = getattr(signal, name, None)
            if number is not None:
                previous[number] = signal.signal(number, _raise_terminated)
    try:
        yield
    except BaseException:
        stop_all()
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
        raise
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _raise_terminated(number: int, _frame: object) -> None:
    stop_all()
    raise Terminated(128 + number)
