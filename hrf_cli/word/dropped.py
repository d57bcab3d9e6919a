"""What a Word draft has that the Markdown cannot carry, so the import can say so.

pandoc keeps a draft's text, headings, lists, tables, notes, links and images; it drops
custom paragraph and character styles, Word's automatic heading numbers, page headers and
footers, fields other than citations and links, charts and diagrams, colours and
highlighting. Each is counted here and listed in one message, never lost silently.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from hrf_cli.word.package import W, WordPackage

if TYPE_CHECKING:
    from lxml import etree

# Styles pandoc's docx reader turns into Markdown structure, or that only carry looks.
KNOWN_STYLES = re.compile(
    r"^(normal|title|subtitle|heading \d|list paragraph|list( bullet| number)?( \d)?|quote|"
    r"intense quote|block text|footnote text|endnote text|footnote reference|"
    r"endnote reference|caption|image caption|table caption|body text( \d)?|first paragraph|"
    r"compact|source code|verbatim char|[a-z]*tok|bibliography|toc.*|annotation .*|comment .*|header|footer|"
    r"no spacing|default paragraph font|hyperlink|followedhyperlink|strong|emphasis|"
    r"table grid|normal table|no list|author|date|abstract|definition.*|balloon text|"
    r"page number|line number|placeholder text|.*char|contents heading|index.*|"
    r"text body|standard|footnote|endnote|heading|list contents|table contents|"
    r"footnote characters|endnote characters|footnote anchor|endnote anchor|"
    r"internet link|frame contents|figure|illustration|table|text)$")
CITATION_FIELDS = re.compile(r"^\s*(ADDIN\s+(ZOTERO_ITEM|CSL_CITATION|EN\.CITE|ZOTERO_BIBL|"
                             r"EN\.REFLIST|Mendeley)|HYPERLINK)", re.I)
CHART_URIS = ("chart", "diagram")


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def not_carried(package: WordPackage, body: etree._Element, footnotes: int,
                endnotes: int) -> list[str]:
    """One line per kind of thing the Markdown leaves out."""
    out: list[str] = []
    names = _style_names(package)
    custom: Counter[str] = Counter()
    numbered_headings = 0
    shows = _numbering_shown(package)
    for p in body.iter(w("p")):
        style = _val(p.find(f"{w('pPr')}/{w('pStyle')}"))
        name = names.get(style, style) if style else ""
        if name and not KNOWN_STYLES.match(name.lower()):
            custom[name] += 1
        num = _val(p.find(f"{w('pPr')}/{w('numPr')}/{w('numId')}"))
        if name.lower().startswith("heading") and num in shows:
            numbered_headings += 1
    for run_style in body.iter(w("rStyle")):
        name = names.get(_val(run_style), _val(run_style))
        if name and not KNOWN_STYLES.match(name.lower()):
            custom[f"{name} (character style)"] += 1
    if custom:
        listed = ", ".join(f"{name!r} ({count})" for name, count in sorted(custom.items()))
        out.append(f"Word styles with no Markdown equivalent (their text is kept, the style "
                   f"is not): {listed}")
    if numbered_headings or _numbered_heading_styles(package, shows):
        out.append("Word's automatic heading numbers (1, 1.1, ...): headings keep their text; "
                   "number them in the text if the numbers matter")
    fields = Counter(_field_name(t.text or "") for t in body.iter(w("instrText")))
    fields.update(_field_name(f.get(w("instr"), "")) for f in body.iter(w("fldSimple")))
    fields = Counter({k: v for k, v in fields.items() if k})
    if fields:
        out.append("Word fields, kept as their last shown text: "
                   + ", ".join(f"{k} ({v})" for k, v in sorted(fields.items())))
    parts = [n for n in package.names if re.fullmatch(r"word/(header|footer)\d*\.xml", n)]
    if any(_has_text(package, n) for n in parts):
        out.append("page headers and footers")
    charts = sum(1 for g in body.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}graphicData")
                 if any(k in (g.get("uri") or "") for k in CHART_URIS))
    if charts:
        out.append(f"{charts} chart{'s' if charts > 1 else ''} or diagram"
                   f"{'s' if charts > 1 else ''} (paste them in as images)")
    coloured = sum(1 for r in body.iter(w("rPr"))
                   if r.find(w("highlight")) is not None or _val(r.find(w("color"))) not in ("", "auto", "000000"))
    if coloured:
        out.append(f"text colour and highlighting ({coloured} run{'s' if coloured > 1 else ''})")
    if footnotes and endnotes:
        out.append(f"the difference between footnotes ({footnotes}) and endnotes ({endnotes}): "
                   "they are one sequence of notes now")
    return out


def _val(element: etree._Element | None) -> str:
    return "" if element is None else element.get(w("val"), "")


def _style_names(package: WordPackage) -> dict[str, str]:
    styles = package.xml("word/styles.xml")
    if styles is None:
        return {}
    return {s.get(w("styleId"), ""): _val(s.find(w("name"))) for s in styles.iter(w("style"))}


def _numbered_heading_styles(package: WordPackage, shows: set[str]) -> bool:
    styles = package.xml("word/styles.xml")
    if styles is None:
        return False
    for style in styles.iter(w("style")):
        name = _val(style.find(w("name"))).lower()
        if name.startswith("heading") and \
                _val(style.find(f"{w('pPr')}/{w('numPr')}/{w('numId')}")) in shows:
            return True
    return False


def _numbering_shown(package: WordPackage) -> set[str]:
    """numIds whose list shows a number (not bullets, not the empty outline LibreOffice writes)."""
    numbering = package.xml("word/numbering.xml")
    if numbering is None:
        return set()
    shown_abstract = set()
    for abstract in numbering.iter(w("abstractNum")):
        for level in abstract.iter(w("lvl")):
            fmt = _val(level.find(w("numFmt")))
            if fmt not in ("", "none", "bullet") and "%" in _val(level.find(w("lvlText"))):
                shown_abstract.add(abstract.get(w("abstractNumId")))
                break
    return {num.get(w("numId"), "") for num in numbering.iter(w("num"))
            if _val(num.find(w("abstractNumId"))) in shown_abstract}


def _field_name(instruction: str) -> str:
    if not instruction.strip() or CITATION_FIELDS.match(instruction):
        return ""
    word = instruction.split()[0].upper()
    return word if re.fullmatch(r"[A-Z][A-Z.]*", word) and word not in ("ADDIN",) else ""


def _has_text(package: WordPackage, name: str) -> bool:
    tree = package.xml(name)
    return tree is not None and any((t.text or "").strip() for t in tree.iter(w("t")))
