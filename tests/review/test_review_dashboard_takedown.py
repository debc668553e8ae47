"""The dashboard shows how long confirmed, exported storefronts stayed online."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storage.models.schedule import TakedownWatch


def test_dashboard_lists_takedowns_and_the_median_time(env, make_client):
    exported = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
    with env.db.session() as s:
        first, second = sorted(env.world.accounts.values())[:2]
        s.add(
            TakedownWatch(
                account_id=first,
                exported_at=exported,
                last_live_at=exported,
                gone_at=exported + timedelta(hours=30),
            )
        )
        s.add(
            TakedownWatch(
                account_id=second, exported_at=exported, last_live_at=exported + timedelta(days=2)
            )
        )
    page = make_client("vol1").get("/dashboard")
    assert page.status_code == 200
    assert "Takedowns" in page.text
    assert (
        "Taken down: <strong>1</strong>" in page.text
        and "Still online: <strong>1</strong>" in page.text
    )
    assert "30.0 hours" in page.text
    assert f'href="/accounts/{first}"' in page.text and "still online" in page.text


def test_dashboard_without_exports_says_nothing_is_watched(env, make_client):
    page = make_client("vol1").get("/dashboard")
    assert "none is being watched for takedown" in page.text
