"""Digits and symbols written for letters (n0ra, p0rn, T@n!sh@, oroz¢o), read back as letters
in views of the text that keep its offsets (normalize.py makes the views)."""

from __future__ import annotations

import re
from typing import Protocol


class KeyedText(Protocol):
    """What a reading needs of a normalised text (normalize.NormalizedText): the text as
    written and, per key character, where it starts and ends there. A protocol, so this
    module does not import the one that imports it."""

    @property
    def original(self) -> str: ...
    @property
    def starts(self) -> list[int]: ...
    @property
    def ends(self) -> list[int]: ...


# Digits and symbols standing in for letters between Latin letters (p0rn, n0ra);
# not at word edges, so r18 and $20/month keep the fast single pass.
_LEET = str.maketrans("0134579@$", "oieastgas")
# Inside a word, or a dollar sign opening one ($umire; $15 is a price).
# Cyrillic too: С0л0мія Ярм0люк (the key already reads Cyrillic о as Latin o).
LEET_IN_WORD = re.compile("(?<=[a-z\u0400-\u04ff])[0134579@$]+(?=[a-z\u0400-\u04ff])|\\$(?=[a-z])")
# Symbols the key drops, standing in for letters (T@n!sh@, v@lentina oroz¢o, B!a): read in
# a view of their own, only in a word where one stands between two letters, so a handle
# (@tanisha) or "wow!" stays as it is.
_SYMBOL_WORD = re.compile("[A-Za-z][A-Za-z@!¢$0134579]*[@!¢][A-Za-z@!¢$0134579]*")
_SYMBOL_BETWEEN_LETTERS = re.compile("(?<=[A-Za-z])[@!¢](?=[A-Za-z@!¢$0134579]*[A-Za-z])")
_SYMBOLS_AS_LETTERS = str.maketrans("@!¢$0134579", "aicsoieastg")


def leet_in_written_word(norm: KeyedText, match: re.Match[str]) -> str:
    """Digits read as letters (n0ra, N3N3, 0rtuño, Q 1 n g), but not a number written as a
    word of its own: in "com 40, chama" the key runs 40 into the letters, the text does not."""
    text = norm.original
    start, end = norm.starts[match.start()], norm.ends[match.end() - 1]
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    if end - start >= 2 and text[start:end].isdigit():
        return match.group()
    return match.group().translate(_LEET)


def symbols_as_letters(text: str) -> str:
    """The text with symbols read as letters inside the words that have one between two
    letters (T@n!sh@ -> Tanisha); same length, so offsets carry over."""

    def read(word: re.Match[str]) -> str:
        found = word.group()
        if not _SYMBOL_BETWEEN_LETTERS.search(found):
            return found
        return found[0] + found[1:].translate(_SYMBOLS_AS_LETTERS)

    return _SYMBOL_WORD.sub(read, text)


# In a Cyrillic word the same symbols and digits stand for Cyrillic letters (М!ла, С@ки,
# Р3она Ват4набэ); the finders that read Cyrillic letters need them back as Cyrillic.
_CYRILLIC_WORD = re.compile("[\u0400-\u04ff][\u0400-\u04ff@!013468]*[\u0400-\u04ff]")
_CYRILLIC_BETWEEN_LETTERS = re.compile("(?<=[\u0400-\u04ff])[@!013468]+(?=[\u0400-\u04ff])")
_AS_CYRILLIC = str.maketrans("@!013468", "аиоіеабв")
# What either reading needs, found in one plain scan: most texts have neither, and the
# readings' own patterns look behind at every character.
_MAY_BE_READ = re.compile("[@!¢]|[\u0400-\u04ff][@!013468]")


def letters_read(text: str) -> str:
    """The text with symbols and digits between letters read as letters of the word's
    script, for the finders that read the written letters (cross-script, Cyrillic names);
    same length, so offsets carry over."""
    if _MAY_BE_READ.search(text) is None:
        return text
    text = symbols_as_letters(text)
    if _CYRILLIC_BETWEEN_LETTERS.search(text) is None:
        return text
    return _CYRILLIC_WORD.sub(
        lambda word: _CYRILLIC_BETWEEN_LETTERS.sub(
            lambda run: run.group().translate(_AS_CYRILLIC), word.group()
        ),
        text,
    )
