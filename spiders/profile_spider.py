"""The one generic spider: a site profile says what to follow and what to extract.

It turns pages into items and links, nothing else. Capture, rendering, media and the
recording of problems belong to the crawl engine; the spider asks for them through
spiders.contract (docs/architecture.md, "Crawl engine").
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

from parsel import Selector
from scrapy import Request, Spider
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler.items import AccountItem, PlanData, PostItem
from spiders.account_tally import AccountTally
from spiders.api_json import ReceivedBodies, reads_received_json
from spiders.contract import (
    EVIDENCE_META,
    RENDER_META,
    RENDERED_META,
    RULE_META,
    LoadMorePlan,
    RenderPlan,
    ScrollPlan,
    page_problem,
    request_failed,
)
from spiders.dates import parse_posted_at
from spiders.extract import extract_block, extract_field, extract_many, repeated_blocks
from spiders.link_in_bio import LinkInBioHops
from spiders.links_out import links_out, url_groups
from spiders.prices import parse_price
from spiders.profile import LinkRule, Profile
from spiders.requests_plan import CARRY_META, carried_values, request_parts, request_spec_for
from spiders.search import search_urls


class ProfileSpider(LinkInBioHops, Spider):
    name = "mimamori"

    def __init__(self, profile: Profile, **kwargs: Any) -> None:
        super().__init__(name=f"mimamori-{profile.name}", **kwargs)
        self.profile = profile
        self.allowed_domains = list(profile.allowed_domains)
        self.reads_received_json = reads_received_json(profile)
        self.zone = ZoneInfo(profile.timezone)
        self._accounts: AccountTally | None = None

    @property
    def accounts(self) -> AccountTally:
        """Accounts extracted so far (needs the crawler's stats, which come after __init__)."""
        if self._accounts is None:
            self._accounts = AccountTally(self.crawler.stats)
        return self._accounts

    # -- requests ---------------------------------------------------------------
    async def start(self) -> AsyncIterator[Request]:
        for url in [*self.profile.start_urls, *search_urls(self.profile.search)]:
            # Through the duplicate filter like any link (Scrapy's default start requests
            # bypass it): a list page that links to itself is fetched once, not twice.
            yield self.page_request(url)

    def page_request(
        self,
        url: str,
        *,
        referer: str | None = None,
        carried: dict[str, str] | None = None,
        extra_headers: dict[str, str] | None = None,
    ) -> Request:
        """A request for a page, with the headers and cookies its rule and the profile ask for
        (spiders/requests_plan.py) and the values carried from the pages before it."""
        rule = self.profile.rule_for(url)
        carried = carried or {}
        meta: dict[str, Any] = {
            RULE_META: self.profile.links.index(rule) if rule else None,
            CARRY_META: carried,
        }
        if self.profile.needs_browser(rule):
            meta[RENDER_META] = self._render_plan(rule)
        parts = request_parts(
            request_spec_for(self.profile, rule),
            carried=carried,
            referer=referer,
            extra_headers=extra_headers,
        )
        if parts.missing:
            self._missing_values(url, parts.missing, carried)
        return Request(
            url,
            callback=self.parse_page,
            errback=self.on_error,
            meta=meta,
            headers=parts.headers or None,
            cookies=parts.cookies or None,
        )

    def _missing_values(self, url: str, names: Sequence[str], carried: Any = None) -> None:
        wanted, known = ", ".join(f"{{{n}}}" for n in names), ", ".join(sorted(carried or {}))
        why = "is the name spelled as in `carry:`, and does its selector still match?"
        self._problem(url, "missing_value", f"no value for {wanted} (carried: {known}): {why}")

    def _render_plan(self, rule: LinkRule | None) -> RenderPlan:
        """What the browser must wait for and scroll before the page is worth parsing."""
        scroll = self.profile.scroll
        load_more = self.profile.load_more_for(rule)
        return RenderPlan(
            wait_until=self.profile.browser.wait_until,
            allowed_hosts=tuple(self.allowed_domains),
            wait_for=rule.wait_for if rule is not None else None,
            scroll=(
                ScrollPlan(scroll.item_selector, scroll.max_scrolls, scroll.wait_ms)
                if scroll is not None and rule is not None and rule.kind == "account"
                else None
            ),
            load_more=(
                LoadMorePlan(
                    load_more.selector,
                    load_more.max_clicks,
                    load_more.wait_ms,
                    load_more.max_seconds,
                )
                if load_more is not None
                else None
            ),
            wait_timeout_s=self.profile.limits.page_timeout_s,
            received_json=self.reads_received_json,
        )

    def _problem(self, url: str, kind: str, message: str) -> None:
        """A page this spider could not turn into items; the engine records it."""
        self.crawler.signals.send_catch_log(page_problem, url=url, kind=kind, message=message)

    # -- parsing ------------------------------------------------------------------
    def _rule_of(self, response: Response) -> LinkRule | None:
        rule_index = response.meta.get(RULE_META)
        if rule_index is not None:
            return self.profile.links[rule_index]
        return self.profile.rule_for(response.url)

    def parse_page(self, response: Response) -> Iterator[Any]:
        """Static and rendered pages. A plain generator: async callbacks cost Scrapy ~100
        tasks per page. A rendered page's body is the DOM the browser showed."""
        rule = self._rule_of(response)
        evidence: list[str] = list(response.meta.get(EVIDENCE_META, []))
        data = None
        sel: Selector | None = None
        if rule is not None and rule.is_json and not response.meta.get(RENDERED_META):
            try:
                data = json.loads(response.text)
            except (ValueError, AttributeError) as exc:
                self._problem(response.url, "bad_json", str(exc))
                return
        elif not hasattr(response, "selector"):
            self._problem(
                response.url,
                "not_text",
                f"not an HTML page ({response.headers.get('Content-Type')!r})",
            )
            return
        else:
            sel = response.selector
        responses = ReceivedBodies.of_response(
            response.meta, lambda kind, message: self._problem(response.url, kind, message)
        )
        yield from self._extract(
            rule,
            response.url,
            sel,
            data,
            evidence,
            response.meta.get(CARRY_META) or {},
            responses=responses,
        )

    def _extract(
        self,
        rule: LinkRule | None,
        url: str,
        sel: Selector | None,
        data: Any,
        evidence: list[str],
        inherited: dict[str, str] | None = None,
        *,
        responses: ReceivedBodies | None = None,
    ) -> Iterator[Any]:
        self.crawler.stats.inc_value("mimamori/pages")
        groups = url_groups(rule, url)
        if rule is not None and rule.kind == "account":
            yield from self._account_items(url, sel, data, groups, evidence, responses=responses)
            if self.profile.post_list is not None and self.profile.post_list.response:
                # A client-rendered account page whose posts came from its own API calls.
                yield from self._post_list_items(
                    url, sel, data, groups, evidence, responses=responses
                )
        elif rule is not None and rule.kind == "post":
            yield from self._post_items(rule, url, sel, data, groups, evidence, responses=responses)
        elif rule is not None and rule.kind == "posts":
            yield from self._post_list_items(url, sel, data, groups, evidence, responses=responses)
        carried = carried_values(
            rule, inherited or {}, page_url=url, sel=sel, data=data, url_groups=groups
        )
        yield from self._requests_out(rule, url, sel, data, groups, carried)

    def _now(self) -> datetime:
        return datetime.now(UTC)

    def _account_items(
        self,
        url: str,
        sel: Selector | None,
        data: Any,
        groups: dict[str, str],
        evidence: list[str],
        responses: ReceivedBodies | None = None,
    ) -> Iterator[Any]:
        spec = self.profile.account
        assert spec is not None
        kw = {
            "page_url": url,
            "sel": sel,
            "data": data,
            "url_groups": groups,
            "responses": responses,
        }
        handle = extract_field(spec.handle, **kw)
        key = extract_field(spec.key, **kw) if spec.key else handle
        if spec.handle is None:
            # `account:` without `handle`: the handle is the key.
            handle = key
        if not key:
            self.crawler.stats.inc_value("mimamori/account_pages_without_key")
            self._problem(
                url,
                "extract_failed",
                "account page without a handle/key: do the profile's selectors still match?",
            )
            return
        plans = []
        if spec.plans is not None:
            for block in repeated_blocks(spec.plans, sel=sel, data=data, responses=responses):
                fields = extract_block(
                    spec.plans, block, page_url=url, url_groups=groups, responses=responses
                )
                if not fields.get("name"):
                    continue
                price, currency = parse_price(fields.get("price"))
                plans.append(
                    PlanData(
                        name=str(fields["name"]),
                        price=price,
                        currency=currency,
                        price_text=fields.get("price"),
                        description=fields.get("description"),
                    )
                )
        account = AccountItem(
            platform=self.profile.platform,
            account_key=str(key),
            profile_url=url,
            seen_at=self._now(),
            handle=handle,
            display_name=extract_field(spec.display_name, **kw),
            bio=extract_field(spec.bio, **kw),
            links=extract_many(spec.links, **kw),
            avatar_url=extract_field(spec.avatar, **kw),
            plans=plans,
            evidence=list(evidence),
        )
        self.accounts.account_page(account.account_key)
        items: list[AccountItem | PostItem] = [account]
        if spec.posts is not None:
            for block in repeated_blocks(spec.posts, sel=sel, data=data, responses=responses):
                fields = extract_block(
                    spec.posts, block, page_url=url, url_groups=groups, responses=responses
                )
                post = self._post_from_fields(
                    fields, account.account_key, handle, url, url, evidence
                )
                if post is not None:
                    items.append(post)
        yield from self.after_link_in_bio(items, url)

    def _post_items(
        self,
        rule: LinkRule,
        url: str,
        sel: Selector | None,
        data: Any,
        groups: dict[str, str],
        evidence: list[str],
        responses: ReceivedBodies | None = None,
    ) -> Iterator[Any]:
        spec = self.profile.post
        assert spec is not None
        kw = {
            "page_url": url,
            "sel": sel,
            "data": data,
            "url_groups": groups,
            "responses": responses,
        }
        account_key = extract_field(spec.account_key, **kw)
        if not account_key:
            self._problem(
                url,
                "extract_failed",
                "post page without its account: check the profile's post.account_key",
            )
            return
        fields = {
            "key": extract_field(spec.key, **kw) if spec.key else None,
            "url": url,
            "title": extract_field(spec.title, **kw),
            "text": extract_field(spec.text, **kw),
            "posted_at": extract_field(spec.posted_at, **kw),
            "price": extract_field(spec.price, **kw),
            "media": extract_many(spec.media, **kw),
        }
        extra = extract_many(spec.extra_text, **kw)
        if extra:
            fields["text"] = "\n".join([fields["text"] or "", *extra]).strip()
        fields["account_display_name"] = extract_field(spec.account_display_name, **kw)
        post = self._post_from_fields(
            fields,
            str(account_key),
            extract_field(spec.account_handle, **kw),
            extract_field(spec.account_url, **kw),
            url,
            evidence,
        )
        if post is not None:
            yield post

    def _post_list_items(
        self,
        url: str,
        sel: Selector | None,
        data: Any,
        groups: dict[str, str],
        evidence: list[str],
        responses: ReceivedBodies | None = None,
    ) -> Iterator[Any]:
        spec = self.profile.post_list
        assert spec is not None
        for block in repeated_blocks(spec, sel=sel, data=data, responses=responses):
            fields = extract_block(
                spec, block, page_url=url, url_groups=groups, responses=responses
            )
            account_key = fields.get("account_key")
            if not account_key:
                continue
            post = self._post_from_fields(
                fields,
                str(account_key),
                fields.get("account_handle"),
                fields.get("account_url"),
                url,
                evidence,
            )
            if post is not None:
                yield post

    def _post_from_fields(
        self,
        fields: dict[str, Any],
        account_key: str,
        handle: str | None,
        account_url: str | None,
        page_url: str,
        evidence: list[str],
    ) -> PostItem | None:
        post_url = fields.get("url")
        key = fields.get("key") or post_url
        if not key:
            return None
        price, currency = parse_price(fields.get("price"))
        media = fields.get("media") or []
        if isinstance(media, str):
            media = [media]
        self.crawler.stats.inc_value("mimamori/posts")
        self.accounts.named_by_post(account_key)
        return PostItem(
            platform=self.profile.platform,
            account_key=account_key,
            post_key=str(key),
            seen_at=self._now(),
            url=urljoin(page_url, post_url) if post_url else None,
            account_handle=handle,
            account_url=urljoin(page_url, account_url) if account_url else None,
            account_display_name=fields.get("account_display_name"),
            title=fields.get("title"),
            text=fields.get("text"),
            price=price,
            currency=currency,
            price_text=fields.get("price"),
            posted_at_text=fields.get("posted_at"),
            posted_at=parse_posted_at(fields.get("posted_at"), self.zone),
            fee_text=fields.get("fee"),
            media_urls=[urljoin(page_url, m) for m in media],
            evidence=list(evidence),
        )

    # -- links ----------------------------------------------------------------------
    def _requests_out(
        self,
        rule: LinkRule | None,
        url: str,
        sel: Selector | None,
        data: Any,
        groups: dict[str, str],
        carried: dict[str, str],
    ) -> Iterator[Request]:
        """Links, `json_links` and `requests:` (spiders/links_out.py), carrying the values."""
        for planned in links_out(
            self.profile, rule, page_url=url, sel=sel, data=data, url_groups=groups, carried=carried
        ):
            if planned.url is None:
                self._missing_values(url, planned.missing, carried)
                continue
            yield self.page_request(
                planned.url, referer=url, carried=carried, extra_headers=planned.headers
            )

    # -- errors -----------------------------------------------------------------------
    async def on_error(self, failure: Failure) -> None:
        # scrapy-playwright: a page taken with playwright_include_page must be closed on every
        # path. The engine closes it first; this catches any page a failure left behind.
        page = failure.request.meta.pop("playwright_page", None)
        if page is not None:
            await page.close()
        self.crawler.signals.send_catch_log(request_failed, failure=failure)
