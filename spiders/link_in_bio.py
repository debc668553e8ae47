"""One hop to a link-in-bio page (profile `link_in_bio`): the account waits for it.

An account page whose links include a link-in-bio page (lit.link, linktr.ee, the demo's
/links/<name>) does not hand its items over at once: the page is fetched first, its links are
added to the account's `links` as `{"url": ..., "via": <page URL>}` and its capture to the
account's evidence, then the account and the posts read with it go on together (the account
first, as from any account page, so its minor-risk words are known before its posts' media
are fetched). A page that fails still lets them go on, without its links.

The request is handed to the engine directly rather than yielded: yielded requests pass the
depth limit, which silently drops a request past `limits.max_depth` and, with it, the account
waiting in its meta. The pending items travel in the request's meta (plain dataclasses), so a
disk or Redis queue carries them like any request.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any
from urllib.parse import urljoin, urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler.items import AccountItem
from spiders.contract import EVIDENCE_META, request_failed
from spiders.profile import Profile

# The account item and the post items waiting for the link-in-bio page(s).
PENDING_META = "mimamori_link_in_bio_pending"
# The link-in-bio URLs still to fetch, the one of this request first.
HOPS_META = "mimamori_link_in_bio_hops"
# Before media (whose requests come from the items waiting here) and other pages.
HOP_PRIORITY = 10


def link_in_bio_urls(profile: Profile, links: Sequence[Any]) -> list[str]:
    """The account's own links that are link-in-bio pages, each once, in page order."""
    found: list[str] = []
    for link in links:
        if isinstance(link, str) and link not in found and profile.link_in_bio_for(link):
            found.append(link)
    return found


def hop_request(
    items: list[Any], hops: list[str], callback: Any, errback: Any, referer: str | None
) -> Request:
    return Request(
        hops[0],
        callback=callback,
        errback=errback,
        # Two accounts of one seller may list the same page: each needs its own answer.
        dont_filter=True,
        priority=HOP_PRIORITY,
        headers={"Referer": referer} if referer else None,
        meta={PENDING_META: items, HOPS_META: hops, "allow_offsite": True},
    )


def links_on_page(profile: Profile, response: Response, via: str) -> list[dict[str, str]]:
    """The page's links as `{"url", "via"}`, absolute, http(s) only, each once."""
    service = profile.link_in_bio_for(via) or profile.link_in_bio_for(response.url)
    if service is None or not hasattr(response, "selector"):
        return []
    out: list[dict[str, str]] = []
    seen = {via, response.url}
    for href in response.selector.css(service.links).getall():
        url = urljoin(response.url, href.strip())
        if urlsplit(url).scheme not in ("http", "https") or url in seen:
            continue
        seen.add(url)
        out.append({"url": url, "via": via})
    return out


def continue_after_hop(
    meta: dict[str, Any], found: list[dict[str, str]], evidence: Sequence[str]
) -> tuple[list[Any], list[str]]:
    """Add one page's links and evidence to the waiting account; (items, hops still to do)."""
    items: list[Any] = meta[PENDING_META]
    account = items[0]
    assert isinstance(account, AccountItem)
    account.links = [*account.links, *found]
    account.evidence = [*account.evidence, *(e for e in evidence if e not in account.evidence)]
    return items, list(meta[HOPS_META][1:])


def evidence_of(meta: dict[str, Any]) -> list[str]:
    return list(meta.get(EVIDENCE_META, []))


class LinkInBioHops:
    """The spider's side: mixed into ProfileSpider (callbacks must be spider methods so a
    queued request can name them)."""

    profile: Profile
    crawler: Crawler

    def after_link_in_bio(self, items: list[Any], page_url: str) -> Iterator[Any]:
        """`items` (an account, then its posts) now, or after its link-in-bio pages."""
        hops = link_in_bio_urls(self.profile, items[0].links)
        if not hops:
            yield from items
            return
        self._hop(items, hops, page_url)

    def _hop(self, items: list[Any], hops: list[str], referer: str | None) -> None:
        request = hop_request(items, hops, self.parse_link_in_bio, self.link_in_bio_failed, referer)
        self.crawler.engine.crawl(request)

    def parse_link_in_bio(self, response: Response) -> Iterator[Any]:
        via = response.meta[HOPS_META][0]
        self.crawler.stats.inc_value("mimamori/link_in_bio_pages")
        found = links_on_page(self.profile, response, via)
        items, hops = continue_after_hop(response.meta, found, evidence_of(response.meta))
        if hops:
            self._hop(items, hops, items[0].profile_url)
            return
        yield from items

    def link_in_bio_failed(self, failure: Failure) -> Iterator[Any]:
        """Recorded like any failed page; the account goes on without that page's links."""
        self.crawler.signals.send_catch_log(request_failed, failure=failure)
        items, hops = continue_after_hop(failure.request.meta, [], [])
        if hops:
            self._hop(items, hops, items[0].profile_url)
            return
        yield from items
