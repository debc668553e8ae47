"""Capture times as recipients read them: UTC, and Japan Standard Time (no DST)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

JST = timezone(timedelta(hours=9), "JST")


def utc_text(value: datetime | None) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC") if value else ""


def jst_text(value: datetime | None) -> str:
    return value.astimezone(JST).strftime("%Y-%m-%d %H:%M:%S JST") if value else ""


def iso(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z") if value else None
