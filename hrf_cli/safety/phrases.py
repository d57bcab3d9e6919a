"""Find many phrases in a long text at once, on whole words, ignoring case and spacing.

A regular expression with one branch per phrase (even shaped as a trie) makes Python's
engine try the branches at every character (0.2-0.5 s on a 1 MB report with 500 names), and
compiling it takes as long again. So an Aho-Corasick automaton (``ahocorasick_rs``, in Rust)
first finds where the phrases' first words occur in the lower-cased text, in one pass; only
there does the exact expression of those phrases run (whole words, any run of spaces,
hyphens, underscores or dots between words, any apostrophe variant).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Iterator

from hrf_cli.translit import APOSTROPHES

SEPARATOR = re.compile(r"[\s_.\-]+")
GAP = r"[\s_.\-]+"
APOSTROPHE_CLASS = "[" + re.escape(APOSTROPHES) + "]?"
ONE_APOSTROPHE = str.maketrans({char: "'" for char in APOSTROPHES})
WORD_CHAR = re.compile(r"[^\W_]")


def fold(phrase: str, apostrophes: bool = True) -> str:
    """The form two spellings of a phrase share: NFKC, lower case, one space between words,
    one apostrophe (``'``) for all its variants, or none when ``apostrophes`` is false."""
    text = unicodedata.normalize("NFKC", phrase).lower()
    text = re.sub("[" + re.escape(APOSTROPHES) + "]", "'" if apostrophes else "", text)
    return " ".join(SEPARATOR.split(text)).strip()


def trie_pattern(phrases: list[str]) -> str:
    """One regular expression for many folded phrases, shared prefixes written once."""
    trie: dict[str, dict] = {}
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}
    return _emit(trie)


def _emit(node: dict[str, dict]) -> str:
    branches = []
    for char, child in sorted(node.items()):
        if char == "":
            continue
        piece = GAP if char == " " else APOSTROPHE_CLASS if char == "'" else re.escape(char)
        branches.append(piece if child.keys() == {""} else piece + _emit(child))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return "(?:" + body + ")?" if "" in node else body


class PhraseMatcher:
    """Folded phrases, searched together; ``finditer`` gives every whole-word occurrence.

    Nothing big is compiled up front: the automaton holds the phrases' first words, and the
    expression of the phrases sharing a first word is compiled the first time it is found.
    """

    def __init__(self, phrases: list[str]) -> None:
        self.phrases = [p for p in dict.fromkeys(phrases) if p]
        by_first: dict[str, list[str]] = {}
        for phrase in self.phrases:
            first = phrase.split(" ")[0]
            for key in {first, first.replace("'", "")}:
                if key:
                    by_first.setdefault(key, []).append(phrase)
        self._firsts = sorted(by_first)
        self._candidates = [by_first[first] for first in self._firsts]
        self._compiled: dict[tuple[int, bool], re.Pattern[str]] = {}
        self._automaton: Any = None

    def __bool__(self) -> bool:
        return bool(self.phrases)

    def finditer(self, text: str, whole_words: bool = True) -> Iterator[re.Match[str]]:
        """Occurrences in ``text``, left to right, none overlapping, the longest at each
        place; with ``whole_words`` false, also inside longer words (for hiding names)."""
        if not self.phrases:
            return
        low = text.lower()
        if len(low) != len(text):  # "İ" lower-cases to two characters: keep offsets true
            low = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
        low = low.translate(ONE_APOSTROPHE)
        end = 0
        for index, start, _ in self._search(low):
            if start < end or (whole_words and start > 0 and WORD_CHAR.match(low, start - 1)):
                continue
            m = self._expression(index, whole_words).match(text, start)
            if m is not None:
                end = m.end()
                yield m

    def sub(self, replacement: str, text: str) -> str:
        """``text`` with every occurrence, inside words too, replaced."""
        pieces, pos = [], 0
        for m in self.finditer(text, whole_words=False):
            pieces += [text[pos:m.start()], replacement]
            pos = m.end()
        return "".join(pieces) + text[pos:]

    def _expression(self, index: int, whole_words: bool) -> re.Pattern[str]:
        """The phrases that start with first word ``index``, as one expression (the longest
        wins: the trie's optional tails are greedy)."""
        key = (index, whole_words)
        if key not in self._compiled:
            body = trie_pattern(self._candidates[index])
            if whole_words:
                body = r"(?<![^\W_])" + body + r"(?![^\W_])"
            self._compiled[key] = re.compile(body, re.IGNORECASE)
        return self._compiled[key]

    def _search(self, low: str) -> list[tuple[int, int, int]]:
        if self._automaton is None:
            import ahocorasick_rs

            self._automaton = ahocorasick_rs.AhoCorasick(
                self._firsts, matchkind=ahocorasick_rs.MATCHKIND_LEFTMOST_LONGEST)
        return self._automaton.find_matches_as_indexes(low)
