"""The ``hrf`` command line: parse options, call one core function, render, exit.

Heavy modules (rich, ruamel.yaml, the rule table) are imported inside the commands so that
``hrf --help`` starts fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from hrf_cli import __version__

if TYPE_CHECKING:
    from hrf_cli.links.model import LinkOptions

FORMATS = ("text", "full", "concise", "json", "sarif", "github")  # as hrf_cli.report.FORMATS
FAIL_ON = ("error", "warning", "never")
# The path types, made once and shared by the commands (each costs a translation lookup).
PATHS = click.Path(path_type=str)
FILE = click.Path(path_type=Path, dir_okay=False)
FOLDER = click.Path(path_type=Path, file_okay=False)


class HrfGroup(click.Group):
    """Lists commands in the order of an author's day: start, check, repair, publish."""

    ORDER = ("new", "import", "lint", "fix", "preview", "export", "rules", "templates")

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """The ``hrf`` process itself (the console script, ``python -m hrf_cli``).

        The collector runs rarely while the command imports and works (the objects made are
        nearly all kept: see hrf_cli.gcpolicy), and when the command is done every object
        still alive is frozen out of it: the interpreter's last full collection at exit would
        otherwise walk them all only for the process to end (6 ms of a small report's 0.1 s,
        more after a big one). Tests call :meth:`main` directly and keep their collector as
        it was.
        """
        import gc

        from hrf_cli.gcpolicy import fewer_collections

        with fewer_collections():
            try:
                return super().__call__(*args, **kwargs)
            finally:
                gc.freeze()  # before the threshold drops back: nothing young left to collect

    def list_commands(self, ctx: click.Context) -> list[str]:
        known = [name for name in self.ORDER if name in self.commands]
        return known + [name for name in self.commands if name not in known]

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        """click's standalone mode, with every error printed as ``error: ...`` on stderr."""
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)
        except click.exceptions.Abort:
            click.echo("error: aborted", err=True)
            sys.exit(1)
        except click.ClickException as exc:
            _show_error(exc)
            sys.exit(exc.exit_code)
        sys.exit(code if isinstance(code, int) else 0)


def _show_error(exc: click.ClickException) -> None:
    """Usage and a help hint for usage errors (as click does), then ``error: message``."""
    if isinstance(exc, click.UsageError) and exc.ctx is not None:
        click.echo(exc.ctx.get_usage(), err=True)
        click.echo(f"Try '{exc.ctx.command_path} {exc.ctx.help_option_names[0]}' for help.\n",
                   err=True)
    message = exc.format_message()
    click.echo(message if message.startswith("error: ") else f"error: {message}", err=True)


@click.group(cls=HrfGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="hrf",
                      message="%(prog)s %(version)s")
def main() -> None:
    """Write human-rights field reports in pandoc Markdown.

    \b
    Start a report from a template:        hrf new "Kupiansk: a city waiting"
    Start a report from a Word draft:      hrf import draft.docx
    Check a report's notes and citations:  hrf lint report.md
    Renumber and repair its notes:         hrf fix report.md
    Make the web page, PDF and Word file:  hrf export report.md --to all
    List the checks and what they mean:    hrf rules
    """


@main.command(short_help="Check notes, citations and sources as pandoc reads them.")
@click.argument("paths", nargs=-1, type=PATHS)
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default="text",
              show_default=True,
              help="Output format: for people full (each finding over its source line and a "
                   "caret), concise (one line each) or text (full on a terminal, else "
                   "concise); for tools json, sarif or github.")
@click.option("--statistics", is_flag=True,
              help="Print how many findings each rule has instead of the findings "
                   "(text formats or json).")
@click.option("--select", multiple=True, metavar="RULES",
              help="Run only these rules (names or codes, comma-separated or repeated).")
@click.option("--ignore", multiple=True, metavar="RULES",
              help="Skip these rules (names or codes, comma-separated or repeated).")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default=None,
              help="Lowest severity that makes the exit code 1 [default: error, or hrf.yaml].")
@click.option("--config", "config_path", type=FILE,
              help="Use this hrf.yaml instead of searching upwards from each report.")
@click.option("--color/--no-color", default=None,
              help="Force coloured text output on or off [default: on for a terminal, off "
                   "when NO_COLOR is set].")
@click.option("--check-links", is_flag=True,
              help="Also request every web address in notes and bibliographies and report "
                   "dead, moved and unverified links (off by default; results are cached).")
@click.option("--link-timeout", type=click.FloatRange(min=0.1), default=10.0, show_default=True,
              metavar="SECONDS", help="With --check-links: how long to wait for each request.")
@click.option("--no-link-cache", is_flag=True,
              help="With --check-links: check every address afresh; the cache is neither read "
                   "nor written.")
@click.option("--exclude", multiple=True, metavar="PATTERNS",
              help="Skip these files and folders when searching folders (gitignore patterns, "
                   "comma-separated or repeated); replaces lint.exclude and the defaults.")
@click.option("--extend-exclude", multiple=True, metavar="PATTERNS",
              help="Skip these too, on top of lint.exclude or the defaults.")
@click.option("--respect-gitignore/--no-respect-gitignore", default=None,
              help="Skip what .gitignore files ignore when searching folders [default: on, or "
                   "hrf.yaml].")
@click.option("--force-exclude", is_flag=True,
              help="Apply the exclusions to files named on the command line too (for "
                   "pre-commit hooks, which name every changed file).")
@click.option("--stdin-filename", metavar="PATH",
              help="With PATH '-': the name of the report read from standard input (its "
                   "folder decides hrf.yaml and bibliographies).")
@click.option("-o", "--output-file", type=FILE,
              help="Write the report to this file instead of standard output.")
def lint(paths: tuple[str, ...], fmt: str, statistics: bool, select: tuple[str, ...],
         ignore: tuple[str, ...], fail_on: str | None, config_path: Path | None,
         color: bool | None, check_links: bool, link_timeout: float, no_link_cache: bool, exclude: tuple[str, ...],
         extend_exclude: tuple[str, ...], respect_gitignore: bool | None, force_exclude: bool,
         stdin_filename: str | None, output_file: Path | None) -> None:
    """Check reports' notes, citations and front matter as pandoc reads them.

    PATHS are Markdown files, Word drafts (.docx: findings at Word's paragraphs, ¶12,
    and notes), folders searched for *.md reports (README, CHANGELOG, LICENSE,
    CONTRIBUTING, hidden folders and what .gitignore ignores are skipped; a file named
    here is always checked), or - for standard input. Default: the current folder.

    \b
    Exit codes: 0 no findings at or above --fail-on (warnings allowed),
                1 findings at or above --fail-on,
                2 usage or configuration error.
    Silence one line with <!-- hrf-ignore rule-name --> on the line above.
    """
    from hrf_cli.errors import ConfigError
    from hrf_cli.lint.engine import LintOptions, lint_paths
    from hrf_cli.lint.registry import all_rules
    from hrf_cli.report import STATISTICS_FORMATS, render, render_statistics

    paths = paths or (".",)
    if stdin_filename is not None and "-" not in paths:
        raise click.UsageError("--stdin-filename needs '-' among the paths")
    if statistics and fmt not in STATISTICS_FORMATS:
        raise click.UsageError(f"--statistics prints text or json, not {fmt}")
    links = _link_options(link_timeout, no_link_cache) if check_links else None
    options = LintOptions(config=config_path, select=select, ignore=ignore, fail_on=fail_on,
                          links=links, exclude=_split(exclude),
                          extend_exclude=_split(extend_exclude),
                          respect_gitignore=respect_gitignore, force_exclude=force_exclude,
                          stdin=sys.stdin.buffer.read() if "-" in paths else None,
                          stdin_filename=stdin_filename)
    try:
        run = lint_paths(paths, options)
    except ConfigError as exc:
        raise _usage_error(exc) from None
    for message in run.messages:
        click.echo(f"warning: {message}", err=True)
    if output_file is None:
        if statistics:
            render_statistics(fmt, run.result, sys.stdout, color=color)
        else:
            render(fmt, run.result, sys.stdout, rules=all_rules(), color=color)
    else:
        _render_to_file(fmt, run.result, output_file, statistics)
    sys.exit(1 if run.failed else 0)


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    """Options given repeated or comma-separated, as one tuple."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def _render_to_file(fmt: str, result: object, path: Path, statistics: bool = False) -> None:
    """Write the report atomically to ``path`` (plain text, no colour)."""
    import io

    from hrf_cli.atomic import write_text
    from hrf_cli.lint.registry import all_rules
    from hrf_cli.report import render, render_statistics

    buffer = io.StringIO()
    if statistics:
        render_statistics(fmt, result, buffer, color=False)  # type: ignore[arg-type]
    else:
        render(fmt, result, buffer, rules=all_rules(), color=False)  # type: ignore[arg-type]
    try:
        write_text(path, buffer.getvalue())
    except OSError as exc:
        raise _usage_error(Exception(f"error: cannot write {path}: {exc.strerror or exc}"), 1)


@main.command(short_help="Renumber and repair notes in place.")
@click.argument("paths", nargs=-1, required=True, type=PATHS)
@click.option("--diff", "show_diff", is_flag=True,
              help="Print a unified diff of the repairs and write nothing.")
@click.option("--check", is_flag=True,
              help="Write nothing; exit 1 when any file would change (for CI).")
@click.option("--select", multiple=True, metavar="FIXES",
              help="Make only these repairs (comma-separated or repeated): renumber, "
                   "reorder-definitions, marker-placement, duplicate-definitions, "
                   "house-style; with --unsafe also pasted-markers; "
                   "image-metadata strips the report's images of location and identifying "
                   "metadata (only when selected).")
@click.option("--no-backup", is_flag=True,
              help="image-metadata: do not keep the original images as NAME.orig.")
@click.option("--unsafe", is_flag=True,
              help="Also turn pasted plain-digit markers into note references where the note "
                   "is known.")
@click.option("--config", "config_path", type=FILE,
              help="Use this hrf.yaml instead of searching upwards from each report.")
@click.option("-q", "--quiet", is_flag=True,
              help="Print only errors (and the diff with --diff).")
def fix(paths: tuple[str, ...], show_diff: bool, check: bool, select: tuple[str, ...],
        no_backup: bool, unsafe: bool, config_path: Path | None, quiet: bool) -> None:
    """Repair notes in place, changing nothing else: renumber numbered notes in
    reading order, remove exact duplicate definitions, and (as hrf.yaml's fix:
    section says) reorder definitions and place markers beside punctuation.

    PATHS are Markdown files, or folders searched for *.md files. Code, code
    spans and HTML comments are never edited. A file changed on disk while hrf
    was working is not overwritten.

    \b
    Exit codes: 0 nothing to repair, or repaired,
                1 with --check when a file would change, or a file could not
                  be repaired (unreadable, changed on disk, read-only, or a link
                  to a file outside the folder it was given),
                2 usage or configuration error.
    """
    from hrf_cli.errors import ConfigError
    from hrf_cli.fix.apply import FixOptions, fix_paths, summary
    from hrf_cli.fix.diff import unified_diff
    from hrf_cli.words import plural
    from hrf_cli.paths import display_path

    mode = "check" if check else "diff" if show_diff else "write"
    try:
        run = fix_paths(paths, FixOptions(config_path, select, unsafe, mode, not no_backup))
    except ConfigError as exc:
        raise _usage_error(exc) from None
    verb = "fixed" if mode == "write" else "would fix"
    for file in run.files:
        if file.error:
            click.echo(f"error: {file.shown}: {file.error}", err=True)
        for note in file.notes:
            click.echo(f"{file.shown}: {note}", err=True)
        if show_diff and file.changed and not file.private:
            click.echo(unified_diff(file.before, file.after, file.shown), nl=False)
        for image in file.images:
            if image.error is None and not quiet:
                kept = f" (original kept as {display_path(image.backup)})" if image.backup else ""
                click.echo(f"{file.shown}: {'stripped' if mode == 'write' else 'would strip'} "
                           f"metadata from {image.url}{kept}", err=True)
        if file.changed and not quiet:
            click.echo(f"{verb} {file.shown}: {summary(file.counts)}", err=True)
    changed = sum(f.changed for f in run.files)
    files = plural(len(run.files), "file")
    if not all(f.error for f in run.files) and not quiet:
        click.echo(f"{changed} of {files} {'fixed' if mode == 'write' else 'would change'}"
                   if changed else f"nothing to fix in {files}", err=True)
    sys.exit(run.exit_code(mode))


@main.command(short_help="List the lint rules, or explain one.")
@click.argument("rule", required=False)
@click.option("-f", "--format", "fmt", type=click.Choice(("text", "json", "markdown")),
              default="text", show_default=True, help="Output format.")
def rules(rule: str | None, fmt: str) -> None:
    """List every lint rule, or explain one RULE (name or code) in full."""
    from hrf_cli.lint.registry import all_rules, get_rule
    from hrf_cli.rules_doc import render_rules

    chosen = all_rules()
    if rule is not None:
        found = get_rule(rule)
        if found is None:
            raise click.UsageError(f"unknown rule {rule!r}; run 'hrf rules' to list them")
        chosen = [found]
    click.echo(render_rules(chosen, fmt, detailed=rule is not None), nl=False)


def _link_options(timeout: float, no_cache: bool) -> LinkOptions:
    """--check-links settings, with a progress bar when stderr is a terminal."""
    from hrf_cli.links.model import LinkOptions
    from hrf_cli.links.progress import TerminalProgress

    return LinkOptions(timeout=timeout, use_cache=not no_cache,
                       progress=TerminalProgress.for_stream(sys.stderr))


@main.command(short_help="Start a report from a template.")
@click.argument("title", required=False)
@click.option("-t", "--template", "template_name", metavar="NAME",
              help="Template to start from (see 'hrf templates') [default: report, or hrf.yaml].")
@click.option("-d", "--dir", "parent", type=FOLDER,
              default=Path("."), show_default=True,
              help="Folder in which the report's own folder is created.")
@click.option("-a", "--author", "authors", multiple=True, metavar="NAME",
              help="An author (repeat for several).")
@click.option("--date", metavar="YYYY-MM-DD", help="Date of publication [default: today].")
@click.option("-F", "--field", "fields", multiple=True, metavar="NAME=VALUE",
              help="Any other field the template asks for (repeat for several).")
@click.option("--input/--no-input", "prompt", default=None,
              help="Ask for missing values even without a terminal (answers piped in), or "
                   "never ask [default: ask only on a terminal].")
@click.option("--force", is_flag=True,
              help="Replace the template's files in an existing folder, keeping each old one as "
                   "NAME.~N~; nothing else is touched.")
@click.option("--ci", is_flag=True,
              help="Also write a pre-commit configuration and a GitHub Actions workflow that "
                   "run 'hrf lint' (at the root of the git repository, or in the new folder).")
@click.option("--requirement", metavar="SPEC",
              help="With --ci: where CI installs hrf from, a pip requirement such as "
                   "git+https://github.com/your-org/hrf@v0.1.0 [default: new.requirement in "
                   "hrf.yaml, else asked; required with --no-input].")
def new(title: str | None, template_name: str | None, parent: Path, authors: tuple[str, ...],
        date: str | None, fields: tuple[str, ...], prompt: bool | None, force: bool,
        ci: bool, requirement: str | None) -> None:
    """Start a report from a template: TITLE becomes the folder name (PARENT/<slug>/).

    \b
    Creates report.md with commented front matter, references.json (CSL JSON),
    images/, a .gitignore, and hrf.yaml when no hrf.yaml is found above. Never
    overwrites: an existing folder is exit 2 with nothing written; --force keeps
    each replaced file as NAME.~1~, NAME.~2~, ...
    Exit codes: 0 created, 1 could not write, 2 missing values or a conflict.
    """
    from hrf_cli.errors import HrfError
    from hrf_cli.scaffold import prompts
    from hrf_cli.scaffold.answers import parse_field_options
    from hrf_cli.scaffold.new import NewOptions, new_report

    interactive = prompts.on_terminal() if prompt is None else prompt
    try:
        given = {**parse_field_options(fields), "title": title, "authors": list(authors),
                 "date": date}
        created, template = new_report(
            NewOptions(parent=parent, template=template_name, given=given, force=force, ci=ci,
                       requirement=requirement),
            ask_field=prompts.ask_field if interactive else None,
            ask_template=prompts.ask_template if interactive else None)
    except HrfError as exc:
        raise _usage_error(exc, exc.exit_code) from None
    click.echo(f"Created {created.target} from the {template!r} template:")
    for path in created.written:
        backup = created.backups.get(path)
        state = f" (replaced; the old one is kept as {backup.name})" if backup else ""
        click.echo(f"  {path}{state}")
    for folder in created.folders:
        click.echo(f"  {folder}/")
    click.echo(f"Next: write in {created.target / 'report.md'}, then run "
               f"'hrf lint {created.target / 'report.md'}'.")


@main.command("import", short_help="Start a report from a Word draft.")
@click.argument("draft", type=FILE)
@click.option("-d", "--dir", "parent", type=FOLDER,
              default=Path("."), show_default=True,
              help="Folder in which the report's own folder is created.")
@click.option("-t", "--template", "template_name", metavar="NAME",
              help="Template whose front matter and files to use [default: report, or hrf.yaml].")
@click.option("--track-changes", type=click.Choice(("refuse", "accept", "reject")),
              default="refuse", show_default=True,
              help="What to do with unresolved tracked changes: refuse the import (exit 1), "
                   "or accept or reject them all.")
@click.option("--comments", type=click.Choice(("keep", "drop")), default="keep",
              show_default=True,
              help="Keep Word comments as HTML comments (never exported), or leave them out.")
@click.option("--title", help="Title [default: the draft's title, Title paragraph or first heading].")
@click.option("-a", "--author", "authors", multiple=True, metavar="NAME",
              help="An author (repeat for several) [default: the draft's creator].")
@click.option("--date", metavar="YYYY-MM-DD", help="Date [default: the draft's creation date].")
@click.option("-F", "--field", "fields", multiple=True, metavar="NAME=VALUE",
              help="Any other field the template asks for (repeat for several).")
@click.option("--input/--no-input", "prompt", default=None,
              help="Ask for missing values even without a terminal, or never ask "
                   "[default: ask only on a terminal].")
@click.option("--force", is_flag=True,
              help="Replace the files the import writes in an existing folder.")
def import_(draft: Path, parent: Path, template_name: str | None, track_changes: str,
            comments: str, title: str | None, authors: tuple[str, ...], date: str | None,
            fields: tuple[str, ...], prompt: bool | None, force: bool) -> None:
    """Start a report from a Word draft (.docx): PARENT/<slug>/ as 'hrf new' makes it.

    \b
    Writes report.md (notes as [^n], Zotero/Mendeley/EndNote citations as [@key],
    comments as HTML comments), references.json with every cited source, the
    pictures under images/, and hrf.yaml when none is found above.
    Exit codes: 0 imported, 1 refused (tracked changes) or could not write,
                2 not a readable .docx, missing values or a conflict.
    """
    from hrf_cli.errors import HrfError
    from hrf_cli.scaffold import prompts
    from hrf_cli.scaffold.answers import parse_field_options
    from hrf_cli.word.importer import ImportOptions, import_draft
    from hrf_cli.word.report import render_import

    interactive = prompts.on_terminal() if prompt is None else prompt
    try:
        given = {**parse_field_options(fields), "title": title, "authors": list(authors),
                 "date": date}
        options = ImportOptions(source=draft, parent=parent, template=template_name, given=given,
                                track_changes=track_changes, comments=comments, force=force)
        imported = import_draft(options, ask_field=prompts.ask_field if interactive else None,
                                ask_template=prompts.ask_template if interactive else None)
    except HrfError as exc:
        raise _usage_error(exc, exc.exit_code) from None
    render_import(imported, sys.stdout)


@main.command(short_help="List the templates 'hrf new' can use.")
def templates() -> None:
    """List the templates 'hrf new' can use, with their descriptions and fields."""
    from hrf_cli.config import find_config, load_config
    from hrf_cli.errors import HrfError
    from hrf_cli.scaffold.discovery import find_templates
    from hrf_cli.scaffold.listing import describe

    try:
        found = find_templates(load_config(find_config(Path.cwd())))
    except HrfError as exc:
        raise _usage_error(exc, exc.exit_code) from None
    click.echo(describe(found.values()), nl=False)


@main.command(short_help="Make the web page, PDF and Word file of reports.")
@click.argument("paths", nargs=-1, required=True, type=PATHS)
@click.option("-t", "--to", "formats", metavar="FORMATS",
              help="html, pdf, docx (comma-separated) or all [default: hrf.yaml, else all].")
@click.option("-o", "--out", type=FOLDER,
              help="Folder for the exported files [default: dist/ beside each report].")
@click.option("-j", "--jobs", type=click.IntRange(min=1),
              help="Pandoc and typst runs at once [default: number of CPUs].")
@click.option("--no-lint", is_flag=True, help="Export even when lint finds errors.")
@click.option("--force", is_flag=True, help="Rebuild even when nothing changed since last time.")
@click.option("--config", "config_path", type=FILE,
              help="Use this hrf.yaml instead of searching upwards from each report.")
@click.option("--time-limit", type=click.FloatRange(min=0, min_open=True), metavar="SECONDS",
              help="Stop a pandoc or typst run after this long [default: hrf.yaml "
                   "safety.time-limit, else 300].")
@click.option("--memory-limit", metavar="SIZE",
              help="Memory one pandoc or typst run may use, e.g. 2GiB [default: hrf.yaml "
                   "safety.memory-limit, else 4GiB].")
@click.option("--allow-outside-out", is_flag=True,
              help="Let export.out in hrf.yaml (or a dist/ link) lead outside the project root; "
                   "refused otherwise (-o/--out is always allowed).")
@click.option("-q", "--quiet", is_flag=True,
              help="No progress, warnings or summary; errors still go to standard error.")
@click.option("--open", "open_result", is_flag=True,
              help="Open what was exported (the web page, else the PDF, else the Word file).")
def export(paths: tuple[str, ...], formats: str | None, out: Path | None, jobs: int | None,
           no_lint: bool, force: bool, config_path: Path | None, time_limit: float | None,
           memory_limit: str | None, allow_outside_out: bool, quiet: bool,
           open_result: bool) -> None:
    """Export reports to HTML, PDF and Word (DOCX) in the organisation's look.

    PATHS are Markdown files, or folders searched for *.md files. Each report is read once by
    pandoc (citations formatted as notes); lint runs first and its errors stop that report.
    Unchanged reports are skipped (--force rebuilds). The exported files are listed on
    standard output, one a line; progress and messages go to standard error.

    \b
    Exit codes: 0 every report exported, 1 a report failed or was stopped by lint,
                2 usage or configuration error.
    """
    from hrf_cli.config import parse_size
    from hrf_cli.errors import ConfigError, HrfError
    from hrf_cli.export.build import ExportOptions, export_paths
    from hrf_cli.export.formats import parse_formats
    from hrf_cli.export.progress import opened, progress_for, render_outcome

    try:
        chosen = parse_formats(formats) if formats is not None else None
        memory = parse_size(memory_limit, "--memory-limit") if memory_limit is not None else None
        options = ExportOptions(formats=chosen, out=out, jobs=jobs, lint=not no_lint,
                                force=force, config=config_path, time_limit=time_limit,
                                memory_limit=memory, allow_outside_out=allow_outside_out)
        with progress_for(sys.stderr, quiet) as notify:
            run = export_paths(list(paths), options, notify)
    except ConfigError as exc:
        raise _usage_error(exc) from None
    except HrfError as exc:
        raise _usage_error(exc, exc.exit_code) from None
    render_outcome(run, sys.stderr, sys.stdout, quiet=quiet)
    if open_result:
        for path in opened(run):
            click.launch(str(path))
    sys.exit(1 if run.failed else 0)


@main.command(short_help="Show the web page as you write, rebuilt on every save.")
@click.argument("report", type=FILE)
@click.option("-p", "--port", type=click.IntRange(0, 65535), default=0,
              help="Port on 127.0.0.1 [default: any free port].")
@click.option("--open/--no-open", "open_browser", default=True, show_default=True,
              help="Open the page in the web browser.")
@click.option("--config", "config_path", type=FILE,
              help="Use this hrf.yaml instead of searching upwards from the report.")
def preview(report: Path, port: int, open_browser: bool, config_path: Path | None) -> None:
    """Serve REPORT's web page on 127.0.0.1, rebuild it whenever a file in its folder is
    saved, and reload the page in the browser. The page is what 'hrf export --to html'
    makes (lint does not stop it); nothing is written beside the report. Ctrl-C stops.
    """
    import threading

    from hrf_cli.errors import HrfError
    from hrf_cli.preview import Preview, PreviewOptions

    def say(message: str) -> None:
        click.echo(message, err=True)

    try:
        session = Preview(report, PreviewOptions(port=port, config=config_path), say)
    except HrfError as exc:
        raise _usage_error(exc, 1) from None
    try:
        page = session.build()
        url = session.serve()
        say(f"error: {page.error}" if page.error else f"previewing {report} at {url}")
        click.echo(url)
        if open_browser:
            click.launch(url)
        say("watching for changes; Ctrl-C stops")
        session.watch(threading.Event())
    except KeyboardInterrupt:
        pass
    except OSError as exc:
        raise _usage_error(Exception(f"cannot serve on 127.0.0.1:{port}: "
                                     f"{exc.strerror or exc}"), 1) from None
    finally:
        session.close()


def _usage_error(exc: Exception, exit_code: int = 2) -> click.ClickException:
    """A configuration problem: exit 2 with the message, never a traceback."""
    error = click.ClickException(str(exc))
    error.exit_code = exit_code
    return error


if __name__ == "__main__":
    main()
