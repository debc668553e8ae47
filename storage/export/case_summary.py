"""What the report says about one account in plain words, Japanese and English: who is
targeted, what is sold, where and for how much, since when, why it was flagged and what the
reviewers found. Built from the exported account record; nothing here reads the database.

Reasons are named by the family table the caller passed in (docs/architecture.md,
"Detection contract"), in Japanese (``label_ja``) and English; counter-evidence and any family
the table does not label in plain words are put under one plain heading, so no internal
family name or score reaches the reader.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from storage.export.timefmt import when_en, when_ja
from storage.findings import FamilyTable, plain_display, word_key

# The detector's counter-evidence (news, fiction, warnings) and families without a plain
# label: listed, but said to be context, not grounds.
OTHER_LABEL = (
    "その他に考慮された語句（判定を弱める文脈を含む）",
    "Other words the detector weighed, including context that counts against a flag",
)
PART_NAMES = {
    "display_name": ("表示名", "display name"),
    "bio": ("プロフィール", "profile text"),
    "plan": ("プラン", "plan"),
    "title": ("投稿タイトル", "post title"),
    "text": ("投稿本文", "post text"),
}
DECISION_WORDS = {
    "confirm": ("該当と確認", "confirmed"),
    "dismiss": ("該当しないと判断", "dismissed"),
    "escalate": ("分析担当者に回付", "escalated to an analyst"),
}
WITHHELD_WORDS = {"minor_risk": ("未成年者の可能性", "may involve a minor")}
_NUMBER_WORDS = ["", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine"]


@dataclass
class ReasonGroup:
    """One kind of reason with the words that matched it, each once."""

    label_ja: str
    label_en: str
    shown_first: bool
    words: list[str] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    parts_ja: list[str] = field(default_factory=list)


def reason_groups(detections: Iterable[dict[str, Any]], families: FamilyTable) -> list[ReasonGroup]:
    groups: dict[str, ReasonGroup] = {}
    seen: dict[str, set[str]] = {}
    for det in detections:
        for reason in det["reasons"]:
            if not isinstance(reason, dict):
                continue
            # Only words found on the page; a reason without them is the detector's own
            # arithmetic (scores, thresholds), which a reader cannot check against the page.
            words = str(reason.get("matched") or "").strip()
            if not words:
                continue
            # A label equal to the family's own name is an internal key, not a word for people.
            shown = plain_display(str(reason.get("family") or ""), families)
            if shown is None or shown.against:
                label_ja, label_en, first = *OTHER_LABEL, False
            else:
                label_ja, label_en, first = shown.label_ja, shown.label, shown.shown_first
            group = groups.setdefault(label_en, ReasonGroup(label_ja, label_en, first))
            # The same word in full-width or another case is one word (storage.findings).
            if word_key(words) not in seen.setdefault(label_en, set()):
                seen[label_en].add(word_key(words))
                group.words.append(words)
            part = PART_NAMES.get(str(reason.get("part") or ""))
            if part and part[1] not in group.parts:
                group.parts.append(part[1])
                group.parts_ja.append(part[0])
    ordered = sorted(
        groups.values(), key=lambda g: (not g.shown_first, g.label_en == OTHER_LABEL[1])
    )
    return ordered


def price_text(price: str | None, currency: str | None) -> str:
    """A price as people write it: ¥3,000 for yen, else the amount and its currency."""
    if not price:
        return ""
    try:
        amount = Decimal(price)
    except InvalidOperation:
        return f"{price} {currency or ''}".strip()
    shown = f"{amount:,.0f}" if amount == amount.to_integral() else f"{amount:,}"
    code = (currency or "").upper()
    return f"¥{shown}" if code in ("JPY", "円", "¥") else f"{shown} {code}".strip()


def offers(account: dict[str, Any]) -> list[dict[str, str]]:
    """What the account sells: its plans, then posts sold on their own, with prices."""
    out = [
        {
            "name": p["name"] or "",
            "price": price_text(p["price"], p["currency"]) or (p["price_text"] or ""),
        }
        for p in account["plans"]
    ]
    out += [
        {
            "name": post["title"] or post["post_key"],
            "price": price_text(post["price"], post["currency"]),
        }
        for post in account["posts"]
        if post["price"]
    ]
    return out


def price_range(account: dict[str, Any]) -> str:
    priced = [
        (Decimal(item["price"]), item["currency"] or "")
        for item in [*account["plans"], *account["posts"]]
        if item["price"]
    ]
    if not priced:
        return ""
    low, high = min(priced), max(priced)
    if low == high or low[1] != high[1]:
        return price_text(str(low[0]), low[1])
    return f"{price_text(str(low[0]), low[1])} – {price_text(str(high[0]), high[1])}"


def first_seen(account: dict[str, Any]) -> str | None:
    """The earliest time mimamori saw the account or anything it sells."""
    times = [account["first_seen_at"]]
    times += [p["first_seen_at"] for p in account["plans"]]
    times += [p["first_seen_at"] for p in account["posts"]]
    known = [t for t in times if t]
    return min(known) if known else None


def decision_findings(decisions: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Reviewers' decisions as findings, one (Japanese, English) sentence per kind."""
    out = []
    for kind, (ja_word, en_word) in DECISION_WORDS.items():
        made = [d for d in decisions if d["decision"] == kind]
        if not made:
            continue
        reviewers = list(dict.fromkeys(d["reviewer"] for d in made))
        last = max((d["created_at"] for d in made if d["created_at"]), default=None)
        count = len(reviewers)
        en_count = _NUMBER_WORDS[count] if count < len(_NUMBER_WORDS) else str(count)
        noun = "reviewer" if count == 1 else "reviewers"
        names = ", ".join(reviewers)
        ja_when = f"（{when_ja(last)}）" if last else ""
        en_when = f" on {when_en(last)}" if last else ""
        out.append(
            (
                f"審査担当者{count}名（{'、'.join(reviewers)}）が{ja_word}しました{ja_when}。",
                f"{en_count} {noun} ({names}) {en_word} this account{en_when}.",
            )
        )
    return out


def decision_words(decision: str) -> str:
    ja, en = DECISION_WORDS.get(decision, (decision, decision))
    return f"{ja} / {en}"


def withheld_words(reason: str) -> str:
    ja, en = WITHHELD_WORDS.get(reason, (reason, reason))
    return f"{ja} / {en}"


def exhibit_span(numbers: list[int]) -> str:
    """ "1", "1–3" or "1, 4, 5": how the summary points at an account's exhibits."""
    if not numbers:
        return ""
    if numbers == list(range(numbers[0], numbers[-1] + 1)) and len(numbers) > 2:
        return f"{numbers[0]}–{numbers[-1]}"
    return ", ".join(str(n) for n in numbers)


def account_summary(
    account: dict[str, Any], families: FamilyTable, exhibit_numbers: list[int]
) -> dict[str, Any]:
    """The plain-language summary the report prints at the head of an account."""
    since = first_seen(account)
    return {
        "platform": (account["platform"] or {}).get("name") or "",
        "offers": offers(account),
        "price_range": price_range(account),
        "since_ja": when_ja(since),
        "since_en": when_en(since),
        "last_seen_ja": when_ja(account["last_seen_at"]),
        "last_seen_en": when_en(account["last_seen_at"]),
        "reason_groups": reason_groups(account["detections"], families),
        "findings": decision_findings(account["decisions"]),
        "exhibits": exhibit_span(exhibit_numbers),
    }
