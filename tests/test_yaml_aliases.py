"""YAML alias bombs: a front-matter error in lint, never handed to pandoc by export."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Callable

import pytest
from click.testing import Result
from ruamel.yaml import YAML

from hrf_cli.yaml_aliases import MAX_ALIAS_GROWTH, find_alias_bomb, metadata_blocks

Run = Callable[..., Result]
BODY = "\nThe findings.\n"


def bomb(levels: int = 9, width: int = 9, name: str = "lol") -> str:
    """The "billion laughs" in YAML: each level repeats the one before ``width`` times."""
    lines = [f'a0: &a0 [{", ".join(json.dumps(name) for _ in range(width))}]']
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [{', '.join(f'*a{level - 1}' for _ in range(width))}]")
    return "\n".join(lines) + "\n"


def expanded(value: object) -> int:
    """Values in ``value`` when every alias is written out (what pandoc builds)."""
    if isinstance(value, dict):
        return 1 + sum(expanded(k) + expanded(v) for k, v in value.items())
    if isinstance(value, list):
        return 1 + sum(expanded(v) for v in value)
    return 1


def test_the_600_byte_bomb_is_a_front_matter_error(hrf: Run, write: Callable[..., Path],
                                                   front_matter: str) -> None:
    text = front_matter.replace("---\n\n", bomb(name="lol lol lol lol lol") + "---\n", 1) + BODY
    assert 550 <= len(text.encode()) <= 800
    report = write("report.md", text)
    started = time.monotonic()
    result = hrf("lint", str(report))
    assert time.monotonic() - started < 20
    assert result.exit_code == 1
    line = text.splitlines().index(next(l for l in text.splitlines() if l.startswith("a8:"))) + 1
    assert (f"report.md:{line}:1 error front-matter YAML aliases expand this metadata by "
            "490,329,036 values (in 'a8'), more than the 10,000 hrf allows (an alias bomb"
            in result.output)


def test_export_refuses_the_bomb_before_pandoc_even_with_no_lint(
        hrf: Run, write: Callable[..., Path], front_matter: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    import hrf_cli.export.limits as limits

    started: list[object] = []
    real_spawn = limits.spawn
    monkeypatch.setattr(limits, "spawn", lambda argv, **kw: started.append(argv) or
                        real_spawn(argv, **kw))
    report = write("report.md", front_matter.replace("---\n\n", bomb() + "---\n", 1) + BODY)
    result = hrf("export", str(report), "--to", "all", "--no-lint")
    assert result.exit_code == 1
    assert "error: report.md:13: YAML aliases expand this metadata by" in result.output
    assert started == []
    assert not (report.parent / "dist").exists()


def test_a_bomb_in_a_later_metadata_block_is_found_too(hrf: Run, write: Callable[..., Path],
                                                       front_matter: str) -> None:
    report = write("report.md", front_matter + "Text.\n\n---\n" + bomb(levels=6) + "...\n\nMore.\n")
    linted = hrf("lint", str(report))
    assert linted.exit_code == 1
    assert "report.md:15:1 error front-matter YAML aliases expand this metadata by" in linted.output
    exported = hrf("export", str(report), "--to", "html", "--no-lint")
    assert "error: report.md:15: YAML aliases expand" in exported.output


def test_ordinary_aliases_and_long_metadata_pass(hrf: Run, write: Callable[..., Path]) -> None:
    references = "\n".join(f"  - id: item{i}\n    type: report\n    title: Report {i}\n"
                           f"    author: [{{family: Doe, given: Jane}}]" for i in range(400))
    text = ("---\ntitle: Aliases\nauthor: &team\n  - Field Documentation Team\n  - Legal Unit\n"
            "date: 2024-01-01\ncontributors: *team\nreviewers: [*team, *team]\nreferences:\n"
            + references + "\n---\n\nBody.\n")
    report = write("report.md", text)
    result = hrf("lint", str(report), "--select", "front-matter")
    assert result.exit_code == 0, result.output


def test_growth_equals_what_expansion_builds() -> None:
    for levels, width in [(1, 3), (2, 3), (3, 4), (4, 5)]:
        data = YAML(typ="rt").load(bomb(levels, width))
        plain = json.loads(json.dumps(data))  # every alias written out
        growth = expanded(plain) - _distinct(data)
        found = find_alias_bomb(data, limit=0)
        assert (found.growth if found else 0) == growth


def _distinct(data: object) -> int:
    """Values in the document as written, each anchored collection counted once."""
    seen: set[int] = set()

    def count(value: object) -> int:
        if isinstance(value, (dict, list)):
            if id(value) in seen:
                return 0
            seen.add(id(value))
            items = [x for kv in value.items() for x in kv] if isinstance(value, dict) else value
            return 1 + sum(count(v) if isinstance(v, (dict, list)) else 1 for v in items)
        return 1

    return count(data)


def test_limit_and_cycles() -> None:
    data = YAML(typ="rt").load(bomb(levels=4, width=10))  # adds 11,108 values
    assert find_alias_bomb(data) is not None
    assert find_alias_bomb(YAML(typ="rt").load(bomb(levels=3, width=10))) is None
    assert MAX_ALIAS_GROWTH == 10_000
    loop: list[object] = [1]
    loop.append(loop)
    found = find_alias_bomb({"a": loop})
    assert found is not None and found.cycle and found.key == "a"
    assert "refers to a collection that contains it (in 'a')" in found.message()


@pytest.mark.parametrize("depth", [101, 3000])
def test_deep_nesting_is_refused_without_a_traceback(hrf: Run, write: Callable[..., Path],
                                                     depth: int) -> None:
    report = write("report.md", "---\ntitle: " + "[" * depth + "]" * depth + "\n---\n\nBody.\n")
    started = time.monotonic()
    result = hrf("lint", str(report))
    assert time.monotonic() - started < 20
    assert result.exit_code == 1
    assert "report.md:2:1 error front-matter the front matter nests lists or mappings too deeply" \
        in result.output
    fine = write("fine.md", '---\ntitle: "' + "[" * depth + '"\nauthor: [[[a]]]\ndate: 2024-01-01'
                 "\n---\n\nBody.\n")
    assert hrf("lint", str(fine)).exit_code == 0


def test_metadata_blocks_are_those_pandoc_may_read() -> None:
    text = "---\na: 1\n---\n\nPara\n---\nb: 2\n---\n\n---\nc: 3\n...\n\n---\n\nd: 4\n---\n"
    assert [block for _, block in metadata_blocks(text)] == ["a: 1\n", "c: 3\n"]
