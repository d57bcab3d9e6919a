"""``hrf fix`` as a user drives it: in place, --diff, --check, --select, --unsafe, hrf.yaml,
CRLF, a file changed on disk, a whole scrambled report, and the same fixes in lint JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest
from click.testing import Result

from hrf_cli.config import FixConfig
from hrf_cli.document import read_text
from hrf_cli.fix.apply import fix_file, replace_if_unchanged

Run = Callable[..., Result]
Write = Callable[..., Path]
ROOT = Path(__file__).resolve().parents[1]

SCRAMBLED = ("The city was shelled.[^3] Residents left.[^1]\n\n"
             "[^1]: Interview, March 2023.\n\n[^3]: Ukrinform.\n")
FIXED = ("The city was shelled.[^1] Residents left.[^2]\n\n"
         "[^2]: Interview, March 2023.\n\n[^1]: Ukrinform.\n")
DIFF = ("--- a/r.md\n+++ b/r.md\n@@ -1,5 +1,5 @@\n"
        "-The city was shelled.[^3] Residents left.[^1]\n"
        "+The city was shelled.[^1] Residents left.[^2]\n \n"
        "-[^1]: Interview, March 2023.\n+[^2]: Interview, March 2023.\n \n"
        "-[^3]: Ukrinform.\n+[^1]: Ukrinform.\n")


def test_fix_rewrites_the_file_in_place_and_a_second_run_has_nothing_to_do(hrf: Run, write: Write) -> None:
    report = write("r.md", SCRAMBLED)
    result = hrf("fix", "r.md")
    assert (result.exit_code, result.output) == (0, "fixed r.md: renumber (4 edits)\n1 of 1 file fixed\n")
    assert report.read_text() == FIXED
    again = hrf("fix", "r.md")
    assert (again.exit_code, again.output) == (0, "nothing to fix in 1 file\n")


def test_diff_prints_a_unified_diff_and_writes_nothing(hrf: Run, write: Write) -> None:
    report = write("r.md", SCRAMBLED)
    result = hrf("fix", "--diff", "r.md")
    assert (result.exit_code, result.stdout) == (0, DIFF)
    assert result.stderr == "would fix r.md: renumber (4 edits)\n1 of 1 file would change\n"
    assert report.read_text() == SCRAMBLED


def test_the_diff_applies_with_git_apply(hrf: Run, write: Write, tmp_path: Path) -> None:
    report = write("r.md", SCRAMBLED.replace("\n", "\r\n"))
    patch = write("fix.patch", hrf("fix", "--diff", "r.md").stdout_bytes)  # .stdout drops CRs
    done = subprocess.run(["git", "apply", patch.name], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert report.read_bytes() == FIXED.replace("\n", "\r\n").encode()


def test_check_exits_1_when_something_would_change_and_writes_nothing(hrf: Run, write: Write) -> None:
    write("clean.md", FIXED)
    report = write("r.md", SCRAMBLED)
    result = hrf("fix", "--check", "clean.md", "r.md")
    assert (result.exit_code, result.output) == (
        1, "would fix r.md: renumber (4 edits)\n1 of 2 files would change\n")
    assert report.read_text() == SCRAMBLED
    assert hrf("fix", "--check", "clean.md").exit_code == 0
    assert hrf("fix", "--check", "--diff", "r.md").exit_code == 1


def test_select_runs_only_the_named_repairs(hrf: Run, write: Write) -> None:
    text = SCRAMBLED + "\n[^1]: Interview, March 2023.\n"
    report = write("r.md", text)
    assert hrf("fix", "--select", "duplicate-definitions", "r.md").exit_code == 0
    assert report.read_text() == SCRAMBLED
    assert hrf("fix", "--select", "renumber", "--select", "marker-placement", "r.md").exit_code == 0
    assert report.read_text() == FIXED


@pytest.mark.parametrize("args, message", [
    (["--select", "renumbr"], "error: --select: unknown fix 'renumbr' (known fixes: pasted-markers, "
                              "duplicate-definitions, renumber, reorder-definitions, "
                              "marker-placement, house-style, image-metadata)\n"),
    (["--unsafe", "--select", "merge-notes"],
     "error: --select: merge-notes was removed: pandoc prints a note at every reference, so "
     "merged notes still print twice and lint then warns about the repeated reference\n"),
    (["--select", "pasted-markers"], "error: --select: pasted-markers guesses what was meant; add "
                                     "--unsafe to run it\n"),
])
def test_usage_errors_exit_2_before_any_file_is_touched(hrf: Run, write: Write, args: list[str],
                                                        message: str) -> None:
    report = write("r.md", SCRAMBLED)
    result = hrf("fix", *args, "r.md")
    assert (result.exit_code, result.stderr) == (2, message)
    assert report.read_text() == SCRAMBLED


def test_a_refused_renumbering_says_why_and_changes_nothing(hrf: Run, write: Write) -> None:
    text = "A.[^3] B.[^1] C.[^2]\n\n[^3]: three\n\n[^1]: one\n"
    report = write("r.md", text)
    result = hrf("fix", "r.md")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == ("r.md: not renumbered: [^2] on line 1 has no definition and would "
                             "point at a renumbered note; fix undefined-footnote first\n"
                             "nothing to fix in 1 file\n")
    assert report.read_text() == text


def test_unsafe_turns_a_known_pasted_marker_into_a_reference(hrf: Run, write: Write) -> None:
    report = write("r.md", "They were held as prisoners of war.1 We were told.\n\n[^1]: Interview.\n")
    assert hrf("fix", "r.md").output == "nothing to fix in 1 file\n"
    result = hrf("fix", "--unsafe", "r.md")
    assert result.output == "fixed r.md: pasted-markers (1 edit)\n1 of 1 file fixed\n"
    assert report.read_text() == "They were held as prisoners of war.[^1] We were told.\n\n[^1]: Interview.\n"


def test_hrf_yaml_sets_the_house_style(hrf: Run, write: Write) -> None:
    write("hrf.yaml", "fix:\n  renumber: false\n  marker-placement: after-punctuation\n"
                      "  reorder-definitions: true\n")
    report = write("r.md", SCRAMBLED.replace(".[^", "[^").replace("left[^1]", "left[^1]."))
    assert hrf("fix", "r.md").exit_code == 0
    assert report.read_text() == ("The city was shelled[^3] Residents left.[^1]\n\n"
                                  "[^3]: Ukrinform.\n\n[^1]: Interview, March 2023.\n")


def test_reordering_sorts_a_notes_section_written_line_after_line(hrf: Run, write: Write) -> None:
    write("hrf.yaml", "fix:\n  reorder-definitions: true\n")
    report = write("r.md", "Shelled.[^3] Left.[^1] Fled.[^2]\n\n## Notes\n\n"
                           "[^1]: Interview,\nMarch 2023.\n[^2]: OHCHR.\n[^3]: Ukrinform.\n")
    assert hrf("fix", "r.md").exit_code == 0
    assert report.read_text() == ("Shelled.[^1] Left.[^2] Fled.[^3]\n\n## Notes\n\n"
                                  "[^1]: Ukrinform.\n[^2]: Interview,\nMarch 2023.\n[^3]: OHCHR.\n")


def test_a_wrong_fix_section_is_exit_2_naming_the_line(hrf: Run, write: Write) -> None:
    write("hrf.yaml", "fix:\n  renumber: yes please\n  marker-placement: after\n")
    write("r.md", SCRAMBLED)
    result = hrf("fix", "r.md")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: hrf.yaml: 2 problems in the configuration:\n"
        "  hrf.yaml:2: fix.renumber: expected true or false, got a string ('yes please')\n"
        "  hrf.yaml:3: fix.marker-placement: expected one of keep, after-punctuation, "
        "before-punctuation, got 'after'\n")


def test_crlf_round_trip_keeps_every_line_ending_and_the_byte_order_mark(hrf: Run, write: Write) -> None:
    report = write("r.md", ("\ufeff" + SCRAMBLED.replace("\n", "\r\n")).encode("utf-8"))
    assert hrf("fix", "r.md").exit_code == 0
    assert report.read_bytes() == ("\ufeff" + FIXED.replace("\n", "\r\n")).encode("utf-8")


def test_a_symlinked_report_is_fixed_through_its_link(hrf: Run, write: Write, tmp_path: Path) -> None:
    target = write("real/r.md", SCRAMBLED)
    (tmp_path / "link.md").symlink_to(target)
    assert hrf("fix", "link.md").exit_code == 0
    assert (tmp_path / "link.md").is_symlink() and target.read_text() == FIXED


def test_unreadable_files_are_reported_and_exit_1(hrf: Run, write: Write) -> None:
    write("bin.md", b"\x00\x01binary")
    result = hrf("fix", "bin.md", "missing.md")
    assert result.exit_code == 1
    assert result.stderr == ("error: bin.md: cannot read the file: binary file (contains NUL "
                             "bytes), not a Markdown report\nerror: missing.md: file not found\n")


def test_a_file_changed_after_it_was_read_is_not_overwritten(write: Write) -> None:
    report = write("r.md", SCRAMBLED)
    stat = os.stat(report)
    read = read_text(report)
    edited = SCRAMBLED.replace("shelled", "SHELLED")  # same size; mtime put back below
    report.write_text(edited)
    os.utime(report, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert replace_if_unchanged(report, read, stat, FIXED) == (
        "changed on disk after it was read; not overwritten (run hrf fix again)")
    assert report.read_text() == edited
    assert replace_if_unchanged(report, edited, os.stat(report), FIXED) is None
    assert report.read_text() == FIXED


def test_check_and_diff_never_write(write: Write) -> None:
    report = write("r.md", SCRAMBLED)
    result = fix_file(report, "r.md", ["renumber"], FixConfig(), write=False)
    assert (result.changed, result.after, report.read_text()) == (True, FIXED, SCRAMBLED)


def test_help_names_every_option_and_the_exit_codes(hrf: Run) -> None:
    result = hrf("fix", "--help")
    assert result.exit_code == 0
    for word in ("--diff", "--check", "--select", "--unsafe", "--config", "Exit codes", "hrf.yaml"):
        assert word in result.output


# --- a whole report -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def generated_report(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    out = tmp_path_factory.mktemp("generated")
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate_report.py"), "--out", str(out),
                    "--words", "20000", "--notes", "300", "--entries", "40", "--citations", "150"],
                   check=True, capture_output=True)
    return (out / "report.md").read_bytes()


def test_a_scrambled_report_comes_back_numbered_in_reading_order_byte_for_byte(
        hrf: Run, write: Write, generated_report: bytes) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from bench_fix import scramble
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    scrambled = scramble(generated_report.decode("utf-8"), seed=7).encode("utf-8")
    assert scrambled != generated_report
    report = write("report.md", scrambled)
    result = hrf("fix", "report.md")
    assert result.exit_code == 0 and result.output.startswith("fixed report.md: renumber (")
    assert report.read_bytes() == generated_report


def test_lint_json_fixes_are_the_same_edits_hrf_fix_makes(hrf: Run, write: Write) -> None:
    text = ("Купʼянськ was shelled.[^3] Residents left.[^1]\r\n\r\n[^1]: Interview.\r\n\r\n"
            "[^3]: Ukrinform.\r\n\r\n[^3]: Ukrinform.\r\n")
    write("r.md", text)
    found = json.loads(hrf("lint", "r.md", "--format", "json").stdout)["files"][0]["findings"]
    fixes = {f["rule"]: f["fix"] for f in found if f["fix"] is not None}
    assert set(fixes) == {"footnote-order", "duplicate-footnote"}
    for rule, select in (("footnote-order", "renumber"), ("duplicate-footnote", "duplicate-definitions")):
        data = text.encode("utf-8")
        for edit in sorted(fixes[rule]["edits"], key=lambda e: e["start_byte"], reverse=True):
            data = data[:edit["start_byte"]] + edit["replacement"].encode() + data[edit["end_byte"]:]
        expected = write(f"{select}.md", text)
        hrf("fix", "--select", select, expected.name)
        assert data == expected.read_bytes(), rule
