"""A report as pandoc reads it: front matter, notes and citations, with true positions."""

from __future__ import annotations

import os
import re
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hrf_cli.markdown.model import ScanResult
from hrf_cli.record import Record

if TYPE_CHECKING:
    from hrf_cli.bibliography import Bibliography
    from hrf_cli.boundary import Boundary
from hrf_cli.positions import LineIndex

FRONT_OPEN = re.compile(r"---[ \t]*\r?\n")
FRONT_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)
# R Markdown and Quarto: knitr/Quarto run and replace ```{r} chunks before pandoc reads them.
CHUNKED_SUFFIXES = (".rmd", ".qmd")
TITLE_BLOCK_LINE = r"%[^\n]*\n(?:[ \t]+[^\n]*\n)*"  # compiled for a report that has one


class UnreadableFile(Exception):
    """Raised when a report cannot be read as UTF-8 text; the message says why."""


class FrontMatter(Record):
    """The YAML block at the top of a report.

    ``start``: offset of the opening ``---``; ``end``: just after the closing line;
    ``first_line``: file line of the first YAML line (after ``---``); ``data``: the ruamel
    CommentedMap (or other YAML value) when it parsed; ``unsafe``: why valid YAML is still
    refused (an alias bomb), ``data`` then None, so no rule walks it.
    """

    __slots__ = ("start", "end", "first_line", "data", "error", "error_line", "error_column",
                 "unsafe")

    def __init__(self, start: int, end: int, first_line: int, data: Any = None,
                 error: str | None = None, error_line: int | None = None,
                 error_column: int | None = None, unsafe: str | None = None) -> None:
        self.start = start
        self.end = end
        self.first_line = first_line
        self.data = data
        self.error = error
        self.error_line = error_line
        self.error_column = error_column
        self.unsafe = unsafe

    def key_line(self, key: str) -> int | None:
        """File line of a top-level key, from ruamel's round-trip positions."""
        lc = getattr(self.data, "lc", None)
        if lc is None or key not in self.data:
            return None
        return self.first_line + lc.key(key)[0]


class Document(Record):
    """One report: its text, front matter and everything the scanner found in its body.

    ``source``: the file on disk, for paths written relative to the report; ``boundary``: where
    the files the report names may lie (lint sets it); ``origin``: a Word draft's map back to
    its paragraphs (hrf_cli.word.lint.WordOrigin). No ``__slots__``: the cached properties
    below keep their values in the instance's dictionary.
    """

    _compared = _shown = ("path", "text", "lines", "front_matter", "body_start", "scan",
                          "source", "boundary", "origin")

    def __init__(self, path: str, text: str, lines: LineIndex, front_matter: FrontMatter | None,
                 body_start: int, scan: ScanResult, source: Path | None = None,
                 boundary: Boundary | None = None, origin: Any = None) -> None:
        self.path = path
        self.text = text
        self.lines = lines
        self.front_matter = front_matter
        self.body_start = body_start
        self.scan = scan
        self.source = source
        self.boundary = boundary
        self.origin = origin

    @cached_property
    def bibliography(self) -> Bibliography:
        """The report's bibliographies, loaded once for all the rules that need them."""
        from hrf_cli.bibliography import load_bibliography

        return load_bibliography(self, self.source)

    @property
    def footnote_refs(self):
        return self.scan.footnote_refs

    @property
    def footnote_defs(self):
        return self.scan.footnote_defs

    @property
    def citations(self):
        return self.scan.citations

    @property
    def inline_notes(self):
        return self.scan.inline_notes

    # The note tables below are read by many rules and by the file statistics: each is
    # built once per document (the scan does not change after loading) and must not be
    # changed by the caller.
    def definition_indexes(self) -> dict[str, int]:
        """Label to the index (in ``footnote_defs``) of the definition pandoc keeps: the last."""
        return self._definition_indexes

    @cached_property
    def _definition_indexes(self) -> dict[str, int]:
        return {d.label: i for i, d in enumerate(self.scan.footnote_defs)}

    def defined_labels(self) -> dict[str, Any]:
        """Label to definition as pandoc keeps them: the last definition of a label wins."""
        return self._defined_labels

    @cached_property
    def _defined_labels(self) -> dict[str, Any]:
        return {d.label: d for d in self.scan.footnote_defs}

    def resolved_refs(self):
        """References pandoc turns into notes: defined, and not inside a note definition."""
        return self._resolved_refs

    @cached_property
    def _resolved_refs(self):
        defined = self._defined_labels
        return [r for r in self.scan.footnote_refs
                if r.in_definition is None and r.label in defined]

    @cached_property
    def _rendered_definitions(self) -> dict[int, int]:
        """Definition index to how many times pandoc renders it (once per resolved reference)."""
        winner = self._definition_indexes
        times: dict[int, int] = {}
        for ref in self._resolved_refs:
            index = winner[ref.label]
            times[index] = times.get(index, 0) + 1
        return times

    def rendered_note_count(self) -> int:
        """Number of Note elements in pandoc's output, nested ones included."""
        inline_in: dict[int | None, int] = {}
        for note in self.scan.inline_notes:
            inline_in[note.definition_index] = inline_in.get(note.definition_index, 0) + 1
        total = inline_in.get(None, 0)
        for index, times in self._rendered_definitions.items():
            total += times * (1 + inline_in.get(index, 0))
        return total

    def rendered_citation_keys(self) -> set[str]:
        """Citation ids that appear in pandoc's output (not those in unrendered definitions)."""
        rendered = self._rendered_definitions
        return {c.key for c in self.scan.citations
                if c.definition_index is None or c.definition_index in rendered}

    def rendered_citation_count(self) -> int:
        """Citations in pandoc's output: those in a note count once per time it is rendered."""
        rendered = self._rendered_definitions
        return sum(1 if c.definition_index is None else rendered.get(c.definition_index, 0)
                   for c in self.scan.citations)

    def word_count(self) -> int:
        """Words of prose (code, markup, notes' markers and citation keys left out): runs of
        non-space characters with a letter or digit ("##" and a citation's brackets are not
        words)."""
        from hrf_cli.wordcount import count_words

        return count_words(self.scan.prose)


def read_text(path: Path, max_size: int | None = None) -> str:
    """Read a report as UTF-8 without translating line endings.

    A device, FIFO, socket or folder is refused before it is opened (a FIFO would hang hrf),
    and so is a file larger than ``max_size`` (default: safety.max-file-size's default).
    """
    from hrf_cli.boundary import Refused, read_limited
    from hrf_cli.config import DEFAULT_MAX_FILE_SIZE

    try:
        data = read_limited(path, max_size or DEFAULT_MAX_FILE_SIZE, "report", path.name)
    except Refused as exc:
        raise UnreadableFile(exc.reason) from None
    except FileNotFoundError:
        raise UnreadableFile("file not found") from None
    except PermissionError:
        raise UnreadableFile("permission denied") from None
    except OSError as exc:
        raise UnreadableFile(exc.strerror or str(exc)) from None
    return decode_text(data)


def decode_text(data: bytes) -> str:
    """A report's bytes as UTF-8 text; binary or mis-encoded data is :class:`UnreadableFile`."""
    if b"\x00" in data[:8192]:
        raise UnreadableFile("binary file (contains NUL bytes), not a Markdown report")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise UnreadableFile(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} on line {line}); "
            "save the file as UTF-8") from None


def find_front_matter(text: str, start: int) -> tuple[int, int, int] | None:
    """(open offset, yaml start offset, end offset) of a YAML block at ``start``, if any."""
    m = FRONT_OPEN.match(text, start)
    if not m:
        return None
    yaml_start = m.end()
    if text[yaml_start:yaml_start + 1] in ("\n", "\r", ""):
        return None  # "---" followed by a blank line is a horizontal rule
    close = FRONT_CLOSE.search(text, yaml_start)
    if not close:
        return None
    end = close.end()
    if text.startswith("\n", end):
        end += 1
    return start, yaml_start, end if end <= len(text) else len(text)


def parse_front_matter(text: str, lines: LineIndex, start: int, yaml_start: int, end: int,
                       yaml_end: int) -> FrontMatter:
    """Load the YAML round-trip so key lines survive; a syntax error keeps its position."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    from hrf_cli.yaml_aliases import too_deep

    first_line = lines.line_of(yaml_start)
    front = FrontMatter(start, end, first_line)
    source = text[yaml_start:yaml_end].replace("\r\n", "\n")
    try:
        if too_deep(source):
            raise RecursionError
        front.data = YAML(typ="rt").load(source)
    except RecursionError:
        front.unsafe = "the front matter nests lists or mappings too deeply to be read"
        front.error_line = first_line
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        front.error = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        if mark is not None:
            front.error_line = first_line + mark.line
            front.error_column = mark.column + 1
    except YAMLError as exc:
        front.error = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
        front.error_line = first_line
    _refuse_alias_bomb(front)
    return front


def _refuse_alias_bomb(front: FrontMatter) -> None:
    """Aliases that would make pandoc build millions of values: refused, data dropped."""
    from hrf_cli.yaml_aliases import find_alias_bomb

    if front.data is None:
        return
    bomb = find_alias_bomb(front.data)
    if bomb is not None:
        front.unsafe = bomb.message()
        front.error_line = front.first_line + bomb.line
        front.data = None


def load_document(path: Path, display: str | None = None,
                  boundary: Boundary | None = None, data: bytes | None = None) -> Document:
    """Read and scan a report; raises :class:`UnreadableFile` when it cannot be read.

    With a ``boundary``, a report whose real path (symbolic links followed) lies outside the
    project root is refused, and the files it names are confined to that root. ``data`` is
    the report's content when it does not come from ``path`` (standard input: ``path`` then
    only places the report, for its bibliography and hrf.yaml).
    """
    if data is not None:
        text = decode_text(data)
    elif boundary is not None:
        from hrf_cli.boundary import Refused

        try:
            real = boundary.resolve(os.path.abspath(path), "report")
        except Refused as exc:
            raise UnreadableFile(exc.reason) from None
        text = read_text(real, boundary.max_file_size)
    else:
        text = read_text(path)
    doc = parse_document(text, display or str(path))
    doc.source = path
    doc.boundary = boundary
    return doc


def parse_document(text: str, path: str = "<text>") -> Document:
    """Scan report text (as read from disk, CRLF kept)."""
    from hrf_cli.markdown.scan import scan_body

    lines = LineIndex(text)
    start = 1 if text.startswith("\ufeff") else 0
    front: FrontMatter | None = None
    body_start = start
    found = find_front_matter(text, start)
    if found:
        open_at, yaml_start, end = found
        close = FRONT_CLOSE.search(text, yaml_start)
        front = parse_front_matter(text, lines, open_at, yaml_start, end, close.start())
        body_start = end
    elif text.startswith("%", start):
        title_line = re.compile(TITLE_BLOCK_LINE).match
        title = title_line(text, start)
        while title:
            body_start = title.end()
            title = title_line(text, body_start)
    scan_text = text.replace("\r\n", " \n") if "\r" in text else text
    result = scan_body(scan_text, body_start, chunks=path.lower().endswith(CHUNKED_SUFFIXES))
    if front is not None and front.data is not None:
        from hrf_cli.markdown.meta import add_front_matter_items

        add_front_matter_items(result, text, lines, front)
    return Document(path, text, lines, front, body_start, result)
