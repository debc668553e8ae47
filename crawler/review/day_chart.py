"""The dashboard's flags-per-day chart as geometry for a server-drawn SVG.

Bars, a y axis with a few round tick values and an x axis with dates, all in the SVG's own
coordinates: the browser scales the drawing to the screen (a phone included), and nothing is
computed by script or styled inline, so the strict CSP holds (docs/architecture.md, "Safety").
Dates are written for people in the page's language (Babel's CLDR data).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from babel.dates import format_date, format_skeleton

# The drawing's coordinate box; the CSS scales it to the width available.
WIDTH = 600
HEIGHT = 220
PLOT_LEFT = 46
PLOT_RIGHT = 546  # room for the newest date, centred under its bar
PLOT_TOP = 12
PLOT_BOTTOM = 184
X_LABEL_Y = 206
BAR_FILL_SHARE = 0.75  # of each day's slot; the rest is the gap between bars
MOST_Y_INTERVALS = 5
DAYS_BETWEEN_DATE_LABELS = 7


@dataclass(frozen=True)
class ChartBar:
    day: date
    count: int
    x: float
    y: float
    width: float
    height: float
    label: str  # the day, written for people


@dataclass(frozen=True)
class YTick:
    value: int
    y: float


@dataclass(frozen=True)
class XTick:
    x: float
    label: str


@dataclass(frozen=True)
class DayChart:
    bars: list[ChartBar]
    y_ticks: list[YTick]
    x_ticks: list[XTick]
    first: date
    last: date
    highest: int
    first_label: str  # the range, written out in full
    last_label: str
    width: int = WIDTH
    height: int = HEIGHT
    plot_left: int = PLOT_LEFT
    plot_right: int = PLOT_RIGHT
    plot_top: int = PLOT_TOP
    plot_bottom: int = PLOT_BOTTOM
    x_label_y: int = X_LABEL_Y


def round_ticks(highest: int, most_intervals: int = MOST_Y_INTERVALS) -> list[int]:
    """0, then steps of 1, 2 or 5 times a power of ten, up to the first value at or above
    `highest`, in at most `most_intervals` steps: values a reader takes in at a glance."""
    highest = max(highest, 1)
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * magnitude
            intervals = math.ceil(highest / step)
            if intervals <= most_intervals:
                return [step * index for index in range(intervals + 1)]
        magnitude *= 10


def _y(value: float, top_value: int) -> float:
    return round(PLOT_BOTTOM - (PLOT_BOTTOM - PLOT_TOP) * value / top_value, 1)


def day_chart(counts: dict[date, int], *, last: date, days: int, locale: str) -> DayChart:
    """The chart of `days` days ending with `last` (days without flags count 0)."""
    first = last - timedelta(days=days - 1)
    shown = [counts.get(first + timedelta(days=index), 0) for index in range(days)]
    ticks = round_ticks(max(shown))
    top_value = ticks[-1]
    slot = (PLOT_RIGHT - PLOT_LEFT) / days
    bar_width = round(slot * BAR_FILL_SHARE, 1)
    bars: list[ChartBar] = []
    x_ticks: list[XTick] = []
    for index in range(days):
        day, count = first + timedelta(days=index), shown[index]
        left = PLOT_LEFT + slot * index
        top = _y(count, top_value)
        bars.append(
            ChartBar(
                day=day,
                count=count,
                x=round(left + (slot - bar_width) / 2, 1),
                y=top,
                width=bar_width,
                height=round(PLOT_BOTTOM - top, 1),
                label=format_date(day, format="long", locale=locale),
            )
        )
        # Counted back from the newest day, so today always has its date under it.
        if (days - 1 - index) % DAYS_BETWEEN_DATE_LABELS == 0:
            short = format_skeleton("MMMd", day, locale=locale)
            x_ticks.append(XTick(x=round(left + slot / 2, 1), label=short))
    return DayChart(
        bars=bars,
        y_ticks=[YTick(value=value, y=_y(value, top_value)) for value in ticks],
        x_ticks=x_ticks,
        first=first,
        last=last,
        highest=max(shown),
        first_label=format_date(first, format="long", locale=locale),
        last_label=format_date(last, format="long", locale=locale),
    )
