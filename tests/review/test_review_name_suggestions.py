"""Likely people for a nickname the detector does not read as a name: the words of an
account's text that look like part of a watched person's name, each with the people it may
stand for, and one click to teach the word as that person's name."""

from __future__ import annotations

import re

import pytest
from review_builder import NOW
from review_helpers import csrf_from, sign_in_page
from sqlalchemy import select

from crawler.detect.watchlist import WatchlistEntry
from crawler.review.name_suggestions import (
    SuggestionIndex,
    build_common_words,
    common_words,
    words_of,
)
from storage.models import Account, AuditEntry, Flag, Platform, Post, WatchlistPerson

PEOPLE = [
    WatchlistEntry("w1", "Ginevra Castellucci", "", ("Gine",), "actress"),
    WatchlistEntry("w2", "तनीषा रघुवंशी", "", ("Tanisha Raghuvanshi",), "actress"),
    WatchlistEntry("w3", "Tanvi Rajvansh", "", (), "model"),
    WatchlistEntry("w4", "桜庭 のぞみ", "さくらば のぞみ", ("のんちゃん",), "idol"),
    WatchlistEntry("w5", "渡邊 凛", "わたなべ りん", ("渡辺 凛",), "announcer"),
    WatchlistEntry("w6", "藤宮 葵衣", "ふじみや あおい", (), "model"),
    WatchlistEntry("w7", "Алиса Вершинина", "", ("Alisa Vershinina",), "streamer"),
]
INDEX = SuggestionIndex(PEOPLE)


def _first(text: str, **kwargs) -> tuple[str, list[str]]:  # type: ignore[no-untyped-def]
    found = INDEX.suggest([text], common=common_words(), **kwargs)
    assert found, text
    return found[0].written, [c.person_id for c in found[0].people]


@pytest.mark.parametrize(
    ("text", "written", "first_person"),
    [
        ("è arrivata la Ginevrina versione AI 😏 cinque foto dieci euro", "Ginevrina", "w1"),
        ("T@n!sh@ 🔞 AI edits, samajhne wale samajh gaye 😉 DM", "T@n!sh@", "w2"),
        ("Tanu ki AI pics ready 😏 #StandWithTanisha", "Tanu", "w2"),
        ("さくのんのAIエロコラ依頼受けます", "さくのん", "w4"),
        ("Rinrin (ta moderátorka Watanabeová) — nové nahé deepfaky", "Rinrin", "w5"),
        ("ta moderátorka Watanabeová — nové nahé deepfaky", "Watanabeová", "w5"),
        ("藤宮葵 AIで作ったヌード画像 10枚 2000円", "藤宮", "w6"),
        ("Лиса 🦊 со стримов, но уже 18+ (нейросеть), пак готов", "Лиса", "w7"),
    ],
)
def test_a_nickname_brings_up_the_person_it_is_cut_from(text, written, first_person) -> None:  # type: ignore[no-untyped-def]
    got_written, people = _first(text)
    assert got_written == written
    assert people[0] == first_person


def test_a_person_resembled_by_two_words_comes_first() -> None:
    # Tanu alone is as close to Tanvi as to Tanisha; the hashtag decides.
    _written, alone = _first("Tanu ki AI pics ready")
    assert set(alone[:2]) == {"w2", "w3"}
    _written, both = _first("Tanu ki AI pics ready #StandWithTanisha")
    assert both[0] == "w2"


def test_vocabulary_and_people_already_named_are_not_suggested() -> None:
    assert INDEX.suggest(["fake nude photos ready, DM"], common=common_words()) == []
    found = INDEX.suggest(["Ginevrina AI 18+"], already={"w1"}, common=common_words())
    assert all(c.person_id != "w1" for s in found for c in s.people)


def test_words_of_keeps_disguised_and_spaced_names() -> None:
    words = words_of("A l v i s utan kläder, K@tk@t DM, さくのんのAI")
    assert {"A l v i s", "K@tk@t", "さくのんの", "utan"} <= set(words)
    assert "AI" in words and not any("の" in w and "A" in w for w in words)


def test_the_shipped_vocabulary_is_up_to_date() -> None:
    """common_words.txt is derived from the labelled splits: regenerate it when they change
    (`python -m crawler.review.name_suggestions`)."""
    assert common_words() == frozenset(build_common_words())


def _ginevra_account(env) -> int:  # type: ignore[no-untyped-def]
    """An account that calls a watched actress only Ginevrina; its flag names nobody."""
    with env.db.session() as s:
        s.add(
            WatchlistPerson(id="p-020", name="Ginevra Castellucci", aliases=[], category="actress")
        )
        fan = s.scalars(select(Platform).where(Platform.key == "fanlounge")).one()
        account = Account(
            platform_id=fan.id,
            account_key="fl-7020",
            handle="ritocchi_ai",
            display_name="<script>alert(1)</script>",
            profile_url="http://127.0.0.1:9/fanlounge/ritocchi_ai",
            bio="ritocchi su richiesta",
            first_seen_at=NOW,
            last_seen_at=NOW,
        )
        s.add(account)
        s.flush()
        s.add(
            Post(
                account_id=account.id,
                post_key="7020-1",
                title="novità",
                text="è arrivata la Ginevrina versione AI 😏 cinque foto dieci euro",
            )
        )
        flag = Flag(account_id=account.id, score=0.9, people=[], created_at=NOW)
        s.add(flag)
        s.commit()
        return flag.id


def test_an_analyst_picks_the_person_and_the_word_is_taught(make_client, env) -> None:  # type: ignore[no-untyped-def]
    flag_id = _ginevra_account(env)
    analyst = make_client("ana")
    page = analyst.get(f"/review/{flag_id}/name/suggestions")
    assert page.status_code == 200
    assert 'value="Ginevrina"' in page.text and "Ginevra Castellucci" in page.text
    assert "<script>alert(1)</script>" not in page.text
    with env.db.session() as s:
        viewed = s.scalars(
            select(AuditEntry).where(AuditEntry.action == "view_watchlist").order_by(AuditEntry.id)
        ).all()[-1]
    assert viewed.detail["from_flag"] == flag_id and viewed.detail["suggested"] >= 1
    answer = analyst.post(
        f"/review/{flag_id}/name",
        data={"csrf_token": csrf_from(page.text), "person_id": "p-020", "written": "Ginevrina"},
        follow_redirects=False,
    )
    assert answer.status_code == 303 and "named=p-020" in answer.headers["location"]
    with env.db.session() as s:
        assert s.get(WatchlistPerson, "p-020").taught_aliases == ["Ginevrina"]
        assert s.get(Flag, flag_id).people == ["p-020"]
    again = analyst.get(f"/review/{flag_id}/name/suggestions").text
    assert "Ginevra Castellucci" not in again  # the item names her now


def test_suggestions_are_for_analysts_only_and_say_when_there_are_none(make_client, env) -> None:  # type: ignore[no-untyped-def]
    flag_id = _ginevra_account(env)
    assert make_client("vol1").get(f"/review/{flag_id}/name/suggestions").status_code == 403
    analyst = make_client("ana")
    assert analyst.get("/review/999999/name/suggestions").status_code == 404
    storefront = env.world.flags["storefront"]
    page = analyst.get(f"/review/{storefront}/name/suggestions").text
    assert "No word in this account's text looks like part of a watched person's name" in page


@pytest.mark.browser
def test_choosing_a_likely_person_on_a_phone(live, browser) -> None:  # type: ignore[no-untyped-def]
    server, environment = live
    flag_id = _ginevra_account(environment)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    sign_in_page(page, server.url, "ana")
    page.goto(f"{server.url}/review/{flag_id}")
    page.click("text=Someone named here is not recognised?")
    page.click("text=Show people whose names look like words in this account's text")
    page.wait_for_url(re.compile(r".*/name/suggestions$"))
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    page.screenshot(path="/tmp/name-suggestions-390.png", full_page=True)
    page.get_by_role("button", name=re.compile("Ginevra Castellucci")).click()
    page.wait_for_url(re.compile(r".*named=p-020.*"))
    assert "Ginevra Castellucci" in page.locator("[data-name-taught]").inner_text()
    context.close()


def test_handles_okurigana_and_trade_words_do_not_make_suggestions() -> None:
    """What a new analyst met in the demo: a handle read as one word, a particle plus a
    katakana word read as a nickname, and trade words offered as names."""
    index = SuggestionIndex(
        [
            WatchlistEntry("u1", "天花寺 麗", "てんげいじ うらら", (), "actress"),
            WatchlistEntry("u2", "月詠 乃亜", "つくよみ のあ", (), "announcer"),
            WatchlistEntry("u3", "東雲 環葉", "しののめ たまは", (), "idol"),
            WatchlistEntry("u4", "Requena Sol", "", (), "model"),
        ]
    )
    texts = [
        "ura_request_room",
        "推しのリクエスト受付中",
        "人気のアナウンサーでアイコラ",
        "request now",
    ]
    from crawler.review.name_suggestions import holds_trade_words

    found = index.suggest(texts, common=common_words(), refuse=holds_trade_words)
    assert found == []


def test_each_suggestion_shows_where_the_word_stands() -> None:
    text = "novità: è arrivata la Ginevrina versione AI 😏 cinque foto dieci euro, chi c'è?"
    (suggestion,) = INDEX.suggest([text], common=common_words())
    before, word, after = suggestion.context
    assert word == "Ginevrina" and before.endswith("arrivata la ")
    assert after.startswith(" versione AI") and after.endswith("…")


def test_a_particle_after_a_cut_short_name_is_left_out_but_a_name_ending_in_one_stays() -> None:
    index = SuggestionIndex(
        [
            WatchlistEntry("u1", "天花寺 麗", "てんげいじ うらら", (), "actress"),
            WatchlistEntry("u2", "小雪 ゆきの", "こゆき ゆきの", (), "idol"),
        ]
    )
    (cut,) = index.suggest(["てんげの新作、1枚1000円"], common=common_words())
    assert cut.written == "てんげ" and cut.people[0].person_id == "u1"
    (whole,) = index.suggest(["ゆきのAIコラ"], common=common_words())
    assert whole.written == "ゆきの"


def test_the_demo_seller_who_writes_a_fans_nickname_gets_a_likely_person() -> None:
    """The demo world has one nickname on no watchlist (てんげ for 天花寺 麗), so a new
    analyst trying the demo sees likely people on a real flag."""
    from crawler.demo_site import DEMO_WATCHLIST_CSV, build_world
    from crawler.detect import Detector, load_watchlist_csv

    watchlist = load_watchlist_csv(DEMO_WATCHLIST_CSV)
    account = next(a for a in build_world(1).accounts if a.handle == "jutsushi_minato")
    texts = [account.bio, *(post.text for post in account.posts)]
    verdict = Detector(watchlist).classify_account(
        display_name=account.display_name, bio=account.bio, posts=[p.text for p in account.posts]
    )
    assert verdict.flagged and "D010" not in verdict.people
    found = SuggestionIndex(watchlist).suggest(texts, already=verdict.people, common=common_words())
    assert found and found[0].written == "てんげ"
    assert found[0].people[0].person_id == "D010"
