"""Near-duplicate texts are found after normalisation; unrelated and short texts are not."""

from __future__ import annotations

import random

import pytest

from crawler.link.text_near import NearTextIndex, lsh_bands, normal_key, shingles

BIO = (
    "AI美女イラストのリクエスト受付中です。月額プランで毎週新作を投稿します。"
    "支払いはPayPayでお願いします。DMでご相談ください。"
)
# The same bio re-typed for a new account: full-width letters, spaces, one sentence changed.
BIO_RETYPED = (
    "ＡＩ美女イラストの リクエスト 受付中です!! 月額プランで毎週新作を投稿します。"
    "支払いはPayPayでお願いします。DMでお気軽にご相談ください。"
)
OTHER = (
    "風景写真を撮っています。週末は山に登り、季節の花や星空を撮影しています。"
    "作品の販売はしていません。"
)
PRICE_LIST = "ライトプラン 500円\nスタンダードプラン 1000円\nプレミアムプラン 3000円\n"


def test_a_retyped_bio_is_near_and_an_unrelated_one_is_not() -> None:
    index = NearTextIndex(threshold=0.6)
    for doc, text in (("a", BIO), ("b", BIO_RETYPED), ("c", OTHER)):
        assert index.add(doc, text)
    near = index.near("a")
    assert [n.doc for n in near] == ["b"]
    assert 0.6 <= near[0].jaccard < 1.0
    assert [n.doc for n in index.near("b")] == ["a"]
    assert index.near("c") == []


def test_width_case_and_spacing_do_not_matter() -> None:
    index = NearTextIndex(threshold=0.9)
    index.add("x", PRICE_LIST)
    index.add(
        "y", "ライト プラン ５００円／スタンダード プラン １０００円／プレミアム プラン ３０００円"
    )
    assert [n.doc for n in index.near("x")] == ["y"]
    assert index.near("x")[0].jaccard == 1.0


def test_short_texts_are_not_indexed() -> None:
    index = NearTextIndex(min_chars=30)
    assert not index.add("hi", "よろしくお願いします！")
    assert "hi" not in index
    assert index.near("hi") == []


def test_japanese_shingles_are_character_ngrams() -> None:
    assert shingles(normal_key("月額プラン"), 3) == {"月額ぷ", "額ぷら", "ぷらん"}
    assert shingles("ab", 3) == {"ab"}


def _jaccard(a: str, b: str) -> float:
    sa, sb = shingles(normal_key(a), 3), shingles(normal_key(b), 3)
    return len(sa & sb) / len(sa | sb)


def test_every_clearly_similar_pair_of_a_corpus_is_found() -> None:
    """Texts derived from a few seeds by small edits: LSH must find every pair well above
    the threshold (datasketch's bands are tuned for it), and report none below it."""
    rng = random.Random(15)
    alphabet = "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめも"
    seeds = ["".join(rng.choice(alphabet) for _ in range(120)) for _ in range(6)]
    texts = {}
    for n in range(60):
        chars = list(seeds[n % 6])
        for _ in range(rng.randrange(0, 4)):
            chars[rng.randrange(len(chars))] = rng.choice(alphabet)
        texts[n] = "".join(chars)
    index = NearTextIndex(threshold=0.6)
    index.add_all(texts.items())
    for a in texts:
        found = {n.doc: n.jaccard for n in index.near(a)}
        for b in texts:
            if b == a:
                continue
            similarity = _jaccard(texts[a], texts[b])
            if similarity >= 0.8:
                assert b in found, (a, b, similarity)
            if b in found:
                assert similarity >= 0.6
                assert abs(found[b] - similarity) < 1e-3


@pytest.mark.parametrize("threshold", [0.5, 0.6, 0.8])
def test_the_remembered_lsh_bands_are_the_ones_datasketch_works_out(threshold: float) -> None:
    from datasketch import MinHashLSH

    own = MinHashLSH(threshold=threshold, num_perm=128)
    index = NearTextIndex(threshold=threshold, num_perm=128)
    assert lsh_bands(threshold, 128) == (own.b, own.r)
    assert (index._lsh.b, index._lsh.r) == (own.b, own.r)
