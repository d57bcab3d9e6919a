"""The project boundary (hrf_cli/boundary.py) and how lint and fix keep to it: the project root,
files refused outside it, special files refused before they are read, and hrf fix never
writing through a link or over a read-only file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import pytest
from click.testing import Result

from hrf_cli.boundary import (
    Boundary,
    NotAFile,
    OutsideRoot,
    TooLarge,
    project_root,
    reachable_problems,
    read_limited,
)
from hrf_cli.config import Config, ConfigCache, load_config
from hrf_cli.errors import ConfigError

Run = Callable[..., Result]
Write = Callable[..., Path]
ROOT = Path(__file__).resolve().parents[1]
FRONT = "---\ntitle: Kupiansk\nauthor: Field team\ndate: 2024-10-15\n"
WITNESSES = [{"id": "witness-olena", "type": "interview",
              "title": "Interview with Olena K., Kupiansk, 12 March 2024", "issued": "2024"}]


def hrf_process(*args: str, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """hrf in its own process, so a hang (a FIFO) fails the test instead of the suite."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "hrf_cli", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout)


def config_at(path: Path) -> Config:
    return ConfigCache().config_for(path)


# --- the project root -----------------------------------------------------------------------

def test_root_is_the_folder_of_the_nearest_hrf_yaml_else_the_reports_own(write: Write,
                                                                          tmp_path: Path) -> None:
    loose = write("loose/report.md", "x")
    assert project_root(loose, config_at(loose)) == tmp_path.resolve() / "loose"
    write("project/hrf.yaml", "lint:\n  fail-on: error\n")
    deep = write("project/reports/kupiansk/report.md", "x")
    assert project_root(deep, config_at(deep)) == tmp_path.resolve() / "project"


def test_safety_root_widens_the_root_and_may_not_narrow_it(write: Write, tmp_path: Path) -> None:
    write("org/project/hrf.yaml", "safety:\n  root: ..\n")
    report = write("org/project/report.md", "x")
    assert project_root(report, config_at(report)) == tmp_path.resolve() / "org"
    write("org/project/hrf.yaml", "lint:\n  fail-on: error\nsafety:\n  root: reports\n")
    write("org/project/reports/a.md", "x")
    with pytest.raises(ConfigError) as caught:
        project_root(report, config_at(report))
    assert caught.value.line == 4
    assert "it can only widen the project root" in caught.value.message


def test_a_config_file_elsewhere_does_not_move_the_root_away_from_the_report(
        write: Write, tmp_path: Path) -> None:
    shared = write("shared/hrf.yaml", "lint:\n  fail-on: error\n")
    report = write("reports/report.md", "x")
    assert project_root(report, load_config(shared)) == tmp_path.resolve() / "reports"


def test_a_report_is_rooted_where_it_is_named_not_where_its_link_points(
        write: Write, tmp_path: Path) -> None:
    write("project/hrf.yaml", "lint:\n  fail-on: error\n")
    target = write("elsewhere/report.md", "x")
    link = tmp_path / "project" / "report.md"
    link.symlink_to(target)
    assert project_root(link, config_at(link)) == tmp_path.resolve() / "project"


# --- resolving names ------------------------------------------------------------------------

def test_resolve_follows_links_and_refuses_outside_the_root(write: Write, tmp_path: Path) -> None:
    write("project/hrf.yaml", "")
    write("outside/secret.txt", "secret")
    report = write("project/bridges/report.md", "x")
    (tmp_path / "project/bridges/images").mkdir()
    (tmp_path / "project/bridges/images/photo.png").symlink_to("../../../outside/secret.txt")
    boundary = Boundary.for_report(report, config_at(report))
    assert boundary.resolve("../shared/map.png", "image") == \
        tmp_path.resolve() / "project/shared/map.png"
    with pytest.raises(OutsideRoot) as caught:
        boundary.resolve("images/photo.png", "image")
    assert caught.value.message == (
        f"image 'images/photo.png' lies outside the project root {tmp_path.resolve() / 'project'} "
        f"(it is a symbolic link to {tmp_path.resolve() / 'outside/secret.txt'}); copy it into "
        "the project, or widen the root with safety.root in hrf.yaml")
    with pytest.raises(OutsideRoot):
        boundary.resolve("../../outside/secret.txt", "bibliography")
    with pytest.raises(OutsideRoot):
        boundary.resolve("/etc/hostname", "bibliography")


def test_an_image_path_starting_with_a_slash_means_the_reports_folder(write: Write,
                                                                       tmp_path: Path) -> None:
    report = write("project/report.md", "x")
    boundary = Boundary.for_report(report, Config())
    assert boundary.image("/images/map.png") == tmp_path.resolve() / "project/images/map.png"
    assert boundary.image("images/my%20map.png") == \
        tmp_path.resolve() / "project/images/my map.png"
    assert boundary.image("https://example.org/map.png") is None
    with pytest.raises(OutsideRoot, match="file: URL"):
        boundary.image("file:///etc/passwd")


# --- special files, read before a byte -------------------------------------------------------

def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "refs.json"
    os.mkfifo(fifo)
    started = time.monotonic()
    with pytest.raises(NotAFile, match=r"is a FIFO \(named pipe\), not a regular file"):
        read_limited(fifo, 1000, "bibliography")
    assert time.monotonic() - started < 5


def test_devices_and_folders_are_refused_before_they_are_read(tmp_path: Path) -> None:
    started = time.monotonic()
    with pytest.raises(NotAFile, match="a character device"):
        read_limited(Path("/dev/zero"), 50 * 1000**2, "bibliography")
    with pytest.raises(NotAFile, match="a folder"):
        read_limited(tmp_path, 1000, "image")
    assert time.monotonic() - started < 5


def test_a_file_over_the_limit_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "refs.json"
    big.write_bytes(b"[" + b" " * 2000 + b"]")
    with pytest.raises(TooLarge, match=r"is 2.0 kB, larger than the 1.0 kB limit"):
        read_limited(big, 1000, "bibliography")
    assert read_limited(big, 2002, "bibliography") == big.read_bytes()


def test_reachable_problems_lists_links_out_and_special_files(tmp_path: Path) -> None:
    (tmp_path / "outside").mkdir()
    project = tmp_path / "project"
    (project / "notes").mkdir(parents=True)
    (project / "notes" / "leak.txt").symlink_to(tmp_path / "outside")
    (project / "notes" / "fine.txt").write_text("ok")
    (project / "alias.txt").symlink_to(project / "notes" / "fine.txt")
    os.mkfifo(project / "pipe")
    assert reachable_problems(project) == [
        "pipe is a FIFO (named pipe)",
        f"notes/leak.txt is a symbolic link to {tmp_path / 'outside'}, outside the project root"]


# --- lint ------------------------------------------------------------------------------------

def investigation(write: Write, tmp_path: Path, front: str = "", body: str = "") -> Path:
    """An investigation folder with hrf.yaml, and beside it another with witness entries."""
    write("other-investigation/references.json", json.dumps(WITNESSES))
    write("outside/secret.txt", "the name of a witness")
    write("investigation/hrf.yaml", "lint:\n  fail-on: error\n")
    return write("investigation/report.md", FRONT + front + "---\n\n" + body)


def findings(result: Result) -> list[tuple[int, str]]:
    data = json.loads(result.output)
    return [(f["line"], f["rule"]) for file in data["files"] for f in file["findings"]]


def test_lint_reports_a_bibliography_outside_the_project_at_its_key(hrf: Run, write: Write,
                                                                    tmp_path: Path) -> None:
    investigation(write, tmp_path, "bibliography: ../other-investigation/references.json\n"
                                   "nocite: '@*'\n", "Text.\n")
    result = hrf("lint", "investigation/report.md", "--format", "json")
    assert result.exit_code == 1
    assert findings(result) == [(5, "refused-file")]
    assert "lies outside the project root" in result.output


def test_lint_reports_a_linked_image_pointing_outside_at_its_line(hrf: Run, write: Write,
                                                                  tmp_path: Path) -> None:
    investigation(write, tmp_path, body="Before the strike.\n\n![Bridge](images/photo.png)\n")
    (tmp_path / "investigation/images").mkdir()
    (tmp_path / "investigation/images/photo.png").symlink_to("../../outside/secret.txt")
    result = hrf("lint", "investigation/report.md")
    assert result.exit_code == 1
    assert "investigation/report.md:9:11 error refused-file image 'images/photo.png' lies " \
        "outside the project root" in result.output
    assert "(it is a symbolic link to " in result.output


def test_lint_refuses_dev_zero_as_a_bibliography_fast(write: Write, tmp_path: Path) -> None:
    investigation(write, tmp_path, "bibliography: /dev/zero\n", "As reported [@ohchr2024].\n")
    started = time.monotonic()
    done = hrf_process("lint", "investigation/report.md", cwd=tmp_path)
    assert time.monotonic() - started < 30
    assert done.returncode == 1
    assert "error refused-file bibliography '/dev/zero' lies outside the project root" in done.stdout
    assert "1 citation not checked: a bibliography could not be read (see refused-file)" \
        in done.stdout


def test_lint_refuses_a_fifo_bibliography_inside_the_project(write: Write, tmp_path: Path) -> None:
    investigation(write, tmp_path, "bibliography: refs.json\n", "Text.\n")
    os.mkfifo(tmp_path / "investigation/refs.json")
    done = hrf_process("lint", "investigation/report.md", cwd=tmp_path)
    assert done.returncode == 1
    assert "investigation/report.md:5:1 error refused-file bibliography 'refs.json' is a FIFO " \
        "(named pipe), not a regular file; refused" in done.stdout


def test_a_fifo_report_does_not_hang_lint(write: Write, tmp_path: Path) -> None:
    write("reports/good.md", FRONT + "---\n\nText.\n")
    os.mkfifo(tmp_path / "reports/pipe.md")
    done = hrf_process("lint", "reports", cwd=tmp_path)
    assert done.returncode == 1
    assert "reports/pipe.md: error unreadable-file cannot read reports/pipe.md: is a FIFO " \
        "(named pipe), not a regular file; refused" in done.stdout


def test_a_report_over_the_size_limit_is_refused(hrf: Run, write: Write) -> None:
    write("hrf.yaml", "safety:\n  max-file-size: 1 kB\n")
    write("report.md", FRONT + "---\n\n" + "Long text. " * 200)
    result = hrf("lint", "report.md")
    assert result.exit_code == 1
    assert "report.md: error unreadable-file cannot read report.md: is 2.3 kB, larger than " \
        "the 1.0 kB limit (safety.max-file-size in hrf.yaml)" in result.output


def test_a_linked_report_pointing_outside_the_project_is_not_read(hrf: Run, write: Write,
                                                                  tmp_path: Path) -> None:
    write("project/hrf.yaml", "")
    secret = write("private/diary.md", FRONT + "---\n\nSecret [^1].\n")
    (tmp_path / "project/diary.md").symlink_to(secret)
    result = hrf("lint", "project", "--format", "json")
    assert findings(result) == [(None, "unreadable-file")]
    assert "lies outside the project root" in result.output


def test_safety_root_lets_lint_read_a_shared_bibliography(hrf: Run, write: Write) -> None:
    write("shared/references.json", json.dumps(WITNESSES))
    write("investigation/hrf.yaml", "safety:\n  root: ..\n")
    write("investigation/report.md", FRONT + "bibliography: ../shared/references.json\n---\n\n"
          "As Olena said [@witness-olena].\n")
    assert hrf("lint", "investigation/report.md").exit_code == 0


# --- hrf fix ---------------------------------------------------------------------------------

SCRAMBLED = "Shelled.[^3] Left.[^1]\n\n[^1]: Interview.\n\n[^3]: Ukrinform.\n"


def test_fix_never_writes_through_a_link_to_a_file_outside_the_folder(hrf: Run, write: Write,
                                                                      tmp_path: Path) -> None:
    outside = write("outside/notes.md", SCRAMBLED)
    write("reports/own.md", SCRAMBLED)
    (tmp_path / "reports/linked.md").symlink_to(outside)
    result = hrf("fix", "reports")
    assert result.exit_code == 1
    assert f"reports/linked.md: is a symbolic link to {outside.resolve()}, outside reports; " \
        "not changed (fix the file where it lies)" in result.output
    assert outside.read_text() == SCRAMBLED
    assert (tmp_path / "reports/own.md").read_text() != SCRAMBLED  # the others still fixed


def test_fix_refuses_a_read_only_file_and_fixes_the_others(hrf: Run, write: Write) -> None:
    locked = write("reports/locked.md", SCRAMBLED)
    free = write("reports/free.md", SCRAMBLED)
    locked.chmod(0o444)
    result = hrf("fix", "reports")
    assert result.exit_code == 1
    assert "reports/locked.md: is read-only; not changed (make it writable to let hrf fix it)" \
        in result.output
    assert locked.read_text() == SCRAMBLED
    assert free.read_text() != SCRAMBLED
    assert "1 of 2 files fixed" in result.output


@pytest.mark.parametrize("hidden", [
    "<!--\n[^9]: an old note kept for the record.\n\nSee [^9] and [^7].\n-->\n",
    "Notes <!-- a comment opened in a paragraph runs on\n\n[^9]: an old note.\n\n"
    "See [^9] and [^4]. -->\n",
    "```\nThe marker [^9] is literal here.\n[^9]: also literal\n```\n",
    "    [^9]: indented code, not a definition\n",
    "Inline `[^9]` code and $[^9]$ math.\n",
    "```{=html}\n<p>raw [^9]</p>\n```\n",
])
def test_fix_never_edits_what_pandoc_reads_as_comment_or_literal(hrf: Run, write: Write,
                                                                 hidden: str) -> None:
    report = write("r.md", "Shelled.[^3] Left.[^1]\n\n" + hidden
                   + "\n[^1]: Interview.\n\n[^3]: Ukrinform.\n")
    assert hrf("fix", "r.md").exit_code == 0
    fixed = report.read_text()
    assert fixed.startswith("Shelled.[^1] Left.[^2]\n\n" + hidden)
    assert fixed.endswith("[^2]: Interview.\n\n[^1]: Ukrinform.\n")


def test_a_fifo_configuration_file_is_refused_not_waited_for(write: Write, tmp_path: Path) -> None:
    write("report.md", FRONT + "---\n\nText.\n")
    os.mkfifo(tmp_path / "team.yaml")
    done = hrf_process("lint", "report.md", "--config", "team.yaml", cwd=tmp_path)
    assert done.returncode == 2
    assert "team.yaml: cannot read configuration file: it is a FIFO (named pipe), not a " \
        "regular file; refused" in done.stderr


def test_a_reference_style_image_is_reported_where_its_file_is_named(hrf: Run, write: Write,
                                                                     tmp_path: Path) -> None:
    investigation(write, tmp_path, body="The river ![Oskil][river] and [the other report]"
                                        "(../other-investigation/report.pdf).\n\n"
                                        "[River]: ../outside/secret.txt\n")
    result = hrf("lint", "investigation/report.md", "--format", "json")
    assert findings(result) == [(9, "refused-file")]  # the definition; a plain link is no read
    exported = hrf("export", "investigation/report.md", "--to", "html", "--no-lint")
    assert exported.exit_code == 1
    assert "image '../outside/secret.txt' lies outside the project root" in exported.output
    assert not (tmp_path / "investigation" / "dist").exists()


def test_a_fifo_named_like_a_word_draft_does_not_hang_lint(write: Write, tmp_path: Path) -> None:
    write("drafts/notes.md", FRONT + "---\n\nText.\n")
    os.mkfifo(tmp_path / "drafts" / "interview.docx")
    done = hrf_process("lint", "drafts/interview.docx", cwd=tmp_path)
    assert done.returncode == 1
    assert "drafts/interview.docx: error unreadable-file cannot read drafts/interview.docx: " \
        "is a FIFO (named pipe), not a regular file; refused" in done.stdout
