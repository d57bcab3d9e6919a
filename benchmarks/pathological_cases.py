"""Hostile inputs for ``hrf lint``: each must lint in bounded (linear) time, without a crash.

Shared by ``bench_pathological.py`` (whole-process timings) and
``tests/test_pathological.py`` (generous limits). Each case is a name and a function giving
the report text; the first eleven are the cases of issue 9, the rest are variants.
"""

from __future__ import annotations

from typing import Callable

FRONT = "---\ntitle: T\nauthor: A\ndate: 2024-01-01\n---\n\n"


def _nested_list(levels: int) -> str:
    return "".join("  " * i + "- item\n" for i in range(levels))


def notes_with_addresses(count: int) -> str:
    """``count`` notes, each with an autolink and an inline note holding a bare address."""
    return "".join(f"a[^{i}]\n" for i in range(count)) + "".join(
        f"\n[^{i}]: <https://example.org/{i}> ^[see https://example.org/i{i}]\n"
        for i in range(count))


CASES: dict[str, Callable[[], str]] = {
    # issue 9
    "@ x200k": lambda: "@" * 200_000,
    "\\ x200k": lambda: "\\" * 200_000,
    "[ x100k": lambda: "[" * 100_000,
    "^[ x100k": lambda: "^[" * 100_000,
    "[a]( x30k": lambda: "[a](" * 30_000,
    "[a]{ x30k": lambda: "[a]{" * 30_000,
    "> x10k, one line": lambda: ">" * 10_000 + " a",
    "'- ' x10k, one line": lambda: "- " * 10_000 + "a",
    "1,000 nested list levels": lambda: _nested_list(1_000),
    "5,000 unclosed <!--": lambda: "<!--\n" * 5_000,
    "[ x50k ^ ] x50k": lambda: "[" * 50_000 + "^" + "]" * 50_000,
    # variants
    "` x100k": lambda: "`" * 100_000,
    "backtick runs 1..630": lambda: "".join("`" * k + " a " for k in range(1, 630)),
    "$ x100k": lambda: "$" * 100_000,
    "$$ a, 20k lines": lambda: "$$ a\n" * 20_000,
    "< x100k": lambda: "<" * 100_000,
    "<a x=' x20k": lambda: "<a x='" * 20_000,
    "* x100k": lambda: "*" * 100_000,
    "]( x100k": lambda: "](" * 100_000,
    "{ x100k": lambda: "{" * 100_000,
    "\\a{ x50k": lambda: "\\a{" * 50_000,
    "a. x100k (URL-like)": lambda: "a." * 100_000,
    "digits x100k then x": lambda: "1" * 100_000 + "x",
    "```a x20k lines": lambda: "```a\n" * 20_000,
    "\\begin{a} x10k lines": lambda: "\\begin{a}\n" * 10_000,
    "> - x5k, one line": lambda: "> - " * 5_000 + "a",
    "40 > then 100k lazy lines": lambda: ">" * 40 + " a\n" + "b\n" * 100_000,
    "note of 100k indented lines": lambda: "x[^1]\n\n[^1]:\n" + "    a\n" * 100_000,
    "30k unused note definitions": lambda: "".join(f"[^d{i}]: x\n" for i in range(30_000)),
    "20k [^a] on one line": lambda: "[^a] " * 20_000,
    "50k hrf-ignore comments": lambda: "<!-- hrf-ignore -->\na\n" * 50_000,
    "CRLF, 50k lines with notes": lambda: FRONT.replace("\n", "\r\n") + "a [^1] b\r\n" * 50_000
    + "\r\n[^1]: n\r\n",
    # Each '---' after a blank line may open a metadata block (alias-bomb check): the text
    # before it used to be copied once per such line.
    "30k '---' blocks after blank lines": lambda: "a\n\n---\nb: 1\n" * 30_000,
    # Every link was checked against every note to see whether it stands in one (quadratic).
    "5k notes with two addresses each": lambda: notes_with_addresses(5_000),
}
