"""AccountLink and SellerPair rows written straight into the store, as crawler/link/ would
write them, for tests of everything that reads links (clusters, review pages, export, CLI),
and a linked review world on top of review_factory's.

Fictional accounts only; hostile values test escaping."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from storage.models import AccountLink, SellerPair

RULE = "0" * 64


def side(
    captures: list[int] = (),  # type: ignore[assignment]
    media: list[int] = (),  # type: ignore[assignment]
    shown: str | None = None,
) -> dict[str, Any]:
    return {"capture_ids": list(captures), "post_ids": [], "media_ids": list(media), "shown": shown}


def add_link(
    s: Session,
    one: int,
    two: int,
    kind: str,
    value: str,
    *,
    value_kind: str | None = None,
    similarity: float | None = None,
    one_side: dict[str, Any] | None = None,
    two_side: dict[str, Any] | None = None,
) -> AccountLink:
    """An edge; the sides are given for `one` and `two` and stored as a/b by id order."""
    a, b = sorted((one, two))
    sides = {one: one_side or side(), two: two_side or side()}
    row = AccountLink(
        account_a_id=a,
        account_b_id=b,
        kind=kind,
        value_kind=value_kind,
        value=value,
        similarity=similarity,
        evidence={"a": sides[a], "b": sides[b]},
    )
    s.add(row)
    s.flush()
    return row


def add_pair(
    s: Session,
    one: int,
    two: int,
    *,
    joined: bool,
    score: float,
    why_key: str | None = None,
    why: str = "",
    edges: list[dict[str, Any]] | None = None,
) -> SellerPair:
    a, b = sorted((one, two))
    row = SellerPair(
        account_a_id=a,
        account_b_id=b,
        score=score,
        joined=joined,
        rule_version=RULE,
        explanation={
            "threshold": 1.0,
            "strong_needed": 1,
            "score": score,
            "edges": edges or [],
            "why": why,
            **({"why_key": why_key, "why_params": {"strong_count": 1}} if why_key else {}),
        },
    )
    s.add(row)
    s.flush()
    return row


# Hostile values a seller controls: they must reach every page escaped and isolated.
HOSTILE_VALUE = "<script>alert('pay')</script>@paypay"
HOSTILE_SHOWN = "PayPay <img src=x onerror=alert(2)> \u202egpj.exe"
TERMINAL_VALUE = "\x1b[2J\x1b[31mpay-me\x07"


def link_world(cfg: Any, db: Any, world: Any) -> dict[str, int]:
    """On top of review_factory's world: one seller on two platforms (aiko_studio and
    deep_collage, joined by a PayPay id and a re-used image; x_payload joined to
    deep_collage by a declared link), the minor-risk school_memories joined to aiko_studio,
    news_watch only weakly linked (never joined), and two comebacks: `aiko_returns` after
    deep_collage was taken down, and `memories_again` after the minor-risk account."""
    from datetime import timedelta

    from review_builder import NOW, WorldBuilder
    from review_pictures import blurred_jpeg, placeholder_image
    from sqlalchemy import select

    from storage.models import Account, CrawlRun, Media, Platform

    acc = world.accounts
    ids: dict[str, int] = {}
    with db.session() as s:
        run = s.scalars(select(CrawlRun).order_by(CrawlRun.id)).first()
        build = WorldBuilder(s, cfg, world, run)
        fan = s.scalars(select(Platform).where(Platform.key == "fanlounge")).one()
        market = s.scalars(select(Platform).where(Platform.key == "kirakira")).one()
        a1, a2, a3, a4, a5 = (
            acc[k] for k in ("fl-1001", "kk-2002", "fl-3003", "fl-4004", "fl-5005")
        )
        deep = s.get(Account, a2)
        deep.missing_since_at = NOW - timedelta(days=1)
        c2 = build.capture(deep, "screenshot", deep.profile_url, 200, b"shot",
                           blob=world.blobs["a1_shot"])  # fmt: skip
        thumb = build.blobs.put(blurred_jpeg(placeholder_image(1)))
        m2 = Media(account_id=a2, url=f"{deep.profile_url}/img/same.jpg", sha256="cd" * 32,
                   pdq="1" * 64, pdq_quality=90, thumb_blob=thumb)  # fmt: skip
        s.add(m2)
        s.flush()
        ids["deep_capture"], ids["deep_media"] = c2.id, m2.id
        a1_caps = [world.captures["a1_response"], world.captures["a1_screenshot"]]
        add_link(s, a1, a2, "identifier", HOSTILE_VALUE, value_kind="paypay",
                 one_side=side(a1_caps, shown=HOSTILE_SHOWN), two_side=side([c2.id], shown="paypay"))  # fmt: skip
        add_link(s, a1, a2, "image", "pdq-near", similarity=4,
                 one_side=side(a1_caps[1:], [world.media["a1_original"]]), two_side=side([c2.id], [m2.id]))  # fmt: skip
        add_pair(s, a1, a2, joined=True, score=1.6, why_key="joined", why="strong evidence",
                 edges=[{"kind": "identifier", "value_kind": "paypay", "weight": 1.0, "strong": True},
                        {"kind": "image", "weight": 0.6, "strong": True}])  # fmt: skip
        add_link(s, a2, a4, "declared", TERMINAL_VALUE, value_kind="profile_url")
        add_pair(s, a2, a4, joined=True, score=1.0, why="Declared link to the other profile.")
        add_link(s, a1, a3, "identifier", "school-pay", value_kind="paypay")
        add_pair(s, a1, a3, joined=True, score=1.0, why_key="joined")
        add_link(s, a1, a5, "text", "bio-digest", value_kind="bio", similarity=0.91)
        add_pair(s, a1, a5, joined=False, score=0.3, why_key="weak_only")
        for key, handle, earlier, minutes in (
            ("fl-6006", "aiko_returns", a2, 400),
            ("fl-6007", "memories_again", a3, 410),
        ):
            new = build.account(key, fan if key == "fl-6006" else market, handle,
                                f"{handle} shop", "AI美女 サブスク", minutes)  # fmt: skip
            add_link(s, new.id, earlier, "identifier", f"{handle}-pay", value_kind="paypay")
            add_pair(s, new.id, earlier, joined=True, score=1.2, why_key="joined")
            flag = build.flag(handle, new, 0.7, [], minutes)
            flag.reason, flag.related_account_id = "comeback", earlier
            flag.detail = "comes back after an account that was taken down"
            ids[handle] = new.id
    return ids
