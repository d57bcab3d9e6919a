"""YAML alias bombs: metadata whose aliases expand without bound, measured without expanding.

pandoc expands every alias when it reads a YAML metadata block: about 600 bytes of nested
aliases ("billion laughs": ``b: &b [*a, *a, ...]``, ``c: &c [*b, *b, ...]``) cost it 73 s
and 1.5 GB. ruamel, which hrf reads YAML with, builds one shared object per anchor, so hrf
can measure what pandoc would build in time linear in the block: the size of each shared
collection is computed once and multiplied by the number of places that use it.
"""

from __future__ import annotations

import re
from collections import namedtuple
from typing import Any, Iterator

# Values aliases may add to a block once expanded. Aliases that repeat a list of authors or a
# few settings add tens; a billion-laughs block adds hundreds of millions.
MAX_ALIAS_GROWTH = 10_000
MAX_FLOW_DEPTH = 100  # nested [ or {: ruamel recurses per level and takes seconds to fail
_CAP = 10**15  # sizes stop growing here, so a deeper bomb costs no big-integer arithmetic
_CONTAINERS = (dict, list, tuple, set)
_BLOCK_OPEN = re.compile(r"^---[ \t]*\r?\n(?![ \t]*\r?\n)", re.M)
_BLOCK_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.M)
_ALIAS = r"(?:^|[\s\[{,:-])\*[^\s,\[\]{}]"  # compiled for a block with an anchor


class AliasBomb(namedtuple("AliasBomb", "key growth cycle line", defaults=(False, 0))):
    """Where a block's aliases blow up: the top-level key (if any), and by how much."""

    __slots__ = ()
    key: str | None
    growth: int  # values added by aliases, at least MAX_ALIAS_GROWTH + 1 (or _CAP)
    cycle: bool
    line: int  # 0-based line of ``key`` in the block (ruamel's positions), else 0

    def message(self) -> str:
        where = f" (in '{self.key}')" if self.key is not None else ""
        if self.cycle:
            return (f"a YAML alias refers to a collection that contains it{where}: pandoc "
                    "cannot read this metadata; write the values out instead")
        amount = "more than a quadrillion" if self.growth >= _CAP else f"{self.growth:,}"
        return (f"YAML aliases expand this metadata by {amount} values{where}, more than the "
                f"{MAX_ALIAS_GROWTH:,} hrf allows (an alias bomb: pandoc would spend minutes "
                "and gigabytes of memory reading it); write the values out instead")


def find_alias_bomb(data: Any, limit: int = MAX_ALIAS_GROWTH) -> AliasBomb | None:
    """An :class:`AliasBomb` when aliases add more than ``limit`` values to ``data``."""
    sizes: dict[int, int] = {}
    distinct = 0
    stack: list[tuple[Any, bool]] = [(data, False)]
    open_now: set[int] = set()
    while stack:
        item, finished = stack.pop()
        key = id(item)
        if finished:
            open_now.discard(key)
            sizes[key] = min(_CAP, 1 + sum(sizes.get(id(c), 1) for c in _children(item)))
            continue
        if key in sizes:
            continue
        if key in open_now:
            top = _top_key(data, item)
            return AliasBomb(top, _CAP, cycle=True, line=_key_line(data, top))
        open_now.add(key)
        distinct += 1
        stack.append((item, True))
        for child in _children(item):
            if isinstance(child, _CONTAINERS):
                stack.append((child, False))
            else:
                distinct += 1
    growth = sizes.get(id(data), 1) - distinct
    if growth <= limit:
        return None
    worst = _worst_key(data, sizes)
    return AliasBomb(worst, growth, line=_key_line(data, worst))


def _key_line(data: Any, key: str | None) -> int:
    lc = getattr(data, "lc", None)
    try:
        return int(lc.key(key)[0]) if lc is not None and key is not None else 0
    except (KeyError, TypeError, AttributeError):
        return 0


def _children(item: Any) -> Iterator[Any]:
    if isinstance(item, dict):
        for key, value in item.items():
            yield key
            yield value
    elif isinstance(item, _CONTAINERS):
        yield from item


def _worst_key(data: Any, sizes: dict[int, int]) -> str | None:
    """The top-level key whose value is largest once expanded."""
    if not isinstance(data, dict) or not data:
        return None
    return str(max(data, key=lambda k: sizes.get(id(data[k]), 1)))


def _top_key(data: Any, inner: Any) -> str | None:
    if isinstance(data, dict):
        for key, value in data.items():
            if value is inner:
                return str(key)
    return None


def metadata_blocks(text: str, start: int = 0) -> Iterator[tuple[int, str]]:
    """(offset, YAML) of every block from ``start`` that pandoc may read as metadata: at the
    top, or after a blank line, from a ``---`` line not followed by a blank line to the next
    ``---`` or ``...`` line.

    Deliberately generous (a block inside a code fence is included): it guards pandoc.
    """
    for opening in _openings(text, start):
        if not _at_top(text, opening.start()) and not _after_blank(text, opening.start()):
            continue
        close = _BLOCK_CLOSE.search(text, opening.end())
        if close is None:
            return  # no later block can close either
        yield opening.end(), text[opening.end():close.start()]


def _openings(text: str, start: int) -> Iterator[re.Match[str]]:
    """``_BLOCK_OPEN``'s matches from ``start``, tried only at lines starting with ``---``
    (found by substring search; the pattern alone would be tried at every position)."""
    if (start == 0 or text[start - 1] == "\n") and text.startswith("---", start):
        m = _BLOCK_OPEN.match(text, start)
        if m is not None:
            yield m
    newline = text.find("\n---", start)
    while newline != -1:
        m = _BLOCK_OPEN.match(text, newline + 1)
        if m is not None:
            yield m
        newline = text.find("\n---", newline + 1)


def _at_top(text: str, at: int) -> bool:
    """Nothing but byte-order marks before ``at``."""
    return at == 0 or (text[at - 1] == "\ufeff" and text.count("\ufeff", 0, at) == at)


def _after_blank(text: str, at: int) -> bool:
    """The line before the one starting at ``at`` is blank (looked up, never copied)."""
    if at == 0:
        return False
    previous = text.rfind("\n", 0, at - 1) + 1
    return not text[previous:at - 1].strip(" \t\r")


def check_metadata(text: str, start: int = 0) -> tuple[int, AliasBomb] | None:
    """The first metadata block from ``start`` that is an alias bomb: (its offset, the bomb).

    Only blocks with both an anchor and an alias are parsed, so a report without aliases
    costs one regular-expression scan.
    """
    for offset, block in metadata_blocks(text, start):
        if "&" not in block or not re.search(_ALIAS, block):
            continue
        data = load_yaml(block)
        if data is None:
            continue
        bomb = find_alias_bomb(data)
        if bomb is not None:
            return offset, bomb
    return None


def too_deep(block: str, limit: int = MAX_FLOW_DEPTH) -> bool:
    """Whether ``[``/``{`` nest deeper than ``limit`` outside quoted strings (a linear scan)."""
    if block.count("[") + block.count("{") <= limit:
        return False
    depth = 0
    quote = ""
    i = 0
    n = len(block)
    while i < n:
        ch = block[i]
        if quote:
            if ch == "\\" and quote == '"':
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch in "[{":
            depth += 1
            if depth > limit:
                return True
        elif ch in "]}":
            depth = max(0, depth - 1)
        i += 1
    return False


def load_yaml(block: str) -> Any:
    """The block as ruamel reads it, or None when it does not parse (pandoc then fails)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    if too_deep(block):
        return None
    try:
        return YAML(typ="rt").load(block.replace("\r\n", "\n"))
    except (YAMLError, RecursionError, ValueError):
        return None
