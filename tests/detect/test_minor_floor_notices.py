"""The minor floor gives way to a school's, a district's or a parent's notice written in the
words the notices use (rules, policy, a club adviser, "never reply", a bill), and to a
family keepsake drawn from a photo; the same words never excuse an offer. Fictional text
only."""

from __future__ import annotations

import pytest

from crawler.detect import Detector


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector([])


@pytest.mark.parametrize(
    "text",
    [
        "District update: students caught with AI 'nudify' apps on school devices face discipline",
        "The academy has blocked undress apps on the pupils' Wi-Fi. Please check home tablets.",
        "College Title IX office: AI-generated nude images of fellow students are sexual "
        "misconduct. Report here.",
        "不審なアカウントから部員の生徒に「写真を送って」とDMが来ています。返信しないでください",
        "合唱部の集合写真を公開アカウントに載せるのはやめましょう（合唱部顧問）",
        "Pemberitahuan untuk orang tua siswa SD: harap waspada aplikasi 'hapus baju' AI",
        "A new bill on sexual deepfakes of minors was filed after a case at a middle school",
    ],
)
def test_a_notice_about_minors_and_undress_apps_is_not_flagged(
    detector: Detector, text: str
) -> None:
    verdict = detector.classify_text(text)
    assert not verdict.flagged, verdict.reasons


@pytest.mark.parametrize(
    "text",
    [
        "Family portraits as a cartoon from any photo of your kids, wholesome only",
        "お子さまの発表会の写真をイラストに🎨 1枚3,000円",
    ],
)
def test_a_family_keepsake_from_a_childs_photo_is_no_photo_request(
    detector: Detector, text: str
) -> None:
    assert not detector.classify_text(text).minor_risk


@pytest.mark.parametrize(
    "text",
    [
        # the notices' words inside an offer: the floor holds
        "new policy: high school girls' photos only, I undress them, 2000 yen each",
        "返信しないでDMだけで。JKの写真で脱衣コラ作ります 1枚1000円",
        "wholesome only on the main page 😇 in DMs: nude edits of schoolgirls from your pics",
    ],
)
def test_the_notice_words_never_excuse_an_offer_about_minors(detector: Detector, text: str) -> None:
    verdict = detector.classify_text(text)
    assert verdict.flagged and verdict.minor_risk
