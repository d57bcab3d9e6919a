"""Every document of ../shared/corpus exports to HTML, PDF and DOCX, in one parallel run.

Real documents nobody here wrote: gwern.net essays (.page), pandoc's MANUAL and test suite
(.txt), pandoc's citation tests (including its own test-format files, which are Markdown too),
JOSS papers and a 1,016-citation review. They run with --no-lint (several have their own lint
findings: unused notes, missing citation keys). The corpus is copied first because the review
names two bibliography files the corpus does not hold: the copy gets its references.json under
the first name and an empty list under the second. Missing images (the essays' /images/...,
the papers' figures) are warnings, not failures.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path
from typing import Callable

import pytest
from click.testing import Result

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
SUFFIXES = (".md", ".page", ".txt")

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is absent")


def documents(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.suffix in SUFFIXES)


def test_every_corpus_document_exports_to_all_formats(hrf: Callable[..., Result],
                                                      tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    review = corpus / "citations" / "deep-review"
    (review / "content").mkdir()
    shutil.copy(review / "references.json", review / "content" / "manual-references-2020-01-29.json")
    (review / "content" / "manual-references.json").write_text("[]\n", "utf-8")
    docs = documents(corpus)
    assert len(docs) == 25
    result = hrf("export", *map(str, docs), "--to", "all", "-o", "out", "--no-lint",
                 "--jobs", "2")
    assert result.exit_code == 0, "\n".join(
        line for line in result.output.splitlines() if line.startswith("error"))
    assert result.stderr.splitlines()[-1] == (
        f"hrf export: {len(docs)} reports: {3 * len(docs)} files written, 0 unchanged")
    assert len(result.stdout.splitlines()) == 3 * len(docs)
    out = tmp_path / "out"
    for html_path in sorted(out.glob("*.html")):
        html = html_path.read_text("utf-8")
        refs = re.findall(r'<a href="#(fn\d+)" class="footnote-ref" id="(fnref\d+)"', html)
        notes = re.findall(r'<li id="(fn\d+)">', html)
        backs = re.findall(r'<a href="#(fnref\d+)" class="footnote-back"', html)
        # every reference has its note, every note a reference, every back-link a target
        assert {r[0] for r in refs} == set(notes), html_path.name
        assert set(backs) <= {r[1] for r in refs} and len(backs) == len(notes), html_path.name
        with zipfile.ZipFile(html_path.with_suffix(".docx")) as docx:
            footnotes = docx.read("word/footnotes.xml").decode("utf-8")
        word_notes = [i for i in re.findall(r'<w:footnote [^>]*w:id="(\d+)"', footnotes)
                      if int(i) > 0]
        assert len(word_notes) == len(notes), html_path.name
        assert html_path.with_suffix(".pdf").read_bytes().startswith(b"%PDF-")
