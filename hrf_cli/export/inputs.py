"""The files a report makes ``hrf export`` read, checked at the project boundary and copied.

pandoc's ``--sandbox`` covers its readers and writers, not citeproc nor the writers a Lua
filter calls, so the document's own metadata could make pandoc read any file on the machine.
Instead, hrf's filter sends Python one request before citeproc runs, naming every file the
document needs as pandoc parsed it (``bibliography`` and ``citation-abbreviations`` from every
metadata block, every local image) and whether it holds raw typst, which (like an SVG image
the PDF compile loads) can reach any file below the project root: then the root is checked
for links leading out of it. Each name is resolved and
read here through :mod:`hrf_cli.boundary`, once and bounded, and copied into the run's
temporary folder; the filter reads only those copies, and the PDF compile only real paths
checked here. One refused file refuses the report: the answer carries the error, the filter
stops pandoc, and nothing is written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hrf_cli.boundary import Boundary, Refused, reachable_problems
from hrf_cli.export.publish import publishable_image

FRONT_MATTER_FILES = (("bibliography", "bibliography"),
                      ("citation-abbreviations", "citation-abbreviations"))


@dataclass
class Inputs:
    """Answers the filter's request for one report; ``deps`` are the real paths read."""

    boundary: Boundary
    folder: Path  # where the copies go (inside the run's temporary folder)
    pdf: bool  # whether the PDF is made (raw typst only matters then)
    deps: list[Path] = field(default_factory=list)
    # Root-relative path of each image -> its clean copy (no GPS, serials, owners), which the
    # PDF compile sees in place of the photo (hrf_cli/export/publish.py).
    clean_images: dict[str, Path] = field(default_factory=dict)
    _count: int = 0
    _svg: bool = False  # an SVG image: typst follows its links to other files below the root

    def answer(self, request_text: str) -> str:
        """The JSON answer (one line) to the filter's JSON request."""
        try:
            request = json.loads(request_text)
            return json.dumps(self._answer(request if isinstance(request, dict) else {}))
        except ValueError as exc:
            return json.dumps({"error": f"hrf could not read the file request: {exc}"})

    def _answer(self, request: dict[str, Any]) -> dict[str, Any]:
        errors: list[str] = []
        reply: dict[str, Any] = {}
        for key, what in FRONT_MATTER_FILES:
            reply[key] = [copy for name in _strings(request.get(key))
                          if (copy := self._front_matter_file(name, what, errors)) is not None]
        reply["images"] = {src: self._image(src, errors) for src in _strings(request.get("images"))}
        reader = ("a raw typst block" if request.get("raw_typst") else
                  "an SVG image (typst loads the files it links to)" if self._svg else None)
        if reader and self.pdf:
            problems = reachable_problems(self.boundary.root)
            if problems:
                errors.append(f"{reader} could read files outside the project: "
                              + "; ".join(problems[:5])
                              + (f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""))
        if errors:
            return {"error": "; ".join(errors)}
        return reply

    def copy_file(self, name: str, what: str, base: Path | None = None) -> Path:
        """Check, read and copy the file ``name`` (relative to ``base``, default the report's
        folder); Refused or OSError when it cannot be."""
        real = self.boundary.resolve(name, what, base=base)
        return self._copy(real, self.boundary.read(real, what, name))

    def _front_matter_file(self, name: str, what: str, errors: list[str]) -> str | None:
        try:
            return str(self.copy_file(name, what))
        except Refused as exc:
            errors.append(exc.message)
            return None
        except FileNotFoundError:
            errors.append(f"{what} {name!r} not found (looked for {self.boundary.folder / name})")
            return None
        except OSError as exc:
            errors.append(f"cannot read {what} {name!r}: {exc.strerror or exc}")
            return None

    def _image(self, src: str, errors: list[str]) -> dict[str, str | bool]:
        """``{"file": copy, "typst": root-relative real path}``, or ``{"missing": true}``."""
        try:
            real = self.boundary.image(src)
            if real is None:
                return {"web": True}
            data = self.boundary.read(real, "image", src)
        except Refused as exc:
            errors.append(exc.message)
            return {}
        except OSError:
            return {"missing": True}
        self._svg |= real.suffix.lower() == ".svg"
        try:
            data = publishable_image(data, src)  # source safety: metadata never leaves
        except Refused as exc:
            errors.append(exc.message)
            return {}
        relative = real.relative_to(self.boundary.root).as_posix()
        copy = self._copy(real, data)
        self.clean_images[relative] = copy
        return {"file": str(copy), "typst": "/" + relative}

    def _copy(self, real: Path, data: bytes) -> Path:
        """Write ``data`` (read from ``real``) to a fresh file beside the other copies."""
        self._count += 1
        self.folder.mkdir(parents=True, exist_ok=True)
        copy = self.folder / f"{self._count}{real.suffix.lower()}"
        with open(copy, "xb") as handle:
            handle.write(data)
        self.deps.append(real)
        return copy


def _strings(value: Any) -> list[str]:
    """A JSON list of strings (anything else is ignored: the filter only sends strings)."""
    return [item for item in value if isinstance(item, str) and item] \
        if isinstance(value, list) else []

