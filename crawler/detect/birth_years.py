"""Birth years of people under 18 this year, for signal patterns that must not age.

A pattern in a signal file writes ``MINOR_BIRTH_YEAR`` (2009|2010|...), ``MINOR_BIRTH_YY``
(09|10|...), ``MINOR_HEISEI`` or ``MINOR_REIWA`` (years of the Japanese eras); each is
replaced by the years in which a person born is under 18 in the current year, so "2010年生まれ"
means a minor in 2026 and no longer does in 2029 without anyone editing the file.
``MINOR_CLASS_OF`` is the graduation years of pupils still at school (the next five years:
"class of 2027" is at high school in 2026).
"""

from __future__ import annotations

import datetime as dt

MINOR_AGE_LIMIT = 18
SCHOOL_YEARS_AHEAD = 5  # high school: the classes graduating in the next five years
_HEISEI_FIRST = 1989  # 平成1年
_HEISEI_LAST = 2019  # 平成31年 (令和 from May)
_REIWA_FIRST = 2019  # 令和1年


def minor_birth_years(today: dt.date | None = None) -> range:
    """Years of birth of people who are under 18 at some day of ``today``'s year."""
    year = (today or dt.date.today()).year
    return range(year - MINOR_AGE_LIMIT, year + 1)


def expand_birth_years(regex: str, today: dt.date | None = None) -> str:
    if "MINOR_" not in regex:
        return regex
    years = minor_birth_years(today)
    this_year = (today or dt.date.today()).year
    heisei = [y - _HEISEI_FIRST + 1 for y in years if _HEISEI_FIRST <= y <= _HEISEI_LAST]
    reiwa = [y - _REIWA_FIRST + 1 for y in years if y >= _REIWA_FIRST]
    tables = {
        "MINOR_BIRTH_YEAR": [str(y) for y in years],
        "MINOR_BIRTH_YY": [f"{y % 100:02d}" for y in years],
        "MINOR_HEISEI": [str(n) for n in heisei],
        "MINOR_REIWA": [str(n) for n in reiwa] + (["元"] if reiwa and 1 in reiwa else []),
        "MINOR_CLASS_OF": [
            str(y) for y in range(this_year + 1, this_year + 1 + SCHOOL_YEARS_AHEAD)
        ],
    }
    for name, values in tables.items():
        # Longest first: "21" must be tried before "2" inside one alternation.
        alternation = "|".join(sorted(values, key=len, reverse=True)) or "(?!)"
        regex = regex.replace(name, f"(?:{alternation})")
    return regex
