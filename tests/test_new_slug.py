"""Folder names from titles: Ukrainian (KMU 2010), Russian, apostrophes, length."""

from __future__ import annotations

import pytest

from hrf_cli.scaffold.slug import MAX_LENGTH, slugify, transliterate


@pytest.mark.parametrize("title, slug", [
    ("Купʼянськ: місто, що чекає", "kupiansk-misto-shcho-chekaie"),
    ("Куп'янськ", "kupiansk"),
    ("Куп’янськ", "kupiansk"),
    ("Купянськ", "kupiansk"),
    ("Харків і Ізюм", "kharkiv-i-izium"),
    # KMU 2010: є ї й ю я at the start of a word, and зг as zgh.
    ("Єнакієве, Їжакевич, Йосипівка, Юрій, Яготин", "yenakiieve-yizhakevych-yosypivka-yurii-yahotyn"),
    ("Згорани", "zghorany"),
    ("Ґалаґан", "galagan"),
    ("Щастя", "shchastia"),
    # A word with letters only Russian has is read as Russian.
    ("Объединённые подъезды", "obedinennye-podezdy"),
    ("Women’s rights in Izium — 2024", "womens-rights-in-izium-2024"),
    ("Zürich: ÉTÉ", "zurich-ete"),
    ("  --Kupiansk!!  ", "kupiansk"),
    ("🙂 ☀", ""),
])
def test_slugs(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_long_titles_are_cut_at_a_hyphen() -> None:
    slug = slugify("Купʼянськ " * 20)
    assert len(slug) <= MAX_LENGTH
    assert slug == "-".join(["kupiansk"] * 6)
    assert slugify("a" * 100) == "a" * MAX_LENGTH


def test_transliterate_keeps_latin_and_punctuation() -> None:
    assert transliterate("Kupiansk, 2024: Купʼянськ") == "kupiansk, 2024: kupiansk"
