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
"""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import Check, CommandFailed, hrf_command, measure, table  # noqa: E402
from generate_report import DEFAULT_OUT, generate  # noqa: E402

RATIO_TARGET = 0.6
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


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from hrf_cli.export.pandoc import pandoc_path
    from hrf_cli.export.styles import csl_path

    source = args.report
    if not source.exists():
        print(f"generated {generate(source.parent).line()}", file=sys.stderr)
    pandoc, csl = shlex.quote(pandoc_path()), str(csl_path("chicago-notes-bibliography", None))
    with tempfile.TemporaryDirectory() as tmp_name:
        work = Path(tmp_name)
        shutil.copy(source, work / "report.md")
        shutil.copy(source.parent / "references.json", work / "references.json")
        (work / "all.lua").write_text(LUA, "utf-8")
        hrf = hrf_command()
        try:
            export = measure([*hrf, "export", "report.md", "--to", "all", "--force", "-o", "dist"],
                             runs=args.runs, cwd=tmp_name)
            chain = measure(["bash", "-c", chain_script("report.md", csl, pandoc)],
                            runs=args.runs, cwd=tmp_name)
            cached = measure([*hrf, "export", "report.md", "--to", "all", "-o", "dist"],
                             runs=max(args.runs, 5), cwd=tmp_name)
            lua = None
            if args.alternatives:
                typst_step = (f"{shlex.quote(sys.executable)} -c \"import typst; "
                              "typst.compile('lua.typ', output='lua.pdf')\"")
                lua = measure(["bash", "-c", f"{pandoc} report.md --citeproc --csl "
                               f"{shlex.quote(csl)} -t plain -L all.lua -o /dev/null && "
                               f"{typst_step}"], runs=args.runs, cwd=tmp_name)
        except CommandFailed as exc:
            print(f"bench_export: {exc}", file=sys.stderr)
            return 2
    e, c, k = (statistics.median(m.walls) for m in (export, chain, cached))
    checks = [
        Check("export/chain ratio", e / c, RATIO_TARGET, "x"),
        Check("unchanged report", k, CACHED_TARGET_S, "s", min(cached.walls), max(cached.walls)),
    ]
    rows = [("hrf export --to all --force", export), ("bare pandoc chain + typst", chain),
            ("hrf export, unchanged", cached)] + ([("Lua single process + typst", lua)] if lua else [])
    passed = all(check.passed for check in checks)
    if args.json:
        print(json.dumps({"report": str(source), "runs": args.runs,
                          "measurements": {name: m.to_dict() for name, m in rows},
                          "checks": [check.to_dict() for check in checks], "passed": passed},
                         indent=2))
    else:
        print(f"report: {source} ({source.stat().st_size:,} bytes); median of {args.runs} "
              "runs after 1 warm-up\n")
        for name, m in rows:
            walls = m.walls
            print(f"{name:30} {statistics.median(walls):7.2f} s  (min {min(walls):.2f}, "
                  f"max {max(walls):.2f}, peak RSS {max(m.rss):.0f} MB)")
        print(f"\nexport / chain = {e:.2f} s / {c:.2f} s = {e / c:.3f} (target <= {RATIO_TARGET})\n")
        print(table(checks))
    return 1 if args.strict and not passed else 0


if __name__ == "__main__":
    raise SystemExit(main())
