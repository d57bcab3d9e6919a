"""The word count (JSON ``stats.words``) is the count of tokens with a word character, however
the text is written: ASCII, Cyrillic, curly quotes, dashes, odd spaces, many symbols."""

from __future__ import annotations

import json
import random
from typing import Any, Callable

import pytest

from hrf_cli.wordcount import MAX_KINDS, count_words, plain_count_words

# Characters where a byte-level count could go wrong: Unicode spaces (str.split cuts at
# them), non-ASCII punctuation, combining marks (not word characters), digits of other
# scripts, astral characters, ASCII control "spaces" and letters that spell the classes.
ATOMS = ["a", "Я", "é", " ", "\t", "\n", "\xa0", "\u2003", "\u3000", "\x1c", "\x85", "—",
         "’", "“", "_", "1", "٣", "\u0301", ".", "#", "[", "]", "@", "²", "\U0001F600",
         "x\u200b", "\u2028", "\u205f", "\u1680", "\x0b", "w", " w", ".", "..", "→", "€"]


def definition(text: str) -> int:
    """What a word is, spelled out: a str.split() token holding a \\w character."""
    return sum(1 for token in text.split() if any(c.isalnum() or c == "_" for c in token))


@pytest.mark.parametrize("text, words", [
    ("", 0),
    ("Kupiansk was retaken in 2022.", 5),
    ("## Background — and after", 3),  # "##" and a lone dash are not words
    ("Київ, «Харків» і Куп’янськ", 4),
    ("a\xa0b\u2003c\u3000d", 4),  # no-break and wide spaces separate words
    ("“ ” ‘ ’ … — –", 0),
    ("e\u0301 \u0301", 1),  # a lone combining mark is not a word
    ("w w. .w ..", 3),
])
def test_counts_words_as_written(text: str, words: int) -> None:
    assert count_words(text) == words == definition(text)


def test_agrees_with_the_definition_on_random_text() -> None:
    rnd = random.Random(20261202)
    for _ in range(20000):
        text = "".join(rnd.choice(ATOMS) for _ in range(rnd.randint(0, 40)))
        assert count_words(text) == plain_count_words(text) == definition(text), repr(text)


def test_many_kinds_of_symbol_are_counted_the_plain_way() -> None:
    symbols = [chr(0x2200 + k) for k in range(MAX_KINDS + 5)]  # mathematical operators
    text = " ".join(f"{s} x{s} {s}{s}" for s in symbols)
    assert count_words(text) == len(symbols) == definition(text)


def test_json_stats_count_words_in_any_script(hrf: Callable[..., Any],
                                              write: Callable[..., Any]) -> None:
    write("report.md", "---\ntitle: Звіт\n---\n\n"
          "Обстріл Куп’янська — 12 травня.\xa0Свідки: «двоє загиблих».\n\n"
          "A “quoted” word — and ## markup.\n")
    stats = json.loads(hrf("lint", "--format", "json", "report.md").stdout)["files"][0]["stats"]
    # 7 Ukrainian words ("12" is one, the dash is not), then A, “quoted”, word, and, markup.
    assert stats["words"] == 12
