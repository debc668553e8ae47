"""Where a Japanese name part may stand alone: the scripts around it, the particles that
may precede it, and the one-kana nickname endings that may follow it (name_matcher.py)."""

from __future__ import annotations

from bisect import bisect_left

from crawler.detect.normalize import NormalizedText
from crawler.detect.prefix_honorifics import prefixed

PARTICLES = frozenset("のはがをにともへでや")


def script_of(ch: str) -> str:
    if "\u3041" <= ch <= "\u309f":
        return "hira"
    if ("\u30a1" <= ch <= "\u30fa") or ch == "ー" or ("\uff66" <= ch <= "\uff9f"):
        return "kata"
    if ("\u4e00" <= ch <= "\u9fff") or ("\u3400" <= ch <= "\u4dbf") or ch in "々〆":
        return "kanji"
    if ("\uf900" <= ch <= "\ufaff") or ("\U00020000" <= ch <= "\U0003134f"):
        return "kanji"
    if "\uac00" <= ch <= "\ud7a3":
        return "hangul"
    return "other"


def part_boundary_before(norm: NormalizedText, key_start: int) -> bool:
    """A name part alone must not be the tail of a longer word in its own script:
    美奈 in 西野美奈, ミナ in ルミナ, みか in ふみか. Particles may precede (のみな)."""
    pos = norm.starts[key_start]
    if pos == 0:
        return True
    before, first = norm.original[pos - 1], norm.original[pos]
    script = script_of(first)
    if script == "other":
        return True
    previous = script_of(before)
    if before == "ー":
        return script not in ("hira", "kata")
    if previous != script:
        return True
    return script == "hira" and before in PARTICLES


def nickname_ending(norm: NormalizedText, key_end: int) -> bool:
    """ねねち, れいなぴの: a one-kana ending right after a name written in kana, ending
    the word (the text, a particle or another script follows)."""
    original = norm.original
    name_last = norm.ends[key_end - 1] - 1
    ending_at, after = norm.starts[key_end], norm.ends[key_end]
    if ending_at != name_last + 1 or script_of(original[name_last]) not in ("hira", "kata"):
        return False
    if after >= len(original):
        return True
    following = original[after]
    return script_of(following) not in ("hira", "kata") or following in PARTICLES


def long_vowel_nickname(norm: NormalizedText, key_start: int, key_end: int) -> bool:
    """ふーか is three kana as written, two in the key (ー drops out): a kana nickname
    with its long-vowel mark is as specific as any three-kana one, if no kana runs
    into it from before."""
    start, end = norm.starts[key_start], norm.ends[key_end - 1]
    written = norm.original[start:end]
    return (
        end - start >= 3
        and "ー" in written
        and "\u3041" <= written[0] <= "\u30fa"
        and part_boundary_before(norm, key_start)
    )


def set_apart(norm: NormalizedText, key_index: int) -> bool:
    """Is something written between this key character and the one before it?"""
    return norm.starts[key_index] > norm.ends[key_index - 1]


def alone_ok(norm: NormalizedText, key_start: int, key_end: int) -> bool:
    """May a very short spelling count with no honorific after it? With a prefix honorific
    before it (น้องพลอย, Kak Nia), as a kana nickname with its long-vowel mark (ふーか), or
    drawn out with one as a call (まかべー)."""
    end = norm.ends[key_end - 1]
    return (
        prefixed(norm, key_start)
        or long_vowel_nickname(norm, key_start, key_end)
        or (norm.original[end : end + 1] == "ー" and script_of(norm.original[end - 1]) == "hira")
    )


def elongated_ends(norm: NormalizedText) -> list[int]:
    """Key indices just after a hiragana word drawn out with ー at its end (まかべーの配信,
    ゆいー!): fans call a person so, and a name part alone may stand there as before an
    honorific. Not katakana: バレー and スーパー are loanwords. The key drops the ー, so the
    text is searched for it."""
    text = norm.original
    found = []
    at = text.find("ー", 1)
    while at > 0:
        after = text[at + 1 : at + 2]
        if script_of(text[at - 1]) == "hira" and (
            not after or after in PARTICLES or script_of(after) not in ("hira", "kata")
        ):
            found.append(bisect_left(norm.starts, at))
        at = text.find("ー", at + 1)
    return found


# Lookalike words that follow a name (ことね似): after two kana clipped from a name they are
# more often a word's own (推しの似顔絵 holds しの of しののめ).
_LOOKALIKE_AFTER = ("似", "っぽ", "風", "系", "そっくり")


def clipped_part_ok(norm: NormalizedText, key_end: int) -> bool:
    """Two kana clipped from a name (さく of さくらば) count before a nickname ending or an
    honorific (さくぴ, さくちゃん), not before a lookalike word."""
    return not norm.key.startswith(_LOOKALIKE_AFTER, key_end)


def kana_ends(norm: NormalizedText, key_end: int, nickname: bool) -> bool:
    """A derived nickname ending in hiragana (さくらん of さくらば) must end its word: the text,
    a particle or another script follows, not more hiragana (さくらんぼ is a cherry)."""
    end = norm.ends[key_end - 1]
    if not nickname or end >= len(norm.original) or script_of(norm.original[end - 1]) != "hira":
        return True
    following = norm.original[end]
    return script_of(following) != "hira" or following in PARTICLES
