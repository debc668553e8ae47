"""Detector decisions on our own examples: every signal family and every negative
class, in Japanese and English. People are fictional (fixtures/watchlist.csv)."""

from __future__ import annotations

import random
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.detect import DETECTOR_VERSION, Detector, load_watchlist_csv

# (text, people, minor) — targets: advertise / sell / take paid requests.
TARGETS = [
    # Japanese, named people, assorted obfuscation
    ("ミ ナ セ ヒ ヨ リ のAIヌード、有料プランで配信中", ["F001"], False),
    ("髙嵜涼子ちゃんのアイコラ 1枚300円", ["F002"], False),
    ("大野翔子アナのフェイクポルノ、サブスク会員限定", ["F007"], False),
    ("【依頼受付】水瀬ひ○り 脱衣AI画像 DMで", ["F001"], False),
    ("さいとうまおの顔交換エロ動画、月額1500円プランで見放題", ["F008"], False),
    ("渡邊菜々そっくりのAI生成R18画像を販売中。PayPay可", ["F010"], False),
    ("実在の人物ではありません（水瀬ひより似のAI美女）R18 有料", ["F001"], False),
    # Japanese, no watchlist name: real-person and request phrasings
    ("好きな芸能人の写真を送ってください。AIで服を脱がす加工します。1枚2000円", [], False),
    ("元カノの写真からAIでエロ画像作ります。秘密厳守、料金はDMで", [], False),
    ("推しのディープフェイク作ります🔞 上位プランの方はリクエスト可", [], False),
    ("実在アイドルのdfk動画、会員制サイトで販売中", [], False),
    ("インスタの写真1枚でAIヌード生成します。アマギフ払い", [], False),
    # English
    ("Custom deepfake nudes of Nora Quill, $12 each, DM me", ["F005"], False),
    ("NORA QUILL nudify requests open, paypal", ["F005"], False),
    ("takasaki ryoko faceswap porn — subscribers get 3 requests a month", ["F002"], False),
    ("Send me a pic of your crush and I'll undress her with AI. Venmo only", [], False),
    ("Celebrity AI nudes on my Patreon, top tier can request any actress", [], False),
    ("Taking commissions: deepfake porn of any real woman you want, crypto accepted", [], False),
    ("Upload your coworker's photo, get an AI nude back. $9 per pic", [], False),
    # minors (Japanese and English)
    ("JK3の制服写真をAIで脱がせます 2000円", [], True),
    ("卒アルの写真でもOK。クラスの女子をAIで裸に。DMで依頼", [], True),
    ("教え子の学校行事の写真からAIエロ画像、有償で受付", [], True),
    ("Your classmate's yearbook photo turned into an AI nude. $5, DM", [], True),
    ("teen girls from school pics -> deepnude, paid requests only", [], True),
    ("水瀬ひよりの未成年時代の写真でアイコラ作成、1枚500円", ["F001"], True),
    # no AI word: the photo source and the edit say it is synthetic
    ("【術師】お好きな女性の顔写真1枚で服なし画像お作りします。ご相談はDMまで", [], False),
    ("I'll make a realistic nude of anyone from their Instagram. Paypal, $20", [], False),
    # obfuscations: masks as separators, Cyrillic letters, leetspeak, 一 for ー, emoji
    ("水*瀬*ひ*よ*り のAIエロ画像、1枚500円", ["F001"], False),
    ("★新作★水瀬ひ★りのAIヌード★有料", ["F001"], False),
    ("Nоra Quill AI nudes, five dollars each, DM", ["F005"], False),
    ("n0ra qu1ll deepfake p0rn, DM for prices", ["F005"], False),
    ("ヌ一ドAI画像 大野翔子 有償、千円", ["F007"], False),
    ("大🌸野🌸翔🌸子のアイコラ🔞 お値段はDMで", ["F007"], False),
    # undressing edits without the word AI, and edits sold on fan platforms
    ("Take her clothes off with AI: send a pic of any girl, $10", [], False),
    ("芸能人の脱がし加工承ります 1枚千円", [], False),
    ("Nora Quill NSFW edits, $3 each on my Fansly", ["F005"], False),
    ("好きな芸能人のAIイラスト描きます。R18もOK、1枚2000円", [], False),
    # age gates do not hide a minor named elsewhere in the text
    ("JK写真OK。未成年閲覧禁止。AIで脱がせます 1000円", [], True),
    # lookalike claims next to "photo book" words are not official content
    ("水瀬ひよりの“そっくりさん”AI写真集、FANBOXで公開中🔞", ["F001"], False),
]

# (text, people) — share the words, are not targets.
NON_TARGETS = [
    # news and arrest reports
    (
        "女優の水瀬ひよりさんの性的ディープフェイクを販売した疑いで、会社員の男が逮捕された",
        ["F001"],
    ),
    ("警視庁によると、男は芸能人のAIエロ画像を月額1000円で販売していた", []),
    ("Police arrested a man who sold deepfake porn of actresses for $10 a month", []),
    ("Nora Quill deepfake case: prosecutors say the seller earned $40,000", ["F005"]),
    # warnings, victim support
    ("性的ディープフェイクは犯罪です。被害に遭ったら相談窓口へ。通報してください", []),
    ("【注意喚起】AIで服を脱がす画像を作るサービスは違法です", []),
    ("Deepfake porn is a crime. If you are a victim, contact our helpline.", []),
    ("PSA: never send photos of your classmates to AI nude apps. It is illegal.", []),
    # no real people / fictional
    ("オリジナルキャラのAI生成R18イラスト、リクエスト受付中（実在の人物はお断り）", []),
    ("AIで生成した架空の人物のグラビア写真集、月額500円", []),
    ("AI art commissions, NSFW ok, original characters only, no real people", []),
    ("Fictional AI girls, lewd sets on my Patreon, $5 tier", []),
    # a person's own official content
    ("水瀬ひより 1st写真集 発売中！公式ショップで予約受付", ["F001"]),
    ("大野翔子さんの公式ファンクラブ、月額550円でオフショット", ["F007"]),
    ("Nora Quill official fan club: new photo book out, $30", ["F005"]),
    # deepfake-removal services and detection
    ("ディープフェイク削除代行。あなたの偽画像を見つけて削除申請します。料金は相談", []),
    ("We remove deepfake nudes of you from the internet. Takedown service, paid plans", []),
    ("Our deepfake detection API helps platforms remove non-consensual imagery", []),
    # patrol reports about an account
    ("パトロール報告：このアカウントは芸能人のAIエロ画像を有料で販売しています。通報済み", []),
    ("Reported this account: it sells AI nudes of celebrities for $10. Please report it too", []),
    # ordinary posts with a name, and harmless AI / commerce
    ("水瀬ひよりちゃんのライブ最高だった！", ["F001"]),
    ("AIであなたのペットを油絵風に描きます。依頼受付中、1枚800円", []),
    ("Face swap app for silly videos with your friends! Free, family friendly", []),
    ("コスプレROM頒布中。R18版は支援プラン限定（本人撮影）", []),
    ("卒業アルバムの撮影、承ります。学校行事の撮影もお任せください", []),
    ("LoRA学習の基礎を有料noteで解説しています", []),
    ("似顔絵描きます（手描き・全年齢）", []),
    ("森愛のファンです", []),
    ("【悲報】人気女優のディープフェイク、ネットで拡散される", []),
    ("写真から似顔絵を描きます。1枚1000円", []),
    ("Is it legal to sell deepfakes? A lawyer explains", []),
    ("AI face swap filter for your selfies, 100% free, no nudity", []),
    # people condemning or reporting what they saw, advocacy
    ("水瀬ひよりのAIエロ画像売ってる奴マジで最低", ["F001"]),
    ("Someone is selling AI nudes of Nora Quill on Patreon. Disgusting. Please report.", ["F005"]),
    ("How to spot a deepfake: a guide for parents of teens", []),
    ("The actress spoke out against AI nudes made of her, calling for new laws", []),
    # sexual-synthetic with a real person but nothing offered, sold or requested
    ("大野翔子のAIエロ画像、すごい時代になったな", ["F007"]),
    # the person herself, fictional characters, a news sentence without news words up front
    ("水瀬ひより本人です。限定グラビアはFANBOXで公開中", ["F001"]),
    ("AI生成の二次元キャラのエロイラスト、支援プランで公開中", []),
    ("容疑者の男は、実在の女優の顔をAIで合成したわいせつ画像を販売していた", []),
]


@pytest.mark.parametrize(("text", "expected_people", "minor"), TARGETS)
def test_targets_are_flagged(
    detector: Detector, text: str, expected_people: list[str], minor: bool
) -> None:
    result = detector.classify_text(text)
    assert result.flagged, (result.score, [(r.family, r.matched) for r in result.reasons])
    assert result.people == expected_people
    assert result.minor_risk is minor
    assert 0.5 <= result.score <= 1.0


@pytest.mark.parametrize(("text", "expected_people"), NON_TARGETS)
def test_non_targets_are_not_flagged(
    detector: Detector, text: str, expected_people: list[str]
) -> None:
    result = detector.classify_text(text)
    assert not result.flagged, (result.score, [(r.family, r.matched) for r in result.reasons])
    assert result.people == expected_people
    assert not result.minor_risk


def test_every_reason_points_at_its_original_slice(detector: Detector) -> None:
    for text, *_ in TARGETS + NON_TARGETS:
        for reason in detector.classify_text(text).reasons:
            if reason.family == "decision":  # how the verdict was reached: no place in the text
                assert (reason.start, reason.end, reason.matched) == (0, 0, "") and reason.term
                continue
            assert text[reason.start : reason.end] == reason.matched
            assert reason.matched


def test_reasons_cover_each_family(detector: Detector) -> None:
    result = detector.classify_text("【有償】JKの水瀬ひよりちゃんのAIエロ画像、芸能人も可")
    families = {r.family for r in result.reasons}
    assert {"commerce", "synthetic", "sexual", "real_person", "minor", "person"} <= families
    [person] = [r for r in result.reasons if r.family == "person"]
    assert person.person_id == "F001" and person.matched == "水瀬ひよりちゃん"


def test_repeating_a_word_is_not_more_evidence(detector: Detector) -> None:
    once = detector.classify_text("AI 芸能人 エロ 有償")
    many = detector.classify_text("AI AI AI AI AI 芸能人 エロ 有償")
    assert many.evidence == once.evidence and many.flagged == once.flagged
    rules_only = Detector([], model=None)
    assert (
        rules_only.classify_text("AI AI AI AI AI 芸能人 エロ 有償").score
        == rules_only.classify_text("AI 芸能人 エロ 有償").score
    )


def test_minor_indicators_raise_severity(detector: Detector) -> None:
    # Without a sexual word or a price, so neither score is already at its ceiling.
    adult = detector.classify_text("芸能人の写真からAI画像作ります")
    minor = detector.classify_text("JKの写真からAI画像作ります")
    assert minor.minor_risk and not adult.minor_risk
    assert minor.score > adult.score


@pytest.mark.parametrize(
    "text",
    [
        "未成年閲覧禁止。芸能人のAIエロ画像、1枚500円",
        "18+ only, no minors. Celebrity deepfake nudes, $5 each",
    ],
)
def test_age_gates_are_not_minor_indicators(detector: Detector, text: str) -> None:
    result = detector.classify_text(text)
    assert result.flagged and not result.minor_risk


def test_minor_floor_flags_without_selling(detector: Detector) -> None:
    # Nothing is offered, but a minor's photo made sexual always goes to review (the minor
    # floor), with minor_risk so that no image from it is kept.
    result = detector.classify_text("JKの写真をAIで脱がせてみた")
    assert result.flagged and result.minor_risk
    assert any(r.family == "decision" and "minors" in r.term for r in result.reasons)


def test_minor_floor_needs_its_own_offer_word(detector: Detector) -> None:
    # 制服 alone, or a weak word like "AI", is not a sexual, undressing or photo-request word.
    assert not detector.classify_text("制服のクリーニング承ります。1着800円").flagged
    assert not detector.classify_text(
        "AIであなたのペットを油絵風に描きます！依頼受付中、1枚800円"
    ).flagged
    # News about a minor's photo misused is not an offer.
    news = detector.classify_text("中学生の卒アル写真をAIで脱がせた画像が拡散、警察が捜査")
    assert not news.flagged and not news.minor_risk


def test_to_dict_is_the_contract(detector: Detector) -> None:
    data = detector.classify_text("Custom deepfake nudes of Nora Quill, $12 each").to_dict()
    assert set(data) == {"flagged", "score", "people", "minor_risk", "reasons"}
    assert isinstance(data["score"], float) and data["people"] == ["F005"]
    assert {"family", "term", "matched", "start", "end", "person_id"} <= set(data["reasons"][0])
    assert DETECTOR_VERSION


# --- account level ------------------------------------------------------------------


def test_account_is_judged_from_bio_plans_and_posts_together(detector: Detector) -> None:
    bio = "AI生成のR18画像を毎週更新しています"
    posts = ["今日の新作は水瀬ひよりちゃん", "次は大野翔子さんの予定"]
    # Each post names someone but says nothing of what is made of her: alone, no flag. (The
    # bio alone is borderline: the learned layer has flagged it at some thresholds.)
    for post in posts:
        assert not detector.classify_text(post).flagged
        assert detector.classify_text(post).people
    account = detector.classify_account(
        display_name="AI工房", bio=bio, plans=["月額3000円"], posts=posts
    )
    assert account.flagged
    assert account.people == ["F001", "F007"]
    parts = {str(r.part) for r in account.reasons}
    assert {"bio", "post[0]", "post[1]", "plan[0]"} <= parts
    assert {str(p) for p in account.parts} == {
        "display_name",
        "bio",
        "plan[0]",
        "post[0]",
        "post[1]",
    }


def test_account_news_post_does_not_make_a_storefront(detector: Detector) -> None:
    account = detector.classify_account(
        bio="芸能ニュースをまとめています",
        posts=[
            "水瀬ひよりさんの性的ディープフェイクを販売した男が逮捕された",
            "AIエロ画像の被害相談窓口はこちら。通報してください",
        ],
    )
    assert not account.flagged and account.people == ["F001"]


def test_account_minor_risk_from_any_part(detector: Detector) -> None:
    account = detector.classify_account(
        bio="依頼はDMへ。AIで脱がせます", posts=["卒アルの写真もOK"]
    )
    assert account.flagged and account.minor_risk


# --- robustness ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\x00\x01\x02",
        "\ud800 lone surrogate",
        "🔞" * 10_000,
        "○" * 5_000,
        "a*" * 30_000,
        "<script>alert('水瀬ひより')</script>",
        "\u3099\u309a" * 100,
        "々ゝゞ" * 100,
        "水瀬ひより" * 20_000,
    ],
)
def test_hostile_input_never_raises(detector: Detector, text: str) -> None:
    result = detector.classify_text(text)
    assert result.error is None
    assert 0.0 <= result.score <= 1.0
    assert len(result.reasons) <= 200


def test_non_str_input_is_tolerated(detector: Detector) -> None:
    assert detector.classify_text(None).flagged is False  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_gives_a_valid_result(text: str) -> None:
    result = _HYPOTHESIS_DETECTOR.classify_text(text)
    assert result.error is None and 0.0 <= result.score <= 1.0
    for reason in result.reasons:
        assert text[reason.start : reason.end] == reason.matched


def test_thread_safe(detector: Detector) -> None:
    texts = [t for t, *_ in TARGETS + NON_TARGETS] * 20
    random.Random(3).shuffle(texts)
    expected = [detector.classify_text(t).to_dict() for t in texts]
    barrier = threading.Barrier(4)

    def run(chunk: int) -> list[dict]:
        barrier.wait()
        return [detector.classify_text(t).to_dict() for t in texts[chunk::4]]

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(run, range(4)))
    for chunk, got in enumerate(results):
        assert got == expected[chunk::4]


# hypothesis tests cannot take function-scoped fixtures; build one detector here.
_HYPOTHESIS_DETECTOR = Detector(
    load_watchlist_csv(Path(__file__).with_name("fixtures") / "watchlist.csv")
)
