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


def _as_datetime(value: datetime | str | None) -> datetime | None:
    if isinstance(value, str):
        return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None
    return value


def when_ja(value: datetime | str | None) -> str:
    """A time as a Japanese reader reads it: "2026年11月29日 13:38 JST (04:38 UTC)"."""
    moment = _as_datetime(value)
    if moment is None:
        return ""
    local, utc = moment.astimezone(JST), moment.astimezone(UTC)
    day = f"{local.year}年{local.month}月{local.day}日"
    return f"{day} {local:%H:%M} JST ({utc:%H:%M} UTC{_other_day(local, utc)})"


def when_en(value: datetime | str | None) -> str:
    """The same time in English: "29 Nov 2026 13:38 JST (04:38 UTC)"."""
    moment = _as_datetime(value)
    if moment is None:
        return ""
    local, utc = moment.astimezone(JST), moment.astimezone(UTC)
    return f"{local.day} {local:%b %Y %H:%M} JST ({utc:%H:%M} UTC{_other_day(local, utc)})"


def _other_day(local: datetime, utc: datetime) -> str:
    # Before 09:00 JST the UTC time falls on the previous day: say which, or it reads wrong.
    return "" if local.date() == utc.date() else f", {utc:%Y-%m-%d}"
