"""Server-side login sessions: a random token in an HttpOnly cookie, its hash in the database.

Storing sessions server-side means logging out, or an admin disabling a user, ends
access at once, which a self-contained signed cookie could not do.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from storage.models import User, utcnow
from storage.models.review import ReviewSession

SESSION_LIFETIME = timedelta(hours=12)
# Writing last_seen_at on every request would turn every page view into a write.
_TOUCH_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class SignedIn:
    user: User
    csrf_token: str
    # last_seen_at is older than _TOUCH_EVERY: the caller writes it in its own short
    # write transaction (touch_session), so a page view's read never turns into a write.
    touch_due: bool = False


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(session: Session, user: User, remote_addr: str | None) -> str:
    """Create a session for `user`; returns the token to put in the cookie."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(
        ReviewSession(
            token_sha256=_digest(token),
            user_id=user.id,
            csrf_token=secrets.token_urlsafe(32),
            created_at=now,
            last_seen_at=now,
            expires_at=now + SESSION_LIFETIME,
            remote_addr=remote_addr,
        )
    )
    # Expired sessions are swept on each login rather than by a background job.
    session.execute(delete(ReviewSession).where(ReviewSession.expires_at < now))
    return token


def load_session(
    session: Session, token: str | None, now: datetime | None = None
) -> SignedIn | None:
    if not token or len(token) > 200:
        return None
    now = now or utcnow()
    row = session.execute(
        select(ReviewSession, User)
        .join(User, User.id == ReviewSession.user_id)
        .where(ReviewSession.token_sha256 == _digest(token))
    ).first()
    if row is None:
        return None
    review_session, user = row
    if review_session.expires_at <= now or user.disabled:
        return None
    return SignedIn(
        user=user,
        csrf_token=review_session.csrf_token,
        touch_due=now - review_session.last_seen_at > _TOUCH_EVERY,
    )


def touch_session(session: Session, token: str, now: datetime | None = None) -> None:
    """Record that the session was used just now (sliding activity, for the admin pages)."""
    session.execute(
        update(ReviewSession)
        .where(ReviewSession.token_sha256 == _digest(token))
        .values(last_seen_at=now or utcnow())
    )


def end_session(session: Session, token: str | None) -> None:
    if token:
        session.execute(delete(ReviewSession).where(ReviewSession.token_sha256 == _digest(token)))
