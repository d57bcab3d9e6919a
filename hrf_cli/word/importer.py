"""The whole of ``hrf import``: a Word draft becomes a report folder exactly as ``hrf new``
makes one (same slug, never clobbers, rollback), with the draft's text, notes, sources,
images and comments, and a list of what could not come with it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from hrf_cli.errors import HrfError
from hrf_cli.scaffold.answers import Ask
from hrf_cli.scaffold.create import Created
from hrf_cli.word.prepare import Change

TRACK_CHANGES = ("refuse", "accept", "reject")
COMMENTS = ("keep", "drop")
SHOWN_PLACES = 8


class TrackedChangesError(HrfError):
    """Raised when a draft has unresolved tracked changes and no --track-changes was given."""

    exit_code = 1


@dataclass(frozen=True)
class ImportOptions:
    """What the command line gave."""

    source: Path
    parent: Path = Path(".")
    template: str | None = None
    given: dict[str, Any] = field(default_factory=dict)  # title, authors, date
    track_changes: str = "refuse"
    comments: str = "keep"
    force: bool = False


@dataclass
class Imported:
    """What an import made and noticed."""

    created: Created
    template: str
    report: Path
    footnotes: int = 0
    endnotes: int = 0
    notes: int = 0
    citations: int = 0
    sources: int = 0
    images: list[str] = field(default_factory=list)
    comments: int = 0
    changes: int = 0
    not_carried: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    lint: Any = None  # the new report's FileResult


def import_draft(options: ImportOptions, ask_field: Ask | None = None,
                 ask_template: Callable[[list[str], str], str] | None = None) -> Imported:
    """Import one draft; raises WordFileError (exit 2), TrackedChangesError (exit 1)."""
    from hrf_cli.config import find_config, load_config
    from hrf_cli.export.limits import Limits
    from hrf_cli.paths import display_path
    from hrf_cli.scaffold.discovery import find_templates, get_template
    from hrf_cli.word.convert import convert
    from hrf_cli.word.dropped import not_carried
    from hrf_cli.word.metadata import read_metadata
    from hrf_cli.word.package import open_package

    shown = display_path(options.source)
    config = load_config(find_config(options.parent))
    package = open_package(options.source, shown)
    try:
        mode = "accept" if options.track_changes == "refuse" else options.track_changes
        limits = Limits(config.safety.time_limit, config.safety.memory_limit)
        conversion = convert(package, track_changes=mode, comments=options.comments,
                             limits=limits)
        changes = conversion.prepared.changes
        if changes and options.track_changes == "refuse":
            raise TrackedChangesError(refusal(changes), path=shown)
        meta = read_metadata(package, conversion)
        body = package.xml("word/document.xml")
        dropped = not_carried(package, body, conversion.prepared.footnotes,
                              conversion.prepared.endnotes)
    finally:
        package.close()
    name = options.template or config.new.template
    if options.template is None and ask_template is not None:
        name = ask_template(sorted(find_templates(config)), name)
    template = get_template(name, config)
    values = _values(template, options.given, meta, options.source, ask_field)
    markdown = conversion.markdown
    heading = conversion.first_heading
    if heading and values.get("title") == heading and markdown.startswith(f"## {heading}\n"):
        markdown = markdown.split("\n", 1)[1].lstrip("\n")  # the title is shown once
    files, _ = _files(template, values, meta, conversion, markdown)
    created = _create(template, values, options, config, files)
    result = Imported(created, template.name, created.target / "report.md",
                      footnotes=conversion.prepared.footnotes,
                      endnotes=conversion.prepared.endnotes,
                      sources=len(conversion.references), comments=conversion.comments,
                      changes=len(changes), not_carried=dropped,
                      images=[f"images/{i.name}" for i in conversion.images])
    result.warnings = list(conversion.warnings)
    result.warnings += [f"image images/{i.name} has no description (alt text) in Word; "
                        "write one in report.md" for i in conversion.images if not i.alt]
    result.warnings += [f"{s.place.describe()}: superscript {s.digits} looks like a note number "
                        f"typed by hand, not a Word note; it stays as text (near \"{s.context}\")"
                        for s in conversion.prepared.superscripts]
    result.lint = _lint(result.report)
    if result.lint.stats is not None:
        result.notes = result.lint.stats.notes
        result.citations = result.lint.stats.citations
    return result


def refusal(changes: list[Change]) -> str:
    """How many tracked changes, of which kinds, and where (the first few places)."""
    kinds: dict[str, int] = {}
    for change in changes:
        kinds[change.kind] = kinds.get(change.kind, 0) + 1
    counted = ", ".join(f"{n} {k}{'s' if n > 1 else ''}" for k, n in kinds.items())
    places = list(dict.fromkeys(c.place.describe() for c in changes))
    where = ", ".join(places[:SHOWN_PLACES]) + (f" and {len(places) - SHOWN_PLACES} more places"
                                                if len(places) > SHOWN_PLACES else "")
    total = len(changes)
    return (f"{total} unresolved tracked change{'s' if total > 1 else ''} ({counted}) at "
            f"{where}; nothing was written. Resolve them in Word, or import with "
            "--track-changes accept (or reject)")


def _values(template: Any, given: dict[str, Any], meta: dict[str, Any], source: Path,
            ask: Ask | None) -> dict[str, Any]:
    from hrf_cli.scaffold.answers import resolve_values

    fields = {f.name for f in template.fields}
    found = {"title": meta.get("title") or source.stem.replace("_", " "),
             "subtitle": meta.get("subtitle"), "authors": meta.get("author"),
             "date": meta.get("date")}
    chosen = {k: v for k, v in found.items() if v and k in fields}  # what the draft gives
    chosen.update({k: v for k, v in given.items() if v not in (None, "", (), [])})
    return resolve_values(template, chosen, ask)


def _files(template: Any, values: dict[str, Any], meta: dict[str, Any], conversion: Any,
           markdown: str) -> tuple[dict[str, bytes], str]:
    from hrf_cli.scaffold.render import front_matter

    bibliography = next((str(item.value) for item in template.front_matter
                         if item.key == "bibliography" and item.value), "")
    extra: dict[str, tuple[Any, str]] = {}
    if meta.get("lang"):
        extra["lang"] = (meta["lang"], "Language of the text (en, uk, ...).")
    if not bibliography:
        bibliography = "references.json"
        extra["bibliography"] = (bibliography, "Sources cited as [@key], in CSL JSON.")
    prepared = conversion.prepared
    if prepared.endnotes and not prepared.footnotes:
        extra["export"] = ({"notes": "endnotes"},
                           "The Word draft used endnotes: hrf export gives endnotes again.")
    text = front_matter(template, values, extra) + "\n" + markdown.rstrip("\n") + "\n"
    files = {"report.md": text.encode("utf-8"),
             bibliography: (json.dumps(conversion.references, indent=2, ensure_ascii=False)
                            + "\n").encode("utf-8")}
    files.update({f"images/{image.name}": image.data for image in conversion.images})
    return files, bibliography


def _create(template: Any, values: dict[str, Any], options: ImportOptions, config: Any,
            files: dict[str, bytes]) -> Created:
    from hrf_cli.scaffold.create import NewReport, create_report

    request = NewReport(template=template, values=values, parent=options.parent, config=config,
                        force=options.force, extra_files=files)
    return create_report(request)


def _lint(report: Path) -> Any:
    from hrf_cli.config import ConfigCache
    from hrf_cli.lint.engine import lint_file
    from hrf_cli.lint.registry import all_rules
    from hrf_cli.paths import display_path

    config = ConfigCache().config_for(report, None)
    rules = [rule for rule in all_rules() if rule.check is not None]
    return lint_file(report, display_path(report), config, rules)
