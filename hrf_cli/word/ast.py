"""Small helpers over pandoc's JSON AST: walk inline lists, turn inlines into plain text."""

from __future__ import annotations

from typing import Any, Callable

INLINE_TYPES = {"Str", "Emph", "Underline", "Strong", "Strikeout", "Superscript", "Subscript",
                "SmallCaps", "Quoted", "Cite", "Code", "Space", "SoftBreak", "LineBreak", "Math",
                "RawInline", "Link", "Image", "Note", "Span"}

Inline = dict[str, Any]


def walk_inlines(node: Any, replace: Callable[[Inline], list[Inline]]) -> Any:
    """A copy of ``node`` where each inline (children first) is replaced by ``replace(inline)``."""
    if isinstance(node, list):
        out: list[Any] = []
        for item in node:
            item = walk_inlines(item, replace)
            if isinstance(item, dict) and item.get("t") in INLINE_TYPES:
                out.extend(replace(item))
            else:
                out.append(item)
        return out
    if isinstance(node, dict) and "c" in node:
        return {**node, "c": walk_inlines(node["c"], replace)}
    return node


def visit(node: Any, kind: str, seen: Callable[[dict[str, Any]], None]) -> None:
    """Call ``seen`` for every element of type ``kind``, in document order."""
    if isinstance(node, list):
        for item in node:
            visit(item, kind, seen)
    elif isinstance(node, dict):
        if node.get("t") == kind:
            seen(node)
        if "c" in node:
            visit(node["c"], kind, seen)


def stringify(node: Any) -> str:
    """The plain text of inlines or blocks, as pandoc's ``stringify`` gives it."""
    parts: list[str] = []

    def go(item: Any) -> None:
        if isinstance(item, list):
            for sub in item:
                go(sub)
        elif isinstance(item, dict):
            kind = item.get("t")
            if kind == "Str":
                parts.append(item["c"])
            elif kind in ("Space", "SoftBreak", "LineBreak"):
                parts.append(" ")
            elif kind in ("Code", "Math"):
                parts.append(item["c"][1])
            elif kind in ("Para", "Plain", "Header") and parts:
                parts.append(" ")
                go(item.get("c"))
            elif kind == "Note":
                return
            elif "c" in item:
                go(item["c"])

    go(node)
    return " ".join("".join(parts).split())


def attributes(inline: Inline) -> tuple[str, list[str], dict[str, str]]:
    """(id, classes, key-values) of a Span, Div, Link or Image."""
    ident, classes, pairs = inline["c"][0]
    return ident, classes, dict(pairs)
