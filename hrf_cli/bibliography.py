"""Bibliographies a report declares: CSL JSON, CSL YAML, BibTeX files and inline ``references``.

Every entry keeps the file and line it came from so findings point at it. Fields are kept
under CSL variable names (``URL``, ``DOI``, ``accessed``, ``publisher``...) whatever the
format, so the rules check one shape.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from hrf_cli.paths import display_path
from hrf_cli.record import Record


class FrontMatterLike(Protocol):
    """What is read of a report's front matter: its YAML data and where its keys stand."""

    data: Any

    def key_line(self, key: str) -> int | None: ...


class Document(Protocol):
    """What a bibliography needs of a report (hrf_cli.document.Document has it): its shown
    path and front matter. A protocol, so this module sits below document.py."""

    path: str
    front_matter: FrontMatterLike | None


if TYPE_CHECKING:
    from hrf_cli.boundary import Boundary

JSON_SUFFIXES = (".json",)
YAML_SUFFIXES = (".yaml", ".yml")
BIBTEX_SUFFIXES = (".bib", ".bibtex")

# BibTeX entry types and field names mapped to CSL, as pandoc's citeproc maps them.
BIBTEX_TYPES = {
    "article": "article-journal", "book": "book", "booklet": "pamphlet", "inbook": "chapter",
    "incollection": "chapter", "inproceedings": "paper-conference", "conference": "paper-conference",
    "manual": "report", "mastersthesis": "thesis", "phdthesis": "thesis", "thesis": "thesis",
    "techreport": "report", "report": "report", "unpublished": "manuscript", "online": "webpage",
    "www": "webpage", "electronic": "webpage", "misc": "document", "jurisdiction": "legal_case",
    "legislation": "legislation", "interview": "interview", "newsarticle": "article-newspaper",
}
BIBTEX_FIELDS = {
    "title": "title", "url": "URL", "doi": "DOI", "urldate": "accessed", "publisher": "publisher",
    "institution": "publisher", "organization": "publisher", "journal": "container-title",
    "journaltitle": "container-title", "booktitle": "container-title", "date": "issued",
    "year": "issued", "author": "author", "editor": "editor", "note": "note",
    "howpublished": "medium", "authority": "authority", "court": "authority",
}


class Entry(Record):
    """One bibliography entry with CSL field names and where it was written."""

    __slots__ = ("id", "type", "fields", "path", "line")

    def __init__(self, id: str, type: str, fields: dict[str, Any], path: str, line: int) -> None:
        self.id = id
        self.type = type
        self.fields = fields
        self.path = path
        self.line = line


class BibliographyProblem(Record):
    """A bibliography file that could not be read or parsed (or an entry that could not)."""

    __slots__ = ("path", "line", "message")

    def __init__(self, path: str, line: int, message: str) -> None:
        self.path = path
        self.line = line
        self.message = message


class Bibliography(Record):
    """Everything the report's bibliographies hold, in the order pandoc would read them.

    ``unreadable``: a whole file could not be loaded, so some ids may be missing;
    ``duplicates``: entries whose id appeared before, as (the later entry, the first one);
    ``refused``: files refused by the project boundary (outside the root, special, too large),
    never read.
    """

    __slots__ = ("declared", "entries", "problems", "unreadable", "duplicates", "refused")

    def __init__(self, declared: bool = False, entries: list[Entry] | None = None,
                 problems: list[BibliographyProblem] | None = None, unreadable: bool = False,
                 duplicates: list[tuple[Entry, Entry]] | None = None,
                 refused: list[BibliographyProblem] | None = None) -> None:
        self.declared = declared
        self.entries = [] if entries is None else entries
        self.problems = [] if problems is None else problems
        self.unreadable = unreadable
        self.duplicates = [] if duplicates is None else duplicates
        self.refused = [] if refused is None else refused

    def ids(self) -> dict[str, Entry]:
        """Id to entry; the first entry of an id wins, as for pandoc's citeproc."""
        found: dict[str, Entry] = {}
        for entry in self.entries:
            found.setdefault(entry.id, entry)
        return found


def load_bibliography(doc: Document, report_path: Path | None) -> Bibliography:
    """Load what the front matter's ``bibliography`` and ``references`` declare.

    Files are confined by the document's boundary (the project root); without one (text
    with no file), by the report's folder, or the current folder.
    """
    from hrf_cli.boundary import Boundary

    result = Bibliography()
    data = doc.front_matter.data if doc.front_matter is not None else None
    if not isinstance(data, dict):
        return result
    boundary = doc.boundary or Boundary.for_folder(
        report_path.parent if report_path is not None else Path.cwd())
    files = data.get("bibliography")
    if files:
        result.declared = True
        line = doc.front_matter.key_line("bibliography") or 1
        for name in files if isinstance(files, list) else [files]:
            _load_file(boundary, str(name), doc.path, line, result)
    references = data.get("references")
    if references is not None:
        result.declared = True
        _load_inline(references, doc, result)
    _find_duplicates(result)
    return result


def _load_file(boundary: Boundary, name: str, report: str, line: int,
               result: Bibliography) -> None:
    from hrf_cli.boundary import Refused

    path = boundary.folder / name
    shown = display_path(path)
    try:
        path = boundary.resolve(name, "bibliography")
        text = boundary.read(path, "bibliography", name).decode("utf-8")
    except Refused as exc:
        result.refused.append(BibliographyProblem(report, line, exc.message))
        result.unreadable = True
        return
    except FileNotFoundError:
        result.problems.append(BibliographyProblem(report, line, f"bibliography {name!r} not found "
                                                   f"(looked for {shown})"))
        result.unreadable = True
        return
    except UnicodeDecodeError:
        result.problems.append(BibliographyProblem(shown, 1, f"bibliography {shown} is not valid "
                                                   "UTF-8; save it as UTF-8"))
        result.unreadable = True
        return
    except OSError as exc:
        result.problems.append(BibliographyProblem(report, line, f"cannot read bibliography "
                                                   f"{shown}: {exc.strerror or exc}"))
        result.unreadable = True
        return
    suffix = path.suffix.lower()
    if suffix in JSON_SUFFIXES:
        _load_csl_json(text, shown, result)
    elif suffix in YAML_SUFFIXES:
        _load_csl_yaml(text, shown, result)
    elif suffix in BIBTEX_SUFFIXES:
        _load_bibtex(text, shown, result)
    else:
        result.problems.append(BibliographyProblem(
            report, line, f"bibliography {name!r} has an unknown format; use .json (CSL JSON), "
            ".yaml (CSL YAML) or .bib (BibTeX)"))
        result.unreadable = True


def _load_csl_json(text: str, shown: str, result: Bibliography) -> None:
    import json  # a report with a CSL JSON bibliography: not every lint pays for the module

    try:
        items = json.loads(text)
    except json.JSONDecodeError as exc:
        result.problems.append(BibliographyProblem(shown, exc.lineno, f"invalid CSL JSON: {exc.msg}"))
        result.unreadable = True
        return
    if isinstance(items, dict) and isinstance(items.get("items"), list):
        items = items["items"]
    if not isinstance(items, list):
        result.problems.append(BibliographyProblem(shown, 1, "CSL JSON must be a list of entries"))
        return
    id_lines = _json_id_lines(text, items)
    for index, item in enumerate(items):
        line = id_lines[index] if index < len(id_lines) else 1
        _add_csl(item, shown, line, index, result)


ID_KEY = re.compile(r'"id"\s*:')


class _Pairs(list):
    """A JSON object as its (key, value) pairs, duplicates and order kept."""


def _json_id_lines(text: str, entries: list[Any]) -> list[int]:
    """Line of each entry's ``"id"`` key in order: json gives no positions, the text does.

    In valid JSON an unescaped ``"id"`` followed by ``:`` is a key, and without ``\\u``
    escapes every ``id`` key is spelled so. When the text shows exactly as many as there are
    entries with an ``id`` (the usual file: no other object has one), the n-th in the text is
    the n-th entry's. Otherwise (``id`` keys in nested objects, a key repeated in one object,
    escapes) the whole document is read again as written, pairs in order, to tell them apart.
    """
    found = [m.start() for m in ID_KEY.finditer(text) if not _escaped(text, m.start())]
    own = sum(1 for entry in entries if isinstance(entry, dict) and "id" in entry)
    if len(found) != own or "\\u" in text:
        import json

        owners: list[bool] = []  # per "id" key in order: whether it is an entry's own
        document = json.loads(text, object_pairs_hook=_Pairs)
        # Entries sit in the top-level list, or in the list of {"items": [...]}.
        _id_keys(document, owners, own_level=3 if isinstance(document, _Pairs) else 2)
        if len(found) != len(owners):
            return _tokenized_id_lines(text)
    else:
        owners = [True] * own
    lines = []
    line, counted = 1, 0
    for at, is_own in zip(found, owners):
        if is_own:
            line += text.count("\n", counted, at)
            counted = at
            lines.append(line)
    return lines


def _escaped(text: str, at: int) -> bool:
    """Whether the character at ``at`` follows an odd number of backslashes."""
    k = at
    while k > 0 and text[k - 1] == "\\":
        k -= 1
    return (at - k) % 2 == 1


_ID_MARK = object()


def _id_keys(document: Any, owners: list[bool], own_level: int) -> None:
    """Every ``id`` key of a document read with :class:`_Pairs`, in the text's order; an
    entry's own sits at depth ``own_level`` (2: in an object in the top-level list)."""
    stack = [(document, 1)]
    while stack:  # depth first, in order, without recursion (JSON may nest deeply)
        node, level = stack.pop()
        if node is _ID_MARK:
            owners.append(level == own_level)
        elif isinstance(node, _Pairs):
            children = []
            for key, child in node:
                if key == "id":
                    children.append((_ID_MARK, level))
                if isinstance(child, list):
                    children.append((child, level + 1))
            stack.extend(reversed(children))
        elif isinstance(node, list):
            stack.extend(reversed([(child, level + 1) for child in node
                                   if isinstance(child, list)]))


def _tokenized_id_lines(text: str) -> list[int]:
    lines = []
    depth = 0
    line, counted = 1, 0  # counted as the scan goes: one pass over the file
    for m in re.finditer(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', text):
        token = m.group()
        if token in "[{":
            depth += 1
        elif token in "]}":
            depth -= 1
        elif token == '"id"' and depth == 2 and re.match(r"\s*:", text[m.end():m.end() + 8]):
            line += text.count("\n", counted, m.start())
            counted = m.start()
            lines.append(line)
    return lines


def _load_csl_yaml(text: str, shown: str, result: Bibliography) -> None:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        data = YAML(typ="rt").load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        result.problems.append(BibliographyProblem(
            shown, (mark.line + 1) if mark else 1, f"invalid CSL YAML: {exc.problem or exc}"))
        result.unreadable = True
        return
    except YAMLError as exc:
        result.problems.append(BibliographyProblem(shown, 1, f"invalid CSL YAML: {exc}"))
        return
    items = data.get("references") if isinstance(data, dict) else data
    if not isinstance(items, list):
        result.problems.append(BibliographyProblem(
            shown, 1, "CSL YAML must be a list of entries or have a 'references' list"))
        return
    for index, item in enumerate(items):
        _add_csl(item, shown, _yaml_line(items, index, 0), index, result)


def _load_inline(references: Any, doc: Document, result: Bibliography) -> None:
    front = doc.front_matter
    line = front.key_line("references") or front.first_line
    if not isinstance(references, list):
        result.problems.append(BibliographyProblem(doc.path, line,
                                                   "front-matter 'references' must be a list"))
        return
    for index, item in enumerate(references):
        # ruamel's positions are 0-based within the YAML, which starts at first_line.
        item_line = _yaml_line(references, index, front.first_line - 1)
        _add_csl(item, doc.path, item_line, index, result)


def _yaml_line(items: Any, index: int, offset: int) -> int:
    """1-based line of a list item in a ruamel round-trip sequence, plus ``offset``."""
    try:
        return items.lc.item(index)[0] + 1 + offset
    except (AttributeError, KeyError, TypeError):
        return 1 + offset


def _add_csl(item: Any, shown: str, line: int, index: int, result: Bibliography) -> None:
    if not isinstance(item, dict) or not item.get("id"):
        result.problems.append(BibliographyProblem(
            shown, line, f"entry {index + 1} has no 'id'; pandoc cannot cite it"))
        return
    fields = {str(k): v for k, v in item.items()}
    result.entries.append(Entry(str(item["id"]), str(fields.get("type") or "document"), fields,
                                shown, line))


def _load_bibtex(text: str, shown: str, result: Bibliography) -> None:
    import logging

    import bibtexparser

    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)
    library = bibtexparser.parse_string(text)
    for block in library.failed_blocks:
        message = str(getattr(block, "error", "") or "syntax error")
        if "Duplicate entry key" in message:
            key = getattr(block, "key", None) or re.search(r"'([^']*)'", message).group(1)
            result.entries.append(Entry(key, "document", {}, shown, block.start_line + 1))
            continue
        result.problems.append(BibliographyProblem(
            shown, block.start_line + 1, "BibTeX entry could not be parsed: "
            + (message if message and message != "BlockAbortedException()" else
               "unbalanced braces or a missing comma")))
    for entry in library.entries:
        fields: dict[str, Any] = {"id": entry.key}
        for name, value in entry.fields_dict.items():
            csl = BIBTEX_FIELDS.get(name.lower())
            if csl and csl not in fields:
                fields[csl] = str(value.value).strip("{}\" ")
        csl_type = BIBTEX_TYPES.get(entry.entry_type.lower(), "document")
        fields["type"] = csl_type
        result.entries.append(Entry(entry.key, csl_type, fields, shown, entry.start_line + 1))
    result.entries.sort(key=lambda e: (e.path, e.line))


def _find_duplicates(result: Bibliography) -> None:
    first: dict[str, Entry] = {}
    for entry in result.entries:
        if entry.id in first:
            result.duplicates.append((entry, first[entry.id]))
        else:
            first[entry.id] = entry


def nocite_ids(doc: Document) -> tuple[set[str], bool]:
    """Ids listed in front-matter ``nocite`` and whether it holds ``@*`` (cite everything)."""
    data = doc.front_matter.data if doc.front_matter is not None else None
    if not isinstance(data, dict) or "nocite" not in data:
        return set(), False
    raw = data["nocite"]
    text = " ".join(map(str, raw)) if isinstance(raw, list) else str(raw)
    keys = set(re.findall(r"@\{?([\w*][\w:.#$%&+?<>~/-]*)", text))
    return {k.rstrip(".:") for k in keys if k != "*"}, "*" in keys
