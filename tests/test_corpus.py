"""Acceptance: hrf reads every corpus document exactly as pandoc 3.9 does (oracle.json).

The corpus lives in ../shared/corpus beside the repository; its documents are public
texts nobody here wrote (see its SOURCES.md for origins and licences).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from hrf_cli.config import Config, LintConfig
from hrf_cli.document import parse_document
from hrf_cli.lint.engine import lint_document
from hrf_cli.lint.registry import all_rules

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
ORACLE = CORPUS / "oracle.json"

pytestmark = pytest.mark.skipif(not ORACLE.exists(), reason=f"corpus not found at {CORPUS}")


def _oracle() -> list[dict]:
    return json.loads(ORACLE.read_text(encoding="utf-8")) if ORACLE.exists() else []


def _load(entry: dict):
    text = (CORPUS / entry["path"]).read_bytes().decode("utf-8")
    return parse_document(text, entry["path"])


def _findings(doc, rule_name: str):
    config = Config(path=None, lint=LintConfig(required_fields=[]))
    rules = [r for r in all_rules() if r.name == rule_name]
    return lint_document(doc, config, rules)


@pytest.mark.parametrize("entry", _oracle(), ids=lambda e: e["path"])
def test_note_count_matches_pandoc(entry):
    assert _load(entry).rendered_note_count() == entry["notes"]


@pytest.mark.parametrize("entry", _oracle(), ids=lambda e: e["path"])
def test_citation_ids_match_pandoc(entry):
    assert sorted(_load(entry).rendered_citation_keys()) == entry["cite_ids"]


@pytest.mark.parametrize("entry", _oracle(), ids=lambda e: e["path"])
def test_every_unused_note_pandoc_warns_about_is_reported(entry):
    doc = _load(entry)
    warned = {(m.group(1), int(m.group(2)))
              for m in (re.search(r"key '([^']*)' defined at .* line (\d+) column", w)
                        for w in entry["warnings"]) if m}
    reported = {(re.search(r"\[\^([^\]]+)\]", f.message).group(1), f.line)
                for f in _findings(doc, "unused-footnote")}
    assert reported == warned


@pytest.mark.parametrize("entry", _oracle(), ids=lambda e: e["path"])
def test_every_reference_left_as_literal_text_is_reported(entry):
    doc = _load(entry)
    findings = _findings(doc, "undefined-footnote")
    assert len(findings) >= entry["unresolved_refs"]
    for sample in entry["unresolved_samples"]:
        literal = sample[sample.index("[^"):]
        assert any(literal.rstrip(".,;:") in doc.lines.line_text(f.line) for f in findings), sample


def test_typo_in_label_is_reported_although_pandoc_splits_it():
    """`[^^here-comes-everybody]` never shows up as literal `[^` in pandoc's AST, but it is broken."""
    entry = next(e for e in _oracle() if e["path"].endswith("Subculture Society.page"))
    findings = _findings(_load(entry), "undefined-footnote")
    assert [f.line for f in findings] == [74]
    assert "[^^here-comes-everybody]" in findings[0].message


def test_invalid_url_reports_only_addresses_that_are_broken():
    """On published documents every invalid-url finding is a real fault (spaces in a link
    target); mistyped-scheme detection in note text finds nothing where addresses are fine."""
    for entry in _oracle():
        for finding in _findings(_load(entry), "invalid-url"):
            assert "contains a space" in finding.message, (entry["path"], finding.message)
