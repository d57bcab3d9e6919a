"""Run the selected repairs on files: new text, diff, check, and a write that loses nothing.

Repairs run one after another in a fixed order, each on a fresh scan of the previous one's
output, so their edits never collide. The result is scanned once more and refused if pandoc
would render a different number of notes than the repairs account for. A file is replaced
atomically, and only if it is still byte for byte what was read.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Mapping

from hrf_cli.errors import ConfigError, HrfError
from hrf_cli.repairs.edits import Edit, apply_edits, merge_touching

if TYPE_CHECKING:
    from hrf_cli.boundary import Boundary
    from hrf_cli.config import Config, FixConfig
    from hrf_cli.document import Document
    from hrf_cli.fix.images import StrippedImage

# Every repair, in the order they run: the guess first (it adds references), then the
# label and position repairs that work on the notes as they then are.
FIXES = ("pasted-markers", "duplicate-definitions", "renumber",
         "reorder-definitions", "marker-placement", "house-style", "image-metadata")
UNSAFE = ("pasted-markers",)
# Rewrites the report's image files, not its text (hrf_cli.fix.images); only when selected.
IMAGES = "image-metadata"
# Repairs that no longer exist, with the reason a user who still names one is told.
REMOVED = {"merge-notes": "merge-notes was removed: pandoc prints a note at every reference, "
                          "so merged notes still print twice and lint then warns about the "
                          "repeated reference"}
MODES = ("write", "diff", "check")

Step = Callable[["Document", "FixConfig", "Mapping[str, str]"], tuple[list[Edit], str | None]]


def _pasted(doc: Document, config: FixConfig, terms: Mapping[str, str]
            ) -> tuple[list[Edit], str | None]:
    from hrf_cli.repairs.unsafe import pasted_marker_edits
    return list(pasted_marker_edits(doc).values()), None


def _duplicates(doc: Document, config: FixConfig, terms: Mapping[str, str]
                ) -> tuple[list[Edit], str | None]:
    from hrf_cli.repairs.duplicates import duplicate_removals
    return merge_touching(doc.text, duplicate_removals(doc).values(), doc.body_start), None


def _renumber(doc: Document, config: FixConfig, terms: Mapping[str, str]
              ) -> tuple[list[Edit], str | None]:
    from hrf_cli.repairs.renumber import renumbering
    result = renumbering(doc, config.labels)
    return result.edits, result.refused and f"not renumbered: {result.refused}"


def _reorder(doc: Document, config: FixConfig, terms: Mapping[str, str]
             ) -> tuple[list[Edit], str | None]:
    from hrf_cli.repairs.reorder import reorder_edits
    return reorder_edits(doc), None


def _placement(doc: Document, config: FixConfig, terms: Mapping[str, str]
               ) -> tuple[list[Edit], str | None]:
    from hrf_cli.repairs.markers import placement_edits
    return placement_edits(doc, config.marker_placement), None


def _house_style(doc: Document, config: FixConfig, terms: Mapping[str, str]
                 ) -> tuple[list[Edit], str | None]:
    from hrf_cli.repairs.terms import term_matches
    return [Edit(m.start, m.end, m.replacement) for m in term_matches(doc, terms)], None


STEPS: dict[str, Step] = {"pasted-markers": _pasted, "duplicate-definitions": _duplicates,
                          "renumber": _renumber,
                          "reorder-definitions": _reorder, "marker-placement": _placement,
                          "house-style": _house_style}


@dataclass(frozen=True)
class FixOptions:
    """Command-line choices: ``select`` (empty: what hrf.yaml enables), ``mode`` write/diff/check."""

    config: Path | None = None
    select: tuple[str, ...] = ()
    unsafe: bool = False
    mode: str = "write"
    backup: bool = True  # image-metadata: keep each original image as NAME.orig


@dataclass
class Outcome:
    """The fixed text, how many edits each repair made, and repairs that were refused."""

    text: str
    counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@dataclass
class FileFix:
    """One file's result; ``error`` says why it was not fixed (unreadable, changed on disk)."""

    shown: str
    before: str = ""
    after: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    error: str | None = None
    images: list[StrippedImage] = field(default_factory=list)  # image-metadata's work
    private: bool = False  # holds a protected name: its text (a diff) must not be printed

    @property
    def changed(self) -> bool:
        return self.error is None and (self.before != self.after
                                       or any(image.error is None for image in self.images))


@dataclass
class FixRun:
    files: list[FileFix] = field(default_factory=list)

    def exit_code(self, mode: str) -> int:
        """1 for a file that could not be fixed, or with ``check`` for one that would change."""
        failed = any(f.error or any(image.error for image in f.images) for f in self.files)
        return 1 if failed or (mode == "check" and any(f.changed for f in self.files)) else 0


def chosen_fixes(config: FixConfig, select: Iterable[str] = (), unsafe: bool = False) -> list[str]:
    """The repairs to run, in running order; a wrong ``--select`` is a ConfigError (exit 2)."""
    wanted = {part.strip() for item in select for part in item.split(",") if part.strip()}
    for name in sorted(wanted):
        if name in REMOVED:
            raise ConfigError(f"--select: {REMOVED[name]}")
        if name not in FIXES:
            raise ConfigError(f"--select: unknown fix {name!r} (known fixes: {', '.join(FIXES)})")
        if name in UNSAFE and not unsafe:
            raise ConfigError(f"--select: {name} guesses what was meant; add --unsafe to run it")
    if not wanted:
        wanted = {name for name, on in (
            ("renumber", config.renumber), ("reorder-definitions", config.reorder_definitions),
            ("duplicate-definitions", config.duplicate_definitions),
            ("house-style", config.house_style)) if on}
        wanted |= set(UNSAFE) if unsafe else set()
        wanted.add("marker-placement")
    return [name for name in FIXES if name in wanted]


def fix_text(text: str, fixes: Iterable[str], config: FixConfig, path: str = "<text>",
             terms: Mapping[str, str] | None = None) -> Outcome:
    """Run ``fixes`` on report text (``terms``: hrf.yaml's house-style terms); raises HrfError
    if the result would lose a note."""
    from hrf_cli.document import parse_document

    first = doc = parse_document(text, path)
    outcome = Outcome(text)
    for name in fixes:
        if name not in STEPS:
            continue  # image-metadata changes image files, not the text
        edits, note = STEPS[name](doc, config, terms or {})
        if note:
            outcome.notes.append(note)
        if edits:
            outcome.text = apply_edits(outcome.text, edits)
            outcome.counts[name] = len(edits)
            doc = parse_document(outcome.text, path)
    added = outcome.counts.get("pasted-markers", 0)
    if doc is not first and doc.rendered_note_count() != first.rendered_note_count() + added:
        raise HrfError(f"the repairs would change the notes pandoc renders "
                       f"({first.rendered_note_count() + added} expected, "
                       f"{doc.rendered_note_count()} after); nothing was changed, please report "
                       "this", path=path)
    return outcome


def fix_paths(paths: Iterable[str], options: FixOptions) -> FixRun:
    """Fix every report under ``paths``; raises ConfigError for bad options or hrf.yaml.

    Each file must lie, once symbolic links are followed, inside the folder it was given
    under (the named file's own folder for a file) and inside its project root: hrf fix never
    writes through a link to a file elsewhere.
    """
    from hrf_cli.boundary import Boundary
    from hrf_cli.config import ConfigCache, FixConfig, load_config
    from hrf_cli.paths import display_path
    from hrf_cli.walk import exclusions_for, find_reports

    if options.mode not in MODES:
        raise ConfigError(f"unknown mode {options.mode!r}")
    base = load_config(options.config).fix if options.config else FixConfig()
    chosen_fixes(base, options.select, options.unsafe)  # a wrong --select fails before any file
    run = FixRun()
    cache = ConfigCache()
    seen: set[str] = set()
    for raw in paths:
        given = Path(raw)
        folder = given if given.is_dir() else Path(os.path.abspath(given)).parent
        files, empty = find_reports(
            [raw], lambda each: exclusions_for(cache.config_for(each, options.config)))
        for nothing in empty:
            run.files.append(FileFix(display_path(nothing),
                                     error="no Markdown reports (*.md) found in this folder"))
        for path, shown in files:
            if os.path.realpath(path) in seen:
                continue
            seen.add(os.path.realpath(path))
            config = cache.config_for(path, options.config)
            fixes = chosen_fixes(config.fix, options.select, options.unsafe)
            boundary = Boundary.for_report(path, config)
            result = fix_file(path, shown, fixes, config.fix, write=options.mode == "write",
                              folder=folder, boundary=boundary, terms=config.style.terms,
                              backup=options.backup)
            _hide_protected_names(result, config, options.mode)
            run.files.append(result)
    return run


def _hide_protected_names(result: FileFix, config: Config, mode: str) -> None:
    """Nothing ``hrf fix`` prints may name a protected name: no diff of a file holding one,
    and image paths or messages that would show one are masked."""
    from dataclasses import replace

    from hrf_cli.safety.names import load_names

    names = load_names(config.safety.protected_names, config.root)
    if not names:
        return
    result.notes = [names.scrub(note) for note in result.notes]
    result.error = result.error and names.scrub(result.error)
    result.images = [replace(image, url=names.scrub(image.url),
                             error=image.error and names.scrub(image.error))
                     for image in result.images]
    if mode == "diff" and result.changed and (names.contains(result.before)
                                              or names.contains(result.after)):
        result.private = True
        result.notes.append("diff not shown: the file contains a protected name")


def fix_file(path: Path, shown: str, fixes: list[str], config: FixConfig, *,
             write: bool, folder: Path | None = None, boundary: Boundary | None = None,
             terms: Mapping[str, str] | None = None, backup: bool = True) -> FileFix:
    """Fix one file; problems become ``FileFix.error``, never exceptions.

    ``folder``: the folder the file was given under; a file whose real path lies outside it
    (a symbolic link pointing out) is refused, as is one outside ``boundary``'s root.
    ``backup``: image-metadata keeps each original image as ``NAME.orig``.
    """
    from hrf_cli.document import UnreadableFile, read_text

    real = Path(os.path.realpath(path))
    if folder is not None and not _below(real, Path(os.path.realpath(folder))):
        return FileFix(shown, error=f"is a symbolic link to {real}, outside {folder}; not "
                                    "changed (fix the file where it lies)")
    try:
        if boundary is not None and not boundary.contains(real):
            raise UnreadableFile(f"it is a symbolic link to {real}, outside the project root "
                                 f"{boundary.root}")
        text = read_text(real, boundary.max_file_size if boundary is not None else None)
        before_stat = os.stat(real)  # after reading: the hash check below catches any race
    except (UnreadableFile, OSError) as exc:
        reason = str(exc.strerror if isinstance(exc, OSError) and exc.strerror else exc)
        return FileFix(shown, error=reason if reason == "file not found"
                       else f"cannot read the file: {reason}")
    try:
        outcome = fix_text(text, fixes, config, shown, terms)
    except HrfError as exc:
        return FileFix(shown, text, text, error=exc.message)
    result = FileFix(shown, text, outcome.text, outcome.counts, outcome.notes)
    if write and result.before != result.after:
        result.error = replace_if_unchanged(real, text, before_stat, outcome.text)
    if IMAGES in fixes and result.error is None:
        from hrf_cli.fix.images import strip_images

        result.images = strip_images(text, real, shown, write=write, backup=backup,
                                     boundary=boundary)
        result.notes += [image.error for image in result.images if image.error]
        if stripped := sum(image.error is None for image in result.images):
            result.counts[IMAGES] = stripped
    return result


def _below(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def replace_if_unchanged(path: Path, read: str, stat: os.stat_result, new: str) -> str | None:
    """Atomically write ``new`` unless the file changed since ``read``; the reason if not.

    A read-only file is refused (the atomic rename would replace it regardless of its mode),
    and a failed write is a message, never a traceback.
    """
    from hrf_cli.atomic import write_text

    target = Path(os.path.realpath(path))  # replace a symlink's target, not the link
    try:
        now = os.stat(target)
        current = target.read_bytes()
    except OSError as exc:
        return f"cannot re-read before writing: {exc.strerror or exc}"
    if ((now.st_mtime_ns, now.st_size) != (stat.st_mtime_ns, stat.st_size)
            or hashlib.sha256(current).digest() != hashlib.sha256(read.encode("utf-8")).digest()):
        return "changed on disk after it was read; not overwritten (run hrf fix again)"
    if not now.st_mode & 0o222 or not os.access(target, os.W_OK):
        return "is read-only; not changed (make it writable to let hrf fix it)"
    try:
        write_text(target, new)
    except OSError as exc:
        return f"cannot write it: {exc.strerror or exc}"
    return None


def summary(counts: dict[str, int]) -> str:
    """``renumber (12 edits), marker-placement (3 edits)`` in running order."""
    return ", ".join(f"{name} ({n} {'image' if name == IMAGES else 'edit'}{'s' if n != 1 else ''})"
                     for name in FIXES if (n := counts.get(name)))
