"""A draft's title, subtitle, authors, date and language, from where Word keeps them.

Most drafts have an empty Title property, so the title falls back to the Title-styled
paragraph, then the first heading; authors come from the creator property, the date from
the created (else modified) date, the language from the core properties or the default
language of the document's styles.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from hrf_cli.word.package import W, WordPackage

if TYPE_CHECKING:
    from hrf_cli.word.convert import Conversion

DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"
CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
AUTHOR_SEPARATORS = re.compile(r"\s*[;\n]\s*")
PLACEHOLDER_AUTHORS = {"", "user", "admin", "administrator", "author", "unknown", "microsoft office user"}


def read_metadata(package: WordPackage, conversion: Conversion | None = None) -> dict[str, Any]:
    """title, subtitle, author (list), date (YYYY-MM-DD), lang: only those the draft gives."""
    core = package.xml("docProps/core.xml")
    found: dict[str, Any] = {}
    text = (lambda ns, tag: _text(core, ns, tag)) if core is not None else (lambda ns, tag: "")
    styled = (conversion.meta if conversion else {})
    nonce = conversion.prepared.nonce if conversion else ""
    strip = (lambda s: re.sub(rf"Q{nonce}[PTFE]-?\d+Q ?", "", s)) if nonce else (lambda s: s)
    heading = strip(conversion.first_heading or "") if conversion else ""
    found["title"] = text(DC, "title") or strip(styled.get("title", "")) or heading
    found["subtitle"] = strip(styled.get("subtitle", ""))
    creators = [a for a in AUTHOR_SEPARATORS.split(text(DC, "creator"))
                if a.strip().lower() not in PLACEHOLDER_AUTHORS]
    found["author"] = creators or [strip(a) for a in (conversion.authors if conversion else [])
                                   if strip(a).strip()]
    for tag in ("created", "modified"):
        date = re.match(r"\d{4}-\d{2}-\d{2}", text(DCTERMS, tag))
        if date and not date.group(0).startswith(("1601", "1900", "1980")):
            found["date"] = date.group(0)
            break
    else:  # a Date-styled paragraph (what hrf export writes, with reproducible 1980 stamps)
        found["date"] = _date(strip(styled.get("date", "")))
    found["lang"] = _language(text(DC, "language") or _styles_language(package))
    return {k: v for k, v in found.items() if v}


def _date(text: str) -> str:
    """YYYY-MM-DD from a date as people write it, or empty."""
    import datetime

    text = " ".join(text.replace(",", " ").split())
    for fmt in ("%Y-%m-%d", "%d %B %Y", "%B %d %Y", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return ""


def _text(tree: Any, ns: str, tag: str) -> str:
    element = tree.find(f"{{{ns}}}{tag}")
    return " ".join((element.text or "").split()) if element is not None else ""


def _styles_language(package: WordPackage) -> str:
    styles = package.xml("word/styles.xml")
    if styles is None:
        return ""
    lang = styles.find(f"{{{W}}}docDefaults/{{{W}}}rPrDefault/{{{W}}}rPr/{{{W}}}lang")
    return lang.get(f"{{{W}}}val", "") if lang is not None else ""


def _language(tag: str) -> str:
    """A BCP 47 tag as the report's ``lang`` (``en-GB`` stays, ``uk-UA`` stays)."""
    tag = tag.strip().replace("_", "-")
    return tag if re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", tag) else ""
