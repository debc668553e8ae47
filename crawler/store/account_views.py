"""How an account looks for change tracking: the fields a revision compares, and their diff."""

from __future__ import annotations

import difflib
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crawler.items import AccountItem, PlanData
from storage.models import Account, Plan

TRACKED_ACCOUNT_FIELDS = ("handle", "display_name", "bio", "links", "plans")


def _price_str(price: Any) -> str | None:
    """One spelling per amount: the database gives Decimal('1500.00'), a page Decimal('1500')."""
    if price is None:
        return None
    value = Decimal(price)
    return (
        str(value.quantize(Decimal(1)))
        if value == value.to_integral_value()
        else str(value.normalize())
    )


def link_text(link: Any) -> str:
    """A stored link as one line: a URL, or a URL found on a link-in-bio page and that page."""
    if isinstance(link, dict):
        url, via = link.get("url", ""), link.get("via")
        return f"{url} (via {via})" if via else str(url)
    return str(link)


def _links_view(links: list[Any]) -> list[Any]:
    # Plain URLs and {"url", "via"} entries side by side: sorted by how they read.
    return sorted(links, key=lambda link: (isinstance(link, dict), link_text(link)))


def _plan_view(plans: list[PlanData]) -> list[dict[str, Any]]:
    return [
        {
            "name": p.name,
            "price": _price_str(p.price),
            "currency": p.currency,
        }
        for p in sorted(plans, key=lambda p: p.name)
    ]


def account_view(item: AccountItem) -> dict[str, Any]:
    return {
        "handle": item.handle,
        "display_name": item.display_name,
        "bio": item.bio,
        "links": _links_view(item.links),
        "plans": _plan_view(item.plans),
    }


def stored_view(session: Session, account: Account) -> dict[str, Any]:
    plans = session.scalars(
        select(Plan).where(Plan.account_id == account.id, Plan.missing_since_run_id.is_(None))
    ).all()
    return {
        "handle": account.handle,
        "display_name": account.display_name,
        "bio": account.bio,
        "links": _links_view(account.links or []),
        "plans": [
            {
                "name": p.name,
                "price": _price_str(p.price),
                "currency": p.currency,
            }
            for p in sorted(plans, key=lambda p: p.name)
        ],
    }


def readable_diff(before: dict[str, Any], after: dict[str, Any]) -> str:
    def lines(view: dict[str, Any]) -> list[str]:
        out = []
        for name in TRACKED_ACCOUNT_FIELDS:
            value = view.get(name)
            if name == "plans":
                out.extend(
                    f"plan: {p['name']} = {p['price']} {p['currency'] or ''}".rstrip()
                    for p in value or []
                )
            elif name == "links":
                out.extend(f"link: {link_text(link)}" for link in value or [])
            else:
                out.append(f"{name}: {value if value is not None else ''}")
        return out

    return "\n".join(
        difflib.unified_diff(lines(before), lines(after), "before", "after", lineterm="", n=0)
    )
