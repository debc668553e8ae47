"""Search-driven platforms: one start URL per keyword of a profile's `search:` section."""

from __future__ import annotations

from urllib.parse import quote

from spiders.profile.requests import SearchSpec


def search_urls(spec: SearchSpec | None) -> list[str]:
    """The search URL for each keyword, URL-encoded (spaces as %20, which every server reads as
    a space in a path or a query); blank keywords, e.g. an empty `${VAR}`, are skipped."""
    if spec is None:
        return []
    urls: list[str] = []
    for keyword in spec.keywords:
        keyword = keyword.strip()
        if not keyword:
            continue
        url = spec.url.format(keyword=quote(keyword, safe=""))
        if url not in urls:
            urls.append(url)
    return urls
