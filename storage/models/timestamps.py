"""RFC 3161 timestamp tokens over evidence digests (docs/evidence.md, "Trusted time")."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, utcnow


class TimestampToken(Base):
    """One authority's answer for one digest, or the reason there is none.

    `status` is "granted" (a token we verified when it arrived), "unverified" (a token,
    but no trusted authority certificate was configured to check it), or "failed"
    (the authority was down or its answer was refused; `error` says why). The token is
    the authority's whole TimeStampResp, byte for byte, as `openssl ts -verify` reads it.
    """

    __tablename__ = "timestamp_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subject_kind: Mapped[str] = mapped_column(String(32), index=True)
    subject: Mapped[str] = mapped_column(String(512))
    digest: Mapped[str] = mapped_column(String(64), index=True)
    authority_url: Mapped[str] = mapped_column(String(1024))
    status: Mapped[str] = mapped_column(String(16))
    token: Mapped[bytes | None] = mapped_column(LargeBinary)
    gen_time: Mapped[datetime | None]
    token_file: Mapped[str | None] = mapped_column(String(1024))
    error: Mapped[str | None] = mapped_column(Text)
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
