#!/usr/bin/env python3
"""Benchmark ``hrf lint`` on hostile inputs (issue 9): each case within 1 s, whole process.

Every case of ``pathological_cases.py`` is written to a temporary folder and linted as a whole
process (``hrf lint FILE --format json``, exit 0 or 1, no traceback): median of N runs after a
warm-up. Then a 20 MB report with 300,000 findings is linted in every output format, and its
Ukrainian twin (the same 20 million characters, 35 MB of UTF-8) in the full format, which
measures columns past ASCII (target 10 s each). Exits 0 unless ``--strict`` and a target is
missed; 2 if a run crashes.
"""

from __future__ import annotations

import argparse
import json
import shlex
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import Check, CommandFailed, hrf_command, measure, table  # noqa: E402
from pathological_cases import CASES, FRONT  # noqa: E402

CASE_TARGET_S = 1.0
BIG_TARGET_S = 10.0
BIG_FORMATS = ("concise", "full", "json", "sarif", "github")
BIG_PARAGRAPHS = 100_000  # three findings each: 300,000 findings in about 20 MB


def big_report(paragraphs: int = BIG_PARAGRAPHS, cyrillic: bool = False) -> str:
    """A report whose every paragraph has two undefined notes and a pasted marker (in
    Ukrainian with ``cyrillic``: the full format then measures every column past ASCII)."""
    if cyrillic:
        return FRONT + "".join(
            "Колона дійшла до блокпосту після того, як обстріл припинився, і мешканці вийшли. "
            f"Обстріл влучив у ринок.[^u{i}a] Свідки казали, що вони були "
            f"військовополоненими.1 Ми пішли[^u{i}b] рано, казали вони.\n\n"
            for i in range(paragraphs))
    filler = ("The convoy reached the checkpoint after the shelling had stopped, and residents "
              "came out. ")
    return FRONT + "".join(
        f"{filler}Shelling hit the market.[^u{i}a] Witnesses said they were prisoners of "
        f"war.1 We left[^u{i}b] early, they said.\n\n" for i in range(paragraphs))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="timed runs per case (default 3)")
    parser.add_argument("--big-runs", type=int, default=1,
                        help="timed runs per format of the 300,000-finding report (default 1)")
    parser.add_argument("--no-big", action="store_true", help="skip the 300,000-finding report")
    parser.add_argument("--only", help="run only the cases whose name contains this text")
    parser.add_argument("--json", action="store_true", help="print machine-readable results")
    parser.add_argument("--strict", action="store_true", help="exit 1 if any target is missed")
    parser.add_argument("--hrf", help="command that starts hrf (default: hrf on PATH, else "
                                      "python -m hrf_cli)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    hrf = shlex.split(args.hrf) if args.hrf else hrf_command()
    checks: list[Check] = []
    results = {}
    cpu: dict[str, float] = {}  # median CPU time: what the process itself cost, load aside
    with tempfile.TemporaryDirectory(prefix="hrf-hostile-") as tmp:
        folder = Path(tmp)
        try:
            for number, (name, make) in enumerate(CASES.items()):
                if args.only and args.only not in name:
                    continue
                path = folder / f"case{number}.md"
                path.write_text(make(), encoding="utf-8", newline="")
                run = measure(hrf + ["lint", str(path), "--format", "json"], runs=args.runs,
                              ok=(0, 1))
                checks.append(Check(name, statistics.median(run.walls), CASE_TARGET_S, "s",
                                    min(run.walls), max(run.walls)))
                cpu[name] = statistics.median(run.cpus)
                results[name] = run.to_dict()
            if not args.no_big:
                path = folder / "big.md"
                path.write_text(big_report(), encoding="utf-8")
                size = path.stat().st_size
                ukrainian = folder / "big-uk.md"
                ukrainian.write_text(big_report(cyrillic=True), encoding="utf-8")
                big = [(path, fmt, f"{size / 1e6:.0f} MB, 300k findings, {fmt}")
                       for fmt in BIG_FORMATS]
                big.append((ukrainian, "full", f"{ukrainian.stat().st_size / 1e6:.0f} MB "
                                                "Cyrillic, 300k findings, full"))
                for report, fmt, name in big:
                    run = measure(hrf + ["lint", str(report), "--format", fmt],
                                  runs=args.big_runs, warmup=0, ok=(1,))
                    checks.append(Check(name, statistics.median(run.walls), BIG_TARGET_S, "s",
                                        min(run.walls), max(run.walls)))
                    cpu[name] = statistics.median(run.cpus)
                    results[name] = run.to_dict()
        except CommandFailed as exc:
            print(f"bench_pathological: {exc}", file=sys.stderr)
            return 2
    passed = all(c.passed for c in checks)
    if args.json:
        print(json.dumps({"checks": [c.to_dict() for c in checks], "runs": results,
                          "passed": passed}, indent=2))
    else:
        print(f"hrf:   {shlex.join(hrf)}")
        print(f"runs:  median of {args.runs} after 1 warm-up per case; "
              f"{args.big_runs} per format for the big report\n")
        rows = table(checks).splitlines()
        width = max(len(row) for row in rows)
        print(rows[0].ljust(width) + "  cpu")
        print(rows[1].ljust(width) + "  -------")
        for check, row in zip(checks, rows[2:]):
            print(row.ljust(width) + f"  {cpu[check.name]:.3f} s")
    return 1 if args.strict and not passed else 0


if __name__ == "__main__":
    raise SystemExit(main())
