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
    # Front-matter strings are Markdown to pandoc: notes and citations in them count.
    "note-in-author": "---\nauthor: 'John Doe[^1]'\n---\n\nBody.\n\n[^1]: Affiliation.\n",
    "citations-in-front-matter": ("---\ntitle: Kupiansk [@t]\nabstract: |\n  We cite [@k] and @j."
                                  "\n\n  More[^2].\nkeywords: [a@b, '@kw']\nnotes_: '@ignored'\n"
                                  "---\n\nBody.\n\n[^2]: two\n"),
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


BIBLIOGRAPHY = ("references:\n- id: ohchr2024\n  title: Update 38\n- id: suspilne2024\n"
                "  title: Drone strike\n")


def test_a_note_referenced_from_the_front_matter_is_used() -> None:
    assert _findings(CASES["note-in-author"], "unused-footnote") == []


def test_citations_in_front_matter_are_checked_like_the_body() -> None:
    text = ("---\ntitle: Kupiansk\nabstract: |\n  As reported [@ohchr2024] and [@ohcrh2024].\n"
            + BIBLIOGRAPHY + "---\n\nBody [@suspilne2024].\n")
    assert _findings(text, "unused-reference") == []  # ohchr2024 is cited in the abstract
    doc = parse_document(text, "report.md")
    from hrf_cli.config import Config
    from hrf_cli.lint.engine import lint_document
    from hrf_cli.lint.registry import get_rule

    [finding] = lint_document(doc, Config(), [get_rule("unknown-citation")])
    assert (finding.line, finding.column) == (4, 33) and "@ohcrh2024" in finding.message


def test_renumbering_keeps_a_front_matter_reference_in_step() -> None:
    from hrf_cli.config import FixConfig
    from hrf_cli.fix.apply import fix_text
    from tests.pandoc_reading import pandoc_ast

    text = "---\nauthor: 'Doe[^2]'\n---\n\nClaim[^1].\n\n[^1]: one\n\n[^2]: two\n"
    after = fix_text(text, ["renumber"], FixConfig()).text
    assert after.startswith("---\nauthor: 'Doe[^1]'\n") and "Claim[^2]" in after
    assert pandoc_ast(after) == pandoc_ast(text)


QUARTO = ("---\ntitle: Kupiansk\n" + BIBLIOGRAPHY + "---\n\n"
          "See @fig-map, @tbl-losses, @sec-method and @eq-rate [@ohchr2024; @suspilne2024].\n")


def test_quarto_cross_references_are_not_citations_in_qmd_files() -> None:
    from hrf_cli.config import Config, LintConfig
    from hrf_cli.lint.engine import lint_document
    from hrf_cli.lint.registry import get_rule

    rule = [get_rule("unknown-citation")]
    plain = lint_document(parse_document(QUARTO, "report.md"), Config(), rule)
    assert len(plain) == 4  # pandoc-crossref style by default: @fig-map is a citation
    assert lint_document(parse_document(QUARTO, "report.qmd"), Config(), rule) == []
    quarto = Config(lint=LintConfig(crossref="quarto"))
    assert lint_document(parse_document(QUARTO, "report.md"), quarto, rule) == []


def test_lint_crossref_is_validated_in_hrf_yaml(tmp_path) -> None:
    from hrf_cli.config import load_config
    from hrf_cli.errors import ConfigError

    (tmp_path / "hrf.yaml").write_text("lint:\n  crossref: quarto\n")
    assert load_config(tmp_path / "hrf.yaml").lint.crossref == "quarto"
    (tmp_path / "hrf.yaml").write_text("lint:\n  crossref: latex\n")
    with pytest.raises(ConfigError, match="crossref"):
        load_config(tmp_path / "hrf.yaml")


CHUNKS = ("Text [@a].\n\n```{r setup, include=FALSE}\nx <- 1\n\n# [@in_chunk] [^1]\n```\n\n"
          "```{python}\n#| echo: false\n\nprint('@py')\n```\n\nAfter [@b].\n")


def test_executable_chunks_are_code_in_rmd_and_qmd_files() -> None:
    # pandoc itself (a .md) reads the braced chunks as text; knitr/Quarto remove them first.
    assert sorted(parse_document(CHUNKS, "report.md").rendered_citation_keys()) == \
        pandoc_counts(CHUNKS)[1]
    knitted = CHUNKS.replace("```{r setup, include=FALSE}", "```r").replace("```{python}", "```python")
    for name in ("report.Rmd", "report.qmd"):
        doc = parse_document(CHUNKS, name)
        assert sorted(doc.rendered_citation_keys()) == pandoc_counts(knitted)[1] == ["a", "b"]
        assert doc.footnote_refs == []


MISTYPED = ("Claim[^1].\n\n[^1]: Suspilne, htps:/suspilne.media/kharkiv/; see also "
            "http//example.org/a, https//kyiv.example.org and htp://kupiansk.gov.ua/news.\n")
PROSE = ("Claim[^1].\n\n[^1]: Fine: https://a.org, and/or //x.y, TCP/IP, tcp//x.org, a.b//c.d, "
         "ftp://files.example.org, mailto:a@b.org, 10:30/11:45, steps:/ and Kharkiv//Izium.\n")


def test_invalid_url_catches_addresses_mistyped_in_a_notes_text() -> None:
    messages = _findings(MISTYPED, "invalid-url")
    assert messages == [
        "the address 'htps:/suspilne.media/kharkiv/' has an unknown scheme 'htps' (did you mean https?)",
        "the address 'http//example.org/a' is missing ':' after 'http'",
        "the address 'https//kyiv.example.org' is missing ':' after 'https'",
        "the address 'htp://kupiansk.gov.ua/news' has an unknown scheme 'htp' (did you mean http?)",
    ]
    assert _findings(PROSE, "invalid-url") == []
    assert _findings(MISTYPED.replace("[^1]: ", "Body: ").replace("Claim[^1].", ""),
                     "invalid-url") == []  # outside notes: prose, not a source


def _header_ids(text: str) -> list[str]:
    from tests.pandoc_reading import pandoc_ast

    ids: list[str] = []

    def walk(node) -> None:
        if isinstance(node, dict):
            if node.get("t") == "Header":
                ids.append(node["c"][1][0])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(pandoc_ast(text)["blocks"])
    return ids


HEADINGS = ("# Results[^3]\n\nSee [the results](#results3).\n\n# Other [^10] heading {.unnumbered}\n\n"
            "## Closed[^2] ##\n\nDup3\n----\n\n# Dup[^3]\n\n# Kept[^4] {#kept}\n\nText[^1].\n\n"
            "[^3]: a\n\n[^10]: b\n\n[^2]: c\n\n[^1]: d\n\n[^4]: e\n")


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_renumbering_keeps_the_identifiers_of_headings_holding_notes(newline: str) -> None:
    from hrf_cli.config import FixConfig
    from hrf_cli.fix.apply import fix_text

    text = HEADINGS.replace("\n", newline)
    outcome = fix_text(text, ["renumber"], FixConfig())
    assert outcome.notes == [] and "# Results[^1] {#results3}" in outcome.text
    assert _header_ids(outcome.text) == _header_ids(text)


def test_renumbering_refuses_when_a_headings_identifier_is_uncertain() -> None:
    from hrf_cli.config import FixConfig
    from hrf_cli.fix.apply import fix_text

    text = "# See [the map](map.html)[^2]\n\nText[^1].\n\n[^1]: a\n\n[^2]: b\n"
    outcome = fix_text(text, ["renumber"], FixConfig())
    assert outcome.text == text
    assert outcome.notes and "explicit identifier" in outcome.notes[0]
