"""Publish times as pages and APIs write them, read as UTC (spiders/dates.py)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from spiders import dates
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


ISO_FORMS = [
    "2026-10-03T23:10:00+09:00",
    "2026-10-03T14:10:00Z",
    "2026-10-03T14:10Z",
    "2026-10-03 23:10",
    "2026-10-03T23:10:00.123+09:00",
    "2026-10-03T23:10:00.123456-05:30",
    "2026-10-03",
    "2026-02-30T10:00:00",
    "2026-13-01T10:00:00",
]


@pytest.mark.parametrize("text", ISO_FORMS)
def test_iso_times_read_by_the_standard_library_are_dateutils_instant(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert dates._ISO.fullmatch(text)
    fast = parse_posted_at(text, TOKYO)
    monkeypatch.setattr(dates, "_ISO", re.compile(r"(?!)"))  # dateutil reads everything
    assert parse_posted_at(text, TOKYO) == fast
    if "-02-30" in text or "-13-" in text:
        assert fast is None
