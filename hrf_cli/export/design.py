"""The organisation's look in one place: ``templates/style.yaml`` and its overrides.

Colours, typefaces, sizes and cover labels are read once, checked (a style file is input
like any other: colours must be ``#rrggbb``, font names plain words, sizes numbers) and
rendered into the three formats: typst ``#let`` bindings for the PDF template, CSS custom
properties for the HTML page, and the styles of the Word reference document (docx_style.py).
An organisation's file (``export.style`` in hrf.yaml, or ``style.yaml`` in its ``new.templates``
folder) only needs the keys it changes; the built-in file fills in the rest.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hrf_cli.errors import ConfigError
from hrf_cli.resources import templates_dir

COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
FONT = re.compile(r"[A-Za-z0-9][A-Za-z0-9 \-]{0,62}")
KINDS = ("report", "brief", "statement")
SECTIONS = {"fonts": ("text", "heading", "mono"),
            "colours": ("accent", "muted", "highlight", "rule", "ink", "tint"),
            "sizes": ("body", "note", "title", "heading-1", "heading-2", "heading-3"),
            "cover": KINDS}


@dataclass(frozen=True)
class Design:
    """Checked design tokens: ``tokens[section][key]``, every key present."""

    tokens: dict[str, dict[str, Any]]

    def identity(self) -> str:
        """A hash of the tokens, for cache keys."""
        return hashlib.sha256(json.dumps(self.tokens, sort_keys=True).encode()).hexdigest()

    def label(self, kind: str) -> str:
        return str(self.tokens["cover"].get(kind) or self.tokens["cover"]["report"])

    def typst(self) -> str:
        """``#let`` bindings the typst template reads (``hrf-accent``, ``hrf-text-font``…)."""
        lines = [f'#let hrf-{name} = rgb("{value}")' for name, value in self.tokens["colours"].items()]
        lines += [f"#let hrf-{name}-font = {typst_string(value)}"
                  for name, value in self.tokens["fonts"].items()]
        lines += [f"#let hrf-size-{name} = {value}pt" for name, value in self.tokens["sizes"].items()]
        return "\n".join(lines)

    def css(self) -> str:
        """CSS custom properties for the HTML template's ``:root``."""
        colours = [f"--{name}: {value};" for name, value in self.tokens["colours"].items()]
        fonts = self.tokens["fonts"]
        body = self.tokens["sizes"]["body"]
        scale = [f"--size-{name}: {round(value / body, 3)}rem;"
                 for name, value in self.tokens["sizes"].items() if name != "body"]
        return " ".join([*colours, f'--text-font: "{fonts["text"]}";',
                         f'--heading-font: "{fonts["heading"]}";', f'--mono-font: "{fonts["mono"]}";',
                         *scale])


def typst_string(text: str) -> str:
    """A typst string literal: backslashes and quotes escaped, no raw newlines."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("\r", " ")
    return f'"{escaped}"'


def load_design(style: str | None, root: Path | None, org_templates: str | None = None) -> Design:
    """The built-in tokens, overridden by the organisation's style file when there is one."""
    from ruamel.yaml import YAML

    builtin = YAML(typ="safe").load((templates_dir() / "style.yaml").read_text("utf-8"))
    tokens = {section: dict(builtin[section]) for section in SECTIONS}
    path = _style_file(style, root, org_templates)
    if path is not None:
        try:
            custom = YAML(typ="safe").load(path.read_text("utf-8"))
        except Exception as exc:  # noqa: BLE001 - any YAML or read problem names the file
            raise ConfigError(f"cannot read the style file: {str(exc).splitlines()[0]}",
                              path=str(path)) from None
        _merge(tokens, custom or {}, str(path))
    return Design(tokens)


def _style_file(style: str | None, root: Path | None, org_templates: str | None) -> Path | None:
    base = root or Path.cwd()
    if style:
        path = (base / Path(style).expanduser()).resolve()
        if not path.is_file():
            raise ConfigError(f"export.style: no such file {path}")
        return path
    if org_templates:
        candidate = base / org_templates / "style.yaml"
        if candidate.is_file():
            return candidate.resolve()
    return None


def _merge(tokens: dict[str, dict[str, Any]], custom: Any, shown: str) -> None:
    if not isinstance(custom, dict):
        raise ConfigError("a style file is a mapping of sections (fonts, colours, sizes, cover)",
                          path=shown)
    for section, values in custom.items():
        if section not in SECTIONS or not isinstance(values, dict):
            raise ConfigError(f"unknown style section {section!r}; sections are "
                              f"{', '.join(SECTIONS)}, each a mapping", path=shown)
        for key, value in values.items():
            if key not in SECTIONS[section]:
                raise ConfigError(f"{section}: unknown key {key!r}; keys are "
                                  f"{', '.join(SECTIONS[section])}", path=shown)
            tokens[section][key] = _check(section, key, value, shown)


def _check(section: str, key: str, value: Any, shown: str) -> Any:
    name = f"{section}.{key}"
    if section == "colours" and not (isinstance(value, str) and COLOUR.fullmatch(value)):
        raise ConfigError(f"{name}: expected a colour like \"#1d3557\", got {value!r}", path=shown)
    if section == "fonts" and not (isinstance(value, str) and FONT.fullmatch(value)):
        raise ConfigError(f"{name}: expected a font family name (letters, digits, spaces), "
                          f"got {value!r}", path=shown)
    if section == "sizes" and not (isinstance(value, (int, float)) and not isinstance(value, bool)
                                   and 4 <= value <= 96):
        raise ConfigError(f"{name}: expected a size in points from 4 to 96, got {value!r}",
                          path=shown)
    if section == "cover" and not (isinstance(value, str) and 0 < len(value) <= 60):
        raise ConfigError(f"{name}: expected a label of at most 60 characters, got {value!r}",
                          path=shown)
    return value
