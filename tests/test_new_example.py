"""The bundled example report (the README's Quick start): complete, clean, and readable by
pandoc without a warning."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any, Callable

import pytest
from click.testing import Result
from ruamel.yaml import YAML

from hrf_cli.cli import main
from tests.pandoc_reading import pandoc_path

Run = Callable[..., Result]
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "kupiansk"
REPORT = EXAMPLE / "report.md"


def pandoc_json(*extra: str) -> tuple[dict[str, Any], str]:
    done = subprocess.run([pandoc_path(), *extra, "report.md", "-t", "json"], cwd=EXAMPLE,
                          capture_output=True, text=True, encoding="utf-8", check=True)
    return json.loads(done.stdout), done.stderr


def elements(node: Any, kind: str) -> list[Any]:
    found = []
    if isinstance(node, dict):
        if node.get("t") == kind:
            found.append(node)
        for value in node.values():
            found += elements(value, kind)
    elif isinstance(node, list):
        for value in node:
            found += elements(value, kind)
    return found


def test_example_lints_clean(hrf: Run) -> None:
    result = hrf("lint", "--format", "json", str(REPORT))
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["summary"] == {"files": 1, "errors": 0, "warnings": 0}
    stats = data["files"][0]["stats"]
    assert stats["words"] >= 2500
    assert stats["notes"] >= 25
    assert stats["footnote_definitions"] >= 15 and stats["citations"] >= 10  # a mix of both


def test_pandoc_reads_example_without_warnings() -> None:
    doc, stderr = pandoc_json("--citeproc")
    assert stderr == ""
    meta = doc["meta"]
    assert {"title", "subtitle", "author", "date", "lang", "bibliography"} <= set(meta)
    assert len(elements(doc["blocks"], "Table")) == 1
    images = elements(doc["blocks"], "Image")
    assert len(images) == 1
    alt, (src, _) = images[0]["c"][1], images[0]["c"][2]
    assert len(elements(alt, "Str")) > 20  # real alt text, not a file name
    assert (EXAMPLE / src).is_file() and (EXAMPLE / src).read_bytes()[:4] == b"\x89PNG"


def test_example_bibliography_has_every_kind_of_source_and_each_is_cited() -> None:
    entries = json.loads((EXAMPLE / "references.json").read_text(encoding="utf-8"))
    doc, _ = pandoc_json()
    cited = {c["citationId"] for cite in elements(doc["blocks"], "Cite") for c in cite["c"][0]}
    assert cited == {e["id"] for e in entries}
    kinds = {e["type"] for e in entries}
    assert {"article-newspaper", "report", "interview"} <= kinds
    assert any(e.get("publisher") in ("OHCHR", "HRMMU", "OCHA") for e in entries)  # UN
    for entry in entries:
        if entry["type"] == "article-newspaper" or "URL" in entry:
            assert entry["URL"].startswith("https://") and "accessed" in entry, entry["id"]
        if entry["type"] == "report":
            assert entry["publisher"], entry["id"]
        if entry["type"] == "interview":
            assert entry["issued"]["date-parts"], entry["id"]


def test_example_front_matter_is_what_hrf_new_writes() -> None:
    text = REPORT.read_text(encoding="utf-8")
    front = YAML(typ="safe").load(text.split("---\n")[1])
    assert front["bibliography"] == "references.json" and front["lang"] == "en-GB"
    assert (EXAMPLE / "hrf.yaml").is_file()


@pytest.mark.skipif("export" not in main.commands,
                    reason="'hrf export' (issue 5) is not in this tree yet")
def test_example_exports_to_every_format(hrf: Run, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "kupiansk"
    shutil.copytree(EXAMPLE, copy)
    out = tmp_path / "out"
    result = hrf("export", str(copy / "report.md"), "--to", "all", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output.lower()
    for suffix in (".html", ".pdf", ".docx"):
        [exported] = out.glob(f"*{suffix}")
        assert exported.stat().st_size > 10_000
    html = next(out.glob("*.html")).read_text(encoding="utf-8")
    assert "Waiting for the Front Again" in html and "schematic map of Kupiansk" in html
