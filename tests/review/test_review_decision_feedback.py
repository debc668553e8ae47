"""After a decision: a message naming the account and what happens next, an undo the server
holds to its window (the app's clock is injected, nothing waits), the item's consensus state
in words, and "next free item" from an item someone else is reviewing."""

from __future__ import annotations

import re
from datetime import timedelta

from review_helpers import csrf_from
from sqlalchemy import select

from storage.models import AuditEntry, Decision, Flag, utcnow


class Clock:
    """The review app's clock (`app.state.clock`), moved by the test."""

    def __init__(self) -> None:
        self.now = utcnow()

    def __call__(self):  # type: ignore[no-untyped-def]
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def _clocked(client) -> Clock:  # type: ignore[no-untyped-def]
    clock = Clock()
    client.app.state.clock = clock
    return clock


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def _decide(client, flag_id: int, decision: str, note: str = "", *, follow: bool = True):  # type: ignore[no-untyped-def]
    """Decide as a browser does: the POST, then (`follow`) every redirect up to the next
    page, which opens, and so locks, the next item."""
    page = client.get(f"/review/{flag_id}")
    return client.post(
        f"/review/{flag_id}/decision",
        data={"decision": decision, "note": note, "csrf_token": csrf_from(page.text)},
        follow_redirects=follow,
    )


def _message(client, flag_id: int, decision: str, note: str = "") -> str:  # type: ignore[no-untyped-def]
    """The message a decision leaves, read on the queue page (which locks nothing)."""
    answer = _decide(client, flag_id, decision, note, follow=False)
    assert answer.status_code == 303, answer.text
    return _text(client.get("/queue").text)


def _decision_id(env, flag_id: int, user: str) -> int:  # type: ignore[no-untyped-def]
    with env.db.session() as s:
        return s.scalar(
            select(Decision.id).where(
                Decision.flag_id == flag_id, Decision.user_id == env.world.users[user]
            )
        )


def _undo(client, decision_id: int):  # type: ignore[no-untyped-def]
    token = csrf_from(client.get("/queue").text)
    return client.post(
        f"/decisions/{decision_id}/undo", data={"csrf_token": token}, follow_redirects=False
    )


def test_the_next_page_names_the_account_and_what_happens_next(make_client, env) -> None:  # type: ignore[no-untyped-def]
    storefront, listing = env.world.flags["storefront"], env.world.flags["listing"]
    first = make_client("vol1")
    page = _decide(first, storefront, "confirm")
    assert page.url.path == f"/review/{listing}"  # moved on to the next item
    shown = _text(page.text)
    assert "You confirmed AIko スタジオ: 1 of 2 — a second reviewer will look." in shown
    assert 'action="/decisions/' in page.text and "s left to undo" in shown
    # Shown once: the next page view has no message.
    again = first.get(f"/review/{listing}").text
    assert "You confirmed" not in _text(again)
    token = {"csrf_token": csrf_from(again)}
    first.post(f"/review/{listing}/skip", data=token, follow_redirects=False)  # unlocks it

    second = _message(make_client("vol2"), storefront, "confirm")
    assert "AIko スタジオ is confirmed by 2 reviewers — ready to export." in second

    _decide(make_client("vol3"), listing, "confirm", follow=False)
    disagreed = _message(make_client("vol2"), listing, "dismiss")
    assert "コラ職人 was sent to an analyst because reviewers disagreed." in disagreed

    hostile = env.world.flags["hostile"]
    escalated = _message(make_client("vol3"), hostile, "escalate", "check the plans")
    assert "to analysts; an analyst will decide." in escalated
    confirmed = _message(make_client("ana"), listing, "confirm")
    assert "You confirmed コラ職人 — ready to export." in confirmed


def test_the_account_name_in_the_message_is_escaped(make_client, env) -> None:  # type: ignore[no-untyped-def]
    hostile = env.world.flags["hostile"]
    page = _decide(make_client("vol1"), hostile, "dismiss")
    notice = page.text.split("data-decision-notice", 1)[1].split("</div>", 1)[0]
    assert "You dismissed <bdi>&#34;&gt;&lt;svg onload=alert(1)&gt;</bdi>" in notice
    assert "<svg" not in notice  # the hostile display name stays text


def test_undo_within_the_window_restores_status_and_lock(make_client, env) -> None:  # type: ignore[no-untyped-def]
    storefront = env.world.flags["storefront"]
    client = make_client("vol1")
    clock = _clocked(client)
    _decide(client, storefront, "confirm", "plans sell requests")
    decision_id = _decision_id(env, storefront, "vol1")
    clock.advance(9)
    undone = _undo(client, decision_id)
    assert undone.status_code == 303
    assert undone.headers["location"] == f"/review/{storefront}?undone=1"
    with env.db.session() as s:
        flag = s.get(Flag, storefront)
        assert (flag.status, flag.locked_by_user_id) == ("new", env.world.users["vol1"])
        assert s.get(Decision, decision_id) is None
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "decision_undone")).one()
    assert entry.user_name == "vol1" and entry.target_id == str(storefront)
    assert entry.detail["decision_id"] == decision_id and entry.detail["decision"] == "confirm"
    assert entry.detail["note"] == "plans sell requests"
    assert (entry.detail["status_before"], entry.detail["status_after"]) == ("in_review", "new")
    page = client.get(undone.headers["location"]).text
    assert "Your decision was withdrawn" in page and 'id="decision-form"' in page
    assert "No decisions yet." in page
    # Decided again, it counts as before.
    _decide(client, storefront, "dismiss")
    with env.db.session() as s:
        assert s.get(Flag, storefront).status == "in_review"


def test_undo_after_the_window_is_refused(make_client, env) -> None:  # type: ignore[no-untyped-def]
    storefront = env.world.flags["storefront"]
    client = make_client("vol1")
    clock = _clocked(client)
    _decide(client, storefront, "confirm")
    decision_id = _decision_id(env, storefront, "vol1")
    clock.advance(10)
    late = _undo(client, decision_id)
    assert late.status_code == 409 and "Too late to undo" in late.text
    with env.db.session() as s:
        assert s.get(Decision, decision_id) is not None
        assert s.get(Flag, storefront).status == "in_review"
        assert s.scalar(select(AuditEntry.id).where(AuditEntry.action == "decision_undone")) is None


def test_only_the_decider_may_undo_and_not_after_someone_else_decided(make_client, env) -> None:  # type: ignore[no-untyped-def]
    storefront = env.world.flags["storefront"]
    first = make_client("vol1")
    _clocked(first)
    _decide(first, storefront, "confirm")
    decision_id = _decision_id(env, storefront, "vol1")
    other = make_client("vol2")
    assert _undo(other, decision_id).status_code == 403
    _decide(other, storefront, "dismiss")
    refused = _undo(first, decision_id)
    assert refused.status_code == 409 and "Someone else decided" in refused.text
    with env.db.session() as s:
        assert s.get(Flag, storefront).status == "needs_analyst"
        assert s.get(Decision, decision_id) is not None
    assert _undo(first, 10**9).status_code == 409


def test_the_item_states_its_consensus_in_words(make_client, env) -> None:  # type: ignore[no-untyped-def]
    listing = env.world.flags["listing"]
    vol1 = make_client("vol1")
    assert "No decisions yet." in vol1.get(f"/review/{listing}").text
    _decide(vol1, listing, "confirm", follow=False)
    waiting = make_client("vol2").get(f"/review/{listing}").text
    assert "1 of 2 reviewers confirmed; waiting for a second reviewer." in waiting
    _decide(make_client("vol2"), listing, "dismiss", follow=False)
    analyst = make_client("ana")
    assert "Reviewers disagreed — waiting for an analyst." in analyst.get(f"/review/{listing}").text
    _decide(analyst, listing, "dismiss")
    assert "Dismissed by an analyst — closed." in analyst.get(f"/review/{listing}").text


def test_a_locked_item_offers_the_next_free_one(make_client, env) -> None:  # type: ignore[no-untyped-def]
    storefront, listing = env.world.flags["storefront"], env.world.flags["listing"]
    make_client("vol1").get(f"/review/{storefront}")  # vol1 holds it
    vol2 = make_client("vol2")
    _decide(vol2, listing, "confirm", follow=False)  # decided by vol2: not offered again
    page = vol2.get(f"/review/{storefront}").text
    assert "vol1 is reviewing this item" in page
    link = re.search(r'href="(/queue/next-free\?leaving=\d+)"', page)
    assert link and "Next free item" in page
    found = vol2.get(link.group(1), follow_redirects=False)
    assert found.status_code == 303
    assert found.headers["location"] == f"/review/{env.world.flags['hostile']}"
    # With nothing left, the queue says so.
    make_client("vol3").get(f"/review/{env.world.flags['hostile']}")
    done = vol2.get(link.group(1), follow_redirects=False)
    assert done.headers["location"] == "/queue?done=1"


def test_the_message_and_state_in_japanese(make_client, env) -> None:  # type: ignore[no-untyped-def]
    storefront = env.world.flags["storefront"]
    client = make_client("vol1")
    client.headers["Accept-Language"] = "ja"
    shown = _text(_decide(client, storefront, "confirm").text)
    assert "AIko スタジオ を該当と判断しました（2人中1人目）。2人目の確認者が見ます。" in shown
    assert "取り消す" in shown and "まだ判断はありません。" in shown  # the next item's state
    page = make_client("vol2").get(f"/review/{storefront}", headers={"Accept-Language": "ja"})
    text = _text(page.text)
    assert "確認者2人のうち1人が該当と判断しました。2人目の確認を待っています。" in text
    assert "あなたの判断" in text and "該当" in text and "アナリストへ" in text


def test_a_cookie_naming_someone_else_s_decision_shows_nothing(make_client, env) -> None:  # type: ignore[no-untyped-def]
    storefront = env.world.flags["storefront"]
    _decide(make_client("vol1"), storefront, "confirm", follow=False)
    other = make_client("vol2")
    other.cookies.set("mimamori_decided", str(_decision_id(env, storefront, "vol1")))
    page = other.get("/queue").text
    assert "data-decision-notice" not in page and "You confirmed" not in page
