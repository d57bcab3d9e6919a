"""The value classes written out on hrf_cli.record behave as the dataclasses they replaced.

They were dataclasses; generating those cost a sixth of ``hrf lint``'s start-up (issue 13).
Each is checked here against its old dataclass definition: the same constructor (names,
order, defaults), equality over the same fields, the same repr, hash and order, frozen where it
was frozen, and ``replace`` for the frozen ones.
"""

from __future__ import annotations

import copy
import dataclasses
import inspect
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from hrf_cli import bibliography, document, positions, walk
from hrf_cli import config as config_module
from hrf_cli.export.settings import FORMATS, ExportConfig
from hrf_cli.lint import engine, findings
from hrf_cli.lint.rules import ibid
from hrf_cli.markdown import model
from hrf_cli.record import FrozenError, replace
from hrf_cli.repairs import renumber
from hrf_cli.safety import names

# The old definitions (field names, defaults and dataclass options exactly as they were).


@dataclass(frozen=True)
class ByteEdit:
    start_byte: int
    end_byte: int
    replacement: str


@dataclass(frozen=True)
class Fix:
    edits: tuple


@dataclass(frozen=True)
class Problem:
    start: int
    end: int
    message: str
    fix: Any = None
    path: Any = None
    line: Any = None
    column: Any = None
    severity: Any = None


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    column: int
    code: str
    rule: str
    severity: str
    message: str
    end_line: Any = None
    end_column: Any = None
    fix: Any = field(default=None, compare=False)
    paragraph: Any = field(default=None, compare=False)
    note: Any = field(default=None, compare=False)
    note_kind: Any = field(default=None, compare=False)


@dataclass
class FileStats:
    words: int = 0
    notes: int = 0
    footnote_definitions: int = 0
    citations: int = 0
    citation_keys: list = field(default_factory=list)


@dataclass
class FileResult:
    path: str
    findings: list = field(default_factory=list)
    stats: Any = None
    source: Any = field(default=None, repr=False, compare=False)


@dataclass
class LintResult:
    files: list = field(default_factory=list)


@dataclass(frozen=True)
class LintConfig:
    select: Any = None
    ignore: set = field(default_factory=set)
    fail_on: str = "error"
    required_fields: list = field(default_factory=lambda: ["title", "author", "date"])
    exclude: Any = None
    extend_exclude: list = field(default_factory=list)
    respect_gitignore: bool = True
    crossref: str = "pandoc-crossref"


@dataclass(frozen=True)
class SourcesConfig:
    required_fields: dict = field(default_factory=lambda: {
        k: list(v) for k, v in config_module.DEFAULT_SOURCE_FIELDS.items()})


@dataclass(frozen=True)
class StyleConfig:
    terms: dict = field(default_factory=dict)


@dataclass(frozen=True)
class NewConfig:
    templates: Any = None
    template: str = "report"
    organisation: str = ""
    requirement: Any = None


@dataclass(frozen=True)
class FixConfig:
    renumber: bool = True
    labels: str = "keep"
    reorder_definitions: bool = False
    marker_placement: str = "keep"
    duplicate_definitions: bool = True
    house_style: bool = False


@dataclass(frozen=True)
class SafetyConfig:
    root: Any = None
    max_file_size: int = config_module.DEFAULT_MAX_FILE_SIZE
    time_limit: float = config_module.DEFAULT_TIME_LIMIT
    memory_limit: int = config_module.DEFAULT_MEMORY_LIMIT
    protected_names: Any = None


@dataclass(frozen=True)
class ExportConfigOld:
    formats: tuple = FORMATS
    out: Any = None
    csl: str = "chicago-notes-bibliography"
    notes: str = "footnotes"
    toc: str = "auto"
    toc_depth: int = 2
    organisation: str = ""
    raw_html: str = "sanitise"
    style: Any = None


@dataclass(frozen=True)
class Config:
    path: Any = None
    lint: Any = field(default_factory=config_module.LintConfig)
    sources: Any = field(default_factory=config_module.SourcesConfig)
    style: Any = field(default_factory=config_module.StyleConfig)
    new: Any = field(default_factory=config_module.NewConfig)
    fix: Any = field(default_factory=config_module.FixConfig)
    export: Any = field(default_factory=ExportConfig)
    safety: Any = field(default_factory=config_module.SafetyConfig)
    lines: dict = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class LintOptions:
    config: Any = None
    select: tuple = ()
    ignore: tuple = ()
    fail_on: Any = None
    links: Any = None
    exclude: tuple = ()
    extend_exclude: tuple = ()
    respect_gitignore: Any = None
    force_exclude: bool = False
    stdin: Any = None
    stdin_filename: Any = None


@dataclass
class LintRun:
    result: Any
    fail_on: str
    messages: list = field(default_factory=list)


@dataclass(frozen=True)
class Target:
    path: Any
    shown: str
    config: Any
    data: Any = None


@dataclass
class FootnoteRef:
    label: str
    start: int
    end: int
    in_definition: Any = None
    definition_index: Any = None
    in_meta: bool = False


@dataclass
class FootnoteDef:
    label: str
    start: int
    marker_end: int
    end: int
    content_empty: bool = False
    in_definition: Any = None
    swallowed_start: Any = None
    swallowed_end: Any = None


@dataclass
class InlineNote:
    start: int
    end: int
    in_definition: Any = None
    definition_index: Any = None


@dataclass
class Citation:
    key: str
    start: int
    end: int
    bracketed: bool = False
    in_definition: Any = None
    definition_index: Any = None
    in_meta: bool = False


@dataclass
class MalformedMarker:
    text: str
    start: int
    end: int
    reason: str


@dataclass
class Link:
    url: str
    start: int
    end: int
    in_definition: Any = None
    definition_index: Any = None
    bare: bool = False
    image: bool = False
    alt: str = ""
    image_start: int = -1


@dataclass
class Heading:
    start: int
    end: int
    explicit_id: bool = False
    in_definition: Any = None
    level: int = 1


@dataclass
class LinkDefinition:
    label: str
    url: str
    start: int
    end: int


@dataclass
class ImageRef:
    label: str
    start: int
    end: int


@dataclass
class RawHtml:
    start: int
    end: int


@dataclass
class FrontMatter:
    start: int
    end: int
    first_line: int
    data: Any = None
    error: Any = None
    error_line: Any = None
    error_column: Any = None
    unsafe: Any = None


@dataclass
class Document:
    path: str
    text: str
    lines: Any
    front_matter: Any
    body_start: int
    scan: Any
    source: Any = None
    boundary: Any = None
    origin: Any = None


@dataclass
class Entry:
    id: str
    type: str
    fields: Any
    path: str
    line: int


@dataclass
class BibliographyProblem:
    path: str
    line: int
    message: str


@dataclass
class Bibliography:
    declared: bool = False
    entries: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    unreadable: bool = False
    duplicates: list = field(default_factory=list)
    refused: list = field(default_factory=list)


@dataclass(frozen=True)
class Position:
    line: int
    column: int
    offset: int
    byte_offset: int


@dataclass
class _Rules:
    specs: list = field(default_factory=list)


@dataclass
class NameList:
    files: list = field(default_factory=list)
    entries: dict = field(default_factory=dict)
    sources: dict = field(default_factory=dict)
    matcher: Any = None
    latin: bool = False


@dataclass
class Renumbering:
    mapping: dict = field(default_factory=dict)
    edits: list = field(default_factory=list)
    refused: Any = None


@dataclass
class RenderedNote:
    marker_start: int
    marker_end: int
    text: str
    keys: Any


PAIRS = [
    (findings.ByteEdit, ByteEdit), (findings.Fix, Fix), (findings.Problem, Problem),
    (findings.Finding, Finding), (findings.FileStats, FileStats),
    (findings.FileResult, FileResult), (findings.LintResult, LintResult),
    (config_module.LintConfig, LintConfig), (config_module.SourcesConfig, SourcesConfig),
    (config_module.StyleConfig, StyleConfig), (config_module.NewConfig, NewConfig),
    (config_module.FixConfig, FixConfig), (config_module.SafetyConfig, SafetyConfig),
    (ExportConfig, ExportConfigOld), (config_module.Config, Config),
    (engine.LintOptions, LintOptions), (engine.LintRun, LintRun), (engine.Target, Target),
    (model.FootnoteRef, FootnoteRef), (model.FootnoteDef, FootnoteDef),
    (model.InlineNote, InlineNote), (model.Citation, Citation),
    (model.MalformedMarker, MalformedMarker), (model.Link, Link), (model.Heading, Heading),
    (model.LinkDefinition, LinkDefinition), (model.ImageRef, ImageRef),
    (model.RawHtml, RawHtml),
    (document.FrontMatter, FrontMatter), (document.Document, Document),
    (bibliography.Entry, Entry), (bibliography.BibliographyProblem, BibliographyProblem),
    (bibliography.Bibliography, Bibliography), (positions.Position, Position),
    (walk._Rules, _Rules), (names.NameList, NameList), (renumber.Renumbering, Renumbering),
    (ibid.RenderedNote, RenderedNote),
]


def _both(new: type, old: type, values: dict[str, Any]) -> tuple[Any, Any]:
    old.__qualname__ = new.__qualname__  # the dataclass repr names the class by it
    return new(**values), old(**values)


def _values(old: type, salt: str = "") -> dict[str, Any]:
    """A distinct hashable value for every field."""
    return {f.name: f"{f.name}{salt}" for f in dataclasses.fields(old)}


@pytest.mark.parametrize("new, old", PAIRS, ids=lambda c: c.__qualname__)
def test_same_constructor_and_defaults(new: type, old: type) -> None:
    params = list(inspect.signature(new.__init__).parameters.values())[1:]
    fields = dataclasses.fields(old)
    assert [p.name for p in params] == [f.name for f in fields]
    required = [f.name for f in fields if f.default is dataclasses.MISSING
                and f.default_factory is dataclasses.MISSING]
    assert [p.name for p in params if p.default is inspect.Parameter.empty] == required
    given = {name: f"v-{name}" for name in required}
    made, expected = _both(new, old, given)
    for f in fields:  # defaults, factories included: equal, and never shared between objects
        assert getattr(made, f.name) == getattr(expected, f.name), f.name
        if f.default_factory is not dataclasses.MISSING:
            assert getattr(made, f.name) is not getattr(new(**given), f.name), f.name
    made = new(*[f"p{k}" for k in range(len(params))])  # positionally, in field order
    assert [getattr(made, f.name) for f in fields] == [f"p{k}" for k in range(len(params))]


@pytest.mark.parametrize("new, old", PAIRS, ids=lambda c: c.__qualname__)
def test_same_equality_repr_hash_and_order(new: type, old: type) -> None:
    values = _values(old)
    made, expected = _both(new, old, values)
    assert repr(made) == repr(expected)
    assert made == new(**values) and not made != new(**values)
    assert made != expected and made != tuple(values.values())  # another class never equals
    params = old.__dataclass_params__  # type: ignore[attr-defined]
    if params.frozen:
        assert hash(made) == hash(expected) == hash(new(**values))
    else:
        with pytest.raises(TypeError):
            hash(made)
    for f in dataclasses.fields(old):  # each field alone: compared exactly when it was
        changed = {**values, f.name: "other"}
        other, other_expected = _both(new, old, changed)
        assert (made == other) == (expected == other_expected), f.name
        if params.order:
            for a, b, c, d in ((made, other, expected, other_expected),
                               (other, made, other_expected, expected)):
                assert (a < b, a <= b, a > b, a >= b) == (c < d, c <= d, c > d, c >= d)
    if not params.order:
        with pytest.raises(TypeError):
            made < new(**values)  # noqa: B015


@pytest.mark.parametrize("new, old", PAIRS, ids=lambda c: c.__qualname__)
def test_frozen_where_it_was(new: type, old: type) -> None:
    values = _values(old)
    made = new(**values)
    name = dataclasses.fields(old)[0].name
    if old.__dataclass_params__.frozen:  # type: ignore[attr-defined]
        with pytest.raises(AttributeError):
            setattr(made, name, "changed")
        with pytest.raises(FrozenError):
            delattr(made, name)
        assert getattr(made, name) == values[name]
        changed = replace(made, **{name: "changed"})
        assert getattr(changed, name) == "changed" and changed.__class__ is new
        assert replace(made) == made and getattr(made, name) == values[name]
        with pytest.raises(TypeError):
            replace(made, no_such_field=1)
    else:
        setattr(made, name, "changed")
        assert getattr(made, name) == "changed"
        if not hasattr(made, "__dict__"):  # Document keeps its cached properties in one
            with pytest.raises(AttributeError):
                made.no_such_field = 1  # fields are fixed: a misspelt one is an error


@pytest.mark.parametrize("new, old", PAIRS, ids=lambda c: c.__qualname__)
def test_copies_are_equal(new: type, old: type) -> None:
    made = new(**_values(old))
    assert copy.copy(made) == made and copy.deepcopy(made) == made


def test_config_with_overrides_keeps_the_rest() -> None:
    config = config_module.Config(path=Path("/p/hrf.yaml"), lines={"lint.select": 3},
                                  style=config_module.StyleConfig({"Kiev": "Kyiv"}))
    changed = config.with_overrides(fail_on="warning", ignore=["x"])
    assert changed.lint.fail_on == "warning" and changed.lint.ignore == {"x"}
    assert changed.style == config.style and changed.lines == {"lint.select": 3}
    assert config.lint.fail_on == "error"  # the original is unchanged
