"""Pasted note numbers are found the same in ASCII text (searched from a classified copy) and
in any other text (searched with the pattern alone)."""

from __future__ import annotations

import random

import pytest

from hrf_cli.repairs.pasted import TRAILING_DIGITS, _trailing_digits, pasted_markers

ATOMS = ["a", "Z", "war", "1", "2", "0", "123", "2024", ".", ",", ";", ")", "]", '"', "'", " ",
         "\n", "\n\n", "\t", "x1", "war.1 The", "sha256:33d0", "!", "?", "-", "/", "_", "@",
         "(", "[", "No.5", "p.3", "detained12 The", "5,000"]


def test_ascii_text_gives_the_matches_of_the_pattern() -> None:
    rnd = random.Random(20261202)
    for _ in range(30000):
        text = "".join(rnd.choice(ATOMS) for _ in range(rnd.randint(0, 30)))
        assert text.isascii()
        expected = [m.span() for m in TRAILING_DIGITS.finditer(text)]
        assert [m.span() for m in _trailing_digits(text)] == expected, repr(text)


@pytest.mark.parametrize("quote", ["'", "’"])
def test_markers_are_found_alike_with_or_without_curly_quotes(quote: str) -> None:
    text = (f"The shelling of the witness{quote}s street began before the war.1 Residents were "
            "detained12 The count of 5,000 is from p.3 and No.5 of the file sha256:33d0.\n")
    found = [(m.text, m.digits) for m in pasted_markers(text)]
    assert found == [("war.1", "1"), ("detained12", "12")]
