"""The rule table: every lint rule with its code, name, severity, summary and documentation.

Rules register themselves with :func:`rule`; docs, ``hrf rules`` and SARIF metadata are all
generated from this one table so they cannot drift apart.
"""

from __future__ import annotations

import importlib
from collections import namedtuple
from typing import TYPE_CHECKING, Callable, Iterable

from hrf_cli.lint.findings import SEVERITIES, Problem

if TYPE_CHECKING:
    from hrf_cli.config import Config
    from hrf_cli.document import Document

CheckFunction = Callable[["Document", "Config"], Iterable[Problem]]

# Modules under hrf_cli.lint.rules that define rules; imported on first use of the table.
RULE_MODULES = ("files", "refused", "front_matter", "footnotes", "markers", "citations", "sources",
                "ibid", "style", "links", "html", "safety",
                "publication")


class RuleDoc(namedtuple("RuleDoc", "what why bad good")):
    """The four parts every rule's documentation has."""

    __slots__ = ()
    what: str
    why: str
    bad: str
    good: str


class Rule(namedtuple("Rule", "code name severity summary doc check network",
                      defaults=(False,))):
    __slots__ = ()
    code: str
    name: str
    severity: str
    summary: str
    doc: RuleDoc
    check: CheckFunction | None
    # Checks over the network: reports only under ``hrf lint --check-links``, silent otherwise.
    network: bool


_RULES: dict[str, Rule] = {}
_loaded = False


def rule(code: str, name: str, severity: str, summary: str, *, what: str, why: str,
         bad: str, good: str, network: bool = False) -> Callable[[CheckFunction], CheckFunction]:
    """Register the decorated function as the check of a rule."""
    if severity not in SEVERITIES:
        raise ValueError(f"unknown severity {severity!r} for rule {name}")

    def register(check: CheckFunction) -> CheckFunction:
        register_rule(Rule(code, name, severity, summary, RuleDoc(what, why, bad, good), check,
                           network))
        return check

    return register


def register_rule(new: Rule) -> None:
    for existing in _RULES.values():
        if existing.code == new.code or existing.name == new.name:
            raise ValueError(f"rule {new.code} {new.name} clashes with {existing.code} {existing.name}")
    _RULES[new.name] = new


def all_rules() -> list[Rule]:
    """Every rule, ordered by code."""
    global _loaded
    if not _loaded:
        _loaded = True
        for module in RULE_MODULES:
            importlib.import_module(f"hrf_cli.lint.rules.{module}")
    return sorted(_RULES.values(), key=lambda r: r.code)


def get_rule(name_or_code: str) -> Rule | None:
    for candidate in all_rules():
        if name_or_code in (candidate.name, candidate.code) or name_or_code.upper() == candidate.code:
            return candidate
    return None


def rule_table() -> dict[str, str]:
    """Every accepted spelling of a rule (its name and its code) to its name: what hrf.yaml's
    ``lint.select``/``lint.ignore`` and ``--select``/``--ignore`` are checked against."""
    table: dict[str, str] = {}
    for found in all_rules():
        table[found.name] = found.name
        table[found.code] = found.name
    return table


def resolve_selection(names: Iterable[str], *, option: str) -> set[str]:
    """Turn codes or names into rule names; an unknown one is a configuration error."""
    from hrf_cli.errors import ConfigError

    chosen: set[str] = set()
    for raw in names:
        for part in raw.split(","):
            part = part.strip()
            if not part:
                continue
            found = get_rule(part)
            if found is None:
                known = ", ".join(r.name for r in all_rules())
                raise ConfigError(f"{option}: unknown rule {part!r} (known rules: {known})")
            chosen.add(found.name)
    return chosen
