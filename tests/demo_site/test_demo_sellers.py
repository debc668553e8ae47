"""Sellers behind several accounts (and decoys that are not), as served over HTTP.

Linking can only find what the pages show: these tests read the served pages, not the world
model, for the link-in-bio page, the shared payment / contact ids, the re-used pictures (PDQ
through the crawler's own hashing) and the comeback after a takedown.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from crawler.capture.media import hash_media
from crawler.demo_site import DemoSite, build_world
from crawler.demo_site import world_sellers as ws

WORLD1, WORLD3 = build_world(1), build_world(3)


@pytest.fixture(scope="module")
def day3() -> Iterator[DemoSite]:
    with DemoSite(port=0, day=3) as demo:
        yield demo


def _pdq(fetch, url: str) -> tuple[int, int]:
    got = fetch(url)
    assert got.status == 200 and got.headers["Content-Type"].startswith("image/"), url
    hashes, _ = hash_media(got.body)
    assert hashes.pdq is not None and hashes.pdq_quality is not None
    return int(hashes.pdq, 16), hashes.pdq_quality


def _distance(a: int, b: int) -> int:
    return (a ^ b).bit_count()


def _reused(world, drawing: str) -> list[str]:
    return [m.path for _, p in world.posts() for m in p.media if m.drawing == drawing]


def test_link_in_bio_page_lists_the_sellers_accounts(site: DemoSite, fetch) -> None:
    base = site.base_url
    samples = WORLD1.account("social", "hoshizora_samples")
    assert samples is not None
    assert [link.url for link in samples.links] == ["/links/hoshizora"]
    page = fetch(base + "/links/hoshizora")
    assert page.status == 200
    for platform in ("fanclub", "market"):
        acc = next(a for a in WORLD1.accounts if a.seller == "hoshizora" and a.platform == platform)
        assert f'class="lb-link" href="{base}{acc.path}"' in page.text
    assert ws.PAYPAY_HOSHIZORA in page.text and ws.EMAIL_HOSHIZORA in page.text
    assert f'href="{ws.LINK_SERVICE_HOME}"' in page.text  # the service's own footer link
    home = fetch(base + "/links/")
    assert home.status == 200 and 'class="lb-link"' not in home.text
    assert fetch(base + "/links/nobody").status == 404
    assert "Allow: /links/" in fetch(base + "/robots.txt").text


def test_shared_ids_are_on_each_sellers_pages(site: DemoSite, fetch) -> None:
    base = site.base_url
    nudify = json.loads(fetch(base + "/social/api/users/nudify_daikou").body)
    assert ws.PAYPAY_NUGASHI in nudify["bio"]
    assert ws.PAYPAY_NUGASHI in fetch(base + "/market/sellers/50026").text
    assert ws.EMAIL_KORA_K in fetch(base + "/market/sellers/50013").text
    kora = fetch(base + "/fanclub/creators/deepcollage_k")  # a Shift_JIS page
    assert ws.EMAIL_KORA_K in kora.body.decode("shift_jis")
    minato = json.loads(fetch(base + "/social/api/users/jutsushi_minato").body)["bio"]
    assert ws.DISCORD_INVITE_MINATO in minato and ws.DISCORD_USER_MINATO in minato
    assert ws.DISCORD_INVITE_MINATO in fetch(base + "/fanclub/creators/aiko_collection").text
    assert ws.DISCORD_USER_MINATO in fetch(base + "/market/sellers/50065").text
    for path in ("/fanclub/creators/ai_bijin_lab", "/market/sellers/50000"):
        assert ws.LINE_BIJIN_LAB in fetch(base + path).text
    hoshizora_ai = fetch(base + "/fanclub/creators/hoshizora_ai").text
    assert f'href="{base}/market/sellers/50156"' in hoshizora_ai  # bio -> market page
    assert ws.EMAIL_HOSHIZORA in hoshizora_ai


def test_reused_samples_are_near_duplicates_by_pdq(site: DemoSite, fetch) -> None:
    base = site.base_url
    original = "/social/media/1900000014001-1.png"
    copies = _reused(WORLD1, original)
    assert len(copies) == 2  # the fan club's and the market's re-uploads
    source, quality = _pdq(fetch, base + original)
    assert quality >= 50
    for path in copies:
        copy, copy_quality = _pdq(fetch, base + path)
        assert copy_quality >= 50
        assert 0 < _distance(source, copy) <= 31, path
    assert fetch(base + copies[0]).body != fetch(base + original).body


def test_stock_banner_is_the_same_file_on_unrelated_accounts(site: DemoSite, fetch) -> None:
    paths = _reused(WORLD1, ws.STOCK_BANNER)
    owners = {acc.seller_key for acc, p in WORLD1.posts() for m in p.media if m.path in paths}
    assert len(paths) == len(owners) == 13
    bodies = {fetch(site.base_url + path).body for path in paths}
    assert len(bodies) == 1


def test_taken_down_seller_comes_back_with_its_id_and_an_old_sample(
    site: DemoSite, day3: DemoSite, fetch
) -> None:
    assert fetch(site.base_url + "/social/api/users/nudify_daikou2").status == 404
    assert WORLD3.account("social", "nudify_daikou") is None
    comeback = json.loads(fetch(day3.base_url + "/social/api/users/nudify_daikou2").body)
    assert ws.PAYPAY_NUGASHI in comeback["bio"]
    old = "/social/media/1900000005001-1.png"
    [reupload] = _reused(WORLD3, old)
    before, _ = _pdq(fetch, site.base_url + old)  # day 1, before the takedown
    after, quality = _pdq(fetch, day3.base_url + reupload)
    assert quality >= 50 and 0 < _distance(before, after) <= 31
    change = [c for c in WORLD3.changes if c.handle == "nudify_daikou2"]
    assert [(c.day, c.kind) for c in change] == [(3, "account_added")]


def test_ground_truth_pairs_and_decoys_do_not_overlap() -> None:
    truth = WORLD3.same_seller_pairs()
    by_seller: dict[str, int] = {}
    for acc in WORLD3.accounts:
        by_seller[acc.seller_key] = by_seller.get(acc.seller_key, 0) + 1
    assert len(truth) == sum(n * (n - 1) // 2 for n in by_seller.values())
    assert by_seller["nugashi"] == 5 and by_seller["hoshizora"] == 3  # nudify_daikou is gone
    decoys = {frozenset((d.a, d.b)) for d in WORLD3.decoys}
    assert {d.kind for d in WORLD3.decoys} == {
        "handle",
        "price_list",
        "link_service_home",
        "stock_banner",
        "mention",
    }
    assert not truth & decoys
    ai_art = [a for a in WORLD3.accounts if a.handle == "ai_art"]
    assert {a.platform for a in ai_art} == {"social", "market"}
    assert ai_art[0].seller_key != ai_art[1].seller_key


def test_links_between_accounts_join_one_seller_except_the_decoy_mention() -> None:
    """Every bio link from one account's page to another's is the same seller, or a decoy."""
    by_path = {acc.path: acc for acc in WORLD1.accounts}
    decoys = {frozenset((d.a, d.b)) for d in WORLD1.decoys}
    for acc in WORLD1.accounts:
        for link in acc.links:
            other = by_path.get(link.url)
            if other is None or other is acc:
                continue
            pair = frozenset(((acc.platform, acc.account_id), (other.platform, other.account_id)))
            assert acc.seller_key == other.seller_key or pair in decoys, (acc.handle, link.url)
