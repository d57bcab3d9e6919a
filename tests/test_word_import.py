"""``hrf import DRAFT.docx`` on drafts LibreOffice wrote (tests/fixtures/word/README.md)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Callable

import pytest
from click.testing import Result

from tests.word_helpers import collect, draft, front, pandoc_ast, text

Run = Callable[..., Result]


def imported(hrf: Run, tmp_path: Path, name: str, *args: str) -> tuple[Result, Path]:
    result = hrf("import", str(draft(tmp_path, name)), "--no-input", *args)
    folders = [p for p in tmp_path.iterdir() if p.is_dir()]
    return result, (folders[0] / "report.md" if folders else tmp_path / "missing")


def notes_of(report: Path) -> list[str]:
    return [text(n["c"]) for n in collect(pandoc_ast(report, "-f", "markdown")["blocks"], "Note")]


def test_notes_headings_front_matter_and_structure(hrf: Run, tmp_path: Path) -> None:
    result, report = imported(hrf, tmp_path, "notes.docx")
    assert result.exit_code == 0, result.output
    assert report.parent.name == "kupiansk-a-city-waiting"
    meta = front(report)
    assert meta["title"] == "Kupiansk: a city waiting"
    assert meta["subtitle"] == "The second occupation"
    assert meta["author"] == ["Field Documentation Team"]
    assert str(meta["date"]) == "2024-11-25" and meta["lang"] == "en-GB"
    assert meta["bibliography"] == "references.json"
    body = report.read_text("utf-8")
    assert "\n## Background\n" in body and "\n### Villages\n" in body
    assert "\n## Recommendations\n" in body
    assert "Interview with a resident, *Kupiansk*, 12 March 2024." in body
    assert "[the UN update](https://example.org/un-update)" in body
    assert "Kivsharivka" in body and "- Open a humanitarian corridor." in body
    assert '\n> "We stayed because our parents could not leave."\n' in body  # Word's Quote style
    # pandoc renders exactly the draft's three footnotes, in reading order, with their text
    assert notes_of(report) == ["Interview with a resident, Kupiansk, 12 March 2024.",
                                "See the UN update, October 2024.",
                                "Local administration statement, Kharkov, 2 May 2024."]
    assert (report.parent / "hrf.yaml").is_file()
    assert json.loads((report.parent / "references.json").read_text()) == []


def test_prints_what_was_made_what_was_left_and_lint(hrf: Run, tmp_path: Path) -> None:
    result, report = imported(hrf, tmp_path, "notes.docx")
    out = result.output
    assert "Imported into kupiansk-a-city-waiting" in out
    assert "kupiansk-a-city-waiting/report.md" in out
    assert "Notes: 3 (3 footnotes)" in out
    # styles pandoc drops are named, not lost silently
    assert "Not carried over from Word:" in out and "'Witness statement' (1)" in out
    # a superscript digit typed by hand is reported with its paragraph, never made a note
    assert "¶6: superscript 4 looks like a note number" in out
    assert "^4^" in report.read_text("utf-8")
    # the lint summary of the new report: the plain pasted marker, house style from hrf.yaml
    assert "Lint: 0 errors, 2 warnings" in out
    assert "pasted-footnote-marker 'war.3'" in out and "house-style" in out


def test_endnote_draft_records_endnotes(hrf: Run, tmp_path: Path) -> None:
    result, report = imported(hrf, tmp_path, "endnotes.docx")
    assert result.exit_code == 0, result.output
    assert front(report)["export"] == {"notes": "endnotes"}
    assert "Notes: 3 (3 endnotes)" in result.output
    assert notes_of(report) == ["Photographs on file.", "Interview with a nurse, April 2024.",
                                "Utility notice, 14 May 2024."]


def test_footnote_draft_has_no_export_setting(hrf: Run, tmp_path: Path) -> None:
    _, report = imported(hrf, tmp_path, "notes.docx")
    assert "export" not in front(report)


@pytest.mark.parametrize("name, count, kinds", [
    ("tracked.docx", 3, "2 insertions, 1 deletion"), ("moves.docx", 1, "1 move")])
def test_tracked_changes_refused_by_default(hrf: Run, tmp_path: Path, name: str, count: int,
                                            kinds: str) -> None:
    result, _ = imported(hrf, tmp_path, name)
    assert result.exit_code == 1
    assert f"{count} unresolved tracked change" in result.output and kinds in result.output
    assert "¶" in result.output and "--track-changes accept" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # nothing written


def test_tracked_change_places_include_notes(hrf: Run, tmp_path: Path) -> None:
    result, _ = imported(hrf, tmp_path, "tracked.docx")
    assert "¶3" in result.output and "(footnote 1)" in result.output


def test_accept_and_reject(hrf: Run, tmp_path: Path) -> None:
    result, report = imported(hrf, tmp_path, "tracked.docx", "--track-changes", "accept")
    assert result.exit_code == 0, result.output
    body = report.read_text("utf-8")
    assert "Residents left in September 2022 and 5,000 stayed." in body
    assert notes_of(report) == ["Utility notice, May 2024."]
    other = tmp_path / "rejected"
    other.mkdir()
    result = hrf("import", str(tmp_path / "tracked.docx"), "--no-input", "--dir", str(other),
                 "--track-changes", "reject")
    assert result.exit_code == 0, result.output
    rejected = other / "tracked-draft" / "report.md"
    assert "Residents left and roughly 5,000 stayed." in rejected.read_text("utf-8")
    assert notes_of(rejected) == ["Utility notice."]


def test_moves_accepted_and_rejected(hrf: Run, tmp_path: Path) -> None:
    result, report = imported(hrf, tmp_path, "moves.docx", "--track-changes", "accept")
    assert result.exit_code == 0, result.output
    body = report.read_text("utf-8")
    assert "First paragraph.\n" in body and "Second paragraph. Moved sentence." in body
    other = tmp_path / "rejected"
    other.mkdir()
    hrf("import", str(tmp_path / "moves.docx"), "--no-input", "--dir", str(other),
        "--track-changes", "reject")
    body = (other / "moved-draft" / "report.md").read_text("utf-8")
    assert "First paragraph. Moved sentence." in body and "Second paragraph.\n" in body


def test_comments_kept_as_html_comments_or_dropped(hrf: Run, tmp_path: Path) -> None:
    result, report = imported(hrf, tmp_path, "comments.docx")
    assert result.exit_code == 0, result.output
    body = report.read_text("utf-8")
    assert ("<!-- comment (Olena Editor, 2024-11-20): Check this figure against the UN "
            "update. -->Five thousand residents remained.") in body
    # pandoc reads it as raw HTML: no word of it is in the report's text
    assert "Check this figure" not in text(pandoc_ast(report, "-f", "markdown")["blocks"])
    other = tmp_path / "dropped"
    other.mkdir()
    hrf("import", str(tmp_path / "comments.docx"), "--no-input", "--dir", str(other),
        "--comments", "drop")
    dropped = (other / "commented-draft" / "report.md").read_text("utf-8")
    assert "Check this figure" not in dropped and "Five thousand residents remained." in dropped


def test_images_extracted_with_alt_text_or_a_warning(hrf: Run, tmp_path: Path) -> None:
    result, report = imported(hrf, tmp_path, "images.docx")
    assert result.exit_code == 0, result.output
    body = report.read_text("utf-8")
    named = "images/the-destroyed-road-bridge-over-the.png"
    assert f"![The destroyed road bridge over the Oskil river]({named})" in body
    assert "![](images/figure-2.png)" in body
    for name in (named, "images/figure-2.png"):
        assert (report.parent / name).read_bytes().startswith(b"\x89PNG")
    assert "images/figure-2.png has no description (alt text)" in result.output
    # ...and the new report's lint summary carries it as a finding at the image's line.
    line = body[:body.index("![](images/figure-2.png)")].count("\n") + 1
    assert (f"report.md:{line}:" in result.output
            and "warning missing-alt-text image images/figure-2.png" in result.output)
    linted = hrf("lint", str(report), "--select", "missing-alt-text", "--format", "json")
    found = json.loads(linted.stdout)["files"][0]["findings"]
    assert [(f["rule"], f["line"]) for f in found] == [("missing-alt-text", line)]


def test_ukrainian_draft(hrf: Run, tmp_path: Path) -> None:
    result, report = imported(hrf, tmp_path, "ukrainian.docx")
    assert result.exit_code == 0, result.output
    assert report.parent.name == "kupiansk-misto-chekaie"
    meta = front(report)
    assert meta["title"] == "Купʼянськ: місто чекає" and meta["author"] == ["Олена Шевченко"]
    assert meta["lang"] == "uk-UA"
    assert "\n## Передумови\n" in report.read_text("utf-8")
    assert notes_of(report) == ["Інтервʼю з мешканкою, Купʼянськ, березень 2024.",
                                "Дані міської адміністрації."]


def test_zotero_mendeley_and_endnote_citations(hrf: Run, tmp_path: Path) -> None:
    result, report = imported(hrf, tmp_path, "citations.docx")
    assert result.exit_code == 0, result.output
    body = report.read_text("utf-8")
    assert "[@dooley2023, page 12" in body
    assert "[@dooley2023a; @dooley2023]" in body
    assert "[@shevchenko2022]" in body
    assert "Evacuation buses stopped in July [@kovalenko2024]." in body  # EndNote
    items = json.loads((report.parent / "references.json").read_text("utf-8"))
    by_id = {item["id"]: item for item in items}
    assert set(by_id) == {"dooley2023", "dooley2023a", "shevchenko2022", "kovalenko2024"}
    assert by_id["kovalenko2024"]["publisher"] == "Kharkiv Human Rights Group"
    assert by_id["dooley2023a"]["title"] == "Villages on the Oskil"
    assert by_id["shevchenko2022"]["author"] == [{"family": "Шевченко", "given": "Тарас"}]
    # pandoc --citeproc finds every key: no "citation ... not found" warning
    import subprocess

    from hrf_cli.export.pandoc import pandoc_path

    done = subprocess.run([pandoc_path(), "--citeproc", "-t", "plain", "report.md"],
                          cwd=report.parent, capture_output=True, text=True, check=True)
    assert "not found" not in done.stderr and "Dooley" in done.stdout
    assert "Citations: 5 of 4 sources" in result.output


def test_never_clobbers_and_force(hrf: Run, tmp_path: Path) -> None:
    result, report = imported(hrf, tmp_path, "comments.docx")
    report.write_text("my edits\n", "utf-8")
    again = hrf("import", str(tmp_path / "comments.docx"), "--no-input")
    assert again.exit_code == 2 and "already exists" in again.output
    assert report.read_text("utf-8") == "my edits\n"
    forced = hrf("import", str(tmp_path / "comments.docx"), "--no-input", "--force")
    assert forced.exit_code == 0 and "(replaced)" in forced.output


def test_overrides_and_missing_values(hrf: Run, tmp_path: Path) -> None:
    source = draft(tmp_path, "comments.docx")
    blank = tmp_path / "blank.docx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(blank, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "docProps/core.xml":
                data = data.replace(b"<dc:creator>Field Documentation Team</dc:creator>", b"")
            new.writestr(info, data)
    missing = hrf("import", str(blank), "--no-input")
    assert missing.exit_code == 2 and "authors (--author)" in missing.output
    given = hrf("import", str(blank), "--no-input", "-a", "Team B", "--title", "Another title",
                "--date", "2025-01-02")
    assert given.exit_code == 0, given.output
    meta = front(tmp_path / "another-title" / "report.md")
    assert meta["author"] == ["Team B"] and str(meta["date"]) == "2025-01-02"


def test_no_hrf_yaml_when_one_is_above(hrf: Run, tmp_path: Path) -> None:
    (tmp_path / "hrf.yaml").write_text("lint:\n  fail-on: error\n", "utf-8")
    _, report = imported(hrf, tmp_path, "comments.docx")
    assert not (report.parent / "hrf.yaml").exists()


@pytest.mark.parametrize("name, says", [
    ("legacy.doc", "legacy Word 97-2003 document (.doc)"),
    ("encrypted.docx", "is password-protected"),
])
def test_unreadable_word_files_named(hrf: Run, tmp_path: Path, name: str, says: str) -> None:
    result, _ = imported(hrf, tmp_path, name)
    assert result.exit_code == 2
    assert name in result.output and says in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_not_a_word_file(hrf: Run, tmp_path: Path) -> None:
    (tmp_path / "notes.docx").write_text("just text\n", "utf-8")
    result = hrf("import", "notes.docx", "--no-input")
    assert result.exit_code == 2 and "notes.docx is not a Word file (.docx)" in result.output
    with zipfile.ZipFile(tmp_path / "other.docx", "w") as archive:
        archive.writestr("content.xml", "<x/>")
    result = hrf("import", "other.docx", "--no-input")
    assert result.exit_code == 2 and "not a Word document" in result.output


def hostile(tmp_path: Path, name: str, document: bytes, extra: dict[str, bytes] | None = None) -> Path:
    source = draft(tmp_path, "comments.docx")
    target = tmp_path / name
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, document if info.filename == "word/document.xml"
                         else old.read(info))
        for entry, data in (extra or {}).items():
            new.writestr(entry, data)
    return target


def test_zip_bomb_is_bounded(hrf: Run, tmp_path: Path) -> None:
    bomb = hostile(tmp_path, "bomb.docx", b"<w:document>" + b" " * (70 * 1024 * 1024) + b"</w:document>")
    assert bomb.stat().st_size < 1024 * 1024
    result = hrf("import", "bomb.docx", "--no-input")
    assert result.exit_code == 2 and "bomb.docx" in result.output
    assert "more than hrf reads" in result.output


def test_entity_expansion_refused(hrf: Run, tmp_path: Path) -> None:
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
              b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
              b'<w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>')
    hostile(tmp_path, "lolz.docx", laughs)
    result = hrf("import", "lolz.docx", "--no-input")
    assert result.exit_code == 2 and "DOCTYPE" in result.output


def test_paths_inside_the_zip_never_leave_it(hrf: Run, tmp_path: Path) -> None:
    source = draft(tmp_path, "comments.docx")
    with zipfile.ZipFile(source) as old:
        document = old.read("word/document.xml")
    hostile(tmp_path, "escape.docx", document, {"../../escaped.txt": b"x", "/abs.txt": b"y"})
    result = hrf("import", "escape.docx", "--no-input", "--dir", "out")
    assert result.exit_code == 0, result.output
    assert not (tmp_path.parent / "escaped.txt").exists() and not Path("/abs.txt").exists()
    made = {p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*")}
    assert not any("escaped" in m or "abs.txt" in m for m in made)
    assert {"commented-draft/report.md", "commented-draft/references.json"} <= made


def test_pandoc_bounded_by_the_time_limit(hrf: Run, tmp_path: Path) -> None:
    (tmp_path / "hrf.yaml").write_text("safety:\n  time-limit: 0.001\n", "utf-8")
    result, _ = imported(hrf, tmp_path, "notes.docx")
    assert result.exit_code == 1
    assert "notes.docx: pandoc took longer than 0.001 s to read it" in result.output
    assert "safety.time-limit" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hrf.yaml", "notes.docx"]


def edited(tmp_path: Path, name: str, pattern: str) -> Path:
    """comments.docx with the paragraphs matching ``pattern`` (a style) removed."""
    import re

    source = draft(tmp_path, "comments.docx")
    target = tmp_path / name
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "word/document.xml":
                data = re.sub(rb'<w:p><w:pPr><w:pStyle w:val="(' + pattern.encode() + rb')"/>.*?</w:p>',
                              b"", data)
            new.writestr(info, data)
    source.unlink()
    return target


def test_title_from_first_heading_then_file_name(hrf: Run, tmp_path: Path) -> None:
    edited(tmp_path, "no-title.docx", "Title")
    result = hrf("import", "no-title.docx", "--no-input")
    assert result.exit_code == 0, result.output
    report = tmp_path / "findings" / "report.md"
    assert front(report)["title"] == "Findings"
    assert "## Findings" not in report.read_text("utf-8")  # shown once, as the title
    edited(tmp_path, "field_notes.docx", "Title|Heading1")
    result = hrf("import", "field_notes.docx", "--no-input")
    assert result.exit_code == 0, result.output
    assert front(tmp_path / "field-notes" / "report.md")["title"] == "field notes"


def test_failure_halfway_removes_what_the_import_created(hrf: Run, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.test_new import failing_after

    draft(tmp_path, "images.docx")
    failing_after(monkeypatch, 3)  # the images come last: some files are already written
    result = hrf("import", "images.docx", "--no-input", "--dir", "new")
    assert result.exit_code == 1
    assert "No space left on device; everything this run created was removed" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["images.docx"]


def test_comment_text_cannot_close_the_html_comment() -> None:
    from hrf_cli.word.convert import comment_html

    made = comment_html("Olena", "2024-11-20T10:00:00Z", "see --> <b>here</b> -- and ---")
    assert made.startswith("<!-- comment (Olena, 2024-11-20): see ")
    assert made.endswith(" -->") and made.count("--") == 2  # only the opening and closing


def test_other_templates_and_their_fields(hrf: Run, tmp_path: Path) -> None:
    draft(tmp_path, "comments.docx")
    result = hrf("import", "comments.docx", "--no-input", "-t", "brief",
                 "-F", "audience=the Ministry of Reintegration")
    assert result.exit_code == 0, result.output
    assert "template 'brief'" in result.output
    unknown = hrf("import", "comments.docx", "--no-input", "--dir", "x", "-F", "colour=red")
    assert unknown.exit_code == 2 and "has no field colour" in unknown.output
