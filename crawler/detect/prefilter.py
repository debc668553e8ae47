"""Which signal patterns could match a text at all, told from the patterns themselves.

Signal files hold dozens of regular expressions; most posts hold none of the characters or
words they need (a digit, 似, "adult"). Each pattern is read once with the standard library's
own regex parser to find characters and strings that every match must contain; the matcher
(signals.py) then runs a pattern only on keys that hold them. Anything the reader cannot
tell makes it answer None, and the pattern simply always runs.
"""

from __future__ import annotations

import functools
import re
from typing import Any

try:  # the stdlib's own regex parser (public as sre_parse before Python 3.11)
    from re import _constants as sre_constants
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover - a later Python moved it: patterns then always run
    sre_parse = sre_constants = None  # type: ignore[assignment]

_DIGITS = frozenset("0123456789")
_WORD = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")


def first_characters(pattern: str) -> frozenset[str] | None:
    """The characters a match of ``pattern`` can start with, or None when that cannot be
    told (it may start with any character, or with an empty match)."""
    parsed = _parse(pattern)
    return None if parsed is None else _first_of_sequence(parsed)


_COMMON = frozenset("abcdefghijklmnopqrstuvwxyz") | frozenset(chr(c) for c in range(0x3041, 0x3097))


def required_characters(pattern: str) -> frozenset[str] | None:
    """Characters of which every match of ``pattern`` holds at least one: the first
    characters of one mandatory part, the rarest one (digits and kanji before letters and
    hiragana). None when that cannot be told; the pattern then runs on every key."""
    parsed = _parse(pattern)
    if parsed is None:
        return None
    best: frozenset[str] | None = None
    best_rank: tuple[int, int] = (2, 1 << 30)
    for op, arg in parsed:
        if op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT, sre_constants.AT):
            continue
        first, may_be_empty = _first_of_item(op, arg)
        if first is None or may_be_empty:
            continue
        chars = frozenset(c for ch in first for c in {ch, ch.lower()})
        rank = (int(bool(chars & _COMMON)), len(chars))
        if rank < best_rank:
            best, best_rank = chars, rank
    return best if best is not None else first_characters(pattern)


def required_substrings(pattern: str) -> tuple[str, ...] | None:
    """Strings of which every match of ``pattern`` holds at least one, as long as can be
    told from one mandatory part ("adult" for 'adults?(scene|video)', the alternatives of
    '(turn|make)...'); None when no part gives strings of two characters or more."""
    items = _parse(pattern)
    if items is None:
        return None
    best: tuple[str, ...] | None = None
    best_length = 1
    run = ""
    for op, arg in [*items, (None, None)]:
        if op == sre_constants.LITERAL:
            run += chr(arg).lower()
            continue
        if len(run) > best_length:
            best, best_length = (run,), len(run)
        run = ""
        if op in (sre_constants.SUBPATTERN, sre_constants.BRANCH):
            options = _literal_alternatives(op, arg)
            if options and min(map(len, options)) > best_length:
                best, best_length = options, min(map(len, options))
    return best


def _literal_alternatives(op, arg) -> tuple[str, ...] | None:  # type: ignore[no-untyped-def]
    """The leading literal text of each alternative of a group, if every one has some."""
    if op == sre_constants.SUBPATTERN:
        body = list(arg[-1])
        if len(body) == 1 and body[0][0] == sre_constants.BRANCH:
            op, arg = body[0]
        else:
            return _leading_literal(body)
    if op != sre_constants.BRANCH:
        return None
    options: list[str] = []
    for branch in arg[1]:
        leading = _leading_literal(list(branch))
        if leading is None:
            return None
        options.extend(leading)
    return tuple(options)


def _leading_literal(items: list) -> tuple[str, ...] | None:  # type: ignore[type-arg]
    text = ""
    for op, arg in items:
        if op != sre_constants.LITERAL:
            break
        text += chr(arg).lower()
    return (text,) if text else None


def _first_of_sequence(items: list) -> frozenset[str] | None:  # type: ignore[type-arg]
    found: set[str] = set()
    for op, arg in items:
        if op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT, sre_constants.AT):
            continue  # look-arounds and anchors consume nothing
        first, may_be_empty = _first_of_item(op, arg)
        if first is None:
            return None
        found |= first
        if not may_be_empty:
            return frozenset(c for ch in found for c in {ch, ch.lower()})
    return None  # the whole pattern can match the empty string


def _first_of_item(op, arg) -> tuple[set[str] | None, bool]:  # type: ignore[no-untyped-def]
    c = sre_constants
    if op == c.LITERAL:
        return {chr(arg)}, False
    if op == c.IN:
        chars: set[str] = set()
        for kind, value in arg:
            if kind == c.LITERAL:
                chars.add(chr(value))
            elif kind == c.RANGE and value[1] - value[0] < 2000:
                chars.update(chr(x) for x in range(value[0], value[1] + 1))
            elif kind == c.CATEGORY and value == c.CATEGORY_DIGIT:
                chars |= _DIGITS
            elif kind == c.CATEGORY and value == c.CATEGORY_WORD:
                chars |= _WORD
            else:
                return None, False
        return chars, False
    if op == c.SUBPATTERN:
        first = _first_of_sequence(list(arg[-1]))
        return (set(first), False) if first is not None else (None, False)
    if op == c.BRANCH:
        chars = set()
        for branch in arg[1]:
            first = _first_of_sequence(list(branch))
            if first is None:
                return None, False
            chars |= first
        return chars, False
    if op in (c.MAX_REPEAT, c.MIN_REPEAT):
        low, _high, body = arg
        first = _first_of_sequence(list(body))
        return (set(first), low == 0) if first is not None else (None, False)
    return None, False


@functools.lru_cache(maxsize=1024)
def _parse(pattern: str) -> tuple[Any, ...] | None:
    """The parsed pattern, once per process: the matcher asks both required_characters and
    required_substrings of every pattern (a tuple, so no caller can change the shared one)."""
    if sre_parse is None:
        return None
    try:
        return tuple(sre_parse.parse(pattern, re.IGNORECASE))
    except re.error:
        return None


def digit_gate(pattern: str) -> re.Pattern[str] | None:
    """A quick regex that every key holding a match of ``pattern`` matches too, for patterns
    whose digits must be followed by something else ('\\d+(枚|本)で', '(1[0-7]|[1-9])歳'):
    a digit directly followed by a character that can come next. Most keys with digits have
    none of those after them (500円 is no age), and the gate is far cheaper than the pattern.
    None when the pattern has no such part or the reader cannot tell its characters."""
    items = _parse(pattern)
    if items is None:
        return None
    for at, (op, arg) in enumerate(items):
        width = _digit_width(op, arg)
        if width is not None and width > 0:
            follow = _first_class(items[at + 1 :], skip_digits=True)
            if follow is None or follow[1]:  # unknown, or nothing need follow the digits
                return None
            return re.compile(f"\\d[{''.join(follow[0])}]", re.IGNORECASE)
    return None


def _digit_width(op, arg) -> int | None:  # type: ignore[no-untyped-def]
    """The fewest characters this item matches if it matches decimal digits only, else None."""
    c = sre_constants
    if op == c.LITERAL:
        return 1 if chr(arg).isdecimal() else None
    if op == c.IN:
        for kind, value in arg:
            digits = (
                (kind == c.LITERAL and chr(value).isdecimal())
                or (kind == c.RANGE and ord("0") <= value[0] <= value[1] <= ord("9"))
                or (kind == c.CATEGORY and value == c.CATEGORY_DIGIT)
            )
            if not digits:
                return None
        return 1
    if op in (c.MAX_REPEAT, c.MIN_REPEAT):
        width = _digit_sequence_width(arg[2])
        return None if width is None else arg[0] * width
    if op == c.SUBPATTERN and not arg[1] and not arg[2]:
        return _digit_sequence_width(arg[3])
    if op == c.BRANCH:
        widths = [_digit_sequence_width(branch) for branch in arg[1]]
        return None if None in widths else min(widths)  # type: ignore[type-var]
    return None


def _digit_sequence_width(items: Any) -> int | None:
    total = 0
    for op, arg in items:
        width = _digit_width(op, arg)
        if width is None:
            return None
        total += width
    return total


_ZERO_WIDTH = (
    (sre_constants.ASSERT, sre_constants.ASSERT_NOT, sre_constants.AT) if sre_constants else ()
)


def _first_class(items: Any, skip_digits: bool = False) -> tuple[list[str], bool] | None:
    """Character-class pieces (regex source) for the first character a sequence can match,
    and whether it can match nothing; None when that cannot be told. ``skip_digits``: digit
    items are passed over (their characters are digits too)."""
    pieces: list[str] = []
    for op, arg in items:
        if op in _ZERO_WIDTH or (skip_digits and _digit_width(op, arg) is not None):
            continue
        first = _first_class_of_item(op, arg)
        if first is None:
            return None
        pieces += first[0]
        if not first[1]:
            return pieces, False
    return pieces, True


def _first_class_of_item(op, arg) -> tuple[list[str], bool] | None:  # type: ignore[no-untyped-def]
    c = sre_constants
    if op == c.LITERAL:
        return [re.escape(chr(arg))], False
    if op == c.IN:
        pieces = []
        for kind, value in arg:
            if kind == c.LITERAL:
                pieces.append(re.escape(chr(value)))
            elif kind == c.RANGE:
                pieces.append(f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}")
            elif kind == c.CATEGORY and value in _CLASS_OF_CATEGORY:
                pieces.append(_CLASS_OF_CATEGORY[value])
            else:
                return None  # a negated class or another category: cannot tell
        return pieces, False
    if op == c.SUBPATTERN:
        return _first_class(arg[3]) if not arg[1] and not arg[2] else None
    if op == c.BRANCH:
        pieces, empty = [], False
        for branch in arg[1]:
            first = _first_class(branch)
            if first is None:
                return None
            pieces += first[0]
            empty = empty or first[1]
        return pieces, empty
    if op in (c.MAX_REPEAT, c.MIN_REPEAT):
        first = _first_class(arg[2])
        return None if first is None else (first[0], arg[0] == 0 or first[1])
    return None


_CLASS_OF_CATEGORY = (
    {sre_constants.CATEGORY_DIGIT: "\\d", sre_constants.CATEGORY_WORD: "\\w"}
    if sre_constants
    else {}
)
