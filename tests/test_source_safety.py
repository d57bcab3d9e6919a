"""Source safety in lint and fix: photo metadata, protected names (never printed) and
redacted words left in the open."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Callable

import pytest
from click.testing import Result
from PIL import Image, ImageChops, ImageStat

from hrf_cli.errors import ConfigError
from hrf_cli.safety.imagemeta import read_metadata
from hrf_cli.safety.names import load_names
from hrf_cli.safety.redact import significant_terms
from hrf_cli.safety.strip import clean_copy
from tests.safety_images import (
    CITY, HEIGHT, OWNER, SERIAL, WIDTH, camera_tiff, clean_png, phone_jpeg, phone_png, phone_webp,
    picture, red_corner, serial_only_jpeg,
)

Run = Callable[..., Result]
VALUES = (OWNER, SERIAL, CITY, "iPhone", "49", "Olena")


# --- reading image metadata ---------------------------------------------------------------

@pytest.mark.parametrize("make, kinds", [
    (phone_jpeg, {"EXIF GPS position", "XMP city", "XMP GPS data", "IPTC city"}),
    (phone_png, {"EXIF GPS position", "XMP city", "XMP GPS data"}),
    (phone_webp, {"EXIF GPS position", "XMP city", "XMP GPS data"}),
    (camera_tiff, {"IPTC city", "XMP city", "XMP GPS data"}),
])
def test_location_is_found_in_every_format(tmp_path: Path, make: Callable[[Path], Path],
                                           kinds: set[str]) -> None:
    found = read_metadata(make(tmp_path / f"photo.{make.__name__}"))
    assert kinds <= set(found.location)
    assert found.identifying


def test_identifying_fields_are_named_by_kind(tmp_path: Path) -> None:
    found = read_metadata(phone_jpeg(tmp_path / "p.jpg"))
    assert {"EXIF camera body serial number", "EXIF camera owner name", "EXIF artist",
            "EXIF phone make, model or software", "XMP creator", "IPTC by-line"} <= set(found.identifying)
    assert "PNG author text" in read_metadata(phone_png(tmp_path / "p.png")).identifying


def test_a_camera_serial_alone_is_identifying_not_location(tmp_path: Path) -> None:
    found = read_metadata(serial_only_jpeg(tmp_path / "s.jpg"))
    assert found.location == [] and found.identifying == ["EXIF camera body serial number"]
    assert not read_metadata(clean_png(tmp_path / "c.png"))


def test_a_thumbnail_that_differs_from_the_picture_is_reported(tmp_path: Path) -> None:
    piexif = pytest.importorskip("piexif")
    thumb = Image.new("RGB", (16, 12), (0, 0, 255))  # the uncropped original, say
    out = tmp_path / "t.jpg"
    import io
    data = io.BytesIO()
    thumb.save(data, "JPEG")
    exif = piexif.dump({"0th": {}, "Exif": {}, "GPS": {}, "1st": {513: 1, 514: 1},
                        "thumbnail": data.getvalue()})
    picture().save(out, "JPEG", exif=exif)
    assert "EXIF embedded thumbnail that differs from the picture" in read_metadata(out).identifying
    same = io.BytesIO()
    picture().resize((30, 20)).save(same, "JPEG", quality=95)
    exif = piexif.dump({"0th": {}, "Exif": {}, "GPS": {}, "1st": {513: 1, 514: 1},
                        "thumbnail": same.getvalue()})
    picture().save(out, "JPEG", exif=exif)
    assert not any("thumbnail" in kind for kind in read_metadata(out).identifying)


# --- stripping ----------------------------------------------------------------------------

@pytest.mark.parametrize("make", [phone_jpeg, phone_png, phone_webp, camera_tiff])
def test_clean_copy_keeps_pixels_and_profile_and_drops_the_rest(tmp_path: Path,
                                                                 make: Callable[[Path], Path]) -> None:
    source = make(tmp_path / f"photo.{make.__name__}")
    before = source.read_bytes()
    target = tmp_path / ("clean" + source.suffix)
    target.write_bytes(clean_copy(source))
    assert source.read_bytes() == before  # the source is never changed
    assert not read_metadata(target)
    data = target.read_bytes()
    assert not any(value.encode() in data for value in (OWNER, SERIAL, CITY, "iPhone"))
    with Image.open(source) as original, Image.open(target) as clean:
        assert clean.format == original.format
        # TIFF keeps its structural tags (size, compression...); nothing else survives.
        assert not {0x013B, 0x010F, 0x0110, 33723, 700, 0x8825, 0x8769} & set(clean.getexif())
        assert "xmp" not in clean.info
        if original.info.get("icc_profile"):  # the colour profile is kept byte for byte
            assert clean.info.get("icc_profile") == original.info["icc_profile"]
        upright = original.getexif().get(0x0112, 1) == 1
        assert clean.size == ((WIDTH, HEIGHT) if upright else (HEIGHT, WIDTH))
        assert red_corner(clean) == ("top-left" if upright else "top-right")
        if upright:
            difference = ImageStat.Stat(ImageChops.difference(original.convert("RGB"),
                                                              clean.convert("RGB"))).mean
            limit = 3 if original.format == "JPEG" else 0
            assert max(difference) <= limit


def test_jpeg_without_rotation_keeps_its_quantisation(tmp_path: Path) -> None:
    source = tmp_path / "a.jpg"
    picture().save(source, "JPEG", quality=70, exif=Image.Exif())
    target = tmp_path / "b.jpg"
    target.write_bytes(clean_copy(source))
    with Image.open(source) as a, Image.open(target) as b:
        assert a.quantization == b.quantization


# --- the image-metadata rule --------------------------------------------------------------

def report_with_images(write: Callable[..., Path], front_matter: str) -> Path:
    phone_jpeg(write("r/images/school.jpg", b"").parent / "school.jpg")
    serial_only_jpeg(write("r/images/market.jpg", b""))
    clean_png(write("r/images/map.png", b""))
    return write("r/report.md", front_matter + "The school.\n\n![School](images/school.jpg)\n\n"
                 '<p>Market: <img src="images/market.jpg" alt="market"></p>\n\n'
                 "![Map][map]\n\n[map]: images/map.png\n\n`![not an image](images/school.jpg)`\n")


def test_lint_reports_location_as_error_and_identity_as_warning_without_values(
        hrf: Run, write: Callable[..., Path], front_matter: str) -> None:
    report_with_images(write, front_matter)
    result = hrf("lint", "r/report.md", "--format", "json")
    findings = json.loads(result.output)["files"][0]["findings"]
    assert [(f["line"], f["severity"], f["rule"]) for f in findings] == [
        (9, "error", "image-metadata"), (11, "warning", "image-metadata")]
    assert "EXIF GPS position" in findings[0]["message"]
    assert "camera body serial number" in findings[1]["message"]
    for value in VALUES:
        assert value not in result.output
    assert result.exit_code == 1


def test_fix_strips_images_in_place_with_backups(hrf: Run, write: Callable[..., Path],
                                                 front_matter: str, tmp_path: Path) -> None:
    report = report_with_images(write, front_matter)
    school = tmp_path / "r/images/school.jpg"
    original = school.read_bytes()
    text = report.read_bytes()
    checked = hrf("fix", "r/report.md", "--select", "image-metadata", "--check")
    assert checked.exit_code == 1 and school.read_bytes() == original
    done = hrf("fix", "r/report.md", "--select", "image-metadata")
    assert done.exit_code == 0, done.output
    assert "stripped metadata from images/school.jpg (original kept as r/images/school.jpg.orig)" in done.output
    assert (tmp_path / "r/images/school.jpg.orig").read_bytes() == original
    assert (tmp_path / "r/images/market.jpg.orig").exists()
    assert not (tmp_path / "r/images/map.png.orig").exists()  # clean: never re-encoded
    assert report.read_bytes() == text
    with Image.open(school) as im:
        assert not read_metadata(school) and im.size == (HEIGHT, WIDTH)
    assert hrf("lint", "r/report.md", "--select", "image-metadata").exit_code == 0
    again = hrf("fix", "r/report.md", "--select", "image-metadata")
    assert "nothing to fix" in again.output
    assert not (tmp_path / "r/images/school.jpg.orig.1").exists()


def test_fix_no_backup_keeps_no_original(hrf: Run, write: Callable[..., Path],
                                         front_matter: str, tmp_path: Path) -> None:
    report_with_images(write, front_matter)
    assert hrf("fix", "r/report.md", "--select", "image-metadata", "--no-backup").exit_code == 0
    assert not list((tmp_path / "r/images").glob("*.orig*"))
    assert not read_metadata(tmp_path / "r/images/school.jpg")


# --- protected names ----------------------------------------------------------------------

NAMES = "# witnesses\nOlena Kovalenko\nСергій Бондар  # driver\nO'Brien\n"


def names_file(tmp_path: Path, text: str = NAMES) -> Path:
    path = tmp_path / "secret" / "names.txt"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, "utf-8")
    return path


@pytest.mark.parametrize("text, line", [
    ("Met olena   KOVALENKO.", "line 2"),
    ("Olena\nKovalenko was there.", "line 2"),
    ("file olena_kovalenko-2.jpg", "line 2"),
    ("Олена Коваленко", "line 2"),  # Latin entry, Cyrillic text
    ("Serhii Bondar", "line 3"),  # Cyrillic entry, Ukrainian transliteration
    ("Sergiy Bondar", "line 3"),  # Russian table
    ("СЕРГІЙ БОНДАР", "line 3"),
    ("O’Brien and Oʼbrien", "line 4"),
    ("ＯＬＥＮＡ ＫＯＶＡＬＥＮＫＯ", "line 2"),  # NFKC: full-width letters
])
def test_names_match_across_case_scripts_and_spellings(tmp_path: Path, text: str, line: str) -> None:
    names = load_names(str(names_file(tmp_path)), None, {})
    hits = list(names.find(text))
    assert hits and hits[0].source == f"{line} of names.txt"


@pytest.mark.parametrize("text", ["Olenakovalenko", "Kovalenko Olena", "Olena Street",
                                  "O'Briens", "Sergey"])
def test_names_match_whole_words_only(tmp_path: Path, text: str) -> None:
    assert not list(load_names(str(names_file(tmp_path)), None, {}).find(text))


def test_names_file_from_environment_and_errors(tmp_path: Path) -> None:
    path = names_file(tmp_path)
    assert load_names(None, None, {"HRF_PROTECTED_NAMES": str(path)}).contains("olena kovalenko")
    assert not load_names(None, None, {})
    with pytest.raises(ConfigError, match="names.txt"):
        load_names("missing/names.txt", tmp_path, {})
    path.write_bytes(b"\xff\xfe bad")
    with pytest.raises(ConfigError, match="not valid UTF-8"):
        load_names(str(path), None, {})


def test_five_hundred_names_stay_fast(tmp_path: Path) -> None:
    import time

    lines = [f"Name{i} Surname{i * 7}" for i in range(500)] + ["Олена Коваленко"]
    names = load_names(str(names_file(tmp_path, "\n".join(lines))), None, {})
    text = ("A resident of the town said the column passed the school. " * 20 + "\n") * 1500
    started = time.perf_counter()
    assert not names.contains(text)
    assert time.perf_counter() - started < 5  # generous: the benchmark measures the real cost


def protected_project(tmp_path: Path, write: Callable[..., Path], front_matter: str) -> Path:
    names_file(tmp_path)
    write("p/hrf.yaml", "safety:\n  protected-names: ../secret/names.txt\n")
    write("p/refs.json", '[{"id": "k2024", "type": "interview", "title": "Interview",\n'
                         '  "author": [{"literal": "Olena Kovalenko"}], "issued": {"date-parts": [[2024]]}}]\n')
    body = front_matter.replace("date: 2024-10-15\n", "date: 2024-10-15\nbibliography: refs.json\n"
                                "subtitle: talks with Сергій Бондар\n")
    return write("p/report.md", body + "# What Olena Kovalenko saw\n\n"
                 "She said so [@k2024].[^1] ![Olena Kovalenko at home](images/o.jpg)\n\n"
                 "Kharkov, said Serhii Bondar.\n\n"
                 "[^1]: Told by [O'Brien](https://example.org) on [@olena_kovalenko_notes].\n")


def test_protected_names_reported_at_every_line_and_never_printed(
        hrf: Run, write: Callable[..., Path], front_matter: str, tmp_path: Path) -> None:
    protected_project(tmp_path, write, front_matter)
    write("p/hrf.yaml", "safety:\n  protected-names: ../secret/names.txt\n"
                        "style:\n  terms:\n    Kharkov: Kharkiv\n")
    for fmt in ("text", "json", "sarif", "github"):
        result = hrf("lint", "p/report.md", "--format", fmt)
        assert result.exit_code == 1
        for secret in ("Olena Kovalenko", "olena_kovalenko", "Сергій Бондар", "Serhii Bondar",
                       "O'Brien"):
            assert secret not in result.output, (fmt, secret)
    text = hrf("lint", "p/report.md", "--select", "protected-name").output
    lines = [line.split(":")[:2] for line in text.splitlines() if "protected-name" in line]
    # Front matter, heading, alt text, body (transliterated), link text and a citation key.
    assert lines == [["p/refs.json", "2"], ["p/report.md", "6"], ["p/report.md", "9"],
                     ["p/report.md", "11"], ["p/report.md", "13"], ["p/report.md", "15"],
                     ["p/report.md", "15"]]
    findings = json.loads(hrf("lint", "p/report.md", "--format", "json").output)["files"][0]["findings"]
    messages = {f["message"] for f in findings if f["rule"] == "protected-name"}
    assert "a protected name (line 2 of names.txt); remove it before publication" in messages
    assert "a protected name (line 3 of names.txt); remove it before publication" in messages
    # Another rule's message that would quote the name hides it instead.
    unknown = [f["message"] for f in findings if f["rule"] == "unknown-citation"]
    assert unknown and all("[protected name]" in m for m in unknown)


def test_protected_names_file_missing_is_a_config_error(hrf: Run, write: Callable[..., Path],
                                                        front_matter: str) -> None:
    write("p/hrf.yaml", "safety:\n  protected-names: nowhere.txt\n")
    write("p/report.md", front_matter + "Text.\n")
    result = hrf("lint", "p/report.md")
    assert result.exit_code == 2 and "nowhere.txt" in result.output


def test_fix_diff_is_not_shown_for_a_file_with_a_protected_name(
        hrf: Run, write: Callable[..., Path], front_matter: str, tmp_path: Path) -> None:
    names_file(tmp_path)
    write("p/hrf.yaml", "safety:\n  protected-names: ../secret/names.txt\n")
    write("p/report.md", front_matter + "Olena Kovalenko said so.[^2]\n\n[^2]: Interview.\n")
    result = hrf("fix", "p/report.md", "--diff")
    assert "Kovalenko" not in result.output and "diff not shown" in result.output


# --- redaction-leak -----------------------------------------------------------------------

def test_significant_terms_are_the_phrase_names_and_numbers() -> None:
    assert significant_terms("the driver Petro of Unit A4321, tel. 050 123 4567") == [
        "the driver Petro of Unit A4321 tel 050 123 4567", "Petro", "Unit", "A4321", "050", "123",
        "4567"]
    assert significant_terms("the driver and the house") == ["the driver and the house"]


def test_redaction_leaks_in_notes_alt_text_front_matter_and_file_names(
        hrf: Run, write: Callable[..., Path]) -> None:
    write("r/report.md", '---\ntitle: "Petro\'s street"\nauthor: Team\ndate: 2024-01-01\n---\n\n'
          "We met [Petro Marchenko]{.redact} there.[^1]\n\n"
          "![Marchenko at the gate](images/gate.jpg)\n\n"
          "![The gate](images/marchenko.jpg)\n\n"
          "<!-- Petro Marchenko: comments are never published -->\n\n"
          "`Petro in code`\n\n"
          "[^1]: Told by the driver.\n")
    findings = json.loads(hrf("lint", "r/report.md", "--select", "redaction-leak",
                              "--format", "json").output)["files"][0]["findings"]
    # Front matter, alt text, a file name and code (published verbatim); not the comment.
    assert [(f["line"], f["column"]) for f in findings] == [(2, 9), (9, 3), (11, 20), (15, 2)]
    assert all("Petro" not in f["message"] and "line 7" in f["message"] for f in findings)


def test_sources_unchanged_by_lint(hrf: Run, write: Callable[..., Path], front_matter: str,
                                   tmp_path: Path) -> None:
    report_with_images(write, front_matter)
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (tmp_path / "r").rglob("*")
              if p.is_file()}
    hrf("lint", "r/report.md")
    assert before == {p: hashlib.sha256(p.read_bytes()).hexdigest()
                      for p in (tmp_path / "r").rglob("*") if p.is_file()}


def test_fix_never_prints_a_protected_name_in_an_image_path(
        hrf: Run, write: Callable[..., Path], front_matter: str, tmp_path: Path) -> None:
    names_file(tmp_path)
    write("p/hrf.yaml", "safety:\n  protected-names: ../secret/names.txt\n")
    phone_jpeg(write("p/images/olena-kovalenko.jpg", b""))
    write("p/report.md", front_matter + "![A resident](images/olena-kovalenko.jpg)\n")
    result = hrf("fix", "p/report.md", "--select", "image-metadata", "--check")
    assert result.exit_code == 1
    assert "would strip metadata from images/[protected name].jpg" in result.output
    assert "kovalenko" not in result.output.lower()
