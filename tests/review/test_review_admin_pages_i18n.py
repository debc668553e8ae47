"""The search, watchlist, audit, people and site-profile pages in Japanese: their own words,
the audit log's actions in plain words (stored ids unchanged) and refusals in the reader's
language (the command line keeps English)."""

from __future__ import annotations

import pytest
from review_helpers import csrf_from

from crawler.review.i18n import use_locale
from crawler.review.passwords import WeakPassword, check_strength
from crawler.review.users import UserError, validate_name

JA = {"Accept-Language": "ja"}


def test_audit_actions_read_as_plain_words_in_both_languages(make_client, env) -> None:  # type: ignore[no-untyped-def]
    make_client("vol1").get(f"/review/{env.world.flags['storefront']}")
    admin = make_client("adm")
    japanese = admin.get("/audit?action=view_evidence", headers=JA).text
    assert "<td>項目の証拠を閲覧</td>" in japanese
    assert '<option value="view_evidence" selected>項目の証拠を閲覧</option>' in japanese
    assert '<option value="login">サインイン</option>' in japanese
    assert "<td>view_evidence</td>" not in japanese
    english = admin.get("/audit?action=view_evidence").text
    assert "<td>Viewed the evidence of an item</td>" in english
    assert "項目 <code>" in japanese and "Item <code>" in english  # the target's kind too


def test_refusals_on_the_people_page_are_japanese(make_client) -> None:  # type: ignore[no-untyped-def]
    admin = make_client("adm")
    token = csrf_from(admin.get("/admin/users").text)
    form = {"name": "vol1", "role": "volunteer", "csrf_token": token}
    refused = admin.post("/admin/users", data=form, headers=JA)
    assert refused.status_code == 400 and "「vol1」という利用者はすでにいます" in refused.text
    page = admin.get("/admin/users", headers=JA).text
    assert "レビューする人" in page and "書き出しでの仮名" in page and "ボランティア" in page


@pytest.mark.parametrize(
    ("password", "japanese"),
    [
        ("short", "パスワードは 10 文字以上にしてください"),
        ("aaaaaaaaaaaa", "同じ文字を繰り返しただけのパスワードは使えません"),
        ("qwertyuiop", "よく漏えいするパスワード"),
    ],
)
def test_password_refusals_are_translated_where_shown(password: str, japanese: str) -> None:
    with pytest.raises(WeakPassword) as refused:
        check_strength(password)
    with use_locale("ja"):
        assert japanese in refused.value.translated()
    with use_locale("en"):
        assert refused.value.translated() == str(refused.value)  # the command line's English
    assert "password" in str(refused.value)


def test_user_errors_keep_english_for_the_command_line() -> None:
    with pytest.raises(UserError) as refused:
        validate_name("x y")
    assert str(refused.value).startswith("user names are 2-50 characters")
    with use_locale("ja"):
        assert refused.value.translated().startswith("利用者名は")


def test_search_watchlist_and_profiles_in_japanese(make_client) -> None:  # type: ignore[no-untyped-def]
    admin = make_client("adm")
    search = admin.get("/search?q=AIko", headers=JA).text
    assert "アカウントの検索" in search and "検索結果：1 件。" in search
    watchlist = admin.get("/watchlist", headers=JA).text
    assert (
        "被害を受けるおそれのある人の一覧です" in watchlist
        and '<td data-label="分類">女優</td>' in watchlist
    )
    profiles = admin.get("/admin/profiles", headers=JA).text
    assert "サイト設定の追加・置き換え" in profiles and "同梱" in profiles
    profile = admin.get("/admin/profiles/demo-fanclub", headers=JA).text
    assert "mimamori に同梱のもの。" in profile and "ブラウザーが必要" in profile
    missing = admin.get("/admin/profiles/no-such", headers=JA)
    assert missing.status_code == 404 and "その名前のサイト設定はありません。" in missing.text
