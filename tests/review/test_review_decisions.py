"""The confirm rules, item locks and the append-only audit log."""

from __future__ import annotations

from datetime import timedelta

import pytest
from review_helpers import csrf_from
from sqlalchemy import select, text, update
from sqlalchemy.exc import DBAPIError

from storage import audit
from storage.models import AuditEntry, Decision, Flag, User, utcnow


def _decide(client, flag_id: int, decision: str, note: str = ""):  # type: ignore[no-untyped-def]
    page = client.get(f"/review/{flag_id}")
    token = csrf_from(page.text) if 'name="csrf_token"' in page.text else ""
    return client.post(
        f"/review/{flag_id}/decision",
        data={"decision": decision, "note": note, "csrf_token": token},
        follow_redirects=False,
    )


def _status(env, key: str) -> str:  # type: ignore[no-untyped-def]
    with env.db.session() as s:
        return s.get(Flag, env.world.flags[key]).status


def test_two_volunteers_confirming_make_it_confirmed(make_client, env) -> None:  # type: ignore[no-untyped-def]
    flag = env.world.flags["storefront"]
    first = _decide(make_client("vol1"), flag, "confirm")
    assert first.status_code == 303 and first.headers["location"].startswith("/queue/next?after=")
    assert _status(env, "storefront") == "in_review"
    assert _decide(make_client("vol2"), flag, "confirm").status_code == 303
    assert _status(env, "storefront") == "confirmed"


def test_one_volunteer_cannot_count_twice(make_client, env) -> None:  # type: ignore[no-untyped-def]
    client = make_client("vol1")
    flag = env.world.flags["storefront"]
    assert _decide(client, flag, "confirm").status_code == 303
    again = _decide(client, flag, "confirm")
    assert again.status_code == 409 and "already decided" in again.text
    assert _status(env, "storefront") == "in_review"


def test_disagreement_goes_to_an_analyst(make_client, env) -> None:  # type: ignore[no-untyped-def]
    flag = env.world.flags["listing"]
    _decide(make_client("vol1"), flag, "confirm")
    _decide(make_client("vol2"), flag, "dismiss")
    assert _status(env, "listing") == "needs_analyst"
    third = make_client("vol3")
    assert "deep_collage" not in third.get("/queue").text
    assert _decide(third, flag, "confirm").status_code == 409
    analyst = make_client("ana")
    assert "deep_collage" in analyst.get("/queue").text
    assert _decide(analyst, flag, "confirm").status_code == 303
    assert _status(env, "listing") == "confirmed"


def test_two_dismissals_close_the_item(make_client, env) -> None:  # type: ignore[no-untyped-def]
    flag = env.world.flags["hostile"]
    _decide(make_client("vol1"), flag, "dismiss")
    _decide(make_client("vol2"), flag, "dismiss")
    assert _status(env, "hostile") == "dismissed"


def test_one_analyst_confirm_is_enough(make_client, env) -> None:  # type: ignore[no-untyped-def]
    assert _decide(make_client("ana"), env.world.flags["storefront"], "confirm").status_code == 303
    assert _status(env, "storefront") == "confirmed"
    closed = _decide(make_client("adm"), env.world.flags["storefront"], "dismiss")
    assert closed.status_code == 409 and "already closed" in closed.text


def test_escalate_needs_a_note(make_client, env) -> None:  # type: ignore[no-untyped-def]
    client = make_client("vol1")
    flag = env.world.flags["storefront"]
    refused = _decide(client, flag, "escalate", "   ")
    assert refused.status_code == 409 and "needs a note" in refused.text
    with env.db.session() as s:
        assert s.scalar(select(Decision.id).where(Decision.flag_id == flag)) is None
    assert (
        _decide(
            client, flag, "escalate", "bio names a real actress; check the top plan"
        ).status_code
        == 303
    )
    assert _status(env, "storefront") == "escalated"
    assert "aiko_studio" not in make_client("vol2").get("/queue").text
    assert "aiko_studio" in make_client("ana").get("/queue").text


def test_unknown_decision_and_long_note_are_refused(make_client, env) -> None:  # type: ignore[no-untyped-def]
    client = make_client("vol1")
    flag = env.world.flags["storefront"]
    assert _decide(client, flag, "delete").status_code == 409
    assert _decide(client, flag, "confirm", "x" * 5000).status_code == 409
    assert _status(env, "storefront") == "new"


def test_minor_risk_items_skip_volunteers(make_client, env) -> None:  # type: ignore[no-untyped-def]
    flag = env.world.flags["minor"]
    volunteer = make_client("vol1")
    token = csrf_from(volunteer.get("/queue").text)
    refused = volunteer.post(
        f"/review/{flag}/decision", data={"decision": "dismiss", "csrf_token": token}
    )
    assert refused.status_code == 403
    assert _decide(make_client("ana"), flag, "confirm").status_code == 303
    assert _status(env, "minor") == "confirmed"


def test_an_opened_item_is_locked_to_its_reviewer(make_client, env) -> None:  # type: ignore[no-untyped-def]
    flag = env.world.flags["storefront"]
    first = make_client("vol1")
    assert "This item is yours for 5 minutes" in first.get(f"/review/{flag}").text
    second = make_client("vol2")
    page = second.get(f"/review/{flag}")
    assert "vol1 is reviewing this item" in page.text and 'id="decision-form"' not in page.text
    token = csrf_from(page.text)
    busy = second.post(
        f"/review/{flag}/decision", data={"decision": "dismiss", "csrf_token": token}
    )
    assert busy.status_code == 409 and "Someone else" in busy.text
    # The queue's "next item" skips it for others.
    nxt = second.get("/queue/next", follow_redirects=False)
    assert nxt.headers["location"] != f"/review/{flag}"
    # Once the lock runs out, someone else can take it.
    with env.db.session() as s:
        s.execute(
            update(Flag).where(Flag.id == flag).values(locked_until=utcnow() - timedelta(seconds=1))
        )
    assert "This item is yours" in second.get(f"/review/{flag}").text
    with env.db.session() as s:
        assert s.get(Flag, flag).locked_by_user_id == env.world.users["vol2"]


def test_a_decision_releases_the_lock(make_client, env) -> None:  # type: ignore[no-untyped-def]
    flag = env.world.flags["storefront"]
    _decide(make_client("vol1"), flag, "confirm")
    with env.db.session() as s:
        assert s.get(Flag, flag).locked_by_user_id is None


def test_every_decision_is_audited_with_who_what_where(make_client, env) -> None:  # type: ignore[no-untyped-def]
    _decide(make_client("vol1"), env.world.flags["storefront"], "confirm", "plans sell requests")
    with env.db.session() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "decision")).one()
    assert entry.user_name == "vol1" and entry.target_type == "flag"
    assert entry.target_id == str(env.world.flags["storefront"])
    assert entry.detail["decision"] == "confirm" and entry.detail["status_after"] == "in_review"
    assert entry.detail["note"] == "plans sell requests"
    assert entry.remote_addr and entry.at is not None


def test_audit_log_is_append_only_in_the_database(env) -> None:  # type: ignore[no-untyped-def]
    with env.db.session() as s:
        user = s.scalars(select(User).where(User.name == "adm")).one()
        entry_id = audit.record(
            s, user=user, action="export", target_type="account", target_id=1, detail={"k": 1}
        ).id
    for statement in (
        "UPDATE audit_log SET action = 'nothing' WHERE id = :id",
        "DELETE FROM audit_log WHERE id = :id",
    ):
        with pytest.raises(DBAPIError), env.db.session() as s:
            s.execute(text(statement), {"id": entry_id})
    with env.db.session() as s:
        assert s.get(AuditEntry, entry_id).action == "export"


def test_audit_page_filters_and_offers_no_way_to_change_entries(make_client, env) -> None:  # type: ignore[no-untyped-def]
    make_client("vol1").get(f"/review/{env.world.flags['storefront']}")
    admin = make_client("adm")
    page = admin.get("/audit?action=view_evidence").text
    # Actions read as plain words; the stored id stays the filter's value.
    assert '<option value="view_evidence" selected>' in page
    assert "<td>Viewed the evidence of an item</td>" in page
    assert "<td>Signed in</td>" not in page and "<td>Signed in</td>" in admin.get("/audit").text
    assert "vol1" in admin.get("/audit?user=vol1").text
    assert "<td>vol1</td>" not in admin.get("/audit?user=adm").text
    token = csrf_from(page)
    for method in ("post", "put", "delete", "patch"):
        response = getattr(admin, method)(
            "/audit", **({"data": {"csrf_token": token}} if method != "delete" else {})
        )
        assert response.status_code == 405, method
    assert admin.get("/audit?since=2000-01-01&until=2999-12-31&target=flag:1").status_code == 200
    assert admin.get("/audit?since=not-a-date&before=-5").status_code == 200


def test_an_account_with_any_minor_risk_flag_is_closed_to_volunteers(make_client, env) -> None:  # type: ignore[no-untyped-def]
    from storage.models import Flag as FlagRow

    with env.db.session() as s:
        later = FlagRow(
            account_id=env.world.accounts["fl-3003"],
            status="new",
            reason="changed",
            score=0.7,
            minor_risk=False,
        )
        s.add(later)
        s.flush()
        later_id = later.id
    assert make_client("vol1").get(f"/review/{later_id}").status_code == 403
    assert make_client("ana").get(f"/review/{later_id}").status_code == 200
