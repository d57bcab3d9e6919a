"""Turn a template and the answers into file contents, in memory, before anything is written.

Rendering everything first means a template mistake (a misspelt variable: Jinja2 runs with
StrictUndefined) fails before a single file exists. The front matter is built with
ruamel.yaml rather than by the template, so titles with colons or quotes stay valid YAML.
"""

from __future__ import annotations

import datetime
import io
import os
import traceback
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from hrf_cli.errors import ConfigError
from hrf_cli.scaffold.confine import loader, template_files
from hrf_cli.scaffold.manifest import MANIFEST, Template

RENDERED_SUFFIX = ".j2"


@dataclass(frozen=True)
class PlannedFile:
    """One file the template writes: its path relative to the target and its bytes."""

    path: PurePosixPath
    data: bytes


def front_matter(template: Template, values: dict[str, Any],
                 extra: dict[str, tuple[Any, str]] | None = None) -> str:
    """The YAML block (with its ``---`` lines), one short comment above each key.

    Optional fields left empty are left out, so no report starts with an empty ``subtitle:``.
    ``extra`` (key: value and comment) replaces a key's value or adds the key at the end.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    data = CommentedMap()
    for item in template.front_matter:
        value = values.get(item.field) if item.field is not None else item.value
        if value is None or value == "" or value == []:
            continue
        if isinstance(value, list):
            value = CommentedSeq(value)
        elif isinstance(value, str) and item.field and _is_date_field(template, item.field):
            value = datetime.date.fromisoformat(value)
        data[item.key] = value
        if item.comment:
            data.yaml_set_comment_before_after_key(item.key, before=item.comment, indent=0)
    for key, (value, comment) in (extra or {}).items():
        added = key not in data
        data[key] = value
        if added and comment:
            data.yaml_set_comment_before_after_key(key, before=comment, indent=0)
    yaml = YAML()
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # a long title stays on one line
    out = io.StringIO()
    yaml.dump(data, out)
    return "---\n" + out.getvalue() + "---\n"


def _is_date_field(template: Template, name: str) -> bool:
    spec = template.field(name)
    return spec is not None and spec.kind == "date"


def plan_files(template: Template, context: dict[str, Any]) -> list[PlannedFile]:
    """Every file of the template folder (except the manifest), rendered or copied.

    Templates are data, not code: Jinja2 runs sandboxed (no attribute of Python's insides,
    no function call the template was not handed), and only files inside the template folder
    are read (see confine.py). Every problem is a ConfigError naming the file and line.
    """
    from jinja2 import StrictUndefined, TemplateError
    from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

    env = ImmutableSandboxedEnvironment(loader=loader(template.path), undefined=StrictUndefined,
                                        keep_trailing_newline=True, autoescape=False)
    planned: list[PlannedFile] = []
    for relative, source in template_files(template.path):
        if relative == PurePosixPath(MANIFEST):
            continue
        shown = template.path / Path(*relative.parts)
        if relative.name.endswith(RENDERED_SUFFIX):
            try:
                text = env.get_template(relative.as_posix()).render(context)
            except SecurityError as exc:
                raise ConfigError(f"template {template.name!r} tried something a template may "
                                  f"not do ({exc}); templates are data, not code, so nothing "
                                  "was written", path=str(shown),
                                  line=_template_line(exc, shown)) from None
            except TemplateError as exc:
                raise ConfigError(f"template {template.name!r} cannot be rendered: {exc}",
                                  path=_error_file(exc, shown),
                                  line=_template_line(exc, shown)) from None
            except UnicodeDecodeError:
                raise ConfigError(f"template {template.name!r}: a .j2 file must be UTF-8 text",
                                  path=str(shown)) from None
            target = relative.with_name(relative.name[:-len(RENDERED_SUFFIX)])
            planned.append(PlannedFile(target, text.encode("utf-8")))
        else:
            planned.append(PlannedFile(relative, source.read_bytes()))
    return planned


def _error_file(exc: Exception, source: Path) -> str:
    """The file a Jinja2 error is in: an included file's own name when it is one of them."""
    name = getattr(exc, "filename", None)
    return str(name) if name else str(source)


def _template_line(exc: Exception, source: Path) -> int | None:
    """The template line of a Jinja2 error: syntax errors carry it, others are in the trace."""
    line = getattr(exc, "lineno", None)
    if line:
        return int(line)
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if os.path.abspath(f.filename) == os.path.abspath(source)]
    return frames[-1].lineno if frames else None
