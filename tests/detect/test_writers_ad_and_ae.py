"""Words learnt from writers AD and AE (crawler/detect/data/WRITER_train24.md, 25): harmless
posts in the adverts' own words, and posts as they appear in threads and replies.
Fictional people only."""

from __future__ import annotations

import pytest

from crawler.detect import Detector


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector([])


@pytest.mark.parametrize(
    "text",
    [
        "Te hago fotos hot de la chica que quieras, solo mándame su Instagram.",
        "can anyone edit my gym crush's selfies into something nsfw? she'll never know",
        "Bot AI xóa quần áo: gửi ảnh bất kỳ, nhận ảnh không che trong 1 phút",
        "ボットに写真送ったら水着が消えた画像が返ってくるやつ、1回500円",
        "年齢問わず加工可。学生さんの写真もそのままお送りください",
    ],
)
def test_requests_and_offers_in_these_words_flag(detector: Detector, text: str) -> None:
    assert detector.classify_text(text).flagged


@pytest.mark.parametrize(
    "text",
    [
        "「脱衣アプリ」の運営会社に業務停止命令 写真1枚で服を消す機能が問題に",
        "@everyone 最近「友達の写真を脱がせます」という勧誘DMが来ています。応じず、スクショして管理人へ",
        "thumbnail design for streamers, $25 each, 2 revisions. no nsfw, no face swaps",
        "Letter to parents: we have been made aware of an AI 'nudify' app being shared among "
        "Year 9 students. Please talk with your child tonight.",
        "Custom photo requests open: I shoot myself in the outfit you pick. Lingerie ok, "
        "nothing explicit. DM for the price list.",
        "Chapter 7: Mara finds the undress bot's server logs and realizes whose photos are in them",
    ],
)
def test_regulators_warnings_refusals_letters_and_stories_do_not_flag(
    detector: Detector, text: str
) -> None:
    result = detector.classify_text(text)
    assert not result.flagged and not result.minor_risk


def test_a_refusal_cancels_only_the_words_inside_it(detector: Detector) -> None:
    reasons = detector.classify_text("icons $10, no nsfw, no face swaps").reasons
    assert not {"sexual", "synthetic"} & {r.family for r in reasons}
    offered = detector.classify_text("icons $10, nsfw ok, face swaps too").reasons
    assert {"sexual", "synthetic"} <= {r.family for r in offered}
