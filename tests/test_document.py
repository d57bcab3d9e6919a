"""The document model: positions true to the file, front matter, and pandoc agreement."""

from __future__ import annotations

import pytest

from hrf_cli.document import parse_document
from tests.pandoc_reading import pandoc_counts

REPORT = (
    "---\n"
    "title: Купʼянськ\n"
    "author: Field team\n"
    "date: 2024-03-01\n"
    "---\n"
    "\n"
    "Жителі казали[^1] and [@ohchr2024, p. 3].\n"
    "\n"
    "[^1]: Interview, Kupiansk.\n"
)


def test_positions_give_line_column_and_byte_offset():
    doc = parse_document(REPORT)
    ref = doc.footnote_refs[0]
    pos = doc.lines.position(ref.start)
    assert (pos.line, pos.column) == (7, 14)
    assert REPORT.encode()[pos.byte_offset:pos.byte_offset + 4] == b"[^1]"
    cite = doc.citations[0]
    cite_pos = doc.lines.position(cite.start)
    assert (cite_pos.line, cite.key) == (7, "ohchr2024")
    assert REPORT.encode()[cite_pos.byte_offset:].startswith(b"@ohchr2024")


def test_crlf_file_keeps_the_same_lines_and_columns():
    lf = parse_document(REPORT)
    crlf_text = REPORT.replace("\n", "\r\n")
    crlf = parse_document(crlf_text)
    for a, b in zip(lf.footnote_refs + lf.citations, crlf.footnote_refs + crlf.citations):
        pa, pb = lf.lines.position(a.start), crlf.lines.position(b.start)
        assert (pa.line, pa.column) == (pb.line, pb.column)
        assert crlf_text[b.start:b.end] == REPORT[a.start:a.end]
    assert crlf.front_matter.data["title"] == "Купʼянськ"
    assert crlf.front_matter.key_line("date") == 4


def test_front_matter_keeps_key_lines_and_byte_order_mark_is_skipped():
    doc = parse_document("\ufeff" + REPORT)
    assert doc.front_matter is not None
    assert [doc.front_matter.key_line(k) for k in ("title", "author", "date")] == [2, 3, 4]


def test_yaml_error_is_located_on_the_file_line():
    doc = parse_document("---\ntitle: ok\nauthor: [unclosed\ndate: 2024\n---\n\nText.\n")
    assert doc.front_matter.error
    assert doc.front_matter.error_line in (3, 4, 5)


def test_horizontal_rule_at_top_is_not_front_matter():
    doc = parse_document("---\n\nText[^1].\n\n[^1]: Note.\n")
    assert doc.front_matter is None
    assert doc.rendered_note_count() == 1


def test_nothing_in_code_comments_or_escapes_counts():
    text = (
        "```\n[^1] [@a]\n```\n\n"
        "    [^2] @b indented code\n\n"
        "Inline `[^3] @c` code, <!-- [^4] @d --> comment, escaped \\[^5] and \\@e.\n\n"
        "~~~ {.r}\n^[not a note]\n~~~\n"
    )
    doc = parse_document(text)
    assert doc.footnote_refs == [] and doc.citations == [] and doc.inline_notes == []


def test_email_is_not_a_citation_but_a_handle_is():
    doc = parse_document("Write to press@example.org or follow @GwaraMedia on Telegram.\n")
    assert [c.key for c in doc.citations] == ["GwaraMedia"]


# Snippets where pandoc's reading is easy to get wrong; each is checked against real pandoc.
SNIPPETS = [
    "a[^1] b\n\n[^1]: one\n",
    "a [^1]\ntext\n[^1]: not a definition inside a paragraph\n",
    "a [^1]\n\n[^1]:\n\n    content after a blank line\n",
    "a [^1]\n\n[^1]: first\ncontinued [^2]\n[^2] starts a new paragraph\n\n[^2]: two\n",
    "a [^x] b [^x]\n\n[^x]: one\n\n[^x]: two\n",
    "a[^a^b] b\n\n[^a^b]: caret\n",
    "a[^a[b] b\n\n[^a[b]: bracket\n",
    "a[^Ä1] and [^a*b]\n\n[^Ä1]: u\n\n[^a*b]: s\n",
    "a ^[x y][^J] c ^[x y](u) ^[x y]. ^[z]^[w w]\n\n[^J]: j\n",
    "a ^[inline [nested] ^[deep]] b ^[open [ bracket] c\n",
    "[@a.b.] [@doi:10.1/x-y] @arxiv:1106.5730. @{a b} @{ab} [-@k] @k_1, @_x @1a\n",
    "mail a@b.com or a.@b or é@b or 1@b or _@b or )@b https://t.me/@chan\n",
    "`code [^1]` and `` x ` [@k] `` and ```unterminated [@u]\n\n[^1]: n\n",
    "$x [@m]$ and $ 5 @n $ and $$[@o]$$ and \\$ @p and $100 or $@q$ 3\n",
    "$100m in cash, around $1b later [@r] and $x$5 @s\n",
    "- item [^1]\n\n      code [^2]\n\n- next [@k]\n\n    para [^1]\n\n[^1]: x\n\n[^2]: y\n",
    "Term\n\n:   def [^1]\n\n    more [@a]\n\n[^1]: x\n",
    "> quote [^1]\nlazy [@k]\n\n[^1]: x\n",
    "<div>\n[^1] in div\n</div>\n\n[^1]: x\n",
    "<!-- [^1]\n\n [@k] -->\n\nafter [@j]\n",
    "x <span title=\"@k\">[@j]</span> <http://a.b/@c> [l](http://x/@d) [l2](<http://x/@e>)\n",
    "```\ncode [^1]\n  ```\nafter [^1]\n\n[^1]: x\n",
    "text\n```\ncode [@k]\n```\n",
    "::: {.box}\n[^1]: inside a div\n:::\n\nref[^1]\n",
    "| a | b [^1] |\n|---|---|\n| [@k] | c |\n\n[^1]: x\n",
    "Title\n=====\n\n# Head [^1]\n\n[^1]: x\n",
    "  [^1]: indented two\n\nref [^1] and [^2]\n\n    [^2]: indented four is code\n",
    "a [^1]\n\n[^1]: note with ^[an inline note] inside\n\n[^2]: unused with ^[inline]\n",
    "see @key [p. 33] and @other[-@x]\n",
    "\\emph{[^1]} and \\cite{@k} then @real\n\n[^1]: x\n",
    "See [the channel][tg] and [@k].\n\n[tg]: https://t.me/@channel \"Telegram\"\n",
    "1. first [^1]\n2. second\n    - nested [@k]\n\n        nested para [^1]\n\n[^1]: x\n",
    "a \\[^1][^4] b and x^2^ [^4] and see^[^4]^ y\n\n[^4]: four\n",
]


@pytest.mark.parametrize("snippet", SNIPPETS)
def test_agrees_with_pandoc_on_tricky_snippets(snippet):
    doc = parse_document(snippet)
    assert (doc.rendered_note_count(), sorted(doc.rendered_citation_keys())) == pandoc_counts(snippet)
