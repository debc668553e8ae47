"""Ci-en-shaped host (the adult side, ci-en.dlsite.com): server-rendered creator pages behind
an age-confirmation cookie (`accepted_rating`), article lists of `.c-cardCase-item` cards with
`rel="next"` pagination, and article pages that carry a JSON-LD `datePublished`.

The URL scheme (`/creator/{id}`, `/creator/{id}/article?mode=list&page=N`,
`/creator/{id}/article/{article_id}`) follows the real site; markup class names besides the
card case are our own.
"""

from __future__ import annotations

import json
from html import escape
from urllib.parse import quote

from platform_world.cast import CIEN, Creator, Work
from platform_world.hosts import Reply, Req, common, html, not_found, page

PER_PAGE = 1


def handle(req: Req) -> Reply:
    reply = common(req)
    if reply is not None:
        return reply
    parts = req.path.strip("/").split("/")
    if parts == ["search"]:
        return _search(req)
    if parts == ["age_check"]:
        return html(page("年齢確認 | Ci-en", '<p class="age-check">18歳以上ですか？</p>'))
    if parts[0] != "creator" or len(parts) < 2:
        return not_found()
    if req.cookies.get("accepted_rating") not in ("r18", "r18g"):
        target = quote(req.path)
        return Reply(302, b"", headers=[("Location", f"/age_check?next={target}")])
    creator = next((c for c in CIEN if c.key == parts[1]), None)
    if creator is None:
        return not_found()
    if len(parts) == 2:
        return _creator(creator)
    if len(parts) == 3 and parts[2] == "article":
        return _articles(req, creator)
    if len(parts) == 4 and parts[2] == "article":
        work = next((w for w in creator.works if w.id == parts[3]), None)
        return _article(creator, work) if work else not_found()
    return not_found()


def _search(req: Req) -> Reply:
    keyword = escape(req.arg("keyword"))
    cards = "".join(
        f'<li class="c-creatorList-item"><a href="/creator/{c.key}">{escape(c.name)}</a></li>'
        for c in CIEN
    )
    return html(page(f"「{keyword}」の検索結果 | Ci-en", f'<ul class="c-creatorList">{cards}</ul>'))


def _creator(creator: Creator) -> Reply:
    plans = "".join(
        f'<div class="c-planCard"><h3 class="c-planCard-name">{escape(n)}</h3>'
        f'<p class="c-planCard-price">{yen:,}円/月</p><p class="c-planCard-text">{escape(d)}</p></div>'
        for n, yen, d in creator.plans
    )
    body = (
        f'<div class="c-creatorProfile" data-creator-id="{creator.key}">'
        f'<h1 class="c-creatorProfile-name">{escape(creator.name)}</h1>'
        f'<div class="c-creatorProfile-text">{escape(creator.bio)}</div></div>'
        f'<section class="c-planList">{plans}</section>'
        f'<a class="c-articleList-link" href="/creator/{creator.key}/article?mode=list">記事一覧</a>'
    )
    return html(page(f"{escape(creator.name)} | Ci-en", body))


def _articles(req: Req, creator: Creator) -> Reply:
    raw = req.arg("page", "1")
    page_no = int(raw) if raw.isdigit() and int(raw) > 0 else 1
    shown = creator.works[(page_no - 1) * PER_PAGE : page_no * PER_PAGE]
    cards = "".join(
        f'<div class="c-cardCase-item"><a href="/creator/{creator.key}/article/{w.id}">'
        f'<figure><img src="/img/cien/{w.id}.jpg"><figcaption>{escape(w.title)}</figcaption></figure></a></div>'
        for w in shown
    )
    nav = ""
    if page_no * PER_PAGE < len(creator.works):
        nav = f'<a rel="next" href="/creator/{creator.key}/article?mode=list&amp;page={page_no + 1}">次へ</a>'
    return html(
        page(f"記事一覧 | {escape(creator.name)}", f'<div class="c-cardCase">{cards}</div>{nav}')
    )


def _article(creator: Creator, work: Work) -> Reply:
    ld = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": work.title,
        "datePublished": work.published,
        "author": {
            "@type": "Person",
            "name": creator.name,
            "url": f"/creator/{creator.key}",
        },
    }
    head = f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>'
    body = (
        f'<article class="article" data-article-id="{work.id}">'
        f'<h1 class="article-title">{escape(work.title)}</h1>'
        f'<a class="article-creator" href="/creator/{creator.key}">{escape(creator.name)}</a>'
        f'<div class="article-body">{escape(work.text)}</div>'
        f'<figure class="file-player-image" data-raw="/img/cien/{work.id}/raw.jpg">'
        f'<img src="/img/cien/{work.id}/thumb.jpg"></figure></article>'
    )
    return html(page(f"{escape(work.title)} | Ci-en", body, head))
