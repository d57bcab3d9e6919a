"""Issue 9, "read every document as pandoc 3.9 does": each case checked against the binary.

Every snippet here was read differently by hrf before (notes pandoc renders reported as
undefined, comments that hide more than one paragraph, headings that swallow a definition,
example references and emphasis taken for citations, ```` ```{python} ```` taken for a
fence); the test compares hrf's count of rendered notes and its citation ids with pandoc's.
"""

from __future__ import annotations

import pytest

from hrf_cli.document import parse_document
from tests.pandoc_reading import pandoc_counts

CASES = {
    # A definition right under a block that ends on its own line, no blank line between.
    "under-atx-heading": "# Findings[^1]\n[^1]: Interview, March 2023.\n",
    "under-setext-heading": "Findings[^1]\n========\n[^1]: Interview, March 2023.\n",
    "under-pipe-table": "| Town | Killed[^1] |\n|---|---|\n| Kupiansk | 12 |\n[^1]: OHCHR.\n",
    "under-grid-table": ("+------+---------+\n| Town | Dead[^1] |\n+======+=========+\n"
                         "| Izium | 4 |\n+------+---------+\n[^1]: OHCHR.\n"),
    "under-closing-div": "<div>\nShelling[^1] went on.\n</div>\n[^1]: Interview.\n",
    "under-closing-section": "<section>\nShelling[^1].\n</section>\n[^1]: Interview.\n",
    "closing-tag-ends-paragraph": "Shelling[^1]\n</div>\n[^1]: Interview.\n",
    "tag-at-line-end": "Shelling[^1] went on.</p>\n[^1]: Interview.\n",
    "div-on-one-line": "<div>Shelling[^1]</div>\n[^1]: Interview.\n",
    "under-line-block": "| Kupiansk, 2022[^1]\n| Kharkiv oblast\n[^1]: Interview.\n",
    "tag-inside-code-is-text": "Shelling[^1] `</div>`\n[^1]: not a definition\n\n[^1]: n\n",
    # A comment opened inside a paragraph (or right under one) hides everything to -->.
    "comment-in-paragraph": ("Text <!-- draft\n\nhidden[^1] [@k]\n\n--> after[^2]\n\n"
                             "[^1]: one\n\n[^2]: two\n"),
    "comment-under-paragraph": ("Text\n<!-- draft\n\nhidden[^1] [@k]\n\n--> after[^2] @j\n\n"
                                "[^1]: one\n\n[^2]: two\n"),
    "comment-in-heading": "# Findings <!-- draft\n\n[@k][^1] -->\n\n[^1]: x\n",
    "comment-in-list-item": "- item <!-- draft\n\n  [@k] -->\n- next [@j]\n",
    "comment-in-code-span-is-text": "Text `<!--` [@k]\n\nmore [@j]\n\n-->\n",
    "comment-never-closed": "Text <!-- draft\n\n[@k]\n",
    # A definition with a --- line under it is a setext heading.
    "definition-over-dashes": "Claim[^1].\n\n[^1]: Interview.\n---\n",
    "definition-over-dashes-resolves-later": "Claim[^1].\n\n[^1]: Interview.\n---\n\n[^1]: Other.\n",
    # A link with a superscript is not a note reference.
    "superscript-link": "See [^\\[link\\]^](#ref) and [^a b](#x).\n",
    # Example lists and pandoc's citation rules.
    "example-references": "(@foo) First.\n(@) Second.\n\nAs (@foo) shows, @foo and [@k].\n",
    "example-defined-later": "As @bar shows.\n\n(@bar) Example.\n",
    "emphasis-then-at": "*See*@doe2019, **b**@x, _a_@b, *a* b*@c and x_@d.\n",
    "citation-after-citation": "@a@k and @a.b@m and [@c]@n.\n",
    # Fences: a bare word in braces is not an attribute block.
    "braced-word-is-not-a-fence": "```{python}\nx = 1\n\nprint([@k])\n```\n",
    "braced-word-with-options": "```{r, echo=FALSE}\nx\n\n[@k]\n```\n",
    "tilde-braced-word": "~~~{python}\nx\n\n[@k]\n~~~\n",
    "class-is-a-fence": "```{.python}\nx\n\n[@k]\n```\n",
    "word-and-attributes": "```r {.numberLines}\nx\n\n[@k]\n```\n",
    "raw-attribute": "```{=html}\nx\n\n[@k]\n```\n",
    "key-value-attributes": "```{#id .r startFrom=\"3\"}\nx\n\n[@k]\n```\n",
    # An emptied note takes the next block as its text.
    "empty-note-swallows-heading": "Claim[^7].\n\n[^7]:\n\n## Findings [@k]\n\nBody [@j].\n",
}


@pytest.mark.parametrize("text", CASES.values(), ids=CASES.keys())
def test_reads_as_pandoc_does(text: str) -> None:
    doc = parse_document(text)
    assert (doc.rendered_note_count(), sorted(doc.rendered_citation_keys())) == pandoc_counts(text)


def _findings(text: str, rule: str) -> list[str]:
    from hrf_cli.config import Config
    from hrf_cli.lint.engine import lint_document
    from hrf_cli.lint.registry import get_rule

    return [f.message for f in lint_document(parse_document(text, "report.md"), Config(),
                                             [get_rule(rule)])]


@pytest.mark.parametrize("name", ["under-atx-heading", "under-setext-heading", "under-pipe-table",
                                  "under-grid-table", "under-closing-div", "under-line-block"])
def test_a_definition_under_a_block_is_neither_undefined_nor_unused(name: str) -> None:
    text = CASES[name]
    assert _findings(text, "undefined-footnote") == []
    assert _findings(text, "unused-footnote") == []


def test_a_link_with_a_superscript_is_not_a_mistyped_note() -> None:
    assert _findings(CASES["superscript-link"], "undefined-footnote") == []
    # a real typo still is
    assert _findings("Claim[^my note].\n\n[^1]: x\n", "undefined-footnote")


def test_a_definition_over_dashes_is_a_heading_whose_reference_is_literal() -> None:
    messages = _findings(CASES["definition-over-dashes"], "undefined-footnote")
    assert len(messages) == 2 and all("[^1] has no definition" in m for m in messages)


def test_an_emptied_note_names_the_heading_it_swallows() -> None:
    [message] = _findings(CASES["empty-note-swallows-heading"], "empty-footnote")
    assert "heading on line 5 ('## Findings [@k]')" in message
    [message] = _findings("Claim[^7].\n\n[^7]:\n## Findings\n", "empty-footnote")
    assert "heading on line 4" in message
    # the usual style, text indented under an empty marker line, is fine
    assert _findings("Claim[^7].\n\n[^7]:\n\n    Interview, 2023.\n", "empty-footnote") == []
