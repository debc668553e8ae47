"""Fantia-shaped fan-club host: server-rendered HTML with a Rails CSRF meta tag, and a JSON
post API that answers only with the session's `X-CSRF-Token` and `X-Requested-With`.

URL scheme and JSON field names follow the real site's public pages (`/fanclubs/{id}`,
`/fanclubs/{id}/posts?page=N` with `a.link-block` cards, `/api/v1/posts/{id}` returning
`{"post": {...}}` with an RFC 2822 `posted_at`); markup class names are our own.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from html import escape

from platform_world.cast import FANTIA, Creator, Work
from platform_world.hosts import Reply, Req, as_json, common, html, not_found, page

PER_PAGE = 2
_SECRET = secrets.token_hex(8)


def csrf_for(session: str) -> str:
    return hashlib.sha256(f"{_SECRET}:{session}".encode()).hexdigest()[:40]


def handle(req: Req) -> Reply:
    reply = common(req)
    if reply is not None:
        return reply
    if req.path.startswith("/api/v1/posts/"):
        return _post_api(req, req.path.rsplit("/", 1)[1])
    session = req.cookies.get("_session_id") or secrets.token_hex(16)
    reply = _html_page(req, csrf_for(session))
    if "_session_id" not in req.cookies:
        reply.headers.append(("Set-Cookie", f"_session_id={session}; path=/; HttpOnly"))
    return reply


def _html_page(req: Req, csrf: str) -> Reply:
    parts = req.path.strip("/").split("/")
    if parts == ["fanclubs"]:
        return _search(req, csrf)
    if len(parts) == 2 and parts[0] == "fanclubs":
        creator = _creator(parts[1])
        return _fanclub(creator, csrf) if creator else not_found()
    if len(parts) == 3 and parts[0] == "fanclubs" and parts[2] == "posts":
        creator = _creator(parts[1])
        return _post_list(req, creator, csrf) if creator else not_found()
    if len(parts) == 2 and parts[0] == "posts":
        # The real post page is a client-rendered shell; its content comes from the API.
        return html(page("Fantia", '<div id="post-app"></div>', _meta(csrf)))
    return not_found()


def _meta(csrf: str) -> str:
    return f'<meta name="csrf-param" content="authenticity_token"><meta name="csrf-token" content="{csrf}">'


def _creator(key: str) -> Creator | None:
    return next((c for c in FANTIA if c.key == key), None)


def _pager(base: str, page_no: int, total: int) -> str:
    if page_no * PER_PAGE >= total:
        return ""
    joiner = "&" if "?" in base else "?"
    return f'<nav class="pagination"><a rel="next" class="page-link" href="{base}{joiner}page={page_no + 1}">次へ</a></nav>'


def _page_no(req: Req) -> int:
    raw = req.arg("page", "1")
    return int(raw) if raw.isdigit() and int(raw) > 0 else 1


def _search(req: Req, csrf: str) -> Reply:
    keyword = req.arg("keyword")
    page_no = _page_no(req)
    shown = FANTIA[(page_no - 1) * PER_PAGE : page_no * PER_PAGE]
    cards = "".join(
        f'<div class="fanclub-item"><a class="fanclub-name" href="/fanclubs/{c.key}">{escape(c.name)}</a></div>'
        for c in shown
    )
    base = f"/fanclubs?keyword={escape(keyword)}"
    body = f'<h1>「{escape(keyword)}」の検索結果</h1><div class="fanclubs-list">{cards}</div>'
    return html(page("ファンクラブ検索", body + _pager(base, page_no, len(FANTIA)), _meta(csrf)))


def _fanclub(creator: Creator, csrf: str) -> Reply:
    plans = "".join(
        f'<div class="plan"><h3 class="plan-name">{escape(n)}</h3>'
        f'<p class="plan-price">{yen:,}円/月</p><p class="plan-description">{escape(d)}</p></div>'
        for n, yen, d in creator.plans
    )
    body = (
        f'<div class="fanclub-header"><h1 class="fanclub-name">{escape(creator.name)}</h1>'
        f'<img class="fanclub-icon" src="/img/fanclubs/{creator.key}/icon.jpg"></div>'
        f'<div class="fanclub-comment">{escape(creator.bio)}</div>'
        f'<div class="fanclub-plans">{plans}</div>'
        f'<a class="fanclub-posts-link" href="/fanclubs/{creator.key}/posts">投稿一覧</a>'
    )
    return html(page(f"{creator.name} | Fantia", body, _meta(csrf)))


def _post_list(req: Req, creator: Creator, csrf: str) -> Reply:
    page_no = _page_no(req)
    shown = creator.works[(page_no - 1) * PER_PAGE : page_no * PER_PAGE]
    cards = "".join(
        f'<div class="post"><a class="link-block" href="/posts/{w.id}">'
        f'<h3 class="post-title">{escape(w.title)}</h3></a></div>'
        for w in shown
    )
    base = f"/fanclubs/{creator.key}/posts"
    body = f'<div class="posts-list">{cards}</div>' + _pager(base, page_no, len(creator.works))
    return html(page(f"投稿一覧 | {creator.name}", body, _meta(csrf)))


def _post_api(req: Req, post_id: str) -> Reply:
    session = req.cookies.get("_session_id")
    if req.headers.get("x-requested-with") != "XMLHttpRequest":
        return as_json({"message": "Bad Request"}, 400)
    if not session or req.headers.get("x-csrf-token") != csrf_for(session):
        return as_json({"message": "Invalid authenticity token"}, 403)
    for creator in FANTIA:
        for work in creator.works:
            if work.id == post_id:
                return as_json({"post": _post_json(creator, work)})
    return as_json({"message": "Not Found"}, 404)


def _post_json(creator: Creator, work: Work) -> dict[str, object]:
    posted = datetime.fromisoformat(work.published)
    return {
        "id": int(work.id),
        "title": work.title,
        "comment": work.text,
        "rating": "general",
        "posted_at": posted.strftime("%a, %d %b %Y %H:%M:%S %z"),
        "converted_at": work.published,
        "thumb": {"original": f"/img/posts/{work.id}/thumb.jpg"},
        "fanclub": {
            "id": int(creator.key),
            "name": creator.name,
            "user": {"id": 900000 + int(creator.key), "name": creator.name},
        },
        "tags": [{"name": "AI"}],
        "post_contents": [
            {
                "id": int(work.id) * 10,
                "category": "photo_gallery",
                "visible_status": "unvisible",
                "plan": {"price": work.price} if work.price else None,
            }
        ],
    }
