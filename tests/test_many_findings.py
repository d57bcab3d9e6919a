"""The finding path at scale (issue 9): positions found in one batch, findings made, sorted and
written without per-finding detours, and every output the same as the plain definitions give.

The speed itself is measured by ``benchmarks/bench_pathological.py`` (a 20 MB report with
300,000 findings in every format); these tests pin down that the shortcuts change nothing.
"""

from __future__ import annotations

import io
import json

import pytest

from hrf_cli.config import Config, LintConfig
from hrf_cli.document import parse_document
from hrf_cli.lint.engine import lint_document
from hrf_cli.lint.findings import SORT_KEY, FileResult, FileStats, Finding, Fix, LintResult
from hrf_cli.lint.registry import all_rules
from hrf_cli.positions import LineIndex
from hrf_cli.report import github, json_report, render, sarif
from hrf_cli.report.jsonrows import dumps, encode_row

FRONT = "---\ntitle: T\nauthor: A\ndate: 2024-01-01\n---\n\n"


@pytest.mark.parametrize("text", [
    "", "a", "\n", "one\ntwo\n", "no newline at the end", "crlf\r\nlines\r\n\r\nend",
    "\ufeffbom[^1] first\nsecond\n", "\ufeff", "Купʼянськ 中文\n\tтаб\n", "\n\n\n",
])
def test_spans_agree_with_position_at_every_pair_of_offsets(text: str) -> None:
    index = LineIndex(text)
    ranges = [(start, end) for start in range(len(text) + 1) for end in range(len(text) + 1)]
    expected = []
    for start, end in ranges:
        first, last = index.position(start), index.position(end)
        expected.append((first.line, first.column, last.line, last.column))
    assert index.spans(ranges) == expected
    assert index.spans(reversed(ranges)) == expected[::-1]  # any order, any iterable


def test_sort_key_orders_findings_as_they_compare() -> None:
    findings = [Finding(p, line, col, code, "r", "error", msg, end, None)
                for p in ("b.md", "a.md") for line in (3, 1) for col in (9, 2)
                for code in ("HRF102", "HRF101") for msg in ("y", "x")
                for end in ((4,) if col == 2 else (None,))]
    assert sorted(findings, key=SORT_KEY) == sorted(findings)


def test_lint_document_makes_the_same_findings_as_one_by_one() -> None:
    """Every rule's problems converted in one batch give what each converted alone gives."""
    text = ("\ufeff" + FRONT + "Größe[^x] und 中文[^y]\tTab war.1 here[^z].\r\n\r\n"
            "<!-- hrf-ignore undefined-footnote -->\nIgnored[^q] but war.2 not.\n\n"
            + "".join(f"Line {i}[^u{i}] and war.{i % 9 + 1} more.\n\n" for i in range(300))
            + "[^unused]: never used\n[^d]: one\n[^d]: two\n")
    doc = parse_document(text)
    config = Config(path=None, lint=LintConfig())
    rules = [r for r in all_rules() if r.check is not None]
    findings = lint_document(doc, config, rules)
    by_one = []
    for rule in rules:
        for problem in rule.check(doc, config):
            if problem.path is not None:
                continue
            start = doc.lines.position(problem.start)
            end = doc.lines.position(max(problem.end, problem.start))
            by_one.append(Finding(doc.path, start.line, start.column, rule.code, rule.name,
                                  problem.severity or rule.severity, problem.message,
                                  end.line, end.column, problem.fix))
    silenced = [f for f in by_one if "[^q]" in f.message]
    assert len(silenced) == 1
    assert findings == sorted(f for f in by_one if f not in silenced)
    assert len(findings) > 600


def _variants() -> list[Finding]:
    fix = Fix.single(3, 9, "Купʼянськ \"q\"")
    return [
        Finding("r.md", 12, 54, "HRF101", "undefined-footnote", "error", "plain", 12, 58),
        Finding("r.md", 3, 1, "HRF107", "pasted-footnote-marker", "warning", "no end"),
        Finding("r.md", 3, 1, "HRF107", "pasted-footnote-marker", "warning", "end line only", 4),
        Finding("r.md", 0, 0, "HRF001", "unreadable-file", "error", "whole file"),
        Finding("r.md", 5, 2, "HRF999", "unknown-rule", "error", "code outside the table", 5, 3),
        Finding("dir/Харків \"notes\"\\x.md", 2, 7, "HRF101", "undefined-footnote", "error",
                "quotes \" back\\slash \x1b[31m \u2028 tab\t\x00 nul", 2, 9),
        Finding("/abs/path with space.md", 1, 1, "HRF101", "undefined-footnote", "error", "abs"),
        Finding("refs.bib", 4, 1, "HRF110", "bibliography-error", "error", "elsewhere"),
        Finding("r.md", 30, 1, "HRF120", "house-style", "warning", "fixable", fix=fix),
        Finding("draft.docx", 7, 1, "HRF101", "undefined-footnote", "error", "word", paragraph=7),
        Finding("draft.docx", 8, 1, "HRF101", "undefined-footnote", "error", "note", 8, 3,
                paragraph=8, note=2, note_kind="endnote"),
    ]


def _result() -> LintResult:
    findings = _variants()
    return LintResult([
        FileResult("r.md", findings, FileStats(words=5, citation_keys=["\x00", "a\"\x00", "k"])),
        FileResult("\x00", [], None),  # a file whose shown name is the writer's own marker
        FileResult("clean.md", [], FileStats()),
    ])


@pytest.mark.parametrize("finding", _variants(), ids=lambda f: f.message[:12])
def test_rows_written_directly_equal_the_encoded_dictionaries(finding: Finding) -> None:
    assert json_report.FindingWriter()(finding) == encode_row(json_report._finding(finding))
    rule_index = {r.code: i for i, r in enumerate(all_rules())}
    artifacts = {"r.md": 0, "draft.docx": 1}
    assert sarif.ResultWriter(rule_index, artifacts)(finding) == encode_row(
        sarif.sarif_result(finding, rule_index, artifacts))


@pytest.mark.parametrize("fmt, module", [("json", json_report), ("sarif", sarif)])
def test_rendered_json_is_the_report_data(fmt: str, module: object) -> None:
    """The written report parses to :func:`to_dict`'s data, even when the report's own text
    holds the placeholder the writer uses for rows."""
    out = io.StringIO()
    render(fmt, _result(), out, rules=all_rules())
    data = module.to_dict(_result(), rules=all_rules()) if fmt == "sarif" else \
        module.to_dict(_result())  # type: ignore[attr-defined]
    assert json.loads(out.getvalue()) == data
    first = '{"path": ' if fmt == "json" else '{"ruleId": '
    rows = [line for line in out.getvalue().splitlines() if line.lstrip().startswith(first)]
    assert len(rows) == len(_variants())  # one row per line


def test_rows_can_be_any_value_with_their_own_writer() -> None:
    data = {"a": [{"x": 1}], "rows": [1, 2], "b": {"rows": [3]}, "c": "\x00", "d": {"rows": []}}
    text = dumps(data, "rows", lambda n: json.dumps({"n": n}))
    assert json.loads(text) == {"a": [{"x": 1}], "rows": [{"n": 1}, {"n": 2}],
                                "b": {"rows": [{"n": 3}]}, "c": "\x00", "d": {"rows": []}}


def test_many_rows_are_written_in_pieces_as_one_list() -> None:
    rows = list(range(4_500))  # more than two pieces
    text = dumps({"outer": {"rows": rows}}, "rows")
    assert json.loads(text) == {"outer": {"rows": rows}}
    lines = text.splitlines()
    assert lines[3:3 + 4_500] == [f"      {n}," for n in rows[:-1]] + ["      4499"]
    assert lines[:3] == ["{", '  "outer": {', '    "rows": [']
    assert lines[-3:] == ["    ]", "  }", "}"]


def test_github_commands_with_a_cached_escape_are_the_same() -> None:
    from functools import lru_cache

    cached = lru_cache(maxsize=8)(github.escape_property)
    for finding in _variants():
        assert github.command(finding, cached) == github.command(finding)
    assert github.command(_variants()[5]).startswith(
        "::error file=dir/Харків \"notes\"\\x.md,line=2,col=7,endLine=2,endColumn=9,"
        "title=undefined-footnote (HRF101)::")


def test_a_report_with_150_000_findings_lints_and_prints_in_every_format(tmp_path) -> None:
    """The issue's 20 MB report with 300,000 findings, at half its size: linted once and
    written in every format within 10 s of CPU time (5.6 s here; 10.7 s before findings were
    made and written in bulk). The whole-process target is bench_pathological.py's."""
    import importlib.util
    from pathlib import Path

    from tests.test_pathological import LIMIT_S, lint, time_limit

    root = Path(__file__).resolve().parents[1]
    spec = importlib.util.spec_from_file_location("bench_pathological",
                                                  root / "benchmarks" / "bench_pathological.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)  # type: ignore[union-attr]
    path = tmp_path / "big.md"
    path.write_text(bench.big_report(50_000), encoding="utf-8")
    with time_limit(LIMIT_S):
        result = LintResult([lint(path)])
        sizes = {}
        for fmt in ("concise", "full", "json", "sarif", "github"):
            out = io.StringIO()
            render(fmt, result, out, rules=all_rules())
            sizes[fmt] = len(out.getvalue())
    assert len(result.findings()) == 150_000
    assert all(size > 150_000 * 100 for size in sizes.values()), sizes


def test_cells_are_counted_alike_for_every_character() -> None:
    """The snippet counts terminal cells with a pattern for the characters that do not take
    one cell; it must give what adding each character's width gives."""
    from hrf_cli.report.snippet import _cells, _width

    every = "".join(chr(c) for c in range(0x20000) if not 0xD800 <= c <= 0xDFFF)
    assert _cells(every) == sum(_width(ch) for ch in every)
    for text in ("Купʼянськ", "е\u0301", "中文字符", "a\tb", "\x1b[31m", "\U0001F600 x", "é" * 200):
        assert _cells(text) == sum(_width(ch) for ch in text), text


def test_full_shows_a_cyrillic_line_with_its_caret() -> None:
    text = FRONT + "Колона дійшла до блокпосту.[^u1] Свідки казали 中文.[^u2]\n"
    out = io.StringIO()
    path = "ua.md"
    doc = parse_document(text)
    findings = lint_document(doc, Config(path=None, lint=LintConfig()),
                             [r for r in all_rules() if r.check is not None])
    render("full", LintResult([FileResult(path, [f.__class__(**{**f.__dict__, "path": path})
                                                 for f in findings], None, text)]),
           out, rules=all_rules())
    shown = out.getvalue().splitlines()
    assert shown[2] == "7 | Колона дійшла до блокпосту.[^u1] Свідки казали 中文.[^u2]"
    assert shown[3] == "  |                            ^^^^^"
    before = len("Колона дійшла до блокпосту.[^u1] Свідки казали ") + 4 + 1  # 中文: 4 cells
    assert shown[9] == "  | " + " " * before + "^^^^^"
