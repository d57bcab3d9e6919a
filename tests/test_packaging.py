"""The wheel ships every package and the templates folder."""

from __future__ import annotations

import re
from pathlib import Path

from hrf_cli.resources import templates_dir

ROOT = Path(__file__).resolve().parents[1]


def test_every_package_is_listed_in_pyproject():
    listed = set(re.findall(r'"(hrf_cli(?:\.[\w.]+)?)"', (ROOT / "pyproject.toml").read_text()))
    on_disk = {".".join(p.parent.relative_to(ROOT).parts)
               for p in (ROOT / "hrf_cli").rglob("__init__.py")}
    assert on_disk <= listed, f"add to [tool.setuptools] packages: {sorted(on_disk - listed)}"
    assert "hrf_cli.templates" in listed


def test_templates_folder_is_found():
    assert (templates_dir() / "README.md").is_file()
