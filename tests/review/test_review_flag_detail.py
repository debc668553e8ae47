"""Why an account is in the queue, said in the reader's language with scraped values isolated."""

from __future__ import annotations

from crawler.review.flag_detail import explain_flag_detail
from crawler.review.i18n import use_locale
from storage.findings import isolate_scraped


def test_known_clauses_are_translated_and_values_kept_apart() -> None:
    detail = "new named people: 風早 ミオリ; now implies minors; new plans: \u202eplan; odd clause"
    with use_locale("ja"):
        parts = explain_flag_detail(detail)
    assert parts == [
        ("新たに名前が挙がった人物：", "風早 ミオリ"),
        ("未成年者を示す内容が新たに見つかりました。", None),
        ("新しいプラン：", "\u202eplan"),
        (None, "odd clause"),
    ]
    with use_locale("en"):
        assert explain_flag_detail("first seen in this run and scores above the threshold") == [
            ("First seen in this crawl, and its score is above the threshold.", None)
        ]
    assert explain_flag_detail(None) == []


def test_the_item_page_isolates_a_plan_name_in_the_detail(make_client, env) -> None:  # type: ignore[no-untyped-def]
    from storage.models import Flag

    hostile = "<script>x</script>\u202eevil"
    with env.db.session() as session:
        flag = session.get(Flag, env.world.flags["storefront"])
        flag.detail = f"new plans: {hostile}"
        session.commit()
    html = (
        make_client("vol1")
        .get(f"/review/{env.world.flags['storefront']}", headers={"Accept-Language": "ja"})
        .text
    )
    assert "新しいプラン：" in html
    assert str(isolate_scraped(hostile)) in html
    assert "<script>x</script>" not in html and "new plans:" not in html
