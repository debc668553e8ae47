"""Site-wide pages: the / index, robots.txt, sitemap.xml, the test-only endless page and media."""

from __future__ import annotations

import time
from collections.abc import Iterator
from html import escape

from crawler.demo_site.images import BROKEN_IMAGE_BYTES, render_placeholder, render_variant
from crawler.demo_site.responses import Reply, Request, html, text
from crawler.demo_site.world_model import AWKWARD_PATHS, World


def handle(req: Request, world: World) -> Reply | None:
    path = req.path
    if path == "/":
        return index(world)
    if path == "/robots.txt":
        return robots(req)
    if path == "/sitemap.xml":
        return sitemap(req, world)
    if path == AWKWARD_PATHS["endless"]:
        return endless(req)
    if media := world.media(path):
        if media.broken:
            return Reply(200, BROKEN_IMAGE_BYTES, "image/jpeg", {"Cache-Control": "max-age=3600"})
        body = (
            render_variant(media.drawing or media.path, media.fmt, media.variant)
            if media.drawing or media.variant
            else render_placeholder(media.path, media.fmt)
        )
        return Reply(
            200,
            body,
            f"image/{media.fmt}",
            {"Cache-Control": "max-age=3600"},
        )
    return None


def index(world: World) -> Reply:
    counts = {p: len(world.accounts_on(p)) for p in ("fanclub", "social", "market")}
    page = (
        '<!DOCTYPE html>\n<html lang="ja"><head><meta charset="utf-8"><title>mimamori demo world</title></head><body>'
        "<h1>mimamori demo world</h1>"
        f'<p class="demo-day">day {world.day}: all people and shops are fictional; images are placeholders.</p>'
        '<ul class="demo-platforms">'
        f'<li><a href="/fanclub/">fanclub</a> ({counts["fanclub"]} creators)</li>'
        f'<li><a href="/social/explore">social</a> ({counts["social"]} accounts)</li>'
        f'<li><a href="/market/">market</a> ({counts["market"]} sellers)</li>'
        "</ul></body></html>\n"
    )
    return html(page)


def robots(req: Request) -> Reply:
    body = (
        "User-agent: *\n"
        "Disallow: /fanclub/private/\n"
        "Disallow: /__demo/\n"
        "Disallow: /test/\n"
        "Allow: /fanclub/\n"
        "Allow: /social/\n"
        "Allow: /market/\n"
        "Allow: /links/\n"
        f"\nSitemap: {req.base_url}/sitemap.xml\n"
    )
    return text(body)


def sitemap(req: Request, world: World) -> Reply:
    paths = ["/", "/fanclub/", "/social/explore", "/market/"]
    paths += [a.path for a in world.accounts]
    urls = "".join(f"<url><loc>{escape(req.absolute(p))}</loc></url>" for p in paths)
    body = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>\n'
    return text(body, "application/xml; charset=utf-8")


def endless(req: Request) -> Reply:
    """Test-only page that never ends: a chunk every 0.1 s until the client or the server goes away."""

    def body() -> Iterator[bytes]:
        yield b"<!DOCTYPE html><html><body><ol>\n"
        n = 0
        while not req.stopping.is_set():
            n += 1
            yield f"<li>chunk {n}</li>\n".encode() * 32
            time.sleep(0.1)

    return Reply(200, b"", "text/html; charset=utf-8", {}, body(), None)
