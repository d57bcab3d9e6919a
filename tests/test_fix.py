"""Each repair of ``hrf fix`` on small documents: exact output, and what it must leave alone."""

from __future__ import annotations

import pytest

from hrf_cli.config import Config, FixConfig
from hrf_cli.document import parse_document
from hrf_cli.errors import ConfigError
from hrf_cli.fix.apply import chosen_fixes, fix_text
from hrf_cli.fix.diff import unified_diff
from hrf_cli.lint.findings import fix_from_edits
from hrf_cli.repairs.edits import Edit, apply_edits
from hrf_cli.lint.findings import ByteEdit
from tests.pandoc_reading import pandoc_ast


def fixed(text: str, *fixes: str, **config: object) -> str:
    return fix_text(text, fixes, FixConfig(**config)).text  # type: ignore[arg-type]


# --- edits ------------------------------------------------------------------------------------

def test_edits_apply_back_to_front_whatever_their_order() -> None:
    assert apply_edits("abcdef", [Edit(4, 5, "E"), Edit(0, 1, "AA"), Edit(2, 2, "+")]) == "AAb+cdEf"


def test_overlapping_edits_are_refused() -> None:
    with pytest.raises(ValueError, match="overlapping edits at offset 1"):
        apply_edits("abcdef", [Edit(0, 2, "x"), Edit(1, 3, "y")])


def test_lint_fixes_use_byte_offsets_of_the_file() -> None:
    doc = parse_document("Купʼянськ[^2]\n")
    assert fix_from_edits(doc, [Edit(11, 12, "1")]).edits == (ByteEdit(20, 21, "1"),)


# --- renumber ---------------------------------------------------------------------------------

SCRAMBLED = ("The city was shelled.[^3] Residents left.[^1] Some stayed.[^2] Again.[^3]\n\n"
             "[^1]: Interview, March 2023.\n\n[^2]: OHCHR, Update 35.\n\n[^3]: Ukrinform.\n")


def test_renumber_follows_first_references_and_rewrites_every_marker() -> None:
    assert fixed(SCRAMBLED, "renumber") == (
        "The city was shelled.[^1] Residents left.[^2] Some stayed.[^3] Again.[^1]\n\n"
        "[^2]: Interview, March 2023.\n\n[^3]: OHCHR, Update 35.\n\n[^1]: Ukrinform.\n")


def test_renumber_leaves_ordered_notes_untouched() -> None:
    text = "A.[^1] B.[^2]\n\n[^2]: two\n\n[^1]: one\n"
    assert fixed(text, "renumber") == text


def test_unreferenced_definitions_get_the_numbers_after_the_referenced_ones() -> None:
    text = "A.[^2] B.[^5]\n\n[^1]: nobody\n\n[^2]: two\n\n[^5]: five\n\n[^3]: nobody either\n"
    assert fixed(text, "renumber") == (
        "A.[^1] B.[^2]\n\n[^3]: nobody\n\n[^1]: two\n\n[^2]: five\n\n[^4]: nobody either\n")


def test_named_labels_are_kept_unless_hrf_yaml_says_numbers() -> None:
    text = "A.[^kharkiv] B.[^9] C.[^4]\n\n[^kharkiv]: k\n\n[^9]: nine\n\n[^4]: four\n"
    assert fixed(text, "renumber") == (
        "A.[^kharkiv] B.[^1] C.[^2]\n\n[^kharkiv]: k\n\n[^1]: nine\n\n[^2]: four\n")
    assert fixed(text, "renumber", labels="numbers") == (
        "A.[^1] B.[^2] C.[^3]\n\n[^1]: k\n\n[^2]: nine\n\n[^3]: four\n")


def test_duplicate_definitions_keep_their_order_so_pandoc_keeps_the_same_one() -> None:
    text = "A.[^2] B.[^1]\n\n[^1]: old\n\n[^2]: two\n\n[^1]: new\n"
    assert fixed(text, "renumber") == "A.[^1] B.[^2]\n\n[^2]: old\n\n[^1]: two\n\n[^2]: new\n"


def test_renumbering_never_edits_code_comments_or_escaped_brackets() -> None:
    text = ("A.[^2] `[^2]` <!-- [^2] --> \\[^2] B.[^1]\n\n```\n[^2]: in code\n```\n\n"
            "    [^1] indented code\n\n[^1]: one\n\n[^2]: two\n")
    assert fixed(text, "renumber") == (
        "A.[^1] `[^2]` <!-- [^2] --> \\[^2] B.[^2]\n\n```\n[^2]: in code\n```\n\n"
        "    [^1] indented code\n\n[^2]: one\n\n[^1]: two\n")


def test_references_inside_a_definition_are_literal_text_and_stay() -> None:
    text = "A.[^2] B.[^1]\n\n[^1]: see [^2]\n\n[^2]: two\n"
    assert fixed(text, "renumber") == "A.[^1] B.[^2]\n\n[^2]: see [^2]\n\n[^1]: two\n"


def test_renumbering_is_refused_when_an_undefined_reference_would_start_resolving() -> None:
    text = "A.[^3] B.[^1] C.[^2]\n\n[^3]: three\n\n[^1]: one\n"
    outcome = fix_text(text, ["renumber"], FixConfig())
    assert outcome.text == text
    assert outcome.notes == ["not renumbered: [^2] on line 1 has no definition and would point "
                             "at a renumbered note; fix undefined-footnote first"]


def test_unicode_digit_labels_are_not_numbers() -> None:
    text = "A.[^²] B.[^2] C.[^1]\n\n[^²]: sup\n\n[^2]: two\n\n[^1]: one\n"
    assert fixed(text, "renumber") == "A.[^²] B.[^1] C.[^2]\n\n[^²]: sup\n\n[^1]: two\n\n[^2]: one\n"


TABLES = """\
  Town        Killed[^10]  Source
  ----------  ----------  --------
  Kupiansk    12[^1]      OHCHR
  Izium       4           UN

+---------------+--------------+
| Town          | Killed       |
+===============+==============+
| Kupiansk[^10] | 12[^1]       |
| Izium[^10]    | 4            |
+---------------+--------------+

| Town | Killed |
|------|-------:|
| Izium[^10] | 4 |

"""


def test_renumbering_keeps_table_columns_where_pandoc_reads_them() -> None:
    # References run 10, 9, ..., 1: [^10] becomes [^1] (shorter), [^1] becomes [^10] (longer).
    text = "".join(f"Claim {n}.[^{n}] " for n in range(10, 0, -1)) + "\n\n" + TABLES + \
        "".join(f"[^{n}]: Source {n}.\n\n" for n in range(1, 11))
    after = fixed(text, "renumber")
    assert after.split("\n")[2:18] == [
        "  Town        Killed[^1]   Source",
        "  ----------  ----------  --------",
        "  Kupiansk    12[^10]     OHCHR",
        "  Izium       4           UN",
        "",
        "+---------------+--------------+",
        "| Town          | Killed       |",
        "+===============+==============+",
        "| Kupiansk[^1]  | 12[^10]      |",
        "| Izium[^1]     | 4            |",
        "+---------------+--------------+",
        "",
        "| Town | Killed |",
        "|------|-------:|",
        "| Izium[^1] | 4 |",
        ""]
    assert pandoc_ast(after) == pandoc_ast(text)


def test_a_label_too_wide_for_its_table_column_refuses_the_renumbering() -> None:
    text = ("A.[^10] " + "".join(f"B.[^{n}] " for n in range(1, 10)) + "\n\n"
            "---- ----\nx[^9] y\n---- ----\n\n" + "".join(f"[^{n}]: n\n\n" for n in range(1, 11)))
    outcome = fix_text(text, ["renumber"], FixConfig())
    assert outcome.text == text
    assert outcome.notes == ["not renumbered: [^9] on line 4 is in a table column too narrow "
                             "for [^10]; widen the column first"]


def test_prose_spacing_is_not_touched_when_a_label_changes_length() -> None:
    text = ("A.[^10]  B.[^2] | c.[^3]  D.[^4] E.[^5] F.[^6] G.[^7] H.[^8] I.[^9] J.[^1]  K.\n\n"
            + "".join(f"[^{n}]: note {n}\n\n" for n in range(1, 11)))
    after = fixed(text, "renumber")
    assert after.split("\n")[0] == \
        "A.[^1]  B.[^2] | c.[^3]  D.[^4] E.[^5] F.[^6] G.[^7] H.[^8] I.[^9] J.[^10]  K."


# --- reorder-definitions ----------------------------------------------------------------------

def test_reorder_sorts_a_notes_section_and_keeps_its_blank_lines() -> None:
    text = ("A.[^b] B.[^a] C.[^c]\n\n## Notes\n\n[^c]: three\n    more of three\n\n\n"
            "[^a]: two\n\n[^unused]: never\n\n[^b]: one\n")
    assert fixed(text, "reorder-definitions") == (
        "A.[^b] B.[^a] C.[^c]\n\n## Notes\n\n[^b]: one\n\n\n[^a]: two\n\n"
        "[^c]: three\n    more of three\n\n[^unused]: never\n")


def test_reorder_leaves_a_note_under_its_paragraph() -> None:
    text = "A.[^2]\n\n[^2]: two\n\nB.[^1]\n\n[^1]: one\n"
    assert fixed(text, "reorder-definitions") == text


def test_reorder_sorts_definitions_on_consecutive_lines_with_all_their_text() -> None:
    text = ("A.[^1] B.[^2] C.[^3] D.[^4]\r\n\r\n[^3]: three\r\n\r\n    more of three\r\n"
            "lazy of three\r\n[^2]: two\r\nlazy of two\r\n[^4]: four\r\n[^1]: one\r\n"
            "    indented of one\r\n")
    after = fixed(text, "reorder-definitions")
    assert after == ("A.[^1] B.[^2] C.[^3] D.[^4]\r\n\r\n[^1]: one\r\n    indented of one\r\n"
                     "[^2]: two\r\nlazy of two\r\n[^3]: three\r\n\r\n    more of three\r\n"
                     "lazy of three\r\n[^4]: four\r\n")
    assert pandoc_ast(after) == pandoc_ast(text)


def test_reorder_leaves_an_empty_definition_where_it_is() -> None:
    text = "A.[^1] B.[^2] C.[^3]\n\n[^3]: three\n[^2]:\n[^1]: one\n"
    assert fixed(text, "reorder-definitions") == text


def test_reorder_keeps_crlf_definitions_whole() -> None:
    text = "A.[^2] B.[^1]\r\n\r\n[^1]: one\r\n\r\n[^2]: two\r\n"
    assert fixed(text, "reorder-definitions") == "A.[^2] B.[^1]\r\n\r\n[^2]: two\r\n\r\n[^1]: one\r\n"


# --- marker-placement -------------------------------------------------------------------------

def test_markers_move_after_punctuation() -> None:
    text = "Shelled[^1]. Left[^2][^3], stayed[^4]?! Not[^5].5 nor [^6]. nor x\\\\[^7].\n\n" + \
        "".join(f"[^{n}]: n{n}\n\n" for n in range(1, 8))
    assert fixed(text, "marker-placement", marker_placement="after-punctuation").split("\n")[0] == \
        "Shelled.[^1] Left,[^2][^3] stayed?![^4] Not[^5].5 nor [^6]. nor x\\\\[^7]."


def test_markers_move_before_punctuation() -> None:
    text = "Shelled.[^1] Left,[^2][^3] stayed?![^4] Not \\.[^5] nor .[^6]\n\n" + \
        "".join(f"[^{n}]: n{n}\n\n" for n in range(1, 7))
    assert fixed(text, "marker-placement", marker_placement="before-punctuation").split("\n")[0] == \
        "Shelled[^1]. Left[^2][^3], stayed[^4]?! Not \\.[^5] nor .[^6]"


def test_a_marker_is_never_moved_where_it_would_become_a_definition() -> None:
    text = "<!-- c -->:[^1] Residents.\n\n[^1]: one\n"
    assert fixed(text, "marker-placement", marker_placement="before-punctuation") == text


def test_unresolved_markers_and_keep_style_stay_where_they_are() -> None:
    text = "Shelled[^1]. Gone[^9].\n\n[^1]: see[^1].\n"
    assert fixed(text, "marker-placement") == text
    assert fixed(text, "marker-placement", marker_placement="after-punctuation") == \
        "Shelled.[^1] Gone[^9].\n\n[^1]: see[^1].\n"


# --- duplicate-definitions --------------------------------------------------------------------

def test_exact_duplicate_definitions_are_removed() -> None:
    text = "A.[^1] B.[^2]\n\n[^1]: one\n\n[^2]: two\n\n[^1]: one\n\nEnd.\n"
    assert fixed(text, "duplicate-definitions") == "A.[^1] B.[^2]\n\n[^1]: one\n\n[^2]: two\n\nEnd.\n"


def test_copies_at_the_end_go_with_the_blank_lines_before_them() -> None:
    text = "A.[^1]\n\n[^1]: one\n\n[^1]: one\n\n\n[^1]: one\n"
    assert fixed(text, "duplicate-definitions") == "A.[^1]\n\n[^1]: one\n"


def test_a_copy_stays_when_removing_it_would_change_which_note_pandoc_keeps() -> None:
    # pandoc keeps the last definition: "one" wins; the first "one" may go, "other" must stay.
    text = "A.[^1]\n\n[^1]: one\n\n[^1]: other\n\n[^1]: one\n"
    assert fixed(text, "duplicate-definitions") == "A.[^1]\n\n[^1]: other\n\n[^1]: one\n"


def test_differing_definitions_are_left_for_the_author() -> None:
    text = "A.[^1]\n\n[^1]: one\n\n[^1]: one, corrected\n"
    assert fixed(text, "duplicate-definitions") == text


def test_a_duplicate_is_not_removed_when_lines_would_run_together() -> None:
    text = "A.[^1]\n\n[^1]: one\n[^1]: one\nlazy line\n"
    assert fixed(text, "duplicate-definitions") == text


# --- unsafe: pasted-markers; identical notes stay apart --------------------------------------

def test_a_pasted_marker_becomes_a_reference_when_its_note_is_known() -> None:
    text = ("Held as prisoners of war.1 We were told.[^2] Detained3 The rest.²\n\n"
            "[^1]: Interview.\n\n[^2]: Report.\n")
    assert fixed(text, "pasted-markers") == (
        "Held as prisoners of war.[^1] We were told.[^2] Detained3 The rest.²\n\n"
        "[^1]: Interview.\n\n[^2]: Report.\n")


def test_a_pasted_marker_is_left_when_two_could_be_the_note() -> None:
    text = "War.1 We fled.1 Then\n\n[^1]: Interview.\n"
    assert fixed(text, "pasted-markers") == text


def test_identical_notes_are_left_apart_so_lint_has_nothing_new_to_say() -> None:
    from hrf_cli.fix.apply import chosen_fixes as chosen
    from hrf_cli.lint.rules.footnotes import check_repeated

    text = "A.[^1] B.[^2] C.[^3]\n\n[^1]: Interview.\n\n[^2]: Other.\n\n[^3]: Interview.\n"
    every = chosen(FixConfig(reorder_definitions=True, house_style=True), unsafe=True)
    after = fixed(text, *every, reorder_definitions=True)
    assert after == text
    assert list(check_repeated(parse_document(after), Config())) == []


# --- choosing repairs, diff -------------------------------------------------------------------

def test_default_repairs_follow_hrf_yaml() -> None:
    assert chosen_fixes(FixConfig()) == ["duplicate-definitions", "renumber", "marker-placement"]
    assert chosen_fixes(FixConfig(renumber=False, reorder_definitions=True), unsafe=True) == [
        "pasted-markers", "duplicate-definitions", "reorder-definitions",
        "marker-placement"]
    assert chosen_fixes(FixConfig(), ["renumber,reorder-definitions"]) == [
        "renumber", "reorder-definitions"]


@pytest.mark.parametrize("select, message", [
    (["renumbr"], "--select: unknown fix 'renumbr' (known fixes: pasted-markers, "
                  "duplicate-definitions, renumber, reorder-definitions, marker-placement, "
                  "house-style, image-metadata)"),
    (["pasted-markers"], "--select: pasted-markers guesses what was meant; add --unsafe to run it"),
])
def test_wrong_selections_are_config_errors(select: list[str], message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        chosen_fixes(FixConfig(), select)
    assert caught.value.message == message


def test_diff_marks_a_last_line_without_newline() -> None:
    assert unified_diff("a[^2]\n\n[^2]: x", "a[^1]\n\n[^1]: x", "r.md") == (
        "--- a/r.md\n+++ b/r.md\n@@ -1,3 +1,3 @@\n-a[^2]\n+a[^1]\n \n-[^2]: x\n"
        "\\ No newline at end of file\n+[^1]: x\n\\ No newline at end of file\n")
