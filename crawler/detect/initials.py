"""A watched person named by initials and what they do: "W.M.アナ", "H.S.（配信者）",
"G.H. the biathlete", "T.M.L (a modelo da capa...)".

Sellers point at a person with initials and a role so that buyers know who is meant and a
keyword filter does not. Initials alone match many people, so they name someone only

* written as initials (letters with dots or ・ between them, not a word such as DM or AI),
* in a text that talks about what mimamori watches (the detector asks only then),
* with a word for the person's watchlist category somewhere in the text (アナ, singer,
  選手, モデル...),
* and when exactly one watched person of a hinted category has those initials, in either
  order (Japanese family-first W.M and Western given-first M.W are both written).

A watchlist entry without a category is never named this way.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable

import jaconv

from crawler.detect.name_matcher import NameHit
from crawler.detect.normalize import NormalizedText, fold_latin_letter
from crawler.detect.romaji import kana_to_hepburn
from crawler.detect.watchlist import WatchlistEntry

INITIALS_MARK = "#"  # prefixed to the pattern of a person named by initials

_LETTER = "A-ZＡ-Ｚ"
_DOT = r"\s?[.．・･·]\s?"
_INITIALS = re.compile(
    rf"(?<![A-Za-zＡ-Ｚａ-ｚ])([{_LETTER}]){_DOT}([{_LETTER}])(?:{_DOT}([{_LETTER}]))?"
    r"(?![A-Za-zＡ-Ｚａ-ｚ])"
)
_SEPARATORS = re.compile(r"[\s・･·,、]+")

# Words that say what a person does, by watchlist category; lower-case, found anywhere in
# the text. Categories a writer may spell another way share a table.
_ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "announcer": (
        "アナ",
        "キャスター",
        "お天気",
        "気象予報士",
        "presenter",
        "announcer",
        "anchor",
        "newscaster",
        "weather",
        "아나운서",
        "主播",
        "apresentadora",
        "presentadora",
        "présentatrice",
        "moderatorin",
        "conduttrice",
        "ผู้ประกาศ",
        "jt de",
    ),
    "actress": (
        "女優",
        "俳優",
        "子役",
        "朝ドラ",
        "ドラマ",
        "actress",
        "actor",
        "drama",
        "movie",
        "film",
        "atriz",
        "actriz",
        "actrice",
        "schauspielerin",
        "attrice",
        "배우",
        "演员",
        "演員",
        "女主",
        "นักแสดง",
        "นางเอก",
        "diễn viên",
        "aktris",
        "artis",
        "teleserye",
        "sinetron",
        "series",
        "heroine",
        "ヒロイン",
    ),
    "idol": (
        "アイドル",
        "センター",
        "メンバー",
        "idol",
        "k-pop",
        "kpop",
        "girl group",
        "girlgroup",
        "center",
        "centre",
        "member",
        "maknae",
        "아이돌",
        "걸그룹",
        "偶像",
        "女团",
        "女團",
        "ไอดอล",
        "4th gen",
        "main vocal",
    ),
    "model": (
        "モデル",
        "グラビア",
        "読モ",
        "model",
        "modelo",
        "modèle",
        "mannequin",
        "modella",
        "모델",
        "模特",
        "นางแบบ",
        "người mẫu",
        "gravure",
    ),
    "streamer": (
        "配信者",
        "配信",
        "実況",
        "vtuber",
        "ライバー",
        "streamer",
        "twitch",
        "youtuber",
        "스트리머",
        "主播",
        "สตรีมเมอร์",
        "ゲーム実況",
    ),
    "athlete": (
        "選手",
        "アスリート",
        "代表",
        "フィギュア",
        "バレー",
        "競泳",
        "athlete",
        "player",
        "swimmer",
        "skater",
        "tennis",
        "volleyball",
        "biathlete",
        "biathlon",
        "gymnast",
        "olympic",
        "선수",
        "运动员",
        "運動員",
        "选手",
        "นักกีฬา",
        "vận động viên",
        "atleta",
        "jugadora",
        "jogadora",
        "sportlerin",
        "schwimmerin",
        "sprinter",
        "runner",
        "team",
    ),
    "singer": (
        "歌手",
        "歌姫",
        "シンガー",
        "singer",
        "vocal",
        "가수",
        "นักร้อง",
        "ca sĩ",
        "cantora",
        "cantante",
        "chanteuse",
        "sängerin",
        "penyanyi",
        "紅白",
    ),
    "influencer": (
        "インフルエンサー",
        "インスタグラマー",
        "ティックトッカー",
        "influencer",
        "instagrammer",
        "tiktoker",
        "selebgram",
        "influenceuse",
        "인플루언서",
        "网红",
        "網紅",
        "followers",
        "フォロワー",
    ),
    "talent": ("タレント", "talent", "tarento", "バラエティ", "variety"),
    "politician": ("議員", "政治家", "politician", "senator", "lawmaker", "councillor"),
}
# A talent (タレント) appears on variety shows, in dramas and in magazines alike.
_HINTS_ACCEPTED = {"talent": frozenset(("talent", "actress", "idol", "model"))}
_CATEGORY_ALIASES = {
    "vtuber": "streamer",
    "youtuber": "streamer",
    "tarento": "talent",
    "gravure": "model",
}


def person_initials(entry: WatchlistEntry) -> set[str]:
    """The person's initials in the order the name is written and reversed: from the
    reading for a Japanese name (たかはし ひなの -> th, ht), from the letters for a Latin one
    (Giulia Ferrandi is G.F., though her katakana reads ジュリア, J)."""
    found: set[str] = set()
    kana = [p for p in _SEPARATORS.split(entry.kana) if p]
    if len(kana) >= 2:
        romaji = [kana_to_hepburn(jaconv.kata2hira(p)) for p in kana]
        if all(romaji):
            found |= _both_orders([r[0] for r in romaji if r])
    parts = [p for p in _SEPARATORS.split(entry.name) if p]
    firsts = [fold_latin_letter(p[0]).lower() for p in parts]  # Élodie: e
    if len(parts) >= 2 and all(c.isascii() and c.isalpha() for c in firsts):
        found |= _both_orders(firsts)
    return found


def _both_orders(letters: list[str]) -> set[str]:
    if len(letters) < 2 or len(letters) > 3:
        return set()
    written = "".join(letters)
    return {written, written[::-1]}


def category_of(entry: WatchlistEntry) -> str | None:
    """The person's category as the role words know it, or None."""
    category = entry.category.strip().lower()
    category = _CATEGORY_ALIASES.get(category, category)
    return category if category in _ROLE_WORDS else None


class InitialsIndex:
    """Watched people by initials and category. Built on the first text that holds dotted
    initials (few do): a 10,000-person watchlist takes 0.1 s, which the detector's build
    need not pay. Two threads may both build it; each builds the same dict."""

    def __init__(self, entries: Iterable[WatchlistEntry]) -> None:
        self._entries = list(entries)
        self._people: dict[str, list[tuple[str, str]]] | None = None

    def _index(self) -> dict[str, list[tuple[str, str]]]:
        people: dict[str, list[tuple[str, str]]] = {}
        for entry in self._entries:
            category = category_of(entry)
            if category is None:
                continue
            for initials in person_initials(entry):
                people.setdefault(initials, []).append((entry.id, category))
        self._people = people
        return people

    def find(self, norm: NormalizedText) -> list[NameHit]:
        text = norm.original
        found: list[NameHit] = []
        hinted: set[str] | None = None
        index = self._people
        for match in _INITIALS.finditer(text):
            if index is None:
                index = self._index()
            letters = "".join(jaconv.z2h(g, ascii=True) for g in match.groups() if g).lower()
            candidates = index.get(letters)
            if not candidates:
                continue
            if hinted is None:
                hinted = hinted_categories(text)
            people = {person for person, category in candidates if fits_hint(category, hinted)}
            key_start = bisect_left(norm.starts, match.start())
            key_end = bisect_left(norm.starts, match.end())
            if len(people) == 1 and key_start < key_end:
                found.append(
                    NameHit(
                        people.pop(),
                        INITIALS_MARK + letters,
                        key_start,
                        key_end,
                        match.start(),
                        match.end(),
                    )
                )
        return found


def hinted_categories(text: str) -> set[str]:
    """The categories the text's role words point at (アナ: announcer)."""
    lowered = text.lower()
    return {c for c, words in _ROLE_WORDS.items() if any(w in lowered for w in words)}


def fits_hint(category: str, hinted: set[str]) -> bool:
    return category in hinted or not hinted.isdisjoint(_HINTS_ACCEPTED.get(category, ()))
