"""Normalisation: folding rules, the offset map, and properties (hypothesis)."""

from __future__ import annotations

import jaconv
import neologdn
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.detect.normalize import MAX_TEXT_CHARS, Normalizer

N = Normalizer(keep_symbols={"🔞"})


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("ア イ コ ラ", "あいこら"),  # spaced-out katakana, folded to hiragana
        ("星・野・美・奈", "星野美奈"),  # middle dots between kanji
        ("星\u200b野\u200d美\ufeff奈", "星野美奈"),  # zero-width characters
        ("Ｒ－１８", "r18"),  # full width and a full-width dash
        ("ｱｲｺﾗ", "あいこら"),  # half-width katakana
        ("ｶﾞｸｾｲ", "がくせい"),  # half-width voiced mark joins its kana
        ("か\u3099", "が"),  # combining voiced mark
        ("佐々木", "佐佐木"),  # kanji iteration mark
        ("いすゞ", "いすず"),  # voiced kana iteration mark
        ("ディープフェイク", "でぃぷふぇいく"),  # long-vowel mark dropped
        ("ディ～プフェイク", "でぃぷふぇいく"),  # ... and its look-alikes
        ("HOSHINO", "hoshino"),
        ("ｈｏｓｈｉｎｏ", "hoshino"),
        ("Café", "cafe"),
        ("Kołodziejczyk", "kolodziejczyk"),  # letters with a stroke, which NFKD keeps
        ("Søren Ærø", "sorenaero"),
        ("髙﨑", "高崎"),  # old kanji forms
        ("齋藤", "斎藤"),
        ("渡邊", "渡辺"),
        ("星野＊奈", "星野○奈"),  # every mask character becomes one mask
        ("星野×奈", "星野○奈"),
        ("星野●奈", "星野○奈"),
        ("エ❤ロ", "えろ"),  # decorative symbols between letters
        ("🔞\ufe0f", "🔞"),  # kept signal emoji, variation selector dropped
        ("¥1,000", "¥1000"),
        ("ヌ一ド", "ぬど"),  # the kanji 一 standing in for ー between kana
        ("一枚", "一枚"),  # ... but a kanji elsewhere
        ("Nоra", "nora"),  # Cyrillic о
        ("星野★奈", "星野○奈"),  # decorations double as masks
        ("N̷o̷r̷a̷", "nora"),  # strike-through combining marks
    ],
)
def test_key_examples(text: str, key: str) -> None:
    assert N.key(text) == key


def test_offsets_point_into_the_original() -> None:
    text = "【有償】ｈｏｓｈｉｎｏ　ｍｉｎａ ちゃん"
    norm = N.normalize(text)
    start = norm.key.index("hoshino")
    s, e = norm.original_span(start, start + len("hoshinomina"))
    assert text[s:e] == "ｈｏｓｈｉｎｏ　ｍｉｎａ"


def test_voiced_mark_span_covers_both_characters() -> None:
    norm = N.normalize("xｶﾞy")
    i = norm.key.index("が")
    assert norm.original_span(i, i + 1) == (1, 3)


def test_huge_input_is_capped() -> None:
    norm = N.normalize("あ" * (MAX_TEXT_CHARS + 1000))
    assert len(norm.key) == MAX_TEXT_CHARS


JAPANESE = st.sampled_from(
    list("あいうかがきぎさしぱぴアイウカガキサシパピｱｲｶﾞｷ星野美奈佐々木髙﨑齋藤ーゝゞ々一")
)
LATIN = st.sampled_from(list("abcXYZ019ＡＢＣ１２оа"))
SEPARATORS = st.sampled_from([" ", "\u3000", "・", ".", "_", "-", "\u200b", "/", "❤", "\n"])
ANY_CHAR = st.one_of(JAPANESE, LATIN, SEPARATORS, st.sampled_from(list("○＊×🔞¥$、。！")))
TEXTS = st.lists(ANY_CHAR, max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_idempotent(text: str) -> None:
    once = N.key(text)
    assert N.key(once) == once


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_idempotent_on_any_unicode(text: str) -> None:
    once = N.key(text)
    assert N.key(once) == once


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_width_insensitive(text: str) -> None:
    key = N.key(text)
    assert N.key(jaconv.h2z(text, kana=True, ascii=True, digit=True)) == key
    assert N.key(jaconv.z2h(text, kana=True, ascii=True, digit=True)) == key


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(JAPANESE, LATIN), min_size=1, max_size=20), SEPARATORS)
def test_separators_between_characters_do_not_change_the_key(chars: list[str], sep: str) -> None:
    assert N.key(sep.join(chars)) == N.key("".join(chars))


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_katakana_hiragana_insensitive(text: str) -> None:
    assert N.key(jaconv.hira2kata(text)) == N.key(jaconv.kata2hira(text))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(JAPANESE, LATIN, st.just(" ")), max_size=30).map("".join))
def test_neologdn_first_changes_nothing(text: str) -> None:
    # neologdn is the reference normaliser for Japanese; our key already covers it.
    assert N.key(neologdn.normalize(text)) == N.key(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_offset_map_is_well_formed(text: str) -> None:
    norm = N.normalize(text)
    assert len(norm.starts) == len(norm.ends) == len(norm.key)
    for s, e in zip(norm.starts, norm.ends, strict=True):
        assert 0 <= s < e <= len(text)
    assert norm.starts == sorted(norm.starts)


def test_alternate_readings_keep_offsets() -> None:
    text = "星*野*美*奈 n0ra"
    norm = N.normalize(text)
    views = N.alternates(norm)
    unmasked, leet = views
    assert unmasked.key == "星野美奈n0ra"
    assert leet.key == "星○野○美○奈nora"
    for view in views:
        for i in range(len(view.key)):
            assert 0 <= view.starts[i] < view.ends[i] <= len(text)
