"""``hrf export`` at the project boundary, tried as an attacker would: files outside the project
(by path, by symbolic link, from a metadata block lint does not read, from a raw typst block),
special files, and output folders a contributed hrf.yaml points elsewhere."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Callable

import pytest
from click.testing import Result

Run = Callable[..., Result]
Write = Callable[..., Path]
ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "export"
SECRET = "Name of the witness: Olena K., 14 Sadova St."
WITNESSES = [{"id": "witness-olena", "type": "interview",
              "title": "Interview with Olena K., 14 Sadova St., 12 March 2024", "issued": "2024"}]


@pytest.fixture
def report(tmp_path: Path) -> Path:
    """investigation/hrf.yaml + investigation/bridges/ (the export fixture); beside the
    investigation, outside/secret.txt and other-investigation/references.json."""
    shutil.copytree(FIXTURE, tmp_path / "investigation" / "bridges")
    (tmp_path / "investigation" / "hrf.yaml").write_text("lint:\n  fail-on: error\n")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.txt").write_text(SECRET)
    (tmp_path / "other-investigation").mkdir()
    (tmp_path / "other-investigation" / "references.json").write_text(json.dumps(WITNESSES))
    return tmp_path / "investigation" / "bridges" / "report.md"


def add(report: Path, text: str, front: str = "") -> None:
    content = report.read_text("utf-8")
    if front:
        content = content.replace("lang: en\n", "lang: en\n" + front, 1)
    report.write_text(content + "\n" + text + "\n", "utf-8")


def written(report: Path) -> list[str]:
    dist = report.parent / "dist"
    return sorted(p.name for p in dist.iterdir()) if dist.exists() else []


def leaked(path: Path) -> bool:
    """Whether the secret is anywhere in a file: as text, base64, or inside a DOCX."""
    data = path.read_bytes()
    needles = [SECRET.encode(), base64.b64encode(SECRET.encode())[:24]]
    if path.suffix == ".docx":
        with zipfile.ZipFile(path) as docx:
            data += b"".join(docx.read(name) for name in docx.namelist())
    return any(needle in data for needle in needles)


def test_a_linked_image_pointing_outside_is_never_embedded(hrf: Run, report: Path) -> None:
    (report.parent / "images").mkdir()
    (report.parent / "images" / "photo.png").symlink_to("../../../outside/secret.txt")
    add(report, "![The bridge in March](images/photo.png)")
    result = hrf("export", str(report), "--to", "all", "--no-lint")
    assert result.exit_code == 1
    assert ("error: investigation/bridges/report.md: image 'images/photo.png' lies outside the "
            f"project root {report.parent.parent} (it is a symbolic link to "
            f"{report.parent.parent.parent / 'outside' / 'secret.txt'})") in result.output
    assert written(report) == []  # no HTML, DOCX or PDF, and no cache
    linted = hrf("export", str(report), "--to", "all")
    assert "investigation/bridges/report.md:42:24 error refused-file image 'images/photo.png'" \
        in linted.output
    assert written(report) == []


def test_another_investigations_bibliography_is_never_published(hrf: Run, report: Path) -> None:
    add(report, "", front="nocite: '@*'\n")
    report.write_text(report.read_text("utf-8").replace(
        "bibliography: references.json", "bibliography: ../../other-investigation/references.json"))
    result = hrf("export", str(report), "--to", "all", "--no-lint")
    assert result.exit_code == 1
    assert ("error: investigation/bridges/report.md: bibliography "
            "'../../other-investigation/references.json' lies outside the project root") \
        in result.output
    assert written(report) == []
    linted = hrf("lint", str(report))
    assert "investigation/bridges/report.md:10:1 error refused-file bibliography" in linted.output


def test_a_linked_bibliography_pointing_outside_is_refused(hrf: Run, report: Path) -> None:
    add(report, "", front="nocite: '@*'\n")
    (report.parent / "references.json").unlink()
    (report.parent / "references.json").symlink_to("../../other-investigation/references.json")
    result = hrf("export", str(report), "--to", "html,docx", "--no-lint")
    assert result.exit_code == 1
    assert "(it is a symbolic link to " in result.output
    assert written(report) == []


def test_a_bibliography_in_a_later_metadata_block_is_checked_too(hrf: Run, report: Path) -> None:
    # lint reads only the front matter; pandoc merges every YAML block of the document.
    add(report, "---\nbibliography: ../../other-investigation/references.json\n"
                "nocite: '@*'\n---\n")
    result = hrf("export", str(report), "--to", "html", "--no-lint")
    assert result.exit_code == 1
    assert "bibliography '../../other-investigation/references.json' lies outside" in result.output
    assert written(report) == []


def test_citation_abbreviations_outside_the_project_are_refused(hrf: Run, report: Path) -> None:
    add(report, "", front="citation-abbreviations: ../../outside/secret.txt\n")
    result = hrf("export", str(report), "--to", "html", "--no-lint")
    assert result.exit_code == 1
    assert "citation-abbreviations '../../outside/secret.txt' lies outside" in result.output
    assert written(report) == []


def test_dev_zero_as_bibliography_is_refused_fast(report: Path, tmp_path: Path) -> None:
    report.write_text(report.read_text("utf-8").replace("bibliography: references.json",
                                                        "bibliography: /dev/zero"))
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "hrf_cli", "export", str(report), "--to", "html",
                           "--no-lint"], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert time.monotonic() - started < 60
    assert done.returncode == 1
    assert "bibliography '/dev/zero' lies outside the project root" in done.stderr


def test_a_fifo_image_inside_the_project_is_refused(report: Path, tmp_path: Path) -> None:
    os.mkfifo(report.parent / "live.png")
    add(report, "![Live](live.png)")
    done = subprocess.run([sys.executable, "-m", "hrf_cli", "export", str(report), "--to", "html",
                           "--no-lint"], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 1
    assert "image 'live.png' is a FIFO (named pipe), not a regular file; refused" in done.stderr
    assert written(report) == []


def test_an_image_over_the_size_limit_is_refused(hrf: Run, report: Path) -> None:
    (report.parent.parent / "hrf.yaml").write_text("safety:\n  max-file-size: 2 kB\n")
    (report.parent / "map.png").write_bytes((report.parent / "map.png").read_bytes() * 30)
    result = hrf("export", str(report), "--to", "html", "--no-lint")
    assert result.exit_code == 1
    assert "image 'map.png' is 2.9 kB, larger than the 2.0 kB limit (safety.max-file-size in " \
        "hrf.yaml)" in result.output
    assert written(report) == []


def test_images_anywhere_in_the_project_are_allowed_and_embedded(hrf: Run, report: Path) -> None:
    shared = report.parent.parent / "shared"
    shared.mkdir()
    shutil.copy(report.parent / "map.png", shared / "river.png")
    (report.parent / "alias.png").symlink_to("../shared/river.png")
    add(report, "![River](../shared/river.png)\n\n![Alias](alias.png)")
    result = hrf("export", str(report), "--to", "all", "--no-lint")
    assert result.exit_code == 0, result.output
    html = (report.parent / "dist" / "bridges.html").read_text("utf-8")
    assert html.count("data:image/png;base64,") == 3
    with zipfile.ZipFile(report.parent / "dist" / "bridges.docx") as docx:
        assert len([n for n in docx.namelist() if n.startswith("word/media/")]) == 3
    assert not any(leaked(report.parent / "dist" / name) for name in written(report)
                   if not name.startswith("."))


def test_typst_reads_below_the_project_root(hrf: Run, report: Path) -> None:
    from pypdf import PdfReader

    (report.parent.parent / "shared").mkdir()
    (report.parent.parent / "shared" / "note.txt").write_text("Checked by the legal team.")
    add(report, '```{=typst}\n#read("/shared/note.txt")\n```')
    result = hrf("export", str(report), "--to", "pdf", "--no-lint")
    assert result.exit_code == 0, result.output
    pdf = PdfReader(report.parent / "dist" / "bridges.pdf")
    assert "Checked by the legal team." in " ".join(page.extract_text() for page in pdf.pages)


def test_raw_typst_cannot_read_through_a_link_out_of_the_project(hrf: Run, report: Path) -> None:
    (report.parent / "notes").mkdir()
    (report.parent / "notes" / "leak.txt").symlink_to("../../../outside/secret.txt")
    add(report, '```{=typst}\n#read("/bridges/notes/leak.txt")\n```')
    result = hrf("export", str(report), "--to", "all", "--no-lint")
    assert result.exit_code == 1
    assert ("error: investigation/bridges/report.md: a raw typst block could read files outside "
            "the project: bridges/notes/leak.txt is a symbolic link to "
            f"{report.parent.parent.parent / 'outside' / 'secret.txt'}, outside the project root"
            ) in result.output
    assert written(report) == []
    # without raw typst the link is never read, and the report exports
    report.write_text(report.read_text("utf-8").replace(
        '```{=typst}\n#read("/bridges/notes/leak.txt")\n```', "No raw typst."))
    assert hrf("export", str(report), "--to", "pdf", "--no-lint").exit_code == 0


def test_a_csl_file_outside_the_project_is_refused_naming_hrf_yaml(hrf: Run, report: Path,
                                                                   tmp_path: Path) -> None:
    shutil.copy(ROOT / "tests" / "fixtures" / "export" / "references.json",
                tmp_path / "outside" / "style.csl")
    (report.parent.parent / "hrf.yaml").write_text("export:\n  csl: ../outside/style.csl\n")
    result = hrf("export", str(report), "--to", "html", "--no-lint")
    assert result.exit_code == 1
    assert ("error: investigation/hrf.yaml:2: export.csl '../outside/style.csl' lies outside the "
            "project root") in result.output
    assert written(report) == []


# --- the output folder (issue 14) -------------------------------------------------------------

def test_export_out_outside_the_project_is_a_configuration_error(hrf: Run, report: Path,
                                                                 tmp_path: Path) -> None:
    (report.parent.parent / "hrf.yaml").write_text(
        "lint:\n  fail-on: error\nexport:\n  out: ../elsewhere\n")
    result = hrf("export", str(report), "--to", "html")
    assert result.exit_code == 2
    assert (f"investigation/hrf.yaml:4: export.out: {tmp_path / 'elsewhere'} lies outside the "
            f"project root {report.parent.parent}; choose a folder inside it, give -o/--out on "
            "the command line, or allow it with --allow-outside-out") in result.output
    assert not (tmp_path / "elsewhere").exists()
    allowed = hrf("export", str(report), "--to", "html", "--allow-outside-out")
    assert allowed.exit_code == 0, allowed.output
    assert (tmp_path / "elsewhere" / "bridges.html").is_file()


def test_out_on_the_command_line_is_always_allowed(hrf: Run, report: Path,
                                                   tmp_path: Path) -> None:
    (report.parent.parent / "hrf.yaml").write_text("export:\n  out: ../elsewhere\n")
    result = hrf("export", str(report), "--to", "html", "-o", "site")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "site" / "bridges.html").is_file()
    assert not (tmp_path / "elsewhere").exists()


def test_a_dist_link_out_of_the_project_fails_that_report_only(hrf: Run, report: Path,
                                                               tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (report.parent / "dist").symlink_to(tmp_path / "elsewhere")
    other = report.parent.parent / "roads" / "report.md"
    other.parent.mkdir()
    shutil.copy(report, other)
    shutil.copy(report.parent / "references.json", other.parent)
    shutil.copy(report.parent / "map.png", other.parent)
    result = hrf("export", str(report), str(other), "--to", "html")
    assert result.exit_code == 1
    assert (f"error: investigation/bridges/report.md: the output folder {report.parent / 'dist'} "
            f"(it is {tmp_path / 'elsewhere'}) lies outside the project root") in result.output
    assert list((tmp_path / "elsewhere").iterdir()) == []
    assert (other.parent / "dist" / "roads.html").is_file()


def test_an_svg_cannot_link_through_a_link_out_of_the_project(hrf: Run, report: Path) -> None:
    images = report.parent / "images"
    images.mkdir()
    (report.parent.parent.parent / "outside" / "photo.png").write_bytes(
        (report.parent / "map.png").read_bytes())
    (images / "leak.png").symlink_to("../../../outside/photo.png")
    (images / "chart.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="10" height="10"><image width="10" height="10" xlink:href="leak.png"/></svg>')
    add(report, "![Chart](images/chart.svg)")
    result = hrf("export", str(report), "--to", "pdf", "--no-lint")
    assert result.exit_code == 1
    assert ("an SVG image (typst loads the files it links to) could read files outside the "
            "project: bridges/images/leak.png is a symbolic link to") in result.output
    assert written(report) == []
    assert hrf("export", str(report), "--to", "html", "--no-lint").exit_code == 0  # no typst


def test_typst_packages_from_the_machine_are_not_loaded(hrf: Run, report: Path,
                                                        tmp_path: Path) -> None:
    package = tmp_path / "data" / "typst" / "packages" / "local" / "letterhead" / "0.1.0"
    package.mkdir(parents=True)
    (package / "typst.toml").write_text(
        '[package]\nname = "letterhead"\nversion = "0.1.0"\nentrypoint = "lib.typ"\n')
    (package / "lib.typ").write_text('#let mark = "CODE FROM OUTSIDE THE PROJECT"\n')
    add(report, '```{=typst}\n#import "@local/letterhead:0.1.0": mark\n#mark\n```')
    result = hrf("export", str(report), "--to", "pdf", "--no-lint",
                 env={"XDG_DATA_HOME": str(tmp_path / "data")})
    assert result.exit_code == 1
    assert "typst packages are not available to reports" in result.output
    assert written(report) == []


def test_an_input_turned_into_a_fifo_does_not_hang_the_next_export(report: Path,
                                                                   tmp_path: Path) -> None:
    def export() -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "hrf_cli", "export", str(report), "--to",
                               "html", "--no-lint"], cwd=tmp_path, capture_output=True, text=True,
                              timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})

    assert export().returncode == 0
    (report.parent / "map.png").unlink()
    os.mkfifo(report.parent / "map.png")  # the cache would hash it to see if it changed
    done = export()
    assert done.returncode == 1
    assert "image 'map.png' is a FIFO (named pipe), not a regular file; refused" in done.stderr


def test_a_cache_folder_linked_out_of_the_project_is_not_written_through(
        hrf: Run, report: Path, tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (report.parent.parent / ".hrf-cache").symlink_to(tmp_path / "elsewhere")
    result = hrf("export", str(report), "--to", "html")
    assert result.exit_code == 0, result.output
    assert list((tmp_path / "elsewhere").iterdir()) == []
    again = hrf("export", str(report), "--to", "html")  # the cache still works, elsewhere
    assert "unchanged investigation/bridges/dist/bridges.html" in again.output
