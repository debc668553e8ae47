"""The identifier memo the store process warms while a crawl runs (crawler/link/sources.py):
the same identifiers as extracting afresh, and nothing stale when the platform names change."""

from __future__ import annotations

from crawler.link.identifiers import extract_identifiers, platform_names
from crawler.link.sources import IdentifierMemo

TEXT = "新しい店はShopFan: @mikan_art です。連絡は mikan@example.test まで"


def test_off_it_extracts_every_time() -> None:
    memo = IdentifierMemo()
    names = platform_names([("shopfan", "ShopFan")])
    first = memo.extract(TEXT, names)
    assert first == extract_identifiers(TEXT, names)
    assert memo.extract(TEXT, names) is not first


def test_on_it_remembers_and_forgets_when_the_platform_names_change() -> None:
    memo = IdentifierMemo()
    memo.enabled = True
    known = platform_names([("shopfan", "ShopFan")])
    found = memo.extract(TEXT, known)
    assert found == extract_identifiers(TEXT, known)
    assert {f.value_kind for f in found} == {"email", "handle_mention"}
    assert memo.extract(TEXT, known) is found
    # Without the platform the @handle names no shop: a stale answer would keep it.
    unknown = platform_names()
    assert {f.value_kind for f in memo.extract(TEXT, unknown)} == {"email"}
    assert memo.extract(None, known) == []
