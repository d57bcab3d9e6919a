"""Write failures in export and fix, the export cache's place and shape, and the absence of the
author's paths from everything in a published output folder."""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
import zlib
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

import pytest
from click.testing import Result

Run = Callable[..., Result]
FIXTURE = Path(__file__).parent / "fixtures" / "export"
FIXABLE = "---\ntitle: T\nauthor: A\ndate: 2024-01-01\n---\n\nClaim.[^2] Other.[^1]\n\n[^1]: One.\n[^2]: Two.\n"


def two_reports(tmp_path: Path) -> tuple[Path, Path]:
    for name in ("alpha", "beta"):
        shutil.copytree(FIXTURE, tmp_path / name)
    return tmp_path / "alpha" / "report.md", tmp_path / "beta" / "report.md"


@pytest.mark.parametrize("code", [errno.EACCES, errno.EROFS, errno.ENOSPC])
def test_a_write_failure_names_the_file_and_the_other_reports_still_run(
        hrf: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    import hrf_cli.atomic as atomic

    alpha, beta = two_reports(tmp_path)
    real = tempfile.mkstemp

    def failing(*args: object, **kwargs: object) -> tuple[int, str]:
        if str(kwargs.get("dir", "")).endswith(os.path.join("alpha", "dist")):
            raise OSError(code, os.strerror(code))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(atomic.tempfile, "mkstemp", failing)
    result = hrf("export", str(alpha), str(beta), "--to", "html,docx")
    assert result.exit_code == 1
    assert (f"error: alpha/report.md: cannot write alpha/dist/alpha.html: {os.strerror(code)}"
            in result.output)
    assert "wrote beta/dist/beta.html" in result.output
    assert (tmp_path / "beta" / "dist" / "beta.docx").is_file()
    assert "1 report failed" in result.output


@contextmanager
def mounted(folder: Path, options: str) -> Iterator[Path]:
    """A small tmpfs at ``folder`` (root on Linux only; the test is skipped otherwise)."""
    folder.mkdir(parents=True, exist_ok=True)
    if not sys.platform.startswith("linux") or os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("needs root on Linux to mount a tmpfs")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
                          capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs: {done.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(path: Path) -> None:
    """Write to ``path`` until its file system is full."""
    with open(path, "wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 4096)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC


def test_a_full_disk_fails_one_report_cleanly(hrf: Run, tmp_path: Path) -> None:
    alpha, beta = two_reports(tmp_path)
    with mounted(tmp_path / "alpha" / "dist", "size=64k") as full:
        fill(full / "filler")
        result = hrf("export", str(alpha), str(beta), "--to", "html")
        assert result.exit_code == 1
        assert ("error: alpha/report.md: cannot write alpha/dist/alpha.html: No space left on "
                "device") in result.output
        assert sorted(p.name for p in full.iterdir()) == ["filler"]  # no half file left
    assert "wrote beta/dist/beta.html" in result.output


def test_a_read_only_folder_in_export_and_fix(hrf: Run, tmp_path: Path) -> None:
    alpha, beta = two_reports(tmp_path)
    with mounted(tmp_path / "alpha" / "dist", "size=1m,ro"):
        result = hrf("export", str(alpha), str(beta), "--to", "pdf")
        assert result.exit_code == 1
        assert ("error: alpha/report.md: cannot write alpha/dist/alpha.pdf: Read-only file "
                "system") in result.output
        assert "wrote beta/dist/beta.pdf" in result.output
    with mounted(tmp_path / "locked", "size=1m") as locked:
        (locked / "report.md").write_text(FIXABLE, "utf-8")
        subprocess.run(["mount", "-o", "remount,ro", str(locked)], check=True)
        (tmp_path / "open.md").write_text(FIXABLE, "utf-8")
        fixed = hrf("fix", "locked/report.md", "open.md")
        assert fixed.exit_code == 1
        assert "locked/report.md: is read-only; not changed" in fixed.output
        assert (locked / "report.md").read_text("utf-8") == FIXABLE
    assert "Claim.[^1] Other.[^2]" in (tmp_path / "open.md").read_text("utf-8")


def test_fix_write_failure_is_one_message(hrf: Run, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import hrf_cli.atomic as atomic

    (tmp_path / "report.md").write_text(FIXABLE, "utf-8")
    monkeypatch.setattr(atomic.tempfile, "mkstemp", lambda *a, **k: (_ for _ in ()).throw(
        OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))))
    result = hrf("fix", "report.md")
    assert result.exit_code == 1
    assert "report.md: cannot write it: No space left on device" in result.output
    assert (tmp_path / "report.md").read_text("utf-8") == FIXABLE


DAMAGED = [b'{"entries": []}', b"[]", b"\x00\xff garbage", b"", b'"text"', b"1e999",
           b'{"version": 2, "entries": {"dist/bridges.html": {"key": 5, "deps": []}}}',
           b'{"version": 2, "entries": {"dist/bridges.html": {"source": "report.md", "key": "k",'
           b' "deps": {"a": 1}, "size": "1", "mtime_ns": null}}}',
           b'{"version": 2, "entries": 7}', b"[" * 100_000]


@pytest.mark.parametrize("content", DAMAGED, ids=range(len(DAMAGED)))
def test_a_damaged_cache_of_any_shape_is_rebuilt(hrf: Run, tmp_path: Path, content: bytes) -> None:
    shutil.copytree(FIXTURE, tmp_path / "bridges")
    (tmp_path / "hrf.yaml").write_text("lint:\n  fail-on: error\n", "utf-8")
    cache = tmp_path / ".hrf-cache" / "export.json"
    cache.parent.mkdir()
    cache.write_bytes(content)
    first = hrf("export", "bridges/report.md", "--to", "html")
    assert first.exit_code == 0, first.output
    assert "wrote bridges/dist/bridges.html" in first.output
    assert json.loads(cache.read_text("utf-8"))["version"] == 2
    again = hrf("export", "bridges/report.md", "--to", "html")
    assert "unchanged bridges/dist/bridges.html" in again.output


def published_text(folder: Path) -> Iterator[tuple[str, bytes]]:
    """Every file below ``folder`` as bytes, DOCX parts and PDF streams opened up."""
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        yield path.name, data
        if path.suffix == ".docx":
            with zipfile.ZipFile(path) as docx:
                for name in docx.namelist():
                    yield f"{path.name}:{name}", docx.read(name)
        if path.suffix == ".pdf":
            for number, match in enumerate(re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S)):
                try:
                    yield f"{path.name}:stream {number}", zlib.decompress(match.group(1))
                except zlib.error:
                    pass


@pytest.mark.parametrize("with_config", [True, False])
def test_nothing_in_the_output_folder_names_the_authors_machine(
        hrf: Run, tmp_path: Path, with_config: bool) -> None:
    project = tmp_path / "investigations"
    shutil.copytree(FIXTURE, project / "bridges")
    if with_config:
        (project / "hrf.yaml").write_text("export:\n  organisation: Monitor\n", "utf-8")
    dist = project / "bridges" / "dist"
    dist.mkdir()
    legacy = {"version": 1, "entries": {f"{project}/bridges/report.md|html": {}}}
    (dist / ".hrf-cache.json").write_text(json.dumps(legacy), "utf-8")
    result = hrf("export", str(project / "bridges" / "report.md"), "--to", "all")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in dist.iterdir()) == ["bridges.docx", "bridges.html", "bridges.pdf"]
    home = str(Path.home())
    needles = {str(tmp_path), os.path.realpath(tmp_path), "/tmp/", "pytest-of"}
    if len(home) > 1:
        needles.add(home + "/")
    for name, data in published_text(dist):
        for needle in needles:
            assert needle.encode() not in data, (name, needle)
    if with_config:
        cache = project / ".hrf-cache" / "export.json"
        assert (project / ".hrf-cache" / ".gitignore").read_text("utf-8").endswith("*\n")
    else:
        [cache] = (Path(os.environ["HRF_CACHE_DIR"]) / "export").glob("*.json")
    text = cache.read_text("utf-8")
    assert str(tmp_path) not in text and "/tmp/" not in text
    entries = json.loads(text)["entries"]
    prefix = "" if not with_config else "bridges/"
    assert sorted(entries) == [f"{prefix}dist/bridges.{x}" for x in ("docx", "html", "pdf")]
    assert entries[f"{prefix}dist/bridges.html"]["source"] == f"{prefix}report.md"
    again = hrf("export", str(project / "bridges" / "report.md"), "--to", "all")
    assert "0 files written, 3 unchanged" in again.output


def test_a_cache_that_cannot_be_written_is_a_warning(hrf: Run, tmp_path: Path) -> None:
    shutil.copytree(FIXTURE, tmp_path / "bridges")
    (tmp_path / "hrf.yaml").write_text("lint:\n  fail-on: error\n", "utf-8")
    (tmp_path / ".hrf-cache").write_text("a file where the cache folder should be", "utf-8")
    result = hrf("export", "bridges/report.md", "--to", "html")
    assert result.exit_code == 0, result.output
    assert "wrote bridges/dist/bridges.html" in result.output
    assert re.search(r"warning: cannot write the export cache \.hrf-cache/export\.json: File "
                     r"exists \(the next export rebuilds everything\)", result.output)
