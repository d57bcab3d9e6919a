"""The building blocks of hrf.yaml's validation: value parsers, a section's table, messages.

Kept below config.py and every subsystem's settings (export/settings.py) so that each can
describe its own section without importing config: a parser gets the raw YAML value, its line
and dotted name, appends ``(line, message)`` problems and returns the value or :data:`INVALID`.
"""

from __future__ import annotations

import re
from collections import namedtuple
from typing import Any, Callable, Iterable

SIZE_UNITS = {"b": 1, "kb": 1000, "mb": 1000**2, "gb": 1000**3,
              "kib": 1024, "mib": 1024**2, "gib": 1024**3}

Problems = list[tuple[int, str]]  # (1-based line, message)
# A parser gets the raw YAML value, its line and dotted name; it appends problems and returns
# the converted value or INVALID.
Parser = Callable[[Any, int, str, Problems], Any]
INVALID = object()


class Section(namedtuple("Section", "type options")):
    """One top-level key: the record class it builds and a parser per option (keys as written)."""

    __slots__ = ()
    type: type
    options: dict[str, Parser]


def kind(value: Any) -> str:
    """A YAML-flavoured name for a value's type, for messages written to report authors."""
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, (int, float)):
        return f"{value} (a number)"
    if isinstance(value, str):
        return f"a string ({str(value)!r})"
    if value is None:
        return "nothing (null)"
    return "a mapping" if isinstance(value, dict) else "a list" if isinstance(value, list) \
        else type(value).__name__


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def unknown(prefix: str, key: Any, known: Iterable[str], what: str) -> str:
    known = list(known)
    return f"{prefix}{did_you_mean(str(key), known)}; known {what}: {', '.join(known)}"


def key_line(node: Any, key: Any = None, index: int | None = None, default: int = 1) -> int:
    """1-based line of a mapping key, a sequence item, or the node itself (ruamel is 0-based)."""
    try:
        lc = node.lc
        return (lc.key(key) if index is None else lc.item(index))[0] + 1
    except (AttributeError, KeyError, TypeError, IndexError):
        line = getattr(getattr(node, "lc", None), "line", None)
        return line + 1 if line is not None else default


def choice(*choices: str) -> Parser:
    def parse(value: Any, line: int, name: str, problems: Problems) -> Any:
        if isinstance(value, str) and value in choices:
            return str(value)
        shown = repr(str(value)) if isinstance(value, str) else kind(value)
        problems.append((line, f"{name}: expected one of {', '.join(choices)}, got {shown}"
                               + did_you_mean(str(value), choices)))
        return INVALID
    return parse


def strings(value: Any, line: int, name: str, problems: Problems) -> Any:
    """A list of non-empty strings (a bare string is refused: it is almost always a missing dash)."""
    if not isinstance(value, list):
        problems.append((line, f"{name}: expected a list of strings, got {kind(value)}"))
        return INVALID
    out: list[str] = []
    for i, item in enumerate(value):
        if isinstance(item, str) and item.strip():
            out.append(str(item).strip())
        else:
            problems.append((key_line(value, index=i, default=line),
                             f"{name}: item {i + 1} must be a non-empty string, got {kind(item)}"))
    return out


def boolean(value: Any, line: int, name: str, problems: Problems) -> Any:
    """true or false (YAML booleans only: "yes" in quotes is a string, not a switch)."""
    if isinstance(value, bool):
        return value
    problems.append((line, f"{name}: expected true or false, got {kind(value)}"))
    return INVALID


def text(value: Any, line: int, name: str, problems: Problems) -> Any:
    """One non-empty string (a folder, a name)."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    problems.append((line, f"{name}: expected text, got {kind(value)}"))
    return INVALID


def string_map(value: Any, line: int, name: str, problems: Problems) -> Any:
    """A mapping of strings to non-empty strings (``Kharkov: Kharkiv``)."""
    if not isinstance(value, dict):
        problems.append((line, f"{name}: expected a mapping such as 'Kharkov: Kharkiv', "
                               f"got {kind(value)}"))
        return INVALID
    out: dict[str, str] = {}
    for key, preferred in value.items():
        if isinstance(preferred, str) and preferred.strip():
            out[str(key)] = preferred.strip()
        else:
            problems.append((key_line(value, key, default=line),
                             f"{name}.{key}: expected the preferred form as text, "
                             f"got {kind(preferred)}"))
    return out


def size(value: Any, line: int, name: str, problems: Problems) -> Any:
    """A size in bytes: a number, or text such as ``50 MB`` or ``4 GiB``."""
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return int(value)
    if isinstance(value, str):
        match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMG]i?B|B)?\s*", value, re.IGNORECASE)
        if match and float(match.group(1)) > 0:
            unit = SIZE_UNITS[(match.group(2) or "b").lower()]
            return int(float(match.group(1)) * unit)
    problems.append((line, f"{name}: expected a size such as 50 MB or 4 GiB, got {kind(value)}"))
    return INVALID


def seconds(value: Any, line: int, name: str, problems: Problems) -> Any:
    """A positive number of seconds."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value < float("inf"):
        return float(value)
    problems.append((line, f"{name}: expected a positive number of seconds, got {kind(value)}"))
    return INVALID
