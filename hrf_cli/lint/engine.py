"""Run the rules over files: expand paths, load each report once, collect sorted findings."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from hrf_cli.boundary import Boundary
from hrf_cli.config import Config, ConfigCache, load_config
from hrf_cli.document import Document, UnreadableFile, load_document
from hrf_cli.gcpolicy import fewer_collections
from hrf_cli.lint.findings import (SORT_KEY, FileResult, FileStats, Finding, LintResult,
                                   Problem)
from hrf_cli.lint.registry import Rule, all_rules, rule_table
from hrf_cli.lint.rules.files import UNREADABLE_FILE
from hrf_cli.lint.suppress import is_silenced, suppressions
from hrf_cli.paths import display_path
from hrf_cli.record import FrozenRecord, Record
from hrf_cli.walk import exclusions_for, find_reports

if TYPE_CHECKING:
    from hrf_cli.links.model import LinkOptions
    from hrf_cli.safety.names import NameList

STDIN = "-"  # the path that means "read the report from standard input"


class LintOptions(FrozenRecord):
    """Command-line choices that override hrf.yaml (None or empty: not given)."""

    _fields = ("config", "select", "ignore", "fail_on", "links", "exclude", "extend_exclude",
               "respect_gitignore", "force_exclude", "stdin", "stdin_filename")
    config: Path | None
    select: tuple[str, ...]
    ignore: tuple[str, ...]
    fail_on: str | None
    links: LinkOptions | None  # --check-links: check web addresses over HTTP (None: off)
    exclude: tuple[str, ...]  # --exclude: replaces lint.exclude and the defaults
    extend_exclude: tuple[str, ...]  # --extend-exclude: added to them
    respect_gitignore: bool | None  # --[no-]respect-gitignore (None: hrf.yaml, else on)
    force_exclude: bool  # --force-exclude: exclusions apply to files named too
    stdin: bytes | None  # the report read from standard input (path "-")
    stdin_filename: str | None  # where that report stands, for hrf.yaml and bibliographies

    def __init__(self, config: Path | None = None, select: tuple[str, ...] = (),
                 ignore: tuple[str, ...] = (), fail_on: str | None = None,
                 links: LinkOptions | None = None, exclude: tuple[str, ...] = (),
                 extend_exclude: tuple[str, ...] = (), respect_gitignore: bool | None = None,
                 force_exclude: bool = False, stdin: bytes | None = None,
                 stdin_filename: str | None = None) -> None:
        self.__dict__.update(config=config, select=select, ignore=ignore, fail_on=fail_on,
                             links=links, exclude=exclude, extend_exclude=extend_exclude,
                             respect_gitignore=respect_gitignore, force_exclude=force_exclude,
                             stdin=stdin, stdin_filename=stdin_filename)


class LintRun(Record):
    """The result and the fail threshold that decides the exit code; ``messages`` are for
    people, not part of the report."""

    __slots__ = ("result", "fail_on", "messages")

    def __init__(self, result: LintResult, fail_on: str, messages: list[str] | None = None) -> None:
        self.result = result
        self.fail_on = fail_on
        self.messages = [] if messages is None else messages

    @property
    def failed(self) -> bool:
        return self.result.fails(self.fail_on)


def lint_paths(paths: Iterable[str], options: LintOptions) -> LintRun:
    """Lint every file under ``paths``; raises ConfigError for bad configuration."""
    with fewer_collections():
        return _lint_paths(paths, options)


def _lint_paths(paths: Iterable[str], options: LintOptions) -> LintRun:
    table = rule_table()
    cache = ConfigCache(table)
    # The network rules read results published only under --check-links: without it they
    # would report nothing, so they are not run (nor their module's imports made).
    rules = [r for r in all_rules()
             if r.check is not None and (options.links is not None or not r.network)]
    result = LintResult()
    fail_on = options.fail_on or "error"
    # Check the command line (and an explicit --config) before any file, so a typo in a
    # rule name is an error even when no report is found.
    base = load_config(options.config, table) if options.config else Config(path=None)
    base.with_overrides(select=options.select or None, ignore=options.ignore or None,
                        fail_on=options.fail_on, rules=table)
    targets: list[Target] = []
    messages: list[str] = []
    for path, shown, data in _inputs(paths, options, cache, result):
        config = cache.config_for(path, options.config).with_overrides(
            select=options.select or None, ignore=options.ignore or None,
            fail_on=options.fail_on, rules=table)
        fail_on = config.lint.fail_on
        targets.append(Target(path, shown, config, data))
    if options.links is not None:  # every file's URLs are checked together, before the rules
        from hrf_cli.links.run import checked_links

        loaded = [(target, _load(target)) for target in targets]
        documents = [(doc, target.config) for target, doc in loaded if isinstance(doc, Document)]
        with checked_links(documents, rules, options.links, messages):
            result.files += [_lint_loaded(target, doc, rules) for target, doc in loaded]
    else:
        result.files += [_lint_loaded(target, _load(target), rules) for target in targets]
    return LintRun(result, fail_on, messages)


class Target(FrozenRecord):
    """One report to lint: where it is, how to show it, its settings, and its bytes when it
    came from standard input (``path`` then only places it, for hrf.yaml and bibliographies)."""

    _fields = ("path", "shown", "config", "data")
    path: Path
    shown: str
    config: Config
    data: bytes | None

    def __init__(self, path: Path, shown: str, config: Config, data: bytes | None = None) -> None:
        self.__dict__.update(path=path, shown=shown, config=config, data=data)


def _inputs(paths: Iterable[str], options: LintOptions, cache: ConfigCache,
            result: LintResult) -> list[tuple[Path, str, bytes | None]]:
    """Standard input (``-``) first, then the files under the other paths."""
    inputs: list[tuple[Path, str, bytes | None]] = []
    if STDIN in paths:
        named = options.stdin_filename
        inputs.append((Path(named or "stdin.md"), display_path(Path(named)) if named else "-",
                       options.stdin or b""))
    files = [(path, shown, None) for path, shown in
             _expand([p for p in paths if p != STDIN], options, cache, result)]
    return inputs + files


def _expand(paths: Iterable[str], options: LintOptions, cache: ConfigCache,
            result: LintResult) -> list[tuple[Path, str]]:
    """The files to lint; a folder holding no report becomes a finding on that folder."""
    files, empty = find_reports(
        paths, lambda folder: exclusions_for(cache.config_for(folder, options.config),
                                             options.exclude, options.extend_exclude,
                                             options.respect_gitignore,
                                             options.force_exclude))
    for folder in empty:
        shown = display_path(folder)
        result.files.append(FileResult(shown, [Finding(
            shown, 0, 0, UNREADABLE_FILE.code, UNREADABLE_FILE.name, UNREADABLE_FILE.severity,
            f"no Markdown reports (*.md) found in {shown}")], None))
    return files


def _load(target: Target) -> Document | str:
    """The scanned report (a Word .docx converted first), or why it cannot be read."""
    boundary = Boundary.for_report(target.path, target.config)
    try:
        if target.data is None and target.path.suffix.lower() == ".docx":
            return _load_docx(target, boundary)
        return load_document(target.path, target.shown, boundary, target.data)
    except UnreadableFile as exc:
        what = "standard input" if target.data is not None else target.shown
        return f"cannot read {what}: {exc}"


def _load_docx(target: Target, boundary: Boundary) -> Document:
    """A Word draft as the Markdown hrf import would write, mapped back to Word's paragraphs."""
    import os

    from hrf_cli.boundary import Refused, check_stat
    from hrf_cli.word.lint import load_docx

    try:  # a FIFO named draft.docx must not hang lint, nor a huge file fill memory
        real = boundary.resolve(os.path.abspath(target.path), "report")
        check_stat(os.stat(real), boundary.max_file_size, "report", target.shown)
    except Refused as exc:
        raise UnreadableFile(exc.reason) from None
    except FileNotFoundError:
        raise UnreadableFile("file not found") from None
    except OSError as exc:
        raise UnreadableFile(exc.strerror or str(exc)) from None
    doc = load_docx(Path(real), target.shown)
    doc.source = target.path
    doc.boundary = boundary
    return doc


def _lint_loaded(target: Target, doc: Document | str, rules: list[Rule]) -> FileResult:
    if isinstance(doc, str):
        if not target.config.lint.runs(UNREADABLE_FILE.name):
            return FileResult(target.shown)
        return FileResult(target.shown, [Finding(
            target.shown, 0, 0, UNREADABLE_FILE.code, UNREADABLE_FILE.name,
            UNREADABLE_FILE.severity, doc)], None)
    stats = file_stats(doc)
    names = _protected_names(target.config)
    if names:
        stats.citation_keys = [names.scrub(key) for key in stats.citation_keys]
    if doc.origin is not None:  # a Word draft: findings at Word's paragraphs
        from hrf_cli.word.lint import lint_docx

        findings = lint_docx(doc, target.config, lint_document(doc, target.config, rules))
        if names:  # the Word findings quote the draft: hide names again
            findings = [_scrubbed(f, names) for f in findings]
        return FileResult(target.shown, findings, stats)
    # The text as linted, so the full text output can show the line under each finding
    # (not when protected names are set: a source line would show them).
    return FileResult(target.shown, lint_document(doc, target.config, rules), stats,
                      None if names else doc.text)


def lint_file(path: Path, shown: str, config: Config, rules: list[Rule]) -> FileResult:
    """Lint one file; an unreadable file becomes a finding."""
    target = Target(path, shown, config)
    return _lint_loaded(target, _load(target), rules)


def lint_document(doc: Document, config: Config, rules: list[Rule]) -> list[Finding]:
    """Every finding of the enabled rules in one document, suppressions applied, sorted."""
    findings: list[Finding] = []
    for rule in rules:
        if not config.lint.runs(rule.name) or rule.check is None:
            continue
        findings += to_findings(doc, rule, rule.check(doc, config))
    silenced = suppressions(doc.text)
    if silenced:
        findings = [finding for finding in findings if not is_silenced(finding, silenced)]
    names = _protected_names(config)
    if names:  # no message or fix may print a protected name, whichever rule made it
        findings = [_scrubbed(finding, names) for finding in findings]
    findings.sort(key=SORT_KEY)
    return findings


def _protected_names(config: Config) -> NameList:
    from hrf_cli.safety.names import load_names

    return load_names(config.safety.protected_names, config.root)


def _scrubbed(finding: Finding, names: NameList) -> Finding:
    from hrf_cli.record import replace

    message = names.scrub(finding.message)
    fix = finding.fix
    if fix is not None and any(names.scrub(edit.replacement) != edit.replacement
                               for edit in fix.edits):
        fix = None
    if message == finding.message and fix is finding.fix:
        return finding
    return replace(finding, message=message, fix=fix)


def to_finding(doc: Document, rule: Rule, problem: Problem) -> Finding:
    return to_findings(doc, rule, [problem])[0]


def to_findings(doc: Document, rule: Rule, problems: Iterable[Problem]) -> list[Finding]:
    """One rule's problems as findings, in the same order: the lines and columns of all of
    them found in one batch (a rule may report 300,000 problems)."""
    problems = list(problems)
    spans = iter(doc.lines.spans((p.start, p.end if p.end > p.start else p.start)
                                 for p in problems if p.path is None))
    code, name, path, default = rule.code, rule.name, doc.path, rule.severity
    findings = []
    append = findings.append
    for problem in problems:
        if problem.path is not None:
            append(Finding(problem.path, problem.line or 1, problem.column or 1, code, name,
                           problem.severity or default, problem.message, fix=problem.fix))
            continue
        line, column, end_line, end_column = next(spans)
        append(Finding(path, line, column, code, name, problem.severity or default,
                       problem.message, end_line, end_column, problem.fix))
    return findings


def file_stats(doc: Document) -> FileStats:
    return FileStats(
        words=doc.word_count(),
        notes=doc.rendered_note_count(),
        footnote_definitions=len(doc.footnote_defs),
        citations=doc.rendered_citation_count(),
        citation_keys=sorted(doc.rendered_citation_keys()),
    )
