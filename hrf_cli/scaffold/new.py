"""The whole of ``hrf new`` as one call: find the configuration and the template, gather the
answers, create the folder. The CLI hands in how to ask (or None: never ask).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from hrf_cli.config import find_config, load_config
from hrf_cli.scaffold.answers import Ask, resolve_values
from hrf_cli.scaffold.ci import requirement_for
from hrf_cli.scaffold.create import Created, NewReport, create_report
from hrf_cli.scaffold.discovery import find_templates, get_template

AskTemplate = Callable[[list[str], str], str]


@dataclass(frozen=True)
class NewOptions:
    """What the command line gave; empty values are asked for or defaulted."""

    parent: Path
    template: str | None = None
    given: dict[str, Any] | None = None
    force: bool = False
    ci: bool = False
    requirement: str | None = None  # where the --ci files install hrf from


def new_report(options: NewOptions, ask_field: Ask | None = None,
               ask_template: AskTemplate | None = None) -> tuple[Created, str]:
    """Create a report; returns what was written and the template's name."""
    config = load_config(find_config(options.parent))
    name = options.template
    if name is None:
        name = config.new.template
        if ask_template is not None:
            name = ask_template(sorted(find_templates(config)), name)
    template = get_template(name, config)
    given = {k: v for k, v in (options.given or {}).items() if v not in (None, "", (), [])}
    values = resolve_values(template, given, ask_field)
    requirement = (requirement_for(options.requirement, config.new.requirement, ask_field)
                   if options.ci else None)
    request = NewReport(template=template, values=values, parent=options.parent, config=config,
                        force=options.force, ci=options.ci, requirement=requirement)
    return create_report(request), template.name
