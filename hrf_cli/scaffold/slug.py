"""Folder names from report titles: ASCII, lower-case, hyphenated and short.

Titles are often Ukrainian or Russian. Ukrainian follows the national transliteration
(Cabinet of Ministers resolution 55, 2010), the one Ukraine uses for place names on signs
and passports, so "Купʼянськ" gives "kupiansk" as in English-language reporting. A word with
letters only Russian has (ё, ъ, ы, э) uses a simple BGN/PCGN-style table instead.
"""

from __future__ import annotations

import re
import unicodedata

MAX_LENGTH = 60
APOSTROPHES = "'ʼ’‘`´"

# Letters whose spelling does not depend on the language.
_COMMON = {
    "а": "a", "б": "b", "в": "v", "д": "d", "е": "e", "ж": "zh", "з": "z", "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "",
}
# Ukrainian (KMU 2010): the second spelling is used at the start of a word.
_UKRAINIAN = {
    **{k: (v, v) for k, v in _COMMON.items()},
    "г": ("h", "h"), "ґ": ("g", "g"), "и": ("y", "y"), "і": ("i", "i"),
    "є": ("ie", "ye"), "ї": ("i", "yi"), "й": ("i", "y"), "ю": ("iu", "yu"), "я": ("ia", "ya"),
    # Russian letters in a Ukrainian word are typos; give them their usual reading.
    "ё": ("io", "yo"), "ъ": ("", ""), "ы": ("y", "y"), "э": ("e", "e"),
}
_RUSSIAN = {
    **{k: (v, v) for k, v in _COMMON.items()},
    "г": ("g", "g"), "и": ("i", "i"), "й": ("y", "y"), "ё": ("e", "e"), "ъ": ("", ""),
    "ы": ("y", "y"), "э": ("e", "e"), "ю": ("yu", "yu"), "я": ("ya", "ya"), "е": ("e", "ye"),
    "ґ": ("g", "g"), "і": ("i", "i"), "ї": ("yi", "yi"), "є": ("ye", "ye"),
}
_RUSSIAN_ONLY = set("ёъыэ")
_WORD = re.compile(r"[\w" + re.escape(APOSTROPHES) + r"]+")


def transliterate(text: str) -> str:
    """``text`` in lower-case Latin letters: Cyrillic words transliterated, the rest kept."""
    return _WORD.sub(lambda m: _word(m.group(0)), text)


def _word(word: str) -> str:
    lower = word.lower()
    table = _RUSSIAN if _RUSSIAN_ONLY & set(lower) else _UKRAINIAN
    out: list[str] = []
    at_start = True
    for index, char in enumerate(lower):
        if char in APOSTROPHES:
            continue  # Купʼянськ, women's: an apostrophe never splits a word
        spelling = table.get(char)
        if spelling is None:
            out.append(char)
        elif table is _UKRAINIAN and char == "г" and index > 0 and lower[index - 1] == "з":
            out.append("gh")  # KMU 2010: зг is zgh, so it is not read as zh
        else:
            out.append(spelling[1] if at_start else spelling[0])
        at_start = False
    return "".join(out)


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
