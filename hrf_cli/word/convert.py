"""The one converter behind ``hrf import`` and ``hrf lint DRAFT.docx``: a Word draft to
pandoc Markdown, its cited items as CSL JSON, and its images, all in memory.

pandoc reads the draft (``-f docx+citations``: Zotero, Mendeley and EndNote fields become
citations); hrf then gives the citations readable keys, turns Word's comments into HTML
comments (which no export publishes), and names the images.
"""

from __future__ import annotations

import json
import re
import secrets
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Callable

from hrf_cli.errors import HrfError
from hrf_cli.export.limits import Limits
from hrf_cli.word.ast import attributes, stringify, visit, walk_inlines
from hrf_cli.word.citekeys import readable_keys
from hrf_cli.word.package import WordFileError, WordPackage
from hrf_cli.word.prepare import Prepared, prepare

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".svg", ".webp",
                  ".emf", ".wmf"}


@dataclass(frozen=True)
class ImageFile:
    """One picture of the draft, as it will be written under images/."""

    name: str
    data: bytes
    alt: str


@dataclass
class Conversion:
    """A converted draft: Markdown body, bibliography, images and what was noticed."""

    markdown: str
    prepared: Prepared
    meta: dict[str, str] = field(default_factory=dict)  # title, subtitle, date from Word's styles
    authors: list[str] = field(default_factory=list)  # Author-styled paragraphs
    references: list[dict[str, Any]] = field(default_factory=list)
    keys: dict[str, str] = field(default_factory=dict)
    images: list[ImageFile] = field(default_factory=list)
    comments: int = 0
    comment_texts: list[str] = field(default_factory=list)
    slot_nonce: str = ""
    first_heading: str | None = None
    warnings: list[str] = field(default_factory=list)


def convert(package: WordPackage, *, track_changes: str = "accept", comments: str = "keep",
            markers: bool = False, drop_first_heading: bool = False,
            limits: Limits | None = None) -> Conversion:
    """Convert ``package``; raises HrfError when pandoc cannot read it."""
    limits = limits or Limits()
    with tempfile.TemporaryDirectory(prefix="hrf-word-") as tmp:
        clean = Path(tmp) / "draft.docx"
        prepared = prepare(package, clean, track_changes, markers)
        ast = json.loads(_pandoc(["-f", "docx+citations", "--track-changes=all",
                                  "--shift-heading-level-by=1", "-t", "json", str(clean)],
                                 None, package.shown, limits))
    result = Conversion("", prepared, slot_nonce=secrets.token_hex(6))
    result.meta = {k: stringify(v.get("c")) for k, v in ast.get("meta", {}).items()
                   if k in ("title", "subtitle", "date") and isinstance(v, dict)}
    authors = ast.get("meta", {}).get("author")  # Author-styled paragraphs
    if isinstance(authors, dict):
        items = authors["c"] if authors.get("t") == "MetaList" else [authors]
        result.authors = [stringify(item.get("c")) for item in items if isinstance(item, dict)]
    order: list[str] = []
    visit(ast["blocks"], "Cite", lambda c: order.extend(x["citationId"] for x in c["c"][0]))
    if order:  # the cited items, from the metadata alone (a small input for pandoc)
        only_meta = {**ast, "blocks": []}
        items = json.loads(_pandoc(["-f", "json", "-t", "csljson"], json.dumps(only_meta).encode(),
                                   package.shown, limits) or b"[]")
        result.keys = readable_keys(items, order)
        result.references = [{**item, "id": result.keys.get(str(item.get("id")), item.get("id"))}
                             for item in items]
    comment = _comments(comments == "keep", track_changes, result)
    image = _images(package, result)

    def replace(inline: dict[str, Any]) -> list[dict[str, Any]]:  # one walk does every job
        return [image(_rekey(i, result.keys)) for i in comment(inline)]

    ast["blocks"] = walk_inlines(ast["blocks"], replace)
    blocks = ast["blocks"]
    if blocks and blocks[0].get("t") == "Header":
        result.first_heading = stringify(blocks[0]["c"][2])
        if drop_first_heading and blocks[0]["c"][0] == 2:
            blocks = blocks[1:]
    ast["blocks"], ast["meta"] = blocks, {}
    markdown = _pandoc(["-f", "json", "-t", "markdown", "--wrap=none"], json.dumps(ast).encode(),
                       package.shown, limits).decode("utf-8")
    for index, text in enumerate(result.comment_texts):  # pandoc would fence raw comments
        markdown = markdown.replace(_comment_slot(result, index), text)
    result.markdown = markdown.replace("\r\n", "\n")
    return result


def _pandoc(args: list[str], stdin: bytes | None, shown: str, limits: Limits) -> bytes:
    """Run pandoc in its sandbox, in bounded time and memory (safety: in hrf.yaml); a failure
    names the draft, never a traceback."""
    from hrf_cli.export.limits import MEMORY_HINT, TIME_HINT, spawn
    from hrf_cli.export.pandoc import pandoc_path

    try:
        child = spawn([pandoc_path(), "--sandbox", *args], limits=limits,
                      cwd=tempfile.gettempdir(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                      stderr=subprocess.PIPE)
    except OSError as exc:
        raise HrfError(f"cannot run pandoc: {exc.strerror or exc}", path=shown) from None
    code, out, err = child.communicate(stdin)
    if child.timed_out:
        raise HrfError(f"pandoc took longer than {limits.describe_time()} to read it; "
                       f"{TIME_HINT}", path=shown)
    if code != 0:
        message = err.decode("utf-8", "replace").strip().splitlines()
        if code < 0 or any("memory" in line.lower() for line in message):
            raise HrfError(f"pandoc ran out of memory ({limits.describe_memory()}) reading it; "
                           f"{MEMORY_HINT}", path=shown)
        raise WordFileError(f"{shown}: pandoc cannot read it as a Word file: "
                            f"{message[0] if message else 'exit ' + str(code)}")
    return out


def _comments(keep: bool, track_changes: str, result: Conversion
              ) -> Callable[[dict[str, Any]], list[dict[str, Any]]]:
    """Comments to ``<!-- comment (Author, date): text -->``; stray change marks resolved."""
    accept = track_changes != "reject"

    def replace(inline: dict[str, Any]) -> list[dict[str, Any]]:
        if inline["t"] != "Span":
            return [inline]
        _, classes, pairs = attributes(inline)
        if "comment-start" in classes:
            result.comments += 1
            if not keep:
                return []
            result.comment_texts.append(comment_html(
                pairs.get("author", ""), pairs.get("date", ""), stringify(inline["c"][1])))
            return [{"t": "Str", "c": _comment_slot(result, len(result.comment_texts) - 1)}]
        if "comment-end" in classes:
            return []
        if {"insertion", "paragraph-insertion"} & set(classes):
            return inline["c"][1] if accept else []
        if {"deletion", "paragraph-deletion"} & set(classes):
            return [] if accept else inline["c"][1]
        return [inline]

    return replace


def _comment_slot(result: Conversion, index: int) -> str:
    return f"HRFCOMMENT{result.slot_nonce}N{index}X"


def comment_html(author: str, date: str, text: str) -> str:
    """An HTML comment that stays one: no ``--`` inside, so it cannot close early."""
    who = ", ".join(part for part in (author.strip(), date[:10]) if part)
    body = f"comment ({who}): {text}" if who else f"comment: {text}"
    body = re.sub(r"-{2,}", lambda m: "–" * len(m.group(0)), body.replace("\n", " "))
    return f"<!-- {body.rstrip('-')} -->"


def _rekey(inline: dict[str, Any], keys: dict[str, str]) -> dict[str, Any]:
    if inline["t"] != "Cite" or not keys:
        return inline
    citations = [{**c, "citationId": keys.get(c["citationId"], c["citationId"])}
                 for c in inline["c"][0]]
    return {"t": "Cite", "c": [citations, inline["c"][1]]}


def _images(package: WordPackage, result: Conversion) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """Each picture read from the package, given a readable name under images/."""
    names: dict[str, str] = {}
    used: set[str] = set()

    def replace(inline: dict[str, Any]) -> dict[str, Any]:
        if inline["t"] != "Image":
            return inline
        attr, alt, (target, title) = inline["c"]
        if target not in names:
            source = "word/" + str(PurePosixPath(target))
            suffix = PurePosixPath(target).suffix.lower()
            if not package.has(source) or suffix not in IMAGE_SUFFIXES or ".." in target:
                result.warnings.append(f"image {target!r} is not inside the Word file; left out")
                return {"t": "Str", "c": ""}
            text = stringify(alt)
            names[target] = _image_name(text, len(names) + 1, suffix, used)
            result.images.append(ImageFile(names[target], package.read(source), text))
            if suffix in (".emf", ".wmf"):
                result.warnings.append(f"images/{names[target]} is a Windows {suffix[1:].upper()} "
                                       "drawing that web pages and PDFs cannot show; replace it "
                                       "with a PNG")
        return {"t": "Image", "c": [attr, alt, [f"images/{names[target]}", title]]}

    return replace


def _image_name(alt: str, number: int, suffix: str, used: set[str]) -> str:
    from hrf_cli.scaffold.slug import slugify

    stem = slugify(" ".join(alt.split()[:6]), 40) or f"figure-{number}"
    name, count = f"{stem}{suffix}", 1
    while name in used:
        count += 1
        name = f"{stem}-{count}{suffix}"
    used.add(name)
    return name
