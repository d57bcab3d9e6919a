"""The pasted-marker rule: note numbers typed or pasted as plain text."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator

from hrf_cli.lint.findings import WARNING, Problem
from hrf_cli.lint.registry import rule

if TYPE_CHECKING:
    from hrf_cli.config import Config
    from hrf_cli.document import Document

# Digits at the end of a token; the characters before them decide whether they are a marker.
# Matched from the first digit of a run only (a digit, then "not after a digit"), so a long
# run of digits is one attempt, not one per digit.
TRAILING_DIGITS = re.compile(r"\d(?<!\d\d)\d*+(?!\S)")
MARKER_PUNCTUATION = ".,;:!?)]»”\"’'"
# A word glued to something like these is part of an address, a path or an identifier.
ADDRESS_CHARACTERS = "/.@:=&?#%~-_"
NEW_SENTENCE = re.compile(r"[ \t]*(?:\n[ \t]*\n|\n?[ \t]*\Z)|\s+[A-ZА-ЯІЇЄҐ«“\"]")
SUPERSCRIPT_RUN = re.compile(r"[¹²³⁰⁴⁵⁶⁷⁸⁹]+")
AFTER_WORD = re.compile(r"[^\W\d_]|[.,;:!?)»”\"’']")
# Abbreviations followed by a number are references, not notes: "p.3", "No.5", "Art.2".
ABBREVIATIONS = {
    "p", "pp", "no", "nos", "vol", "art", "arts", "para", "paras", "ch", "chap", "sec", "s",
    "fig", "tab", "ed", "n", "nn", "v", "vs", "cf", "op", "item", "ibid", "id", "st", "ст",
    "п", "ч", "гл", "т", "№",
}
UNITS = re.compile(r"(?:^|[^\w])(?:k|c|m|d)?m$|ft$|sq$")


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
    if len(word) >= 3 and word.islower() and digits[0] != "0" and NEW_SENTENCE.match(prose, end):
        return word + digits
    return None


@rule(
    "HRF107", "pasted-footnote-marker", WARNING,
    "A note number typed or pasted as plain text instead of a real note.",
    what="Finds digits glued to the end of a word or of sentence punctuation and followed by "
         "a space or the end of the paragraph (`war.1 We`, `Oblast.4`), and Unicode "
         "superscript digits after a word (`war.¹`). Decimals, section numbers, years, "
         "thousands and page references (`3.5 million`, `Article 2.1`, `in 2022.`, "
         "`12,000`, `p.3`) are not reported.",
    why="Text copied from a web page or a Word file keeps its note numbers as plain digits: "
        "they look right on screen but are not notes, so the sources vanish from every output.",
    bad="Most of them were held as prisoners of war.1 We were told that…",
    good="Most of them were held as prisoners of war.[^1] We were told that…",
)
def check_pasted(doc: Document, config: Config) -> Iterator[Problem]:
    prose = doc.scan.prose
    for m in TRAILING_DIGITS.finditer(prose):
        marker = _glued_marker(prose, m.start(), m.group())
        if marker is not None:
            yield Problem(m.start(), m.end(),
                          f"'{marker}' looks like a note number pasted as plain text; "
                          f"make it a note reference such as [^{m.group()}]")
    for start, end in _superscripts(prose):
        digits = prose[start:end]
        before = prose[max(0, start - 4):start]
        if digits in ("²", "³") and UNITS.search(before):
            continue  # m², km³: units, not notes
        yield Problem(start, end,
                      f"superscript '{digits}' looks like a note number pasted as "
                      "plain text; make it a note reference such as [^1]")


def _superscripts(prose: str) -> Iterator[tuple[int, int]]:
    """Runs of superscript digits after a letter or sentence punctuation.

    A superscript digit is itself a letter-like character to ``[^\\W\\d_]``, so a run after
    a space still counts from its second digit on (as a look-behind pattern finds it).
    Searching the digits first costs nothing on the many places without any.
    """
    for m in SUPERSCRIPT_RUN.finditer(prose):
        start, end = m.span()
        if start == 0 or not AFTER_WORD.match(prose, start - 1):
            start += 1
        if start < end:
            yield start, end
