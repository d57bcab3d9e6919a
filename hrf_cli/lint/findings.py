"""The values lint produces: a finding, one file's result, and the whole run's result."""

from __future__ import annotations

from itertools import chain
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Iterable

from hrf_cli.record import FrozenRecord, Record

if TYPE_CHECKING:
    from hrf_cli.document import Document
    from hrf_cli.repairs.edits import Edit

ERROR = "error"
WARNING = "warning"
SEVERITIES = (ERROR, WARNING)
SEVERITY_RANK = {WARNING: 1, ERROR: 2}


class ByteEdit(FrozenRecord):
    """Replace bytes ``[start_byte, end_byte)`` of the file as read with ``replacement``."""

    _fields = ("start_byte", "end_byte", "replacement")
    start_byte: int
    end_byte: int
    replacement: str

    def __init__(self, start_byte: int, end_byte: int, replacement: str) -> None:
        fields = self.__dict__
        fields["start_byte"], fields["end_byte"], fields["replacement"] = (start_byte, end_byte,
                                                                           replacement)


class Fix(FrozenRecord):
    """A mechanical repair: edits applied together (a renumbering rewrites every label).

    Ranges never overlap, are sorted, and refer to the file as read, so a tool applies them
    back-to-front without recomputing offsets.
    """

    _fields = ("edits",)
    edits: tuple[ByteEdit, ...]

    def __init__(self, edits: tuple[ByteEdit, ...]) -> None:
        self.__dict__["edits"] = edits

    @classmethod
    def single(cls, start_byte: int, end_byte: int, replacement: str) -> Fix:
        return cls((ByteEdit(start_byte, end_byte, replacement),))


def fix_from_edits(doc: Document, edits: Iterable[Edit]) -> Fix:
    """A repair planned as character edits (hrf_cli.repairs) as a lint fix: byte offsets into
    the file on disk."""
    byte = doc.lines.byte_offset
    return Fix(tuple(ByteEdit(byte(e.start), byte(e.end), e.replacement) for e in sorted(edits)))


class Problem(FrozenRecord):
    """What a rule reports: a character range of the document's text and a message.

    The engine turns it into a :class:`Finding` by adding the path, the position and the
    rule's code, name and severity, so rules never compute lines or columns themselves.
    """

    _fields = ("start", "end", "message", "fix", "path", "line", "column", "severity")

    start: int
    end: int
    message: str
    fix: Fix | None = None
    # For a problem in another file (a bibliography): that file and its 1-based line/column,
    # used instead of ``start``/``end`` in the report.
    path: str | None = None
    line: int | None = None
    column: int | None = None
    # A rule whose findings differ in weight (image-metadata: location is an error,
    # identifying fields a warning) sets it; None means the rule's own severity.
    severity: str | None = None

    def __init__(self, start: int, end: int, message: str, fix: Fix | None = None,
                 path: str | None = None, line: int | None = None, column: int | None = None,
                 severity: str | None = None) -> None:
        # Stored straight into the instance's dictionary: a rule may report 300,000 problems.
        fields = self.__dict__
        fields["start"], fields["end"], fields["message"], fields["fix"] = start, end, message, fix
        fields["path"], fields["line"], fields["column"] = path, line, column
        fields["severity"] = severity


class Finding(FrozenRecord):
    """One reported problem, immutable and sortable by path, line, column, code."""

    _fields = ("path", "line", "column", "code", "rule", "severity", "message", "end_line",
               "end_column", "fix", "paragraph", "note", "note_kind")
    # What two findings are compared (and ordered) by: not the fix or Word's places.
    _compared = _fields[:9]

    path: str
    line: int
    column: int
    code: str
    rule: str
    severity: str
    message: str
    end_line: int | None = None
    end_column: int | None = None
    fix: Fix | None = None
    # In a Word draft: the paragraph in reading order, and Word's note number inside a note.
    paragraph: int | None = None
    note: int | None = None
    note_kind: str | None = None  # "footnote" | "endnote"

    def __init__(self, path: str, line: int, column: int, code: str, rule: str, severity: str,
                 message: str, end_line: int | None = None, end_column: int | None = None,
                 fix: Fix | None = None, paragraph: int | None = None, note: int | None = None,
                 note_kind: str | None = None) -> None:
        # Stored straight into the instance's dictionary, as Problem's (300,000 findings).
        fields = self.__dict__
        fields["path"], fields["line"], fields["column"] = path, line, column
        fields["code"], fields["rule"], fields["severity"] = code, rule, severity
        fields["message"], fields["end_line"], fields["end_column"] = message, end_line, end_column
        fields["fix"], fields["paragraph"], fields["note"] = fix, paragraph, note
        fields["note_kind"] = note_kind

    def where(self) -> str:
        """``:line:col`` for Markdown, ``:¶12`` (``:¶12 (footnote 3)``) for a Word draft,
        nothing for a finding about a whole file."""
        if not self.located:
            return ":"
        if self.paragraph is None:
            return f":{self.line}:{self.column}"
        return f":¶{self.paragraph}" + (f" ({self.note_kind} {self.note})" if self.note else "")

    @property
    def located(self) -> bool:
        """False for a finding about a whole file or folder (line 0): no line to point at."""
        return self.line > 0

    # Ordered as the tuples of the compared fields (path, line, column, code, rule, severity,
    # message, end); another class is not comparable.
    def __lt__(self, other: Any) -> bool:
        if other.__class__ is self.__class__:
            return self._key() < other._key()
        return NotImplemented

    def __le__(self, other: Any) -> bool:
        if other.__class__ is self.__class__:
            return self._key() <= other._key()
        return NotImplemented

    def __gt__(self, other: Any) -> bool:
        if other.__class__ is self.__class__:
            return self._key() > other._key()
        return NotImplemented

    def __ge__(self, other: Any) -> bool:
        if other.__class__ is self.__class__:
            return self._key() >= other._key()
        return NotImplemented


# Finding's own order (path, line, column, code, rule, severity, message, end) as one key per
# finding: ``list.sort()`` by ``__lt__`` builds two tuples per comparison.
SORT_KEY = attrgetter(*Finding._compared)
_SEVERITY = attrgetter("severity")


class FileStats(Record):
    """What pandoc would see in one file (the JSON report's ``stats``)."""

    __slots__ = ("words", "notes", "footnote_definitions", "citations", "citation_keys")

    def __init__(self, words: int = 0, notes: int = 0, footnote_definitions: int = 0,
                 citations: int = 0, citation_keys: list[str] | None = None) -> None:
        self.words = words
        self.notes = notes
        self.footnote_definitions = footnote_definitions
        self.citations = citations
        self.citation_keys = [] if citation_keys is None else citation_keys


class FileResult(Record):
    """The findings for one file, and its statistics when it could be read.

    ``source`` is the text as linted, for reporters that show the source line under a finding
    (neither compared nor shown).
    """

    __slots__ = ("path", "findings", "stats", "source")
    _compared = _shown = ("path", "findings", "stats")

    def __init__(self, path: str, findings: list[Finding] | None = None,
                 stats: FileStats | None = None, source: str | None = None) -> None:
        self.path = path
        self.findings = [] if findings is None else findings
        self.stats = stats
        self.source = source


class LintResult(Record):
    """Everything one ``hrf lint`` run found, in a stable order."""

    __slots__ = ("files",)

    def __init__(self, files: list[FileResult] | None = None) -> None:
        self.files = [] if files is None else files

    def findings(self) -> list[Finding]:
        return list(chain.from_iterable(file.findings for file in self.files))

    def count(self, severity: str) -> int:
        return sum(list(map(_SEVERITY, file.findings)).count(severity) for file in self.files)

    @property
    def errors(self) -> int:
        return self.count(ERROR)

    @property
    def warnings(self) -> int:
        return self.count(WARNING)

    def fails(self, fail_on: str) -> bool:
        """True when any finding is at or above ``fail_on`` (``error``, ``warning`` or ``never``)."""
        if fail_on == "never":
            return False
        threshold = SEVERITY_RANK[fail_on]
        return any(SEVERITY_RANK[f.severity] >= threshold for f in self.findings())
