"""SARIF 2.1.0, the format GitHub code scanning and most CI dashboards ingest.

Rule metadata comes from the rule table passed in (the same table ``hrf rules`` and the
docs use), so the descriptions shown in code scanning cannot drift from the docs.
Paths are relative to ``%SRCROOT%`` and percent-encoded into URI references; columns are
counted in Unicode code points (``run.columnKind``), which is how hrf counts them.
"""

from __future__ import annotations

import re
from json.encoder import encode_basestring as _string
from typing import TYPE_CHECKING, Any, Sequence, TextIO
from urllib.parse import quote

from hrf_cli import __version__
from hrf_cli.report.jsonrows import dump, encode_row

if TYPE_CHECKING:
    from hrf_cli.lint.findings import Finding, LintResult
    from hrf_cli.lint.registry import Rule

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/hrf-reports/hrf"
SRCROOT = "%SRCROOT%"


def artifact_location(path: str, index: int | None = None) -> dict[str, Any]:
    """A relative path becomes a URI reference under %SRCROOT%; an absolute one a file: URI."""
    posix = path.replace("\\", "/")
    if re.match(r"[A-Za-z]:/", posix):  # Windows drive: file:///C:/...
        location: dict[str, Any] = {"uri": "file:///" + posix[:2] + quote(posix[2:])}
    elif posix.startswith("/"):
        location = {"uri": "file://" + quote(posix)}
    else:
        location = {"uri": quote(posix), "uriBaseId": SRCROOT}
    if index is not None:
        location["index"] = index
    return location


def _fence(example: str) -> str:
    """A backtick fence longer than any backtick run inside the example."""
    longest = max((len(run) for run in re.findall(r"`+", example)), default=0)
    return "`" * max(3, longest + 1)


def help_text(rule: Rule) -> str:
    return f"{rule.doc.why}\n\nBad:\n{rule.doc.bad.rstrip()}\n\nGood:\n{rule.doc.good.rstrip()}\n"


def help_markdown(rule: Rule) -> str:
    bad, good = rule.doc.bad.rstrip(), rule.doc.good.rstrip()
    fb, fg = _fence(bad), _fence(good)
    return (f"{rule.doc.why}\n\n**Bad:**\n\n{fb}markdown\n{bad}\n{fb}\n\n"
            f"**Good:**\n\n{fg}markdown\n{good}\n{fg}\n")


def reporting_descriptor(rule: Rule) -> dict[str, Any]:
    """One entry of ``tool.driver.rules``."""
    tags = ["hrf", "pandoc-markdown"]
    module = getattr(rule.check, "__module__", "") or ""
    if module.startswith("hrf_cli.lint.rules."):
        tags.append(module.rsplit(".", 1)[-1].replace("_", "-"))
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.doc.what},
        "help": {"text": help_text(rule), "markdown": help_markdown(rule)},
        "defaultConfiguration": {"level": rule.severity},
        "properties": {"tags": tags},
    }


def _region(f: Finding) -> dict[str, Any]:
    region = {"startLine": f.line, "startColumn": f.column}
    if f.end_line is not None:
        region["endLine"] = f.end_line
    if f.end_column is not None:
        region["endColumn"] = f.end_column
    return region


def sarif_result(f: Finding, rule_index: dict[str, int], artifact_index: dict[str, int],
                 locations: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """One entry of ``run.results`` (``locations``: artifact locations already made, by path)."""
    location = locations.get(f.path) if locations is not None else None
    if location is None:
        location = artifact_location(f.path, artifact_index.get(f.path))
        if locations is not None:
            locations[f.path] = location
    out: dict[str, Any] = {"ruleId": f.code}
    if f.code in rule_index:
        out["ruleIndex"] = rule_index[f.code]
    out["level"] = f.severity
    out["message"] = {"text": f.message}
    physical: dict[str, Any] = {"artifactLocation": location}
    if f.located:
        physical["region"] = _region(f)
    out["locations"] = [{"physicalLocation": physical}]
    if f.paragraph is not None:  # a Word draft: the region's line is the paragraph number
        word = {"paragraph": f.paragraph}
        if f.note is not None:
            word.update(note=f.note, noteKind=f.note_kind)
        out["properties"] = word
    if f.fix is not None:
        out["fixes"] = [{
            "artifactChanges": [{
                "artifactLocation": location,
                "replacements": [{
                    "deletedRegion": {"byteOffset": e.start_byte,
                                      "byteLength": e.end_byte - e.start_byte},
                    "insertedContent": {"text": e.replacement},
                } for e in f.fix.edits],
            }],
        }]
    return out


def to_dict(result: LintResult, rules: Sequence[Rule]) -> dict[str, Any]:
    """The SARIF log as plain data (what :func:`render` serialises)."""
    rule_index, artifact_index = _indexes(result, rules)
    locations: dict[str, dict[str, Any]] = {}
    return _log(rules, artifact_index, [sarif_result(f, rule_index, artifact_index, locations)
                                        for f in result.findings()])


def _indexes(result: LintResult, rules: Sequence[Rule]) -> tuple[dict[str, int], dict[str, int]]:
    """Each rule's place in ``tool.driver.rules`` and each file's in ``run.artifacts``."""
    artifact_index: dict[str, int] = {}
    for file in result.files:
        artifact_index.setdefault(file.path, len(artifact_index))
    return {rule.code: i for i, rule in enumerate(rules)}, artifact_index


def _log(rules: Sequence[Rule], artifact_index: dict[str, int], results: list[Any]) -> dict[str, Any]:
    run = {
        "tool": {"driver": {
            "name": "hrf",
            "version": __version__,
            "informationUri": INFORMATION_URI,
            "rules": [reporting_descriptor(rule) for rule in rules],
        }},
        "artifacts": [{"location": artifact_location(path), "roles": ["analysisTarget"]}
                      for path in artifact_index],
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


class ResultWriter:
    """Each finding as the compact JSON of :func:`sarif_result`, written directly: 300,000
    results are not first made into 1.5 million dictionaries. What a rule and a path always
    write is encoded once; a fix or a Word paragraph (rare) goes through the dictionary."""

    def __init__(self, rule_index: dict[str, int], artifact_index: dict[str, int]):
        self.rule_index = rule_index
        self.artifact_index = artifact_index
        self.locations: dict[str, dict[str, Any]] = {}
        self.heads: dict[tuple[str, str], str] = {}  # (code, level): text up to the message
        self.places: dict[str, str] = {}  # path: its location, up to its region

    def __call__(self, f: Finding) -> str:
        if f.fix is not None or f.paragraph is not None:
            return encode_row(sarif_result(f, self.rule_index, self.artifact_index,
                                           self.locations))
        head = self.heads.get((f.code, f.severity))
        if head is None:
            head = self.heads[(f.code, f.severity)] = self._head(f.code, f.severity)
        place = self.places.get(f.path)
        if place is None:
            place = self.places[f.path] = self._place(f.path)
        if not f.located:
            return f"{head}{_string(f.message)}}}, {place}}}}}]}}"
        if f.end_line is not None and f.end_column is not None:  # most findings
            region = (f'"startLine": {f.line!r}, "startColumn": {f.column!r}, '
                      f'"endLine": {f.end_line!r}, "endColumn": {f.end_column!r}')
        else:
            region = f'"startLine": {f.line!r}, "startColumn": {f.column!r}'
            if f.end_line is not None:
                region += f', "endLine": {f.end_line!r}'
            if f.end_column is not None:
                region += f', "endColumn": {f.end_column!r}'
        return f'{head}{_string(f.message)}}}, {place}, "region": {{{region}}}}}}}]}}'

    def _head(self, code: str, level: str) -> str:
        index = self.rule_index.get(code)
        rule = f'"ruleIndex": {index}, ' if index is not None else ""
        return f'{{"ruleId": {_string(code)}, {rule}"level": {_string(level)}, "message": {{"text": '

    def _place(self, path: str) -> str:
        location = self.locations.get(path)
        if location is None:
            location = self.locations[path] = artifact_location(path, self.artifact_index.get(path))
        return f'"locations": [{{"physicalLocation": {{"artifactLocation": {encode_row(location)}'


def render(result: LintResult, stream: TextIO, *, rules: Sequence[Rule] = (),
           color: bool | None = None, checked: int | None = None) -> None:
    """Write the SARIF log (indent 2, one result per line, UTF-8 text, trailing newline)."""
    rule_index, artifact_index = _indexes(result, rules)
    log = _log(rules, artifact_index, result.findings())
    dump(log, "results", stream, ResultWriter(rule_index, artifact_index))
    stream.write("\n")
