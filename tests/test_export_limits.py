"""pandoc and the PDF compile run in bounded time and memory and die with hrf."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import pytest
from click.testing import Result

Run = Callable[..., Result]
ROOT = Path(__file__).parent.parent
FRONT = "---\ntitle: Limits\nauthor: Field team\ndate: 2024-01-01\n---\n\n"
LINUX = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def long_report(path: Path, notes: int = 4000) -> Path:
    """A report pandoc needs several seconds and a few hundred MB for."""
    body = "\n\n".join(f"Paragraph {i} with *emphasis* and a note.[^n{i}] More words to read, "
                       f"and [a link](https://example.org/{i})." for i in range(notes))
    defs = "\n\n".join(f"[^n{i}]: Note {i} text." for i in range(notes))
    path.write_text(FRONT + body + "\n\n" + defs + "\n", "utf-8")
    return path


def typst_report(path: Path, code: str) -> Path:
    path.write_text(FRONT + "Hello.\n\n```{=typst}\n" + code + "\n```\n", "utf-8")
    return path


def test_typst_loop_is_stopped_at_the_time_limit(hrf: Run, tmp_path: Path) -> None:
    # Nested small ranges: billions of steps in little memory, so the time limit is what stops it.
    report = typst_report(tmp_path / "loop.md",
                          "#for i in range(100000) { for j in range(100000) { } }")
    started = time.monotonic()
    result = hrf("export", str(report), "--to", "pdf", "--time-limit", "2")
    assert time.monotonic() - started < 60
    assert result.exit_code == 1
    assert ("error: loop.md: typst was stopped at the time limit of 2 s (raise it with "
            "safety.time-limit in hrf.yaml or --time-limit)") in result.output
    assert not (tmp_path / "dist" / "loop.pdf").exists()


def test_typst_while_true_ends_with_typst_message(hrf: Run, tmp_path: Path) -> None:
    report = typst_report(tmp_path / "loop.md", "#while true {}")
    result = hrf("export", str(report), "--to", "pdf", "--time-limit", "30")
    assert result.exit_code == 1
    assert "error: loop.md: typst could not make the PDF: condition is always true" in result.output


def test_typst_memory_limit_from_hrf_yaml(hrf: Run, tmp_path: Path) -> None:
    (tmp_path / "hrf.yaml").write_text("safety:\n  memory-limit: 512 MiB\n", "utf-8")
    report = typst_report(tmp_path / "hog.md", "#let a = range(100000000)\n#a.len()")
    result = hrf("export", str(report), "--to", "pdf")
    assert result.exit_code == 1
    assert ("error: hog.md: typst ran out of memory at the limit of 512 MiB (raise it with "
            "safety.memory-limit in hrf.yaml or --memory-limit)") in result.output
    fine = typst_report(tmp_path / "fine.md", "#let a = range(1000)\n#a.len()")
    assert hrf("export", str(fine), "--to", "pdf").exit_code == 0


def test_pandoc_time_limit(hrf: Run, tmp_path: Path) -> None:
    report = long_report(tmp_path / "long.md")
    (tmp_path / "hrf.yaml").write_text("safety:\n  time-limit: 0.5\n", "utf-8")
    result = hrf("export", str(report), "--to", "html", "--no-lint")
    assert result.exit_code == 1
    assert ("error: long.md: pandoc was stopped at the time limit of 0.5 s (raise it with "
            "safety.time-limit in hrf.yaml or --time-limit)") in result.output
    assert not (tmp_path / "dist").exists() or not list((tmp_path / "dist").iterdir())


def test_pandoc_memory_limit_and_the_option_winning_over_hrf_yaml(hrf: Run, tmp_path: Path) -> None:
    report = long_report(tmp_path / "long.md", notes=50)
    (tmp_path / "hrf.yaml").write_text("safety:\n  memory-limit: 4 GiB\n", "utf-8")
    result = hrf("export", str(report), "--to", "html", "--memory-limit", "200MB")
    assert result.exit_code == 1
    assert ("error: long.md: pandoc ran out of memory at the limit of 200 MB (raise it with "
            "safety.memory-limit in hrf.yaml or --memory-limit)") in result.output
    assert hrf("export", str(report), "--to", "html").exit_code == 0


def test_memory_exhausted_in_the_lua_filter_names_the_limit(tmp_path: Path) -> None:
    from hrf_cli.errors import HrfError
    from hrf_cli.export.limits import Limits
    from hrf_cli.export.pandoc import run_pandoc

    hog = tmp_path / "hog.lua"
    hog.write_text("function Pandoc(d) local t = {} for i = 1, 100000000 do t[i] = tostring(i) "
                   "end return d end\n", "utf-8")
    (tmp_path / "r.md").write_text("Hello.\n", "utf-8")
    with pytest.raises(HrfError) as raised:
        run_pandoc(["-L", str(hog), "-o", os.devnull, "r.md"], report="r.md", cwd=tmp_path,
                   limits=Limits(60, 512 * 1024**2))
    assert raised.value.format() == ("r.md: pandoc ran out of memory at the limit of 512 MiB "
                                     "(raise it with safety.memory-limit in hrf.yaml or "
                                     "--memory-limit)")


def test_bad_limit_options_are_usage_errors(hrf: Run, tmp_path: Path) -> None:
    report = typst_report(tmp_path / "r.md", "")
    bad = hrf("export", str(report), "--memory-limit", "lots")
    assert bad.exit_code == 2
    assert "--memory-limit: expected a size such as 50 MB or 4 GiB" in bad.output
    assert hrf("export", str(report), "--time-limit", "0").exit_code == 2


def _children(pid: int) -> set[int]:
    """Every live descendant of ``pid`` (zombies excluded), from /proc."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if fields[0] != "Z":
                parents[int(entry)] = int(fields[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


@LINUX
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL])
def test_pandoc_dies_with_hrf(tmp_path: Path, sig: signal.Signals) -> None:
    report = long_report(tmp_path / "long.md", notes=20000)
    hrf = subprocess.Popen([sys.executable, "-m", "hrf_cli", "export", str(report), "--to", "all",
                            "--no-lint"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        pandoc: set[int] = set()
        while time.monotonic() < deadline and not pandoc:
            pandoc = {p for p in _children(hrf.pid) if "pandoc" in _command(p)}
            time.sleep(0.05)
        assert pandoc, "pandoc never started"
        time.sleep(0.3)
        hrf.send_signal(sig)
        _out, err = hrf.communicate(timeout=30)
        expected = {signal.SIGTERM: 128 + signal.SIGTERM, signal.SIGINT: 1,
                    signal.SIGKILL: -signal.SIGKILL}[sig]
        assert hrf.returncode == expected
        assert b"Traceback" not in err
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(p) for p in pandoc):
            time.sleep(0.05)
        assert not any(_alive(p) for p in pandoc), "pandoc outlived hrf"
    finally:
        if hrf.poll() is None:
            hrf.kill()
            hrf.wait()
