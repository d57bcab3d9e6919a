"""typst source to PDF with the ``typst`` package from PyPI: no LaTeX, no download, offline.

System fonts are ignored, so the PDF looks the same on every machine: the fonts are hrf's
own (Noto Serif and Noto Sans in ``templates/fonts``), those embedded in typst (Libertinus
Serif, DejaVu Sans Mono) and any font files an organisation puts in ``templates/typst/fonts``.
The PDF claims PDF/UA-1 (typst checks what that standard asks: a title, a language, alt text,
headings in order) and is tagged.

The compile runs in a worker process (:mod:`hrf_cli.export.typst_worker`), not in hrf: a
report's raw typst can loop or allocate without end, and only a separate process can be
given a memory limit and be killed at its time limit (:mod:`hrf_cli.export.limits`).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hrf_cli.errors import HrfError

if TYPE_CHECKING:
    from hrf_cli.export.limits import Limits

# Runs the worker with hrf's own package first on sys.path and nothing from the working
# folder (-P): a report folder holding a "typst.py" must not be imported.
BOOT = ("import sys; sys.path.insert(0, sys.argv[1]); "
        "from hrf_cli.export.typst_worker import main; sys.exit(main(sys.argv[2]))")
PACKAGE_PARENT = str(Path(__file__).resolve().parent.parent.parent)
# glibc reserves 64 MiB of address space per malloc arena, up to 8 per core: on a many-core
# machine typst's threads alone would pass a 4 GiB RLIMIT_AS without using the memory.
WORKER_ENV = {"MALLOC_ARENA_MAX": "2"}
# typst packages (``#import "@preview/..."``, ``"@local/..."``) are code from outside the
# project: the worker finds no package folder (/dev/null cannot hold one) and can download
# nothing (every proxy points at a closed port), so a report uses only its project's files.
NO_PACKAGES = "/dev/null"
CLOSED_PROXY = "http://127.0.0.1:9"
OFFLINE_ENV = {"XDG_DATA_HOME": NO_PACKAGES, "XDG_CACHE_HOME": NO_PACKAGES,
               "TYPST_PACKAGE_PATH": NO_PACKAGES, "TYPST_PACKAGE_CACHE_PATH": NO_PACKAGES,
               **{name: CLOSED_PROXY for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY",
                                                  "http_proxy", "ALL_PROXY", "all_proxy")},
               "NO_PROXY": "", "no_proxy": ""}
PACKAGE_PROBLEM = re.compile(r"failed to download package|package not found|"
                             r"failed to load package", re.IGNORECASE)
ALLOCATION_FAILED = re.compile(r"memory allocation of \d+ bytes failed|MemoryError")


PDF_STANDARDS = ["ua-1"]
UA_ERROR = re.compile(r"PDF/UA-1 error: (.*)")


def compile_pdf(source: bytes, *, root: Path, fonts: list[Path], report: str,
                limits: Limits | None = None, timestamp: int | None = None) -> tuple[bytes, list[str]]:
    """The PDF/UA-1 of ``source`` (images resolve below ``root``) and typst's warnings.

    ``timestamp`` (seconds since 1970) is the PDF's creation date: the report's date, or
    SOURCE_DATE_EPOCH; the same input always gives the same bytes.
    """
    epoch = timestamp if timestamp is not None else int(os.environ.get("SOURCE_DATE_EPOCH", "315532800"))
    options: dict[str, Any] = {
        "root": str(root), "font_paths": [str(folder) for folder in fonts if folder.is_dir()],
        "ignore_system_fonts": True, "format": "pdf", "timestamp": epoch,
        "pdf_standards": PDF_STANDARDS}
    try:
        return run_worker(source, options, report=report, cwd=root, limits=limits)
    except HrfError as exc:
        # What the standard forbids and the author may not be able to change (a character no
        # shipped font has, a linked image with no description): a tagged PDF all the same.
        reason = UA_ERROR.search(exc.message)
        if reason is None:
            raise
    options["pdf_standards"] = []
    pdf, warnings = run_worker(source, options, report=report, cwd=root, limits=limits)
    return pdf, [*warnings, f"the PDF is tagged but does not claim PDF/UA-1: {reason.group(1)}"]


def run_worker(source: bytes, options: dict[str, Any], *, report: str, cwd: Path,
               limits: Limits | None = None) -> tuple[bytes, list[str]]:
    """Compile in a limited worker: ``options`` go to ``typst.compile_with_warnings``."""
    from hrf_cli.export.limits import MEMORY_HINT, TIME_HINT, Limits, spawn

    limits = limits or Limits()
    argv = [sys.executable, "-P", "-c", BOOT, PACKAGE_PARENT, json.dumps(options)]
    try:
        child = spawn(argv, limits=limits, cwd=cwd,
                      env={**os.environ, **WORKER_ENV, **OFFLINE_ENV},
                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except OSError as exc:
        raise HrfError(f"cannot start the PDF compile: {exc.strerror or exc}", path=report) from None
    code, out, err = child.communicate(source)
    if child.timed_out:
        raise HrfError(f"typst was stopped at the time limit of {limits.describe_time()} "
                       f"({TIME_HINT})", path=report)
    head, _, pdf = out.partition(b"\n")
    try:
        answer = json.loads(head)
    except ValueError:
        answer = None
    stderr = err.decode("utf-8", "replace")
    if ALLOCATION_FAILED.search(stderr) or (isinstance(answer, dict) and answer.get("memory")):
        raise HrfError(f"typst ran out of memory at the limit of {limits.describe_memory()} "
                       f"({MEMORY_HINT})", path=report)
    if not isinstance(answer, dict):
        last = stderr.strip().splitlines()[-1:]
        raise HrfError(f"the PDF compile failed ({_ending(code)}): "
                       f"{last[0] if last else 'no message'}", path=report)
    if "error" in answer:
        hint = (" (typst packages are not available to reports: the PDF is made offline from "
                "the project's own files)" if PACKAGE_PROBLEM.search(answer["error"]) else "")
        raise HrfError(f"typst could not make the PDF: {answer['error']}{hint}", path=report)
    return pdf, [str(w) for w in answer.get("warnings", [])]


def _ending(code: int) -> str:
    if code >= 0:
        return f"exit {code}"
    import signal

    try:
        return f"killed by {signal.Signals(-code).name}"
    except ValueError:
        return f"killed by signal {-code}"


def typst_version() -> str:
    """The typst package's version, for cache keys."""
    from importlib.metadata import version

    return version("typst")


def describe(problem: object) -> str:
    """typst's message with its hints, on one line."""
    message = str(getattr(problem, "message", None) or problem).strip()
    hints = [str(h) for h in getattr(problem, "hints", None) or []]
    return " ".join([message, *(f"(hint: {h})" for h in hints)])
