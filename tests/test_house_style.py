"""House style where it prints largest (title, subtitle, abstract, alt text), and its repair."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

from click.testing import Result

Run = Callable[..., Result]
Write = Callable[..., Path]

CONFIG = "style:\n  terms:\n    Kharkov: Kharkiv\n    Kupyansk: Kupiansk\n"
REPORT = """---
title: "Kharkov under fire"
subtitle: KHARKOV and Kupyansk
author: Kharkov Human Rights Group
date: 2024-10-15
abstract: |
  The siege of kharkov
  and of Kupyansk.
---

![A street in Kharkov](street.png)

Text about Kharkov and `Kharkov` in code.
"""


def test_title_subtitle_abstract_and_alt_text_are_checked(hrf: Run, write: Write) -> None:
    write("hrf.yaml", CONFIG)
    write("report.md", REPORT)
    data = json.loads(hrf("lint", "report.md", "--select", "house-style", "--format", "json").stdout)
    where = [(f["line"], f["column"]) for f in data["files"][0]["findings"]]
    # Not the author (a name is not prose to restyle), not code.
    assert where == [(2, 9), (3, 11), (3, 23), (7, 16), (8, 10), (11, 15), (13, 12)]


def test_fix_house_style_keeps_the_case_written(hrf: Run, write: Write) -> None:
    write("hrf.yaml", CONFIG)
    report = write("report.md", REPORT)
    result = hrf("fix", "report.md", "--select", "house-style")
    assert result.exit_code == 0
    assert result.stderr.startswith("fixed report.md: house-style (7 edits)")
    text = report.read_text(encoding="utf-8")
    assert 'title: "Kharkiv under fire"' in text
    assert "subtitle: KHARKIV and Kupiansk" in text
    assert "The siege of kharkiv\n  and of Kupiansk." in text
    assert "author: Kharkov Human Rights Group" in text
    assert "![A street in Kharkiv](street.png)" in text
    assert "Text about Kharkiv and `Kharkov` in code." in text
    again = hrf("lint", "report.md", "--select", "house-style")
    assert again.exit_code == 0 and "No problems" in again.stdout


def test_fix_house_style_from_hrf_yaml(hrf: Run, write: Write) -> None:
    write("hrf.yaml", CONFIG + "fix:\n  house-style: true\n")
    report = write("report.md", REPORT)
    assert hrf("fix", "report.md").exit_code == 0
    assert "Kharkov under" not in report.read_text(encoding="utf-8")
