"""market: a commission / request marketplace (think a flea market or Skeb). Classes `mk-*`,
schema.org Product microdata on item pages, numeric seller ids with legacy /u/<handle> URLs."""

from __future__ import annotations

import re
from html import escape

from crawler.demo_site.responses import Reply, Request, html, not_found, redirect
from crawler.demo_site.world_model import (
    AWKWARD_PATHS,
    RETRY_AFTER_503,
    SLOW_SECONDS,
    Account,
    Post,
    World,
    avatar_media,
)

INDEX_PAGE_SIZE = 10


def handle(req: Request, world: World) -> Reply | None:
    path = req.path
    if path in ("/market", "/market/"):
        return index(req, world)
    if m := re.fullmatch(r"/market/items/(\d+)", path):
        found = world.post("market", int(m[1]))
        if not found:
            return not_found("この商品は削除されたか、販売を終了しました")
        reply = item_page(req, *found)
        if path == AWKWARD_PATHS["slow"]:
            reply.delay = SLOW_SECONDS
        return reply
    if m := re.fullmatch(r"/market/sellers/(\d+)", path):
        acc = world.account("market", int(m[1]))
        return seller_page(req, acc) if acc else not_found("出品者が見つかりません")
    if m := re.fullmatch(r"/market/u/([A-Za-z0-9_-]+)", path):
        return legacy_seller_redirect(world, m[1])
    if path == "/market/loop/a":
        return redirect("/market/loop/b", 302)
    if path == "/market/loop/b":
        return redirect("/market/loop/a", 302)
    if path == AWKWARD_PATHS["unavailable_503"]:
        reply = html(
            _page("メンテナンス中", "<main><p>セール特集はただいまメンテナンス中です。</p></main>"),
            status=503,
        )
        reply.headers["Retry-After"] = str(RETRY_AFTER_503)
        return reply
    return None


def _page(title: str, main: str, extra_head: str = "") -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="ja"><head><meta charset="utf-8"><title>{escape(title)} - マーケット</title>'
        "<style>body{font-family:serif;background:#fffaf0}.mk-grid{display:flex;flex-wrap:wrap;list-style:none}"
        ".mk-tile{width:180px;margin:6px}</style>"
        f"{extra_head}</head>\n<body>\n"
        '<div class="mk-topbar"><a class="mk-topbar__home" href="/market/">マーケット</a>'
        ' <a class="mk-topbar__sale" href="/market/campaign">セール特集</a></div>\n'
        f"{main}\n"
        '<div class="mk-foot">出品ルール・お問い合わせ</div>\n</body></html>\n'
    )


def _tile(item: Post) -> str:
    return (
        f'<li class="mk-tile" data-item-id="{item.post_id}">'
        f'<a class="mk-tile__link" href="/market/items/{item.post_id}">'
        f'<img class="mk-tile__thumb" src="{item.media[0].path}" alt="">'
        f'<span class="mk-tile__title">{escape(item.title)}</span></a>'
        f'<span class="mk-tile__price" data-price-yen="{item.price_yen}">{escape(item.price_text or "")}</span></li>'
    )


def _pagination(page: int, pages: int) -> str:
    parts = ['<div class="mk-pagination">']
    if page > 1:
        parts.append(
            f'<a class="mk-pagination__prev" href="/market/?page={page - 1}">‹ 前のページ</a>'
        )
    parts.append(
        f'<span class="mk-pagination__info" data-page="{page}" data-pages="{pages}">{page}ページ目</span>'
    )
    if page < pages:
        parts.append(
            f'<a class="mk-pagination__next" href="/market/?page={page + 1}">次のページ ›</a>'
        )
    parts.append("</div>")
    return "".join(parts)


def index(req: Request, world: World) -> Reply:
    items = sorted(
        (p for _, p in world.posts("market")), key=lambda p: (p.published, p.post_id), reverse=True
    )
    raw = req.query.get("page", "1")
    pages = max(1, -(-len(items) // INDEX_PAGE_SIZE))
    if not raw.isdigit() or not 1 <= int(raw) <= pages:
        return not_found()
    page = int(raw)
    chunk = items[(page - 1) * INDEX_PAGE_SIZE : page * INDEX_PAGE_SIZE]
    main = (
        '<main class="mk-index"><h1>新着の出品</h1>'
        f'<ul class="mk-grid">{"".join(_tile(i) for i in chunk)}</ul>{_pagination(page, pages)}</main>'
    )
    return html(_page("新着の出品", main))


def item_page(req: Request, seller: Account, item: Post) -> Reply:
    description = "".join(f"<p>{escape(line)}</p>" for line in item.text.split("\n"))
    options = "".join(
        f'<tr class="mk-option" data-option-price-yen="{o.price_yen}"><th class="mk-option__name">{escape(o.name)}</th>'
        f'<td class="mk-option__price">{escape(o.price_text)}</td></tr>'
        for o in item.options
    )
    options_html = (
        f'<section class="mk-options"><h2>リクエストオプション</h2><table class="mk-options__table">{options}</table></section>'
        if options
        else ""
    )
    gallery = "".join(
        f'<img class="mk-item__image" itemprop="image" src="{m.path}" alt="">' for m in item.media
    )
    main = (
        f'<main><div class="mk-item" itemscope itemtype="https://schema.org/Product" data-item-id="{item.post_id}">'
        f'<div class="mk-item__gallery">{gallery}</div>'
        f'<h1 class="mk-item__title" itemprop="name">{escape(item.title)}</h1>'
        f'<div class="mk-item__price" itemprop="offers" itemscope itemtype="https://schema.org/Offer">'
        f'<meta itemprop="priceCurrency" content="JPY"><meta itemprop="price" content="{item.price_yen}">'
        f'<span class="mk-item__price-text" data-price-yen="{item.price_yen}">{escape(item.price_text or "")}</span></div>'
        f'<div class="mk-item__desc" itemprop="description">{description}</div>'
        f"{options_html}"
        f'<div class="mk-item__seller">出品者: <a class="mk-item__seller-link" data-seller-id="{seller.account_id}" '
        f'href="/market/sellers/{seller.account_id}">{escape(seller.display_name)}</a></div>'
        f'<p class="mk-item__listed">出品日: <time datetime="{item.published.isoformat()}">{item.published:%Y年%-m月%-d日}</time></p>'
        "</div></main>"
    )
    canonical = f'<link rel="canonical" href="{escape(req.absolute(item.path))}">'
    return html(_page(item.title, main, canonical))


def seller_page(req: Request, seller: Account) -> Reply:
    bio = "".join(f"<p>{escape(line)}</p>" for line in seller.bio.split("\n"))
    links = "".join(
        f'<li><a class="mk-seller__link" href="{escape(req.absolute(link.url))}">{escape(link.text)}</a></li>'
        for link in seller.links
    )
    main = (
        f'<main><div class="mk-seller" data-seller-id="{seller.account_id}" data-handle="{escape(seller.handle)}">'
        f'<img class="mk-seller__avatar" src="{avatar_media(seller).path}" alt="">'
        f'<h1 class="mk-seller__name">{escape(seller.display_name)}</h1>'
        f'<p class="mk-seller__handle">@{escape(seller.handle)}</p>'
        f'<div class="mk-seller__bio">{bio}</div><ul class="mk-seller__links">{links}</ul></div>'
        f'<section><h2>出品中の商品</h2><ul class="mk-grid mk-seller__items">{"".join(_tile(i) for i in seller.posts)}</ul></section></main>'
    )
    canonical = f'<link rel="canonical" href="{escape(req.absolute(seller.path))}">'
    return html(_page(seller.display_name, main, canonical))


def legacy_seller_redirect(world: World, handle: str) -> Reply:
    """Old /u/<handle> URLs: a current handle goes to the numeric page, a former handle first
    goes to the current handle (so a renamed seller is a two-hop chain)."""
    if acc := world.account("market", handle):
        return redirect(f"/market/sellers/{acc.account_id}")
    if acc := world.account_by_former_handle("market", handle):
        return redirect(f"/market/u/{acc.handle}")
    return not_found("出品者が見つかりません")
