"""Every lint rule against its fixtures and its own documentation.

Each rule with a check has ``tests/fixtures/rules/<rule-name>/`` holding ``bad.md`` (a report
that breaks the rule), ``expected.json`` (the findings it must give: line, column, rule) and
``good.md`` (a fully clean report). The tests are parametrised over the rule table, so a new
rule without fixtures fails the suite.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hrf_cli.config import Config, ConfigCache, StyleConfig
from hrf_cli.document import load_document, parse_document
from hrf_cli.lint.engine import lint_document
from hrf_cli.lint.findings import Finding
from hrf_cli.lint.registry import Rule, all_rules, get_rule

FIXTURES = Path(__file__).parent / "fixtures" / "rules"
CHECKED_RULES = [rule for rule in all_rules() if rule.check is not None]


def rule_id(rule: Rule) -> str:
    return rule.name


def read(path: Path) -> str:
    """A fixture exactly as hrf reads it from disk (UTF-8, line endings kept)."""
    return path.read_bytes().decode("utf-8")


def lint(text: str, rules: list[Rule], config: Config | None = None) -> list[Finding]:
    return lint_document(parse_document(text, "report.md"), config or Config(), rules)


def positions(findings: list[Finding]) -> list[dict[str, object]]:
    return [{"line": f.line, "column": f.column, "rule": f.rule} for f in findings]


def only(name: str) -> list[Rule]:
    rule = get_rule(name)
    assert rule is not None
    return [rule]


# --- fixtures, one folder per rule ------------------------------------------------------------

def test_every_fixture_folder_belongs_to_a_rule() -> None:
    assert sorted(p.name for p in FIXTURES.iterdir()) == sorted(r.name for r in CHECKED_RULES)


def lint_fixture(path: Path, rules: list[Rule]) -> list[Finding]:
    """Lint a fixture file from disk, so its bibliographies and its folder's hrf.yaml apply."""
    doc = load_document(path, path.name)
    return lint_document(doc, ConfigCache().config_for(path), rules)


@pytest.mark.parametrize("rule", CHECKED_RULES, ids=rule_id)
def test_bad_fixture_gives_exactly_the_expected_findings(rule: Rule) -> None:
    folder = FIXTURES / rule.name
    expected = json.loads(read(folder / "expected.json"))
    findings = lint_fixture(folder / "bad.md", [rule])
    assert expected, "a bad fixture must make its rule fire"
    if rule.network:
        # Network rules report only under --check-links: silent here; tests/test_links.py
        # lints this fixture against a local server and compares it with expected.json.
        assert findings == []
        return
    assert positions(findings) == expected
    assert all(f.message.strip() for f in findings)


@pytest.mark.parametrize("rule", CHECKED_RULES, ids=rule_id)
def test_good_fixture_is_clean_under_every_rule(rule: Rule) -> None:
    assert lint_fixture(FIXTURES / rule.name / "good.md", CHECKED_RULES) == []


# --- behaviours the fixtures pin down, with the message a writer reads -------------------------

def test_case_mismatch_suggests_the_defined_label() -> None:
    findings = lint(read(FIXTURES / "undefined-footnote" / "bad.md"), only("undefined-footnote"))
    sequels = [f for f in findings if "[^sequels]" in f.message]
    assert len(sequels) == 1
    assert sequels[0].line == 12
    assert "did you mean [^Sequels]?" in sequels[0].message


def test_reference_inside_a_note_names_the_enclosing_note() -> None:
    findings = lint(read(FIXTURES / "undefined-footnote" / "bad.md"), only("undefined-footnote"))
    assert findings[-1].line == 16
    assert "inside the definition of [^1]" in findings[-1].message


def test_label_with_a_space_is_reported_as_unreadable() -> None:
    findings = lint(read(FIXTURES / "undefined-footnote" / "bad.md"), only("undefined-footnote"))
    my_note = [f for f in findings if f.line == 13]
    assert len(my_note) == 1
    assert my_note[0].message.startswith("[^my note] is not a note reference")


def test_duplicate_names_the_line_of_the_first_definition() -> None:
    findings = lint(read(FIXTURES / "duplicate-footnote" / "bad.md"), only("duplicate-footnote"))
    assert [f.line for f in findings] == [17, 21]
    assert all("first at line 13" in f.message for f in findings)


def test_empty_note_followed_by_blank_line_and_indented_paragraph_has_text() -> None:
    # pandoc reads the indented paragraph after "[^2]:" and a blank line as the note's text.
    good = read(FIXTURES / "empty-footnote" / "good.md")
    assert "[^2]:\n\n    Interview with a mother" in good
    assert lint(good, only("empty-footnote")) == []


def test_empty_note_directly_followed_by_the_next_definition(front_matter: str) -> None:
    text = front_matter + (
        "The school was hit twice.[^1] Lessons moved online.[^2]\n"
        "\n"
        "[^1]:\n"
        "[^2]: Interview with the head teacher, June 2024.\n"
    )
    findings = lint(text, CHECKED_RULES)
    assert positions(findings) == [{"line": 9, "column": 1, "rule": "empty-footnote"}]


def test_footnote_order_reports_the_fewest_out_of_place_references() -> None:
    findings = lint(read(FIXTURES / "footnote-order" / "bad.md"), only("footnote-order"))
    assert len(findings) == 1
    assert findings[0].message.startswith("note [^5] is out of order")


# --- front matter: the cases one bad.md cannot hold -------------------------------------------

def test_invalid_yaml_is_reported_at_the_line_of_the_error() -> None:
    text = (
        "---\n"
        "author: Field Documentation Team\n"
        "title: Kupiansk: a city waiting\n"
        "date: 2024-10-15\n"
        "---\n"
        "\n"
        "Kupiansk was occupied in February 2022.\n"
    )
    findings = lint(text, only("front-matter"))
    assert positions(findings) == [{"line": 3, "column": 16, "rule": "front-matter"}]
    assert findings[0].message.startswith("the front matter is not valid YAML")


def test_report_without_front_matter_is_reported_on_its_first_line() -> None:
    text = "## Summary\n\nKupiansk was occupied in February 2022.\n"
    findings = lint(text, only("front-matter"))
    assert positions(findings) == [{"line": 1, "column": 1, "rule": "front-matter"}]
    assert "title, author, date" in findings[0].message


def test_missing_date_and_empty_title_each_get_a_finding() -> None:
    findings = lint(read(FIXTURES / "front-matter" / "bad.md"), only("front-matter"))
    assert [f.message for f in findings] == [
        "the front matter has no 'date' field (required by hrf.yaml lint.required-fields)",
        "the front-matter field 'title' is empty",
    ]


# --- note syntax outside prose is never a note -------------------------------------------------

OUTSIDE_PROSE = {
    "fenced code": "```markdown\nResidents were detained at the checkpoint.[^12]\n\n"
                   "[^12]: Interview, March 2023.\n```\n",
    "indented code": "    Phones taken at the checkpoint were never returned.[^13]\n\n"
                     "    [^14]: An indented example, which pandoc reads as code.\n",
    "inline code": "Write a reference as `[^label]` and its definition as `[^label]: text`",
    "inline HTML comment": "report. <!-- add [^15] when the interview is transcribed -->",
    "HTML comment block": "<!--\nDraft paragraph, held back until the witness confirms it:\n"
                          "He was taken to the police station on Pershotravneva street.[^16]\n"
                          "[^16]: Interview, May 2024.\n-->\n",
    "escaped bracket": r"as in \[^1], which pandoc shows as plain text.",
}


@pytest.mark.parametrize("construct", OUTSIDE_PROSE)
def test_note_syntax_outside_prose_is_never_reported(construct: str, front_matter: str) -> None:
    snippet = OUTSIDE_PROSE[construct]
    assert snippet in read(FIXTURES / "undefined-footnote" / "good.md")
    assert lint(front_matter + snippet, CHECKED_RULES) == []


# --- the documentation's own examples ----------------------------------------------------------

@pytest.mark.parametrize("rule", CHECKED_RULES, ids=rule_id)
def test_doc_examples_behave_as_documented(rule: Rule, front_matter: str, tmp_path: Path) -> None:
    if rule.name in FILE_RULES:
        return check_file_rule_examples(rule, front_matter, tmp_path)

    def as_report(example: str) -> str:
        # Examples that are front matter (inline references) or a CSL JSON list stand alone.
        if rule.name == "front-matter" or example.startswith("---\n"):
            return example
        if example.startswith("references:"):
            return front_matter.replace("\n---\n", "\n" + example + "\n---\n", 1)
        return front_matter + example

    # The house-style rule reads its terms from hrf.yaml: give it the template's kind of list.
    config = Config(style=StyleConfig(terms={"Kharkov": "Kharkiv", "Kiev": "Kyiv"}))
    bad = lint(as_report(rule.doc.bad), [rule], config)
    # Network rules are silent without --check-links (tests/test_links.py runs them).
    assert bad == [] if rule.network else len(bad) >= 1
    assert lint(as_report(rule.doc.good), [rule], config) == []


# Rules whose examples need files beside the report: real photos, a list of names.
FILE_RULES = ("image-metadata", "protected-name")


def check_file_rule_examples(rule: Rule, front_matter: str, tmp_path: Path) -> None:
    from hrf_cli.config import SafetyConfig
    from tests.safety_images import clean_png, phone_jpeg

    (tmp_path / "images").mkdir()
    phone_jpeg(tmp_path / "images" / "IMG_2041.jpg")
    clean_png(tmp_path / "images" / "school.jpg")
    (tmp_path / "names.txt").write_text("Hanna Melnyk\n", "utf-8")
    config = Config(safety=SafetyConfig(protected_names=str(tmp_path / "names.txt")))
    for example, fires in ((rule.doc.bad, True), (rule.doc.good, False)):
        report = tmp_path / "report.md"
        report.write_text(front_matter + example, "utf-8")
        findings = lint_document(load_document(report, "report.md"), config, [rule])
        assert bool(findings) == fires, (example, findings)
