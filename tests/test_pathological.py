"""Hostile reports lint in bounded time with no crash (issue 9), and big results print fast.

Each case runs in-process under a 10 s alarm on CPU time (generous: the benchmark's target is
1 s of wall time for the whole process), so a quadratic scan or a ``RecursionError`` fails here
instead of hanging CI.
"""

from __future__ import annotations

import importlib.util
import io
import json
import signal
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import pytest

from hrf_cli.config import Config, LintConfig
from hrf_cli.lint.engine import lint_file
from hrf_cli.lint.findings import LintResult
from hrf_cli.lint.registry import all_rules
from hrf_cli.report import FORMATS, render

ROOT = Path(__file__).resolve().parents[1]
LIMIT_S = 10


def _cases_module() -> Any:
    spec = importlib.util.spec_from_file_location("pathological_cases",
                                                  ROOT / "benchmarks" / "pathological_cases.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


CASES_MODULE = _cases_module()
CASES = CASES_MODULE.CASES


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"took more than {seconds} s")

    # CPU time of this process (ITIMER_PROF), so a machine busy with other work does not
    # fail the test; a quadratic scan still does.
    previous = signal.signal(signal.SIGPROF, expired)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def lint(path: Path):
    rules = [r for r in all_rules() if r.check is not None]
    return lint_file(path, path.name, Config(path=None, lint=LintConfig()), rules)


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_input_lints_in_bounded_time(name: str, tmp_path: Path) -> None:
    path = tmp_path / "hostile.md"
    path.write_text(CASES[name](), encoding="utf-8", newline="")
    with time_limit(LIMIT_S):
        result = lint(path)
        out = io.StringIO()
        render("json", LintResult([result]), out, rules=all_rules())
    assert result.stats is not None  # read and scanned, not given up on
    json.loads(out.getvalue())


def test_deep_nesting_still_finds_notes(tmp_path: Path) -> None:
    """Past the nesting limit content is read as paragraphs: its notes still count."""
    path = tmp_path / "deep.md"
    path.write_text("---\ntitle: T\nauthor: A\ndate: 2024-01-01\n---\n\n"
                    + "> " * 5000 + "deep[^1] and [^2]\n\n[^1]: one\n", encoding="utf-8")
    with time_limit(LIMIT_S):
        result = lint(path)
    assert [f.rule for f in result.findings] == ["undefined-footnote"]
    assert result.stats is not None and result.stats.notes == 1


def test_quadratic_variants_are_linear(tmp_path: Path) -> None:
    """Four times the input may take about four times as long, not sixteen."""
    def seconds(text: str) -> float:
        path = tmp_path / "grow.md"
        path.write_text(text, encoding="utf-8")
        start = time.process_time()
        lint(path)
        return time.process_time() - start

    for make in (lambda n: "[a](" * n, lambda n: "<!--\n" * n, lambda n: "a." * n,
                 lambda n: ">" * 20 + " a\n" + "b\n" * n,
                 lambda n: CASES_MODULE.notes_with_addresses(n * 2 // 5)):
        small, large = seconds(make(5_000)), seconds(make(20_000))
        assert large < max(10 * small, 0.5), (small, large)


@pytest.fixture(scope="module")
def many_findings(tmp_path_factory: pytest.TempPathFactory) -> LintResult:
    path = tmp_path_factory.mktemp("many") / "many.md"
    path.write_text("---\ntitle: T\nauthor: A\ndate: 2024-01-01\n---\n\n"
                    + "".join(f"Text[^u{i}] more.\n\n" for i in range(50_000)), encoding="utf-8")
    return LintResult([lint(path)])


@pytest.mark.parametrize("fmt", FORMATS)
def test_many_findings_print_fast_in_every_format(fmt: str, many_findings: LintResult) -> None:
    """50,000 findings (rich printed about 0.4 ms a line: 20 s) in every format."""
    assert len(many_findings.findings()) == 50_000
    out = io.StringIO()
    with time_limit(LIMIT_S):
        render(fmt, many_findings, out, rules=all_rules(), color=True)
    assert out.getvalue().count("[^u49999]") >= 1


@pytest.mark.parametrize("text", [
    "".join(f"a[^{8000 - i}] b\n" for i in range(8000)) + "\n"
    + "".join(f"[^{i}]: note {i}\n" for i in range(1, 8001)),
    "".join(f"[^{8000 - i}]" for i in range(8000)) + "\n\n"
    + "".join(f"[^{i}]: note {i}\n" for i in range(1, 8001)),
], ids=["8,000 notes in one block", "8,000 notes on one line"])
def test_fix_renumbers_thousands_of_notes_in_bounded_time(text: str, tmp_path: Path) -> None:
    from hrf_cli.fix.apply import FixOptions, fix_paths

    path = tmp_path / "many.md"
    path.write_text(text, encoding="utf-8")
    with time_limit(LIMIT_S):
        run = fix_paths([str(path)], FixOptions())
    assert not [f.error for f in run.files if f.error]
    assert path.read_text(encoding="utf-8").startswith(("a[^1] b\n", "[^1][^2]"))
