"""Romaji names with wildcard letters: E**a Hartwell, s@kurai, 3mma, hoshin0, minase_hiyori.

Masked or digit letters are matched by walking the name automaton's trie from each word start
before a wildcard, letting each wildcard be any letter (or the letters a digit looks like),
within a fixed work budget per text (hostile input).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable

import ahocorasick

from crawler.detect.name_tables import MASK, MASK_CHARS
from crawler.detect.normalize import NormalizedText
from crawler.detect.spellings import NamePattern

Candidates = list[tuple[int, int, int, NamePattern]]
# The matcher's check of one raw hit: (text, pattern, key start, key end, candidates).
Accept = Callable[[NormalizedText, NamePattern, int, int, Candidates], None]
# (kind, letters, original index) per character of a romaji run.
Token = tuple[int, str, int]

# Characters that stand for one letter inside romaji. Masks may be any letter;
# "_" and "?" may also be a plain separator (minase_hiyori); "x" may be itself;
# digits and @/$ stand for the letters they look like (or are themselves: Hart9).
_SOFT_MASKS = frozenset("_?＿？")
_LEET_LETTERS = {
    "0": "o", "1": "il", "3": "e", "4": "a", "5": "s", "7": "t", "9": "g", "@": "a", "$": "s",
    "!": "il",
}  # fmt: skip
# Punctuation the key drops: @, $, and ! for an i (m!haru).
_LEET_SYMBOLS = {"@": "@", "＠": "@", "$": "$", "＄": "$", "!": "!", "！": "!"}
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_MASK_CLASS = "".join(re.escape(c) for c in sorted(MASK_CHARS | _SOFT_MASKS))
_DIGIT_CLASS = "0-9０-９@＠$＄!！"
_WILD_CLASS = _MASK_CLASS + _DIGIT_CLASS + "xXｘＸ"
_LATIN_CLASS = "A-Za-zＡ-Ｚａ-ｚ"
# Where a wildcard may stand in a romaji name: a mask next to a letter (E**a, H*shino);
# a digit or @ inside a word or next to two letters (M1na, 3mma, hoshin0; not R18, 4K);
# an x between letters (Exma).
_L = f"[{_LATIN_CLASS}]"
_D = f"[{_DIGIT_CLASS}]"
_WILD_NEAR_LATIN = re.compile(
    f"{_L}[{_MASK_CLASS}]|[{_MASK_CLASS}]{_L}"
    f"|{_L}{{2}}{_D}(?!{_D})|(?<!{_D}){_D}{_L}{{2}}|{_L}{_D}{{1,2}}{_L}"
    f"|{_L}[xXｘＸ]{_L}"
)
# Cheap tests that come first: the same on the key (digits, x), and the characters
# the key drops: _ and ? inside a word, @ and $ after a letter (not @handle, $20).
# (Each starts with one character class: re scans for those fast.)
_KEY_WILD = re.compile(
    "[0-9x](?:(?<=[a-z][a-z][0-9])(?![0-9])"  # hoshin0, mp4 (not hart123)
    "|(?<![0-9x][0-9])(?<=[0-9])(?=[a-z][a-z])"  # 3mma (not 18mm)
    "|(?<=[a-z][0-9x])(?=[0-9x]?[a-z]))"  # m1na, e11a, exma
)
_DROPPED_HINT = re.compile("[_?@$！!＿？＠＄]")
# (! only between letters: after a word it ends a sentence.)
_DROPPED_WILD = re.compile(f"{_L}(?:[_?＿？]+{_L}|[@＠$＄]|[!！]{_L})")


def may_hold_wildcards(norm: NormalizedText) -> bool:
    key = norm.key
    if MASK in key or _KEY_WILD.search(key):
        return True
    original = norm.original
    return bool(_DROPPED_HINT.search(original) and _DROPPED_WILD.search(original))


# A run of romaji words with their separators: the stretch a wildcard name can span.
_ROMAJI_RUN = re.compile(
    f"[{_LATIN_CLASS}{_WILD_CLASS}]+(?:[ \u3000.\\-・･·'’]+[{_LATIN_CLASS}{_WILD_CLASS}]+)*"
)
_RUN_CHAR = re.compile(f"[{_LATIN_CLASS}{_WILD_CLASS}]")
_SEP, _FIXED, _ANY, _SOFT, _LEET, _X = range(6)
# An x is a real letter too: read as another letter only in a full name (Exma
# Hartwell), never in a short one (Lexa-chan is no Lena).
_MIN_X_NAME = 8
# Work limits per text (hostile input): trie steps and runs looked at.
_WILD_BUDGET = 10_000
_MAX_WILD_RUNS = 8
_MAX_WILD_LETTERS = 4
_WILD_REACH = 48  # characters around a wildcard that a name can span


def _wild_allowed(length: int) -> int:
    """Letters a wildcard may stand for in a name of this length: 1 per 4 (E**a Hartwell),
    rounded up from seven letters (S*do A*i: one letter masked in each of two short names)."""
    return max(1, (length + 1) // 4)


def romaji_tokens(text: str, offset: int, fold: Callable[[str], str]) -> list[Token]:
    """(kind, letters, original index) per character of a romaji run."""
    tokens: list[Token] = []
    for i, ch in enumerate(text, offset):
        if ch in _SOFT_MASKS:
            tokens.append((_SOFT, _LETTERS, i))
            continue
        folded = _LEET_SYMBOLS.get(ch) or fold(ch)
        if folded == MASK:
            tokens.append((_ANY, _LETTERS, i))
        elif folded == "x":
            tokens.append((_X, _LETTERS, i))
        elif folded in _LEET_LETTERS:
            tokens.append((_LEET, folded + _LEET_LETTERS[folded], i))
        elif len(folded) == 1 and folded.isascii() and (folded.isalpha() or folded.isdigit()):
            tokens.append((_FIXED, folded, i))
        else:
            tokens.append((_SEP, "", i))
    return tokens


def _run_around(original: str, at: int) -> re.Match[str] | None:
    """The run of romaji words (with separators) that holds position ``at``."""
    lo = max(0, at - _WILD_REACH)
    for found in _ROMAJI_RUN.finditer(original, lo, at + _WILD_REACH):
        if found.start() <= at < found.end():
            return found
    return None


def wild_latin(
    norm: NormalizedText,
    automaton: ahocorasick.Automaton,
    fold: Callable[[str], str],
    accept: Accept,
    candidates: Candidates,
) -> None:
    """Every wildcard romaji name in ``norm``, handed to ``accept``."""
    original = norm.original
    budget = _WILD_BUDGET
    done_until = -1
    runs = 0
    for near in _WILD_NEAR_LATIN.finditer(original):
        at = near.start()
        if at < done_until:
            continue
        run = _run_around(original, at)
        if run is None:
            continue
        done_until = run.end()
        runs += 1
        if runs > _MAX_WILD_RUNS or budget <= 0:
            return
        first = run.start()
        tokens = romaji_tokens(run.group(), first, fold)
        mid_word = first > 0 and _RUN_CHAR.match(original, first - 1) is not None
        for start in range(len(tokens)):
            kind = tokens[start][0]
            if kind == _SEP or (tokens[start - 1][0] == _FIXED if start else mid_word):
                continue  # names start at a word start (or after a mask: ★E**a)
            budget = _walk(norm, automaton, tokens, start, budget, accept, candidates)
            if budget <= 0:
                break


def _walk(
    norm: NormalizedText,
    automaton: ahocorasick.Automaton,
    tokens: list[Token],
    start: int,
    budget: int,
    accept: Accept,
    candidates: Candidates,
) -> int:
    """Walk the trie from token ``start``; returns the budget left."""
    prefix_exists = automaton.match
    n = len(tokens)
    # (token index, trie prefix, wildcards used, any substitution, x read as another
    # letter, last token)
    stack: list[tuple[int, str, int, bool, bool, int]] = [(start, "", 0, False, False, -1)]
    while stack and budget > 0:
        i, prefix, wild, changed, x_read, last = stack.pop()
        budget -= 1
        if (
            changed
            and last >= 0
            and wild <= _wild_allowed(len(prefix))
            and (not x_read or len(prefix) >= _MIN_X_NAME)
            and automaton.exists(prefix)
        ):
            _accept_span(norm, automaton.get(prefix), tokens, start, last, accept, candidates)
        if i >= n:
            continue
        kind, letters, _ = tokens[i]
        if kind == _SEP:
            if prefix:
                stack.append((i + 1, prefix, wild, changed, x_read, last))
            continue
        if kind == _FIXED:
            extended = prefix + letters
            if prefix_exists(extended):
                stack.append((i + 1, extended, wild, changed, x_read, i))
            continue
        if kind == _LEET:
            literal = letters[0]
            for c in letters:
                extended = prefix + c
                if prefix_exists(extended):
                    read = changed or c != literal
                    stack.append((i + 1, extended, wild, read, x_read, i))
            continue
        if kind == _SOFT and prefix:  # a separator after all
            stack.append((i + 1, prefix, wild, changed, x_read, last))
        is_x = kind == _X
        if is_x and prefix_exists(prefix + "x"):
            stack.append((i + 1, prefix + "x", wild, changed, x_read, i))
        if wild >= _MAX_WILD_LETTERS:
            continue
        for c in _LETTERS:
            extended = prefix + c
            if prefix_exists(extended):
                stack.append((i + 1, extended, wild + 1, True, x_read or is_x, i))
    return budget


def _accept_span(
    norm: NormalizedText,
    pattern: NamePattern,
    tokens: list[Token],
    first: int,
    last: int,
    accept: Accept,
    candidates: Candidates,
) -> None:
    if not pattern.latin_start:
        return
    start, end = tokens[first][2], tokens[last][2] + 1
    key_start = bisect_left(norm.starts, start)
    key_end = bisect_left(norm.starts, end)
    if key_start < key_end:
        accept(norm, pattern, key_start, key_end, candidates)
