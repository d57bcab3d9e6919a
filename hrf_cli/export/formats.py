"""The three output formats, their file extensions, and the ``--to`` option's parser."""

from __future__ import annotations

from hrf_cli.errors import ConfigError

FORMATS = ("html", "pdf", "docx")  # the order of ``all``
EXTENSIONS = {"html": ".html", "pdf": ".pdf", "docx": ".docx"}


def parse_formats(values: str | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """``html,pdf`` / ``all`` / a list, to formats in the canonical order; unknown ones fail."""
    items = [values] if isinstance(values, str) else list(values)
    chosen: set[str] = set()
    for item in items:
        for part in filter(None, (p.strip().lower() for p in item.split(","))):
            if part == "all":
                chosen.update(FORMATS)
            elif part in FORMATS:
                chosen.add(part)
            else:
                raise ConfigError(f"--to: unknown format {part!r}; choose from "
                                  f"{', '.join(FORMATS)} or all")
    if not chosen:
        raise ConfigError("--to: no format given; choose from html, pdf, docx or all")
    return tuple(f for f in FORMATS if f in chosen)
