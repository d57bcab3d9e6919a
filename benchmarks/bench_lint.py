#!/usr/bin/env python3
"""Benchmark ``hrf lint`` on the generated 150,000-word report, and ``hrf --help`` start-up.

Measures whole processes: median/min/max wall time of ``hrf lint REPORT --format json`` after
one warm-up run, its peak RSS (via ``os.wait4``), and the wall time of ``hrf --help``;
compares them with the project's targets. Exits 0 unless ``--strict`` and a target is missed.
"""

from __future__ import annotations

import argparse
import json
import platform
import shlex
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import Check, CommandFailed, expand, hrf_command, measure, table  # noqa: E402
from generate_report import DEFAULT_OUT, generate  # noqa: E402

LINT_TARGET_S = 0.4
RSS_TARGET_MB = 150.0
HELP_TARGET_S = 0.15
MIN_RUNS = 5


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=MIN_RUNS, help=f"timed runs (at least {MIN_RUNS})")
    parser.add_argument("--report", type=Path, default=DEFAULT_OUT / "report.md",
                        help="report to lint; generated if missing (default: benchmarks/out/report.md)")
    parser.add_argument("--json", action="store_true", help="print machine-readable results")
    parser.add_argument("--strict", action="store_true", help="exit 1 if any target is missed")
    # Stand-ins for development, e.g. --command "hrf lint {report} --format json".
    parser.add_argument("--command", help=argparse.SUPPRESS)
    parser.add_argument("--help-command", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.runs < MIN_RUNS:
        parser.error(f"--runs must be at least {MIN_RUNS}")
    return args


def ensure_report(path: Path) -> Path:
    """Return the report path, generating the default report there if it does not exist."""
    if not path.exists():
        summary = generate(path.parent)
        print(f"generated {summary.line()}", file=sys.stderr)
        if not path.exists():
            raise SystemExit(f"bench_lint: {path} does not exist and the generator writes report.md")
    return path.resolve()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    report = ensure_report(args.report)
    hrf = shlex.join(hrf_command())
    lint_cmd = expand(args.command or f"{hrf} lint {{report}} --format json", report=str(report))
    help_cmd = expand(args.help_command or f"{hrf} --help")
    try:
        lint = measure(lint_cmd, runs=args.runs, ok=(0, 1))
        help_ = measure(help_cmd, runs=args.runs)
    except CommandFailed as exc:
        print(f"bench_lint: {exc}", file=sys.stderr)
        return 2

    checks = [
        Check("lint wall", statistics.median(lint.walls), LINT_TARGET_S, "s", min(lint.walls), max(lint.walls)),
        Check("lint peak RSS", max(lint.rss), RSS_TARGET_MB, "MB", min(lint.rss), max(lint.rss)),
        Check("--help wall", statistics.median(help_.walls), HELP_TARGET_S, "s",
              min(help_.walls), max(help_.walls)),
    ]
    passed = all(c.passed for c in checks)
    if args.json:
        print(json.dumps({
            "report": str(report), "report_bytes": report.stat().st_size, "runs": args.runs,
            "python": platform.python_version(), "platform": platform.platform(),
            "lint": lint.to_dict(), "help": help_.to_dict(),
            "checks": [c.to_dict() for c in checks], "passed": passed,
        }, indent=2))
    else:
        print(f"report:  {report} ({report.stat().st_size:,} bytes)")
        print(f"lint:    {shlex.join(lint_cmd)}")
        print(f"help:    {shlex.join(help_cmd)}")
        print(f"runs:    {args.runs} after 1 warm-up; wall = median, RSS = max over runs\n")
        print(table(checks))
    return 1 if args.strict and not passed else 0


if __name__ == "__main__":
    raise SystemExit(main())
