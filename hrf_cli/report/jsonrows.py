"""JSON with one row per line: the structure indented, each finding compact on its own line.

``json.dumps(indent=2)`` runs the pure-Python encoder (the C one only writes unindented
JSON), about 20 seconds for 300,000 findings. Here the small outer structure is indented and
every row (a finding, a SARIF result) is written on one line, by the C encoder or by the
caller's own row writer, which also keeps the file easy to grep and to diff.
"""

from __future__ import annotations

import io
import json
from typing import Any, Callable, TextIO

_encode = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
try:  # one C encoder for every row: building one per row costs more than the row
    from json.encoder import c_make_encoder, encode_basestring

    if c_make_encoder is not None:
        _row_encoder = c_make_encoder(None, _encode.__self__.default, encode_basestring, None,
                                      ": ", ", ", False, False, True)
        _encode = lambda item: "".join(_row_encoder(item, 0))  # noqa: E731
except ImportError:  # pragma: no cover - another Python
    pass

_CHUNK = 2000  # rows per write

encode_row: Callable[[Any], str] = _encode
"""One value as compact JSON (``", "`` and ``": "`` separators, UTF-8 text): a row's form."""


def dumps(data: dict[str, Any], rows_key: str,
          encode: Callable[[Any], str] = encode_row) -> str:
    """``data`` as indented JSON, except that every list under ``rows_key`` has its items
    written compactly, one per line, each by ``encode`` (its JSON text on one line)."""
    out = io.StringIO()
    dump(data, rows_key, out, encode)
    return out.getvalue()


def dump(data: dict[str, Any], rows_key: str, stream: TextIO,
         encode: Callable[[Any], str] = encode_row) -> None:
    """:func:`dumps` written to ``stream`` a few thousand rows at a time, so a report of
    300,000 rows is never one string in memory (nor copied again to add a newline)."""
    marker = "\x00"
    while True:
        lists: list[list[Any]] = []
        skeleton = json.dumps(_placeholders(data, rows_key, lists, marker), indent=2,
                              ensure_ascii=False)
        pieces = skeleton.split(json.dumps(marker))
        # Text of the report itself can hold the marker; then the lists are not one piece
        # apart each, and a marker twice as long is tried.
        if len(pieces) == len(lists) + 1:
            break
        marker += marker
    stream.write(pieces[0])
    for rows, before, piece in zip(lists, pieces, pieces[1:]):
        # Indented as json.dumps indents a list: its items one level deeper than the line
        # that holds it, the closing bracket at that line's depth.
        line = before[before.rfind("\n") + 1:]
        indent = "\n" + " " * (len(line) - len(line.lstrip(" ")))
        inner = indent + "  "
        between = "," + inner
        stream.write("[" + inner)
        for k in range(0, len(rows), _CHUNK):
            text = between.join(map(encode, rows[k:k + _CHUNK]))
            stream.write(between + text if k else text)
        stream.write(indent + "]" + piece)


def _placeholders(value: Any, rows_key: str, lists: list[list[Any]], marker: str) -> Any:
    """``value`` with every non-empty list of rows replaced by ``marker`` and collected, in
    document order."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key == rows_key and isinstance(item, list) and item:
                lists.append(item)
                out[key] = marker
            else:
                out[key] = _placeholders(item, rows_key, lists, marker)
        return out
    if isinstance(value, list):
        return [_placeholders(item, rows_key, lists, marker) for item in value]
    return value
