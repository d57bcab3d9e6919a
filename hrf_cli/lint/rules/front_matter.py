"""The front-matter rule: YAML that parses, with the fields every report needs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from hrf_cli.lint.findings import ERROR, Problem
from hrf_cli.lint.registry import rule
from hrf_cli.yaml_aliases import check_metadata

if TYPE_CHECKING:
    from hrf_cli.config import Config
    from hrf_cli.document import Document


def _is_empty(value: object) -> bool:
    return value is None or (isinstance(value, (str, list, dict)) and not value)


@rule(
    "HRF001", "front-matter", ERROR,
    "YAML front matter that does not parse, lacks a required field, or is an alias bomb.",
    what="Checks that the report starts with a YAML block that parses as a mapping and that "
         "it has every field listed in `lint.required-fields` of hrf.yaml (default: title, "
         "author, date), each with a value. YAML aliases (`*name`) that would expand any "
         "metadata block by more than 10,000 values are refused, and `hrf export` never "
         "hands such a report to pandoc, even with `--no-lint`.",
    why="pandoc stops with an error on front matter it cannot parse, and says nothing when a "
        "field is missing or empty: the web page, PDF cover and Word file then go out without "
        "a title, authors or date. pandoc expands every alias: a few hundred bytes of nested "
        "aliases (a \"billion laughs\") keep it busy for minutes and eat gigabytes.",
    bad="---\ntitle: Kupiansk: a city waiting\nauthor: Field team\n---",
    good='---\ntitle: "Kupiansk: a city waiting"\nauthor: Field team\ndate: 2026-11-25\n---',
)
def check_front_matter(doc: Document, config: Config) -> Iterator[Problem]:
    required = config.lint.required_fields
    front = doc.front_matter
    later = check_metadata(doc.text, doc.body_start)  # YAML blocks further down
    if later is not None:
        offset, bomb = later
        start = doc.lines.line_start(doc.lines.line_of(offset) + bomb.line)
        yield Problem(start, start, bomb.message())
    if front is None:
        if required:
            yield Problem(0, 0,
                          "the report has no YAML front matter (a block between '---' lines "
                          f"at the top); required fields: {', '.join(required)}")
        return
    if front.unsafe:
        start = doc.lines.line_start(front.error_line or front.first_line)
        yield Problem(start, start, front.unsafe)
        return
    if front.error:
        line = front.error_line or front.first_line
        column = front.error_column or 1
        start = min(doc.lines.line_start(line) + column - 1, len(doc.text))
        yield Problem(start, start, f"the front matter is not valid YAML: {front.error}")
        return
    data = front.data
    if data is None:
        data = {}
    if not isinstance(data, dict):
        yield Problem(front.start, front.start,
                      "the front matter must be a mapping of fields (such as 'title: ...'), "
                      f"not a {type(data).__name__}")
        return
    for field in required:
        if field not in data:
            yield Problem(front.start, front.start + 3,
                          f"the front matter has no '{field}' field (required by hrf.yaml "
                          "lint.required-fields)")
        elif _is_empty(data[field]):
            line = front.key_line(field) or front.first_line
            start = doc.lines.line_start(line)
            yield Problem(start, start + len(field), f"the front-matter field '{field}' is empty")
