"""Ukrainian and Russian in Latin letters: one place for the tables ``hrf new`` (slugs) and
the protected-names check (a Cyrillic name also matches its Latin spelling) both use.

Ukrainian follows the national transliteration (Cabinet of Ministers resolution 55, 2010),
the one Ukraine uses for place names on signs and passports, so "Купʼянськ" gives "kupiansk".
Russian uses a simple BGN/PCGN-style table. ``transliterate`` picks the Russian table for a
word with letters only Russian has (ё, ъ, ы, э); ``transliterate_as`` applies one table to
every word, for matching a name whichever language it was written in.
"""

from __future__ import annotations

import re

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


def _word(word: str, table: dict[str, tuple[str, str]] | None = None) -> str:
    lower = word.lower()
    if table is None:
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


def transliterate_as(text: str, language: str) -> str:
    """``text`` in lower-case Latin letters with one table (``uk`` or ``ru``) for every word."""
    table = _UKRAINIAN if language == "uk" else _RUSSIAN
    return _WORD.sub(lambda m: _word(m.group(0), table), text)


def _tables() -> dict[str, tuple[dict[int, str], re.Pattern[str], dict[str, str]]]:
    """Per language: the non-initial spellings as a ``str.translate`` table, and the letters
    spelt otherwise at the start of a word with their initial spellings."""
    tables = {}
    for language, table in (("uk", _UKRAINIAN), ("ru", _RUSSIAN)):
        inner = {ord(char): spelling[0] for char, spelling in table.items()}
        inner.update({ord(char): "" for char in APOSTROPHES})
        initial = {char: spelling[1] for char, spelling in table.items() if spelling[0] != spelling[1]}
        pattern = re.compile(r"(?<![\w" + re.escape(APOSTROPHES) + r"])[" + "".join(initial) + "]")
        tables[language] = (inner, pattern, initial)
    return tables


_FAST = _tables()


def transliterate_text(text: str, language: str) -> str:
    """Like :func:`transliterate_as` for a whole document, at C speed (``str.translate``):
    lower case, one table, lines kept. Used to match names, where a rare difference from the
    word-by-word spelling (an apostrophe before a word's first letter) does not matter."""
    inner, initial_letter, initial = _FAST[language]
    lower = text.lower()
    lower = initial_letter.sub(lambda m: initial[m.group()], lower)
    if language == "uk":
        lower = lower.replace("зг", "zgh")
    return lower.translate(inner)
