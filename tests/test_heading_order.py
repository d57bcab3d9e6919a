"""heading-order reads headings as the scanner (and pandoc) does, at pandoc's levels."""

from __future__ import annotations

import json
import subprocess

import pypandoc

from hrf_cli.document import parse_document

TRICKY = """---
title: T
---

Title one
=========

Part
----

```
#### not a heading: code
```

<!--
#### not a heading: comment
-->

A paragraph
#### not a heading without a blank line before it

#### Skipped a level

[^1]: A note with

    ## its own heading

Text.[^1]
"""


def pandoc_levels(text: str) -> list[int]:
    ast = json.loads(subprocess.run([pypandoc.get_pandoc_path(), "-f", "markdown", "-t", "json"],
                                    input=text, capture_output=True, text=True,
                                    check=True).stdout)
    return [block["c"][0] for block in ast["blocks"] if block["t"] == "Header"]


def test_levels_are_pandocs() -> None:
    doc = parse_document(TRICKY, "r.md")
    body = [h.level for h in doc.scan.headings if h.in_definition is None]
    assert body == pandoc_levels(TRICKY) == [1, 2, 4]


def test_only_the_real_skip_is_reported(hrf, write) -> None:
    write("r.md", TRICKY)
    data = json.loads(hrf("lint", "r.md", "--select", "heading-order", "--format", "json").stdout)
    assert [(f["line"], f["message"]) for f in data["files"][0]["findings"]] == [
        (22, "heading level 4 follows level 2; use level 3 (###)")]
