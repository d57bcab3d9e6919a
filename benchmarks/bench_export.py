#!/usr/bin/env python3
"""Benchmark ``hrf export --to all`` against the bare pandoc chain, in the same run.

On the generated 150,000-word report with its bibliography, measures whole processes (median
of ``--runs`` after one warm-up):

- ``hrf export REPORT --to all --force`` (lint gate included; --force so nothing is cached);
- the bare chain an author would type: pandoc md->html, md->docx, md->typst, each with
  ``--citeproc`` and the same note-style CSL, then typst compile, one after another;
- ``hrf export`` again without --force, an unchanged report (the cache path);
- with ``--alternatives``: one pandoc process whose Lua filter writes all three formats with
  ``pandoc.write``, then typst compile after it: hrf's own route without its overlap (hrf
  starts the PDF compile as soon as the typst source is written, while pandoc goes on with
  HTML and DOCX) and without its lint gate, cache and templates.

Targets: export <= 0.6x the chain; the unchanged report <= 0.3 s.

With ``--before-hrf CMD`` (another installation of hrf, e.g. the previous release), that hrf
is timed in the same runs, interleaved with this one (so the machine's load falls on both
alike), each in a folder of its own, and the script prints the ratio the publication-output
issue asks about: this export / the other's, target <= 1.10 (export time grows by at most
10%). ``--hrf CMD`` sets this side's command (default: ``hrf`` on PATH, else
``python -m hrf_cli``). ``--cold-cache`` gives every forced export an empty user cache
(``HRF_CACHE_DIR``), so no font subset is reused from an earlier run.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import (Check, CommandFailed, Measurement, hrf_command, run_once,  # noqa: E402
                     table)
from generate_report import DEFAULT_OUT, generate  # noqa: E402

RATIO_TARGET = 0.6
BEFORE_TARGET = 1.10  # publication output: the export grows by at most 10%
CACHED_TARGET_S = 0.3
MIN_RUNS = 3
LUA = """function Pandoc(doc)
  local function out(name, s) local f = assert(io.open(name, "wb")); f:write(s); f:close() end
  out("lua.html", pandoc.write(doc, "html5"))
  out("lua.docx", pandoc.write(doc, "docx"))
  out("lua.typ", pandoc.write(doc, "typst-citations"))
  return doc
end
"""


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=MIN_RUNS, help=f"timed runs (at least {MIN_RUNS})")
    parser.add_argument("--report", type=Path, default=DEFAULT_OUT / "report.md",
                        help="report to export; generated if missing (default: benchmarks/out/report.md)")
    parser.add_argument("--alternatives", action="store_true",
                        help="also time one pandoc process writing all formats from a Lua filter")
    parser.add_argument("--hrf", metavar="CMD", help="the hrf to time (default: hrf on PATH)")
    parser.add_argument("--before-hrf", metavar="CMD",
                        help="another hrf (e.g. the previous release) timed in the same, "
                             "interleaved runs; prints this export / that one (target <= "
                             f"{BEFORE_TARGET})")
    parser.add_argument("--cold-cache", action="store_true",
                        help="an empty HRF_CACHE_DIR for every forced export (no font subset reused)")
    parser.add_argument("--json", action="store_true", help="print machine-readable results")
    parser.add_argument("--strict", action="store_true", help="exit 1 if a target is missed")
    args = parser.parse_args(argv)
    if args.runs < MIN_RUNS:
        parser.error(f"--runs must be at least {MIN_RUNS}")
    return args


def chain_script(report: str, csl: str, pandoc: str) -> str:
    """The bare chain as one shell command line, each step after the previous one."""
    cite = f"--citeproc --csl {shlex.quote(csl)}"
    steps = [f"{pandoc} {report} {cite} -s -t html5 -o bare.html",
             f"{pandoc} {report} {cite} -t docx -o bare.docx",
             f"{pandoc} {report} {cite} -s -t typst -o bare.typ",
             f"{shlex.quote(sys.executable)} -c \"import typst; typst.compile('bare.typ', output='bare.pdf')\""]
    return " && ".join(steps)


class Job:
    """One command timed in the interleaved runs."""

    def __init__(self, name: str, cmd: list[str], cwd: Path, cold: Path | None = None) -> None:
        self.name, self.cmd, self.cwd, self.cold = name, cmd, cwd, cold
        self.samples: list = []

    def run(self) -> None:
        env = None
        if self.cold is not None:
            fresh = Path(tempfile.mkdtemp(dir=self.cold))
            env = {**os.environ, "HRF_CACHE_DIR": str(fresh)}
        self.samples.append(run_once(self.cmd, cwd=str(self.cwd), env=env))

    def measurement(self, skip: int) -> Measurement:
        return Measurement(self.cmd, self.samples[skip:])


def interleaved(jobs: list[Job], runs: int, warmup: int = 1) -> None:
    """Every job once per round, in turn (the order rotating), ``warmup`` rounds untimed."""
    for round_ in range(warmup + runs):
        shift = round_ % len(jobs)
        for job in jobs[shift:] + jobs[:shift]:
            job.run()


def folder(base: Path, name: str, source: Path) -> Path:
    """A work folder holding a copy of the report and its bibliography."""
    work = base / name
    work.mkdir()
    shutil.copy(source, work / "report.md")
    shutil.copy(source.parent / "references.json", work / "references.json")
    return work


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from hrf_cli.export.pandoc import pandoc_path
    from hrf_cli.export.styles import csl_path

    source = args.report
    if not source.exists():
        print(f"generated {generate(source.parent).line()}", file=sys.stderr)
    pandoc, csl = shlex.quote(pandoc_path()), str(csl_path("chicago-notes-bibliography", None))
    hrf = shlex.split(args.hrf) if args.hrf else hrf_command()
    before = shlex.split(args.before_hrf) if args.before_hrf else None
    with tempfile.TemporaryDirectory() as tmp_name:
        base = Path(tmp_name)
        cold = base / "caches" if args.cold_cache else None
        if cold is not None:
            cold.mkdir()
        export_args = ["export", "report.md", "--to", "all", "-o", "dist"]
        forced = [Job("hrf export --to all --force", [*hrf, *export_args, "--force"],
                      folder(base, "this", source), cold),
                  Job("bare pandoc chain + typst", ["bash", "-c", chain_script("report.md", csl, pandoc)],
                      folder(base, "chain", source))]
        unchanged = [Job("hrf export, unchanged", [*hrf, *export_args], forced[0].cwd)]
        if before:
            forced.append(Job("before: hrf export --force", [*before, *export_args, "--force"],
                              folder(base, "before", source), cold))
            unchanged.append(Job("before: hrf export, unchanged", [*before, *export_args],
                                 forced[-1].cwd))
        lua = None
        try:
            interleaved(forced, args.runs)
            interleaved(unchanged, max(args.runs, 5))
            if args.alternatives:
                work = folder(base, "lua", source)
                (work / "all.lua").write_text(LUA, "utf-8")
                typst_step = (f"{shlex.quote(sys.executable)} -c \"import typst; "
                              "typst.compile('lua.typ', output='lua.pdf')\"")
                lua = Job("Lua single process + typst",
                          ["bash", "-c", f"{pandoc} report.md --citeproc --csl "
                           f"{shlex.quote(csl)} -t plain -L all.lua -o /dev/null && {typst_step}"],
                          work)
                interleaved([lua], args.runs)
        except CommandFailed as exc:
            print(f"bench_export: {exc}", file=sys.stderr)
            return 2
    rows = [(job.name, job.measurement(1)) for job in forced + unchanged + ([lua] if lua else [])]
    found = dict(rows)
    export, chain = found["hrf export --to all --force"], found["bare pandoc chain + typst"]
    cached = found["hrf export, unchanged"]
    e, c, k = (statistics.median(m.walls) for m in (export, chain, cached))
    checks = [
        Check("export/chain ratio", e / c, RATIO_TARGET, "x"),
        Check("unchanged report", k, CACHED_TARGET_S, "s", min(cached.walls), max(cached.walls)),
    ]
    if before:
        b = statistics.median(found["before: hrf export --force"].walls)
        checks.append(Check("export/before ratio", e / b, BEFORE_TARGET, "x"))
        ecpu = statistics.median(export.cpus)
        bcpu = statistics.median(found["before: hrf export --force"].cpus)
    passed = all(check.passed for check in checks)
    if args.json:
        print(json.dumps({"report": str(source), "runs": args.runs, "hrf": hrf, "before": before,
                          "measurements": {name: m.to_dict() for name, m in rows},
                          "checks": [check.to_dict() for check in checks], "passed": passed},
                         indent=2))
    else:
        print(f"report: {source} ({source.stat().st_size:,} bytes); median of {args.runs} "
              "runs after 1 warm-up, interleaved\n")
        print(f"this hrf:   {shlex.join(hrf)}")
        if before:
            print(f"before hrf: {shlex.join(before)}")
        print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
        for name, m in rows:
            walls = m.walls
            print(f"{name:31} {statistics.median(walls):7.2f} s  (min {min(walls):.2f}, "
                  f"max {max(walls):.2f}, CPU {statistics.median(m.cpus):.2f} s, "
                  f"peak RSS {max(m.rss):.0f} MB)")
        print(f"\nexport / chain = {e:.2f} s / {c:.2f} s = {e / c:.3f} (target <= {RATIO_TARGET})")
        if before:
            print(f"export / before = {e:.2f} s / {b:.2f} s = {e / b:.3f} (target <= "
                  f"{BEFORE_TARGET}: the export grows by at most 10%)")
            print(f"CPU (user + system, hrf and its children): {ecpu:.2f} s / {bcpu:.2f} s = "
                  f"{ecpu / bcpu:.3f} (for information: the time a user waits is the wall time)")
        print(f"unchanged report = {k:.3f} s (target <= {CACHED_TARGET_S} s): "
              f"{'PASS' if k <= CACHED_TARGET_S else 'FAIL'}\n")
        print(table(checks))
    return 1 if args.strict and not passed else 0


if __name__ == "__main__":
    raise SystemExit(main())
