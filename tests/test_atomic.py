"""Atomic writes: all or nothing, and the old file survives a failure."""

from __future__ import annotations

import os

import pytest

from hrf_cli import atomic


def test_write_text_replaces_and_keeps_line_endings(tmp_path):
    target = tmp_path / "report.md"
    target.write_bytes(b"old\r\n")
    os.chmod(target, 0o600)
    atomic.write_text(target, "new\r\nline\n")
    assert target.read_bytes() == b"new\r\nline\n"
    assert target.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]


def test_failure_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "report.pdf"
    target.write_bytes(b"previous export")
    with pytest.raises(RuntimeError):
        with atomic.atomic_path(target) as tmp:
            tmp.write_bytes(b"half a fi")
            raise RuntimeError("typst failed")
    assert target.read_bytes() == b"previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


def test_creates_missing_folders(tmp_path):
    target = tmp_path / "dist" / "report.html"
    atomic.write_bytes(target, b"<html></html>")
    assert target.read_bytes() == b"<html></html>"
