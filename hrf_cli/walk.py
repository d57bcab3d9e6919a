"""Which files a folder argument means: reports below it, minus what is not a report.

lint, fix and export all walk folders the same way, so this module sits below all three and
imports none of them. A file named on the command line is always taken; a folder is searched
for Markdown reports, skipping:

- folders and files matched by the exclusion patterns (gitignore syntax, read with pathspec):
  :data:`DEFAULT_EXCLUDE` unless replaced (``--exclude`` / ``lint.exclude``), plus any extra
  patterns (``--extend-exclude``);
- what git ignores (``.gitignore`` files from the repository's root down, and
  ``.git/info/exclude``), as ruff does, unless ``respect_gitignore`` is off.

Patterns from hrf.yaml are anchored at its folder, patterns from the command line at the
current folder; a pattern without a slash matches a name at any depth, as in git.
"""

from __future__ import annotations

import os
from collections import namedtuple
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

from hrf_cli.paths import display_path
from hrf_cli.record import Record

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

    from hrf_cli.config import Config

REPORT_SUFFIXES = (".md",)
# Not reports: tooling folders, and the files every repository has beside its reports.
DEFAULT_EXCLUDE = (
    ".*/", "node_modules/", "__pycache__/", "venv/", "dist/", "build/",
    "README*", "CHANGELOG*", "CHANGES*", "CONTRIBUTING*", "LICENSE*", "LICENCE*",
    "CODE_OF_CONDUCT*", "SECURITY*",
)


class Exclusions(namedtuple("Exclusions", "patterns respect_gitignore force",
                            defaults=(((Path("."), DEFAULT_EXCLUDE),), True, False))):
    """What a folder walk skips: pattern lists, each anchored at a base folder."""

    __slots__ = ()
    patterns: tuple[tuple[Path, tuple[str, ...]], ...]
    respect_gitignore: bool
    force: bool  # also skip excluded files named on the command line (for hooks)

    @classmethod
    def build(cls, *, config_patterns: Sequence[str] | None = None,
              config_extend: Sequence[str] = (), config_base: Path | None = None,
              exclude: Sequence[str] = (), extend_exclude: Sequence[str] = (),
              respect_gitignore: bool = True, force: bool = False) -> Exclusions:
        """Command line over hrf.yaml over the defaults: ``exclude`` replaces, ``extend`` adds."""
        cwd, base = Path("."), config_base or Path(".")
        if exclude:
            groups = [(cwd, tuple(exclude))]
        elif config_patterns is not None:
            groups = [(base, tuple(config_patterns))]
        else:
            groups = [(cwd, DEFAULT_EXCLUDE)]
        if config_extend:
            groups.append((base, tuple(config_extend)))
        if extend_exclude:
            groups.append((cwd, tuple(extend_exclude)))
        return cls(tuple(groups), respect_gitignore, force)

    def rules(self, top: Path) -> _Rules:
        """The compiled patterns, with the .gitignore files above ``top`` when respected."""
        rules = _Rules()
        for base, patterns in self.patterns:
            rules.add(Path(os.path.abspath(base)), patterns)
        if self.respect_gitignore:
            _gitignores_above(top, rules)
        return rules


class _Rules(Record):
    """Compiled specs, each with the folder its patterns are relative to (absolute)."""

    __slots__ = ("specs",)

    def __init__(self, specs: list[tuple[Path, GitIgnoreSpec]] | None = None) -> None:
        self.specs = [] if specs is None else specs

    def add(self, base: Path, lines: Iterable[str]) -> None:
        from pathspec import GitIgnoreSpec

        spec = GitIgnoreSpec.from_lines(list(lines))
        if spec.patterns:
            self.specs.append((base, spec))

    def ignored(self, path: Path, is_dir: bool, walk_root: Path, anchored: bool = True) -> bool:
        """Last decisive pattern wins, deeper .gitignore files after shallower ones.

        ``anchored`` False matches paths relative to the walk root only: used when the folder
        given on the command line is itself excluded (a folder named is always searched).
        """
        verdict = False
        for base, spec in self.specs:
            rel = (_relative(path, base) if anchored else None) or _relative(path, walk_root)
            if rel is None or rel == ".":
                continue
            result = spec.check_file(rel + "/" if is_dir else rel)
            if result.include is not None:
                verdict = result.include
        return verdict


def expand_paths(paths: Iterable[str], exclusions: Exclusions | None = None) -> list[tuple[Path, str]]:
    """Files with the name to show: files as given, folders searched for reports."""
    exclusions = exclusions or Exclusions()
    found: list[tuple[Path, str]] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for file in _walk(path, exclusions):
                _add(found, seen, file)
        else:
            _add(found, seen, path)
    return found


def exclusions_for(config: Config, exclude: Sequence[str] = (), extend_exclude: Sequence[str] = (),
                   respect_gitignore: bool | None = None, force: bool = False) -> Exclusions:
    """What a walk skips: the command line over hrf.yaml's ``lint:`` section over the defaults."""
    respect = config.lint.respect_gitignore if respect_gitignore is None else respect_gitignore
    return Exclusions.build(config_patterns=config.lint.exclude,
                            config_extend=config.lint.extend_exclude, config_base=config.root,
                            exclude=exclude, extend_exclude=extend_exclude,
                            respect_gitignore=respect, force=force)


def find_reports(paths: Iterable[str], exclusions: Callable[[Path], Exclusions]
                 ) -> tuple[list[tuple[Path, str]], list[Path]]:
    """The reports under ``paths`` (each file once) and the folders given that hold none
    (almost always a wrong path). ``exclusions`` gives the rules for a folder argument."""
    found: list[tuple[Path, str]] = []
    empty: list[Path] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            if not _force_excluded(path, exclusions):
                _add(found, seen, path)
            continue
        files = list(_walk(path, exclusions(path)))
        if not files:
            empty.append(path)
        for file in files:
            _add(found, seen, file)
    return found, empty


def _force_excluded(file: Path, exclusions: Callable[[Path], Exclusions]) -> bool:
    """A file named on the command line is skipped only with ``force`` (pre-commit passes
    every changed file by name, README.md included)."""
    folder = Path(os.path.abspath(file)).parent
    chosen = exclusions(folder)
    if not chosen.force or not file.exists():
        return False
    return chosen.rules(folder).ignored(Path(os.path.abspath(file)), False, folder)


def _walk(top: Path, exclusions: Exclusions) -> Iterable[Path]:
    root = Path(os.path.abspath(top))
    rules = exclusions.rules(root)
    anchored = not rules.ignored(root, True, root.parent)
    for folder, dirs, files in os.walk(top):
        here = Path(os.path.abspath(folder))
        if exclusions.respect_gitignore and here != root:
            _read_gitignore(here, rules)
        dirs[:] = sorted(d for d in dirs if not rules.ignored(here / d, True, root, anchored))
        for name in sorted(files):
            if name.endswith(REPORT_SUFFIXES) and not rules.ignored(here / name, False, root,
                                                                    anchored):
                yield Path(folder) / name


def _gitignores_above(root: Path, rules: _Rules) -> None:
    """.gitignore files from the repository's root down to ``root`` (only ``root``'s own
    outside a repository), and the repository's ``.git/info/exclude``."""
    chain = [root, *root.parents]
    repo = next((folder for folder in chain if (folder / ".git").exists()), root)
    exclude = repo / ".git" / "info" / "exclude"
    if exclude.is_file():
        rules.add(repo, _lines(exclude))
    for folder in reversed(chain[:chain.index(repo) + 1]):
        _read_gitignore(folder, rules)


def _read_gitignore(folder: Path, rules: _Rules) -> None:
    file = folder / ".gitignore"
    if file.is_file():
        rules.add(folder, _lines(file))


def _lines(file: Path) -> list[str]:
    try:
        return file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []


def _relative(path: Path, base: Path) -> str | None:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return None


def _add(found: list[tuple[Path, str]], seen: set[Path], path: Path) -> None:
    key = path.resolve() if path.exists() else path
    if key not in seen:
        seen.add(key)
        found.append((path, display_path(path)))
