"""Shared test helpers: a clean front matter, a file writer and a CLI runner."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner, Result

from hrf_cli.cli import main

FRONT_MATTER = """---
title: "Kupiansk: a city waiting"
author: Field Documentation Team
date: 2024-10-15
---

"""


@pytest.fixture
def front_matter() -> str:
    """Front matter with every required field, to put on top of a report body."""
    return FRONT_MATTER


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write text (or bytes, exactly as given) to a file under tmp_path; returns the path."""

    def write_file(relative: str, content: str | bytes) -> Path:
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        path.write_bytes(data)
        return path

    return write_file


@pytest.fixture
def hrf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Run ``hrf ARGS`` in tmp_path (so paths print relative to it); never hides a traceback."""
    monkeypatch.chdir(tmp_path)

    def run(*args: str, env: dict[str, str | None] | None = None) -> Result:
        result = CliRunner().invoke(main, list(args), env=env)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        assert "Traceback" not in result.output
        return result

    return run


@pytest.fixture(autouse=True)
def _user_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """The user cache folder (export and link caches) of a test is its own, never ~/.cache."""
    monkeypatch.setenv("HRF_CACHE_DIR", str(tmp_path_factory.mktemp("user-cache")))


# The browser tests (HTML checks in Chromium: axe-core, layout, printing) share one
# Chromium per test module, the one .ci/run installs from Debian.
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium (apt-get install chromium; .ci/run does)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()
