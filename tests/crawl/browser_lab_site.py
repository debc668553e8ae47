"""A small test world on 127.0.0.1 for the browser-side profile features.

* `/creators`: a list filled by fetch() calls, two creators a page; pages 2 and 3 come
  only after clicking もっと見る, which is removed after the last page.
* `/@NAME`: a creator-SPA page whose HTML has no ids: name and posts are rendered from
  `/api/creator.get` and `/api/post.listCreator`; `/api/creator.bio` answers malformed JSON.
* `/stuck`: a rendered page whose awaited element never appears.
* `/shop/sjis`, `/shop/euc`: static pages in Shift_JIS declared as UTF-8, and in EUC-JP
  declared as nothing.

All people are fictional (the demo watchlist's), all text placeholder.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

CREATORS = {
    "hana": {"userId": "u-1001", "name": "Hana Studio"},
    "kumo": {"userId": "u-1002", "name": "Kumo Works"},
    "sora": {"userId": "u-1003", "name": "Sora Atelier"},
    "mizu": {"userId": "u-1004", "name": "Mizu Lab"},
    "yuki": {"userId": "u-1005", "name": "Yuki Room"},
    "tori": {"userId": "u-1006", "name": "Tori Corner"},
}
LIST_PAGES = [["hana", "kumo"], ["sora", "mizu"], ["yuki", "tori"]]

LISTING_HTML = """<!doctype html><html><head><meta charset="utf-8"><title>Creators</title></head>
<body><h1>Creators</h1><ul id="list"></ul><a href="/stuck">stuck</a>
<button class="more" type="button">もっと見る</button>
<script>
const list = document.getElementById('list');
const more = document.querySelector('button.more');
let page = 0;
async function load() {
  page += 1;
  const answer = await (await fetch('/api/creator.list?page=' + page)).json();
  for (const c of answer.body.items) {
    const a = document.createElement('a');
    a.href = '/@' + c.creatorId;
    a.textContent = c.name;
    const li = document.createElement('li');
    li.appendChild(a);
    list.appendChild(li);
  }
  if (!answer.body.nextPage) more.remove();
}
more.addEventListener('click', load);
load().then(() => { document.body.dataset.state = 'ready'; });
</script></body></html>"""

CREATOR_HTML = """<!doctype html><html><head><meta charset="utf-8"><title>Creator</title></head>
<body><div id="root"></div>
<script>
const root = document.getElementById('root');
const id = decodeURIComponent(location.pathname.slice(2));
const get = (url) => fetch(url).then((r) => r.text());
Promise.all([
  get('/api/creator.get?creatorId=' + id),
  get('/api/post.listCreator?creatorId=' + id + '&limit=10'),
  get('/api/creator.bio?creatorId=' + id),
]).then(([creator, posts]) => {
  const c = JSON.parse(creator).body;
  const h1 = document.createElement('h1');
  h1.className = 'name';
  h1.textContent = c.user.name;
  root.appendChild(h1);
  for (const p of JSON.parse(posts).body.items) {
    const article = document.createElement('article');
    article.textContent = p.title + ' ' + p.excerpt;
    root.appendChild(article);
  }
  root.dataset.state = 'ready';
});
</script></body></html>"""

STUCK_HTML = "<!doctype html><html><body><p>nothing ever appears here</p></body></html>"

SHOP_HTML = """<html><head><title>{name}</title></head><body>
<section class="shop" data-seller="{handle}"><h1 class="name">{name}</h1>
<p class="bio">{bio}</p></section></body></html>"""
SJIS_SHOP = {
    "handle": "sjis_seller",
    "name": "ひかり工房",
    "bio": "鷺ノ宮澪奈のAI生成画像セット販売中。ご依頼はDMでどうぞ、よろしくお願いします。",
}
EUC_SHOP = {
    "handle": "euc_seller",
    "name": "こもれび商店",
    "bio": "東雲環葉 そっくりの画像を作ります。価格はお問い合わせください。",
}


def posts_of(creator: str, edited: bool) -> list[dict[str, Any]]:
    user = CREATORS[creator]
    posts = []
    for n in (1, 2):
        text = f"{user['name']} post {n}: placeholder text"
        if edited and n == 1:
            text += " (edited)"
        posts.append(
            {
                "id": f"{user['userId']}-p{n}",
                "title": f"Post {n}",
                "excerpt": text,
                "publishedDatetime": f"2026-11-0{n}T12:00:00+09:00",
                "feeRequired": 500 * (n - 1),
                "user": {"userId": user["userId"], "name": user["name"]},
            }
        )
    return posts


class LabSite:
    """The server; `edited` changes one post's text per creator (same post ids)."""

    def __init__(self) -> None:
        self.edited = False
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> LabSite:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def reply(self, path: str, query: dict[str, str]) -> tuple[int, str, bytes]:
        json_type = "application/json; charset=utf-8"
        if path == "/creators":
            return 200, "text/html; charset=utf-8", LISTING_HTML.encode()
        if path == "/stuck":
            return 200, "text/html; charset=utf-8", STUCK_HTML.encode()
        if path.startswith("/@") and path[2:] in CREATORS:
            return 200, "text/html; charset=utf-8", CREATOR_HTML.encode()
        if path == "/api/creator.list":
            page = int(query.get("page", "1"))
            if not 1 <= page <= len(LIST_PAGES):
                return 404, json_type, b'{"error": "no such page"}'
            items = [{"creatorId": c, "name": CREATORS[c]["name"]} for c in LIST_PAGES[page - 1]]
            body = {"items": items, "nextPage": page < len(LIST_PAGES)}
            return 200, json_type, json.dumps({"body": body}).encode()
        creator = query.get("creatorId", "")
        if path == "/api/creator.get" and creator in CREATORS:
            body = {"creatorId": creator, "user": {**CREATORS[creator]}}
            return 200, json_type, json.dumps({"body": body}).encode()
        if path == "/api/post.listCreator" and creator in CREATORS:
            body = {"items": posts_of(creator, self.edited)}
            return 200, json_type, json.dumps({"body": body}).encode()
        if path == "/api/creator.bio":
            return 200, json_type, b'{"body": {"text": "unterminated'
        if path == "/shop/sjis":
            # Declared UTF-8, written in Shift_JIS (CP932).
            return 200, "text/html; charset=utf-8", SHOP_HTML.format(**SJIS_SHOP).encode("cp932")
        if path == "/shop/euc":
            # No charset anywhere, written in EUC-JP.
            return 200, "text/html", SHOP_HTML.format(**EUC_SHOP).encode("euc_jp")
        return 404, "text/plain", b"not found"


def _handler(site: LabSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            status, content_type, body = site.reply(parts.path, query)
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler
