"""Rakuma-shaped flea market (fril.jp): keyword search on one host, item pages on another
(`item.fril.jp/{32 hex}`), the seller named only on the item page (the shop page is not
public here), and one item page in EUC-JP with no charset anywhere (header or meta).

The search URL (`/s?query=...`) and the two-host layout follow the real site; markup class
names are our own.
"""

from __future__ import annotations

from datetime import datetime
from html import escape

from platform_world.cast import FRIL, Creator, Work
from platform_world.hosts import Reply, Req, common, html, not_found, page, raw_html


class FrilHosts:
    def __init__(self) -> None:
        self.search = ""
        self.item = ""
        self.searched: list[str] = []

    def handle_search(self, req: Req) -> Reply:
        reply = common(req)
        if reply is not None:
            return reply
        if req.path != "/s":
            return not_found()  # shop pages included: sellers are known from items only
        keyword = req.arg("query")
        self.searched.append(keyword)
        hits = [(c, w) for c in FRIL for w in c.works if _matches(keyword, w)]
        cards = "".join(
            f'<div class="item-box"><a class="link_search_image" href="{self.item}/{w.id}">'
            f'<img src="{self.item}/img/items/{w.id}.jpg"></a>'
            f'<p class="item-box__item-name">{escape(w.title)}</p>'
            f'<p class="item-box__item-price">¥{w.price:,}</p></div>'
            for _c, w in hits
        )
        empty = "" if hits else '<p class="search-empty">該当する商品が見つかりません</p>'
        return html(
            page(
                f"{escape(keyword)}の検索結果 | ラクマ",
                f'<div class="view_grid">{cards}</div>{empty}',
            )
        )

    def handle_item(self, req: Req) -> Reply:
        reply = common(req)
        if reply is not None:
            return reply
        for creator in FRIL:
            for work in creator.works:
                if req.path == f"/{work.id}":
                    return self._item(creator, work)
        return not_found()

    def _item(self, seller: Creator, work: Work) -> Reply:
        listed = datetime.fromisoformat(work.published)
        body = (
            f'<article class="item" data-item-id="{work.id}">'
            f'<h1 class="item__name">{escape(work.title)}</h1>'
            f'<p class="item__price">{work.price:,}円（税込）</p>'
            f'<div class="item__description">{escape(work.text)}</div>'
            f'<img class="item__image" src="/img/items/{work.id}/1.jpg">'
            f'<time class="item__created" datetime="{work.published}">'
            f"{listed:%Y年%m月%d日 %H:%M}</time>"
            f'<div class="item__seller"><a class="seller-link" href="{self.search}/shop/{seller.key}">'
            f'<span class="seller-name">{escape(seller.name)}</span></a></div></article>'
        )
        title = f"{escape(work.title)} | フリマアプリ ラクマ"
        encoding = seller.extra.get("encoding")
        if encoding:
            # Undeclared legacy encoding: no charset in the header, no <meta charset>.
            text = f"<!DOCTYPE html><html><head><title>{title}</title></head><body>{body}</body></html>"
            return raw_html(text.encode(encoding))
        return html(page(title, body))


def _matches(keyword: str, work: Work) -> bool:
    haystack = (work.title + work.text).replace(" ", "")
    return all(token in haystack for token in keyword.split())
