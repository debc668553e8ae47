"""A watched given or family name on its own, with no honorific: "Tessa's AI set", "紗良 合成",
"the Dizon edits", "ちなつ🔞コラ".

Sellers and buyers name a person they both know by one name, and writers of the labelled data
did so in about one missed person in three. Alone, such a name is weaker evidence than a full
name: "Summer" and さくら are words too, and a large watchlist shares many given names. So a
name part counts alone only

* when no other watched person has it (the matcher drops shared parts before this), and a
  derived part is no function word of a language most posts are in (todo: stopwords-iso),
* when it is long enough to be a name more than a word: four Latin letters, three kana, two
  kanji or Hangul syllables (three letters or two Hangul syllables for a short name the
  watchlist itself declares, such as Pim or 하윤),
* as a whole word: no letter of any script on either side (杉ひなの and 早乙女ゆい are other
  people), except a particle in another script than the name's (ちなつの, ルミドロの澪),
  a kanji word before a katakana name (選手グレタ) or after a kana one (かのん新作), and a
  long-vowel mark after it;
  a Chinese person's two-character name (苏蔓, 芷妍) is read inside a run of kanji, as
  Chinese runs words together and no honorific follows it,
* and only in a text that talks about what mimamori watches, at least one signal word of
  any family (the detector asks for these hits only then): "a lily in the garden" and
  さくらが咲いた name nobody. Read in every text, they named 20 more of the 4,751 people the
  training writers name, and also every flower and cherry blossom.

Hits carry ``BARE_MARK`` in their pattern, so reasons show that one name part was read as the
person.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

import ahocorasick

from crawler.detect.name_context import PARTICLES, script_of
from crawler.detect.normalize import NormalizedText, fold_latin_word, is_latin

BARE_MARK = "?"  # prefixed to the pattern of a name part read alone as a person

_LATIN_WORD = re.compile(r"[a-z]{4,}\Z")
_DECLARED_SHORT = re.compile(r"[a-z]{3}\Z")
_SPACE = re.compile(r"\s")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_KANA = re.compile("[\u3041-\u309f]+\\Z")
_THAI = re.compile("[\u0e00-\u0e7f]+\\Z")
# Thai writes no space between words: a Thai name part this long (กัญญาภัทร, nine code
# points) is read inside a run of Thai (หน้าเหมือนกัญญาภัทร); a shorter one only spaced.
_THAI_WORD = 5
_THAI_RUNS_IN = 7

Boundary = Callable[[NormalizedText, int], bool]
# Languages whose function words a derived name part alone must not be: the Latin-script
# languages most posts are in (stopwords-iso lists them; "todo real" is no Todo). A short
# name the watchlist declares (Vale) is the group's own choice and stays.
_FUNCTION_WORD_LANGUAGES = (
    "en",
    "es",
    "pt",
    "fr",
    "de",
    "id",
    "it",
    "nl",
    "sv",
    "pl",
    "cs",
    "tr",
    "tl",
    "ms",
)


@cache
def function_words() -> frozenset[str]:
    import stopwordsiso  # imported here: only a watchlist build needs it

    words: set[str] = set()
    for language in _FUNCTION_WORD_LANGUAGES:
        words |= stopwordsiso.stopwords(language)
    return frozenset(fold_latin_word(w) for w in words)


def bare_part_ok(key: str, part: bool) -> bool:
    """Is this key long enough to name its person with no honorific? ``part``: a name part
    the matcher derived; else a short name the watchlist declares as the person's (Pim,
    Ysa), which is read alone from three letters (longer ones already are)."""
    if part and key in function_words():
        return False  # Todo is a family name and Spanish for "all"
    if _CYRILLIC.search(key):  # Ткачук, keyed "tkaчyk" as look-alike letters fold to Latin
        return len(key) >= 4
    if is_latin(key[0]):
        return bool(_LATIN_WORD.match(key) if part else _DECLARED_SHORT.match(key))
    if not part:  # a declared two-syllable Hangul name (하윤) or Chinese nickname (彤彤, 小蔓);
        # 森愛 still needs 森愛ちゃん
        return len(key) == 2 and (
            all("\uac00" <= c <= "\ud7a3" for c in key) or _chinese_nickname(key)
        )
    if _KANA.match(key):
        return len(key) >= 3
    if _THAI.match(key):  # code points, marks included: พลอย (a gem) is a word too
        return len(key) >= _THAI_WORD
    return len(key) >= 2


class BareNames:
    """Unshared name parts in one automaton; ``find`` returns (person, key, start, end) in key
    offsets."""

    def __init__(self) -> None:
        self._automaton = ahocorasick.Automaton()
        self._ready = False

    def add(self, key: str, person_id: str, runs_in: bool = False) -> None:
        """``runs_in``: read inside a run of kanji too, as Chinese writes names (苏蔓的)."""
        latin = is_latin(key[0]) and _CYRILLIC.search(key) is None
        self._automaton.add_word(key, (key, person_id, runs_in, latin))

    def finish(self) -> None:
        if len(self._automaton):
            self._automaton.make_automaton()
            self._ready = True

    def find(
        self, norm: NormalizedText, latin_before: Boundary, latin_after: Boundary
    ) -> list[tuple[str, str, int, int]]:
        if not self._ready:
            return []
        found: list[tuple[str, str, int, int]] = []
        for last, (key, person_id, runs_in, latin) in self._automaton.iter(norm.key):
            key_end = last + 1
            key_start = key_end - len(key)
            if latin:
                start, end = norm.starts[key_start], norm.ends[key_end - 1]
                # One word as written: "is a" is no Isa (spaced kana, ち な つ, is a dodge).
                whole = (
                    (
                        _SPACE.search(norm.original, start, end) is None
                        or _spelled_out(norm.original, start, end)
                    )
                    and latin_before(norm, key_start)
                    and latin_after(norm, key_end)
                    # A declared short name that is also a function word (Mio, Italian "my")
                    # counts only written as a name, with a capital.
                    and (key not in function_words() or norm.original[start].isupper())
                )
            else:
                # Chinese runs words together: a nickname of Chinese shape (彤彤, 小蔓, 蔓姐)
                # is read inside a sentence, where a Japanese name part needs space around it.
                whole = (
                    runs_in
                    or _chinese_nickname(key)
                    or (len(key) >= _THAI_RUNS_IN and _THAI.match(key) is not None)
                    or _apart(norm, key_start, key_end)
                )
            if whole:
                found.append((person_id, key, key_start, key_end))
        return found


_SPELLED_OUT = re.compile(r"(?:[^\W\d_] )+[^\W\d_]")
_LETTER_SPELLED_BEFORE = re.compile(r"(?<!\S)[^\W\d_] \Z")
_LETTER_SPELLED_AFTER = re.compile(r" [^\W\d_](?!\S)")


def _spelled_out(text: str, start: int, end: int) -> bool:
    """The name letter by letter, one space between (A l v i s), and no more letters spelled
    out on either side: a word spaced apart to dodge filters, not letters of two words."""
    return (
        _SPELLED_OUT.fullmatch(text, start, end) is not None
        and _LETTER_SPELLED_BEFORE.search(text[max(0, start - 3) : start]) is None
        and _LETTER_SPELLED_AFTER.match(text, end) is None
    )


def _is_letter(ch: str) -> bool:
    return ch.isalnum() or ch == "ー" or script_of(ch) != "other"


def _apart(norm: NormalizedText, key_start: int, key_end: int) -> bool:
    """No letter touches the name on either side. A particle may follow it (ちなつの, 紗良と);
    one may precede it only in another script (ルミドロの澪), as のいろは may be the tail of a
    longer word."""
    text = norm.original
    start, end = norm.starts[key_start], norm.ends[key_end - 1]
    if start > 0:
        before = text[start - 1]
        first = script_of(text[start])
        if (
            _is_letter(before)
            and not (before in PARTICLES and first != "hira")
            # A katakana name right after a kanji word is set apart by the script change
            # (選手グレタ, 女優プレーウ); kana after kanji in one script is a word's ending.
            and not (first == "kata" and script_of(before) == "kanji")
        ):
            return False
    # A long-vowel mark drawn after a katakana name (エロディー for エロディ) is the writer's
    # ear, not another word.
    while end < len(text) and text[end] == "ー" and script_of(text[end - 1]) == "kata":
        end += 1
    if end < len(text):
        after = text[end]
        if (
            _is_letter(after)
            and after not in PARTICLES
            # A kanji word right after a kana name starts a new word (かのん新作, ひなた脱衣,
            # グレタ選手); kana right after kanji is often a word's own ending instead.
            and not (script_of(after) == "kanji" and script_of(text[end - 1]) in ("hira", "kata"))
        ):
            return False
    return True


def _chinese_nickname(key: str) -> bool:
    return (
        len(key) == 2
        and script_of(key[0]) == "kanji"
        and script_of(key[1]) == "kanji"
        and (key[0] == key[1] or key[0] in "小阿" or key[1] in "姐姊")
    )
