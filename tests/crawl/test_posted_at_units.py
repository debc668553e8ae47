"""Publish times as pages and APIs write them, read as UTC (spiders/dates.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from spiders.dates import parse_posted_at
from spiders.profile import ProfileError, parse_profile

TOKYO = ZoneInfo("Asia/Tokyo")
AT = datetime(2026, 10, 3, 14, 10, tzinfo=UTC)  # 23:10 in Tokyo


@pytest.mark.parametrize(
    "text",
    [
        "2026-10-03T23:10:00+09:00",
        "2026-10-03T14:10:00Z",
        "2026/10/03 23:10",
        "2026年10月3日 23時10分",
        "2026年10月3日(土) 23:10",
        "Oct 3, 2026 11:10 PM",
        str(int(AT.timestamp())),
        str(int(AT.timestamp()) * 1000),
    ],
)
def test_every_common_form_is_the_same_instant(text: str) -> None:
    assert parse_posted_at(text, TOKYO) == AT


def test_a_time_without_offset_is_in_the_profiles_zone() -> None:
    assert parse_posted_at("2026/10/03 23:10") == datetime(2026, 10, 3, 23, 10, tzinfo=UTC)


@pytest.mark.parametrize(
    "text", [None, "", "3日前", "2 hours ago", "23:10", "10/03", "garbage", "9999-01-01", "x" * 500]
)
def test_relative_partial_or_implausible_times_give_none(text: str | None) -> None:
    assert parse_posted_at(text, TOKYO) is None


def test_the_profile_refuses_an_unknown_time_zone() -> None:
    text = (
        "name: t\nplatform: t\ndisplay_name: T\nstart_urls: ['https://t.example/']\n"
        "timezone: Mars/Olympus\nlinks: [{kind: listing, pattern: '^/'}]\n"
    )
    with pytest.raises(ProfileError, match="unknown time zone 'Mars/Olympus'"):
        parse_profile(text, "t.yaml")
