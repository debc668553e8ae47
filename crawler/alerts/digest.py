"""What a digest says about finished runs: counts, platforms and review-app ids, no names.

Everything here is a number, a profile or platform name, or an id to link to. The one
free text, a failed run's health problems, is cut to its first line and withheld when it
contains a watchlist name or the handle or display name of a flagged or minor-risk
account (docs/architecture.md, "Alerts").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from storage.models import (
    Account,
    CrawlRun,
    Detection,
    Flag,
    Platform,
    TakedownWatch,
    WatchlistPerson,
)

NEW_FLAG_REASONS = ("new_account", "now_matches")
# A new account linked to a seller that was confirmed and taken down (crawler/link/comeback.py).
COMEBACK_REASON = "comeback"
MAX_PROBLEM_CHARS = 200
# Shorter guard words would withhold ordinary health messages for nothing.
MIN_GUARD_CHARS = 2


@dataclass(frozen=True)
class RunDigest:
    run_id: int
    profile: str
    platform_key: str
    platform_name: str
    status: str
    finished_at: datetime | None
    new_flags: int = 0
    new_minor: int = 0
    requeued: int = 0
    requeued_minor: int = 0
    comebacks: int = 0
    comebacks_minor: int = 0
    # Flags of accounts with no sign of minors: linked one by one, never named.
    linked_flag_ids: tuple[int, ...] = ()
    taken_down: int = 0
    back_online: int = 0
    health_ok: bool | None = None
    # None stands for a problem withheld because it named someone.
    health_problems: tuple[str | None, ...] = ()

    @property
    def health_failed(self) -> bool:
        return self.health_ok is False

    @property
    def newsworthy(self) -> bool:
        counts = (
            self.new_flags,
            self.requeued,
            self.comebacks,
            self.taken_down,
            self.back_online,
        )
        return any(counts) or self.health_failed


@dataclass(frozen=True)
class Digest:
    runs: tuple[RunDigest, ...]

    def total(self, field: str) -> int:
        return sum(int(getattr(run, field)) for run in self.runs)

    @property
    def failed_health(self) -> int:
        return sum(run.health_failed for run in self.runs)

    @property
    def newsworthy(self) -> bool:
        return any(run.newsworthy for run in self.runs)


def last_run_id(session: Session) -> int | None:
    """The newest run that has ended (what `alerts preview` shows by default)."""
    return session.scalar(
        select(CrawlRun.id).where(CrawlRun.status != "running").order_by(CrawlRun.id.desc())
    )


def build_digest(session: Session, run_ids: Iterable[int]) -> Digest:
    runs = [session.get(CrawlRun, run_id) for run_id in sorted(set(run_ids))]
    found = [run for run in runs if run is not None]
    guard = _guard_words(session, [run.id for run in found])
    return Digest(tuple(_run_digest(session, run, guard) for run in found))


def _run_digest(session: Session, run: CrawlRun, guard: set[str]) -> RunDigest:
    platform_name = session.scalar(
        select(Platform.display_name).where(Platform.key == run.platform)
    )
    flags = list(session.scalars(select(Flag).where(Flag.run_id == run.id).order_by(Flag.id)))
    minor_accounts = _minor_risk_accounts(session, [f.account_id for f in flags])
    new = [f for f in flags if f.reason in NEW_FLAG_REASONS]
    comebacks = [f for f in flags if f.reason == COMEBACK_REASON]
    requeued = [f for f in flags if f.reason not in (*NEW_FLAG_REASONS, COMEBACK_REASON)]

    def minor(flag: Flag) -> bool:
        return flag.minor_risk or flag.account_id in minor_accounts

    return RunDigest(
        run_id=run.id,
        profile=run.profile,
        platform_key=run.platform,
        platform_name=platform_name or run.platform,
        status=run.status,
        finished_at=_utc(run.finished_at),
        new_flags=len(new),
        new_minor=sum(minor(f) for f in new),
        requeued=len(requeued),
        requeued_minor=sum(minor(f) for f in requeued),
        comebacks=len(comebacks),
        comebacks_minor=sum(minor(f) for f in comebacks),
        linked_flag_ids=tuple(f.id for f in flags if not minor(f)),
        taken_down=_count(session, TakedownWatch.gone_run_id == run.id),
        back_online=_count(
            session,
            TakedownWatch.last_live_run_id == run.id,
            TakedownWatch.returned_at.is_not(None),
            TakedownWatch.returned_at >= run.started_at,
        ),
        health_ok=run.health_ok,
        health_problems=tuple(
            _problem(str(m), guard) for m in (run.health_messages or []) if str(m).strip()
        )
        if run.health_ok is False
        else (),
    )


def _count(session: Session, *conditions: ColumnElement[bool]) -> int:
    return session.scalar(select(func.count(TakedownWatch.id)).where(*conditions)) or 0


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _minor_risk_accounts(session: Session, account_ids: list[int]) -> set[int]:
    """Accounts any flag or detection ever marked minor-risk: an older mark still counts."""
    if not account_ids:
        return set()
    wanted = set(account_ids)
    marked = set(
        session.scalars(
            select(Flag.account_id).where(Flag.account_id.in_(wanted), Flag.minor_risk.is_(True))
        )
    )
    marked |= set(
        session.scalars(
            select(Detection.account_id).where(
                Detection.account_id.in_(wanted), Detection.minor_risk.is_(True)
            )
        )
    )
    return marked


def _guard_words(session: Session, run_ids: list[int]) -> set[str]:
    """Names that must never reach a digest: the watchlist, and the handles and display
    names of accounts flagged in these runs or ever marked minor-risk."""
    words: set[str] = set()
    for name, kana, aliases in session.execute(
        select(WatchlistPerson.name, WatchlistPerson.kana, WatchlistPerson.aliases)
    ):
        words.update([name, kana or "", *(str(a) for a in aliases or [])])
    flagged = select(Flag.account_id).where(
        or_(Flag.run_id.in_(run_ids), Flag.minor_risk.is_(True))
    )
    minor = select(Detection.account_id).where(Detection.minor_risk.is_(True))
    for handle, display_name in session.execute(
        select(Account.handle, Account.display_name).where(
            or_(Account.id.in_(flagged), Account.id.in_(minor))
        )
    ):
        words.update([handle or "", display_name or ""])
    return {w.strip().casefold() for w in words if len(w.strip()) >= MIN_GUARD_CHARS}


def _problem(message: str, guard: set[str]) -> str | None:
    first = message.strip().splitlines()[0].strip()
    if len(first) > MAX_PROBLEM_CHARS:
        first = first[: MAX_PROBLEM_CHARS - 1] + "…"
    folded = first.casefold()
    if any(word in folded for word in guard):
        return None
    return first
