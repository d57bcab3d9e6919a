#!/usr/bin/env python3
"""Benchmark ``hrf fix`` on the generated 150,000-word report with its notes scrambled.

The generated report numbers its 1,500 notes in reading order; a deterministic shuffle of
the labels (same seed, same file) makes a temporary copy that ``hrf fix`` must renumber.
Each timed run starts from a fresh copy of the scrambled file, so every run does the whole
repair and writes the file (``cp`` costs a few milliseconds of the figure). Also timed:
``hrf fix --check`` on the scrambled file (reads, repairs in memory, writes nothing).
Whole processes, median of N runs after a warm-up. Exits 0 unless ``--strict`` and a
target is missed.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import shlex
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import Check, CommandFailed, hrf_command, measure, table  # noqa: E402
from bench_lint import MIN_RUNS, ensure_report  # noqa: E402
from generate_report import DEFAULT_OUT  # noqa: E402

FIX_TARGET_S = 1.0


def scramble(text: str, seed: int = 1) -> str:
    """``text`` with its numeric note labels shuffled (references and definitions alike)."""
    from hrf_cli.document import parse_document
    from hrf_cli.repairs.edits import apply_edits
    from hrf_cli.repairs.renumber import is_numeric, relabel_edits

    doc = parse_document(text)
    labels = sorted({d.label for d in doc.footnote_defs if is_numeric(d.label)}, key=int)
    shuffled = labels[:]
    random.Random(seed).shuffle(shuffled)
    edits, _ = relabel_edits(doc, dict(zip(labels, shuffled)))
    return apply_edits(text, edits)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=MIN_RUNS, help=f"timed runs (at least {MIN_RUNS})")
    parser.add_argument("--report", type=Path, default=DEFAULT_OUT / "report.md",
                        help="report to scramble; generated if missing (default: benchmarks/out/report.md)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the label shuffle")
    parser.add_argument("--json", action="store_true", help="print machine-readable results")
    parser.add_argument("--strict", action="store_true", help="exit 1 if the target is missed")
    args = parser.parse_args(argv)
    if args.runs < MIN_RUNS:
        parser.error(f"--runs must be at least {MIN_RUNS}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    report = ensure_report(args.report)
    original = report.read_bytes()
    with tempfile.TemporaryDirectory(prefix="hrf-bench-fix-") as tmp:
        scrambled = Path(tmp) / "scrambled.md"
        scrambled.write_bytes(scramble(original.decode("utf-8"), args.seed).encode("utf-8"))
        work = Path(tmp) / "report.md"
        hrf = shlex.join(hrf_command())
        fix_cmd = ["sh", "-c", f"cp {shlex.quote(str(scrambled))} {shlex.quote(str(work))} "
                               f"&& exec {hrf} fix {shlex.quote(str(work))}"]
        check_cmd = [*hrf_command(), "fix", "--check", str(scrambled)]
        try:
            fix = measure(fix_cmd, runs=args.runs)
            check = measure(check_cmd, runs=args.runs, ok=(1,))
        except CommandFailed as exc:
            print(f"bench_fix: {exc}", file=sys.stderr)
            return 2
        restored = work.read_bytes() == original
    checks = [
        Check("fix wall", statistics.median(fix.walls), FIX_TARGET_S, "s", min(fix.walls), max(fix.walls)),
        Check("fix --check wall", statistics.median(check.walls), FIX_TARGET_S, "s",
              min(check.walls), max(check.walls)),
        Check("fix peak RSS", max(fix.rss), 150.0, "MB", min(fix.rss), max(fix.rss)),
    ]
    passed = all(c.passed for c in checks) and restored
    if args.json:
        print(json.dumps({
            "report": str(report), "report_bytes": len(original), "runs": args.runs,
            "python": platform.python_version(), "platform": platform.platform(),
            "fix": fix.to_dict(), "check": check.to_dict(), "restored_exactly": restored,
            "checks": [c.to_dict() for c in checks], "passed": passed,
        }, indent=2))
    else:
        print(f"report:  {report} ({len(original):,} bytes), note labels shuffled with seed {args.seed}")
        print(f"fix:     cp scrambled.md report.md && {hrf} fix report.md")
        print(f"check:   {hrf} fix --check scrambled.md")
        print(f"runs:    {args.runs} after 1 warm-up; wall = median, RSS = max over runs")
        print(f"result:  fixed file {'equals' if restored else 'DIFFERS FROM'} the original report "
              "byte for byte\n")
        print(table(checks))
    return 1 if args.strict and not passed else 0


if __name__ == "__main__":
    raise SystemExit(main())
