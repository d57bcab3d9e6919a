"""The project configuration ``hrf.yaml``: discovery, loading, validation and CLI overrides.

Validation is driven by :data:`SCHEMA` so a new section is a record class, one table entry and
one :class:`Config` field. The sections are immutable :class:`~hrf_cli.record.FrozenRecord`
classes rather than frozen dataclasses, which took a tenth of ``hrf lint``'s start-up to make.
Every problem in the file is collected and reported in one
:class:`~hrf_cli.errors.ConfigError`, so a writer fixes the whole file in one pass.

Precedence is defaults < file < command line (:meth:`Config.with_overrides`). A key written
with no value (``select:``) is an error rather than a silent default: remove the key instead.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterable, Mapping

from hrf_cli.errors import ConfigError
from hrf_cli.record import FrozenRecord, replace
from hrf_cli.schema import INVALID as _INVALID
from hrf_cli.schema import Parser, Problems, Section
from hrf_cli.schema import boolean as _boolean
from hrf_cli.schema import choice as _choice
from hrf_cli.schema import did_you_mean as _did_you_mean
from hrf_cli.schema import key_line as _key_line
from hrf_cli.schema import kind as _kind
from hrf_cli.schema import seconds as _seconds
from hrf_cli.schema import size as _size
from hrf_cli.schema import string_map as _string_map
from hrf_cli.schema import strings as _strings
from hrf_cli.schema import text as _text
from hrf_cli.schema import unknown as _unknown
from hrf_cli.export.settings import ExportConfig
from hrf_cli.export.settings import options as export_options

CONFIG_NAMES = ("hrf.yaml", ".hrf.yaml")  # looked for in this order in each folder
FAIL_ON = ("error", "warning", "never")
DEFAULT_REQUIRED_FIELDS = ("title", "author", "date")
CROSSREF_STYLES = ("pandoc-crossref", "quarto")


class LintConfig(FrozenRecord):
    """The ``lint:`` section; ``select`` None means every rule runs."""

    _fields = ("select", "ignore", "fail_on", "required_fields", "exclude", "extend_exclude",
               "respect_gitignore", "crossref")
    select: set[str] | None
    ignore: set[str]
    fail_on: str
    required_fields: list[str]
    exclude: list[str] | None  # gitignore patterns, relative to hrf.yaml (None: defaults)
    extend_exclude: list[str]  # added to exclude or the defaults
    respect_gitignore: bool
    # Which cross-references look like citations but are not: pandoc-crossref's @fig:map
    # (default) or Quarto's @fig-map (always so in .qmd files).
    crossref: str

    def __init__(self, select: set[str] | None = None, ignore: set[str] | None = None,
                 fail_on: str = "error", required_fields: list[str] | None = None,
                 exclude: list[str] | None = None, extend_exclude: list[str] | None = None,
                 respect_gitignore: bool = True, crossref: str = "pandoc-crossref") -> None:
        self.__dict__.update(
            select=select, ignore=set() if ignore is None else ignore, fail_on=fail_on,
            required_fields=list(DEFAULT_REQUIRED_FIELDS) if required_fields is None
            else required_fields,
            exclude=exclude, extend_exclude=[] if extend_exclude is None else extend_exclude,
            respect_gitignore=respect_gitignore, crossref=crossref)

    def runs(self, rule_name: str) -> bool:
        """Whether a rule runs: selected (or no selection) and not ignored; ignore wins."""
        return (self.select is None or rule_name in self.select) and rule_name not in self.ignore


# Fields each CSL type of source must have (``all`` applies to every type).
DEFAULT_SOURCE_FIELDS: dict[str, list[str]] = {
    "all": ["title"],
    "webpage": ["URL", "accessed"],
    "article-newspaper": ["URL", "accessed"],
    "post": ["URL", "accessed"],
    "post-weblog": ["URL", "accessed"],
    "report": ["publisher"],
    "legal_case": ["authority"],
    "interview": ["issued"],
}


class SourcesConfig(FrozenRecord):
    """The ``sources:`` section: which bibliography fields each type of source needs."""

    _fields = ("required_fields",)
    required_fields: dict[str, list[str]]

    def __init__(self, required_fields: dict[str, list[str]] | None = None) -> None:
        self.__dict__["required_fields"] = {k: list(v) for k, v in DEFAULT_SOURCE_FIELDS.items()} \
            if required_fields is None else required_fields


class StyleConfig(FrozenRecord):
    """The ``style:`` section: house-style terms, each mapped to the preferred form."""

    _fields = ("terms",)
    terms: dict[str, str]

    def __init__(self, terms: dict[str, str] | None = None) -> None:
        self.__dict__["terms"] = {} if terms is None else terms


class NewConfig(FrozenRecord):
    """The ``new:`` section: the organisation's own templates for ``hrf new``.

    ``templates`` is a folder (relative to hrf.yaml) of template folders; ``requirement`` is
    what the CI files of ``hrf new --ci`` install hrf from (a pip requirement).
    """

    _fields = ("templates", "template", "organisation", "requirement")
    templates: str | None
    template: str
    organisation: str
    requirement: str | None  # hrf is not on the package index: no default

    def __init__(self, templates: str | None = None, template: str = "report",
                 organisation: str = "", requirement: str | None = None) -> None:
        self.__dict__.update(templates=templates, template=template, organisation=organisation,
                             requirement=requirement)


class FixConfig(FrozenRecord):
    """The ``fix:`` section: which safe repairs ``hrf fix`` makes and the house style they follow."""

    _fields = ("renumber", "labels", "reorder_definitions", "marker_placement",
               "duplicate_definitions", "house_style")
    renumber: bool
    labels: str  # keep | numbers: also give non-numeric labels numbers
    reorder_definitions: bool
    marker_placement: str  # keep | after-punctuation | before-punctuation
    duplicate_definitions: bool
    house_style: bool  # replace style.terms with their preferred forms

    def __init__(self, renumber: bool = True, labels: str = "keep",
                 reorder_definitions: bool = False, marker_placement: str = "keep",
                 duplicate_definitions: bool = True, house_style: bool = False) -> None:
        self.__dict__.update(renumber=renumber, labels=labels,
                             reorder_definitions=reorder_definitions,
                             marker_placement=marker_placement,
                             duplicate_definitions=duplicate_definitions, house_style=house_style)


DEFAULT_MAX_FILE_SIZE = 50 * 1000**2
DEFAULT_TIME_LIMIT = 300.0
DEFAULT_MEMORY_LIMIT = 4 * 1024**3


class SafetyConfig(FrozenRecord):
    """The ``safety:`` section: the project boundary and the limits on files and child processes.

    ``root`` widens the project root (relative to hrf.yaml; default: hrf.yaml's folder);
    ``protected_names`` is a file of names that must never be published (relative to hrf.yaml,
    ``~`` expanded, absolute allowed). Sizes are bytes, times seconds.
    """

    _fields = ("root", "max_file_size", "time_limit", "memory_limit", "protected_names")
    root: str | None
    max_file_size: int
    time_limit: float
    memory_limit: int
    protected_names: str | None

    def __init__(self, root: str | None = None, max_file_size: int = DEFAULT_MAX_FILE_SIZE,
                 time_limit: float = DEFAULT_TIME_LIMIT, memory_limit: int = DEFAULT_MEMORY_LIMIT,
                 protected_names: str | None = None) -> None:
        self.__dict__.update(root=root, max_file_size=max_file_size, time_limit=time_limit,
                             memory_limit=memory_limit, protected_names=protected_names)


class Config(FrozenRecord):
    """Everything hrf.yaml can set; ``path`` is None when no file was found (all defaults).

    ``lines`` holds the line of each option written in the file (``"export.out": 12``), for
    later messages; it is neither compared nor shown.
    """

    _fields = ("path", "lint", "sources", "style", "new", "fix", "export", "safety", "lines")
    _compared = _shown = _fields[:-1]
    path: Path | None
    lint: LintConfig
    sources: SourcesConfig
    style: StyleConfig
    new: NewConfig
    fix: FixConfig
    export: ExportConfig
    safety: SafetyConfig
    lines: dict[str, int]

    def __init__(self, path: Path | None = None, lint: LintConfig | None = None,
                 sources: SourcesConfig | None = None, style: StyleConfig | None = None,
                 new: NewConfig | None = None, fix: FixConfig | None = None,
                 export: ExportConfig | None = None, safety: SafetyConfig | None = None,
                 lines: dict[str, int] | None = None) -> None:
        self.__dict__.update(
            path=path, lint=LintConfig() if lint is None else lint,
            sources=SourcesConfig() if sources is None else sources,
            style=StyleConfig() if style is None else style,
            new=NewConfig() if new is None else new, fix=FixConfig() if fix is None else fix,
            export=ExportConfig() if export is None else export,
            safety=SafetyConfig() if safety is None else safety,
            lines={} if lines is None else lines)

    @property
    def root(self) -> Path | None:
        """The folder holding hrf.yaml, against which paths in the file are meant."""
        return self.path.parent if self.path is not None else None

    def with_overrides(self, select: Iterable[str] | None = None, ignore: Iterable[str] | None = None,
                       fail_on: str | None = None, rules: RuleTable | None = None) -> Config:
        """Apply command-line options on top of the file (``rules``: the rule table).

        ``--select`` replaces the file's selection (the user asked for exactly these rules now);
        ``--ignore`` adds to the file's ignores (a project's ignores are deliberate and must not
        silently come back). None or empty means the option was not given.
        """
        lint = self.lint
        if select:
            lint = replace(lint, select=resolve_rules(_as_list(select), rules, option="--select"))
        if ignore:
            extra = resolve_rules(_as_list(ignore), rules, option="--ignore")
            lint = replace(lint, ignore=lint.ignore | extra)
        if fail_on is not None:
            if fail_on not in FAIL_ON:
                raise ConfigError(f"--fail-on: expected one of {', '.join(FAIL_ON)}, got {fail_on!r}"
                                  + _did_you_mean(fail_on, FAIL_ON))
            lint = replace(lint, fail_on=fail_on)
        return replace(self, lint=lint)






RuleTable = Mapping[str, str]  # every accepted spelling (name, code) -> the rule's name


def _rule_list(rules: RuleTable | None) -> Parser:
    """Rule names or codes, as a list or one comma-separated string, checked against the rule
    table the caller hands over (the lint layer's; config never imports it). Without a table
    the names are kept as written: only ``hrf lint`` and the export's lint gate need them."""
    def parse(value: Any, line: int, name: str, problems: Problems) -> Any:
        if isinstance(value, str):
            items = [(value, line)]
        elif isinstance(value, list):
            items = [(item, _key_line(value, index=i, default=line)) for i, item in enumerate(value)]
        else:
            problems.append((line, f"{name}: expected a list of rule names or codes, "
                                   f"or a comma-separated string, got {_kind(value)}"))
            return _INVALID
        chosen: set[str] = set()
        for item, at in items:
            if not isinstance(item, str):
                problems.append((at, f"{name}: expected a rule name or code, got {_kind(item)}"))
                continue
            for part in filter(None, (p.strip() for p in item.split(","))):
                try:
                    chosen |= resolve_rules([part], rules, option=name)
                except ConfigError as exc:
                    problems.append((at, exc.message + _did_you_mean(part, rules or {})))
        return chosen
    return parse


def resolve_rules(names: Iterable[str], rules: RuleTable | None, *, option: str) -> set[str]:
    """Rule names for names or codes (comma-separated allowed); unknown ones are a ConfigError."""
    chosen: set[str] = set()
    for raw in names:
        for part in filter(None, (p.strip() for p in raw.split(","))):
            if rules is None:
                chosen.add(part)
                continue
            found = rules.get(part) or rules.get(part.upper())
            if found is None:
                known = ", ".join(dict.fromkeys(rules.values()))
                raise ConfigError(f"{option}: unknown rule {part!r} (known rules: {known})")
            chosen.add(found)
    return chosen










def _field_table(value: Any, line: int, name: str, problems: Problems) -> Any:
    """A mapping of source type to a list of CSL field names; merged over the defaults."""
    if not isinstance(value, dict):
        problems.append((line, f"{name}: expected a mapping of source type to field list, "
                               f"got {_kind(value)}"))
        return _INVALID
    table = {k: list(v) for k, v in DEFAULT_SOURCE_FIELDS.items()}
    for key, fields in value.items():
        at = _key_line(value, key, default=line)
        parsed = _strings(fields, at, f"{name}.{key}", problems)
        if parsed is not _INVALID:
            table[str(key)] = parsed
    return table






def parse_size(text: str, name: str) -> int:
    """A size given on the command line (``--memory-limit 2GiB``); ConfigError when invalid."""
    problems: Problems = []
    size = _size(text, 0, name, problems)
    if problems:
        raise ConfigError(problems[0][1])
    return int(size)




SCHEMA: dict[str, Section] = {
    "lint": Section(LintConfig, {
        "select": _rule_list(None),
        "ignore": _rule_list(None),
        "fail-on": _choice(*FAIL_ON),
        "required-fields": _strings,
        "exclude": _strings,
        "extend-exclude": _strings,
        "respect-gitignore": _boolean,
        "crossref": _choice(*CROSSREF_STYLES),
    }),
    "sources": Section(SourcesConfig, {"required-fields": _field_table}),
    "style": Section(StyleConfig, {"terms": _string_map}),
    "new": Section(NewConfig, {"templates": _text, "template": _text, "organisation": _text,
                               "requirement": _text}),
    "fix": Section(FixConfig, {"renumber": _boolean, "labels": _choice("keep", "numbers"),
                               "reorder-definitions": _boolean,
                               "marker-placement": _choice("keep", "after-punctuation",
                                                           "before-punctuation"),
                               "duplicate-definitions": _boolean,
                               "house-style": _boolean}),
    "export": Section(ExportConfig, export_options()),
    "safety": Section(SafetyConfig, {"root": _text, "max-file-size": _size,
                                     "time-limit": _seconds, "memory-limit": _size,
                                     "protected-names": _text}),
}


def find_config(start: Path) -> Path | None:
    """The nearest hrf.yaml (or .hrf.yaml) in ``start``'s folder or any folder above it."""
    start = Path(os.path.abspath(start))
    folder = start if start.is_dir() else start.parent
    for candidate_dir in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            candidate = candidate_dir / name
            if candidate.is_file():
                return candidate
    return None


def load_config(path: Path | None, rules: RuleTable | None = None) -> Config:
    """Read and validate one hrf.yaml (rule names against ``rules`` when given); None gives
    the defaults."""
    if path is None:
        return Config()
    from hrf_cli.safe_read import Refused, read_limited

    shown = _display(path)
    try:  # a contributed hrf.yaml could be a FIFO or a link to /dev/zero: bounded, non-blocking
        raw = read_limited(path, DEFAULT_MAX_FILE_SIZE, "configuration file", shown)
    except Refused as exc:
        raise ConfigError(f"cannot read configuration file: it {exc.reason}", path=shown) from None
    except OSError as exc:
        raise ConfigError(f"cannot read configuration file: {exc.strerror or exc}", path=shown) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError("configuration file is not valid UTF-8", path=shown,
                          line=raw[:exc.start].count(b"\n") + 1) from None

    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        data = YAML(typ="rt").load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise ConfigError(f"invalid YAML: {exc.problem or exc.context}", path=shown,
                          line=mark.line + 1 if mark else None) from None
    except YAMLError as exc:
        raise ConfigError(f"invalid YAML: {exc}", path=shown) from None

    problems: Problems = []  # an empty file (or only comments) loads as None: all defaults
    if data is not None and not isinstance(data, dict):
        problems.append((_key_line(data), "the top level must be a mapping of sections "
                                           f"(such as 'lint:'), got {_kind(data)}"))
    lines: dict[str, int] = {}
    sections = _validate(data, problems, lines, rules) if isinstance(data, dict) else {}
    if problems:
        raise _collected(problems, shown)
    return Config(path=Path(os.path.abspath(path)), lines=lines, **sections)


def _validate(data: dict, problems: Problems, lines: dict[str, int],
              rules: RuleTable | None = None) -> dict[str, Any]:
    """Check every section against SCHEMA and build its record from the valid options;
    ``lines`` gets the line of each option, rule names are checked against ``rules``."""
    sections: dict[str, Any] = {}
    for key, body in data.items():
        line = _key_line(data, key)
        section = SCHEMA.get(key)
        if key == "lint" and rules is not None:
            section = Section(LintConfig, {**SCHEMA["lint"].options, "select": _rule_list(rules),
                                           "ignore": _rule_list(rules)})
        if section is None:
            problems.append((line, _unknown(f"unknown section {str(key)!r}", key, SCHEMA, "sections")))
            continue
        if body is None:
            continue  # "lint:" with everything commented out
        if not isinstance(body, dict):
            problems.append((line, f"{key}: expected a mapping of options, got {_kind(body)}"))
            continue
        values: dict[str, Any] = {}
        for option, value in body.items():
            at, name = _key_line(body, option), f"{key}.{option}"
            lines[name] = at
            parse = section.options.get(option)
            if parse is None:
                problems.append((at, _unknown(f"{key}: unknown key {str(option)!r}", option,
                                              section.options, "keys")))
            elif value is None:
                problems.append((at, f"{name}: no value given (remove the key to use the default)"))
            elif (parsed := parse(value, at, name, problems)) is not _INVALID:
                values[option.replace("-", "_")] = parsed
        sections[key] = section.type(**values)
    return sections


class ConfigCache:
    """One run's configurations, so many reports under one hrf.yaml find and load it once."""

    def __init__(self, rules: RuleTable | None = None) -> None:
        self._found: dict[Path, Path | None] = {}
        self._loaded: dict[Path | None, Config] = {}
        self._rules = rules

    def config_for(self, report: Path, explicit: Path | None = None) -> Config:
        """The configuration for ``report``: ``explicit`` (``--config``) wins over discovery."""
        if explicit is not None:
            if not explicit.exists():
                raise ConfigError("configuration file not found", path=str(explicit))
            key: Path | None = Path(os.path.abspath(explicit))
        else:
            report = Path(os.path.abspath(report))
            folder = report if report.is_dir() else report.parent
            if folder not in self._found:
                self._found[folder] = find_config(folder)
            key = self._found[folder]
        if key not in self._loaded:
            self._loaded[key] = load_config(key, self._rules)
        return self._loaded[key]


def _collected(problems: Problems, shown: str) -> ConfigError:
    """One error for all problems; a single one keeps the plain ``path:line: message`` form."""
    problems = sorted(problems, key=lambda p: p[0])
    if len(problems) == 1:
        return ConfigError(problems[0][1], path=shown, line=problems[0][0])
    listed = "\n".join(f"  {shown}:{line}: {message}" for line, message in problems)
    return ConfigError(f"{len(problems)} problems in the configuration:\n{listed}", path=shown)








def _as_list(values: Iterable[str]) -> list[str]:
    return [values] if isinstance(values, str) else list(values)




def _display(path: Path) -> str:
    """The path relative to the working folder when it is below it, as editors link best."""
    try:
        return str(Path(os.path.abspath(path)).relative_to(Path.cwd()))
    except ValueError:
        return str(path)
