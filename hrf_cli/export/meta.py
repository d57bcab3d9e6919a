"""What export needs from a report's front matter before pandoc starts: date, language, kind.

The date decides the metadata dates of the DOCX and the PDF (``SOURCE_DATE_EPOCH`` still
wins, so a release script can pin them) and is written out in the report's language on the
cover, the web page and the Word file ("25 November 2024", "25 листопада 2024 р."). The
language (default ``en-GB``) also chooses citeproc's locale, so notes and body agree.
"""

from __future__ import annotations

import datetime
import os
import re
from dataclasses import dataclass

DEFAULT_LANG = "en-GB"
EARLIEST = datetime.date(1980, 1, 1)  # a ZIP (so a DOCX) holds no earlier date
ISO_DATE = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.+\-Z]*)?\s*")
MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
    "uk": ["січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня",
           "вересня", "жовтня", "листопада", "грудня"],
    "ru": ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
           "сентября", "октября", "ноября", "декабря"],
}
SUFFIX = {"uk": " р.", "ru": " г."}
KINDS = ("report", "brief", "statement")


@dataclass(frozen=True)
class ReportMeta:
    """The few front-matter values export acts on, checked."""

    lang: str = DEFAULT_LANG
    lang_given: bool = False  # the front matter has a lang key (pandoc -M would override it)
    date: datetime.date | None = None
    kind: str = "report"

    def date_text(self) -> str | None:
        return write_date(self.date, self.lang) if self.date else None

    def epoch(self) -> int:
        """SOURCE_DATE_EPOCH when set, else the report's date (not before 1980), else 1980."""
        given = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        if given.isdigit():
            return int(given)
        day = max(self.date or EARLIEST, EARLIEST)
        return int(datetime.datetime(day.year, day.month, day.day,
                                     tzinfo=datetime.timezone.utc).timestamp())


def write_date(day: datetime.date, lang: str) -> str:
    """``day`` written out in ``lang`` (English, Ukrainian, Russian); ISO for other languages."""
    base = lang.split("-")[0].lower()
    if base not in MONTHS:
        return day.isoformat()
    month = MONTHS[base][day.month - 1]
    if base == "en" and lang.lower() in ("en-us", "en-ca", "en-ph"):
        return f"{month} {day.day}, {day.year}"
    return f"{day.day} {month} {day.year}{SUFFIX.get(base, '')}"


def read_meta(text: str) -> ReportMeta:
    """The date, lang and kind (``type:``) of a report's YAML front matter; defaults otherwise."""
    from hrf_cli.document import FRONT_CLOSE, find_front_matter

    start = 1 if text.startswith("\ufeff") else 0
    found = find_front_matter(text, start)
    if not found:
        return ReportMeta()
    _, yaml_start, _ = found
    close = FRONT_CLOSE.search(text, yaml_start)
    data = _load(text[yaml_start:close.start() if close else yaml_start])
    if not isinstance(data, dict):
        return ReportMeta()
    lang = data.get("lang")
    lang_ok = isinstance(lang, str) and re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", lang)
    kind = data.get("type")
    # A lang that is not a tag is still the author's: export warns and leaves it out.
    return ReportMeta(lang=str(lang) if lang_ok else DEFAULT_LANG, lang_given="lang" in data,
                      date=_date(data.get("date")),
                      kind=str(kind) if kind in KINDS else "report")


def _load(source: str) -> object:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        return YAML(typ="safe").load(source.replace("\r\n", "\n"))
    except (YAMLError, ValueError):
        return None


def _date(value: object) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    match = ISO_DATE.fullmatch(value) if isinstance(value, str) else None
    if not match:
        return None
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None
