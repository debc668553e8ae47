"""social: a client-rendered timeline (think X). The HTML is an empty shell; static/app.js
fetches the JSON API below and renders it, loading more posts on scroll."""

from __future__ import annotations

import base64
import re
from pathlib import Path

from crawler.demo_site.responses import Reply, Request, html, json_reply
from crawler.demo_site.world_model import Account, Post, World, avatar_media

POSTS_PAGE_SIZE = 5
APP_JS = Path(__file__).with_name("static") / "app.js"

SHELL = """<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><title>Social</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:sans-serif;margin:0 auto;max-width:640px}
.sc-post{min-height:360px;border-bottom:1px solid #ddd;padding:12px}
.sc-post__image{width:320px;height:240px;display:block}
.sc-timeline__sentinel{height:40px}
</style></head>
<body class="sc">
<div id="app" data-state="loading"></div>
<noscript>このページを表示するにはJavaScriptを有効にしてください。</noscript>
<script src="/social/static/app.js" defer></script>
</body></html>
"""


def handle(req: Request, world: World) -> Reply | None:
    path = req.path
    if path == "/social/static/app.js":
        return Reply(200, APP_JS.read_bytes(), "text/javascript; charset=utf-8")
    if path in ("/social", "/social/", "/social/explore"):
        return html(SHELL)
    if m := re.fullmatch(r"/social/@([A-Za-z0-9_]+)(?:/status/(\d+))?", path):
        acc = world.account("social", m[1])
        exists = acc is not None and (m[2] is None or world.post("social", int(m[2])) is not None)
        return html(SHELL, status=200 if exists else 404)
    if path == "/social/api/explore":
        return json_reply({"users": [_user_summary(a) for a in world.accounts_on("social")]})
    if m := re.fullmatch(r"/social/api/users/([A-Za-z0-9_]+)", path):
        acc = world.account("social", m[1])
        return json_reply(_user(req, acc)) if acc else _error(404, "user_not_found")
    if m := re.fullmatch(r"/social/api/users/([A-Za-z0-9_]+)/posts", path):
        acc = world.account("social", m[1])
        return _posts_page(req, acc) if acc else _error(404, "user_not_found")
    if m := re.fullmatch(r"/social/api/posts/(\d+)", path):
        found = world.post("social", int(m[1]))
        return json_reply(_post(*found)) if found else _error(404, "post_not_found")
    return None


def _error(status: int, code: str) -> Reply:
    return json_reply({"error": code}, status)


def _user_summary(acc: Account) -> dict:
    return {
        "id": acc.account_id,
        "id_str": str(acc.account_id),
        "handle": acc.handle,
        "display_name": acc.display_name,
        "avatar_url": avatar_media(acc).path,
        "url": f"/social/@{acc.handle}",
    }


def _user(req: Request, acc: Account) -> dict:
    return {
        **_user_summary(acc),
        "bio": acc.bio,
        "links": [{"url": req.absolute(link.url), "text": link.text} for link in acc.links],
        "posts_count": len(acc.posts),
        "lang": acc.language,
    }


def _post(acc: Account, post: Post) -> dict:
    return {
        "id": post.post_id,
        "id_str": str(post.post_id),
        "user_id": acc.account_id,
        "handle": acc.handle,
        "text": post.text,
        "created_at": post.published.isoformat(),
        "media": [{"type": "image", "url": m.path} for m in post.media],
        "url": f"/social/@{acc.handle}/status/{post.post_id}",
    }


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> int | None:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except ValueError:
        return None
    kind, _, number = raw.partition(":")
    return int(number) if kind == "offset" and number.isdigit() else None


def _posts_page(req: Request, acc: Account) -> Reply:
    cursor = req.query.get("cursor")
    offset = 0 if not cursor else _decode_cursor(cursor)
    if offset is None:
        return _error(400, "bad_cursor")
    chunk = acc.posts[offset : offset + POSTS_PAGE_SIZE]
    more = offset + POSTS_PAGE_SIZE < len(acc.posts)
    return json_reply(
        {
            "user_id": acc.account_id,
            "posts": [_post(acc, p) for p in chunk],
            "next_cursor": encode_cursor(offset + POSTS_PAGE_SIZE) if more else None,
        }
    )
