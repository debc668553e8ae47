"""What the spider and the crawl engine tell each other (docs/architecture.md, "Crawl engine").

The spider turns pages into items and links and nothing else. When a page needs
something only the engine does (rendering in a browser, a screenshot, media
fetching), the spider says so here, in request meta or item fields; the engine's
middlewares do it and hand back the record ids of the evidence in `EVIDENCE_META`.
Problems the spider finds are sent as signals, which the engine records.
"""

from __future__ import annotations

from dataclasses import dataclass

# Record ids of the evidence behind a response, appended by the engine as it captures.
EVIDENCE_META = "mimamori_evidence"
# The record id of the plain HTTP exchange of a response.
RECORD_ID_META = "mimamori_record_id"
# A `RenderPlan`: the spider wants the page rendered in a browser before it parses it.
RENDER_META = "mimamori_render"
# Set by the engine on a response whose body is the DOM as the browser rendered it.
RENDERED_META = "mimamori_rendered"
# Index of the profile link rule a request was made for.
RULE_META = "mimamori_rule"
# Set by the engine on a rendered page's response: the JSON bodies the browser received
# while rendering it, as a tuple of `ReceivedJson` (capped by `RECEIVED_JSON_MAX_BYTES`).
RECEIVED_JSON_META = "mimamori_received_json"
# Larger bodies are not handed to the spider (they are still in the WARC).
RECEIVED_JSON_MAX_BYTES = 2 * 1024 * 1024
# All the bodies of one page together.
RECEIVED_JSON_PAGE_MAX_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class ReceivedJson:
    """A response body a rendered page received, whose Content-Type or URL says it is JSON."""

    url: str
    status: int
    body: bytes
    # Over a size cap: the body is left out here (it is still in the WARC).
    too_large: bool = False


@dataclass(frozen=True)
class ScrollPlan:
    """Scroll until this many items stop appearing (infinite-scroll account pages)."""

    item_selector: str
    max_scrolls: int
    wait_ms: int


@dataclass(frozen=True)
class LoadMorePlan:
    """Click `selector` while it is visible, at most `max_clicks` times and `max_seconds` long."""

    selector: str
    max_clicks: int
    wait_ms: int
    max_seconds: float


@dataclass(frozen=True)
class RenderPlan:
    """How to render one page: what to wait for, whether to scroll, which hosts it may reach."""

    wait_until: str
    allowed_hosts: tuple[str, ...]
    wait_for: str | None = None
    scroll: ScrollPlan | None = None
    load_more: LoadMorePlan | None = None
    # How long `wait_for` may take: the profile's `limits.page_timeout_s`.
    wait_timeout_s: float = 10.0
    # Hand the page's API bodies over in RECEIVED_JSON_META (the profile reads `response:`).
    received_json: bool = False


# Signals sent through `crawler.signals` (Scrapy signals are plain objects).
# page_problem(url: str, kind: str, message: str): a page that could not be turned into items.
page_problem = object()
# request_failed(failure: twisted Failure): a page request failed (HTTP error, refusal, timeout).
request_failed = object()
