"""Count the words of a report's prose at the speed of byte operations.

A word is a run of non-space characters (as ``str.split()`` cuts them) holding at least one
word character (``\\w``: a letter, a digit or "_"), so "##", "—" and the brackets left around
a citation are not words. Splitting a 150,000-word report and testing every token costs
about 30 ms; here the text is classified per character with ``bytes.translate`` and the
words are counted with ``bytes.count``, all in C.

Every character becomes one of three classes: space, word, other. A text holds few kinds of
non-ASCII character that are not word characters (quotes, dashes, odd spaces): each kind is
found with one search and replaced by its class everywhere. Then the text, encoded, is
classified by a byte table (ASCII by class, every byte of a remaining non-ASCII character
as "word"); dropping the "other" bytes leaves a run of word bytes for every word, and the
words are the runs that follow a space.
"""

from __future__ import annotations

import re

SPACE, WORD, OTHER = " ", "w", "."
WORD_CHARACTER = re.compile(r"\w")
# A non-ASCII character that is not a word character (a space, quote, dash or symbol). The
# ASCII range comes first: most characters are ASCII and leave at that test, three times
# sooner than at the Unicode category test of \w.
NON_ASCII_NON_WORD = re.compile(r"[^\x00-\x7f\w]")
# Each kind of such character costs one pass over the text; past this many kinds (a table
# of symbols), the token-by-token count is cheaper. Either way the work is linear.
MAX_KINDS = 32


def _class(character: str) -> str:
    if character.isspace():
        return SPACE
    return WORD if WORD_CHARACTER.match(character) else OTHER


# Every ASCII byte to its class; every byte of a non-ASCII character (0x80-0xff) to "word".
_TABLE = "".join(_class(chr(code)) for code in range(128)).encode("ascii") + b"w" * 128


def count_words(text: str) -> int:
    """The number of words in ``text`` (see the module's docstring for what a word is)."""
    if not text.isascii():
        kinds = 0
        found = NON_ASCII_NON_WORD.search(text)
        while found is not None:
            kinds += 1
            if kinds > MAX_KINDS:
                return plain_count_words(text)
            character = found.group()
            # Before this position no kind is left that has not been replaced.
            text = text.replace(character, _class(character))
            found = NON_ASCII_NON_WORD.search(text, found.start())
    runs = text.encode("utf-8", "surrogatepass").translate(_TABLE).replace(b".", b"")
    return runs.count(b" w") + runs.startswith(b"w")


def plain_count_words(text: str) -> int:
    """The same count token by token: the definition, for texts with many kinds of symbol."""
    search = WORD_CHARACTER.search
    return sum(1 for token in text.split() if token.isalnum() or search(token))
