"""``hrf new`` and ``hrf templates`` as an author drives them: prompts, missing values,
never overwriting, rollback, organisation templates, CI files."""

from __future__ import annotations

import datetime
import os
from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner, Result
from ruamel.yaml import YAML

from hrf_cli import atomic
from hrf_cli.cli import main

Run = Callable[..., Result]
ROOT = Path(__file__).resolve().parents[1]
TODAY = datetime.date.today().isoformat()


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every file (with its bytes) and folder (None) below ``folder``."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None)
            for p in sorted(folder.rglob("*"))}


def front(report: Path) -> dict:
    text = report.read_text(encoding="utf-8")
    return YAML(typ="safe").load(text.split("---\n")[1])


# --- values from the command line, prompts and defaults ---------------------------------------

def test_all_values_given(hrf: Run, tmp_path: Path) -> None:
    result = hrf("new", "Kupiansk: a city waiting", "-a", "Field Documentation Team",
                 "-a", "Olena K.", "--date", "2026-11-25", "--no-input")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "kupiansk-a-city-waiting"
    assert sorted(tree(folder)) == [".gitignore", "hrf.yaml", "images", "images/.gitkeep",
                                    "references.json", "report.md"]
    assert front(folder / "report.md") == {
        "title": "Kupiansk: a city waiting", "author": ["Field Documentation Team", "Olena K."],
        "date": datetime.date(2026, 11, 25), "type": "report", "lang": "en-GB",
        "bibliography": "references.json"}
    text = (folder / "report.md").read_text(encoding="utf-8")
    assert "# Authors: one line each" in text  # every key has a comment above it
    assert text.count("\n# ") >= 5
    assert (folder / "references.json").read_text() == "[]\n"
    assert result.output.startswith("Created kupiansk-a-city-waiting from the 'report' template:\n")
    assert "  kupiansk-a-city-waiting/images/\n" in result.output


def test_prompts_ask_for_everything_missing(hrf: Run, tmp_path: Path) -> None:
    # template, title, subtitle (optional: blank), authors, date (default today: blank)
    answers = "report\nКупʼянськ: друга окупація\n\nField team; Olena K.\n\n"
    result = CliRunner().invoke(main, ["new", "--input"], input=answers)
    assert result.exit_code == 0, result.output
    for prompt in ("Template", "Title", "Subtitle (optional)",
                   "Authors (separate several with ';')", f"Date of publication [{TODAY}]"):
        assert prompt in result.output
    data = front(tmp_path / "kupiansk-druha-okupatsiia" / "report.md")
    assert data["title"] == "Купʼянськ: друга окупація"
    assert data["author"] == ["Field team", "Olena K."]
    assert data["date"].isoformat() == TODAY
    assert "subtitle" not in data


def test_prompts_ask_again_after_a_bad_date(hrf: Run, tmp_path: Path) -> None:
    answers = "A brief\n\nAnalyst\n25.11.2026\n2026-11-25\n\n"
    result = CliRunner().invoke(main, ["new", "--template", "brief", "--input"], input=answers)
    assert result.exit_code == 0, result.output
    assert "expected a date as YYYY-MM-DD, got '25.11.2026'" in result.output
    assert front(tmp_path / "a-brief" / "report.md")["date"] == datetime.date(2026, 11, 25)


def test_given_values_are_not_asked_for(hrf: Run, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["new", "Title", "-a", "Me", "-t", "statement", "--input"],
                                input="\n\n")
    assert result.exit_code == 0, result.output
    assert "Title" not in result.output.split("Created")[0]
    assert "Date of the statement" in result.output and "Place for the dateline" in result.output


@pytest.mark.parametrize("flags", [["--no-input"], []])  # no terminal under CliRunner
def test_missing_required_values_without_input(hrf: Run, tmp_path: Path, flags: list[str]) -> None:
    result = hrf("new", *flags)
    assert result.exit_code == 2
    assert ("error: missing required values: title (the TITLE argument), authors (--author); "
            "give them on the command line") in result.output
    assert list(tmp_path.iterdir()) == []


def test_missing_authors_alone_is_named(hrf: Run, tmp_path: Path) -> None:
    result = hrf("new", "A title", "--no-input")
    assert result.exit_code == 2
    assert "error: missing required value: authors (--author);" in result.output


@pytest.mark.parametrize("args, message", [
    (["--date", "2026-13-01"], "error: date: expected a date as YYYY-MM-DD, got '2026-13-01'"),
    (["--template", "memo"], "error: unknown template 'memo'; known templates: brief, report, "
                             "statement (run 'hrf templates')"),
    (["-F", "region"], "error: --field: expected NAME=VALUE, got 'region'"),
    (["-F", "region=Kharkiv"], "error: template 'report' has no field region; its fields: "
                               "title, subtitle, authors, date"),
])
def test_bad_values_are_usage_errors(hrf: Run, tmp_path: Path, args: list[str], message: str) -> None:
    result = hrf("new", "Title", "-a", "Me", "--no-input", *args)
    assert result.exit_code == 2
    assert message in result.output
    assert list(tmp_path.iterdir()) == []


def test_untitled_report_falls_back_to_template_and_date(hrf: Run, tmp_path: Path) -> None:
    result = hrf("new", "🙂", "-a", "Me", "--date", "2026-01-02", "--no-input")
    assert result.exit_code == 0
    assert (tmp_path / "report-2026-01-02" / "report.md").is_file()


# --- never destroys work ----------------------------------------------------------------------

ARGS = ("new", "Kupiansk", "-a", "Me", "--date", "2026-11-25", "--no-input")


def test_existing_folder_is_refused_and_nothing_written(hrf: Run, tmp_path: Path) -> None:
    assert hrf(*ARGS).exit_code == 0
    report = tmp_path / "kupiansk" / "report.md"
    report.write_text("my draft\n")
    (tmp_path / "kupiansk" / "hrf.yaml").unlink()
    before = tree(tmp_path)
    result = hrf(*ARGS)
    assert result.exit_code == 2
    assert "kupiansk already exists; nothing was written (use --force" in result.output
    assert tree(tmp_path) == before


def test_force_replaces_only_the_templates_files(hrf: Run, tmp_path: Path) -> None:
    folder = tmp_path / "kupiansk"
    (folder / "images").mkdir(parents=True)
    (folder / "images" / "map.png").write_bytes(b"\x89PNG")
    (folder / "notes.txt").write_text("keep me\n")
    (folder / "report.md").write_text("old draft\n")
    result = hrf(*ARGS, "--force")
    assert result.exit_code == 0, result.output
    assert "kupiansk/report.md (replaced; the old one is kept as report.md.~1~)" in result.output
    assert (folder / "notes.txt").read_text() == "keep me\n"
    assert (folder / "images" / "map.png").read_bytes() == b"\x89PNG"
    assert (folder / "report.md").read_text().startswith("---\n")
    assert (folder / "report.md.~1~").read_text() == "old draft\n"
    assert sorted(tree(folder)) == [".gitignore", "hrf.yaml", "images", "images/map.png",
                                    "notes.txt", "references.json", "report.md", "report.md.~1~"]


def test_target_that_is_a_file_is_a_clear_error(hrf: Run, tmp_path: Path) -> None:
    (tmp_path / "kupiansk").write_text("not a folder\n")
    result = hrf(*ARGS, "--force")
    assert result.exit_code == 2
    assert "error: kupiansk: kupiansk is a file, not a folder; choose another --dir or title" \
        in result.output
    assert (tmp_path / "kupiansk").read_text() == "not a folder\n"


def test_parent_that_is_a_file_is_a_clear_error(hrf: Run, tmp_path: Path) -> None:
    (tmp_path / "reports").write_text("x")
    result = hrf(*ARGS, "--dir", "reports")
    assert result.exit_code == 2
    assert "Directory 'reports' is a file." in result.output
    result = hrf(*ARGS, "--dir", "reports/2026")
    assert result.exit_code == 2
    assert "error: reports: reports is a file, not a folder;" in result.output


def failing_after(monkeypatch: pytest.MonkeyPatch, writes: int) -> None:
    """Make the (writes+1)-th file write fail as a full disk would."""
    real = atomic.write_bytes
    count = {"n": 0}

    def write_bytes(target: Path, data: bytes) -> None:
        count["n"] += 1
        if count["n"] > writes:
            raise OSError(28, "No space left on device", str(target))
        real(target, data)

    monkeypatch.setattr(atomic, "write_bytes", write_bytes)


def test_failure_halfway_removes_what_was_created(hrf: Run, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    failing_after(monkeypatch, 2)
    result = hrf(*ARGS, "--dir", "new/reports")
    assert result.exit_code == 1
    assert "No space left on device; everything this run created was removed" in result.output
    assert list(tmp_path.iterdir()) == []  # even the --dir folders it made are gone


def test_failure_halfway_with_force_restores_replaced_files(hrf: Run, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "kupiansk"
    folder.mkdir()
    (folder / "hrf.yaml").write_text("lint: {}\n")  # written first (sorted), then replaced
    (folder / "notes.txt").write_text("keep me\n")
    before = tree(tmp_path)
    failing_after(monkeypatch, 2)
    assert hrf(*ARGS, "--force").exit_code == 1
    assert tree(tmp_path) == before


# --- hrf.yaml, organisation templates, CI -----------------------------------------------------

def test_no_hrf_yaml_when_one_is_found_above(hrf: Run, tmp_path: Path) -> None:
    (tmp_path / "hrf.yaml").write_text("lint:\n  fail-on: warning\n")
    assert hrf(*ARGS, "--dir", "reports").exit_code == 0
    assert sorted(tree(tmp_path / "reports" / "kupiansk")) == [
        ".gitignore", "images", "images/.gitkeep", "references.json", "report.md"]


MEMO_MANIFEST = """\
description: Internal memo for the field team.
fields:
  - {name: title, prompt: Subject, required: true}
  - {name: region, prompt: Oblast, default: Kharkiv}
front-matter:
  - {key: title, field: title, comment: "What the memo is about."}
  - {key: author, value: "{org}", comment: "Always the organisation."}
  - {key: date, value: "2026-11-25", comment: "Fixed."}
"""


@pytest.fixture
def org_templates(tmp_path: Path) -> Path:
    """An hrf.yaml naming an organisation folder with a 'memo' template and its own 'report'."""
    (tmp_path / "hrf.yaml").write_text(
        "new:\n  templates: org-templates\n  organisation: Kharkiv Human Rights Group\n"
        "  template: memo\n")
    memo = tmp_path / "org-templates" / "memo"
    memo.mkdir(parents=True)
    (memo / "template.yaml").write_text(MEMO_MANIFEST.replace("{org}", "KHRG"))
    (memo / "report.md.j2").write_text("{{ front_matter }}\nRegion: {{ region }} oblast, "
                                       "from {{ organisation }}.\n")
    (memo / "logo.bin").write_bytes(b"\x00\x01\xff")
    report = tmp_path / "org-templates" / "report"
    report.mkdir()
    (report / "template.yaml").write_text("description: Our own field report.\n"
                                          "fields: [{name: title, required: true}]\n")
    (report / "report.md.j2").write_text("# {{ title }}\n")
    return tmp_path / "org-templates"


def test_templates_lists_builtin_and_organisation_templates(hrf: Run, org_templates: Path) -> None:
    result = hrf("templates")
    assert result.exit_code == 0
    assert result.output.startswith("brief (built-in)\n")
    assert (f"memo ({org_templates})\n  Internal memo for the field team.\n  fields:\n"
            "    title: Subject [required, the TITLE argument]\n"
            "    region: Oblast [optional, default: Kharkiv, --field region=VALUE]\n") in result.output
    assert f"report ({org_templates})\n  Our own field report.\n" in result.output
    assert "statement (built-in)" in result.output


def test_organisation_template_is_used(hrf: Run, tmp_path: Path, org_templates: Path) -> None:
    result = hrf("new", "Fuel for generators", "-F", "region=Donetsk", "--no-input")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "fuel-for-generators"
    assert sorted(tree(folder)) == [".gitignore", "logo.bin", "report.md"]  # hrf.yaml is above
    assert (folder / "logo.bin").read_bytes() == b"\x00\x01\xff"
    assert (folder / "report.md").read_text() == (
        "---\n# What the memo is about.\ntitle: Fuel for generators\n"
        "# Always the organisation.\nauthor: KHRG\n# Fixed.\ndate: '2026-11-25'\n---\n\n"
        "Region: Donetsk oblast, from Kharkiv Human Rights Group.\n")


def test_misspelt_template_variable_fails_before_writing(hrf: Run, tmp_path: Path,
                                                         org_templates: Path) -> None:
    (org_templates / "memo" / "report.md.j2").write_text("{{ front_matter }}\n\n{{ regoin }}\n")
    result = hrf("new", "Fuel", "--no-input")
    assert result.exit_code == 2
    assert (f"error: {org_templates / 'memo' / 'report.md.j2'}:3: template 'memo' cannot be "
            "rendered: 'regoin' is undefined") in result.output
    assert not (tmp_path / "fuel").exists()


def test_missing_organisation_folder_is_a_config_error(hrf: Run, tmp_path: Path) -> None:
    (tmp_path / "hrf.yaml").write_text("new:\n  templates: nowhere\n")
    result = hrf("templates")
    assert result.exit_code == 2
    assert "new.templates: the template folder" in result.output and "does not exist" in result.output


def test_unknown_key_in_new_section_names_the_line(hrf: Run, tmp_path: Path) -> None:
    (tmp_path / "hrf.yaml").write_text("new:\n  template: report\n  templtes: x\n")
    result = hrf("templates")
    assert result.exit_code == 2
    assert "hrf.yaml:3: new: unknown key 'templtes' (did you mean 'templates'?)" in result.output


def test_ci_files_go_to_the_repository_root(hrf: Run, tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "hrf.yaml").write_text(
        "new:\n  requirement: hrf @ git+https://example.org/org/hrf@v0.1.0\n")
    result = hrf(*ARGS, "--dir", "reports", "--ci")
    assert result.exit_code == 0, result.output
    hooks = YAML(typ="safe").load((tmp_path / ".pre-commit-config.yaml").read_text())
    assert hooks["repos"] == [{"repo": "https://example.org/org/hrf", "rev": "v0.1.0",
                               "hooks": [{"id": "hrf-lint", "files": r"^reports/kupiansk/"}]}]
    workflow = YAML(typ="safe").load((tmp_path / ".github" / "workflows" / "hrf-lint.yml").read_text())
    steps = workflow["jobs"]["lint"]["steps"]
    assert steps[-1] == {"run": "hrf lint --format github reports/kupiansk"}
    assert steps[-2] == {"run": "python -m pip install 'hrf @ git+https://example.org/org/hrf@v0.1.0'"}


def test_ci_files_outside_a_repository_go_into_the_report(hrf: Run, tmp_path: Path) -> None:
    assert hrf(*ARGS, "--ci", "--requirement", "hrf==0.1.0").exit_code == 0
    folder = tmp_path / "kupiansk"
    assert (folder / ".github" / "workflows" / "hrf-lint.yml").read_text().endswith(
        '      - run: "hrf lint --format github ."\n')
    hook = YAML(typ="safe").load((folder / ".pre-commit-config.yaml").read_text())
    assert hook["repos"][0]["repo"] == "local"
    assert hook["repos"][0]["hooks"][0]["additional_dependencies"] == ["hrf==0.1.0"]
    assert "files" not in hook["repos"][0]["hooks"][0]


def test_existing_ci_files_are_not_overwritten(hrf: Run, tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".pre-commit-config.yaml").write_text("repos: []\n")
    result = hrf(*ARGS, "--ci", "--requirement", "hrf==0.1.0")
    assert result.exit_code == 2
    assert ".pre-commit-config.yaml already exists; nothing was written" in result.output
    assert sorted(os.listdir(tmp_path)) == [".git", ".pre-commit-config.yaml"]


def test_repository_ships_a_pre_commit_hook() -> None:
    hooks = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text())
    lint = next(h for h in hooks if h["id"] == "hrf-lint")
    assert lint["entry"] == "hrf lint --force-exclude" and lint["language"] == "python"
    assert lint["types"] == ["markdown"]


# --- the prompt order the README promises -----------------------------------------------------

def readme_new_section() -> str:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    return readme.split("## `hrf new`", 1)[1].split("\n## ", 1)[0]


@pytest.mark.parametrize("name", ["report", "brief", "statement"])
def test_prompts_come_in_the_order_the_readme_gives(tmp_path: Path, name: str,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import re

    from hrf_cli.config import Config
    from hrf_cli.scaffold.ci import REQUIREMENT
    from hrf_cli.scaffold.discovery import get_template

    monkeypatch.chdir(tmp_path)
    section = readme_new_section()
    rows = dict(re.findall(r"^\| `([a-z]+)` \| [^|]+ \| ([^|]+) \|$", section, re.M))
    table = [field.strip().rstrip("\\*") for field in rows[name].split(",")]
    prose = " ".join(section.split())
    said = re.search(r"in this order: the template, then the template's fields in the order "
                     r"the table below lists them \(for `report`: ([a-z, ]+);", prose)
    assert said is not None and said.group(1).split(", ") == [
        f.strip().rstrip("\\*") for f in rows["report"].split(",")]
    assert "defaulting to today) and, with `--ci`, where CI installs hrf from." in prose
    fields = {f.name: f for f in get_template(name, Config()).fields}
    answers = {"title": "Kupiansk", "authors": "Field team", "audience": "Ministry",
               "place": "Kharkiv"}
    typed = [name] + [answers.get(field, "") for field in table] + [
        "git+https://example.org/org/hrf@v1.2.0"]
    result = CliRunner().invoke(main, ["new", "--input", "--ci"], input="\n".join(typed) + "\n")
    assert result.exit_code == 0, result.output
    prompts = ["Template"] + [fields[field].prompt for field in table] + [REQUIREMENT.prompt]
    where = [result.output.find(prompt + (" " if prompt == "Template" else "")) for prompt in prompts]
    assert -1 not in where and where == sorted(where), result.output
