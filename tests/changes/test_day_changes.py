"""Day-1 / day-2 / day-3 change tracking through real crawls of the demo world."""

from __future__ import annotations

from nightly_world import Nights, account
from sqlalchemy import select

from crawler.demo_site.world import build_world
from storage.models import (
    Account,
    AccountRevision,
    Capture,
    EvidenceLink,
    Flag,
    Plan,
    Platform,
    Post,
    TakedownWatch,
)
from storage.takedown import takedown_summary

PLATFORM_PROFILE = {"fanclub": "demo-fanclub", "market": "demo-market", "social": "demo-social-api"}


def test_new_storefronts_are_new_accounts_and_flagged(nights: Nights) -> None:
    added = [c for c in build_world(2).changes_since(1) if c.kind == "account_added"]
    assert {(c.platform, c.handle) for c in added} == {
        ("fanclub", "ai_idol_factory"),
        ("social", "fake_req_shop"),
    }
    with nights.database.session() as session:
        for change in added:
            acc = account(session, change.platform, change.handle)
            night2 = nights.runs[2][PLATFORM_PROFILE[change.platform]]
            assert acc.first_seen_run_id == night2
            flags = session.scalars(select(Flag).where(Flag.account_id == acc.id)).all()
            assert [(f.reason, f.run_id) for f in flags] == [("new_account", night2)]


def test_renamed_account_keeps_its_row_and_gets_a_readable_revision(nights: Nights) -> None:
    with nights.database.session() as session:
        acc = session.scalar(
            select(Account)
            .join(Platform, Platform.id == Account.platform_id)
            .where(Platform.key == "market", Account.account_key == "50065")
        )
        assert acc is not None
        assert (acc.handle, acc.display_name) == ("lk_gallery_new", "LK Gallery 2nd")
        assert acc.first_seen_run_id == nights.runs[1]["demo-market"]
        assert acc.missing_since_run_id is None
        revisions = session.scalars(
            select(AccountRevision).where(AccountRevision.account_id == acc.id)
        ).all()
        renames = [r for r in revisions if r.run_id == nights.runs[2]["demo-market"]]
        assert len(renames) == 1
        assert {"handle", "display_name"} <= set(renames[0].changed_fields)
        assert renames[0].before["handle"] == "lookalike_gallery"
        assert "lookalike_gallery" in renames[0].diff and "lk_gallery_new" in renames[0].diff
        assert "Lookalike Gallery" in renames[0].diff and "LK Gallery 2nd" in renames[0].diff


def test_changed_plan_price_is_updated_with_a_revision(nights: Nights) -> None:
    with nights.database.session() as session:
        acc = account(session, "fanclub", "ai_bijin_lab")
        plan = session.scalar(
            select(Plan).where(Plan.account_id == acc.id, Plan.name == "リクエスト")
        )
        assert plan is not None and int(plan.price) == 6000
        revision = session.scalar(
            select(AccountRevision).where(
                AccountRevision.account_id == acc.id,
                AccountRevision.run_id == nights.runs[2]["demo-fanclub"],
            )
        )
        assert revision is not None and "plans" in revision.changed_fields
        request_lines = [line for line in revision.diff.splitlines() if "リクエスト" in line]
        assert any(line.startswith("-") and "5000" in line for line in request_lines)
        assert any(line.startswith("+") and "6000" in line for line in request_lines)


def test_deleted_posts_are_marked_by_the_run_that_missed_them_and_keep_evidence(
    nights: Nights,
) -> None:
    deleted = [c for c in build_world(2).changes_since(1) if c.kind == "post_deleted"]
    assert len(deleted) == 4
    with nights.database.session() as session:
        for change in deleted:
            night2 = nights.runs[2][PLATFORM_PROFILE[change.platform]]
            post = session.scalar(
                select(Post)
                .join(Account, Account.id == Post.account_id)
                .join(Platform, Platform.id == Account.platform_id)
                .where(Platform.key == change.platform, Post.post_key == str(change.post_id))
            )
            assert post is not None, change
            assert post.missing_since_run_id == night2, change
            # The evidence of night 1 is still there and still points into a WARC.
            captures = session.scalars(
                select(Capture)
                .join(EvidenceLink, EvidenceLink.capture_id == Capture.id)
                .where(EvidenceLink.post_id == post.id)
            ).all()
            assert captures, f"no evidence kept for deleted post {change.post_id}"
            for capture in captures:
                assert capture.run_id == nights.runs[1][PLATFORM_PROFILE[change.platform]]
                assert (nights.data_dir / "warc" / capture.warc_file).stat().st_size > (
                    capture.warc_offset + capture.warc_length - 1
                )
        # Posts that were not deleted are not marked.
        still = session.scalars(
            select(Post.post_key)
            .join(Account, Account.id == Post.account_id)
            .where(Account.handle == "ai_bijin_lab", Post.missing_since_run_id.is_not(None))
        ).all()
        assert sorted(still) == ["200008", "200011"]


def test_only_the_vanished_account_is_marked_missing(nights: Nights) -> None:
    with nights.database.session() as session:
        missing = session.execute(
            select(Platform.key, Account.handle, Account.missing_since_run_id)
            .join(Platform, Platform.id == Account.platform_id)
            .where(Account.missing_since_run_id.is_not(None))
        ).all()
    assert missing == [("social", "nudify_daikou", nights.runs[2]["demo-social-api"])]
    assert nights.summaries[2]["demo-social-api"]["missing"]["accounts"] == 1


def test_unchanged_pages_are_revisits_and_changed_pages_full_responses(nights: Nights) -> None:
    night1, night2 = nights.runs[1]["demo-fanclub"], nights.runs[2]["demo-fanclub"]
    summary = nights.summaries[2]["demo-fanclub"]
    assert summary["revisits"] > summary["captures"] * 0.8
    with nights.database.session() as session:

        def capture_of(run_id: int, path: str) -> Capture:
            found = session.scalar(
                select(Capture).where(
                    Capture.run_id == run_id,
                    Capture.url.endswith(path),
                    Capture.kind.in_(("response", "revisit")),
                )
            )
            assert found is not None, path
            return found

        # ai_bijin_lab's page changed (the price): a full new response.
        before = capture_of(night1, "/fanclub/creators/ai_bijin_lab")
        after = capture_of(night2, "/fanclub/creators/ai_bijin_lab")
        assert after.kind == "response" and after.sha256 != before.sha256
        # An untouched post page: a revisit pointing at night 1's record, same digest.
        unchanged = capture_of(night2, "/fanclub/posts/200001")
        original = capture_of(night1, "/fanclub/posts/200001")
        assert unchanged.kind == "revisit"
        assert unchanged.refers_to_capture_id == original.id
        assert unchanged.sha256 == original.sha256


def test_dismissed_account_returns_only_when_it_targets_new_people(nights: Nights) -> None:
    with nights.database.session() as session:
        acc = account(session, "fanclub", "ai_bijin_lab")
        flags = session.scalars(
            select(Flag).where(Flag.account_id == acc.id).order_by(Flag.id)
        ).all()
    # Night 2 only changed a price: no new flag. Night 3 names a new person: it comes back.
    assert [f.run_id for f in flags if f.run_id == nights.runs[2]["demo-fanclub"]] == []
    returned = [f for f in flags if f.run_id == nights.runs[3]["demo-fanclub"]]
    assert len(returned) == 1
    assert returned[0].reason == "returned" and returned[0].status == "new"
    assert "now targets people" in (returned[0].detail or "")
    assert "D010" in returned[0].people or any("D010" in str(p) for p in returned[0].people)


def test_takedown_of_a_confirmed_exported_account_is_recorded(nights: Nights) -> None:
    night2 = nights.runs[2]["demo-social-api"]
    with nights.database.session() as session:
        gone = account(session, "social", "nudify_daikou")
        staying = account(session, "social", "nightfake_en")
        watches = {w.account_id: w for w in session.scalars(select(TakedownWatch))}
        assert set(watches) == {gone.id, staying.id}
        assert watches[gone.id].gone_run_id == night2
        assert watches[gone.id].last_live_run_id is None  # first checked on night 2: gone
        assert watches[staying.id].gone_at is None
        assert watches[staying.id].last_live_run_id == night2
        summary = takedown_summary(session)
    assert summary["watched"] == 2 and summary["taken_down"] == 1 and summary["still_live"] == 1
    entry = next(a for a in summary["accounts"] if a["handle"] == "nudify_daikou")
    assert entry["gone_run_id"] == night2
    assert entry["hours_to_takedown"] is not None and entry["hours_to_takedown"] >= 0
    assert summary["median_hours_to_takedown"] == entry["hours_to_takedown"]
    assert nights.summaries[2]["demo-social-api"]["takedowns"] == {
        "watched": 2,
        "live": 1,
        "gone": 1,
    }


def test_confirmed_account_is_requeued_when_a_change_matters(nights: Nights) -> None:
    """Runs last: it changes the nights' database. A confirmed storefront adds a plan that
    names another watchlist person; judging it again re-queues it as "changed"."""
    from crawler.detect import DETECTOR_VERSION
    from crawler.detect_runtime import detector_for
    from crawler.flag.judge import judge_accounts
    from storage.blobs import BlobStore

    with nights.database.session() as session:
        acc = account(session, "fanclub", "ai_idol_factory")
        for flag in session.scalars(select(Flag).where(Flag.account_id == acc.id)):
            flag.status = "confirmed"
        account_id = acc.id
    detector = detector_for(nights.database)
    with nights.database.session() as session:
        unchanged = judge_accounts(
            session,
            detector,
            account_ids=[account_id],
            run_id=None,
            detector_version=DETECTOR_VERSION,
            blobs=BlobStore(nights.data_dir / "blobs"),
        )
    assert unchanged.requeued == [] and unchanged.new_flags == []
    with nights.database.session() as session:
        session.add(
            Plan(
                account_id=account_id,
                name="特別指名プラン",
                price_text="¥9,800/月",
                description="東雲環葉 のAIコラ 指名OK リクエスト受付",
            )
        )
    with nights.database.session() as session:
        outcome = judge_accounts(
            session,
            detector,
            account_ids=[account_id],
            run_id=None,
            detector_version=DETECTOR_VERSION,
            blobs=BlobStore(nights.data_dir / "blobs"),
        )
        assert len(outcome.requeued) == 1
        flag = session.get(Flag, outcome.requeued[0])
        assert (flag.reason, flag.status) == ("changed", "new")
        assert "new plans: 特別指名プラン" in (flag.detail or "")
