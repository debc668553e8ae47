"""The blurred page screenshots as numbered exhibits, in report order.

Exhibit numbers run through the whole report (Exhibit 1, 2, … across accounts) so a
letter can cite one without naming its account. Only screenshots the bundle carries are
exhibits: captures withheld because an item may involve a minor have none (docs/
architecture.md, "Safety").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from storage.export.records import screenshot_path
from storage.export.timefmt import when_en, when_ja


@dataclass(frozen=True)
class Exhibit:
    number: int
    path: str  # inside the bundle, e.g. screenshots/<sha256>.png
    sha256: str
    url: str
    capture_id: int
    when_ja: str
    when_en: str


def number_exhibits(
    account_ids: Sequence[int],
    captures_by_account: Mapping[int, list[int]],
    screenshots: Mapping[int, str],
    pages: Mapping[int, tuple[str, datetime | None]],
) -> dict[int, list[Exhibit]]:
    """Account id -> its exhibits; one per distinct screenshot of the account."""
    out: dict[int, list[Exhibit]] = {}
    number = 0
    for account_id in account_ids:
        seen: set[str] = set()
        mine: list[Exhibit] = []
        for capture_id in captures_by_account.get(account_id, []):
            sha = screenshots.get(capture_id)
            if sha is None or sha in seen:
                continue
            seen.add(sha)
            number += 1
            url, at = pages.get(capture_id, ("", None))
            mine.append(
                Exhibit(
                    number, screenshot_path(sha), sha, url, capture_id, when_ja(at), when_en(at)
                )
            )
        out[account_id] = mine
    return out
