"""The rule for files hrf cannot read at all; the engine reports it, there is no check."""

from __future__ import annotations

from hrf_cli.lint.findings import ERROR
from hrf_cli.lint.registry import Rule, RuleDoc, register_rule

UNREADABLE_FILE = Rule(
    code="HRF000",
    name="unreadable-file",
    severity=ERROR,
    summary="A report that cannot be read: missing, not UTF-8, or binary.",
    doc=RuleDoc(
        what="Reports a path that does not exist, is not a readable file, is not valid UTF-8 "
             "text, or is binary.",
        why="pandoc reads Markdown as UTF-8; a file saved in another encoding or a binary "
            "file picked up by a folder search would fail at export time, and a misspelt path "
            "in a release checklist would otherwise be checked silently as nothing.",
        bad="hrf lint reprot.md        # typo: no such file\n"
            "hrf lint notes-cp1251.md  # saved as Windows-1251",
        good="hrf lint report.md        # an existing UTF-8 file",
    ),
    check=None,
)

register_rule(UNREADABLE_FILE)
