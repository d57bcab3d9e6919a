"""Asking on a terminal for what ``hrf new`` was not given: the CLI's side of the answers.

This is the one scaffold module that talks to the user (through click); the core takes its
``ask`` callable and never prints.
"""

from __future__ import annotations

import datetime
import sys
from typing import Any

import click

from hrf_cli.errors import ConfigError
from hrf_cli.scaffold.answers import LIST_SEPARATOR, normalise
from hrf_cli.scaffold.manifest import Field


def on_terminal() -> bool:
    """Whether a person can answer: both input and output are terminals."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def ask_field(field: Field, default: Any) -> Any:
    """Prompt for one field, asking again until the answer is valid."""
    label = field.prompt
    if field.kind == "list":
        label += f" (separate several with '{LIST_SEPARATOR}')"
    if field.help:
        click.echo(field.help, err=True)

    def check(raw: str) -> Any:
        try:
            value = normalise(field, raw, datetime.date.today())
        except ConfigError as exc:
            raise click.BadParameter(exc.message) from None
        if field.required and not value:
            raise click.BadParameter(f"{field.name} is required")
        return value

    shown = LIST_SEPARATOR.join(default) if isinstance(default, list) else default
    return click.prompt(label, default=shown if shown else ("" if not field.required else None),
                        value_proc=check, show_default=bool(shown), err=True)


def ask_template(names: list[str], default: str) -> str:
    """Ask which template to use, offering the known names."""
    return click.prompt("Template", type=click.Choice(names), default=default, err=True)
