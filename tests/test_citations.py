"""Citation, source and style rules beyond their fixtures: the cases editors hit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hrf_cli.config import Config, ConfigCache, StyleConfig, load_config
from hrf_cli.document import load_document
from hrf_cli.errors import ConfigError
from hrf_cli.lint.engine import lint_document
from hrf_cli.lint.registry import all_rules, get_rule
from hrf_cli.lint.rules.sources import normalised_url, url_problem

FRONT = "---\ntitle: Kupiansk\nauthor: Field team\ndate: 2024-10-15\n{extra}---\n\n"


def lint(tmp_path: Path, body: str, extra: str = "", files: dict[str, str] | None = None,
         rules: tuple[str, ...] = (), config: Config | None = None):
    for name, text in (files or {}).items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    report = tmp_path / "report.md"
    report.write_text(FRONT.format(extra=extra) + body, encoding="utf-8")
    chosen = [get_rule(r) for r in rules] if rules else [r for r in all_rules() if r.check]
    doc = load_document(report, "report.md")
    return lint_document(doc, config or ConfigCache().config_for(report), chosen)


def test_no_bibliography_gives_one_finding_not_one_per_citation(tmp_path):
    findings = lint(tmp_path, "A [@a], B [@b] and C @c.\n", rules=("unknown-citation",))
    assert len(findings) == 1
    assert "3 citations but declares no bibliography" in findings[0].message
    assert (findings[0].line, findings[0].column) == (7, 4)


def test_crossref_labels_are_not_citations_to_check(tmp_path):
    refs = json.dumps([{"id": "a", "title": "A"}])
    findings = lint(tmp_path, "See @fig:map and [@tbl:losses] [@a].\n", "bibliography: r.json\n",
                    {"r.json": refs}, rules=("unknown-citation",))
    assert findings == []


def test_unreadable_bibliography_is_reported_once_and_citations_not_flagged_one_by_one(tmp_path):
    findings = lint(tmp_path, "A [@a] and [@b].\n", "bibliography: [gone.json]\n",
                    rules=("unknown-citation", "bibliography-error"))
    assert [f.rule for f in findings] == ["bibliography-error", "unknown-citation"]
    assert "'gone.json' not found" in findings[0].message
    assert findings[0].line == 5
    assert "2 citations not checked" in findings[1].message


def test_nocite_star_counts_every_entry_as_cited(tmp_path):
    refs = json.dumps([{"id": "a", "title": "A"}, {"id": "b", "title": "B"}])
    findings = lint(tmp_path, "Only [@a].\n", "bibliography: r.json\nnocite: '@*'\n",
                    {"r.json": refs}, rules=("unused-reference",))
    assert findings == []


def test_inline_references_report_the_entry_line_in_the_report(tmp_path):
    extra = "references:\n- id: a\n  title: A\n- id: b\n  title: B\n"
    findings = lint(tmp_path, "Only [@a].\n", extra, rules=("unused-reference",))
    assert [(f.path, f.line) for f in findings] == [("report.md", 8)]


@pytest.mark.parametrize("refs, line", [
    ('[\n  {"id": "a", "title": "A"},\n  {"id": "b",\n   "title": "B"}\n]\n', 3),
    # An "id" inside an entry's author is not the entry's own.
    ('[\n  {"id": "a", "author": [{"id": "x", "family": "X"}]},\n  {"id": "b"}\n]\n', 3),
    # A key repeated in one entry (JSON keeps the last) and a key spelled with an escape.
    ('[\n  {"id": "z", "id": "a"},\n  {"\\u0069d": "c"},\n  {"id": "b"}\n]\n', 4),
    ('{"items": [\n  {"id": "a"},\n\n  {"id": "b"}\n]}\n', 4),
    ('{"items": [\n  {"id": "a", "author": [{"id": "x"}]},\n  {"id": "b"}\n]}\n', 3),
], ids=["plain", "nested-id", "repeated-and-escaped-keys", "items-wrapper", "items-nested-id"])
def test_csl_json_entry_is_reported_at_its_id_line(tmp_path, refs, line):
    findings = lint(tmp_path, "Only [@a] and [@c].\n", "bibliography: r.json\n", {"r.json": refs},
                    rules=("unused-reference",))
    assert [(Path(f.path).name, f.line) for f in findings] == [("r.json", line)]


def test_duplicate_key_inside_one_bibtex_file(tmp_path):
    bib = "@report{a,\n  title={One}\n}\n\n@report{a,\n  title={Two}\n}\n"
    findings = lint(tmp_path, "See [@a].\n", "bibliography: r.bib\n", {"r.bib": bib},
                    rules=("duplicate-reference",))
    assert [(Path(f.path).name, f.line) for f in findings] == [("r.bib", 5)]


def test_bibtex_fields_are_checked_under_csl_names(tmp_path):
    bib = "@online{gwara,\n  title={Evacuation},\n  url={https://gwaramedia.com/},\n}\n"
    findings = lint(tmp_path, "See [@gwara].\n", "bibliography: r.bib\n", {"r.bib": bib},
                    rules=("missing-source-field",))
    assert len(findings) == 1 and "(webpage) has no 'accessed'" in findings[0].message


def test_required_fields_come_from_hrf_yaml(tmp_path):
    (tmp_path / "hrf.yaml").write_text("sources:\n  required-fields:\n    report: [publisher, URL]\n")
    refs = json.dumps([{"id": "a", "type": "report", "title": "A", "publisher": "HRF"}])
    findings = lint(tmp_path, "See [@a].\n", "bibliography: r.json\n", {"r.json": refs},
                    rules=("missing-source-field",))
    assert len(findings) == 1 and "has no 'URL'" in findings[0].message


def test_style_terms_must_be_a_mapping(tmp_path):
    (tmp_path / "hrf.yaml").write_text("style:\n  terms: [Kharkov]\n")
    with pytest.raises(ConfigError, match="hrf.yaml:2: style.terms: expected a mapping"):
        load_config(tmp_path / "hrf.yaml")


def test_house_style_skips_code_urls_and_citation_keys_but_not_notes(tmp_path):
    refs = json.dumps([{"id": "Kharkov2022", "title": "Old spelling in a key"}])
    body = ("In `Kharkov` code, at https://x.org/Kharkov, citing [@Kharkov2022].[^1]\n\n"
            "[^1]: Seen in Kharkov.\n")
    config = Config(style=StyleConfig(terms={"Kharkov": "Kharkiv"}))
    findings = lint(tmp_path, body, "bibliography: r.json\n", {"r.json": refs},
                    rules=("house-style",), config=config)
    assert [(f.line, f.column) for f in findings] == [(10, 15)]


def test_ibid_after_an_inline_note_with_one_source(tmp_path):
    body = "First.^[Interview, March 2024.] Second.[^1]\n\n[^1]: Ibid.\n"
    assert lint(tmp_path, body, rules=("ibid-without-antecedent",)) == []


@pytest.mark.parametrize(("url", "reason"), [
    ("https://suspilne.media/kharkiv/", None),
    ("http://127.0.0.1:8080/x", None),
    ("mailto:press@example.org", None),
    ("htps://suspilne.media/", "unknown scheme 'htps' (did you mean https?)"),
    ("https:/suspilne.media/", "is missing '//'"),
    ("https://", "has no host"),
    ("https://exa_mple..org/", "malformed host"),
    ("https://suspilne.media/a b", "contains a space"),
    ("www.suspilne.media", "has no scheme"),
])
def test_url_problems(url, reason):
    found = url_problem(url)
    assert (found is None) if reason is None else (reason in found)


def test_url_normalisation_ignores_scheme_www_slash_and_tracking():
    a = normalised_url("https://www.Example.org/report/?utm_source=tg&id=5#top")
    b = normalised_url("http://example.org/report?id=5&fbclid=abc")
    assert a == b == "example.org/report?id=5"


def test_invalid_url_checks_addresses_in_notes_only_nested_included(tmp_path):
    body = ("Body <htps://a.org/body>.[^1] Inline^[in <htps://b.org/inline>].\n\n"
            "[^1]: Note ^[nested <htps://c.org/nested>] and <htps://d.org/note>.\n\n"
            "After the note <htps://e.org/after>.\n")
    findings = lint(tmp_path, body, rules=("invalid-url",))
    assert [f.message.split("'")[1] for f in findings] == [
        "htps://b.org/inline", "htps://c.org/nested", "htps://d.org/note"]
