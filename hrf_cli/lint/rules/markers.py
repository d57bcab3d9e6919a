"""The pasted-marker rule: note numbers typed or pasted as plain text."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator

from hrf_cli.lint.findings import WARNING, Problem
from hrf_cli.lint.registry import rule

if TYPE_CHECKING:
    from hrf_cli.config import Config
    from hrf_cli.document import Document

# Digits glued to sentence punctuation that follows a word ("war.1 We", "Oblast.4"), then a
# space or the paragraph's end; or glued straight to a lower-case word when a new sentence
# or the paragraph's end follows ("detained12 The"). Words inside URLs and paths don't count.
GLUED_DIGITS = re.compile(
    r"(?:(?<![\w/.@:=&?#%~-])(?P<word>[^\W\d_]+)(?P<punct>[.,;:!?)\]»”\"’']{1,2})"
    r"|(?<![\w/.@:=&?#%~-])(?P<plain>[a-zа-яіїєґ]{3,})(?=[1-9]\d{0,2}(?:\s+[A-ZА-ЯІЇЄҐ«“\"]"
    r"|[ \t]*(?:\n[ \t]*\n|\n?[ \t]*\Z))))"
    r"(?P<digits>\d{1,3})(?=\s|\Z)"
)
SUPERSCRIPT_DIGITS = re.compile(r"(?<=[^\W\d_]|[.,;:!?)»”\"’'])(?P<digits>[¹²³⁰⁴⁵⁶⁷⁸⁹]+)")
# Abbreviations followed by a number are references, not notes: "p.3", "No.5", "Art.2".
ABBREVIATIONS = {
    "p", "pp", "no", "nos", "vol", "art", "arts", "para", "paras", "ch", "chap", "sec", "s",
    "fig", "tab", "ed", "n", "nn", "v", "vs", "cf", "op", "item", "ibid", "id", "st", "ст",
    "п", "ч", "гл", "т", "№",
}
UNITS = re.compile(r"(?:^|[^\w])(?:k|c|m|d)?m$|ft$|sq$")


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
    for m in GLUED_DIGITS.finditer(prose):
        word = m.group("word")
        if word is not None:
            if word.casefold() in ABBREVIATIONS:
                continue
            marker = word[-12:] + m.group("punct") + m.group("digits")
        else:
            marker = m.group(0)
        start = m.start("digits")
        yield Problem(start, m.end("digits"),
                      f"'{marker}' looks like a note number pasted as plain text; "
                      f"make it a note reference such as [^{m.group('digits')}]")
    for m in SUPERSCRIPT_DIGITS.finditer(prose):
        before = prose[max(0, m.start() - 4):m.start()]
        if m.group("digits") in ("²", "³") and UNITS.search(before):
            continue  # m², km³: units, not notes
        yield Problem(m.start(), m.end(),
                      f"superscript '{m.group('digits')}' looks like a note number pasted as "
                      "plain text; make it a note reference such as [^1]")
