"""Helpers for the Word tests: where the fixtures are, pandoc's view of a report."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from hrf_cli.export.pandoc import pandoc_path

WORD = Path(__file__).resolve().parent / "fixtures" / "word"


def draft(tmp_path: Path, name: str) -> Path:
    """A copy of a fixture in tmp_path (tests never write beside the committed files)."""
    target = tmp_path / name
    shutil.copy(WORD / name, target)
    return target


def front(report: Path) -> dict[str, Any]:
    return YAML(typ="safe").load(report.read_text("utf-8").split("---\n")[1])


def pandoc_ast(path: Path, *args: str) -> dict[str, Any]:
    done = subprocess.run([pandoc_path(), *args, "-t", "json", str(path)], capture_output=True,
                          check=True, cwd=path.parent)
    return json.loads(done.stdout)


def collect(node: Any, kind: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []

    def go(item: Any) -> None:
        if isinstance(item, list):
            for sub in item:
                go(sub)
        elif isinstance(item, dict):
            if item.get("t") == kind:
                found.append(item)
            go(item.get("c"))

    go(node)
    return found


def text(node: Any) -> str:
    from hrf_cli.word.ast import stringify

    return stringify(node)
