"""The ``hrf`` command line as a user drives it: options, exit codes, configuration, output."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

import click
import pytest
from click.testing import Result

from tests.pandoc_reading import pandoc_counts
from hrf_cli import __version__
from hrf_cli.cli import main
from hrf_cli.lint.registry import all_rules, get_rule

Run = Callable[..., Result]
Write = Callable[..., Path]

CLEAN = "Kupiansk was retaken in September 2022.[^1]\n\n[^1]: Ukrinform, 10 September 2022.\n"
# Only a warning: the same note referenced twice.
WARNING_ONLY = ("The market was hit on Saturday.[^1] It was hit again on Monday.[^1]\n\n"
                "[^1]: Interview with a trader, August 2024.\n")
# An error: a reference with no definition.
ERROR = "The bridge over the Oskil was closed.[^1]\n"
# Three rules at once: footnote-order (7:32), repeated-footnote-reference (7:64), and
# undefined-footnote (8:65).
MIXED = ("The market was hit on Saturday.[^2] It was hit again on Monday.[^2]\n"
         "Traders moved to the railway station.[^1] The bridge was closed.[^3]\n\n"
         "[^1]: Interview with a trader, August 2024.\n\n"
         "[^2]: Kupiansk city military administration, statement of 14 August 2024.\n")


def findings(result: Result) -> list[dict[str, Any]]:
    """Every finding of a ``--format json`` run, across files."""
    return [f for file in json.loads(result.stdout)["files"] for f in file["findings"]]


def reported(result: Result) -> list[tuple[int, int, str]]:
    return [(f["line"], f["column"], f["rule"]) for f in findings(result)]


# --- version and help -------------------------------------------------------------------------

@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version(hrf: Run, flag: str) -> None:
    result = hrf(flag)
    assert result.exit_code == 0
    assert result.output == f"hrf {__version__}\n"


def test_python_m_hrf_cli_version() -> None:
    done = subprocess.run([sys.executable, "-m", "hrf_cli", "--version"],
                          capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (0, f"hrf {__version__}\n", "")


def test_console_script_version() -> None:
    script = shutil.which("hrf", path=str(Path(sys.executable).parent)) or shutil.which("hrf")
    assert script is not None, "the hrf console script is not installed"
    done = subprocess.run([script, "--version"], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (0, f"hrf {__version__}\n", "")


def test_process_exit_skips_the_last_collection_but_keeps_output_and_code(
        hrf: Run, write: Write, front_matter: str) -> None:
    """``hrf`` itself freezes what is alive when the command ends (the interpreter's final
    collection would only walk it); output, exit code and atexit still happen as before, and
    a caller of ``main.main`` (CliRunner) keeps its collector untouched."""
    report = write("r.md", front_matter + ERROR)
    code = ("import atexit, gc, sys\n"
            "atexit.register(lambda: print('frozen', gc.get_freeze_count() > 0, file=sys.stderr))\n"
            "from hrf_cli.cli import main\nmain()\n")
    root = str(Path(__file__).resolve().parents[1])  # this checkout, installed or not
    done = subprocess.run([sys.executable, "-c", code, "lint", str(report), "--format", "json"],
                          capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": root})
    assert done.returncode == 1 and done.stderr == "frozen True\n"
    assert [f["rule"] for f in json.loads(done.stdout)["files"][0]["findings"]] == [
        "undefined-footnote"]
    import gc

    before = gc.get_freeze_count()
    assert hrf("lint", "r.md").exit_code == 1
    assert gc.get_freeze_count() == before


def test_group_help_lists_commands_and_options(hrf: Run) -> None:
    result = hrf("--help")
    assert result.exit_code == 0
    for word in ("lint", "rules", "--version", "--help"):
        assert word in result.output


@pytest.mark.parametrize("command", ["lint", "rules"])
def test_command_help_mentions_every_option(hrf: Run, command: str) -> None:
    result = hrf(command, "--help")
    assert result.exit_code == 0
    cmd = main.commands[command]
    options = [opt for param in cmd.params if isinstance(param, click.Option)
               for opt in param.opts + param.secondary_opts]
    assert options
    for opt in options:
        assert opt in result.output, f"{command} --help does not mention {opt}"


# --- exit codes -------------------------------------------------------------------------------

@pytest.mark.parametrize(("body", "options", "exit_code"), [
    (CLEAN, [], 0),
    (WARNING_ONLY, [], 0),
    (ERROR, [], 1),
    (WARNING_ONLY, ["--fail-on", "warning"], 1),
    (CLEAN, ["--fail-on", "warning"], 0),
    (ERROR, ["--fail-on", "never"], 0),
], ids=["clean", "warnings-only", "error", "warning-with-fail-on-warning",
        "clean-with-fail-on-warning", "error-with-fail-on-never"])
def test_exit_code(hrf: Run, write: Write, front_matter: str, body: str, options: list[str],
                   exit_code: int) -> None:
    write("report.md", front_matter + body)
    assert hrf("lint", *options, "report.md").exit_code == exit_code


def test_clean_report_says_so(hrf: Run, write: Write, front_matter: str) -> None:
    write("report.md", front_matter + CLEAN)
    assert hrf("lint", "report.md").output == "No problems found in 1 file.\n"


def test_unknown_rule_in_select_is_a_usage_error(hrf: Run, write: Write, front_matter: str) -> None:
    write("report.md", front_matter + CLEAN)
    result = hrf("lint", "--select", "undefined-footnote,no-such-rule", "report.md")
    assert result.exit_code == 2
    assert "--select: unknown rule 'no-such-rule'" in result.output


def test_unknown_rule_is_an_error_even_when_no_report_is_found(hrf: Run, write: Write) -> None:
    write("reports/notes.txt", "Interview notes, not a report.\n")
    assert hrf("lint", "--select", "no-such-rule", "reports").exit_code == 2


def test_invalid_config_names_file_and_line(hrf: Run, write: Write, front_matter: str) -> None:
    write("hrf.yaml", "lint:\n  ignore: [footnote-order]\n  fail_on: warning\n")
    write("report.md", front_matter + CLEAN)
    result = hrf("lint", "report.md")
    assert result.exit_code == 2
    assert "hrf.yaml:3: lint: unknown key 'fail_on' (did you mean 'fail-on'?)" in result.output


# --- choosing rules -----------------------------------------------------------------------------

@pytest.mark.parametrize(("options", "rules"), [
    ([], ["footnote-order", "repeated-footnote-reference", "undefined-footnote"]),
    (["--select", "undefined-footnote"], ["undefined-footnote"]),
    (["--select", "HRF101"], ["undefined-footnote"]),
    (["--select", "hrf105,footnote-order"], ["footnote-order", "repeated-footnote-reference"]),
    (["--select", "HRF105", "--select", "HRF101"],
     ["repeated-footnote-reference", "undefined-footnote"]),
    (["--ignore", "footnote-order"], ["repeated-footnote-reference", "undefined-footnote"]),
    (["--ignore", "HRF106,undefined-footnote"], ["repeated-footnote-reference"]),
    (["--select", "HRF105,HRF106", "--ignore", "footnote-order"], ["repeated-footnote-reference"]),
])
def test_select_and_ignore_by_name_and_code(hrf: Run, write: Write, front_matter: str,
                                            options: list[str], rules: list[str]) -> None:
    write("report.md", front_matter + MIXED)
    result = hrf("lint", "--format", "json", *options, "report.md")
    assert sorted(f["rule"] for f in findings(result)) == rules


def test_config_found_in_a_parent_folder(hrf: Run, write: Write, front_matter: str) -> None:
    write("reports/kharkiv/kupiansk.md", front_matter + MIXED)
    before = hrf("lint", "--format", "json", "reports/kharkiv/kupiansk.md")
    assert "footnote-order" in [f["rule"] for f in findings(before)]

    write("reports/hrf.yaml", "lint: {ignore: [footnote-order]}\n")
    after = hrf("lint", "--format", "json", "reports/kharkiv/kupiansk.md")
    assert [f["rule"] for f in findings(after)] == ["repeated-footnote-reference",
                                                   "undefined-footnote"]


def test_explicit_config_is_used_instead_of_the_search(hrf: Run, write: Write,
                                                       front_matter: str) -> None:
    write("reports/hrf.yaml", "lint: {ignore: [footnote-order]}\n")
    write("reports/kupiansk.md", front_matter + MIXED)
    write("settings/strict.yaml", "lint:\n  select: [HRF105]\n  fail-on: warning\n")
    result = hrf("lint", "--format", "json", "--config", "settings/strict.yaml",
                 "reports/kupiansk.md")
    assert [f["rule"] for f in findings(result)] == ["repeated-footnote-reference"]
    assert result.exit_code == 1


# --- silencing one line -------------------------------------------------------------------------

SILENCED = ("{comment}\n"
            "The market was hit on Saturday.[^1] It was hit again on Monday.[^1] Traders left.[^9]\n"
            "It was hit a third time on Wednesday.[^1]\n\n"
            "[^1]: Interview with a trader, August 2024.\n")


@pytest.mark.parametrize(("comment", "expected"), [
    ("<!-- hrf-ignore repeated-footnote-reference -->",
     [(8, 82, "undefined-footnote"), (9, 38, "repeated-footnote-reference")]),
    ("<!-- hrf-ignore HRF105 -->",
     [(8, 82, "undefined-footnote"), (9, 38, "repeated-footnote-reference")]),
    ("<!-- hrf-ignore -->", [(9, 38, "repeated-footnote-reference")]),
    ("<!-- hrf-ignore HRF105, undefined-footnote -->", [(9, 38, "repeated-footnote-reference")]),
    ("<!-- a comment -->",
     [(8, 64, "repeated-footnote-reference"), (8, 82, "undefined-footnote"),
      (9, 38, "repeated-footnote-reference")]),
], ids=["by-name", "by-code", "every-rule", "two-rules", "no-ignore"])
def test_hrf_ignore_silences_only_the_next_line(hrf: Run, write: Write, front_matter: str,
                                                comment: str, expected: list) -> None:
    write("report.md", front_matter + SILENCED.format(comment=comment))
    assert reported(hrf("lint", "--format", "json", "report.md")) == expected


# --- files hrf cannot read --------------------------------------------------------------------

@pytest.mark.parametrize(("name", "content", "reason"), [
    ("reprot.md", None, "file not found"),
    ("notes-cp1251.md", b"\xff\xfe\xcf\xf0\xe8\xe2\xb3\xf2 Kupiansk\r\n",
     "not valid UTF-8 (byte 0xff on line 1); save the file as UTF-8"),
    ("scan.md", b"%PDF-1.7\n\x00\x00\x01\x02binary", "binary file (contains NUL bytes)"),
])
def test_unreadable_file_is_a_finding_not_a_crash(hrf: Run, write: Write, name: str,
                                                  content: bytes | None, reason: str) -> None:
    if content is not None:
        write(name, content)
    result = hrf("lint", name)
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    assert first.startswith(f"{name}: error unreadable-file cannot read {name}: {reason}")


def test_unreadable_files_do_not_stop_the_others(hrf: Run, write: Write,
                                                 front_matter: str) -> None:
    write("good.md", front_matter + CLEAN)
    write("scan.md", b"\x00\x01")
    result = hrf("lint", "--format", "json", "missing.md", "scan.md", "good.md")
    assert result.exit_code == 1
    files = json.loads(result.stdout)["files"]
    assert [(f["path"], [x["rule"] for x in f["findings"]], f["stats"] is None) for f in files] == [
        ("missing.md", ["unreadable-file"], True),
        ("scan.md", ["unreadable-file"], True),
        ("good.md", [], False),
    ]


def test_folder_without_reports_is_reported(hrf: Run, write: Write) -> None:
    write("reprots/notes.txt", "Interview notes, not a report.\n")
    result = hrf("lint", "reprots")
    assert result.exit_code == 1
    assert "reprots" in result.output


# --- which files, and how they are read ---------------------------------------------------------

def test_folder_is_searched_recursively_skipping_tool_folders(hrf: Run, write: Write,
                                                              front_matter: str) -> None:
    for name in ("reports/kupiansk.md", "reports/villages/kurylivka.md",
                 "reports/.git/COMMIT_EDITMSG.md", "reports/node_modules/pkg/README.md",
                 "reports/notes.txt"):
        write(name, front_matter + CLEAN)
    result = hrf("lint", "--format", "json", "reports")
    assert [f["path"] for f in json.loads(result.stdout)["files"]] == [
        "reports/kupiansk.md", "reports/villages/kurylivka.md"]


# Findings on many lines: an empty title (2:1), a pasted marker mid-line (8:77) and at the
# paragraph's end (10:38), an undefined reference in an indented continuation (13:55) and a
# second definition (15:1).
MANY = ("---\ntitle: ''\nauthor: Field Documentation Team\ndate: 2024-10-15\n---\n\n"
        "Most of the men taken from the Kupiansk district were held as prisoners of\n"
        "war. Relatives said they were moved to Valuyki[^1] within a week of capture.1 We\n\n"
        "Shelling continued in Kharkiv Oblast.4\n\n"
        "[^1]: Interview with the wife of a detained man, March 2024.\n"
        "    She had been told the same by a released prisoner.[^2]\n\n"
        "[^1]: A second definition of the same note.\n")


def test_crlf_file_gives_the_same_findings_as_its_lf_twin(hrf: Run, write: Write) -> None:
    write("lf.md", MANY)
    write("crlf.md", MANY.replace("\n", "\r\n"))
    lf = findings(hrf("lint", "--format", "json", "lf.md"))
    crlf = findings(hrf("lint", "--format", "json", "crlf.md"))
    assert [(f["line"], f["column"], f["rule"]) for f in lf] == [
        (2, 1, "front-matter"), (8, 77, "pasted-footnote-marker"),
        (10, 38, "pasted-footnote-marker"), (13, 55, "undefined-footnote"),
        (15, 1, "duplicate-footnote")]
    assert [{**f, "path": None} for f in crlf] == [{**f, "path": None} for f in lf]
    assert {f["path"] for f in crlf} == {"crlf.md"}


def test_file_with_byte_order_mark_gives_the_same_findings(hrf: Run, write: Write) -> None:
    write("plain.md", MANY)
    write("bom.md", b"\xef\xbb\xbf" + MANY.encode("utf-8"))
    plain = hrf("lint", "--format", "json", "plain.md")
    bom = hrf("lint", "--format", "json", "bom.md")
    assert findings(plain)
    def unplaced(result: Result) -> list[dict]:
        return [{**f, "path": None} for f in findings(result)]
    assert unplaced(bom) == unplaced(plain)
    assert json.loads(bom.stdout)["files"][0]["stats"] == json.loads(plain.stdout)["files"][0]["stats"]


def test_byte_order_mark_does_not_shift_first_line_columns(hrf: Run, write: Write) -> None:
    write("bom.md", b"\xef\xbb\xbfKupiansk was retaken in September 2022.\n")
    assert reported(hrf("lint", "--format", "json", "bom.md")) == [(1, 1, "front-matter")]


# --- JSON statistics, checked by hand and against pandoc ------------------------------------

STATS_REPORT = """\
Kupiansk was retaken in September 2022.[^1] About 5,000 residents remain
[@ohchr2024; see @hrw2023, p. 3]. As @suspilne2024 reported, a drone struck an
aid van.^[Both aid workers survived [@suspilne2024].] Write to press@example.org.

[^1]: Kharkiv Regional Military Administration, statement [@khova2022].^[Nested note.]

[^2]: Draft note that nothing references.
"""


def test_json_stats_count_what_pandoc_renders(hrf: Run, write: Write, front_matter: str) -> None:
    path = write("report.md", front_matter + STATS_REPORT)
    stats = json.loads(hrf("lint", "--format", "json", "report.md").stdout)["files"][0]["stats"]
    # notes: [^1], the inline note in the body and the one nested in [^1]; [^2] is unused.
    # citations: ohchr2024, hrw2023, suspilne2024 twice, khova2022; press@ is an e-mail.
    assert {key: stats[key] for key in stats if key != "words"} == {
        "notes": 3,
        "footnote_definitions": 2,
        "citations": 5,
        "citation_keys": ["hrw2023", "khova2022", "ohchr2024", "suspilne2024"],
    }
    assert pandoc_counts(path.read_text(encoding="utf-8")) == (stats["notes"], stats["citation_keys"])


@pytest.mark.parametrize(("body", "words"), [
    # 6 + 4 words of prose, 9 in the note; note markers are not words.
    ("Kupiansk was retaken in September 2022.[^1] About 5,000 residents remain.\n\n"
     "[^1]: Kharkiv Regional Military Administration, statement of 10 September 2022.\n", 19),
    # A citation key is markup, not a word.
    ("As @suspilne2024 reported, a drone struck an aid van.\n", 8),
    ("## Background\n\nKupiansk was retaken in September 2022.\n", 7),
    ("About 5,000 residents remain [@ohchr2024].\n", 4),
], ids=["paragraphs-and-note", "in-text-citation", "heading", "bracketed-citation"])
def test_json_stats_word_count(hrf: Run, write: Write, front_matter: str, body: str,
                               words: int) -> None:
    write("report.md", front_matter + body)
    stats = json.loads(hrf("lint", "--format", "json", "report.md").stdout)["files"][0]["stats"]
    assert stats["words"] == words


def test_json_stats_citations_leave_out_unused_notes(hrf: Run, write: Write,
                                                     front_matter: str) -> None:
    path = write("report.md", front_matter + "Aid stopped [@ohchr2024].\n\n"
                 "[^9]: Dropped note citing @hrw2023.\n")
    stats = json.loads(hrf("lint", "--format", "json", "report.md").stdout)["files"][0]["stats"]
    assert pandoc_counts(path.read_text(encoding="utf-8")) == (0, ["ohchr2024"])
    assert (stats["citations"], stats["citation_keys"]) == (1, ["ohchr2024"])


# --- hrf rules ----------------------------------------------------------------------------------

def test_rules_lists_every_rule(hrf: Run) -> None:
    result = hrf("rules")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert [line.split()[:2] for line in lines] == [[r.code, r.name] for r in all_rules()]


@pytest.mark.parametrize("name", ["undefined-footnote", "HRF101", "hrf101"])
def test_rules_explains_one_rule(hrf: Run, name: str) -> None:
    rule = get_rule("undefined-footnote")
    assert rule is not None
    result = hrf("rules", name)
    assert result.exit_code == 0
    out = result.output
    assert out.startswith("HRF101 undefined-footnote (error)\n")
    sections = ["What it does:", "Why it matters:", "Bad:", "Good:"]
    assert [out.index(s) for s in sections] == sorted(out.index(s) for s in sections)
    for text in (rule.doc.what, rule.doc.why, *rule.doc.bad.splitlines(),
                 *rule.doc.good.splitlines()):
        if text:
            assert f"    {text}\n" in out


def test_rules_unknown_name_is_a_usage_error(hrf: Run) -> None:
    result = hrf("rules", "nope")
    assert result.exit_code == 2
    assert "unknown rule 'nope'" in result.output


# --- output formats -----------------------------------------------------------------------------

ANSI = re.compile(r"\x1b\[")


def test_no_color_wins_over_force_color(hrf: Run, write: Write, front_matter: str) -> None:
    write("report.md", front_matter + MIXED)
    coloured = hrf("lint", "report.md", env={"NO_COLOR": None, "FORCE_COLOR": "1"})
    assert ANSI.search(coloured.output)  # the check below would notice colour
    plain = hrf("lint", "report.md", env={"NO_COLOR": "1", "FORCE_COLOR": "1"})
    assert not ANSI.search(plain.output)
    assert plain.output.splitlines()[0].startswith(
        "report.md:7:32 warning footnote-order [*] note [^2] is out of order")
    assert plain.output.endswith("Found 1 error and 2 warnings in 1 file (1 file checked).\n"
                                 "[*] 1 fixable with `hrf fix`.\n")


def test_github_format_is_one_annotation_per_line(hrf: Run, write: Write,
                                                  front_matter: str) -> None:
    write("report.md", front_matter + MIXED)
    result = hrf("lint", "--format", "github", "report.md")
    assert result.exit_code == 1
    assert [line.split(" ", 1)[0] for line in result.output.splitlines()] == [
        "::warning", "::warning", "::error"]
    assert result.output.splitlines()[2].startswith(
        "::error file=report.md,line=8,col=65,")
