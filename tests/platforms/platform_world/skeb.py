"""Skeb-shaped commission host: a client-rendered site whose JSON API first answers
429 with a `request_key` cookie (a bot check) and serves only requests that then return the
cookie and send an `Authorization` header (the real client sends `Bearer null` when logged out).

Endpoints and field names follow the real public API as public scrapers describe it
(`/api/users/{name}`, `/api/users/{name}/works?role=creator&offset=N` listing `path`s,
`/api/users/{name}/works/{n}` with `creator`, `/api/users/{name}/following_creators`).
"""

from __future__ import annotations

import secrets

from platform_world.cast import SKEB, Creator, Work
from platform_world.hosts import Reply, Req, as_json, common, html, not_found, page

PER_PAGE = 30


class SkebHost:
    def __init__(self) -> None:
        self.issued: set[str] = set()
        self.challenges = 0

    def handle(self, req: Req) -> Reply:
        reply = common(req)
        if reply is not None:
            return reply
        if req.path.startswith("/@"):
            return html(page("Skeb", '<div id="__nuxt"></div><script src="/app.js"></script>'))
        if not req.path.startswith("/api/"):
            return not_found()
        if req.cookies.get("request_key") not in self.issued:
            return self._challenge()
        if "authorization" not in req.headers:
            return as_json({"error": "Unauthorized"}, 401)
        return _api(req.path.removeprefix("/api/").split("/"), req)

    def _challenge(self) -> Reply:
        key = secrets.token_hex(16)
        self.issued.add(key)
        self.challenges += 1
        body = f'<html><script>document.cookie="request_key={key}; path=/";location.reload()</script></html>'
        return Reply(
            429,
            body.encode(),
            "text/html; charset=utf-8",
            [("Set-Cookie", f"request_key={key}; path=/")],
        )


def _api(parts: list[str], req: Req) -> Reply:
    if len(parts) < 2 or parts[0] != "users":
        return not_found()
    creator = next((c for c in SKEB if c.handle == parts[1]), None)
    if creator is None:
        return as_json({"error": "Not Found"}, 404)
    if len(parts) == 2:
        return as_json(_user_json(creator))
    if parts[2:] == ["following_creators"]:
        return as_json([_user_json(c, short=True) for c in SKEB if c is not creator])
    if parts[2:] == ["works"]:
        offset = int(req.arg("offset", "0") or 0)
        shown = creator.works[offset : offset + PER_PAGE]
        return as_json([_work_summary(creator, w) for w in shown])
    if len(parts) == 4 and parts[2] == "works":
        work = next((w for w in creator.works if w.id == parts[3]), None)
        return as_json(_work_json(creator, work)) if work else as_json({}, 404)
    return not_found()


def _user_json(creator: Creator, *, short: bool = False) -> dict[str, object]:
    user: dict[str, object] = {
        "id": int(creator.key),
        "name": creator.name,
        "screen_name": creator.handle,
        "avatar_url": f"/img/skeb/{creator.key}/avatar.jpg",
        "header_url": None,
        "creator": True,
        "nsfw_acceptable": creator.target,
        "acceptable": True,
    }
    if short:
        return user
    user.update(
        description=creator.bio,
        language="ja",
        received_works_count=len(creator.works),
        skills=[{"genre": g, "default_amount": yen} for g, yen, _ in creator.plans],
    )
    return user


def _work_summary(creator: Creator, work: Work) -> dict[str, object]:
    return {
        "path": f"/@{creator.handle}/works/{work.id}",
        "private": False,
        "genre": "art",
        "nsfw": creator.target,
        "body": work.text,
        "thumbnail_image_urls": {"src": f"/img/skeb/{creator.key}/{work.id}.jpg"},
    }


def _work_json(creator: Creator, work: Work) -> dict[str, object]:
    return {
        "id": int(creator.key) * 1000 + int(work.id),
        "path": f"/@{creator.handle}/works/{work.id}",
        "body": work.text,
        "source_body": work.text,
        "translated": None,
        "thanks": None,
        "genre": "art",
        "nsfw": creator.target,
        "anonymous": True,
        "private": False,
        "tag_list": [],
        "creator": _user_json(creator, short=True),
        "created_at": work.published,
        "og_image_url": f"/img/skeb/{creator.key}/{work.id}.jpg",
        "previews": [],
    }
