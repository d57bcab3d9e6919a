#!/usr/bin/env python3
"""Build tests/fixtures/word/*.docx with a real word processor (LibreOffice).

Each draft is written here as a flat OpenDocument file (.fodt) or, for citation fields
(which ODF cannot hold), as a .docx with python-docx carrying Word field codes
``ADDIN ZOTERO_ITEM CSL_CITATION {json}`` / ``ADDIN CSL_CITATION {json}`` (fldChar begin,
instrText, separate, end), an EndNote ``ADDIN EN.CITE <EndNote>...`` field, and tracked moves; LibreOffice then converts every one to the
.docx that Word would read (``soffice --headless --convert-to docx``), so the fixtures
are what a word processor writes, not what hrf expects. ``encrypted.docx`` is the notes draft
with a password (msoffcrypto-tool), ``legacy.doc`` the same saved as Word 97-2003. A dev
tool (python-docx, Pillow, msoffcrypto-tool and LibreOffice are not dependencies of hrf):

    python tools/make_word_fixtures.py
"""

from __future__ import annotations

import base64
import io
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "word"
NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
      'xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:dc="http://purl.org/dc/elements/1.1/" '
      'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
      'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"')
STYLES = """<office:styles>
<style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph" style:default-outline-level="1"/>
<style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph" style:default-outline-level="2"/>
<style:style style:name="Quote" style:family="paragraph"/>
<style:style style:name="Witness" style:display-name="Witness statement" style:family="paragraph"/>
</office:styles>
<office:automatic-styles>
<style:style style:name="T1" style:family="text"><style:text-properties fo:font-style="italic"/></style:style>
<style:style style:name="Sup" style:family="text"><style:text-properties style:text-position="super 58%"/></style:style>
</office:automatic-styles>"""


def fodt(body: str, *, creator: str = "Field Documentation Team", created: str = "2024-11-25",
         language: str = "en-GB", title: str = "", changes: str = "") -> str:
    meta = (f"<meta:initial-creator>{creator}</meta:initial-creator>"
            f"<meta:creation-date>{created}T08:00:00</meta:creation-date>"
            f"<dc:language>{language}</dc:language>" + (f"<dc:title>{title}</dc:title>" if title else ""))
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document {NS} office:version="1.3" '
            f'office:mimetype="application/vnd.oasis.opendocument.text"><office:meta>{meta}'
            f"</office:meta>{STYLES}<office:body><office:text>{changes}{body}</office:text>"
            "</office:body></office:document>")


def h(level: int, text: str) -> str:
    return f'<text:h text:style-name="Heading_20_{level}" text:outline-level="{level}">{text}</text:h>'


def p(text: str, style: str = "Standard") -> str:
    return f'<text:p text:style-name="{style}">{text}</text:p>'


def note(n: int, text: str, kind: str = "footnote") -> str:
    style = "Footnote" if kind == "footnote" else "Endnote"
    return (f'<text:note text:id="{kind[0]}{n}" text:note-class="{kind}"><text:note-citation>{n}'
            f'</text:note-citation><text:note-body>{p(text, style)}</text:note-body></text:note>')


def png(colour: tuple[int, int, int]) -> str:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (48, 32), colour).save(buffer, "PNG")
    return base64.b64encode(buffer.getvalue()).decode()


def image(name: str, data: str, desc: str = "") -> str:
    described = f"<svg:desc>{desc}</svg:desc>" if desc else ""
    return (f'<draw:frame draw:name="{name}" text:anchor-type="as-char" svg:width="3cm" '
            f'svg:height="2cm"><draw:image><office:binary-data>{data}</office:binary-data>'
            f"</draw:image>{described}</draw:frame>")


LINK = '<text:a xlink:type="simple" xlink:href="https://example.org/un-update">the UN update</text:a>'
TABLE = ('<table:table table:name="Villages"><table:table-column table:number-columns-repeated="2"/>'
         + "".join("<table:table-row>" + "".join(
             f'<table:table-cell office:value-type="string">{p(c)}</table:table-cell>' for c in row)
             + "</table:table-row>" for row in (("Village", "Residents"), ("Kivsharivka", "2,000"),
                                                ("Petropavlivka", "800")))
         + "</table:table>")
LIST = ("<text:list>" + "".join(f"<text:list-item>{p(t)}</text:list-item>" for t in
                                ("Open a humanitarian corridor.", "Restore the water supply."))
        + "</text:list>")


def drafts() -> dict[str, str]:
    """Name -> .fodt text of every draft LibreOffice converts."""
    notes = fodt(
        p("Kupiansk: a city waiting", "Title") + p("The second occupation", "Subtitle")
        + h(1, "Background")
        + p("Most of the 27,000 residents left." + note(1, 'Interview with a resident, '
            '<text:span text:style-name="T1">Kupiansk</text:span>, 12 March 2024.')
            + " Some 5,000 stayed." + note(2, f"See {LINK}, October 2024."))
        + p("They were held as prisoners of war.3 We were told nothing.")
        + p('Shelling resumed in the spring.<text:span text:style-name="Sup">4</text:span> '
            "The bridge was hit again." + note(3, "Local administration statement, Kharkov, 2 May 2024."))
        + h(2, "Villages") + TABLE + LIST
        + p("“We stayed because our parents could not leave.”", "Quote")
        + p("Statement taken in Kivsharivka.", "Witness")
        + h(1, "Recommendations") + p(f"Read {LINK} for the figures."))
    endnotes = fodt(
        p("Endnote draft", "Title") + h(1, "Findings")
        + p("The school was damaged." + note(1, "Photographs on file.", "endnote")
            + " The clinic closed." + note(2, "Interview with a nurse, April 2024.", "endnote"))
        + p("Water returned in May." + note(3, "Utility notice, 14 May 2024.", "endnote")))
    changes = """<text:tracked-changes text:track-changes="true">
<text:changed-region text:id="c1"><text:insertion><office:change-info><dc:creator>Petro Reviewer</dc:creator><dc:date>2024-11-21T09:00:00</dc:date></office:change-info></text:insertion></text:changed-region>
<text:changed-region text:id="c2"><text:deletion><office:change-info><dc:creator>Petro Reviewer</dc:creator><dc:date>2024-11-21T09:05:00</dc:date></office:change-info><text:p>roughly </text:p></text:deletion></text:changed-region>
<text:changed-region text:id="c3"><text:insertion><office:change-info><dc:creator>Petro Reviewer</dc:creator><dc:date>2024-11-21T09:10:00</dc:date></office:change-info></text:insertion></text:changed-region>
</text:tracked-changes>"""
    tracked = fodt(
        p("Tracked draft", "Title") + h(1, "Findings")
        + p('Residents left <text:change-start text:change-id="c1"/>in September 2022'
            '<text:change-end text:change-id="c1"/> and <text:change text:change-id="c2"/>5,000 stayed.')
        + p("Water returned." + note(1, 'Utility notice<text:change-start text:change-id="c3"/>, '
            'May 2024<text:change-end text:change-id="c3"/>.')), changes=changes)
    comments = fodt(
        p("Commented draft", "Title") + h(1, "Findings")
        + p("<office:annotation><dc:creator>Olena Editor</dc:creator><dc:date>2024-11-20T10:00:00"
            "</dc:date><text:p>Check this figure against the UN update.</text:p></office:annotation>"
            "Five thousand residents remained.<office:annotation-end/> Most were elderly."
            + note(1, "Interview with a volunteer, March 2024.")))
    images = fodt(
        p("Illustrated draft", "Title") + h(1, "Damage")
        + p(image("Bridge", png((160, 40, 40)), "The destroyed road bridge over the Oskil river"))
        + p("The bridge was destroyed in 2022.")
        + p(image("Map", png((40, 90, 160)))) + p("A map of the front line."))
    ukrainian = fodt(
        p("Купʼянськ: місто чекає", "Title") + h(1, "Передумови")
        + p("Більшість із 27 000 мешканців виїхали." + note(1, "Інтервʼю з мешканкою, Купʼянськ, березень 2024.")
            + " Близько 5 000 залишилися." + note(2, "Дані міської адміністрації."))
        + h(1, "Рекомендації") + p("Відновити водопостачання в Харкові."),
        creator="Олена Шевченко", language="uk-UA")
    return {"notes": notes, "endnotes": endnotes, "tracked": tracked, "comments": comments,
            "images": images, "ukrainian": ukrainian}


ENDNOTE = ("<EndNote><Cite><Author>Kovalenko</Author><Year>2024</Year><RecNum>12</RecNum>"
           "<DisplayText>(Kovalenko 2024)</DisplayText><record><rec-number>12</rec-number>"
           '<ref-type name="Report">27</ref-type><contributors><authors><author>Kovalenko, Halyna'
           "</author></authors></contributors><titles><title>Evacuation from Kupiansk district"
           "</title></titles><dates><year>2024</year></dates><publisher>Kharkiv Human Rights "
           "Group</publisher></record></Cite></EndNote>")


def citation_draft(path: Path) -> None:
    """Zotero, Mendeley and EndNote fields, as the plug-ins write them into Word."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def field(paragraph, instruction: str, shown: str) -> None:
        for kind, text in (("begin", None), (None, instruction), ("separate", None),
                           (None, shown), ("end", None)):
            run = OxmlElement("w:r")
            if kind:
                char = OxmlElement("w:fldChar")
                char.set(qn("w:fldCharType"), kind)
                run.append(char)
            else:
                tag = "w:instrText" if text == instruction else "w:t"
                element = OxmlElement(tag)
                element.set(qn("xml:space"), "preserve")
                element.text = text
                run.append(element)
            paragraph._p.append(run)

    def zotero(items: list[dict], shown: str, locator: str = "") -> str:
        cited = [{"id": n, "uris": [f"http://zotero.org/users/1/items/{item['key']}"],
                  "itemData": {k: v for k, v in item.items() if k != "key"} | {"id": n},
                  **({"locator": locator, "label": "page"} if locator else {})}
                 for n, item in items]
        body = {"citationID": "a" + shown[:6].strip("( "), "properties": {
            "formattedCitation": shown, "plainCitation": shown, "noteIndex": 0},
            "citationItems": cited,
            "schema": "https://github.com/citation-style-language/schema/raw/master/csl-citation.json"}
        return "ADDIN ZOTERO_ITEM CSL_CITATION " + json.dumps(body, ensure_ascii=False)

    report = {"key": "AAAA1111", "type": "report", "title": "A city waiting: Kupiansk after the second occupation",
              "author": [{"family": "Dooley", "given": "Ann"}], "publisher": "Eastern Ukraine Monitor",
              "issued": {"date-parts": [[2023, 5]]}, "URL": "https://example.org/kupiansk",
              "accessed": {"date-parts": [[2024, 11, 1]]}}
    article = {"key": "BBBB2222", "type": "article-newspaper", "title": "Villages on the Oskil",
               "author": [{"family": "Dooley", "given": "Brian"}], "container-title": "Kharkiv Daily",
               "issued": {"date-parts": [[2023, 9, 2]]}, "URL": "https://example.org/oskil",
               "accessed": {"date-parts": [[2024, 11, 2]]}}
    mendeley_item = {"id": "ITEM-1", "type": "report", "title": "Звіт про відбудову",
                     "author": [{"family": "Шевченко", "given": "Тарас"}], "publisher": "Антикор",
                     "issued": {"date-parts": [["2022"]]}}
    mendeley = {"citationItems": [{"id": "ITEM-1", "itemData": mendeley_item,
                                   "uris": ["http://www.mendeley.com/documents/?uuid=5f1c"]}],
                "mendeley": {"formattedCitation": "(Шевченко 2022)",
                             "plainTextFormattedCitation": "(Шевченко 2022)"},
                "properties": {"noteIndex": 0},
                "schema": "https://github.com/citation-style-language/schema/raw/master/csl-citation.json"}
    doc = docx.Document()
    doc.add_paragraph("Cited draft", style="Title")
    doc.add_heading("Sources", 1)
    first = doc.add_paragraph("Most residents left in 2022 ")
    field(first, zotero([(1, report)], "(Dooley 2023, 12)", "12"), "(Dooley 2023, 12)")
    first.add_run(".")
    second = doc.add_paragraph("The villages emptied ")
    field(second, zotero([(2, article), (1, report)], "(Dooley 2023a; Dooley 2023)"),
          "(Dooley 2023a; Dooley 2023)")
    second.add_run(".")
    third = doc.add_paragraph("Contracts went to one firm ")
    field(third, "ADDIN CSL_CITATION " + json.dumps(mendeley, ensure_ascii=False), "(Шевченко 2022)")
    third.add_run(".")
    fourth = doc.add_paragraph("Evacuation buses stopped in July ")
    field(fourth, " ADDIN EN.CITE " + ENDNOTE, "(Kovalenko 2024)")
    fourth.add_run(".")
    doc.core_properties.author = "Field Documentation Team"
    doc.save(str(path))


def moved_draft(path: Path) -> None:
    """A tracked move (w:moveFrom / w:moveTo with their range marks), as Word records one."""
    import docx
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    doc = docx.Document()
    doc.add_paragraph("Moved draft", style="Title")
    a = doc.add_paragraph("First paragraph. ")
    a._p.append(parse_xml(
        f'<w:moveFromRangeStart {w} w:id="1" w:name="move1" w:author="Petro Reviewer" w:date="2024-11-21T09:00:00Z"/>'))
    a._p.append(parse_xml(f'<w:moveFrom {w} w:id="2" w:author="Petro Reviewer" w:date="2024-11-21T09:00:00Z">'
                          '<w:r><w:t xml:space="preserve">Moved sentence. </w:t></w:r></w:moveFrom>'))
    a._p.append(parse_xml(f'<w:moveFromRangeEnd {w} w:id="1"/>'))
    b = doc.add_paragraph("Second paragraph. ")
    b._p.append(parse_xml(
        f'<w:moveToRangeStart {w} w:id="3" w:name="move1" w:author="Petro Reviewer" w:date="2024-11-21T09:00:00Z"/>'))
    b._p.append(parse_xml(f'<w:moveTo {w} w:id="4" w:author="Petro Reviewer" w:date="2024-11-21T09:00:00Z">'
                          '<w:r><w:t xml:space="preserve">Moved sentence. </w:t></w:r></w:moveTo>'))
    b._p.append(parse_xml(f'<w:moveToRangeEnd {w} w:id="3"/>'))
    doc.core_properties.author = "Field Documentation Team"
    doc.save(str(path))


def encrypt(source: Path, target: Path) -> None:
    """The draft as Word saves it with a password (msoffcrypto-tool, agile encryption)."""
    from msoffcrypto.format.ooxml import OOXMLFile

    with open(source, "rb") as plain, open(target, "wb") as out:
        OOXMLFile(plain).encrypt("field-team", out)


def soffice(source: Path, target_dir: Path, fmt: str = "docx:MS Word 2007 XML") -> Path:
    subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{target_dir}/profile",
                    "--convert-to", fmt, "--outdir", str(target_dir), str(source)],
                   check=True, capture_output=True, timeout=300)
    suffix = "." + fmt.split(":")[0]
    return target_dir / (source.stem + suffix)


def fixed_dates(path: Path) -> None:
    """Fixed ZIP entry dates, so regenerating changes only what changed."""
    with zipfile.ZipFile(path) as source:
        entries = [(i.filename, source.read(i.filename)) for i in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in entries:
            target.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data,
                            compress_type=zipfile.ZIP_DEFLATED)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name, text in drafts().items():
            source = work / f"{name}.fodt"
            source.write_text(text, "utf-8")
            made = soffice(source, work)
            shutil.copy(made, OUT / f"{name}.docx")
            if name == "notes":  # the same draft saved as Word 97-2003, and with a password
                shutil.copy(soffice(source, work, "doc:MS Word 97"), OUT / "legacy.doc")
                encrypt(made, OUT / "encrypted.docx")
        for name, build in (("citations", citation_draft), ("moves", moved_draft)):
            raw = work / "raw" / f"{name}.docx"
            raw.parent.mkdir(exist_ok=True)
            build(raw)
            shutil.copy(soffice(raw, work), OUT / f"{name}.docx")
    for made in OUT.glob("*.docx"):
        if made.name != "encrypted.docx":
            fixed_dates(made)
    print(f"wrote {', '.join(sorted(p.name for p in OUT.iterdir() if p.suffix in ('.docx', '.doc')))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
