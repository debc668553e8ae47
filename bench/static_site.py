"""A generated local site for crawl benchmarks: listing pages, account pages, post pages.

Run as a process of its own (`python bench/static_site.py PORT PAGES`) so that serving
does not compete with the crawler for the same interpreter.
"""

from __future__ import annotations

import random
import socket
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

POSTS_PER_ACCOUNT = 9

PROFILE = """\
name: {name}
platform: bench
display_name: Bench site
start_urls: ["{base}/list/0"]
allow_private_addresses: true
render: {render}
politeness: {{download_delay: {delay}, concurrency: {concurrency}, obey_robots_txt: false, autothrottle: false}}
media: {{fetch: false}}
health: {{min_accounts: 0}}
links:
  - kind: listing
    pattern: '^/list/\\d+$'
  - kind: account
    pattern: '^/acct/\\d+$'
  - kind: post
    pattern: '^/post/\\d+$'
account:
  key: "section.creator::attr(data-id)"
  handle: {{css: "p.handle::text", re: '@(\\w+)'}}
  display_name: "h1.name::text"
  bio: {{css: "div.bio", text: true}}
  plans:
    each: "div.plan"
    fields:
      name: ".plan-name::text"
      price: ".price::text"
post:
  key: "article.post::attr(data-id)"
  account_key: "article.post::attr(data-owner)"
  title: "h1.title::text"
  text: {{css: "div.text", text: true}}
  posted_at: "time::attr(datetime)"
"""


def crawl_profile(
    base: str, *, name: str = "bench", render: bool = False, concurrency: int = 16, delay: float = 0
) -> str:
    """A mimamori site profile for this site at `base` (the benchmarks and tests share it)."""
    return PROFILE.format(
        name=name, base=base, render=str(render).lower(), concurrency=concurrency, delay=delay
    )


ACCOUNTS_PER_LISTING = 50


def layout(pages: int) -> tuple[int, int]:
    """(accounts, listing pages) for about `pages` pages in total."""
    accounts = max(1, pages // (POSTS_PER_ACCOUNT + 1))
    listings = -(-accounts // ACCOUNTS_PER_LISTING)
    return accounts, listings


def render(path: str, pages: int) -> bytes | None:
    accounts, listings = layout(pages)
    if path.startswith("/list/"):
        n = int(path.rsplit("/", 1)[1])
        if not 0 <= n < listings:
            return None
        first = n * ACCOUNTS_PER_LISTING
        links = "".join(
            f'<li><a href="/acct/{i}">creator {i}</a></li>'
            for i in range(first, min(first + ACCOUNTS_PER_LISTING, accounts))
        )
        nxt = f'<a class="next" href="/list/{n + 1}">next</a>' if n + 1 < listings else ""
        return f"<html><body><h1>Creators page {n}</h1><ul>{links}</ul>{nxt}</body></html>".encode()
    if path.startswith("/acct/"):
        i = int(path.rsplit("/", 1)[1])
        if not 0 <= i < accounts:
            return None
        posts = "".join(
            f'<li><a href="/post/{i * POSTS_PER_ACCOUNT + k}">post {k}</a></li>'
            for k in range(POSTS_PER_ACCOUNT)
        )
        return (
            f'<html><body><section class="creator" data-id="{i}"><h1 class="name">Creator {i}</h1>'
            f'<p class="handle">@creator{i}</p><div class="bio">AIイラストを描いています。リクエスト受付中 #{i}</div>'
            f'<div class="plan"><span class="plan-name">Basic</span><span class="price">¥500/月</span></div>'
            f'<div class="plan"><span class="plan-name">Premium</span><span class="price">¥3,000/月</span></div>'
            f"</section><ul>{posts}</ul></body></html>"
        ).encode()
    if path.startswith("/post/"):
        j = int(path.rsplit("/", 1)[1])
        if not 0 <= j < accounts * POSTS_PER_ACCOUNT:
            return None
        owner = j // POSTS_PER_ACCOUNT
        body = "今日の作品です。オリジナルキャラクターのイラスト。" * 8
        return (
            f'<html><body><article class="post" data-id="{j}" data-owner="{owner}">'
            f'<h1 class="title">Post {j}</h1><a class="author" href="/acct/{owner}">creator {owner}</a>'
            f'<time datetime="2026-11-01T10:00:00+09:00">11/1</time><div class="text">{body}</div>'
            f"</article></body></html>"
        ).encode()
    if path == "/":
        return b'<html><body><a href="/list/0">creators</a></body></html>'
    return None


_WORDS = [
    "div",
    "span",
    "class",
    "item",
    "card",
    "price",
    "plan",
    "ranking",
    "new",
    "popular",
    "tag",
    "data-id",
    "href",
    "src",
    "script",
    "style",
    "会員",
    "限定",
    "支援",
    "プラン",
    "投稿",
    "更新",
    "おすすめ",
    "人気",
    "ランキング",
    "新着",
]


def padded(body: bytes | None, pad_kb: int, seed: str = "") -> bytes | None:
    """Real storefront pages weigh 50-300 KB (scripts, styles, markup) and gzip about 4:1;
    the bench pages are tiny unless padded with stable, similarly compressible filler."""
    if body is None or pad_kb <= 0:
        return body
    rng = random.Random(seed)
    words: list[str] = []
    size = 0
    while size < pad_kb * 1024:
        word = f"{rng.choice(_WORDS)}-{rng.randrange(100000)}"
        words.append(word)
        size += len(word) + 1
    filler = f"<div class='filler'>{' '.join(words)}</div></body>"
    return body.replace(b"</body>", filler.encode())


def serve(port: int, pages: int, pad_kb: int = 0) -> None:
    cache: dict[str, bytes | None] = {}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self) -> None:
            super().setup()
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def do_GET(self) -> None:
            if self.path not in cache:
                cache[self.path] = padded(render(self.path, pages), pad_kb, self.path)
            body = cache[self.path]
            status = 200 if body is not None else 404
            body = body if body is not None else b"not found"
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    serve(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 0)
