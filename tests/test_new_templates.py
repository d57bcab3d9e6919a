"""Every built-in template gives a report that lints clean, that pandoc reads without a
warning, and that exports to every format."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Callable

import pytest
from click.testing import Result

from hrf_cli.cli import main
from hrf_cli.scaffold.discovery import builtin_folder
from tests.pandoc_reading import pandoc_path

Run = Callable[..., Result]
TEMPLATES = sorted(p.name for p in builtin_folder().iterdir() if (p / "template.yaml").is_file())
EXTRA = {"report": ["-F", "subtitle=Kharkiv oblast, 2024"],
         "brief": ["-F", "subtitle=Evacuation", "-F", "audience=the Ministry of Reintegration"],
         "statement": ["-F", "place=Kharkiv"]}
needs_export = pytest.mark.skipif("export" not in main.commands,
                                  reason="'hrf export' (issue 5) is not in this tree yet")


def test_the_three_templates_are_built_in() -> None:
    assert {"report", "brief", "statement"} <= set(TEMPLATES)


@pytest.fixture(params=[(name, full) for name in TEMPLATES for full in (False, True)],
                ids=lambda p: f"{p[0]}-{'all-fields' if p[1] else 'required-only'}")
def fresh(request: pytest.FixtureRequest, hrf: Run, tmp_path: Path) -> Path:
    """A report just created from a template, with only required values or every field."""
    name, full = request.param
    extra = EXTRA.get(name, []) if full else []
    result = hrf("new", "Купʼянськ: a city waiting", "-t", name, "-a", "Field Documentation Team",
                 "--date", "2026-11-25", "--no-input", *extra)
    assert result.exit_code == 0, result.output
    return tmp_path / "kupiansk-a-city-waiting" / "report.md"


def test_fresh_report_lints_clean(hrf: Run, fresh: Path) -> None:
    result = hrf("lint", "--format", "json", str(fresh))
    assert result.exit_code == 0
    assert json.loads(result.stdout)["summary"] == {"files": 1, "errors": 0, "warnings": 0}


def test_pandoc_reads_fresh_report_without_warnings(fresh: Path) -> None:
    done = subprocess.run([pandoc_path(), "--citeproc", "report.md", "-t", "html"],
                          cwd=fresh.parent, capture_output=True, text=True, encoding="utf-8")
    assert (done.returncode, done.stderr) == (0, "")
    assert "<h2 id=\"summary\">" in done.stdout or "Key points" in done.stdout \
        or "We call on" in done.stdout


@needs_export
def test_fresh_report_exports_to_every_format(hrf: Run, fresh: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = hrf("export", str(fresh), "--to", "all", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output.lower()
    for suffix in (".html", ".pdf", ".docx"):
        [exported] = out.glob(f"*{suffix}")
        assert exported.stat().st_size > 0
