"""Front matter with markup characters: every value that reaches typst or the HTML page
stays text (``T</title>``, ``#``, ``$``, ``*``, ``_``, ``<``, ``@``, ``[``, ``]``,
backslash, backtick, ``~``, ``"``) and the PDF still compiles."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Callable

import pytest
from click.testing import Result
from ruamel.yaml import YAML

Run = Callable[..., Result]

CLASSES = {
    "closing-tag": "T</title>", "hash": "#x", "dollar": "$x", "star": "*x", "underscore": "_x",
    "less-than": "<x", "at": "@x", "open-bracket": "[x", "close-bracket": "]x",
    "backslash": "x\\", "backtick": "`x", "tilde": "~x", "quote": '"x', "typst-code":
    "#set text(red) #read(\"/etc/passwd\")", "html-tag": "<b>bold</b> & <img src=x onerror=alert(1)>",
}


def write_report(folder: Path, value: str, caption: str | None = None) -> Path:
    """A report with ``value`` in every front-matter field the templates print, in the
    organisation from hrf.yaml, and in a figure and a table caption."""
    caption = value if caption is None else caption
    yaml = YAML()
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "hrf.yaml", "w", encoding="utf-8") as handle:
        yaml.dump({"export": {"organisation": f"Org {value}", "toc": "always"}}, handle)
    meta = {"title": f"T {value}", "subtitle": f"S {value}", "author": [f"A {value}", "B"],
            "date": f"D {value}", "keywords": [f"K {value}"], "abstract": f"Ab {value}",
            "toc-title": f"C {value}", "lang": "en"}
    report = folder / "report.md"
    with open(report, "w", encoding="utf-8") as handle:
        handle.write("---\n")
        yaml.dump(meta, handle)
        handle.write(f"---\n\n## Findings\n\n![Figure {caption}](map.png)\n\n"
                     f"| a | b |\n|---|---|\n| 1 | 2 |\n\n: Table {caption}\n")
    (folder / "map.png").write_bytes(PNG)
    return report


# A 1x1 PNG.
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de000000"
                    "0c49444154789c63f8cfc0000003010100c9fe92ef0000000049454e44ae426082")


@pytest.mark.parametrize("value", list(CLASSES.values()), ids=list(CLASSES))
def test_markup_characters_in_front_matter_compile_and_stay_text(hrf: Run, tmp_path: Path,
                                                                 value: str) -> None:
    from pypdf import PdfReader

    write_report(tmp_path / "case", value)
    result = hrf("export", "case/report.md", "--to", "pdf,html", "--no-lint")
    assert result.exit_code == 0, result.output
    cover = PdfReader(tmp_path / "case" / "dist" / "case.pdf").pages[0].extract_text()
    flat = re.sub(r"\s+", "", cover)
    # The organisation comes from hrf.yaml as a plain string: printed exactly (upper case).
    assert re.sub(r"\s+", "", f"Org {value}".upper()) in flat
    page = (tmp_path / "case" / "dist" / "case.html").read_text(encoding="utf-8")
    head = page.split("<style>")[0]
    assert head.count("<title>") == 1 and head.count("</title>") == 1
    masthead = page.split('<header class="masthead"')[1].split("</header>")[0]
    assert f'<span class="organisation">{html.escape(f"Org {value}", quote=False)}</span>' in masthead


def test_closing_title_tag_stays_text_everywhere(hrf: Run, tmp_path: Path) -> None:
    from pypdf import PdfReader

    write_report(tmp_path / "case", "T</title>")
    assert hrf("export", "case/report.md", "--to", "all", "--no-lint").exit_code == 0
    page = (tmp_path / "case" / "dist" / "case.html").read_text(encoding="utf-8")
    assert "<title>T T &lt;/title&gt;</title>" in page
    assert '<h1 class="title">T T<br>\n&lt;/title&gt;</h1>' in page
    cover = PdfReader(tmp_path / "case" / "dist" / "case.pdf").pages[0].extract_text()
    assert "T T\n</title>" in cover and "S T\n</title>" in cover


def test_raw_html_in_a_title_is_shown_not_run(hrf: Run, tmp_path: Path) -> None:
    write_report(tmp_path / "case", "<img src=x onerror=alert(1)>", caption="ok")
    assert hrf("export", "case/report.md", "--to", "html", "--no-lint").exit_code == 0
    page = (tmp_path / "case" / "dist" / "case.html").read_text(encoding="utf-8")
    assert "<img src=x" not in page
    assert '<h1 class="title">T &lt;img src=x onerror=alert(1)&gt;</h1>' in page


@pytest.mark.parametrize("key, value, message", [
    ("lang", 'en", region: "x', 'lang: en”, region: “x is not a language tag'),
    ("dir", "rtl onload=alert(1)", "dir: rtl onload=alert(1) is not ltr, rtl or auto"),
])
def test_lang_and_dir_must_be_what_they_claim(hrf: Run, tmp_path: Path, key: str, value: str,
                                              message: str) -> None:
    report = write_report(tmp_path / "case", "ok")
    text = report.read_text(encoding="utf-8").replace("lang: en\n", "")
    report.write_text(text.replace("---\n", f"---\n{key}: '{value}'\n", 1), encoding="utf-8")
    result = hrf("export", "case/report.md", "--to", "pdf,html", "--no-lint")
    assert result.exit_code == 0, result.output
    assert message in result.output
    page = (tmp_path / "case" / "dist" / "case.html").read_text(encoding="utf-8")
    assert page.splitlines()[1] == '<html lang="en-GB">'  # the default
