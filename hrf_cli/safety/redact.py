"""Redactions in a report: ``[text]{.redact}`` spans and ``::: redact`` blocks, and the words
they hide, so lint can find those words left unredacted elsewhere.

What counts as a redacted "word" (the ``redaction-leak`` rule reports these):

- the whole redacted phrase (spacing and case aside), whatever its length;
- each capitalised word in it of two letters or more that is not a common function word
  ("The", "And", "У", "В"...): names of people, places and units;
- each token with three digits or more: phone, passport and plate numbers, dates of birth.

Lower-case ordinary words ("driver", "house") are not reported on their own: they are
everywhere in a report and say nothing without the rest of the phrase.
"""

from __future__ import annotations

import re
from collections import namedtuple
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hrf_cli.document import Document

# Patterns, compiled (re.compile's own cache) where a report needs them: every lint loads this
# module, and most reports redact nothing.
SPAN = r"\[((?:[^\[\]]|\[[^\[\]]*\]){1,4000}?)\]\{([^{}\n]*)\}"
DIV_OPEN = r"(?m)^ {0,3}(:{3,})[ \t]*(?:\{([^{}\n]*)\}|([^\s{}:]+))?[ \t]*:*[ \t]*\r?$"
REDACT_CLASS = r"(?:^|\s)\.redact(?=\s|$)|class\s*=\s*[\"']?[^\"']*\bredact\b"
COMMENT = r"(?s)<!--.*?-->"
WORD = r"[^\W\d_][\w'’ʼ-]*|\w*\d\w*"
STOP_WORDS = frozenset("""
a an and as at but by for from he her his i in into it its mr mrs ms dr of on or our she
that the their they this to was we were with who whom your
і й та а але в у на з із до від по за як що це він вона вони ми ви його її їх пан пані
и в во на с со к ко от по за как что это он она они мы вы его ее их г-н г-жа
""".split())


class Redaction(namedtuple("Redaction", "start end text")):
    """One redaction: its range in the text (markers included) and the text it hides."""

    __slots__ = ()
    start: int
    end: int
    text: str


def redactions(doc: Document) -> list[Redaction]:
    """Every redaction span and block of the body, outside code."""
    text, prose = doc.text, doc.scan.prose
    found: list[Redaction] = []
    # Most reports redact nothing: one substring search each rules a kind out.
    spans = re.compile(SPAN).finditer(text, doc.body_start) if "]{" in text else ()
    for m in spans:
        if re.search(REDACT_CLASS, m.group(2)) and _is_prose(text, prose, m.start()):
            found.append(Redaction(m.start(), m.end(), m.group(1)))
    if ":::" in text:
        found += _blocks(text, doc.body_start)
    return sorted(found, key=lambda r: r.start)


def _is_prose(text: str, prose: str, at: int) -> bool:
    """The scanner left this place as prose (not code, not raw HTML, not a comment)."""
    return at < len(prose) and prose[at] == text[at]


def _blocks(text: str, start: int) -> list[Redaction]:
    """``::: redact`` ... ``:::`` (or ``::: {.redact}``), with nested divs counted."""
    found = []
    opens = [m for m in re.compile(DIV_OPEN).finditer(text, start)]
    depth_stack: list[tuple[int, int, bool]] = []  # (start, content start, is redaction)
    for m in opens:
        attributes, name = m.group(2), m.group(3)
        if attributes is None and name is None:  # a closing fence
            if depth_stack:
                begin, content, redacted = depth_stack.pop()
                if redacted and not any(r for _, _, r in depth_stack):
                    found.append(Redaction(begin, m.end(), text[content:m.start()]))
            continue
        redacted = name == "redact" or bool(attributes and re.search(REDACT_CLASS, attributes))
        depth_stack.append((m.start(), m.end(), redacted))
    return found


def blank(text: str, ranges: list[tuple[int, int]]) -> str:
    """``text`` with the given ranges turned into spaces (newlines kept, offsets kept)."""
    pieces, pos = [], 0
    for start, end in sorted(ranges):
        if end <= pos:
            continue
        start = max(start, pos)
        pieces.append(text[pos:start])
        pieces.append(re.sub(r"[^\n]", " ", text[start:end]))
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces)


def comment_ranges(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(COMMENT, text)]


def significant_terms(redacted: str) -> list[str]:
    """The phrase itself and its names and numbers (see the module docstring)."""
    plain = re.sub(r"[*_`~^]|\[|\]|\{[^}]*\}", " ", redacted)
    words = re.findall(WORD, plain)
    terms = []
    phrase = " ".join(words)
    if phrase:
        terms.append(phrase)
    for word in words:
        core = word.strip("'’ʼ-")
        if sum(ch.isdigit() for ch in core) >= 3:
            terms.append(core)
        elif len(core) >= 2 and core[0].isupper() and core.lower() not in STOP_WORDS:
            terms.append(core)
    return list(dict.fromkeys(terms))
