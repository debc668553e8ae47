"""pixivFANBOX-shaped hosts: `www` serves a client-rendered creator page (`/@{creatorId}`)
whose script calls the `api` host; the API refuses any request whose Origin/Referer is not
the www site, as the real `api.fanbox.cc` does.

Endpoint names and JSON shapes follow the real public API as public scrapers describe it
(`creator.get`, `post.listCreator`, `plan.listCreator`, everything under `body`, post ids
and `publishedDatetime`/`feeRequired` only in JSON). The DOM the script builds shows titles
and excerpts but no ids or dates, so only the JSON the page received carries them.
"""

from __future__ import annotations

import json
from html import escape

from platform_world.cast import FANBOX, Creator, Work
from platform_world.hosts import Reply, Req, as_json, common, html, not_found, page


class FanboxHosts:
    """Both hosts share one object so each knows the other's address."""

    def __init__(self) -> None:
        self.www = ""
        self.api = ""

    def handle_www(self, req: Req) -> Reply:
        reply = common(req)
        if reply is not None:
            return reply
        if req.path.startswith("/@"):
            creator = _by_handle(req.path[2:].strip("/"))
            return _creator_shell(creator, self.api) if creator else not_found()
        if req.path == "/static/app.js":
            return Reply(200, APP_JS.encode(), "application/javascript")
        return not_found()

    def handle_api(self, req: Req) -> Reply:
        reply = common(req)
        if reply is not None:
            return reply
        origin = req.headers.get("origin", "")
        referer = req.headers.get("referer", "")
        if origin != self.www and not referer.startswith(self.www + "/"):
            return as_json({"error": "general_error"}, 403)
        reply = self._api(req)
        reply.headers += [
            ("Access-Control-Allow-Origin", self.www),
            ("Access-Control-Allow-Credentials", "true"),
        ]
        return reply

    def _api(self, req: Req) -> Reply:
        if req.path == "/creator.search":
            page_no = int(req.arg("page", "0") or 0)
            found = FANBOX if page_no == 0 else ()
            return as_json(
                {"body": {"creators": [_creator_json(c) for c in found], "nextPageNumber": None}}
            )
        creator = _by_handle(req.arg("creatorId"))
        if creator is None:
            return as_json({"error": "general_error"}, 400)
        if req.path == "/creator.get":
            return as_json({"body": _creator_json(creator)})
        if req.path == "/post.listCreator":
            return as_json({"body": [_post_json(creator, w) for w in creator.works]})
        if req.path == "/plan.listCreator":
            return as_json({"body": [_plan_json(creator, p) for p in creator.plans]})
        return not_found()


def _by_handle(handle: str) -> Creator | None:
    return next((c for c in FANBOX if c.handle == handle), None)


def _user(creator: Creator) -> dict[str, str]:
    return {
        "userId": creator.key,
        "name": creator.name,
        "iconUrl": f"/img/fanbox/{creator.key}/avatar.jpg",
    }


def _creator_json(creator: Creator) -> dict[str, object]:
    return {
        "user": _user(creator),
        "creatorId": creator.handle,
        "description": creator.bio,
        "hasAdultContent": creator.target,
        "coverImageUrl": f"/img/fanbox/{creator.key}/cover.jpg",
        "profileLinks": [],
        "isAcceptingRequest": False,
    }


def _post_json(creator: Creator, work: Work) -> dict[str, object]:
    return {
        "id": work.id,
        "title": work.title,
        "feeRequired": work.price,
        "publishedDatetime": work.published,
        "updatedDatetime": work.published,
        "tags": [],
        "isLiked": False,
        "likeCount": 3,
        "commentCount": 0,
        "isRestricted": work.price > 0,
        "user": _user(creator),
        "creatorId": creator.handle,
        "hasAdultContent": creator.target,
        "cover": {"type": "cover_image", "url": f"/img/fanbox/posts/{work.id}.jpg"},
        "excerpt": work.text,
    }


def _plan_json(creator: Creator, plan: tuple[str, int, str]) -> dict[str, object]:
    name, fee, description = plan
    return {
        "id": f"{creator.key}{fee}",
        "title": name,
        "fee": fee,
        "description": description,
        "user": _user(creator),
        "creatorId": creator.handle,
    }


def _creator_shell(creator: Creator, api: str) -> Reply:
    config = json.dumps({"apiBase": api, "creatorId": creator.handle})
    body = (
        f'<div id="root"><p class="loading">読み込み中…</p></div>'
        f"<script>window.__FANBOX_CONFIG__ = {config};</script>"
        '<script src="/static/app.js"></script>'
    )
    return html(page(f"{escape(creator.handle)}｜pixivFANBOX", body))


# The page script: fetch the creator, plans and posts from the API host (the browser adds
# Origin and Referer itself) and draw them without any id or date in the DOM.
APP_JS = """
(async () => {
  const cfg = window.__FANBOX_CONFIG__;
  const get = (name) => fetch(`${cfg.apiBase}/${name}?creatorId=${encodeURIComponent(cfg.creatorId)}`
      + (name === 'post.listCreator' ? '&limit=10' : ''), {credentials: 'include'})
    .then((r) => r.json());
  const [creator, plans, posts] = await Promise.all(
    [get('creator.get'), get('plan.listCreator'), get('post.listCreator')]);
  const root = document.getElementById('root');
  root.innerHTML = '';
  const h1 = document.createElement('h1');
  h1.className = 'creator-name';
  h1.textContent = creator.body.user.name;
  const bio = document.createElement('div');
  bio.className = 'creator-description';
  bio.textContent = creator.body.description;
  root.append(h1, bio);
  for (const plan of plans.body) {
    const div = document.createElement('div');
    div.className = 'plan-card';
    div.textContent = `${plan.title} ${plan.fee}円/月`;
    root.append(div);
  }
  for (const post of posts.body) {
    const art = document.createElement('article');
    art.className = 'post-card';
    art.textContent = `${post.title} ${post.excerpt}`;
    root.append(art);
  }
})();
"""
