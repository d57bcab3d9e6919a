"""Note numbers pasted as plain text ("war.1 We", "war.¹"): where they stand.

The pasted-footnote-marker rule reports them and the pasted-markers repair turns the ones it
can identify into note references; both read them here, below lint and fix.
"""

from __future__ import annotations

import re
from collections import namedtuple
from functools import cache
from typing import Iterator

# Digits at the end of a token; the characters before them decide whether they are a marker.
# Matched from the first digit of a run only (a digit, then "not after a digit"), so a long
# run of digits is one attempt, not one per digit.
# Only digits after a letter or one of MARKER_PUNCTUATION can be a marker, so the others
# (most numbers in a report) are not even handed to Python.
TRAILING_DIGITS = re.compile(r"\d(?<=[^\W\d_]\d|[.,;:!?)\]»”\"’']\d)\d*+(?!\S)")
MARKER_PUNCTUATION = ".,;:!?)]»”\"’'"
SUPERSCRIPT_DIGITS = "¹²³⁰⁴⁵⁶⁷⁸⁹"
# A word glued to something like these is part of an address, a path or an identifier.
ADDRESS_CHARACTERS = "/.@:=&?#%~-_"


# The patterns below are compiled on first use (most reports never need them: compiling all
# of a lint's patterns at import is a tenth of its start-up).
@cache
def _new_sentence() -> re.Pattern[str]:
    return re.compile(r"[ \t]*(?:\n[ \t]*\n|\n?[ \t]*\Z)|\s+[A-ZА-ЯІЇЄҐ«“\"]")


@cache
def _superscript_run() -> re.Pattern[str]:
    return re.compile(f"[{SUPERSCRIPT_DIGITS}]+")


@cache
def _after_word() -> re.Pattern[str]:
    return re.compile(r"[^\W\d_]|[.,;:!?)»”\"’']")


# Abbreviations followed by a number are references, not notes: "p.3", "No.5", "Art.2".
ABBREVIATIONS = {
    "p", "pp", "no", "nos", "vol", "art", "arts", "para", "paras", "ch", "chap", "sec", "s",
    "fig", "tab", "ed", "n", "nn", "v", "vs", "cf", "op", "item", "ibid", "id", "st", "ст",
    "п", "ч", "гл", "т", "№",
}


@cache
def _units() -> re.Pattern[str]:
    return re.compile(r"(?:^|[^\w])(?:k|c|m|d)?m$|ft$|sq$")


def _glued_marker(prose: str, start: int, digits: str) -> str | None:
    """The text of a pasted marker ending in ``digits`` at ``start``, or None if it is not one.

    Digits count when glued to sentence punctuation that follows a word ("war.1 We",
    "Oblast.4"), or glued straight to a lower-case word when a new sentence or the
    paragraph's end follows ("detained12 The"). Scanning digits first and looking back is
    several times faster than one pattern with look-behinds over a whole report.
    """
    if len(digits) > 3 or start == 0:
        return None
    k = start
    while k > 0 and start - k < 2 and prose[k - 1] in MARKER_PUNCTUATION:
        k -= 1
    j = k
    while j > 0 and prose[j - 1].isalpha():
        j -= 1
    word, punctuation = prose[j:k], prose[k:start]
    if not word or (j > 0 and (prose[j - 1].isalnum() or prose[j - 1] in ADDRESS_CHARACTERS)):
        return None
    if punctuation:
        if word.casefold() in ABBREVIATIONS:
            return None
        return word[-12:] + punctuation + digits
    end = start + len(digits)
    if len(word) >= 3 and word.islower() and digits[0] != "0" and _new_sentence().match(prose, end):
        return word + digits
    return None


class PastedMarker(namedtuple("PastedMarker", "start end digits text superscript")):
    """Digits at ``prose[start:end]`` that look like a pasted note number; ``text`` is the
    word and punctuation they are glued to, for messages."""

    __slots__ = ()
    start: int
    end: int
    digits: str
    text: str
    superscript: bool


# For ASCII text: letters and marker punctuation as "a", digits as "d", the rest as " ".
_ASCII_CLASSES = bytes(
    ord("a") if chr(code).isalpha() or chr(code) in MARKER_PUNCTUATION
    else ord("d") if chr(code).isdigit() else ord(" ")
    for code in range(256))


def _trailing_digits(prose: str) -> Iterator[re.Match[str]]:
    """``TRAILING_DIGITS.finditer(prose)``, faster on ASCII text.

    A match starts at a digit after a letter or marker punctuation. In ASCII text (usual for
    pandoc Markdown, whose ``smart`` extension makes the curly quotes and dashes) those
    places are found by a substring search over the text classified with ``bytes.translate``
    (about 2,000 in a 150,000-word report, against its 28,000 digits); the pattern is tried
    at them alone, in order. A match never holds the start of another, so the matches are
    the same.
    """
    if not prose.isascii():
        yield from TRAILING_DIGITS.finditer(prose)
        return
    classes = prose.encode("ascii").translate(_ASCII_CLASSES)
    match, find = TRAILING_DIGITS.match, classes.find
    at = find(b"ad")
    while at != -1:
        m = match(prose, at + 1)
        if m is not None:
            yield m
        at = find(b"ad", at + 2)


def pasted_markers(prose: str) -> Iterator[PastedMarker]:
    """Every pasted marker in the scanner's prose (code, URLs and raw HTML already blanked)."""
    for m in _trailing_digits(prose):
        marker = _glued_marker(prose, m.start(), m.group())
        if marker is not None:
            yield PastedMarker(m.start(), m.end(), m.group(), marker, False)
    for start, end in _superscripts(prose):
        digits = prose[start:end]
        before = prose[max(0, start - 4):start]
        if digits in ("²", "³") and _units().search(before):
            continue  # m², km³: units, not notes
        yield PastedMarker(start, end, digits, digits, True)


def _superscripts(prose: str) -> Iterator[tuple[int, int]]:
    """Runs of superscript digits after a letter or sentence punctuation.

    A superscript digit is itself a letter-like character to ``[^\\W\\d_]``, so a run after
    a space still counts from its second digit on (as a look-behind pattern finds it).
    Searching the digits first costs nothing on the many places without any.
    """
    if not any(digit in prose for digit in SUPERSCRIPT_DIGITS):  # ten substring searches
        return
    after_word = _after_word()
    for m in _superscript_run().finditer(prose):
        start, end = m.span()
        if start == 0 or not after_word.match(prose, start - 1):
            start += 1
        if start < end:
            yield start, end
