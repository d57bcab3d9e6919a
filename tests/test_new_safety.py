"""``hrf new`` with hostile organisation templates and odd targets: templates are data, not
code; nothing outside the template folder is read and nothing outside the new folder is
written; ``--force`` keeps numbered backups; the new folder is ready for git."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Callable

import pytest
from click.testing import Result

Run = Callable[..., Result]
ARGS = ("new", "Fuel", "--no-input")
MANIFEST = "description: A memo.\nfields: [{name: title, required: true}]\n"


@pytest.fixture
def memo(tmp_path: Path) -> Path:
    """An organisation template folder 'memo', the default template of the hrf.yaml above."""
    (tmp_path / "hrf.yaml").write_text("new:\n  templates: org\n  template: memo\n")
    folder = tmp_path / "org" / "memo"
    folder.mkdir(parents=True)
    (folder / "template.yaml").write_text(MANIFEST)
    (folder / "report.md.j2").write_text("# {{ title }}\n")
    return folder


def files_below(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


# --- the sandbox -------------------------------------------------------------------------------

@pytest.mark.parametrize("expression", [
    "cycler.__init__.__globals__.os.popen('touch {marker}').read()",
    "''.__class__.__mro__[1].__subclasses__()",
    "lipsum.__globals__['os'].system('touch {marker}')",
    "joiner.__init__.__globals__.os.popen('touch {marker}').read()",
])
def test_template_code_never_runs(hrf: Run, tmp_path: Path, memo: Path, expression: str) -> None:
    marker = tmp_path / "pwned"
    (memo / "report.md.j2").write_text("# {{ title }}\n\n{{ "
                                       + expression.format(marker=marker) + " }}\n")
    before = files_below(tmp_path)
    result = hrf(*ARGS)
    assert result.exit_code == 2, result.output
    assert f"error: {memo / 'report.md.j2'}:3: template 'memo' tried something a template may " \
           "not do" in result.output
    assert "templates are data, not code, so nothing was written" in result.output
    assert not marker.exists()
    assert files_below(tmp_path) == before


def test_syntax_errors_name_the_file_and_line(hrf: Run, memo: Path) -> None:
    (memo / "report.md.j2").write_text("# {{ title }}\n{% if %}\n")
    result = hrf(*ARGS)
    assert result.exit_code == 2
    assert f"error: {memo / 'report.md.j2'}:2: template 'memo' cannot be rendered" in result.output


# --- nothing outside the template folder is read -----------------------------------------------

@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "outside" / "id_rsa"
    path.parent.mkdir()
    path.write_text("-----BEGIN OPENSSH PRIVATE KEY-----\n")
    return path


@pytest.mark.parametrize("name", ["key.txt", "notes.md.j2", "sub/key.txt"])
def test_a_template_file_linking_outside_is_refused(hrf: Run, tmp_path: Path, memo: Path,
                                                    secret: Path, name: str) -> None:
    link = memo / name
    link.parent.mkdir(exist_ok=True)
    link.symlink_to(secret)
    result = hrf(*ARGS)
    assert result.exit_code == 2, result.output
    assert f"error: {link}: {link.name} is a link to {secret}, outside the template folder" \
        in result.output
    assert not (tmp_path / "fuel").exists()


def test_a_link_inside_the_template_folder_is_followed(hrf: Run, tmp_path: Path, memo: Path) -> None:
    (memo / "logo.svg").write_text("<svg/>\n")
    (memo / "logo-copy.svg").symlink_to("logo.svg")
    assert hrf(*ARGS).exit_code == 0
    copy = tmp_path / "fuel" / "logo-copy.svg"
    assert copy.read_text() == "<svg/>\n" and not copy.is_symlink()


def test_a_folder_link_is_refused(hrf: Run, tmp_path: Path, memo: Path, secret: Path) -> None:
    (memo / "keys").symlink_to(secret.parent, target_is_directory=True)
    result = hrf(*ARGS)
    assert result.exit_code == 2
    assert f"{memo / 'keys'}: keys is a link to a folder" in result.output
    assert not (tmp_path / "fuel").exists()


def test_a_fifo_in_the_template_is_refused(hrf: Run, tmp_path: Path, memo: Path) -> None:
    os.mkfifo(memo / "pipe")
    result = hrf(*ARGS)  # reading a FIFO would hang for ever
    assert result.exit_code == 2
    assert f"{memo / 'pipe'}: not a regular file (a device, FIFO or socket)" in result.output


@pytest.mark.parametrize("include", ["../../outside/id_rsa", "/etc/passwd", "key.txt"])
def test_includes_stay_in_the_template_folder(hrf: Run, tmp_path: Path, memo: Path, secret: Path,
                                              include: str) -> None:
    (memo / "key.txt").symlink_to(secret)
    (memo / "report.md.j2").write_text("# {{ title }}\n{% include '" + include + "' %}\n")
    result = hrf(*ARGS)
    assert result.exit_code == 2
    assert "OPENSSH" not in result.output
    assert not (tmp_path / "fuel").exists()


def test_an_include_inside_the_folder_works(hrf: Run, tmp_path: Path, memo: Path) -> None:
    (memo / "parts").mkdir()
    (memo / "parts" / "footer.txt").write_text("Written by {{ title }}.\n")
    (memo / "report.md.j2").write_text("# {{ title }}\n{% include 'parts/footer.txt' %}")
    assert hrf(*ARGS).exit_code == 0
    assert (tmp_path / "fuel" / "report.md").read_text() == "# Fuel\nWritten by Fuel.\n"


def test_a_manifest_linking_outside_is_refused(hrf: Run, tmp_path: Path, memo: Path) -> None:
    real = tmp_path / "outside-manifest.yaml"
    real.write_text(MANIFEST)
    (memo / "template.yaml").unlink()
    (memo / "template.yaml").symlink_to(real)
    result = hrf(*ARGS)
    assert result.exit_code == 2
    assert "outside the template folder" in result.output


def test_a_template_folder_linking_outside_is_refused(hrf: Run, tmp_path: Path, memo: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    memo.rename(elsewhere)
    memo.symlink_to(elsewhere, target_is_directory=True)
    result = hrf(*ARGS)
    assert result.exit_code == 2
    assert f"template 'memo' is a link to {elsewhere}" in result.output


# --- nothing outside the new folder is written -------------------------------------------------

@pytest.mark.parametrize("folder", ["../escaped", "/tmp/hrf-escaped", "a/../../escaped", ".",
                                    "..\\\\escaped"])
def test_manifest_folders_must_stay_inside(hrf: Run, tmp_path: Path, memo: Path, folder: str) -> None:
    (memo / "template.yaml").write_text(MANIFEST + f'folders: ["{folder}"]\n')
    result = hrf(*ARGS)
    assert result.exit_code == 2, result.output
    assert f"error: {memo / 'template.yaml'}: folders: " in result.output
    assert not (tmp_path / "escaped").exists() and not Path("/tmp/hrf-escaped").exists()
    assert not (tmp_path / "fuel").exists()


def test_force_never_writes_through_a_link_in_the_folder(hrf: Run, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    folder = tmp_path / "fuel"
    folder.mkdir()
    (folder / "images").symlink_to(outside, target_is_directory=True)
    (folder / "report.md").symlink_to(outside / "bashrc")
    result = hrf("new", "Fuel", "-a", "Me", "--no-input", "--force")
    assert result.exit_code == 2, result.output
    assert "outside the new report's folder (through a link); nothing was written" in result.output
    assert list(outside.iterdir()) == []


# --- odd targets --------------------------------------------------------------------------------

def test_dir_that_is_a_dangling_link_says_so(hrf: Run, tmp_path: Path) -> None:
    (tmp_path / "reports").symlink_to(tmp_path / "gone")
    result = hrf("new", "Fuel", "-a", "Me", "--no-input", "--dir", "reports")
    assert result.exit_code == 2
    assert (f"error: reports: reports is a link to {tmp_path / 'gone'}, which does not exist; "
            "create that folder or choose another --dir") in result.output
    assert "File exists" not in result.output


def test_dir_below_a_fifo_says_what_it_is(hrf: Run, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    result = hrf("new", "Fuel", "-a", "Me", "--no-input", "--dir", "pipe/reports")
    assert result.exit_code == 2
    assert "error: pipe: pipe is a device, FIFO or socket, not a folder" in result.output


def test_dir_that_cannot_be_written_says_so(hrf: Run, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "locked").mkdir()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: (
        False if Path(path).name == "locked" and mode & os.W_OK else real_access(path, mode, **kw)))
    result = hrf("new", "Fuel", "-a", "Me", "--no-input", "--dir", "locked")
    assert result.exit_code == 2
    assert "error: locked: locked is a folder you cannot write in (permission denied)" \
        in result.output


# --- backups and git ----------------------------------------------------------------------------

def test_force_keeps_numbered_backups(hrf: Run, tmp_path: Path) -> None:
    args = ("new", "Fuel", "-a", "Me", "--date", "2026-11-25", "--no-input", "--force")
    assert hrf(*args[:-1]).exit_code == 0
    folder = tmp_path / "fuel"
    (folder / "report.md").write_text("first draft\n")
    (folder / "report.md.~7~").write_text("an old backup\n")
    result = hrf(*args)
    assert "fuel/report.md (replaced; the old one is kept as report.md.~8~)" in result.output
    assert "fuel/hrf.yaml (replaced; the old one is kept as hrf.yaml.~1~)" in result.output
    (folder / "report.md").write_text("second draft\n")
    hrf(*args)
    assert (folder / "report.md.~7~").read_text() == "an old backup\n"
    assert (folder / "report.md.~8~").read_text() == "first draft\n"
    assert (folder / "report.md.~9~").read_text() == "second draft\n"
    assert (folder / "report.md").read_text().startswith("---\n")
    assert not [p for p in folder.iterdir() if p.name.endswith(".hrf-backup")]


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True,
                          text=True).stdout


def test_the_new_folder_is_ready_for_git(hrf: Run, tmp_path: Path) -> None:
    assert hrf("new", "Fuel", "-a", "Me", "--no-input").exit_code == 0
    folder = tmp_path / "fuel"
    assert hrf("export", "fuel/report.md", "--to", "html").exit_code == 0
    (folder / "report.md.~1~").write_text("backup\n")
    git(folder, "init", "-q")
    git(folder, "add", "-A")
    tracked = git(folder, "ls-files").split()
    assert sorted(tracked) == [".gitignore", "hrf.yaml", "images/.gitkeep", "references.json",
                               "report.md"]
    assert (folder / "dist" / "fuel.html").is_file()  # exported, and kept out of git
