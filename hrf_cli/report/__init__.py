"""Reporters: turn a :class:`LintResult` into text, JSON, SARIF or GitHub annotations.

Each format lives in its own small module with the same ``render`` signature; this package
picks one by name and imports it only when asked, so ``import hrf_cli.report`` stays cheap
(rich is imported by the text reporter alone, and only when it runs).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Sequence, TextIO

from hrf_cli.gcpolicy import fewer_collections

if TYPE_CHECKING:
    from hrf_cli.lint.findings import LintResult
    from hrf_cli.lint.registry import Rule

FORMATS = ("text", "full", "concise", "json", "sarif", "github")
TEXT_STYLES = ("text", "full", "concise")  # one reporter: full or concise (text: full on a terminal)
STATISTICS_FORMATS = TEXT_STYLES + ("json",)

_MODULES = {"text": "text", "full": "text", "concise": "text", "json": "json_report",
            "sarif": "sarif", "github": "github"}


def render(fmt: str, result: LintResult, stream: TextIO, *, rules: Sequence[Rule],
           color: bool | None = None, checked: int | None = None) -> None:
    """Write ``result`` to ``stream`` in format ``fmt``.

    ``rules`` is the rule table (SARIF lists it as tool metadata); ``color`` forces colour on
    or off for the text formats (None: decide from the stream and NO_COLOR/FORCE_COLOR);
    ``checked`` is how many files were checked (None: the number of files in ``result``).
    Findings are written in the order given: the caller sorts them.
    """
    if fmt not in _MODULES:
        raise ValueError(f"unknown report format {fmt!r} (choose from {', '.join(FORMATS)})")
    module = importlib.import_module(f"{__name__}.{_MODULES[fmt]}")
    extra = {"style": fmt} if fmt in TEXT_STYLES else {}
    with fewer_collections():  # a row or line per finding: many short-lived objects
        module.render(result, stream, rules=rules, color=color, checked=checked, **extra)


def render_statistics(fmt: str, result: LintResult, stream: TextIO, *,
                      color: bool | None = None) -> None:
    """Write how many findings each rule has (``--statistics``) instead of the findings."""
    if fmt not in STATISTICS_FORMATS:
        raise ValueError(f"--statistics prints {', '.join(STATISTICS_FORMATS)}, not {fmt}")
    module = importlib.import_module(f"{__name__}.statistics")  # like the formats: on demand
    module.render(result, stream, as_json=fmt == "json", color=color)


def files_checked(result: LintResult, checked: int | None) -> int:
    """The number of files checked: as told by the caller, else every file in the result."""
    return len(result.files) if checked is None else checked
