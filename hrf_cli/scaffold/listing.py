"""The text of ``hrf templates``: each template with where it comes from, what it is for,
and the fields ``hrf new`` asks for."""

from __future__ import annotations

from typing import Iterable

from hrf_cli.scaffold.answers import OPTION_FOR
from hrf_cli.scaffold.manifest import Field, Template


def describe(templates: Iterable[Template]) -> str:
    """Plain text, one block per template, in name order."""
    blocks = []
    for template in sorted(templates, key=lambda t: t.name):
        lines = [f"{template.name} ({template.source})", f"  {template.description}", "  fields:"]
        lines += [f"    {_field(f)}" for f in template.fields]
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)


def _field(spec: Field) -> str:
    notes = ["required" if spec.required else "optional"]
    if spec.kind == "list":
        notes.append("several allowed")
    if spec.kind == "date":
        notes.append("YYYY-MM-DD")
    if spec.default:
        notes.append(f"default: {spec.default}")
    notes.append(OPTION_FOR.get(spec.name, f"--field {spec.name}=VALUE"))
    return f"{spec.name}: {spec.prompt} [{', '.join(notes)}]"
