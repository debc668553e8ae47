"""The text of an account the detector judges, built one way for every caller.

An account is judged part by part (Detector.classify_account): its name, its bio, each plan
and each post. The crawl's spider (crawler/items.py, before anything is stored), the judge
(crawler/flag/judge.py, from the store) and the learned layer's training rows
(crawler/flag/decisions.py) all build those parts here.

Price text belongs in the text: a price is the seller's offer, the *commerce* evidence the
rules need (docs/architecture.md, "Detection contract"). A plan's price text is stored, so
both sides have it. A post's price text is not stored (posts keep the parsed price only), so
the judge passes none for posts; the spider's early minor-risk check, which runs before
storage, still sees it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from storage.findings.reasons import BIO, DISPLAY_NAME, PartRef


def _joined(pieces: Iterable[str | None], separator: str) -> str:
    return separator.join(p for p in pieces if p)


def plan_text(name: str, price_text: str | None = None, description: str | None = None) -> str:
    """One plan as the detector reads it: "Gold ¥3,000 requests open"."""
    return _joined((name, price_text, description), " ")


def post_text(title: str | None, text: str | None, price_text: str | None = None) -> str:
    """One post as the detector reads it: title, text and price text, one per line."""
    return _joined((title, text, price_text), "\n")


def account_name(display_name: str | None, handle: str | None) -> str:
    """The name an account is judged by: its display name, else its handle."""
    return display_name or handle or ""


@dataclass(frozen=True, slots=True)
class AccountText:
    """The parts of one account, each a plain string (build them with the functions above)."""

    display_name: str = ""
    bio: str = ""
    plans: tuple[str, ...] = ()
    posts: tuple[str, ...] = ()

    def parts(self) -> Iterator[tuple[PartRef, str]]:
        """Every part with its reference, in the order the detector reports them."""
        yield PartRef(DISPLAY_NAME), self.display_name
        yield PartRef(BIO), self.bio
        for index, plan in enumerate(self.plans):
            yield PartRef.plan(index), plan
        for index, post in enumerate(self.posts):
            yield PartRef.post(index), post

    def profile_text(self) -> str:
        """Name, bio and plans as one text: what the spider checks for minors on a
        profile page before its media are kept."""
        return _joined((self.display_name, self.bio, *self.plans), "\n")

    def combined(self) -> str:
        """Every non-blank part as one text (a reviewed account as one training row)."""
        parts = (self.display_name, self.bio, *self.plans, *self.posts)
        return "\n".join(p for p in parts if p.strip())

    def to_stored(self) -> dict[str, object]:
        """The JSON object whose hash says whether an account changed since its last
        judgement (crawler/flag/judge.py): keep its shape, or every account is re-judged."""
        return {
            "display_name": self.display_name,
            "bio": self.bio,
            "plans": list(self.plans),
            "posts": list(self.posts),
        }
