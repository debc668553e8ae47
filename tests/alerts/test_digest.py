"""The digest's content: right counts, links only, no watchlist names, no minor-risk names."""

from __future__ import annotations

from pathlib import Path

from alert_world import Night
from sqlalchemy import select

from crawler.alerts.config import AlertsConfig, Target
from crawler.alerts.digest import build_digest
from crawler.alerts.message import render
from storage.models import Account, Flag, Platform

REVIEW = "https://review.example.org"


def config(languages: tuple[str, ...] = ("ja", "en")) -> AlertsConfig:
    return AlertsConfig(
        path=Path("alerts.toml"),
        review_url=REVIEW,
        targets=(Target("t", "json://127.0.0.1:1/x"),),
        languages=languages,
    )


def test_counts_per_run(night: Night) -> None:
    with night.db.session() as session:
        digest = build_digest(session, [night.good_run, night.bad_run])
    good, bad = digest.runs
    assert (good.new_flags, good.new_minor) == (2, 1)
    # The re-queued account was marked minor-risk by an earlier detection: counted as such.
    assert (good.requeued, good.requeued_minor) == (1, 1)
    assert (good.taken_down, good.back_online) == (1, 0)
    assert good.health_ok and not good.health_problems
    assert good.linked_flag_ids == (night.seller_flag,)
    assert bad.health_failed and bad.new_flags == 0
    assert digest.total("new_flags") == 2 and digest.failed_health == 1


def test_message_has_counts_links_and_no_names(night: Night) -> None:
    with night.db.session() as session:
        digest = build_digest(session, [night.good_run, night.bad_run])
    message = render(digest, config())
    text = message.title + "\n" + message.body
    assert message.title.startswith("mimamori: 新規フラグ 2 件、再審査 1 件、削除確認 1 件")
    assert "New flags: 2 (1 may involve minors" in text
    assert "新規フラグ: 2 件（うち未成年の可能性 1 件" in text
    assert "Re-queued accounts: 1 (1 may involve minors" in text
    assert "Taken down since the last check: 1; back online: 0" in text
    assert "Health check: FAILED" in text and "extracted 0 accounts" in text
    assert "Demo Social" in text
    assert f"{REVIEW}/review/{night.seller_flag}" in text
    assert f"{REVIEW}/queue?platform=demo-social" in text
    assert f"{REVIEW}/dashboard" in text
    # Minor-risk flags are counted only: no link to them either.
    assert f"/review/{night.minor_flag}" not in text
    assert f"/review/{night.requeued_flag}" not in text
    for name in night.names():
        assert name not in text, name
    # Health problems that name someone are withheld, the others kept (first line only).
    assert text.count("(a problem that names an account or person") == 1
    assert "crawl process exited with status 1" in text
    assert "more lines" not in text and "log tail" not in text


def test_one_language_and_times_in_jst(night: Night) -> None:
    with night.db.session() as session:
        digest = build_digest(session, [night.good_run])
    message = render(digest, config(("en",)))
    assert message.title.startswith("mimamori: 2 new flags, 1 re-queued, 1 taken down, 0 failed")
    assert "新規" not in message.body
    assert "2026-11-29 02:05 JST (17:05 UTC)" in message.body
    assert "Health check: passed" in message.body


def test_comebacks_counted_apart_and_never_named(night: Night) -> None:
    comeback_handle = "deepfake_requests_2"
    with night.db.session() as session:
        platform = session.scalars(select(Platform)).one()
        account = Account(
            platform_id=platform.id,
            account_key=comeback_handle,
            handle=comeback_handle,
            display_name="AI 美女 リクエスト 2",
            profile_url="http://127.0.0.1/x",
        )
        session.add(account)
        session.flush()
        session.add(
            Flag(
                account_id=account.id,
                reason="comeback",
                detail="linked to @gone_shop on Demo Social, taken down",
                score=0.9,
                run_id=night.good_run,
            )
        )
    with night.db.session() as session:
        digest = build_digest(session, [night.good_run])
    (good,) = digest.runs
    # A comeback is its own line, not hidden among re-queued accounts.
    assert (good.comebacks, good.requeued, good.new_flags) == (1, 1, 2)
    text = render(digest, config()).body
    assert "Comebacks (new accounts linked to a seller taken down before): 1" in text
    assert "再来（削除済みの販売者とつながる新しいアカウント）: 1 件" in text
    assert comeback_handle not in text and "gone_shop" not in text
