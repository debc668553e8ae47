"""Likely watched people behind a nickname the detector does not read as a name.

Sellers write Tanu for Tanisha, Ginevrina for Ginevra, Wróbelek for Wróblewska, あおれな for
青山玲奈. As a rule these would name people in unrelated text (a 3-letter start is shared
by thousands of names), so the detector never uses them alone; but an analyst on the item
page can judge a short list in a second. This module makes that list: every word of the
account's text that starts like, or sits inside, a part of a watched person's name, ranked
by how much of the name it shares. Words that are ordinary vocabulary in the labelled posts
of many writers (fake, ready, paket, фото) are never suggested. Choosing one goes through
`missed_names.teach_name` with all its checks.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crawler.detect.name_endings import shared_start
from crawler.detect.romaji import kana_to_hepburn
from crawler.detect.watchlist import WatchlistEntry, watchlist_digest

SHOWN = 6
MIN_SHARED = 3  # letters a word must share with the start of a name part (kana: 2)
# A word in this many of the shipped writers' splits is vocabulary, not a nickname: each
# writer invented their own people, so a name is in one split only.
COMMON_IN_SPLITS = 3
_LEET = str.maketrans({"@": "a", "4": "a", "3": "e", "1": "i", "!": "i", "0": "o", "$": "s"})
# Words of scripts that space them (Japanese and Chinese characters are not: kana runs are
# taken apart, and kanji names are the detector's own strength).
_CJK = "\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff"
# Handles part words with _ (ura_request_room).
_WORD = re.compile(rf"[^\W_{_CJK}](?:[^\W_{_CJK}]|[@!$'’])*", re.UNICODE)
# Letters written one by one: "A l v i s", "R.i.o.n.a".
_SPACED = re.compile(r"(?<!\w)(?:[^\W\d_][ .・]){2,}[^\W\d_](?!\w)")
_KANA = re.compile(r"[ぁ-ゖァ-ヺー]{2,}")
# Hiragana and katakana runs apart (の|アナウンサー|で|アイコラ); hiragana right after a
# kanji is its ending or a particle (推し|の), not a name.
_KANA_WORD = re.compile(r"(?<![\u3400-\u9fff\uf900-\ufaff々])[ぁ-ゖー]{2,}|[ァ-ヺー]{2,}")
# Scripts written without spaces between words, where a name is found by its whole parts.
_UNSPACED = re.compile(r"[\u3400-\u9fff\uf900-\ufaff々ヶノの\u0e00-\u0e7f]{2,}")
_KANJI_LINKS = str.maketrans("", "", "ノの之ヶケ")


@dataclass(frozen=True, slots=True)
class Candidate:
    person_id: str
    person_name: str
    part: str  # the name part the word resembles
    score: float  # summed over every word of the text that resembles this person


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One word of the account's text and the watched people it may stand for."""

    written: str  # as the account writes it
    people: tuple[Candidate, ...]
    context: tuple[str, str, str] = ("", "", "")  # text before the word, the word, after


def _is_thai(text: str) -> bool:
    return "\u0e00" <= text[0] <= "\u0e7f"


def _is_kana(char: str) -> bool:
    return "\u3041" <= char <= "\u30ff"


def fold(text: str) -> str:
    """Width, case and accents ignored (kana keep their voicing marks)."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKC", text).casefold()
    out = []
    for char in text:
        if _is_kana(char):
            out.append(char)
            continue
        out.extend(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    return "".join(out)


def _hiragana(text: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text)


def words_of(text: str) -> list[str]:
    """The words of a text as written: letter runs (with @, !, $ and digits inside, which
    stand for letters), letters spaced one by one, and kana runs."""
    found = [m.group(0).rstrip("'’") for m in _WORD.finditer(text)]
    found += [m.group(0) for m in _SPACED.finditer(text)]
    found += [m.group(0) for m in _KANA_WORD.finditer(text)]
    return [w for w in dict.fromkeys(found) if not w.isdigit()]


@functools.lru_cache(maxsize=1)
def _signal_reader() -> Any:
    from crawler.detect import Detector

    return Detector([])


def holds_trade_words(written: str) -> bool:
    """A word the detector reads as part of an advert (request, アイコラ): teaching it as a
    name is refused (missed_names.py), so it is never suggested."""
    judged = _signal_reader().classify_text(written)
    return any(r.matched for r in judged.reasons if r.person_id is None)


def context_of(texts: Sequence[str], written: str, width: int = 40) -> tuple[str, str, str]:
    """Where the word stands in the account's text: the words before it, it, those after."""
    for text in texts:
        at = text.find(written)
        if at >= 0:
            before = text[max(0, at - width) : at]
            after = text[at + len(written) : at + len(written) + width]
            return (("…" if at > width else "") + before, written, after + "…")
    return ("", written, "")


def _key(word: str) -> str:
    key = _hiragana(fold(word)).replace("づ", "ず").replace("ぢ", "じ")
    if any(c.isalpha() for c in key):
        key = key.translate(_LEET)
    return "".join(c for c in key if c.isalpha() or c == "ー")


_KANA_ENDINGS = ("ちゃん", "さん", "たん", "ちゃ", "くん", "さま", "様")


def _kana_stem(alias: str) -> str:
    """のんちゃん → のん: the part of a kana nickname before its honorific."""
    for ending in _KANA_ENDINGS:
        if alias.endswith(ending) and len(alias) > len(ending) + 1:
            return alias[: -len(ending)]
    return alias


def name_parts(entry: WatchlistEntry) -> list[str]:
    """The parts a nickname is cut from: each word of the name and aliases, the whole name
    without spaces, the kana reading's parts (in hiragana and in romaji), and the fans'
    two-plus-two kana nickname (さくのん from さくらば and のんちゃん)."""
    parts: list[str] = []
    for written in (entry.name, *entry.aliases):
        pieces = re.split(r"[\s・·.,]+", written.strip())
        parts += pieces
        if len(pieces) > 1:
            parts.append("".join(pieces))
    readings = [_hiragana(r) for r in entry.kana.split()]
    for reading in readings:
        parts.append(reading)
        parts.append(kana_to_hepburn(reading) or "")
    if len(readings) == 2:
        stems = [readings[1]]
        stems += [_kana_stem(_hiragana(a)) for a in entry.aliases if _KANA.fullmatch(a)]
        parts += [readings[0][:2] + stem[:2] for stem in stems if len(stem) >= 2]
    keys = (_key(p) for p in parts)
    return [k for k in dict.fromkeys(keys) if len(k) >= 2]


def _resemblance(word: str, part: str) -> float:
    """How much of ``part`` the word shares; 0 when too little to be worth a look."""
    if word == part:
        return len(part) + 1.0  # the part itself, which the detector wanted more context for
    if len(part) >= 5 and part in word:
        return float(len(part))  # #StandWithTanisha, Watanabeová
    shared = shared_start(word, part)
    kana = _is_kana(part[0])
    # Tanu, Ginevrina, Spera, Anjuutje: the start of the part, cut off or going its own way.
    # A three-letter word is too often a word of its own (ura in ura_request_room).
    if shared >= (2 if kana else MIN_SHARED) and (kana or len(word) > MIN_SHARED):
        return shared + shared / len(part)
    if len(word) >= 4 and word in part[1:]:
        return len(word) - 0.5  # Лиса inside Алиса, Nind inside Anindya
    return 0.0


_PARTICLES = "のはがをにともへ"


def _without_particle(written: str, best: dict[str, tuple[float, str, str]]) -> str:
    """さくのんの → さくのん: a kana run often carries the particle after the name."""
    if len(written) > 2 and _is_kana(written[-1]) and written[-1] in _PARTICLES:
        # てんげの for てんげいじ: the particle adds nothing to the likeness; ゆきの stays whole.
        parts = [part for _score, _name, part in best.values()]
        stem, whole = _key(written[:-1]), _key(written)
        if max(_resemblance(stem, p) for p in parts) >= max(_resemblance(whole, p) for p in parts):
            return written[:-1]
    return written


class SuggestionIndex:
    """Name parts of the whole watchlist by their first letters (two for kana, three
    otherwise) and by every four letters inside them, so each word of a text is compared
    only with the parts it could resemble."""

    def __init__(self, entries: Iterable[WatchlistEntry]) -> None:
        self.by_start: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        self.inside: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        self.whole: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        for entry in entries:
            for part in name_parts(entry):
                if _UNSPACED.fullmatch(part) and len(part) >= (3 if _is_thai(part) else 2):
                    # 宮ノ下 is often written 宮下.
                    for form in {part, part.translate(_KANJI_LINKS)}:
                        if len(form) >= 2:
                            self.whole[form].append((entry.id, entry.name, part))
                width = 2 if _is_kana(part[0]) else MIN_SHARED
                self.by_start[part[:width]].append((entry.id, entry.name, part))
                for i in range(len(part) - 3):
                    self.inside[part[i : i + 4]].append((entry.id, entry.name, part))

    def _candidates(self, word: str) -> list[tuple[str, str, str]]:
        width = 2 if _is_kana(word[0]) else MIN_SHARED
        found = self.by_start.get(word[:width], []) + self.inside.get(word[:4], [])
        # A whole part inside a longer word (a hashtag, a case ending): its first four letters.
        for i in range(1, len(word) - 4):
            found += self.by_start.get(word[i : i + width], [])
        return found

    def resembles(self, word: str) -> bool:
        return any(_resemblance(word, part) for _id, _name, part in self._candidates(word))

    def _whole_parts(self, text: str) -> Iterable[tuple[str, list[tuple[str, str, str]]]]:
        """Name parts written whole inside unspaced text (藤宮 in 藤宮葵AIヌード)."""
        for run in _UNSPACED.finditer(unicodedata.normalize("NFKC", text)):
            chars = run.group(0)
            for i in range(len(chars) - 1):
                for j in range(i + 2, min(len(chars), i + 8) + 1):
                    found = self.whole.get(chars[i:j])
                    if found:
                        yield chars[i:j], found

    def suggest(
        self,
        texts: Sequence[str],
        *,
        already: Iterable[str] = (),
        common: frozenset[str] = frozenset(),
        refuse: Callable[[str], bool] | None = None,
        words_shown: int = 3,
        people_shown: int = 8,
    ) -> list[Suggestion]:
        """The words most like a name part, each with the people it may stand for, best
        first; a person resembled by several words counts each of them."""
        skip = set(already)
        per_word: dict[str, dict[str, tuple[float, str, str]]] = {}
        for text in texts:
            for written, found in self._whole_parts(text):
                best = per_word.setdefault(written, {})
                for person_id, name, part in found:
                    if person_id not in skip:
                        best[person_id] = (len(written) + 1.0, name, part)
            for written in words_of(text):
                word = _key(written)
                if len(word) < 2 or word in common or written in per_word:
                    continue
                best: dict[str, tuple[float, str, str]] = {}
                for person_id, name, part in self._candidates(word):
                    if person_id in skip:
                        continue
                    score = _resemblance(word, part)
                    if score > best.get(person_id, (0.0, "", ""))[0]:
                        best[person_id] = (score, name, part)
                if best:
                    per_word[_without_particle(written, best)] = best
        per_word = {
            written: best
            for written, best in per_word.items()
            if best and not (refuse and refuse(written))
        }
        total: dict[str, float] = defaultdict(float)
        for best in per_word.values():
            for person_id, (score, _name, _part) in best.items():
                total[person_id] += score
        ranked = sorted(per_word.items(), key=lambda item: -max(total[p] for p in item[1]))
        out: list[Suggestion] = []
        listed: set[str] = set()
        for written, best in ranked:
            people = sorted((p for p in best if p not in listed), key=lambda p: (-total[p], p))[
                : max(0, people_shown - len(listed))
            ]
            if not people:
                continue
            listed.update(people)
            out.append(
                Suggestion(
                    written,
                    tuple(Candidate(p, best[p][1], best[p][2], total[p]) for p in people),
                    context_of(texts, written),
                )
            )
            if len(out) == words_shown or len(listed) >= people_shown:
                break
        return out


COMMON_WORDS_FILE = Path(__file__).with_name("common_words.txt")
_index_lock = threading.Lock()
_index_cache: dict[str, SuggestionIndex] = {}


def index_for(entries: list[WatchlistEntry]) -> SuggestionIndex:
    """The index of this watchlist, built once per version of it (150 ms for 2,000 people)."""
    digest = watchlist_digest(entries)
    with _index_lock:
        index = _index_cache.get(digest)
        if index is None:
            index = SuggestionIndex(entries)
            _index_cache.clear()
            _index_cache[digest] = index
        return index


@functools.lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """The shipped vocabulary (build_common_words; `python -m crawler.review.name_suggestions`
    writes it again after the labelled splits change)."""
    lines = COMMON_WORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def build_common_words() -> list[str]:
    """Words used by at least COMMON_IN_SPLITS of the shipped writers: vocabulary. A word
    that resembles one of the writer's own people (Watanabe, or Rinrin beside a Rin) does
    not count for that writer: several writers chose the same names and nicknames."""
    from crawler.detect.training import load_split, training_split_names

    seen: dict[str, set[str]] = defaultdict(set)
    for split in training_split_names():
        labelled = load_split(split)
        own = SuggestionIndex(labelled.watchlist)
        for row in labelled.rows:
            for written in words_of(row.text):
                word = _key(written)
                if len(word) >= 2 and not own.resembles(word):
                    seen[word].add(split)
    return sorted(word for word, splits in seen.items() if len(splits) >= COMMON_IN_SPLITS)


def write_common_words(path: Path = COMMON_WORDS_FILE) -> int:
    words = build_common_words()
    header = (
        "# Words in at least 3 of the labelled splits' writers' posts, never suggested as a\n"
        "# nickname. Written by `python -m crawler.review.name_suggestions`; do not edit.\n"
    )
    path.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
    return len(words)


if __name__ == "__main__":
    print(f"{write_common_words()} words written to {COMMON_WORDS_FILE}")
