"""Forms learnt from writers AA and AB (crawler/detect/data/WRITER_train22.md, 23): minors by
birth cohort, school class and child-star era in more languages; katakana that look like
kanji; Thai words kept whole; variant and simplified kanji in a swapped name; and an adult
creator's R18 plan that flags no account on its own. Fictional people only."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from crawler.detect import Detector, WatchlistEntry
from crawler.detect.birth_years import expand_birth_years

PEOPLE = [
    WatchlistEntry("S01", "濵口 柚葉", "はまぐち ゆずは", ("浜口柚葉",), "athlete"),
    WatchlistEntry("S02", "濵口 彩葉", "はまぐち いろは", (), "actress"),
    WatchlistEntry("S03", "𠮷田 千尋", "よしだ ちひろ", (), "announcer"),
    WatchlistEntry("S04", "水瀬 ひより", "みなせ ひより", (), "idol"),
]


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(PEOPLE)


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("浜ロ柚葉 AIコラ写真集 DL版", "S01"),  # katakana ロ for the kanji 口
        ("滨口彩叶童星时期的剧照，谁能做成AI裸图？有偿", "S02"),  # simplified 滨, 叶 for 葉
        ("吉田千尋アナのエロコラ、作れる人いたらDMください", "S03"),  # 𠮷 written 吉
    ],
)
def test_names_in_look_alike_and_variant_characters(
    detector: Detector, text: str, person: str
) -> None:
    assert detector.classify_text(text).people == [person]


@pytest.mark.parametrize("text", ["東京タワーの写真", "山田カ子さん", "吉田さん"])
def test_ordinary_katakana_and_a_family_name_alone_name_no_one(
    detector: Detector, text: str
) -> None:
    assert detector.classify_text(text).people == []


@pytest.mark.parametrize(
    "text",
    [
        "09后学生妹AI去衣定制，校服照也行，USDT付款",
        "08년생 학생 사진도 가능. 옷 지우기 AI, 문상 결제",
        "有人能把同班同学的毕业照做成裸照吗？她初三，红包感谢",
        "¿Alguien hace montajes subidos de tono con la orla de 4º de ESO? Pago por Bizum",
        "Ai làm ảnh nóng từ ảnh kỷ yếu lớp 10 không? trả tiền qua Momo",
        "【年齢不問】写真の子が何歳でもヌード化します。学生さんの写真もそのままでOK",
        "ねねかの中の人の高校の頃の写真見つけた、AIで脱がせる人募集",
    ],
)
def test_minors_by_cohort_class_and_era_flag_with_minor_risk(detector: Detector, text: str) -> None:
    result = detector.classify_text(text)
    assert result.flagged and result.minor_risk


def test_a_class_still_at_school_is_a_minor_and_a_graduated_one_is_not() -> None:
    regex = re.compile(expand_birth_years("classof(MINOR_CLASS_OF)", dt.date(2026, 11, 30)))
    assert regex.fullmatch("classof2027") and regex.fullmatch("classof2031")
    assert not regex.fullmatch("classof2026") and not regex.fullmatch("classof2019")


@pytest.mark.parametrize(
    "text",
    [
        "รับแต่งรูปโปรไฟล์ ปรับสีผิว ลบสิว ราคาเริ่มต้น 50 บาท",  # profile (โปร), start (เริ่มต้น)
        "가정통신문: 졸업앨범 촬영 안내. 학생 사진의 무단 게시 및 합성을 금지합니다.",
        "Polícia investiga montagens com IA de alunas do ensino médio em escola da zona norte",
        "「脱衣AI」のリンクはウイルスです。絶対に踏まないでください",
        "正月初二 去拜年",
    ],
)
def test_thai_retouching_letters_home_police_and_virus_warnings_do_not_flag(
    detector: Detector, text: str
) -> None:
    result = detector.classify_text(text)
    assert not result.flagged and not result.minor_risk


def test_thai_nude_still_counts_with_its_tone_mark(detector: Detector) -> None:
    assert "sexual" in {r.family for r in detector.classify_text("ภาพโป๊ AI").reasons}
    assert "sexual" not in {r.family for r in detector.classify_text("โปรโมชั่น").reasons}


def test_a_news_anchor_is_a_person_not_news(detector: Detector) -> None:
    families = {r.family for r in detector.classify_text("news anchor lookalikes").reasons}
    assert "news" not in families and "real_person" in families


def test_an_adult_creators_r18_plan_flags_no_account_alone(detector: Detector) -> None:
    cosplayer = detector.classify_account(
        display_name="みなみ",
        bio="コスプレイヤーです。自撮りを載せています",
        plans=["R18プラン 月額3000円"],
        posts=["新しい衣装届いた！"],
    )
    assert not cosplayer.flagged
    storefront = detector.classify_account(
        display_name="AI工房",
        bio="AI生成の画像を毎週更新しています",
        plans=["R18プラン 月額3000円"],
        posts=["今日の新作は水瀬ひよりちゃん"],
    )
    assert storefront.flagged and storefront.people == ["S04"]
    # A plan that names the person or says what is made flags on its own.
    assert detector.classify_account(plans=["水瀬ひよりのAIヌード 月額3000円"]).flagged
