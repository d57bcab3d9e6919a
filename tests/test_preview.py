"""hrf preview serves the web page on 127.0.0.1 and rebuilds it on save; hrf export --open."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Callable

import httpx
import pytest
from click.testing import Result

from hrf_cli.preview import Preview, PreviewOptions

Run = Callable[..., Result]
Write = Callable[..., Path]

REPORT = ("---\ntitle: Bridges of Kupiansk\nauthor: Field team\ndate: 2024-10-15\n---\n\n"
          "## Findings\n\nThe bridge was closed.[^1]\n\n[^1]: Interview, August 2024.\n")


@pytest.fixture
def session(write: Write, tmp_path: Path):
    report = write("bridges/report.md", REPORT)
    preview = Preview(report, PreviewOptions())
    yield preview
    preview.close()


def wait_for(check: Callable[[], bool], seconds: float = 90) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.2)
    return False


def test_serves_the_exported_page_with_a_reload_script(session: Preview, tmp_path: Path) -> None:
    assert session.build().error is None
    url = session.serve()
    assert url.startswith("http://127.0.0.1:")
    page = httpx.get(url, timeout=10, trust_env=False)
    assert page.status_code == 200
    assert "Bridges of Kupiansk" in page.text and "Interview, August 2024." in page.text
    assert page.text.count('src="/__hrf__/reload.js"') == 1
    assert httpx.get(url + "__hrf__/version", trust_env=False).text == "1"
    assert "location.reload" in httpx.get(url + "__hrf__/reload.js", trust_env=False).text
    # Only these three: no file of the disk is ever served.
    for path in ("report.md", "../bridges/report.md", "etc/passwd", "__hrf__/"):
        assert httpx.get(url + path, trust_env=False).status_code == 404
    assert not (tmp_path / "bridges" / "dist").exists()  # nothing beside the report


def test_a_save_rebuilds_the_page(session: Preview, tmp_path: Path) -> None:
    session.build()
    url = session.serve()
    stop = threading.Event()
    watcher = threading.Thread(target=session.watch, args=(stop,), daemon=True)
    watcher.start()
    try:
        time.sleep(1)  # the watcher is listening
        report = tmp_path / "bridges" / "report.md"
        report.write_text(REPORT.replace("was closed", "reopened in May"), encoding="utf-8")
        assert wait_for(lambda: httpx.get(url + "__hrf__/version", trust_env=False).text != "1")
        assert "reopened in May" in httpx.get(url, trust_env=False).text
    finally:
        stop.set()
        watcher.join(timeout=10)


def test_a_broken_build_shows_its_error_in_the_browser(write: Write) -> None:
    report = write("broken/report.md", REPORT + "\n![map](/etc/passwd)\n")
    (report.parent / "references.json").write_text("[]", encoding="utf-8")
    preview = Preview(write("broken/report.md", REPORT.replace(
        "date: 2024-10-15\n", "date: 2024-10-15\nbibliography: missing.json\n")), PreviewOptions())
    try:
        page = preview.build()
        assert page.error is not None and "missing.json" in page.error
        url = preview.serve()
        text = httpx.get(url, trust_env=False).text
        assert "The page could not be made" in text and "missing.json" in text
        assert 'src="/__hrf__/reload.js"' in text  # fixing the report reloads it
    finally:
        preview.close()


def test_preview_of_a_missing_report_is_one_error(hrf: Run) -> None:
    result = hrf("preview", "nosuch.md", "--no-open")
    assert (result.exit_code, result.stderr) == (1, "error: nosuch.md: file not found\n")


def test_export_open_opens_the_web_page(hrf: Run, write: Write,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import click

    opened: list[str] = []
    monkeypatch.setattr(click, "launch", lambda target, *a, **k: opened.append(target) or 0)
    write("bridges/report.md", REPORT)
    result = hrf("export", "bridges/report.md", "--to", "html,docx", "--open")
    assert result.exit_code == 0, result.output
    assert [Path(p).name for p in opened] == ["bridges.html"]
