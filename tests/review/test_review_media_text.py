"""The words around evidence pictures and captures, in both languages: captures named in plain
words instead of internal kinds, pictures and refusals in Japanese when asked."""

from __future__ import annotations

from review_helpers import csrf_from

JA = {"Accept-Language": "ja"}


def test_captures_are_named_in_plain_words(make_client, env) -> None:  # type: ignore[no-untyped-def]
    client = make_client("ana")
    english = client.get(f"/review/{env.world.flags['storefront']}").text
    assert "Page as received · HTTP status 200" in english
    assert 'data-label="Captured"' in english and 'data-label="Evidence"' in english
    japanese = client.get(f"/accounts/{env.world.accounts['fl-1001']}", headers=JA).text
    assert "受信したページ · HTTP ステータス 200" in japanese
    assert "ぼかしたスクリーンショット</a>" in japanese
    assert 'data-label="取得日時"' in japanese and 'data-label="証拠"' in japanese


def test_pictures_and_the_viewer_speak_japanese(make_client, env) -> None:  # type: ignore[no-untyped-def]
    page = make_client("ana").get(f"/review/{env.world.flags['storefront']}", headers=JA).text
    for words in ("元画像を表示…", "元画像 — 閲覧を記録済み", "最新のスクリーンショットは非表示"):
        assert words in page
    assert '<dialog class="viewer"' in page and "サーバーでぼかした画像" in page
    assert "ORIGINAL — logged" not in page and "Reveal original" not in page
    minor = make_client("ana").get(f"/review/{env.world.flags['minor']}", headers=JA).text
    assert "画像は保存していません（未成年者が関わるおそれ）" in minor


def test_media_refusals_are_in_the_reader_s_language(make_client, env) -> None:  # type: ignore[no-untyped-def]
    analyst = make_client("ana")
    token = csrf_from(analyst.get("/queue").text)
    refused = analyst.post(
        f"/media/{env.world.media['a1_original']}/reveal",
        headers={"X-CSRF-Token": token, **JA},
        data={"reason": " "},
    )
    assert refused.status_code == 400
    assert "元画像が必要な理由を書いてください" in refused.text
    missing = analyst.get("/captures/999999/screenshot", headers=JA)
    assert missing.status_code == 404 and "スクリーンショットがありません" in missing.text
