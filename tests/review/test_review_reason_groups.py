""" "Why it was flagged" in plain words: reasons grouped by family with the number of
different words, each word once (width and case folded), labels in the page's language from
the signal files, and no internal family name on the page. Queue rows name the top families
and the people, read for the whole page at once."""

from __future__ import annotations

import re
from datetime import timedelta

from review_factory import NOW
from sqlalchemy import event

from crawler.detect.families import load_signal_families, shipped_display_table
from crawler.review.i18n import use_locale
from crawler.review.reasons import places_text
from storage.findings import PartRef, Place, Reason, family_counts, group_reasons
from storage.models import Account, Detection, Flag, Platform

CHIP = re.compile(r'chip-label">([^<]+)</span> <span class="chip-count"[^>]*>(\d+)</span>', re.S)
# Internal names a reviewer must never read: every family and alias the detector knows.
INTERNAL_NAMES = {
    name for family in load_signal_families().values() for name in (family.name, *family.aliases)
} | {"person", "watchlist", "learned", "decision"}


def _section(html: str) -> str:
    found = re.search(r'<section class="why-flagged">(.*?)</section>', html, re.S)
    assert found, "the page has no 'Why it was flagged' section"
    return found.group(1)


def _chips(html: str) -> dict[str, int]:
    return {label: int(count) for label, count in CHIP.findall(html)}


def _visible(html: str) -> str:
    """Text nodes and the attributes a reader sees (title, aria-label), not class names."""
    shown = re.findall(r'(?:title|aria-label)="([^"]*)"', html)
    text = re.sub(r"<[^>]*>", " ", html)
    return " ".join([text, *shown])


def _reason(family: str, words: str, part: PartRef | None = None, **extra: str) -> Reason:
    return Reason(family, words, words, 0, len(words), part=part, **extra)


def test_reasons_group_by_family_with_each_word_once() -> None:
    subjects = [
        (
            "profile",
            [
                _reason("commerce", "リクエスト", PartRef("bio")),
                _reason("request", "ﾘｸｴｽﾄ", PartRef.plan(0)),  # an alias, half-width
                _reason("sale", "ＤＭ", PartRef("bio")),
                _reason("commerce", "dm", PartRef.post(1)),  # the same word, other width/case
                _reason("person", "星野みらい", PartRef("bio"), person_id="p-1"),
                _reason("news", "逮捕"),
                _reason("mystery_family", "謎"),
                Reason("decision", "learned check 0.56, flags from 0.33", "", 0, 0),
            ],
        ),
        ("post", [_reason("commerce", "リクエスト"), _reason("watchlist", "星野みらい")]),
    ]
    groups = group_reasons(subjects, shipped_display_table())
    labels = [g.display.label if g.display else None for g in groups]
    # Who is targeted first, then the grounds, then counter-evidence, then unlabelled words;
    # the detector's arithmetic (no matched words) is left out.
    assert labels == ["Named person", "Selling words", "News report wording", None]
    person, selling, news, other = groups
    assert [(w.words, w.places) for w in selling.words] == [
        ("リクエスト", [Place("bio"), Place("plan"), Place("post")]),
        ("ＤＭ", [Place("bio"), Place("post")]),
    ]
    assert selling.count == 2 and person.count == 1 and news.against and not selling.against
    assert person.words[0].places == [Place("bio"), Place("post")]
    assert [w.words for w in other.words] == ["謎"]
    # The queue's quick count (stored reasons, no places) agrees with the grouping.
    stored = [r.to_stored() for _, reasons in subjects for r in reasons]
    counts = family_counts(stored, shipped_display_table())
    assert counts == [(g.display, g.count) for g in groups]


def test_places_are_plain_words_in_both_languages() -> None:
    places = [Place("bio"), Place("post", 2), Place("plan"), Place("post[3]")]
    with use_locale("en"):
        assert places_text(places) == (
            "the profile text, 2 posts, a plan, another part of the page"
        )
    with use_locale("ja"):
        assert places_text(places) == "プロフィール文、投稿2件、プラン、ページのその他の部分"


def test_item_page_groups_reasons_with_counts_and_no_internal_names(make_client, env) -> None:  # type: ignore[no-untyped-def]
    html = make_client("vol1").get(f"/review/{env.world.flags['storefront']}").text
    section = _section(html)
    assert _chips(section) == {
        "Named person": 2,  # 星野みらい (profile and a post), 桜井ゆうな (a post)
        "Says it shows real people": 1,  # 酷似, stored under the older name "lookalike"
        "Selling words": 2,  # サブスク, and リクエスト stored as "request"
        "AI / fake image words": 2,
        "Sexual words": 1,
    }
    assert section.count(">星野みらい<") == 2  # named once, and once as a word found
    assert "in the profile text, a post&#39;s text" in section
    visible = _visible(section) + " ".join(re.findall(r'<mark[^>]*title="([^"]*)"', html))
    for shown in shipped_display_table().values():  # "Named person" is words, not a name
        visible = visible.replace(shown.label, " ")
    for name in INTERNAL_NAMES:
        assert not re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", visible), name
    assert not re.search(r"\d\.\d\d", section)  # no scores among the reasons


def test_reasons_are_in_japanese_for_a_japanese_browser(make_client, env) -> None:  # type: ignore[no-untyped-def]
    client = make_client("vol1")
    ja = {"Accept-Language": "ja,en;q=0.5"}
    item = client.get(f"/review/{env.world.flags['storefront']}", headers=ja).text
    section = _section(item)
    assert "検出された理由" in section and "名前が挙がった人物：" in section
    assert _chips(section) == {
        "名前が挙がった人物": 2,
        "実在の人物だという語句": 1,
        "販売・有料依頼の語句": 2,
        "AI・合成画像の語句": 2,
        "性的な語句": 1,
    }
    assert "場所：プロフィール文、投稿本文" in section
    assert 'title="AI・合成画像の語句">AI生成</mark>' in item  # marks in the text too
    account = client.get(f"/accounts/{env.world.accounts['fl-1001']}", headers=ja).text
    assert "販売・有料依頼の語句" in _section(account) and "経過" in account


def test_account_page_shows_the_same_groups(make_client, env) -> None:  # type: ignore[no-untyped-def]
    html = make_client("vol1").get(f"/accounts/{env.world.accounts['fl-1001']}").text
    assert _chips(_section(html))["Selling words"] == 2
    assert "Flagged: New account, score 0.92" in html  # the timeline in words, not ids


def _queue_row(html: str, flag_id: int) -> str:
    found = re.search(
        rf'<li class="queue-row[^"]*"[^>]*>\s*<a href="/review/{flag_id}"(.*?)</li>', html, re.S
    )
    assert found, f"flag {flag_id} is not on the queue page"
    return found.group(1)


def test_queue_rows_show_the_top_reasons_and_the_named_people(make_client, env) -> None:  # type: ignore[no-untyped-def]
    client = make_client("vol1")
    row = _queue_row(client.get("/queue").text, env.world.flags["storefront"])
    # The flag's own judgement: who is targeted first, then the family with most words.
    assert list(_chips(row)) == ["Named person", "Says it shows real people", "Selling words"]
    assert ">星野みらい, 桜井ゆうな</mark>" in row
    ja = client.get("/queue", headers={"Accept-Language": "ja"}).text
    row_ja = _queue_row(ja, env.world.flags["storefront"])
    assert list(_chips(row_ja))[:2] == ["名前が挙がった人物", "実在の人物だという語句"]
    assert "確認待ち一覧" in ja


def _add_flags_with_reasons(env, count: int) -> None:  # type: ignore[no-untyped-def]
    """`count` flagged accounts, each with its own judgement naming a watched person."""
    with env.db.session() as s:
        platform = s.query(Platform).filter_by(key="fanlounge").one()
        for index in range(count):
            account = Account(
                platform_id=platform.id,
                account_key=f"reasons-{index}",
                handle=f"reasons_{index}",
                profile_url=f"http://127.0.0.1:9/reasons/{index}",
                first_seen_at=NOW,
                last_seen_at=NOW,
            )
            s.add(account)
            s.flush()
            reasons = [
                {"family": "person", "matched": "青山玲奈", "person_id": "p-003"},
                {"family": "commerce", "matched": f"販売{index}"},
            ]
            detection = Detection(
                account_id=account.id, subject="account", flagged=True, score=0.7,
                minor_risk=False, people=["p-003"], reasons=reasons,
                detector_version="t", text_sha256="0" * 64,
            )  # fmt: skip
            s.add(detection)
            s.flush()
            s.add(
                Flag(
                    account_id=account.id, score=0.7, people=["p-003"],
                    detection_id=detection.id, created_at=NOW - timedelta(days=2, minutes=index),
                )
            )  # fmt: skip


def test_queue_reads_reasons_and_people_for_the_whole_page_at_once(make_client, env) -> None:  # type: ignore[no-untyped-def]
    client = make_client("vol1")
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    client.get("/queue")  # warm up
    event.listen(env.db.engine, "before_cursor_execute", count)
    try:
        client.get("/queue")
        few = len(statements)
        _add_flags_with_reasons(env, 40)
        statements.clear()
        html = client.get("/queue").text
        many = len(statements)
    finally:
        event.remove(env.db.engine, "before_cursor_execute", count)
    assert html.count(">青山玲奈</mark>") >= 40 and "販売39" not in html  # chips, not words
    assert many == few, statements
