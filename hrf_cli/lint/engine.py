"""Run the rules over files: expand paths, load each report once, collect sorted findings."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from hrf_cli.config import Config, ConfigCache, LintConfig, load_config
from hrf_cli.document import Document, UnreadableFile, load_document
from hrf_cli.lint.findings import FileResult, FileStats, Finding, LintResult, Problem
from hrf_cli.lint.registry import Rule, all_rules
from hrf_cli.lint.rules.files import UNREADABLE_FILE
from hrf_cli.lint.suppress import is_silenced, suppressions
from hrf_cli.paths import display_path

if TYPE_CHECKING:
    from hrf_cli.links.model import LinkOptions

MARKDOWN_SUFFIXES = (".md",)
SKIPPED_FOLDERS = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", "dist",
                   "build", ".tox", ".mypy_cache", ".pytest_cache"}


@dataclass(frozen=True)
class LintOptions:
    """Command-line choices that override hrf.yaml (None or empty: not given)."""

    config: Path | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: str | None = None
    links: LinkOptions | None = None  # --check-links: check web addresses over HTTP (None: off)


@dataclass
class LintRun:
    """The result and the fail threshold that decides the exit code."""

    result: LintResult
    fail_on: str

    @property
    def failed(self) -> bool:
        return self.result.fails(self.fail_on)


def expand_paths(paths: Iterable[str]) -> list[tuple[Path, str]]:
    """Files to lint with the name to show: files as given, folders searched for ``*.md``."""
    found: list[tuple[Path, str]] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for folder, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in SKIPPED_FOLDERS and not d.startswith("."))
                for name in sorted(files):
                    if name.endswith(MARKDOWN_SUFFIXES):
                        file = Path(folder) / name
                        _add(found, seen, file)
        else:
            _add(found, seen, path)
    return found


def empty_folders(paths: Iterable[str]) -> list[Path]:
    """Folders given on the command line that hold no report: almost always a wrong path."""
    return [Path(raw) for raw in paths
            if Path(raw).is_dir() and not expand_paths([raw])]


def _add(found: list[tuple[Path, str]], seen: set[Path], path: Path) -> None:
    key = path.resolve() if path.exists() else path
    if key not in seen:
        seen.add(key)
        found.append((path, display_path(path)))


def lint_paths(paths: Iterable[str], options: LintOptions) -> LintRun:
    """Lint every file under ``paths``; raises ConfigError for bad configuration."""
    cache = ConfigCache()
    rules = [r for r in all_rules() if r.check is not None]
    result = LintResult()
    fail_on = options.fail_on or "error"
    # Check the command line (and an explicit --config) before any file, so a typo in a
    # rule name is an error even when no report is found.
    base = load_config(options.config) if options.config else Config(path=None, lint=LintConfig())
    base.with_overrides(select=options.select or None, ignore=options.ignore or None,
                        fail_on=options.fail_on)
    for folder in empty_folders(paths):
        shown = display_path(folder)
        result.files.append(FileResult(shown, [Finding(
            shown, 1, 1, UNREADABLE_FILE.code, UNREADABLE_FILE.name, UNREADABLE_FILE.severity,
            f"{shown} is a folder with no Markdown (*.md) reports in it")], None))
    targets: list[tuple[Path, str, Config]] = []
    for path, shown in expand_paths(paths):
        config = cache.config_for(path, options.config).with_overrides(
            select=options.select or None, ignore=options.ignore or None,
            fail_on=options.fail_on)
        fail_on = config.lint.fail_on
        targets.append((path, shown, config))
    if options.links is not None:  # every file's URLs are checked together, before the rules
        from hrf_cli.links.run import lint_with_links

        result.files += lint_with_links(targets, rules, options.links)
    else:
        result.files += [lint_file(path, shown, config, rules) for path, shown, config in targets]
    return LintRun(result, fail_on)


def lint_file(path: Path, shown: str, config: Config, rules: list[Rule],
              doc: Document | None = None) -> FileResult:
    """Lint one file (``doc``: already loaded); an unreadable file becomes a finding.

    The report and the files it names are confined to its project root (hrf_cli.boundary).
    """
    from hrf_cli.boundary import Boundary

    try:
        doc = doc or load_document(path, shown, Boundary.for_report(path, config))
    except UnreadableFile as exc:
        if not config.lint.runs(UNREADABLE_FILE.name):
            return FileResult(shown)
        finding = Finding(shown, 1, 1, UNREADABLE_FILE.code, UNREADABLE_FILE.name,
                          UNREADABLE_FILE.severity, f"cannot read {shown}: {exc}")
        return FileResult(shown, [finding], None)
    if doc.origin is not None:  # a Word draft: findings at Word's paragraphs
        from hrf_cli.word.lint import lint_docx

        return FileResult(shown, lint_docx(doc, config, rules), file_stats(doc))
    return FileResult(shown, lint_document(doc, config, rules), file_stats(doc))


def lint_document(doc: Document, config: Config, rules: list[Rule]) -> list[Finding]:
    """Every finding of the enabled rules in one document, suppressions applied, sorted."""
    findings: list[Finding] = []
    silenced = suppressions(doc.text)
    for rule in rules:
        if not config.lint.runs(rule.name) or rule.check is None:
            continue
        for problem in rule.check(doc, config):
            finding = to_finding(doc, rule, problem)
            if not is_silenced(finding, silenced):
                findings.append(finding)
    findings.sort()
    return findings


def to_finding(doc: Document, rule: Rule, problem: Problem) -> Finding:
    if problem.path is not None:
        return Finding(problem.path, problem.line or 1, problem.column or 1, rule.code, rule.name,
                       rule.severity, problem.message, fix=problem.fix)
    start = doc.lines.position(problem.start)
    end = doc.lines.position(max(problem.end, problem.start))
    return Finding(doc.path, start.line, start.column, rule.code, rule.name, rule.severity,
                   problem.message, end.line, end.column, problem.fix)


def file_stats(doc: Document) -> FileStats:
    return FileStats(
        words=doc.word_count(),
        notes=doc.rendered_note_count(),
        footnote_definitions=len(doc.footnote_defs),
        citations=doc.rendered_citation_count(),
        citation_keys=sorted(doc.rendered_citation_keys()),
    )
