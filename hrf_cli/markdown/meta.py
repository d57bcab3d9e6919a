"""Notes and citations in front-matter strings: pandoc reads every string as Markdown.

``author: 'John Doe[^1]'`` makes note 1 a used note (pandoc prints it in the title block),
and ``abstract: See [@ohchr2024].`` cites a source. Each string value is scanned like a
body, and what it holds is placed at its true offset in the file by finding its text from
the value's own position on. Keys pandoc leaves alone (ending in ``_``), the bibliography
data (``references``), ``nocite`` (its own rule) and file names are skipped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator

from hrf_cli.markdown.model import Citation, FootnoteRef, ScanResult

if TYPE_CHECKING:
    from hrf_cli.positions import LineIndex

SKIPPED_KEYS = frozenset({"references", "nocite", "bibliography", "csl", "citation-abbreviations",
                          "reference-doc", "template", "include-before", "include-after"})


def _strings(node: Any, top: bool = True) -> Iterator[tuple[str, tuple[int, int] | None]]:
    """Every string scalar under ``node`` with its (line, column) in the YAML, when known."""
    lc = getattr(node, "lc", None)
    if isinstance(node, dict):
        for key, value in node.items():
            name = str(key)
            if name.endswith("_") or (top and name in SKIPPED_KEYS):
                continue
            where = _position(lc, "value", key)
            if isinstance(value, str):
                yield value, where
            else:
                yield from _strings(value, top=False)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            where = _position(lc, "item", index)
            if isinstance(value, str):
                yield value, where
            else:
                yield from _strings(value, top=False)


def _position(lc: Any, kind: str, key: Any) -> tuple[int, int] | None:
    try:
        line, column = getattr(lc, kind)(key)
    except (AttributeError, KeyError, TypeError, IndexError):
        return None
    return line, column


def add_front_matter_items(result: ScanResult, text: str, lines: LineIndex, front: Any) -> None:
    """Add the note references and citations of front-matter strings to ``result``
    (``front``: the document's FrontMatter, its parsed data, first line and end)."""
    from hrf_cli.markdown.scan import scan_body

    if front.data is None or front.error is not None:
        return
    for value, where in _strings(front.data):
        if "@" not in value and "[^" not in value:
            continue
        if where is None:
            continue
        cursor = lines.line_start(front.first_line + where[0]) + where[1]
        found = scan_body(value.replace("\r\n", " \n"))
        items: list[FootnoteRef | Citation] = [*found.footnote_refs, *found.citations]
        for item in sorted(items, key=lambda it: it.start):
            if item.in_definition is not None:
                continue
            token = value[item.start:item.end]
            at = text.find(token, cursor, front.end)
            if at == -1:
                continue  # written with YAML escapes: not placed, not counted
            cursor = at + len(token)
            if isinstance(item, FootnoteRef):
                result.footnote_refs.append(FootnoteRef(item.label, at, cursor, in_meta=True))
            else:
                result.citations.append(Citation(item.key, at, cursor, item.bracketed,
                                                 in_meta=True))
    result.footnote_refs.sort(key=lambda ref: ref.start)
    result.citations.sort(key=lambda cite: cite.start)
