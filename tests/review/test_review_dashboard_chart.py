"""The dashboard's flags-per-day chart: round y ticks, readable dates on the x axis, the range
stated in Japan time, counted by Japanese calendar day (the drawing and through the app)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
from babel.dates import format_date, format_skeleton
from sqlalchemy import select

from crawler.review.dashboard import japan_today
from crawler.review.day_chart import PLOT_BOTTOM, PLOT_TOP, day_chart, round_ticks
from crawler.review.web import JST
from storage.models import Flag

LAST = date(2026, 11, 29)
KNOWN = {LAST: 3, LAST - timedelta(days=5): 12, LAST - timedelta(days=28): 5}


@pytest.mark.parametrize(
    ("highest", "ticks"),
    [
        (0, [0, 1]),
        (1, [0, 1]),
        (4, [0, 1, 2, 3, 4]),
        (6, [0, 2, 4, 6]),
        (12, [0, 5, 10, 15]),
        (40, [0, 10, 20, 30, 40]),
        (101, [0, 50, 100, 150]),
        (2400, [0, 500, 1000, 1500, 2000, 2500]),
    ],
)
def test_the_y_axis_has_a_few_round_ticks(highest: int, ticks: list[int]) -> None:
    assert round_ticks(highest) == ticks


def test_the_chart_of_a_known_month_has_its_axes_and_range() -> None:
    chart = day_chart(KNOWN, last=LAST, days=30, locale="en")
    assert [tick.value for tick in chart.y_ticks] == [0, 5, 10, 15]
    assert chart.y_ticks[0].y == PLOT_BOTTOM and chart.y_ticks[-1].y == PLOT_TOP
    # A date under every seventh bar, counted back from the newest day.
    assert [tick.label for tick in chart.x_ticks] == [
        "Nov 1",
        "Nov 8",
        "Nov 15",
        "Nov 22",
        "Nov 29",
    ]
    assert (chart.first_label, chart.last_label) == ("October 31, 2026", "November 29, 2026")
    assert chart.highest == 12 and len(chart.bars) == 30
    bars = {bar.day: bar for bar in chart.bars}
    full = PLOT_BOTTOM - PLOT_TOP
    assert bars[LAST - timedelta(days=5)].height == pytest.approx(full * 12 / 15, abs=0.1)
    assert bars[LAST].height == pytest.approx(full * 3 / 15, abs=0.1)
    assert bars[LAST - timedelta(days=1)].height == 0
    # A count from before the range does not stretch the axis.
    assert (
        day_chart({**KNOWN, LAST - timedelta(days=40): 99}, last=LAST, days=30, locale="en").highest
        == 12
    )


def test_the_chart_writes_dates_the_japanese_way() -> None:
    chart = day_chart(KNOWN, last=LAST, days=30, locale="ja")
    assert [tick.label for tick in chart.x_ticks][-2:] == ["11月22日", "11月29日"]
    assert (chart.first_label, chart.last_label) == ("2026年10月31日", "2026年11月29日")


def _free_day(env) -> date:  # type: ignore[no-untyped-def]
    """A day in the chart's range on which the fixture world raised no flag."""
    with env.db.session() as s:
        taken = {at.astimezone(JST).date() for at in s.scalars(select(Flag.created_at))}
    today = japan_today()
    return next(d for d in (today - timedelta(days=n) for n in range(3, 29)) if d not in taken)


def _add_flags(env, day: date, count: int) -> None:  # type: ignore[no-untyped-def]
    # 00:30 in Japan is the previous day in UTC: the chart must count it on the Japanese day.
    at = datetime.combine(day, time(0, 30), tzinfo=JST).astimezone(UTC)
    with env.db.session() as s:
        account_id = s.get(Flag, env.world.flags["storefront"]).account_id
        s.add_all(
            Flag(
                account_id=account_id,
                reason="changed",
                score=0.5,
                status="dismissed",
                created_at=at,
            )
            for _ in range(count)
        )


def _ticks(html: str, kind: str) -> list[str]:
    return re.findall(rf'<text class="{kind}"[^>]*>([^<]+)</text>', html)


def test_the_dashboard_draws_the_axes_for_its_flags(make_client, env) -> None:  # type: ignore[no-untyped-def]
    day = _free_day(env)
    _add_flags(env, day, 40)
    client = make_client("ana")
    before = japan_today()
    html = client.get("/dashboard").text
    after = japan_today()
    assert _ticks(html, "y-label") == ["0", "10", "20", "30", "40"]
    assert html.count('class="bar"') == 30
    shown = {format_skeleton("MMMd", d, locale="en") for d in (before, after)}
    assert set(_ticks(html, "x-label")[-1:]) <= shown  # today's date under the last bar
    ranges = {
        f"From {format_date(d - timedelta(days=29), format='long', locale='en')} to "
        f"{format_date(d, format='long', locale='en')}, counted by day in Japan time (JST)."
        for d in (before, after)
    }
    assert any(text in html for text in ranges)
    label = format_date(day, format="long", locale="en")
    assert f"<title>{label} — flags: 40</title>" in html
    assert "Most flags in one day: 40." in html


def test_the_dashboard_in_japanese(make_client, env) -> None:  # type: ignore[no-untyped-def]
    _add_flags(env, _free_day(env), 7)
    html = make_client("vol1").get("/dashboard", headers={"Accept-Language": "ja"}).text
    assert '<html lang="ja"' in html
    assert "1日ごとの検出数" in html and "日本時間・JST の日ごとに集計" in html
    assert "1日の最多：7件。" in html and "プラットフォーム別の未処理の検出" in html
    assert _ticks(html, "y-label") == ["0", "2", "4", "6", "8"]
    assert all(re.fullmatch(r"\d+月\d+日", label) for label in _ticks(html, "x-label"))
    assert "最近の巡回" in html and "問題あり" in html and "失敗" in html
