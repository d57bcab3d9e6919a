"""Properties of ``hrf fix`` on generated reports, checked against the real pandoc.

Reports have scrambled numbered notes (some in headings, whose pandoc identifiers must
survive), CRLF or LF endings, tabs, trailing spaces, Unicode, code blocks and code spans
holding note syntax, HTML comments, escaped brackets and front matter with comments; the
notes section has definitions on consecutive lines and apart, with lazy continuation lines
and indented paragraphs. Renumbering and reordering must leave pandoc's AST exactly as it
was (labels never reach the AST); moving markers across punctuation may only move them.
"""

from __future__ import annotations

import re
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hrf_cli.config import Config, FixConfig
from hrf_cli.document import parse_document
from hrf_cli.fix.apply import fix_text
from hrf_cli.lint.rules.footnotes import check_order
from tests.pandoc_reading import pandoc_ast

WORDS = st.sampled_from(["Residents", "left", "Купʼянськ", "the city", "`[^2]`", "`[^1]: x`",
                         "<!-- [^3] -->", "\\[^1] and", "in\ttabs", "12,000", "war.1", "—"])
PUNCT = st.sampled_from(["", ".", ",", ";", "?!", ":"])
FRONT = st.sampled_from(["", "---\n# editors: keep this comment\ntitle: \"Kupiansk\"  # city\n"
                             "lang: uk\n---\n\n"])
CODE = st.sampled_from(["```\n[^2]: not a note\nsee [^1]\n```", "    [^3] indented code",
                        "~~~ {.md}\n\t[^1]\n~~~"])
NOTE_TEXT = st.sampled_from(["Interview, March 2023.", "OHCHR, Update 35 — Купʼянськ.",
                             "See `[^2]` and <!-- [^1] -->.", "Ukrinform.\n\n    Second paragraph.",
                             "Witness B,\na lazy continuation line.", "Report\n    continued, indented."])


@st.composite
def reports(draw: st.DrawFn) -> str:
    """A report whose notes are referenced in a scrambled numeric (or named) order."""
    count = draw(st.integers(1, 12))  # 10 and more: labels change length
    labels = draw(st.permutations([str(n) for n in range(1, count + 1)]))
    if draw(st.booleans()):
        labels[draw(st.integers(0, count - 1))] = "kharkiv"
    blocks: list[str] = []
    for label in labels + draw(st.lists(st.sampled_from(labels), max_size=2)):
        words = draw(st.lists(WORDS, min_size=1, max_size=4))
        before, after = draw(PUNCT), draw(PUNCT)
        container = draw(st.sampled_from(["", "", "- ", "> ", "1. ", "## "]))
        blocks.append(container + " ".join(words) + f"{before}[^{label}]{after} " + draw(WORDS) + ".")
        if draw(st.integers(0, 3)) == 0:
            blocks.append(draw(CODE))
        if draw(st.integers(0, 5)) == 0:  # a simple table, read by character columns
            head, cell = f"Killed[^{label}]".ljust(18), f"12[^{label}]".ljust(18)
            blocks.append(f"  Town        {head}  Source\n  ----------  {'-' * 18}  ------\n"
                          f"  Kupiansk    {cell}  OHCHR\n  Izium       {'4':18}  UN")
    definitions = [f"[^{label}]: {draw(NOTE_TEXT)}" for label in draw(st.permutations(labels))]
    if draw(st.booleans()):
        definitions.insert(draw(st.integers(0, count)), "[^9]: Nobody refers to this one.")
    if draw(st.booleans()):
        definitions.append(definitions[0])  # an exact duplicate
    notes = definitions[0]  # the notes section: on consecutive lines or apart
    for definition in definitions[1:]:
        notes += draw(st.sampled_from(["\n", "\n\n", "\n \n\n"])) + definition
    text = draw(FRONT) + "\n\n".join(blocks + ["## Notes", notes]) + "\n"
    if draw(st.booleans()):
        text = text.replace(".\n", ".  \n")  # trailing spaces
    return text.replace("\n", "\r\n") if draw(st.booleans()) else text


def without_notes(node: Any, notes: list[Any]) -> Any:
    """The AST with Note elements taken out (collected in reading order) and Str runs joined."""
    if isinstance(node, dict):
        return {key: without_notes(value, notes) for key, value in node.items()}
    if not isinstance(node, list):
        return node
    out: list[Any] = []
    for item in node:
        if isinstance(item, dict) and item.get("t") == "Note":
            notes.append(without_notes(item["c"], notes))
            continue
        item = without_notes(item, notes)
        if isinstance(item, dict) and item.get("t") == "Str" and out and out[-1].get("t") == "Str":
            out[-1] = {"t": "Str", "c": out[-1]["c"] + item["c"]}
        else:
            out.append(item)
    return out


def labels_hidden(text: str) -> str:
    """Numeric labels hidden, and the spaces after them (a table's column gap may change),
    and the identifiers renumbering writes out for headings holding a note (``{#results3}``)."""
    return re.sub(r"\[\^[0-9]+\] *", "[^#] ", re.sub(r" \{#[^}\s]+\}(?=[ \t]*\r?$)", "", text, flags=re.M))


def order_findings(text: str) -> list[str]:
    return [p.message for p in check_order(parse_document(text), Config())]


SETTINGS = settings(max_examples=40, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(reports())
def test_renumbering_changes_labels_only_and_pandoc_sees_the_same_report(text: str) -> None:
    outcome = fix_text(text, ["renumber"], FixConfig())
    after = outcome.text
    assert labels_hidden(after) == labels_hidden(text)  # every other byte as it was
    if outcome.notes:  # refused: a literal [^3] (no definition) would start resolving
        assert after == text and outcome.notes[0].startswith("not renumbered: [^")
    else:
        assert order_findings(after) == []
    assert fix_text(after, ["renumber"], FixConfig()).text == after
    assert pandoc_ast(after) == pandoc_ast(text)


@SETTINGS
@given(reports())
def test_all_safe_repairs_together_leave_pandocs_ast_unchanged(text: str) -> None:
    config = FixConfig(reorder_definitions=True)
    outcome = fix_text(text, ["duplicate-definitions", "renumber", "reorder-definitions"], config)
    after = outcome.text
    front_end = text.find("---", 3) if text.startswith("---") else 0
    assert after[:front_end] == text[:front_end]  # front matter comments and all
    if "\r\n" in text:
        assert "\n" not in after.replace("\r\n", "")  # still CRLF throughout
    else:
        assert "\r" not in after
    assert order_findings(after) == [] or outcome.notes
    doc = parse_document(after)
    referenced = {ref.label for ref in doc.resolved_refs()} - {"kharkiv"}
    notes = [d.label for d in doc.footnote_defs
             if d.start > after.index("## Notes") and d.label in referenced]
    assert notes == sorted(notes, key=int) or outcome.notes  # notes section in reading order
    assert pandoc_ast(after) == pandoc_ast(text)


@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_marker_placement_only_moves_markers_across_punctuation(text: str) -> None:
    before_notes: list[Any] = []
    before = without_notes(pandoc_ast(text), before_notes)
    for placement in ("after-punctuation", "before-punctuation"):
        after = fix_text(text, ["marker-placement"], FixConfig(marker_placement=placement)).text
        markers = r"\[\^[^\]\s]+\]"
        assert re.sub(markers, "", after) == re.sub(markers, "", text)
        after_notes: list[Any] = []
        assert without_notes(pandoc_ast(after), after_notes) == before
        assert after_notes == before_notes
