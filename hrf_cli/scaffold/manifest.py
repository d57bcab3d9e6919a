"""A template's manifest, ``template.yaml``: its description, the fields it asks for, and
the front matter it writes.

A template is a folder: the manifest plus files. Files ending ``.j2`` are rendered with
Jinja2 and lose the suffix; others are copied byte for byte. Keeping the questions and the
front matter in data lets an organisation write a template without touching Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hrf_cli.errors import ConfigError
from hrf_cli.scaffold.confine import inside_template, real, relative_folder

MANIFEST = "template.yaml"
KINDS = ("text", "list", "date")


@dataclass(frozen=True)
class Field:
    """One value the template needs: asked for on a terminal, or given as an option."""

    name: str
    prompt: str
    kind: str = "text"  # text | list (several values) | date (YYYY-MM-DD, "today" allowed)
    required: bool = False
    default: str | None = None  # a text default; "today" for a date
    help: str = ""


@dataclass(frozen=True)
class FrontMatterKey:
    """One key of the report's front matter: a field's value or a fixed value, and a comment."""

    key: str
    comment: str
    field: str | None = None
    value: Any = None


@dataclass(frozen=True)
class Template:
    """A template folder and what its manifest says about it."""

    name: str
    path: Path
    description: str
    source: str  # "built-in" or the organisation folder it came from
    fields: list[Field] = field(default_factory=list)
    front_matter: list[FrontMatterKey] = field(default_factory=list)
    folders: list[str] = field(default_factory=list)

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


def load_template(path: Path, source: str) -> Template:
    """Read ``path/template.yaml``; every problem is a ConfigError naming the manifest."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    manifest = path / MANIFEST
    shown = str(manifest)
    try:
        data = YAML(typ="safe").load(inside_template(manifest, real(path)).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the template manifest: {exc}", path=shown) from None
    except YAMLError as exc:
        raise ConfigError(f"invalid YAML in the template manifest: {exc}", path=shown) from None
    if not isinstance(data, dict):
        raise ConfigError("a template manifest must be a mapping with 'description' and "
                          "'fields'", path=shown)
    unknown = set(data) - {"description", "fields", "front-matter", "folders"}
    if unknown:
        raise ConfigError(f"unknown keys in the template manifest: {', '.join(sorted(unknown))}; "
                          "known keys: description, fields, front-matter, folders", path=shown)
    description = data.get("description")
    if not isinstance(description, str) or not description.strip():
        raise ConfigError("the template manifest needs a 'description'", path=shown)
    fields = [_field(item, shown) for item in _list(data, "fields", shown)]
    names = [f.name for f in fields]
    front = [_front_key(item, names, shown) for item in _list(data, "front-matter", shown)]
    folders = [relative_folder(str(f), shown).as_posix() for f in _list(data, "folders", shown)]
    return Template(path.name, path, description.strip(), source, fields, front, folders)


def _list(data: dict, key: str, shown: str) -> list:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise ConfigError(f"'{key}' in the template manifest must be a list", path=shown)
    return value


def _field(item: Any, shown: str) -> Field:
    if not isinstance(item, dict) or not isinstance(item.get("name"), str):
        raise ConfigError(f"each of 'fields' needs a 'name', got {item!r}", path=shown)
    known = {"name", "prompt", "kind", "required", "default", "help"}
    if set(item) - known:
        raise ConfigError(f"field {item['name']!r}: unknown keys "
                          f"{', '.join(sorted(set(item) - known))}", path=shown)
    kind = item.get("kind", "text")
    if kind not in KINDS:
        raise ConfigError(f"field {item['name']!r}: kind must be one of {', '.join(KINDS)}, "
                          f"got {kind!r}", path=shown)
    default = item.get("default")
    return Field(name=item["name"], prompt=str(item.get("prompt") or item["name"]), kind=kind,
                 required=bool(item.get("required", False)),
                 default=None if default is None else str(default), help=str(item.get("help", "")))


def _front_key(item: Any, names: list[str], shown: str) -> FrontMatterKey:
    if not isinstance(item, dict) or not isinstance(item.get("key"), str):
        raise ConfigError(f"each of 'front-matter' needs a 'key', got {item!r}", path=shown)
    source = item.get("field")
    if source is not None and source not in names:
        raise ConfigError(f"front-matter key {item['key']!r} uses field {source!r}, which is "
                          "not among 'fields'", path=shown)
    return FrontMatterKey(key=item["key"], comment=str(item.get("comment", "")), field=source,
                          value=item.get("value"))
