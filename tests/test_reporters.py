"""Reporter tests: golden files for every format, plus the contracts each format promises.

Regenerate the goldens with ``HRF_UPDATE_GOLDEN=1 python -m pytest tests/test_reporters.py``
and review the diff by eye before committing it.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from hrf_cli import report
from hrf_cli.lint.findings import FileResult, FileStats, Finding, Fix, LintResult
from hrf_cli.lint.registry import Rule, RuleDoc
from hrf_cli import __version__
from hrf_cli.report import github, json_report, sarif, text

GOLDEN = Path(__file__).parent / "golden"
SCHEMAS = Path(__file__).resolve().parent / "schemas"  # vendored with its licence (README.md)
ANSI = re.compile(r"\x1b\[[0-9;]*m")
TRICKY = "Footnote [^1] is never defined: 100% of notes, see Купʼянськ"


def make_rule(code: str, name: str, severity: str, summary: str, bad: str = "Bad text.",
              good: str = "Good text.") -> Rule:
    doc = RuleDoc(what=f"What {name} checks.", why=f"Why {name} matters.", bad=bad, good=good)
    return Rule(code, name, severity, summary, doc, None)


RULES = [
    make_rule("HRF001", "unreadable-file", "error", "A file could not be read."),
    make_rule("HRF201", "undefined-footnote", "error", "A footnote reference has no definition.",
              bad="Shelling hit the market.[^1]\n", good="Shelling hit the market.[^1]\n\n[^1]: Witness A.\n"),
    make_rule("HRF202", "unused-footnote", "warning", "A footnote definition is never referenced.",
              bad="```\n[^2]: Unused.\n```\n", good="No unused notes."),
    make_rule("HRF301", "editorial-marker", "warning", "An editorial marker was left in the text."),
]


def make_result() -> LintResult:
    kupiansk = FileResult(
        path="reports/kupiansk.md",
        findings=[
            Finding("reports/kupiansk.md", 12, 54, "HRF201", "undefined-footnote", "error", TRICKY,
                    end_line=12, end_column=58),
            Finding("reports/kupiansk.md", 30, 1, "HRF301", "editorial-marker", "warning",
                    "Editorial marker TODO left in the text", fix=Fix.single(812, 819, "Купʼянськ")),
        ],
        stats=FileStats(words=1234, notes=3, footnote_definitions=2, citations=2,
                        citation_keys=["hrw2023", "un-hrmmu-2024"]),
    )
    missing = FileResult(
        path="reports/missing.md",
        findings=[Finding("reports/missing.md", 1, 1, "HRF001", "unreadable-file", "error",
                          "Cannot read file: [Errno 13] Permission denied")],
        stats=None,
    )
    clean = FileResult(path="reports/Харків notes.md", stats=FileStats(words=10))
    return LintResult(files=[kupiansk, missing, clean])


def rendered(fmt: str, result: LintResult | None = None, **kwargs: object) -> str:
    stream = io.StringIO()
    kwargs.setdefault("rules", RULES)
    report.render(fmt, make_result() if result is None else result, stream, **kwargs)  # type: ignore[arg-type]
    return stream.getvalue()


class FakeTty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ("NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


# --- goldens -------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt, name", [("text", "report.txt"), ("json", "report.json"),
                                       ("sarif", "report.sarif"), ("github", "report.github")])
def test_golden(fmt: str, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sarif, "__version__", "0.0.0-golden")  # a release must not break goldens
    actual = rendered(fmt, color=False)
    path = GOLDEN / name
    if os.environ.get("HRF_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="")
    assert path.exists(), f"missing golden {path}; run with HRF_UPDATE_GOLDEN=1"
    assert actual == path.read_bytes().decode("utf-8")


def test_formats_and_unknown_format() -> None:
    assert report.FORMATS == ("text", "full", "concise", "json", "sarif", "github")
    with pytest.raises(ValueError, match="unknown report format"):
        rendered("xml")


def test_import_is_cheap() -> None:
    code = "import sys, hrf_cli.report; print('rich' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).parents[1])
    assert out.stdout.strip() == "False"


# --- text ----------------------------------------------------------------------------------

def test_text_no_color_when_disabled(clean_env: pytest.MonkeyPatch) -> None:
    stream = FakeTty()
    report.render("text", make_result(), stream, rules=RULES, color=False)
    assert "\x1b" not in stream.getvalue()


def test_text_no_color_env_beats_tty(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("NO_COLOR", "1")
    clean_env.setenv("FORCE_COLOR", "1")
    stream = FakeTty()
    report.render("text", make_result(), stream, rules=RULES, color=None)
    assert "\x1b" not in stream.getvalue()


def test_text_color_on_tty_and_forced(clean_env: pytest.MonkeyPatch) -> None:
    stream = FakeTty()
    report.render("text", make_result(), stream, rules=RULES, color=None)
    assert "\x1b[" in stream.getvalue()
    assert "\x1b" not in rendered("text", color=None)  # StringIO is no terminal
    clean_env.setenv("FORCE_COLOR", "1")
    assert "\x1b[" in rendered("text", color=None)


def test_text_color_true_same_text(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("NO_COLOR", "1")  # an explicit choice wins over the environment
    colored = rendered("text", color=True)
    assert "\x1b[31m" in colored or "\x1b[1;31m" in colored  # red error
    assert ANSI.sub("", colored) == rendered("text", color=False)


def test_text_lines_and_markup() -> None:
    lines = rendered("text", color=False).splitlines()
    assert lines[0] == f"reports/kupiansk.md:12:54 error undefined-footnote {TRICKY}"
    assert lines[1].startswith("reports/kupiansk.md:30:1 warning editorial-marker [*] ")
    assert lines[2] == ""
    assert lines[-2] == "Found 2 errors and 1 warning in 2 files (3 files checked)."
    assert lines[-1] == "[*] 1 fixable with `hrf fix`."


def test_text_never_wraps() -> None:
    long = "word " * 400 + ":smile: [bold]x[/bold]"
    result = LintResult([FileResult("a.md", [Finding("a.md", 1, 1, "HRF301", "editorial-marker",
                                                     "warning", long)])])
    lines = rendered("text", result, color=False).splitlines()
    assert lines[0] == f"a.md:1:1 warning editorial-marker {long}"
    assert lines[1:] == ["", "Found 1 warning in 1 file (1 file checked)."]


@pytest.mark.parametrize("errors, warnings, checked, expected", [
    (0, 0, None, "No problems found in 1 file."),
    (0, 0, 5, "No problems found in 5 files."),
    (1, 0, 1, "Found 1 error in 1 file (1 file checked)."),
    (2, 0, 4, "Found 2 errors in 1 file (4 files checked)."),
    (0, 1, 2, "Found 1 warning in 1 file (2 files checked)."),
    (3, 2, 5, "Found 3 errors and 2 warnings in 1 file (5 files checked)."),
])
def test_text_summary(errors: int, warnings: int, checked: int | None, expected: str) -> None:
    findings = ([Finding("a.md", i + 1, 1, "HRF001", "unreadable-file", "error", "e") for i in range(errors)]
                + [Finding("a.md", 99, 1, "HRF301", "editorial-marker", "warning", "w")
                   for _ in range(warnings)])
    result = LintResult([FileResult("a.md", findings, FileStats())])
    assert text.summary(result, checked) == expected
    assert rendered("text", result, color=False, checked=checked).splitlines()[-1] == expected


# --- json ----------------------------------------------------------------------------------

def test_json_contract() -> None:
    data = json.loads(rendered("json"))
    assert set(data) == {"version", "files", "summary"}
    assert data["version"] == 1
    assert data["summary"] == {"files": 3, "errors": 2, "warnings": 1}
    assert [f["path"] for f in data["files"]] == ["reports/kupiansk.md", "reports/missing.md",
                                                  "reports/Харків notes.md"]
    for file in data["files"]:
        assert set(file) == {"path", "findings", "stats"}
        for finding in file["findings"]:
            assert set(finding) == {"path", "code", "rule", "severity", "line", "column",
                                    "end_line", "end_column", "message", "fix"}
            assert finding["path"] == file["path"]
    first, second = data["files"][0]["findings"]
    assert first["message"] == TRICKY and first["fix"] is None
    assert second["fix"] == {"edits": [{"start_byte": 812, "end_byte": 819, "replacement": "Купʼянськ"}]}
    assert second["end_line"] is None and second["end_column"] is None
    assert set(data["files"][0]["stats"]) == {"words", "notes", "footnote_definitions", "citations",
                                              "citation_keys"}
    assert data["files"][1]["stats"] is None
    assert data["files"][2]["findings"] == []


def test_json_is_deterministic_utf8() -> None:
    out = rendered("json")
    assert out == rendered("json") and out.endswith("}\n")
    assert "Купʼянськ" in out and "\\u" not in out


# --- sarif ---------------------------------------------------------------------------------

def test_sarif_validates_against_schema() -> None:
    schema_path = SCHEMAS / "sarif-schema-2.1.0.json"
    from jsonschema.validators import validator_for

    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    validator_cls = validator_for(schema)  # the official schema declares draft-04
    validator_cls.check_schema(schema)
    validator = validator_cls(schema, format_checker=validator_cls.FORMAT_CHECKER)
    for result in (make_result(), LintResult()):
        errors = sorted(validator.iter_errors(json.loads(rendered("sarif", result))), key=str)
        assert not errors, "\n".join(e.message for e in errors)


def test_sarif_rule_metadata_lists_every_rule() -> None:
    run = json.loads(rendered("sarif"))["runs"][0]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("hrf", __version__)
    assert [r["id"] for r in driver["rules"]] == [r.code for r in RULES]
    for descriptor, rule in zip(driver["rules"], RULES):
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert descriptor["fullDescription"]["text"] == rule.doc.what
        assert descriptor["defaultConfiguration"]["level"] == rule.severity
        assert rule.doc.why in descriptor["help"]["text"] and rule.doc.bad.strip() in descriptor["help"]["text"]
        assert rule.doc.good.strip() in descriptor["help"]["markdown"]
    assert "````markdown\n```\n" in driver["rules"][2]["help"]["markdown"]  # fence outgrows the example


def test_sarif_results() -> None:
    run = json.loads(rendered("sarif"))["runs"][0]
    assert [a["location"]["uri"] for a in run["artifacts"]] == [
        "reports/kupiansk.md", "reports/missing.md", "reports/%D0%A5%D0%B0%D1%80%D0%BA%D1%96%D0%B2%20notes.md"]
    first, second, third = run["results"]
    assert (first["ruleId"], first["ruleIndex"], first["level"]) == ("HRF201", 1, "error")
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "reports/kupiansk.md", "uriBaseId": "%SRCROOT%", "index": 0}
    assert location["region"] == {"startLine": 12, "startColumn": 54, "endLine": 12, "endColumn": 58}
    assert "fixes" not in first
    assert second["locations"][0]["physicalLocation"]["region"] == {"startLine": 30, "startColumn": 1}
    replacement = second["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert replacement == {"deletedRegion": {"byteOffset": 812, "byteLength": 7},
                           "insertedContent": {"text": "Купʼянськ"}}
    assert third["locations"][0]["physicalLocation"]["artifactLocation"]["index"] == 1


@pytest.mark.parametrize("path, uri", [
    ("a b/Харків.md", "a%20b/%D0%A5%D0%B0%D1%80%D0%BA%D1%96%D0%B2.md"),
    ("/tmp/a b.md", "file:///tmp/a%20b.md"),
    ("C:\\docs\\a.md", "file:///C:/docs/a.md"),
])
def test_sarif_uris(path: str, uri: str) -> None:
    location = sarif.artifact_location(path)
    assert location["uri"] == uri
    assert ("uriBaseId" in location) == (not uri.startswith("file:"))


# --- github --------------------------------------------------------------------------------

def test_github_escaping() -> None:
    finding = Finding("dir,x/a:b%.md", 3, 4, "HRF201", "undefined-footnote", "error",
                      "100% sure:\r\nline two, [^1]", end_line=3, end_column=9)
    assert github.command(finding) == (
        "::error file=dir%2Cx/a%3Ab%25.md,line=3,col=4,endLine=3,endColumn=9,"
        "title=undefined-footnote (HRF201)::100%25 sure:%0D%0Aline two, [^1]")
    assert github.escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    assert github.escape_data("a:b,c%\r") == "a:b,c%25%0D"


def test_github_one_line_per_finding() -> None:
    lines = rendered("github").splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("::error file=reports/kupiansk.md,line=12,col=54,endLine=12,endColumn=58,")
    assert lines[1].startswith("::warning file=reports/kupiansk.md,line=30,col=1,title=")
    assert rendered("github", LintResult()) == ""


# --- full, concise, statistics -----------------------------------------------------------

SOURCE = "---\ntitle: T\n---\n\nShelling\thit the market.[^1] Купʼянськ 日本語 text[^9].\n"


def source_result(source: str = SOURCE, line: int = 5, column: int = 25, end: int = 29) -> LintResult:
    finding = Finding("a.md", line, column, "HRF201", "undefined-footnote", "error", "no note",
                      end_line=line, end_column=end)
    return LintResult([FileResult("a.md", [finding], FileStats(), source)])


def test_full_shows_the_source_line_and_a_caret_under_the_column() -> None:
    lines = rendered("full", source_result(), color=False).splitlines()
    assert lines[0] == "a.md:5:25 error undefined-footnote no note"
    assert lines[1:5] == ["  |", "5 | Shelling    hit the market.[^1] Купʼянськ 日本語 text[^9].",
                          "  |                            ^^^^", "  |"]
    assert lines[2][lines[3].index("^"):].startswith("[^1]")


def test_full_counts_wide_characters_twice() -> None:
    column = SOURCE.splitlines()[4].index("[^9]") + 1
    lines = rendered("full", source_result(column=column, end=column + 4), color=False).splitlines()
    prefix = lines[2][4:lines[2].index("[^9]")]
    assert lines[3].index("^") - 4 == len(prefix) + 3  # 日本語: three characters, six cells


def test_full_shows_a_window_of_a_long_line() -> None:
    source = "x" * 100_000 + "[^1]" + "y" * 100_000 + "\n"
    lines = rendered("full", source_result(source, 1, 100_001, 100_005), color=False).splitlines()
    assert len(lines[2]) < 200 and lines[2].startswith("1 | …") and lines[2].endswith("…")
    assert lines[2][lines[3].index("^"):].startswith("[^1]")


def test_full_escapes_control_characters() -> None:
    source = "a\x1b[2J[^1]\n"
    finding = Finding("a.md", 1, 6, "HRF201", "undefined-footnote", "error", "label \x1b[2J",
                      end_line=1, end_column=10)
    out = rendered("full", LintResult([FileResult("a.md", [finding], None, source)]), color=False)
    assert "\x1b" not in out and "\\x1b[2J" in out


def test_text_is_full_on_a_terminal_and_concise_otherwise(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("NO_COLOR", "1")
    tty = FakeTty()
    report.render("text", source_result(), tty, rules=RULES)
    assert tty.getvalue() == rendered("full", source_result(), color=False)
    assert rendered("text", source_result()) == rendered("concise", source_result())
    assert "^" not in rendered("concise", source_result())


def test_fixable_findings_are_marked_and_counted() -> None:
    out = rendered("concise", color=False)
    assert "editorial-marker [*] Editorial" in out and "undefined-footnote [*]" not in out
    assert out.endswith("[*] 1 fixable with `hrf fix`.\n")
    assert "fixable" not in rendered("concise", source_result())


def test_statistics_text_and_json() -> None:
    from hrf_cli.report import render_statistics

    stream = io.StringIO()
    render_statistics("text", make_result(), stream, color=False)
    assert stream.getvalue().splitlines() == [
        "1  HRF001      unreadable-file",
        "1  HRF201      undefined-footnote",
        "1  HRF301  [*] editorial-marker",
        "Found 2 errors and 1 warning in 2 files (3 files checked).",
        "[*] 1 fixable with `hrf fix`.",
    ]
    stream = io.StringIO()
    render_statistics("json", make_result(), stream)
    rows = json.loads(stream.getvalue())
    assert rows[2] == {"code": "HRF301", "rule": "editorial-marker", "severity": "warning",
                       "count": 1, "fixable": 1}
    with pytest.raises(ValueError):
        render_statistics("sarif", make_result(), io.StringIO())


def test_json_writes_one_finding_per_line_and_parses_the_same() -> None:
    out = rendered("json")
    assert json.loads(out) == json_report.to_dict(make_result())
    finding_lines = [line for line in out.splitlines() if '"code": ' in line]
    assert len(finding_lines) == 3 and all(line.strip().endswith(("},", "}")) for line in finding_lines)


def test_golden_full(monkeypatch: pytest.MonkeyPatch) -> None:
    result = source_result()
    result.files += make_result().files
    actual = rendered("full", result, color=False)
    path = GOLDEN / "report.full"
    if os.environ.get("HRF_UPDATE_GOLDEN") == "1":
        path.write_text(actual, encoding="utf-8", newline="")
    assert actual == path.read_bytes().decode("utf-8")


def test_cli_statistics_and_formats(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from hrf_cli.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "r.md").write_text("---\ntitle: T\nauthor: A\ndate: 2024-01-01\n---\n\n"
                                   "A[^2] b[^1] c[^9].\n\n[^1]: one\n[^2]: two\n", encoding="utf-8")
    runner = CliRunner()
    stats = runner.invoke(main, ["lint", "r.md", "--statistics"])
    assert stats.exit_code == 1
    assert stats.output.splitlines()[:2] == ["1  HRF101      undefined-footnote",
                                             "1  HRF106  [*] footnote-order"]
    assert stats.output.endswith("[*] 1 fixable with `hrf fix`.\n")
    full = runner.invoke(main, ["lint", "r.md", "--format", "full", "--no-color"])
    assert "7 | A[^2] b[^1] c[^9].\n  |  ^^^^\n" in full.output
    concise = runner.invoke(main, ["lint", "r.md", "--format", "concise"])
    assert "|" not in concise.output and concise.output.count("\n") == 5
    refused = runner.invoke(main, ["lint", "r.md", "--statistics", "--format", "sarif"])
    assert refused.exit_code == 2 and "--statistics" in refused.output
