"""The one generic spider: a site profile says what to follow and what to extract."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import re
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from parsel import Selector
from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.capture import browser
from crawler.capture.media import MediaError, blurred_thumbnail, hash_media
from crawler.items import AccountItem, MediaItem, PlanData, PostItem
from crawler.middlewares.address_guard import PrivateAddressRefused
from crawler.middlewares.evidence import EVIDENCE_META
from crawler.middlewares.redirect_loop import RedirectLoop
from crawler.runtime import CrawlContext
from crawler.settings import browser_context_kwargs
from spiders.extract import extract_block, extract_field, extract_many, repeated_blocks
from spiders.prices import parse_price
from spiders.profile import LinkRule, Profile

logger = logging.getLogger(__name__)

MEDIA_PRIORITY = -10
# Long-lived browser contexts grow in memory (design.md): start a fresh one every N pages
# and close the old one once its last page is done.
BROWSER_PAGES_PER_CONTEXT = 200
# Browser resources whose bodies are never written to the WARC (media: safety rules).
_MEDIA_RESOURCE_TYPES = {"image", "media"}
_SKIPPED_RESOURCE_TYPES = {"font", "websocket", "eventsource", "manifest"}


def classify_failure(failure: Failure) -> tuple[str, str]:
    """(kind, message) for a failed request, in words an operator can act on."""
    exc = failure.value
    name = type(exc).__name__
    message = str(exc) or name
    if isinstance(exc, HttpError):
        return f"http_{exc.response.status}", f"HTTP {exc.response.status} for {exc.response.url}"
    if isinstance(exc, PrivateAddressRefused):
        return "private_address_refused", message
    if isinstance(exc, RedirectLoop):
        return "redirect_loop", message
    if isinstance(exc, IgnoreRequest):
        if "max redirections" in message:
            return "redirect_loop", "too many redirects (a redirect loop?)"
        if "robots.txt" in message.lower():
            return "robots_forbidden", "forbidden by robots.txt"
        if "offsite" in message.lower():
            return "offsite", message
        return "ignored", message
    if name == "DownloadCancelledError" or "max size" in message:
        return "too_large", message
    if name in ("DownloadTimeoutError", "TimeoutError", "TCPTimedOutError") or "Timeout" in message:
        return "timeout", message
    if name in ("DownloadConnectionRefusedError", "ConnectionRefusedError"):
        return "connection_refused", message
    if name == "CannotResolveHostError" or "DNS" in name:
        return "dns", message
    return name.lower(), message


class ProfileSpider(Spider):
    name = "mimamori"

    def __init__(self, profile: Profile, context: CrawlContext, **kwargs: Any) -> None:
        super().__init__(name=f"mimamori-{profile.name}", **kwargs)
        self.profile = profile
        self.context = context
        self.allowed_domains = list(profile.allowed_domains)
        self._page_traffic: dict[Any, dict[str, Any]] = {}
        self._browser_requests = 0
        self._open_per_context: dict[str, int] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> ProfileSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        return spider  # type: ignore[return-value]

    # -- requests ---------------------------------------------------------------
    async def start(self) -> AsyncIterator[Request]:
        for url in self.profile.start_urls:
            yield self.page_request(url, start=True)

    def page_request(self, url: str, *, start: bool = False) -> Request:
        rule = self.profile.rule_for(url)
        meta: dict[str, Any] = {"mimamori_rule": self.profile.links.index(rule) if rule else None}
        if self.profile.needs_browser(rule):
            context_name = self._current_context()
            self._browser_requests += 1
            self._open_per_context[context_name] = self._open_per_context.get(context_name, 0) + 1
            meta.update(
                {
                    "playwright": True,
                    "playwright_context": context_name,
                    "playwright_context_kwargs": browser_context_kwargs(self.profile),
                    "playwright_include_page": True,
                    "playwright_page_event_handlers": {"response": "on_browser_response"},
                    "playwright_page_init_callback": "crawler.capture.browser.guard_page",
                    "playwright_page_goto_kwargs": {"wait_until": self.profile.browser.wait_until},
                    "mimamori_allowed_hosts": list(self.allowed_domains),
                }
            )
        return Request(
            url,
            callback=self.parse_browser_page if meta.get("playwright") else self.parse_page,
            errback=self.on_error,
            meta=meta,
            dont_filter=start,
        )

    def _current_context(self) -> str:
        return f"mimamori-{self._browser_requests // BROWSER_PAGES_PER_CONTEXT}"

    async def _close_page(self, page: Any, context_name: str | None) -> None:
        """Close a page, and its browser context once it is retired and has no pages left."""
        self._page_traffic.pop(page, None)
        context = page.context
        await page.close()
        if context_name is None:
            return
        left = self._open_per_context.get(context_name, 1) - 1
        self._open_per_context[context_name] = left
        if left <= 0 and context_name != self._current_context():
            self._open_per_context.pop(context_name, None)
            await context.close()
            self.crawler.stats.inc_value("mimamori/browser_contexts_rotated")

    # -- browser traffic ----------------------------------------------------------
    def on_browser_response(self, pw_response: Any) -> None:
        """Playwright 'response' event: record the exchange once its body is available."""
        try:
            page = pw_response.frame.page
        except Exception:
            return
        state = self._page_traffic.setdefault(page, {"tasks": [], "records": [], "main": None})
        state["tasks"].append(
            asyncio.ensure_future(self._record_browser_response(pw_response, state))
        )

    async def _record_browser_response(self, pw_response: Any, state: dict[str, Any]) -> None:
        request = pw_response.request
        resource_type = request.resource_type
        if resource_type in _SKIPPED_RESOURCE_TYPES:
            return
        try:
            status = pw_response.status
            headers = await pw_response.headers_array()
            request_headers = await request.headers_array()
            try:
                server = await pw_response.server_addr()
            except Exception:
                server = None
            body = b""
            if not (300 <= status < 400):
                try:
                    body = await pw_response.body()
                except Exception:
                    body = b""
        except Exception as exc:
            logger.debug("could not read browser response %s: %s", pw_response.url, exc)
            return
        pairs = [(h["name"], h["value"]) for h in headers]
        if resource_type in _MEDIA_RESOURCE_TYPES:
            record_id = self.context.record_media_fetch(
                url=pw_response.url,
                status=status,
                fields={
                    "status": str(status),
                    "content-type": next((v for k, v in pairs if k.lower() == "content-type"), ""),
                    "sha256": hashlib.sha256(body).hexdigest(),
                    "size": str(len(body)),
                    "note": "media payload deliberately not archived (mimamori safety policy)",
                },
                body_sha256=hashlib.sha256(body).hexdigest(),
                size=len(body),
            )
        else:
            # Chromium hands us the decoded body: don't claim an encoding it no longer has.
            pairs = [
                (k, v) for k, v in pairs if k.lower() not in ("content-encoding", "content-length")
            ]
            pairs.append(("Content-Length", str(len(body))))
            record_id = self.context.record_exchange(
                url=pw_response.url,
                final_url=pw_response.url,
                method=request.method,
                request_headers=[(h["name"], h["value"]) for h in request_headers],
                request_body=(request.post_data_buffer or b""),
                status=status,
                response_headers=pairs,
                body=body,
                ip_address=(server or {}).get("ipAddress"),
                via_browser=True,
            )
        state["records"].append(record_id)
        if (
            request.is_navigation_request()
            and pw_response.frame.parent_frame is None
            and not (300 <= status < 400)
        ):
            state["main"] = record_id

    async def _drain_traffic(self, page: Any) -> dict[str, Any]:
        state = self._page_traffic.get(page, {"tasks": [], "records": [], "main": None})
        while True:
            pending = [t for t in state["tasks"] if not t.done()]
            if not pending:
                break
            await asyncio.gather(*pending, return_exceptions=True)
        return state

    # -- parsing ------------------------------------------------------------------
    def _rule_of(self, response: Response) -> LinkRule | None:
        rule_index = response.meta.get("mimamori_rule")
        if rule_index is not None:
            return self.profile.links[rule_index]
        return self.profile.rule_for(response.url)

    def parse_page(self, response: Response) -> Iterator[Any]:
        """Static pages. A plain generator: async callbacks cost Scrapy ~100 tasks per page."""
        rule = self._rule_of(response)
        evidence: list[str] = list(response.meta.get(EVIDENCE_META, []))
        data = None
        sel: Selector | None = None
        if rule is not None and rule.is_json:
            try:
                data = json.loads(response.text)
            except (ValueError, AttributeError) as exc:
                self.context.record_error(url=response.url, kind="bad_json", message=str(exc))
                return
        elif not hasattr(response, "selector"):
            self.context.record_error(
                url=response.url,
                kind="not_text",
                message=f"not an HTML page ({response.headers.get('Content-Type')!r})",
            )
            return
        else:
            sel = response.selector
        yield from self._extract(rule, response.url, sel, data, evidence)

    async def parse_browser_page(self, response: Response) -> AsyncIterator[Any]:
        """Browser pages: scroll, capture DOM and a blurred screenshot, then extract from the DOM."""
        rule = self._rule_of(response)
        evidence: list[str] = list(response.meta.get(EVIDENCE_META, []))
        page = response.meta.pop("playwright_page", None)
        if page is None:
            for item in self.parse_page(response):
                yield item
            return
        try:
            html, extra_evidence = await self._render(page, response, rule)
        finally:
            await self._close_page(page, response.meta.get("playwright_context"))
        evidence.extend(extra_evidence)
        for item in self._extract(rule, response.url, Selector(text=html), None, evidence):
            yield item

    def _extract(
        self, rule: LinkRule | None, url: str, sel: Selector | None, data: Any, evidence: list[str]
    ) -> Iterator[Any]:
        self.crawler.stats.inc_value("mimamori/pages")
        groups = _url_groups(rule, url)
        if rule is not None and rule.kind == "account":
            yield from self._account_items(url, sel, data, groups, evidence)
        elif rule is not None and rule.kind == "post":
            yield from self._post_items(rule, url, sel, data, groups, evidence)
        elif rule is not None and rule.kind == "posts":
            yield from self._post_list_items(url, sel, data, groups, evidence)
        if rule is None or rule.follow:
            yield from self._follow(rule, url, sel, data)

    async def _render(
        self, page: Any, response: Response, rule: LinkRule | None
    ) -> tuple[str, list[str]]:
        """Scroll, screenshot with media blurred, and keep the rendered DOM; returns (DOM, record ids)."""
        if rule is not None and rule.wait_for:
            try:
                await page.wait_for_selector(rule.wait_for, timeout=10_000)
            except Exception:
                self.context.record_error(
                    url=response.url,
                    kind="render_timeout",
                    message=f"{rule.wait_for!r} did not appear within 10 s",
                )
        if rule is not None and rule.kind == "account" and self.profile.scroll is not None:
            spec = self.profile.scroll
            try:
                await page.wait_for_selector(spec.item_selector, timeout=5000)
            except Exception:
                logger.info("no %s on %s before scrolling", spec.item_selector, response.url)
            await browser.scroll_until_stable(
                page, spec.item_selector, spec.max_scrolls, spec.wait_ms
            )
        if self.profile.browser.wait_until == "networkidle":
            await page.wait_for_load_state("networkidle")
        html = await page.content()
        text = await page.inner_text("body") if await page.locator("body").count() else ""
        minor = bool(self.context.detector.classify_text(text[:200_000]).minor_risk)
        if minor:
            self.crawler.stats.inc_value("mimamori/minor_risk_pages")
        records: list[str] = []
        traffic = await self._drain_traffic(page)
        main = traffic["main"]
        records.extend(traffic["records"])
        dom_id = self.context.record_resource(
            kind="dom",
            uri=f"urn:mimamori:dom:{response.url}",
            page_url=response.url,
            content_type="text/html; charset=utf-8",
            data=html.encode("utf-8"),
            concurrent_to=main,
        )
        records.append(dom_id)
        options = self.profile.screenshots
        if options.enabled:
            png = await browser.screenshot(
                page, hide_media=minor, blur_media=options.blur_media or minor
            )
            shot_id = self.context.record_resource(
                kind="screenshot",
                uri=f"urn:mimamori:screenshot:{response.url}",
                page_url=response.url,
                content_type="image/png",
                data=png,
                concurrent_to=main,
                keep_blob=True,
            )
            records.append(shot_id)
            self.crawler.stats.inc_value("mimamori/screenshots")
        # Anything the page fetched while we scrolled or captured.
        traffic = await self._drain_traffic(page)
        records.extend(r for r in traffic["records"] if r not in records)
        return html, records

    def _now(self) -> datetime:
        return datetime.now(UTC)

    def _account_items(
        self, url: str, sel: Selector | None, data: Any, groups: dict[str, str], evidence: list[str]
    ) -> Iterator[Any]:
        spec = self.profile.account
        assert spec is not None
        kw = {"page_url": url, "sel": sel, "data": data, "url_groups": groups}
        handle = extract_field(spec.handle, **kw)
        key = extract_field(spec.key, **kw) if spec.key else handle
        if not key:
            self.crawler.stats.inc_value("mimamori/account_pages_without_key")
            self.context.record_error(
                url=url,
                kind="extract_failed",
                message="account page without a handle/key: do the profile's selectors still match?",
            )
            return
        plans = []
        if spec.plans is not None:
            for block in repeated_blocks(spec.plans, sel=sel, data=data):
                fields = extract_block(spec.plans, block, page_url=url, url_groups=groups)
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
        self.crawler.stats.inc_value("mimamori/accounts")
        # Media of an account whose own page implies minors keep no thumbnail.
        if (
            self.profile.media.fetch
            and self.context.detector.classify_text(account.detection_text()).minor_risk
        ):
            self.context.account_minor[account.account_key] = True
        yield account
        if spec.posts is not None:
            for block in repeated_blocks(spec.posts, sel=sel, data=data):
                fields = extract_block(spec.posts, block, page_url=url, url_groups=groups)
                post = self._post_from_fields(
                    fields, account.account_key, handle, url, url, evidence
                )
                if post is not None:
                    yield post
                    yield from self._media_requests(post)

    def _post_items(
        self,
        rule: LinkRule,
        url: str,
        sel: Selector | None,
        data: Any,
        groups: dict[str, str],
        evidence: list[str],
    ) -> Iterator[Any]:
        spec = self.profile.post
        assert spec is not None
        kw = {"page_url": url, "sel": sel, "data": data, "url_groups": groups}
        account_key = extract_field(spec.account_key, **kw)
        if not account_key:
            self.context.record_error(
                url=url,
                kind="extract_failed",
                message="post page without its account: check the profile's post.account_key",
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
            yield from self._media_requests(post)

    def _post_list_items(
        self, url: str, sel: Selector | None, data: Any, groups: dict[str, str], evidence: list[str]
    ) -> Iterator[Any]:
        spec = self.profile.post_list
        assert spec is not None
        for block in repeated_blocks(spec, sel=sel, data=data):
            fields = extract_block(spec, block, page_url=url, url_groups=groups)
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
                yield from self._media_requests(post)

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
        return PostItem(
            platform=self.profile.platform,
            account_key=account_key,
            post_key=str(key),
            seen_at=self._now(),
            url=urljoin(page_url, post_url) if post_url else None,
            account_handle=handle,
            account_url=account_url,
            title=fields.get("title"),
            text=fields.get("text"),
            price=price,
            currency=currency,
            price_text=fields.get("price"),
            posted_at_text=fields.get("posted_at"),
            media_urls=[urljoin(page_url, m) for m in media],
            evidence=list(evidence),
        )

    # -- media --------------------------------------------------------------------
    def _media_requests(self, post: PostItem) -> Iterator[Request]:
        if not self.profile.media.fetch:
            return
        for media_url in post.media_urls:
            if urlsplit(media_url).scheme not in ("http", "https"):
                continue
            known = self.context.known_media.get(media_url)
            if known is not None:
                yield self._known_media_item(post, media_url, known)
                continue
            yield Request(
                media_url,
                callback=self.parse_media,
                errback=self.on_media_error,
                priority=MEDIA_PRIORITY,
                meta={
                    "mimamori_media": True,
                    "mimamori_post": (post.account_key, post.post_key),
                    "mimamori_post_text": post.detection_text()[:20_000],
                },
            )

    def _known_media_item(self, post: PostItem, url: str, known: dict[str, Any]) -> MediaItem:
        item = MediaItem(
            platform=self.profile.platform,
            account_key=post.account_key,
            post_key=post.post_key,
            url=url,
            fetched_at=self._now(),
            sha256=known["sha256"],
            pdq=known["pdq"],
            pdq_quality=known["pdq_quality"],
            width=known["width"],
            height=known["height"],
            size=known["size"],
            content_type=known["content_type"],
        )
        if self._minor_risk(post.account_key, post.detection_text()):
            item.withheld_reason = "minor_risk"
        else:
            item.known_thumb_blob = known["thumb_blob"]
        self.crawler.stats.inc_value("mimamori/media_already_hashed")
        return item

    def parse_media(self, response: Response) -> Iterator[MediaItem]:
        account_key, post_key = response.meta["mimamori_post"]
        body = response.body
        sha = hashlib.sha256(body).hexdigest()
        content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
        item = MediaItem(
            platform=self.profile.platform,
            account_key=account_key,
            post_key=post_key,
            url=response.url,
            fetched_at=self._now(),
            sha256=sha,
            size=len(body),
            content_type=content_type or None,
        )
        minor = self._minor_risk(account_key, response.meta.get("mimamori_post_text", ""))
        try:
            hashes, image = hash_media(body)
        except MediaError as exc:
            item.error = str(exc)
            image = None
        else:
            item.pdq = hashes.pdq
            item.pdq_quality = hashes.pdq_quality
            item.width = hashes.width
            item.height = hashes.height
        if minor:
            item.withheld_reason = "minor_risk"
        elif image is not None:
            item.thumbnail = blurred_thumbnail(image)
            if self.profile.media.keep_originals:
                item.original = body
        fields = {
            "status": str(response.status),
            "content-type": content_type,
            "sha256": sha,
            "size": str(len(body)),
            "pdq": item.pdq or "",
            "note": "media payload deliberately not archived (mimamori safety policy)",
        }
        item.evidence = [
            self.context.record_media_fetch(
                url=response.url,
                status=response.status,
                fields=fields,
                body_sha256=sha,
                size=len(body),
            )
        ]
        yield item

    def _minor_risk(self, account_key: str, text: str) -> bool:
        if self.context.account_minor.get(account_key):
            return True
        return bool(text) and bool(self.context.detector.classify_text(text).minor_risk)

    async def on_media_error(self, failure: Failure) -> None:
        kind, message = classify_failure(failure)
        self.context.record_error(url=failure.request.url, kind=f"media_{kind}", message=message)

    # -- links ----------------------------------------------------------------------
    def _follow(
        self, rule: LinkRule | None, url: str, sel: Selector | None, data: Any
    ) -> Iterator[Request]:
        candidates: list[str] = []
        if sel is not None:
            candidates = [urljoin(url, href.strip()) for href in sel.css("a::attr(href)").getall()]
        if data is not None and rule is not None and rule.json_links is not None:
            values = extract_many(rule.json_links, page_url=url, data=data)
            template = rule.json_link_template or "{value}"
            candidates.extend(urljoin(url, template.format(value=v)) for v in values)
        seen: set[str] = set()
        for link in candidates:
            link = link.split("#", 1)[0]
            if link in seen or urlsplit(link).scheme not in ("http", "https"):
                continue
            seen.add(link)
            if self.profile.rule_for(link) is None:
                continue
            yield self.page_request(link)

    # -- errors -----------------------------------------------------------------------
    async def on_error(self, failure: Failure) -> None:
        page = failure.request.meta.pop("playwright_page", None)
        if page is not None:
            await self._close_page(page, failure.request.meta.get("playwright_context"))
        kind, message = classify_failure(failure)
        self.crawler.stats.inc_value(f"mimamori/errors/{kind}")
        self.context.record_error(url=failure.request.url, kind=kind, message=message)


def _url_groups(rule: LinkRule | None, url: str) -> dict[str, str]:
    if rule is None:
        return {}
    parts = urlsplit(url)
    match = re.search(rule.pattern, parts.path + ("?" + parts.query if parts.query else ""))
    return {k: v for k, v in (match.groupdict() if match else {}).items() if v is not None}
