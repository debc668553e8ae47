""" "Why it was flagged" counts the posts a word was found in, not its matches.

The account's judgement names each post part ("post[0]") and the post's own detection
repeats the same reasons: both are stored (crawler/flag/judge.py), and the summary must
count that one post once, however often the word occurs in it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from crawler.detect import Detector, load_watchlist_csv
from crawler.flag.judge import judge_accounts
from crawler.review.evidence import load_account_evidence
from crawler.review.reasons import reason_groups
from storage.blobs import BlobStore
from storage.config import AppConfig
from storage.db import Database
from storage.findings import PartRef, Place, Reason
from storage.models import Account, Flag, Platform, Post

WATCHLIST = Path(__file__).resolve().parents[1] / "detect" / "fixtures" / "watchlist.csv"
# One post that says the watched name and the selling words twice each.
POST_TEXT = "水瀬 ひより のAIコラ、リクエスト受付中。水瀬 ひより 風ディープフェイク、リクエストは有料プランで"


@pytest.fixture
def database(tmp_path: Path) -> Database:
    cfg = AppConfig.resolve(tmp_path)
    cfg.ensure_dirs()
    db = Database(cfg.db_url)
    yield db
    db.dispose()


def _judged_account(db: Database, tmp_path: Path, posts: list[str]) -> int:
    with db.session() as session:
        platform = Platform(key="fanclub", display_name="FanClub")
        session.add(platform)
        session.flush()
        account = Account(
            platform_id=platform.id,
            account_key="1",
            handle="seller",
            display_name="AIコラ工房",
            profile_url="https://fanclub.example/creators/seller",
            bio="AIコラの販売、月額プランあり",
        )
        session.add(account)
        session.flush()
        for index, text in enumerate(posts):
            session.add(Post(account_id=account.id, post_key=str(index), text=text))
        account_id = account.id
    detector = Detector(load_watchlist_csv(WATCHLIST))
    with db.session() as session:
        judge_accounts(
            session,
            detector,
            account_ids=[account_id],
            run_id=None,
            detector_version="test",
            blobs=BlobStore(tmp_path / "blobs"),
        )
    return account_id


def _places(db: Database, account_id: int) -> dict[str, list[Place]]:
    with db.session() as session:
        flag = session.scalar(select(Flag).where(Flag.account_id == account_id))
        assert flag is not None, "the fixture account should be flagged"
        evidence = load_account_evidence(session, account_id, flag)
    assert evidence is not None
    return {w.words: w.places for g in evidence.reason_groups for w in g.words}


def test_a_word_in_one_post_is_counted_as_one_post(database, tmp_path):
    account_id = _judged_account(database, tmp_path, [POST_TEXT])
    places = _places(database, account_id)
    in_posts = {word: p for word, p in places.items() if any(x.kind == "post" for x in p)}
    assert in_posts, places
    for word, where in in_posts.items():
        assert Place("post", 1) in where and Place("post", 2) not in where, (word, where)


def test_a_word_in_two_posts_is_counted_as_two_posts(database, tmp_path):
    account_id = _judged_account(database, tmp_path, [POST_TEXT, POST_TEXT + "。"])
    places = _places(database, account_id)
    assert any(Place("post", 2) in where for where in places.values()), places
    assert not any(x.count > 2 for where in places.values() for x in where)


def test_summary_counts_distinct_parts_not_matches():
    word = Reason("commerce", "リクエスト", "リクエスト", 0, 5)
    groups = reason_groups(
        [
            ("profile", [word.in_part(PartRef.post(0)), word.in_part(PartRef.post(0))]),
            ("profile", [word.in_part(PartRef("bio")), word.in_part(PartRef.plan(1))]),
            ("profile", [word.in_part(PartRef.plan(2))]),
        ]
    )
    assert groups[0].words[0].places == [Place("post"), Place("bio"), Place("plan", 2)]
