"""Render the rule table as text, JSON or Markdown; docs/rules.md is generated from here.

Regenerate the docs with ``python -m hrf_cli.rules_doc > docs/rules.md`` (a test checks
the file is up to date, so docs cannot drift from the code).
"""

from __future__ import annotations

import json
from typing import Sequence

from hrf_cli.lint.registry import Rule, all_rules

DOC_HEADER = """# Lint rules

Generated from the rule table by `python -m hrf_cli.rules_doc > docs/rules.md`;
do not edit by hand. `hrf rules` lists the same rules and `hrf rules NAME` explains one.

Select or skip rules with `--select` / `--ignore` (names or codes) or in `hrf.yaml`
(`lint.select`, `lint.ignore`); silence one line with `<!-- hrf-ignore rule-name -->`
on the line above it.

| Code | Name | Severity | Summary |
| --- | --- | --- | --- |
"""


def render_rules(rules: Sequence[Rule], fmt: str, *, detailed: bool = False) -> str:
    if fmt == "json":
        return json.dumps([_as_dict(r) for r in rules], indent=2, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        return markdown(rules)
    if detailed:
        return "\n".join(_text_detail(r) for r in rules)
    width = max(len(r.name) for r in rules)
    lines = [f"{r.code}  {r.name:<{width}}  {r.severity:<7}  {r.summary}" for r in rules]
    return "\n".join(lines) + "\n"


def _as_dict(rule: Rule) -> dict[str, str]:
    return {"code": rule.code, "name": rule.name, "severity": rule.severity,
            "summary": rule.summary, "what": rule.doc.what, "why": rule.doc.why,
            "bad": rule.doc.bad, "good": rule.doc.good}


def _text_detail(rule: Rule) -> str:
    indent = lambda block: "\n".join("    " + line for line in block.splitlines())  # noqa: E731
    return (f"{rule.code} {rule.name} ({rule.severity})\n{rule.summary}\n\n"
            f"What it does:\n{indent(rule.doc.what)}\n\nWhy it matters:\n{indent(rule.doc.why)}\n\n"
            f"Bad:\n{indent(rule.doc.bad)}\n\nGood:\n{indent(rule.doc.good)}\n")


def _fence(example: str) -> str:
    ticks = "```"
    while ticks in example:
        ticks += "`"
    return f"{ticks}markdown\n{example}\n{ticks}"


def markdown(rules: Sequence[Rule]) -> str:
    """The full rules page: a summary table, then one section per rule."""
    parts = [DOC_HEADER]
    for r in rules:
        parts.append(f"| {r.code} | [`{r.name}`](#{r.name}) | {r.severity} | {r.summary} |\n")
    for r in rules:
        parts.append(
            f"\n## {r.name}\n\n`{r.code}` · {r.severity}\n\n"
            f"**What it does.** {r.doc.what}\n\n**Why it matters.** {r.doc.why}\n\n"
            f"**Bad:**\n\n{_fence(r.doc.bad)}\n\n**Good:**\n\n{_fence(r.doc.good)}\n")
    return "".join(parts)


if __name__ == "__main__":
    print(markdown(all_rules()), end="")
