"""Readable citation keys for items cited in a Word draft."""

from __future__ import annotations

from hrf_cli.word.citekeys import readable_keys


def item(ident: str, family: str | None = None, year: int | None = None, **more) -> dict:
    out = {"id": ident, "type": "report", **more}
    if family is not None:
        out["author"] = [{"family": family, "given": "A."}]
    if year is not None:
        out["issued"] = {"date-parts": [[year]]}
    return out


def test_family_and_year_with_letters_on_a_clash_in_citation_order() -> None:
    items = [item("7", "Dooley", 2023), item("9", "Dooley", 2023), item("3", "Dooley", 2023)]
    assert readable_keys(items, ["9", "3", "7"]) == {"9": "dooley2023", "3": "dooley2023a",
                                                     "7": "dooley2023b"}


def test_cyrillic_names_transliterated_ukrainian_and_russian() -> None:
    keys = readable_keys([item("a", "Шевченко", 2022), item("b", "Жуков", 2021),
                          item("c", "Съедин", 2020), item("d", "Гаврилюк", 2019)],
                         ["a", "b", "c", "d"])
    assert keys == {"a": "shevchenko2022", "b": "zhukov2021", "c": "sedin2020",
                    "d": "havryliuk2019"}


def test_fallbacks_literal_authors_title_and_no_date() -> None:
    keys = readable_keys([item("x", title="Situation report on Kharkiv oblast", year=2024),
                          {"id": "y", "author": [{"literal": "OHCHR"}], "issued": {"raw": "May 2024"}},
                          item("z", "O'Brien")], ["x", "y", "z"])
    assert keys == {"x": "situation2024", "y": "ohchr2024", "z": "obriennd"}
