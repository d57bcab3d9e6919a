"""Source safety: photos that give away a place or a person, redacted words left in the open,
and names on the organisation's protected list."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from hrf_cli.lint.findings import ERROR, WARNING, Problem
from hrf_cli.lint.registry import rule

if TYPE_CHECKING:
    from hrf_cli.config import Config
    from hrf_cli.document import Document
    from hrf_cli.safety.imagemeta import ImageMetadata
    from hrf_cli.safety.names import NameList


def protected_names(config: Config) -> NameList:
    """The configured protected names (ConfigError when the list cannot be read)."""
    from hrf_cli.safety.names import load_names

    return load_names(config.safety.protected_names, config.root)


@rule(
    "HRF601", "image-metadata", ERROR,
    "A photo whose file carries its location (error) or who took it with what (warning).",
    what="Opens every local image the report shows (Markdown images, reference images and "
         "`<img>` in raw HTML) and reads its EXIF, XMP, IPTC and PNG text metadata. An error "
         "when it carries a location: an EXIF GPS position, XMP `exif:GPS*`, "
         "`photoshop:City`/`State`/`Country`, `Iptc4xmpCore:Location` or IPTC city, "
         "sub-location, province or country. A warning for identifying data: camera body or "
         "lens serial numbers, owner, artist, creator or by-line, copyright holder, a phone's "
         "make, model or software, user comments, maker notes, or an embedded thumbnail that "
         "differs from the picture. The message names the kinds of data, never their values. "
         "JPEG, PNG, WebP, TIFF and GIF are read; `hrf export` always publishes images "
         "without this metadata, and `hrf fix --select image-metadata` strips the files.",
    why="A phone photo's GPS position is exact to a few metres: the house of the person "
        "photographed. A serial number or an owner's name ties the picture to one camera and "
        "so to one photographer, and a thumbnail made before a crop still shows what the crop "
        "removed. Published with the report, the file gives away its source.",
    bad="![Damaged school, Kupiansk](images/IMG_2041.jpg)\n\n"
        "<!-- IMG_2041.jpg straight from the phone: GPS position, iPhone 13, owner name -->",
    good="![Damaged school, Kupiansk](images/school.jpg)\n\n"
         "<!-- after `hrf fix --select image-metadata`: pixels and colour profile only -->",
)
def check_image_metadata(doc: Document, config: Config) -> Iterator[Problem]:
    from hrf_cli.boundary import Boundary, Refused
    from hrf_cli.safety.images import image_sites

    sites = image_sites(doc)
    if doc.source is None or not sites:
        return
    from hrf_cli.safety.imagemeta import NotAnImage, read_metadata  # a report with images

    boundary = doc.boundary or Boundary.for_folder(doc.source.parent)
    seen: dict[Path, ImageMetadata | None] = {}
    for site in sites:
        try:  # outside the project, special or too large: refused-file reports it
            real = boundary.image(site.url)
        except Refused:
            continue
        if real is None:
            continue
        if real not in seen:
            try:
                seen[real] = read_metadata(boundary.read(real, "image", site.url))
            except (Refused, OSError, NotAnImage):
                seen[real] = None  # missing or not a picture Pillow reads
        found = seen[real]
        if found:
            yield Problem(site.start, site.end, _describe(site.url, found),
                          severity=ERROR if found.location else WARNING)


def _describe(url: str, found: ImageMetadata) -> str:
    parts = []
    if found.location:
        parts.append("location data (" + ", ".join(found.location) + ")")
    if found.identifying:
        parts.append("identifying data (" + ", ".join(found.identifying) + ")")
    return (f"image {url} carries " + " and ".join(parts) + "; hrf export publishes the "
            "picture without them, `hrf fix --select image-metadata` strips the file")


@rule(
    "HRF602", "redaction-leak", WARNING,
    "A redacted name, phrase or number that appears unredacted elsewhere in the report.",
    what="Collects what each `[text]{.redact}` span and `::: redact` block hides: the whole "
         "phrase, each capitalised word in it that is not a common function word (names of "
         "people, places, units) and each token with three or more digits (phone, passport, "
         "plate numbers). Reports every place where one of them appears outside a redaction: "
         "body text, notes, headings, alt text, link text, front matter and image file names "
         "(HTML comments are left out: `hrf export` never publishes them). Case and spacing "
         "are ignored. The message gives the line of the redaction, never the word.",
    why="A redaction protects nothing when the same name is left in a footnote, a caption, "
        "the title or a file name: that is how most published redactions have failed.",
    bad="We met [Hanna Melnyk]{.redact} at the school.[^1]\n\n"
        "[^1]: Interview with Hanna Melnyk, 12 March 2024.",
    good="We met [Hanna Melnyk]{.redact} at the school.[^1]\n\n"
         "[^1]: Interview with [Hanna Melnyk]{.redact}, 12 March 2024.",
)
def check_redaction_leaks(doc: Document, config: Config) -> Iterator[Problem]:
    from hrf_cli.safety.redact import blank, comment_ranges, redactions, significant_terms

    found = redactions(doc)
    if not found:
        return
    from hrf_cli.safety.phrases import PhraseMatcher, fold  # a report with redactions
    first_line: dict[str, int] = {}  # folded term -> line of its first redaction
    for redaction in found:
        for term in significant_terms(redaction.text):
            first_line.setdefault(fold(term), doc.lines.line_of(redaction.start))
    first_line.pop("", None)
    if not first_line:
        return
    loose = {fold(term, apostrophes=False): line for term, line in first_line.items()}
    searched = blank(doc.text, [(r.start, r.end) for r in found] + comment_ranges(doc.text))
    reported: set[tuple[int, int]] = set()
    for m in PhraseMatcher(list(first_line)).finditer(searched):
        line = loose.get(fold(m.group(), apostrophes=False), 0)
        here = doc.lines.line_of(m.start())
        if (here, line) not in reported:
            reported.add((here, line))
            yield Problem(m.start(), m.end(), f"a word redacted on line {line} appears here "
                                              "unredacted; redact it here too, or reword")


@rule(
    "HRF603", "protected-name", ERROR,
    "A name from the organisation's list of protected names (sources, witnesses).",
    what="Reports every line that contains a name or phrase listed in the file named by "
         "`safety.protected-names` in hrf.yaml or by the `HRF_PROTECTED_NAMES` environment "
         "variable (one name a line, `#` comments): in body text, notes, headings, front "
         "matter, alt text, link text, image file names, HTML comments and the report's "
         "bibliography files. Matching ignores case, takes whole words, normalises Unicode "
         "(NFKC) and apostrophes (ʼ ’ ' ‘), accepts hyphens, underscores or dots between the "
         "words of a name (`hanna_melnyk.jpg`), and works across scripts: a Cyrillic entry "
         "also matches its Latin transliteration (Ukrainian and Russian tables, as `hrf new` "
         "uses) and a Latin entry matches Cyrillic text that transliterates to it. The name "
         "itself is never printed: findings say \"a protected name (line 3 of names.txt)\", "
         "and hrf hides listed names in every other message too. `hrf export` refuses a "
         "report that contains one, even with `--no-lint`.",
    why="Some names must never be published: a witness, a source, a relative still in "
        "occupied territory. CI logs are often public, so the check itself must not print "
        "the name it protects.",
    bad="# names.txt (outside the repository): Hanna Melnyk\n\n"
        "Hanna Melnyk saw the column pass the school.",
    good="A resident (name withheld) saw the column pass the school.",
)
def check_protected_names(doc: Document, config: Config) -> Iterator[Problem]:
    names = protected_names(config)
    if not names:
        return
    for hit in names.find(doc.text):
        yield Problem(hit.start, hit.end, f"a protected name ({hit.source}); remove it before "
                                          "publication")
    for shown, text in bibliography_texts(doc):
        for hit in names.find(text):
            yield Problem(0, 0, f"a protected name ({hit.source}) in a bibliography entry",
                          path=shown, line=hit.line)


def bibliography_texts(doc: Document) -> Iterator[tuple[str, str]]:
    """The report's bibliography files as text, read through the project boundary (files it
    refuses, or that cannot be read, are the bibliography rules' to report)."""
    from hrf_cli.boundary import Boundary, Refused
    from hrf_cli.paths import display_path

    data = doc.front_matter.data if doc.front_matter is not None else None
    if not isinstance(data, dict) or doc.source is None or not data.get("bibliography"):
        return
    boundary = doc.boundary or Boundary.for_folder(doc.source.parent)
    files = data["bibliography"]
    for name in files if isinstance(files, list) else [files]:
        try:
            real = boundary.resolve(str(name), "bibliography")
            text = boundary.read(real, "bibliography", str(name)).decode("utf-8", "replace")
        except (Refused, OSError):
            continue
        yield display_path(boundary.folder / str(name)), text
