"""Folder names from report titles: ASCII, lower-case, hyphenated and short.

Titles are often Ukrainian or Russian; :mod:`hrf_cli.translit` spells them in Latin letters
("Купʼянськ" gives "kupiansk" as in English-language reporting).
"""

from __future__ import annotations

import re
import unicodedata

from hrf_cli.translit import APOSTROPHES, transliterate

MAX_LENGTH = 60

__all__ = ["MAX_LENGTH", "slugify", "transliterate"]


def slugify(text: str, max_length: int = MAX_LENGTH) -> str:
    """A folder name for ``text``; empty when nothing in it can be spelt in ASCII."""
    latin = unicodedata.normalize("NFKD", transliterate(text))
    ascii_text = latin.encode("ascii", "ignore").decode("ascii").lower()
    ascii_text = re.sub("[" + re.escape(APOSTROPHES) + "]", "", ascii_text)
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) <= max_length:
        return slug
    cut = slug[:max_length + 1]
    return (cut.rsplit("-", 1)[0] if "-" in cut else cut[:max_length]).strip("-")
