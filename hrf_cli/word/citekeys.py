"""Readable citation keys for the items a Word draft cites: ``dooley2023``, ``dooley2023a``.

Zotero and Mendeley give items opaque ids (``7``, ``ITEM-1``, a URI); an author writing
Markdown needs keys they can read and type. The key is the first author's family name
(transliterated when it is Cyrillic, with the tables ``hrf new`` uses for folder names) and
the year; a second item with the same key gets ``a``, a third ``b``.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Iterable

from hrf_cli.scaffold.slug import transliterate

NAME_FIELDS = ("author", "editor", "container-author", "translator", "interviewer")


def readable_keys(items: Iterable[dict[str, Any]], order: list[str]) -> dict[str, str]:
    """Old id to new key, for every item; items are numbered in order of first citation."""
    by_id = {str(item.get("id")): item for item in items}
    ranked = [i for i in dict.fromkeys(order) if i in by_id]
    ranked += [i for i in by_id if i not in ranked]
    keys: dict[str, str] = {}
    used: set[str] = set()
    for old in ranked:
        base = _base(by_id[old])
        key, suffix = base, 0
        while key in used:
            key = base + _letters(suffix)
            suffix += 1
        used.add(key)
        keys[old] = key
    return keys


def _letters(n: int) -> str:
    """a, b, ... z, aa, ab, ...: the suffix after a clash."""
    out = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


def _base(item: dict[str, Any]) -> str:
    name = ""
    for field in NAME_FIELDS:
        people = item.get(field)
        if isinstance(people, list) and people and isinstance(people[0], dict):
            first = people[0]
            name = str(first.get("family") or first.get("literal") or first.get("given") or "")
            if name:
                break
    if not name:
        words = str(item.get("title") or "").split()
        name = next((w for w in words if len(w) > 3), words[0] if words else "")
    return (_ascii(name) or "ref") + _year(item)


def _ascii(text: str) -> str:
    latin = unicodedata.normalize("NFKD", transliterate(text)).encode("ascii", "ignore")
    return re.sub(r"[^a-z0-9]", "", latin.decode("ascii").lower())


def _year(item: dict[str, Any]) -> str:
    issued = item.get("issued")
    if isinstance(issued, dict):
        parts = issued.get("date-parts")
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            year = str(parts[0][0])
            if re.fullmatch(r"-?\d{1,4}", year):
                return year
        found = re.search(r"\d{4}", str(issued.get("raw") or issued.get("literal") or ""))
        if found:
            return found.group(0)
    return "nd"
