"""Protected names: people (and places) a report must never name, and must never print.

The list is a UTF-8 file, one name or phrase a line, ``#`` starting a comment; it is named
by ``safety.protected-names`` in hrf.yaml or by the ``HRF_PROTECTED_NAMES`` environment
variable (both lists count when both are set). Matching is case-insensitive, on whole words,
after NFKC normalisation; apostrophe variants (ʼ ’ ' ‘) are one, and words may be joined by
spaces, hyphens, underscores or dots (``olena_kovalenko.jpg``). A name in Cyrillic also
matches its Latin spelling under the Ukrainian and the Russian tables, and a Latin name
matches Cyrillic text that transliterates to it.

All names are searched together in one pass (hrf_cli.safety.phrases), so a report is read
once whatever the length of the list. Nothing here ever returns a name: a hit is "line 3 of
names.txt", and :meth:`NameList.scrub` hides names in any text hrf prints.
"""

from __future__ import annotations

import os
import re
from collections import namedtuple
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from hrf_cli.errors import ConfigError
from hrf_cli.record import Record

if TYPE_CHECKING:  # the matcher and transliteration load only when names are set
    from hrf_cli.safety.phrases import PhraseMatcher

ENVIRONMENT = "HRF_PROTECTED_NAMES"
HIDDEN = "[protected name]"


@lru_cache(maxsize=None)
def _cyrillic() -> re.Pattern[str]:
    """Compiled when names are set: every lint loads this module to learn there are none."""
    return re.compile(r"[\u0400-\u04ff\u0500-\u052f]")


def has_cyrillic(text: str) -> bool:
    return not text.isascii() and _cyrillic().search(text) is not None


class NameHit(namedtuple("NameHit", "start end line source")):
    """A protected name found: its place in the searched text and which list line it is."""

    __slots__ = ()
    start: int
    end: int
    line: int  # 1-based line of the searched text
    source: str  # "line 3 of names.txt"


class NameList(Record):
    """Every protected name, compiled into one matcher.

    ``files``: file names shown, never the names; ``entries``: folded variant to "line N of
    FILE"; ``sources``: the same, without apostrophes; ``latin``: some name is written in Latin
    letters only.
    """

    __slots__ = ("files", "entries", "sources", "matcher", "latin")

    def __init__(self, files: list[str] | None = None, entries: dict[str, str] | None = None,
                 sources: dict[str, str] | None = None, matcher: PhraseMatcher | None = None,
                 latin: bool = False) -> None:
        self.files = [] if files is None else files
        self.entries = {} if entries is None else entries
        self.sources = {} if sources is None else sources
        self.matcher = matcher
        self.latin = latin

    def __bool__(self) -> bool:
        return self.matcher is not None

    def find(self, text: str) -> Iterator[NameHit]:
        """Every name in ``text``, once per line and list entry: matched as written, then, if
        the text has Cyrillic letters and the list Latin names, in the text's Ukrainian and
        Russian transliterations (reported for the whole line)."""
        if self.matcher is None:
            return
        import unicodedata  # names are set: most lints never get here

        normal = text if unicodedata.is_normalized("NFKC", text) else _normal(text)
        seen: set[tuple[int, str]] = set()
        line_starts: list[int] = []
        for m in self.matcher.finditer(normal):
            line_starts = line_starts or _line_starts(normal)
            line = _line_of(line_starts, m.start())
            source = self._source(m.group())
            if (line, source) not in seen:
                seen.add((line, source))
                yield NameHit(m.start(), m.end(), line, source)
        if not self.latin or not has_cyrillic(normal):
            return
        from hrf_cli.translit import transliterate_text

        lines = normal.split("\n")
        line_starts = line_starts or _line_starts(normal)
        for language in ("uk", "ru"):
            latin = transliterate_text(normal, language)
            latin_starts: list[int] = []
            for m in self.matcher.finditer(latin):
                latin_starts = latin_starts or _line_starts(latin)
                number = _line_of(latin_starts, m.start())
                source = self._source(m.group())
                if (number, source) not in seen:
                    seen.add((number, source))
                    start = line_starts[number - 1]
                    yield NameHit(start, start + len(lines[number - 1]), number, source)

    def _source(self, matched: str) -> str:
        from hrf_cli.safety.phrases import fold

        return self.sources.get(fold(matched, apostrophes=False), "a protected name")

    def scrub(self, text: str) -> str:
        """``text`` with every protected name (in any script) replaced by a neutral mark;
        here names are found inside longer words too (a citation key ``kovalenko_2020``)."""
        if self.matcher is None or not text:
            return text
        import unicodedata

        normal = text if unicodedata.is_normalized("NFKC", text) else _normal(text)
        out = self.matcher.sub(HIDDEN, normal)
        if self.latin and has_cyrillic(out) and any(True for _ in self.find(out)):
            return HIDDEN  # a transliterated hit: no span to cut out, hide the whole text
        return out

    def contains(self, text: str) -> bool:
        return next(self.find(text), None) is not None


def _normal(text: str) -> str:
    import unicodedata

    return "\n".join(unicodedata.normalize("NFKC", line) for line in text.split("\n"))


def _line_starts(text: str) -> list[int]:
    from itertools import accumulate

    return [0, *accumulate(len(line) + 1 for line in text.split("\n"))][:-1]


def _line_of(starts: list[int], offset: int) -> int:
    from bisect import bisect_right

    return bisect_right(starts, offset)


def load_names(config_path: str | None, root: Path | None,
               environ: dict[str, str] | None = None) -> NameList:
    """The names of hrf.yaml's ``safety.protected-names`` and of ``$HRF_PROTECTED_NAMES``."""
    environ = os.environ if environ is None else environ
    paths: list[Path] = []
    if config_path:
        path = Path(config_path).expanduser()
        paths.append(path if path.is_absolute() or root is None else root / path)
    if environ.get(ENVIRONMENT):
        paths.append(Path(environ[ENVIRONMENT]).expanduser())
    if not paths:
        return NameList()
    return _compiled(tuple(_identity(path) for path in paths))


def _identity(path: Path) -> tuple[str, int, int]:
    try:
        stat = path.stat()
    except OSError as exc:
        raise ConfigError(f"protected names file {path}: {exc.strerror or exc}") from None
    return str(path), stat.st_mtime_ns, stat.st_size


@lru_cache(maxsize=8)
def _compiled(identities: tuple[tuple[str, int, int], ...]) -> NameList:
    from hrf_cli.safety.phrases import PhraseMatcher, fold
    from hrf_cli.translit import transliterate_text

    names = NameList()
    for raw, _, _ in identities:
        path = Path(raw)
        names.files.append(path.name)
        for number, name in _read(path):
            source = f"line {number} of {path.name}"
            variants = {fold(name)}
            if has_cyrillic(name):
                variants |= {fold(transliterate_text(name, lang)) for lang in ("uk", "ru")}
            else:
                names.latin = True
            for variant in variants:
                if variant:
                    names.entries.setdefault(variant, source)
                    names.sources.setdefault(fold(variant, apostrophes=False), source)
    if names.entries:
        names.matcher = PhraseMatcher(list(names.entries))
    return names


def _read(path: Path) -> Iterator[tuple[int, str]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError(f"protected names file {path} is not valid UTF-8; save it as UTF-8") from None
    except OSError as exc:
        raise ConfigError(f"protected names file {path}: {exc.strerror or exc}") from None
    for number, line in enumerate(text.splitlines(), start=1):
        name = line.split("#", 1)[0].strip()
        if name:
            yield number, name
