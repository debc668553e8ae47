""" "Probably the same seller as …": an account's seller cluster, shaped for the review pages.

The cluster comes from storage.links (connected components of the pairs the linking rule
joined). A volunteer's cluster is walked without minor-risk accounts (`skip_minor`), so a
reviewer sees neither such an account nor an account reached only through one. Pictures
are listed as the existing blurred slots (no original is offered here), and only for
accounts without minor risk. Nothing here renders HTML: templates escape every value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, aliased

from crawler.review.evidence import MediaView
from crawler.review.i18n import N_, _
from storage.links import (
    CaptureRef,
    Cluster,
    ClusterTooLarge,
    LinkEdge,
    Member,
    Pair,
    captures_by_id,
    load_cluster,
    media_by_id,
)
from storage.models import Flag

# What one page lists at most; the export carries the whole cluster.
PAIRS_SHOWN = 60
CAPTURES_PER_SIDE = 5
MEDIA_PER_SIDE = 4

KIND_WORDS = {
    "declared": N_("Declared link"),
    "identifier": N_("Same payment or contact id"),
    "image": N_("Same image"),
    "text": N_("Nearly the same words"),
    "handle": N_("Similar handle"),
}
VALUE_KIND_WORDS = {
    "profile_url": N_("a link to the other profile"),
    "handle_mention": N_("names the other account"),
    "link_in_bio": N_("through a link-in-bio page"),
    "paypay": N_("PayPay id"),
    "email": N_("e-mail address"),
    "discord": N_("Discord user"),
    "discord_invite": N_("Discord invite"),
    "line": N_("LINE id"),
    "amazon_wishlist": N_("Amazon wish list"),
    "crypto": N_("crypto address"),
    "skeb": N_("Skeb page"),
    "coconala": N_("Coconala page"),
    "fantia": N_("Fantia page"),
    "fanbox": N_("pixivFANBOX page"),
    "platform_url": N_("page on another platform"),
    "bio": N_("profile text"),
    "plan": N_("plan description"),
    "price_list": N_("price list"),
    "handle": N_("handle"),
}
# The rule's verdicts (SellerPair.explanation["why_key"], written by crawler/link/rule.py);
# an unknown key shows the rule's own English sentence (`why`), never nothing.
WHY_WORDS = {
    "joined": N_(
        "Score %(score)s reaches the threshold %(threshold)s with %(strong_count)s strong "
        "edge(s) (at least %(strong_needed)s needed): treated as the same seller."
    ),
    "below_threshold": N_("Score %(score)s is below the threshold %(threshold)s: not joined."),
    "weak_only": N_(
        "Only weak edges (similar words or handles): weak edges alone never join two accounts."
    ),
    "no_edges": N_("No evidence links these accounts: not joined."),
    "too_few_strong": N_(
        "%(strong_count)s strong edge(s), at least %(strong_needed)s needed: not joined."
    ),
}


def kind_words(kind: str) -> str:
    return _(KIND_WORDS[kind]) if kind in KIND_WORDS else kind


def value_kind_words(value_kind: str | None) -> str:
    if not value_kind:
        return ""
    return _(VALUE_KIND_WORDS[value_kind]) if value_kind in VALUE_KIND_WORDS else value_kind


def _number(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return f"{value:.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)


def why_text(explanation: dict[str, Any]) -> tuple[str, bool]:
    """The rule's verdict in the reader's language: the stable key with its numbers, else
    the stored English sentence (the flag says so, for the page's `lang`)."""
    key = explanation.get("why_key")
    # crawler/link/rule.py writes the numbers beside the key as `why_params`.
    raw = explanation.get("why_params")
    params = raw if isinstance(raw, dict) else {}
    merged = {
        "score": explanation.get("score"),
        "threshold": explanation.get("threshold"),
        "strong_needed": explanation.get("strong_needed"),
        **(params or {}),
    }
    if isinstance(key, str) and key in WHY_WORDS:
        try:
            return _(WHY_WORDS[key]) % {k: _number(v) for k, v in merged.items()}, False
        except (KeyError, TypeError, ValueError):
            pass
    return str(explanation.get("why") or ""), True


def weight_lines(explanation: dict[str, Any]) -> list[str]:
    """Each kind of edge the rule counted, with its weight: the arithmetic behind the verdict."""
    lines = []
    for entry in explanation.get("edges") or []:
        if not isinstance(entry, dict):
            continue
        what = kind_words(str(entry.get("kind", "")))
        sort = value_kind_words(entry.get("value_kind"))
        strength = _("strong") if entry.get("strong") else _("weak")
        lines.append(
            _("%(what)s%(sort)s: weight %(weight)s, %(strength)s")
            % {
                "what": what,
                "sort": f" ({sort})" if sort else "",
                "weight": _number(entry.get("weight", 0)),
                "strength": strength,
            }
        )
    return lines


@dataclass
class SideView:
    member: Member
    shown: str | None
    captures: list[CaptureRef]
    media: list[MediaView]


@dataclass
class EdgeView:
    kind: str
    what: str
    sort: str
    value: str
    similarity: str
    sides: list[SideView]


@dataclass
class PairView:
    a: Member
    b: Member
    score: str
    why: str
    why_in_english: bool
    weights: list[str]
    edges: list[EdgeView]


@dataclass
class SellerLinks:
    account_id: int
    linked: list[Member] = field(default_factory=list)
    pairs: list[PairView] = field(default_factory=list)
    more_pairs: int = 0
    too_large: str | None = None

    @property
    def shown_ids(self) -> list[int]:
        return [m.id for m in self.linked]


def _similarity(edge: LinkEdge) -> str:
    if edge.similarity is None:
        return ""
    if edge.kind == "image":
        return _("PDQ distance %(d)s") % {"d": _number(int(edge.similarity))}
    return _("similarity %(s)s") % {"s": _number(round(edge.similarity, 2))}


def _side_media(refs: list[Any], member: Member) -> list[MediaView]:
    if member.minor_risk:
        return []
    return [
        MediaView(r.id, r.url, r.has_thumbnail and not r.withheld_reason, False, r.withheld_reason,
                  None, None)
        for r in refs
    ][:MEDIA_PER_SIDE]  # fmt: skip


def _pair_views(session: Session, cluster: Cluster, pairs: list[Pair]) -> list[PairView]:
    capture_ids = {c for p in pairs for e in p.edges for s in (e.a, e.b) for c in s.capture_ids}
    media_ids = {m for p in pairs for e in p.edges for s in (e.a, e.b) for m in s.media_ids}
    captures = captures_by_id(session, capture_ids)
    media = media_by_id(session, media_ids)
    views = []
    for pair in pairs:
        a, b = cluster.member(pair.account_a_id), cluster.member(pair.account_b_id)
        if a is None or b is None:
            continue
        edges = []
        for edge in pair.edges:
            sides = []
            for member, side in ((a, edge.a), (b, edge.b)):
                refs = [media[m] for m in side.media_ids if m in media]
                sides.append(
                    SideView(
                        member=member,
                        shown=side.shown,
                        captures=[captures[c] for c in side.capture_ids if c in captures][
                            :CAPTURES_PER_SIDE
                        ],
                        media=_side_media([r for r in refs if r.account_id == member.id], member),
                    )
                )
            edges.append(
                EdgeView(edge.kind, kind_words(edge.kind), value_kind_words(edge.value_kind),
                         edge.value, _similarity(edge), sides)
            )  # fmt: skip
        views.append(
            PairView(a, b, _number(round(pair.score, 2)), *why_text(pair.explanation),
                     weight_lines(pair.explanation), edges)
        )  # fmt: skip
    return views


def comeback_of_minor_risk(session: Session, account_id: int) -> bool:
    """Whether the account was flagged as the comeback of a minor-risk account: its page
    would tell a volunteer that such an account exists, so it is analysts-only."""
    earlier = aliased(Flag)
    return (
        session.scalar(
            select(Flag.id)
            .where(
                Flag.account_id == account_id,
                Flag.related_account_id.is_not(None),
                exists().where(
                    earlier.account_id == Flag.related_account_id, earlier.minor_risk.is_(True)
                ),
            )
            .limit(1)
        )
        is not None
    )


def load_seller_links(session: Session, account_id: int, *, analyst: bool) -> SellerLinks:
    """The account's cluster as the viewer may see it (empty when it has no joined pair)."""
    result = SellerLinks(account_id)
    try:
        cluster = load_cluster(session, account_id, skip_minor=not analyst)
    except ClusterTooLarge as exc:
        result.too_large = _(
            "This account is joined to more than %(limit)d accounts, too many to be one "
            "seller: the linking rule needs checking. Nothing is listed."
        ) % {"limit": exc.limit}
        return result
    result.linked = [m for m in cluster.members if m.id != account_id]
    # The account's own pairs first, then the rest of the cluster.
    pairs = sorted(
        cluster.pairs,
        key=lambda p: (account_id not in (p.account_a_id, p.account_b_id), p.account_a_id,
                       p.account_b_id),
    )  # fmt: skip
    result.more_pairs = max(0, len(pairs) - PAIRS_SHOWN)
    result.pairs = _pair_views(session, cluster, pairs[:PAIRS_SHOWN])
    return result
