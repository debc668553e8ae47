"""What a profile asks of the browser beyond waiting: "load more" buttons, and reading the
JSON responses a rendered page received (`response:` on a field or a repeated block)."""

from __future__ import annotations

import re

from pydantic import Field, field_validator

from spiders.profile.base import Strict as _Strict

RESPONSE_DESCRIPTION = (
    "Rendered pages: a regular expression on the path and query of a JSON response the "
    "browser received while rendering this page (e.g. '/api/creator\\.get\\?'); `jmespath` "
    "(or `each` with `each_is: jmespath`) is then evaluated on that response's JSON instead of "
    "on the page. The first matching response that is JSON is used."
)


def check_response(pattern: str, *, uses_jmespath: bool) -> None:
    """`response:` names JSON, so only JMESPath can read it."""
    if not uses_jmespath:
        raise ValueError("`response:` reads JSON: use it with `jmespath` (each_is: jmespath)")
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"bad regular expression {pattern!r}: {exc}") from None


class LoadMoreSpec(_Strict):
    """Click a "load more" button (もっと見る) until it disappears or a limit is reached.

    Example: `load_more: {selector: "button.more", max_clicks: 20, wait_ms: 800, max_seconds: 60}`.
    Only rendered pages (`render: true`) have buttons to click. How many clicks were made
    and why clicking stopped is recorded with the page's evidence.
    """

    selector: str = Field(
        description=(
            "The button to click, as a CSS selector; Playwright selectors such as "
            "`button:has-text('もっと見る')` are allowed. Clicked while it is visible."
        )
    )
    max_clicks: int = Field(
        default=20,
        ge=1,
        le=500,
        description="Stop after this many clicks, even if it is still there.",
    )
    wait_ms: int = Field(
        default=800,
        ge=50,
        le=30_000,
        description="Milliseconds to wait after each click for the next items to arrive.",
    )
    max_seconds: float = Field(
        default=60,
        gt=0,
        le=600,
        description="Stop clicking after this many seconds on one page, whatever is left.",
    )

    @field_validator("selector")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("load_more.selector must name the button to click")
        return value
