"""Each layer uses only the ones below it: no import cycle, lazy and type-only imports included.

A cycle makes modules impossible to understand or test alone, and makes import order matter
(the layering is: values and scanner, then config, then lint / fix / export / scaffold, then
the CLI).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "hrf_cli"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Every ``hrf_cli`` import of every module, wherever it stands in the file."""
    modules = {module_name(path): path for path in PACKAGE.rglob("*.py")}

    def resolve(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("hrf_cli"):
                targets = [resolve(f"{node.module}.{alias.name}") or resolve(node.module) or ""
                           for alias in node.names]
            elif isinstance(node, ast.Import):
                targets = [resolve(alias.name) or "" for alias in node.names
                           if alias.name.startswith("hrf_cli")]
            graph[name] |= {t for t in targets if t and t != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_import_cycles() -> None:
    assert cycles(import_graph()) == []


def test_config_and_walking_know_nothing_of_lint_fix_or_export() -> None:
    """Only the export section's own table (export/settings.py, which imports nothing but
    schema.py and the record base) is handed to config."""
    graph = import_graph()
    assert graph["hrf_cli.export.settings"] <= {"hrf_cli.schema", "hrf_cli.record",
                                                "hrf_cli.export"}
    for low in ("hrf_cli.config", "hrf_cli.schema", "hrf_cli.walk", "hrf_cli.document",
                "hrf_cli.bibliography"):
        above = {name for name in graph[low] - {"hrf_cli.export.settings", "hrf_cli.export"}
                 if name.startswith(("hrf_cli.lint", "hrf_cli.fix", "hrf_cli.export",
                                     "hrf_cli.scaffold", "hrf_cli.cli"))}
        assert above == set(), f"{low} imports {sorted(above)}"


def test_lint_offers_fixes_and_fix_applies_them_without_importing_each_other() -> None:
    """Repair planning lives in hrf_cli.repairs, below both."""
    graph = import_graph()
    for name, imports in graph.items():
        if name.startswith("hrf_cli.lint"):
            assert not any(i.startswith("hrf_cli.fix") for i in imports), name
        if name.startswith("hrf_cli.fix"):
            assert not any(i.startswith("hrf_cli.lint") for i in imports), name
        if name.startswith("hrf_cli.repairs"):
            assert not any(i.startswith(("hrf_cli.lint", "hrf_cli.fix")) for i in imports), name
    assert any(i.startswith("hrf_cli.repairs") for i in graph["hrf_cli.fix.apply"])
    assert any(i.startswith("hrf_cli.repairs") for i in graph["hrf_cli.lint.rules.footnotes"])


def test_lint_fix_and_export_walk_folders_through_one_module() -> None:
    graph = import_graph()
    for user in ("hrf_cli.lint.engine", "hrf_cli.fix.apply", "hrf_cli.export.build"):
        assert "hrf_cli.walk" in graph[user], user


def test_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
