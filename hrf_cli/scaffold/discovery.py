"""Where templates come from: the built-in ones shipped with hrf, then the organisation's.

The organisation's folder is named in hrf.yaml (``new: templates: folder``, relative to the
hrf.yaml); a template there with a built-in's name replaces it, so an organisation can adapt
``report`` without renaming it.
"""

from __future__ import annotations

from pathlib import Path

from hrf_cli.config import Config
from hrf_cli.errors import ConfigError
from hrf_cli.resources import templates_dir
from hrf_cli.scaffold.confine import real
from hrf_cli.scaffold.manifest import MANIFEST, Template, load_template

BUILT_IN = "built-in"


def builtin_folder() -> Path:
    return templates_dir() / "new"


def helper_template(name: str) -> Template:
    """A built-in folder of files that is not a template of its own (``_ci``, ``_config``)."""
    return Template(name=name, path=builtin_folder() / name, description=name, source=BUILT_IN)


def organisation_folder(config: Config) -> Path | None:
    """The organisation's template folder from hrf.yaml, or None when it names none."""
    if config.new.templates is None:
        return None
    folder = Path(config.new.templates).expanduser()
    if not folder.is_absolute() and config.root is not None:
        folder = config.root / folder
    if not folder.is_dir():
        raise ConfigError(f"new.templates: the template folder {str(folder)!r} does not exist",
                          path=str(config.path) if config.path else None)
    return folder


def find_templates(config: Config) -> dict[str, Template]:
    """Every template by name, built-in first, the organisation's replacing same-named ones."""
    found: dict[str, Template] = {}
    folders: list[tuple[Path, str]] = [(builtin_folder(), BUILT_IN)]
    organisation = organisation_folder(config)
    if organisation is not None:
        folders.append((organisation, str(organisation)))
    for folder, source in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.name[0] in "._" or not (path / MANIFEST).is_file():
                continue  # _ci and hidden folders are helpers, not templates
            if not real(path).is_relative_to(real(folder)):
                raise ConfigError(f"template {path.name!r} is a link to {real(path)}, outside "
                                  f"the template folder {folder}; copy it in instead",
                                  path=str(path))
            found[path.name] = load_template(path, source)
    return found


def get_template(name: str, config: Config) -> Template:
    """One template by name; an unknown name is a usage error listing the known ones."""
    templates = find_templates(config)
    if name not in templates:
        known = ", ".join(sorted(templates)) or "none"
        raise ConfigError(f"unknown template {name!r}; known templates: {known} "
                          "(run 'hrf templates')")
    return templates[name]
