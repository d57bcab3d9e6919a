"""The rule for files a report names that hrf refuses to open: the project boundary in lint.

One rule for every refusal (outside the project root, a device, FIFO or folder, too large)
because the remedy is always about the file itself, whatever names it; ``hrf export``
refuses the same files whether or not this rule runs.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Iterator

from hrf_cli.boundary import Boundary, Refused, check_stat
from hrf_cli.lint.findings import ERROR, Problem
from hrf_cli.lint.registry import rule

if TYPE_CHECKING:
    from hrf_cli.config import Config
    from hrf_cli.document import Document

# Front-matter keys whose value pandoc's citeproc reads as a file (``csl`` is always hrf.yaml's).
FILE_KEYS = ("citation-abbreviations",)


def boundary_of(doc: Document, config: Config) -> Boundary:
    """The document's boundary: set by lint for a file; the report's folder otherwise."""
    if doc.boundary is not None:
        return doc.boundary
    if doc.source is not None:
        return Boundary.for_report(doc.source, config)
    return Boundary.for_folder(os.getcwd(), config)


@rule(
    "HRF002", "refused-file", ERROR,
    "A file the report names that lies outside the project or is not a plain file.",
    what="Reports a bibliography, `citation-abbreviations` file or image (inline, or the "
         "reference definition an image uses) whose real path "
         "(symbolic links followed) lies outside the project root (the folder of the nearest "
         "hrf.yaml, else the report's folder, widened by `safety.root`), or that is a device, "
         "FIFO, socket or folder, or is larger than `safety.max-file-size` (50 MB by "
         "default). Front-matter files are reported at their key's line, images at the image.",
    why="Reports and bibliographies come from partners and contributors: a link "
        "`images/photo.png -> ../../outside/secret.txt` or `bibliography: ../other/refs.json` "
        "with `nocite: '@*'` would publish another investigation's files, and "
        "`bibliography: /dev/zero` would exhaust memory. `hrf export` refuses such a report "
        "and writes nothing for it.",
    bad="---\ntitle: Kupiansk\nauthor: Field team\ndate: 2024-10-15\n"
        "bibliography: ../other-investigation/references.json\nnocite: '@*'\n---\n\n"
        "![The bridge](../../outside/photo.png)",
    good="---\ntitle: Kupiansk\nauthor: Field team\ndate: 2024-10-15\n"
         "bibliography: references.json\n---\n\n![The bridge](images/bridge.png)",
)
def check_refused(doc: Document, config: Config) -> Iterator[Problem]:
    bibliography = doc.bibliography
    for problem in bibliography.refused:
        yield Problem(0, 0, problem.message, path=problem.path, line=problem.line)
    boundary = boundary_of(doc, config)
    yield from _front_matter_files(doc, boundary)
    checked: dict[str, str | None] = {}
    for start, end, src in _images(doc):
        if src not in checked:
            checked[src] = _image_problem(boundary, src)
        if checked[src] is not None:
            yield Problem(start, end, checked[src] or "")


def _images(doc: Document) -> list[tuple[int, int, str]]:
    """Where each image's file is named: an inline image's source, or the reference definition
    (``[map]: ../map.png``, first of its label, as pandoc keeps) that an image refers to."""
    named = [(link.start, link.end, link.url) for link in doc.scan.links if link.image]
    definitions: dict[str, tuple[int, int, str]] = {}
    for definition in doc.scan.link_definitions:
        definitions.setdefault(_key(definition.label),
                               (definition.start, definition.end, definition.url))
    used = {definitions[key] for ref in doc.scan.image_refs
            if (key := _key(ref.label)) in definitions}
    return named + sorted(used)


def _key(label: str) -> str:
    """pandoc's reference key: case and runs of white space do not matter."""
    return " ".join(label.split()).casefold()


def _front_matter_files(doc: Document, boundary: Boundary) -> Iterator[Problem]:
    data = doc.front_matter.data if doc.front_matter is not None else None
    if not isinstance(data, dict):
        return
    for key in FILE_KEYS:
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            continue
        try:
            real = boundary.resolve(value, key)
            check_stat(os.stat(real), boundary.max_file_size, key, value)
        except Refused as exc:
            yield Problem(0, 0, exc.message, path=doc.path,
                          line=doc.front_matter.key_line(key) or 1)
        except OSError:
            continue  # missing: pandoc's own error names it


def _image_problem(boundary: Boundary, src: str) -> str | None:
    """Why the image ``src`` is refused, or None (web, inside and plain, or missing)."""
    try:
        real = boundary.image(src)
        if real is not None:
            check_stat(os.stat(real), boundary.max_file_size, "image", src)
    except Refused as exc:
        return exc.message
    except OSError:
        return None  # a missing image is export's warning, not a boundary matter
    return None
