"""``hrf lint DRAFT.docx``: the same rules, at Word's paragraphs and notes, writing nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

from click.testing import Result

from tests.word_helpers import draft

Run = Callable[..., Result]
STYLE = "style:\n  terms:\n    Kharkov: Kharkiv\n"


def test_text_output_at_paragraphs_with_context(hrf: Run, tmp_path: Path) -> None:
    draft(tmp_path, "notes.docx")
    (tmp_path / "hrf.yaml").write_text(STYLE, "utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())
    result = hrf("lint", "notes.docx")
    assert result.exit_code == 0, result.output  # warnings only
    lines = result.output.splitlines()
    assert ("notes.docx:¶5 warning pasted-footnote-marker 'war.3' looks like a note number "
            "pasted as plain text; make it a note reference such as [^3] "
            '(near "as prisoners of war.3 We were told nothing.")') in lines
    assert any(line.startswith("notes.docx:¶6 warning pasted-footnote-marker superscript 4")
               and '"Shelling resumed in the spring.4' in line for line in lines)
    # inside a note: the paragraph that refers to it, and Word's note number
    assert any(line.startswith("notes.docx:¶6 (footnote 3) warning house-style")
               and line.endswith('(near "Local administration statement, Kharkov, 2 May 2024.")')
               for line in lines)
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written


def test_json_and_sarif_locations(hrf: Run, tmp_path: Path) -> None:
    draft(tmp_path, "notes.docx")
    (tmp_path / "hrf.yaml").write_text(STYLE, "utf-8")
    data = json.loads(hrf("lint", "notes.docx", "-f", "json").output)
    found = data["files"][0]["findings"]
    style = next(f for f in found if f["rule"] == "house-style")
    assert (style["line"], style["paragraph"], style["note"], style["note_kind"]) == (
        6, 6, 3, "footnote")
    pasted = next(f for f in found if "war.3" in f["message"])
    assert pasted["line"] == pasted["paragraph"] == 5 and "note" not in pasted
    stats = data["files"][0]["stats"]
    assert stats["notes"] == 3
    sarif = json.loads(hrf("lint", "notes.docx", "-f", "sarif").output)
    results = sarif["runs"][0]["results"]
    in_note = next(r for r in results if r["properties"].get("note") == 3)
    assert in_note["locations"][0]["physicalLocation"]["region"]["startLine"] == 6
    assert in_note["properties"] == {"paragraph": 6, "note": 3, "noteKind": "footnote"}


def test_stats_count_footnotes_and_endnotes(hrf: Run, tmp_path: Path) -> None:
    draft(tmp_path, "endnotes.docx")
    draft(tmp_path, "citations.docx")
    data = json.loads(hrf("lint", "endnotes.docx", "citations.docx", "-f", "json").output)
    stats = {f["path"]: f["stats"] for f in data["files"]}
    assert stats["endnotes.docx"]["notes"] == 3
    assert stats["citations.docx"]["citation_keys"] == ["dooley2023", "dooley2023a",
                                                        "kovalenko2024", "shevchenko2022"]
    assert stats["citations.docx"]["citations"] == 5


def test_source_findings_at_the_first_citation(hrf: Run, tmp_path: Path) -> None:
    draft(tmp_path, "citations.docx")
    (tmp_path / "hrf.yaml").write_text(
        "sources:\n  required-fields:\n    report: [publisher, URL]\n", "utf-8")
    result = hrf("lint", "citations.docx")
    # the Mendeley report has no URL: reported where Word first cites it (paragraph 5)
    assert any(line.startswith("citations.docx:¶5 warning missing-source-field")
               and "shevchenko2022" in line for line in result.output.splitlines()), result.output


def test_tracked_changes_linted_as_accepted(hrf: Run, tmp_path: Path) -> None:
    draft(tmp_path, "tracked.docx")
    result = hrf("lint", "tracked.docx", "-f", "json")
    assert json.loads(result.output)["files"][0]["stats"]["words"] > 0


def test_unreadable_docx_is_a_finding(hrf: Run, tmp_path: Path) -> None:
    draft(tmp_path, "legacy.doc")
    (tmp_path / "legacy.docx").write_bytes((tmp_path / "legacy.doc").read_bytes())
    result = hrf("lint", "legacy.docx")
    assert result.exit_code == 1
    assert "legacy.docx: error unreadable-file" in result.output
    assert "save it as Word Document (.docx)" in result.output


def test_no_context_quoted_for_findings_that_must_not_print_words() -> None:
    from hrf_cli.lint.findings import Finding
    from hrf_cli.word.lint import WordOrigin
    from hrf_cli.word.prepare import Place

    origin = WordOrigin([None, Place(7)], {1: "We met Ivan Petrenko at the school."})
    secret = origin.map(Finding("d.docx", 1, 8, "HRF900", "protected-name", "error",
                                "a protected name (line 3 of names.txt)"))
    assert "Petrenko" not in secret.message and secret.paragraph == 7
    style = origin.map(Finding("d.docx", 1, 8, "HRF401", "house-style", "warning", "x"))
    assert style.message == 'x (near "We met Ivan Petrenko at the")'


def test_protected_names_found_in_a_draft_and_never_printed(hrf: Run, tmp_path: Path) -> None:
    draft(tmp_path, "notes.docx")
    (tmp_path / "names.txt").write_text("Kivsharivka\n", "utf-8")
    (tmp_path / "hrf.yaml").write_text("safety:\n  protected-names: names.txt\n", "utf-8")
    for fmt in ("text", "json", "sarif"):
        result = hrf("lint", "notes.docx", "-f", fmt)
        assert result.exit_code == 1 and "Kivsharivka" not in result.output
    lines = hrf("lint", "notes.docx").output.splitlines()
    # the table's first cell (paragraph 8) and the custom-styled statement (paragraph 17)
    assert [line.split(" ")[0] for line in lines if "protected-name" in line] == [
        "notes.docx:¶8", "notes.docx:¶17"]
