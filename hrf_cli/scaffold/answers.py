"""The values a template asks for: given as options, asked for on a terminal, or defaulted.

The asking itself is a callable handed in by the CLI, so this module never prints; without
one (``--no-input``, no terminal) every missing required value is named in one error.
"""

from __future__ import annotations

import datetime
import re
from typing import Any, Callable, Mapping

from hrf_cli.errors import ConfigError
from hrf_cli.scaffold.manifest import Field, Template

Ask = Callable[[Field, Any], Any]  # (field, default or None) -> raw answer
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
LIST_SEPARATOR = ";"
# How each standard field is given on the command line, for the error that names it.
OPTION_FOR = {"title": "the TITLE argument", "authors": "--author", "date": "--date",
              "template": "--template"}


def resolve_values(template: Template, given: Mapping[str, Any], ask: Ask | None,
                   today: datetime.date | None = None) -> dict[str, Any]:
    """A value for every field of ``template``; raises ConfigError naming what is missing."""
    unknown = sorted(set(given) - {f.name for f in template.fields})
    if unknown:
        names = ", ".join(f.name for f in template.fields)
        raise ConfigError(f"template {template.name!r} has no field {', '.join(unknown)}; "
                          f"its fields: {names}")
    today = today or datetime.date.today()
    values: dict[str, Any] = {}
    missing: list[Field] = []
    for spec in template.fields:
        default = _default(spec, today)
        raw = given.get(spec.name)
        if _empty(raw) and ask is not None:
            raw = ask(spec, default)
        if _empty(raw):
            raw = default
        value = normalise(spec, raw, today)
        if _empty(value) and spec.required:
            missing.append(spec)
        values[spec.name] = value
    if missing:
        named = ", ".join(f"{f.name} ({OPTION_FOR.get(f.name, f'--field {f.name}=VALUE')})"
                          for f in missing)
        raise ConfigError(f"missing required value{'s' if len(missing) > 1 else ''}: {named}; "
                          "give them on the command line, or run 'hrf new' on a terminal "
                          "without --no-input to be asked")
    return values


def normalise(spec: Field, raw: Any, today: datetime.date) -> Any:
    """A field's value in the form templates use: text, a list of text, or YYYY-MM-DD."""
    if spec.kind == "list":
        items = raw if isinstance(raw, (list, tuple)) else str(raw or "").split(LIST_SEPARATOR)
        return [str(item).strip() for item in items if str(item).strip()]
    text = "" if raw is None else str(raw).strip()
    if spec.kind == "date" and text:
        if text == "today":
            return today.isoformat()
        try:
            if not DATE.fullmatch(text):
                raise ValueError
            return datetime.date.fromisoformat(text).isoformat()
        except ValueError:
            raise ConfigError(f"{spec.name}: expected a date as YYYY-MM-DD, got {text!r}") from None
    return text


def _default(spec: Field, today: datetime.date) -> Any:
    if spec.default is None:
        return None
    if spec.kind == "date" and spec.default == "today":
        return today.isoformat()
    return spec.default


def _empty(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, (list, tuple)) and not value)


def parse_field_options(pairs: tuple[str, ...]) -> dict[str, str]:
    """``--field NAME=VALUE`` options as a mapping; a pair without '=' is a usage error."""
    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ConfigError(f"--field: expected NAME=VALUE, got {pair!r}")
        out[name.strip()] = value
    return out
