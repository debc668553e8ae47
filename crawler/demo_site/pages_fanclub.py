"""fanclub: a server-rendered subscription platform (think Fantia / Fanbox), BEM-style classes `fc-*`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import escape

from crawler.demo_site.responses import Reply, Request, html, not_found, redirect
from crawler.demo_site.world_model import (
    AWKWARD_PATHS,
    HUGE_BYTES,
    RETRY_AFTER_429,
    Account,
    Post,
    World,
)

DIRECTORY_PAGE_SIZE = 6
POSTS_PAGE_SIZE = 5
MALFORMED_HANDLE = "cosplay_mika"


def handle(req: Request, world: World) -> Reply | None:
    path = req.path
    if path in ("/fanclub", "/fanclub/"):
        return directory(req, world)
    if path == "/fanclub/ranking":
        return ranking(req, world)
    if path.startswith("/fanclub/campaign"):
        return campaign_redirect(path)
    if path.startswith("/fanclub/private/"):
        return html(
            _page(
                "会員専用ページ",
                "<main><p class='fc-private'>会員専用ページです。ログインしてください。</p></main>",
            )
        )
    if m := re.fullmatch(r"/fanclub/creators/([A-Za-z0-9_]+)", path):
        acc = world.account("fanclub", m[1])
        return creator_page(req, acc) if acc else not_found("クリエイターが見つかりません")
    if m := re.fullmatch(r"/fanclub/creators/([A-Za-z0-9_]+)/posts", path):
        acc = world.account("fanclub", m[1])
        return post_list(req, acc) if acc else not_found("クリエイターが見つかりません")
    if path == AWKWARD_PATHS["huge"]:
        return huge_archive(req)
    if m := re.fullmatch(r"/fanclub/posts/(\d+)", path):
        found = world.post("fanclub", int(m[1]))
        return post_page(req, *found) if found else not_found("この投稿は削除されました")
    return None


def _head(title: str, charset_meta: str = '<meta charset="utf-8">', extra: str = "") -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="ja"><head>{charset_meta}<title>{escape(title)} | FANCLUB</title>'
        '<meta name="viewport" content="width=device-width">'
        "<style>body{font-family:sans-serif;margin:0}.fc-header{background:#e4007f;color:#fff;padding:8px}"
        ".fc-plan{border:1px solid #ccc;margin:4px;padding:4px}</style>"
        f"{extra}</head>\n"
    )


def _page(
    title: str, main: str, charset_meta: str = '<meta charset="utf-8">', extra_head: str = ""
) -> str:
    return (
        _head(title, charset_meta, extra_head)
        + '<body class="fc">\n<header class="fc-header"><a class="fc-header__home" href="/fanclub/">FANCLUB</a>'
        ' <a class="fc-header__ranking" href="/fanclub/ranking">ランキング</a></header>\n'
        + main
        + '\n<footer class="fc-footer">© FANCLUB (demo)</footer>\n</body></html>\n'
    )


def directory(req: Request, world: World) -> Reply:
    creators = world.accounts_on("fanclub")
    page = _page_number(req)
    pages = max(1, -(-len(creators) // DIRECTORY_PAGE_SIZE))
    if page is None or page > pages:
        return not_found()
    chunk = creators[(page - 1) * DIRECTORY_PAGE_SIZE : page * DIRECTORY_PAGE_SIZE]
    items = "\n".join(
        f'<li class="fc-dir__item" data-creator-id="{a.account_id}">'
        f'<a class="fc-dir__link" href="/fanclub/creators/{a.handle}">'
        f'<img class="fc-dir__avatar" src="/fanclub/media/avatars/{a.account_id}.png" alt="">'
        f'<span class="fc-dir__name">{escape(a.display_name)}</span></a></li>'
        for a in chunk
    )
    main = (
        '<main class="fc-directory">'
        '<p class="fc-banner"><a href="/fanclub/campaign">冬のキャンペーン開催中</a></p>'
        f'<h1>クリエイター一覧</h1><ul class="fc-dir">\n{items}\n</ul>'
        f"{_pager('/fanclub/?page=', page, pages)}</main>"
    )
    return html(
        _page("クリエイター一覧", main, extra_head=_canonical(req, f"/fanclub/?page={page}"))
    )


def _pager(prefix: str, page: int, pages: int) -> str:
    parts = ['<nav class="fc-pager">']
    if page > 1:
        parts.append(f'<a class="fc-pager__prev" rel="prev" href="{prefix}{page - 1}">前へ</a>')
    parts.append(f'<span class="fc-pager__current">{page} / {pages}</span>')
    if page < pages:
        parts.append(f'<a class="fc-pager__next" rel="next" href="{prefix}{page + 1}">次へ</a>')
    parts.append("</nav>")
    return "".join(parts)


def _page_number(req: Request) -> int | None:
    raw = req.query.get("page", "1")
    return int(raw) if raw.isdigit() and int(raw) >= 1 else None


def _canonical(req: Request, path: str) -> str:
    return f'<link rel="canonical" href="{escape(req.absolute(path))}">'


def _charset(acc_encoding: str) -> tuple[str, str, bool]:
    """(codec, meta tag, declare in header) for a creator's pages."""
    if acc_encoding == "shift_jis":
        return "shift_jis", '<meta charset="Shift_JIS">', True
    if acc_encoding == "shift_jis_meta":
        return "shift_jis", '<meta charset="Shift_JIS">', False
    return "utf-8", '<meta charset="utf-8">', True


def _links(req: Request, acc: Account) -> str:
    return "".join(
        f'<li><a class="fc-link" href="{escape(req.absolute(link.url))}" rel="nofollow">{escape(link.text)}</a></li>'
        for link in acc.links
    )


def _profile(req: Request, acc: Account) -> str:
    bio = "<br>".join(escape(line) for line in acc.bio.split("\n"))
    if acc.handle == MALFORMED_HANDLE:
        # Deliberately broken markup: unclosed <p>/<b>, a stray </div>.
        bio_html = f'<div class="fc-creator__bio"><p><b>{bio}</div></div>'
    else:
        bio_html = f'<div class="fc-creator__bio"><p>{bio}</p></div>'
    return (
        f'<section class="fc-creator" data-creator-id="{acc.account_id}">'
        f'<img class="fc-creator__avatar" src="/fanclub/media/avatars/{acc.account_id}.png" alt="">'
        f'<h1 class="fc-creator__name">{escape(acc.display_name)}</h1>'
        f'<p class="fc-creator__handle">@{escape(acc.handle)}</p>'
        f"{bio_html}"
        f'<ul class="fc-creator__links">{_links(req, acc)}</ul></section>\n'
    )


def _plans(acc: Account) -> str:
    plans = "\n".join(
        f'<div class="fc-plan" data-plan-id="{p.plan_id}" data-price-yen="{p.price_yen}">'
        f'<h3 class="fc-plan__name">{escape(p.name)}</h3>'
        f'<p class="fc-plan__price">{escape(p.price_text)}</p>'
        f'<p class="fc-plan__desc">{escape(p.description)}</p></div>'
        for p in acc.plans
    )
    return f'<section class="fc-plans"><h2>プラン</h2>\n{plans}\n</section>\n'


def _post_cards(posts: list[Post]) -> str:
    return "\n".join(
        f'<article class="fc-post-card" data-post-id="{p.post_id}">'
        f'<a class="fc-post-card__link" href="/fanclub/posts/{p.post_id}">'
        f'<h3 class="fc-post-card__title">{escape(p.title)}</h3></a>'
        f'<time class="fc-post-card__date" datetime="{p.published.isoformat()}">{p.published:%Y年%m月%d日}</time>'
        f'<span class="fc-post-card__plan">{escape(p.plan_name or "全体公開")}</span></article>'
        for p in posts
    )


def creator_page(req: Request, acc: Account) -> Reply:
    codec, meta, in_header = _charset(acc.encoding)
    pages = max(1, -(-len(acc.posts) // POSTS_PAGE_SIZE))
    prefix = f"/fanclub/creators/{acc.handle}/posts?page="
    main = (
        "<main>\n"
        + _profile(req, acc)
        + _plans(acc)
        + f'<section class="fc-posts"><h2>最新の投稿</h2>\n{_post_cards(list(acc.posts[:POSTS_PAGE_SIZE]))}\n'
        + _pager(prefix, 1, pages)
        + f'<p><a class="fc-posts__all" href="{prefix}1">投稿一覧</a></p></section>\n</main>'
    )
    extra = (
        _canonical(req, f"/fanclub/creators/{acc.handle}")
        + f'<meta name="fc:creator-id" content="{acc.account_id}">'
    )
    return html(_page(acc.display_name, main, meta, extra), codec, in_header)


def post_list(req: Request, acc: Account) -> Reply:
    codec, meta, in_header = _charset(acc.encoding)
    page = _page_number(req)
    pages = max(1, -(-len(acc.posts) // POSTS_PAGE_SIZE))
    if page is None or page > pages:
        return not_found()
    chunk = list(acc.posts[(page - 1) * POSTS_PAGE_SIZE : page * POSTS_PAGE_SIZE])
    main = (
        f'<main class="fc-post-list" data-creator-id="{acc.account_id}">'
        f'<h1><a class="fc-post-list__creator" href="/fanclub/creators/{acc.handle}">{escape(acc.display_name)}</a> の投稿</h1>\n'
        f"{_post_cards(chunk)}\n{_pager(f'/fanclub/creators/{acc.handle}/posts?page=', page, pages)}"
        '<aside class="fc-side"><a class="fc-side__ranking" href="/fanclub/ranking">人気ランキング</a></aside></main>'
    )
    return html(_page(f"{acc.display_name} の投稿", main, meta), codec, in_header)


def post_page(req: Request, acc: Account, post: Post) -> Reply:
    if post.encoding == "euc_jp":
        meta = '<meta http-equiv="Content-Type" content="text/html; charset=EUC-JP">'
    else:
        meta = '<meta charset="utf-8">'
    body = "".join(f"<p>{escape(line)}</p>" for line in post.text.split("\n"))
    body += "".join(
        f'<p><a class="fc-link" href="{escape(req.absolute(link.url))}">{escape(link.text)}</a></p>'
        for link in post.links
    )
    media = "".join(
        f'<img class="fc-post-detail__image" src="{m.path}" alt="">' for m in post.media
    )
    main = (
        f'<main><article class="fc-post-detail" data-post-id="{post.post_id}" data-creator-id="{acc.account_id}">'
        f'<h1 class="fc-post-detail__title">{escape(post.title)}</h1>'
        f'<p class="fc-post-detail__meta"><a class="fc-post-detail__creator" href="/fanclub/creators/{acc.handle}">{escape(acc.display_name)}</a>'
        f' <time class="fc-post-detail__date" datetime="{post.published.isoformat()}">{post.published:%Y/%m/%d %H:%M}</time>'
        f' <span class="fc-post-detail__plan">{escape(post.plan_name or "全体公開")}</span></p>'
        f'<div class="fc-post-detail__body">{body}</div>'
        f'<div class="fc-post-detail__media">{media}</div></article></main>'
    )
    extra = _canonical(req, post.path)
    return html(_page(post.title, main, meta, extra), post.encoding)


def ranking(req: Request, world: World) -> Reply:
    # Rate-limited the first time each server process sees it, like a real platform under load.
    if req.first_visit(req.target):
        reply = html(
            _page(
                "混雑中",
                "<main><p>アクセスが集中しています。しばらくしてから再度お試しください。</p></main>",
            ),
            status=429,
        )
        reply.headers["Retry-After"] = str(RETRY_AFTER_429)
        return reply
    ranked = sorted(world.accounts_on("fanclub"), key=lambda a: -len(a.posts))[:10]
    items = "".join(
        f'<li class="fc-rank__item"><a class="fc-rank__link" href="/fanclub/creators/{a.handle}">{escape(a.display_name)}</a></li>'
        for a in ranked
    )
    return html(
        _page(
            "人気ランキング",
            f'<main><h1>人気ランキング</h1><ol class="fc-rank">{items}</ol></main>',
        )
    )


def campaign_redirect(path: str) -> Reply:
    hops = {
        "/fanclub/campaign": ("/fanclub/campaign/step2", 302),
        "/fanclub/campaign/step2": ("/fanclub/campaign/step3", 301),
        "/fanclub/campaign/step3": ("/fanclub/creators/ai_bijin_lab", 302),
    }
    if path not in hops:
        return not_found()
    location, status = hops[path]
    return redirect(location, status)


def huge_archive(req: Request) -> Reply:
    """A 10 MiB page, produced row by row while it is sent."""
    head = _head("全投稿アーカイブ").encode() + b'<body class="fc"><main class="fc-archive"><ol>\n'
    tail = b"</ol></main></body></html>\n"
    row = '<li class="fc-archive__row">アーカイブ行 {:08d} ― 過去の投稿タイトルと日付の一覧です。</li>\n'
    row_len = len(row.format(0).encode())
    rows = (HUGE_BYTES - len(head) - len(tail)) // row_len
    padding = HUGE_BYTES - len(head) - len(tail) - rows * row_len

    def body() -> Iterator[bytes]:
        yield head
        batch: list[bytes] = []
        for i in range(rows):
            batch.append(row.format(i).encode())
            if len(batch) == 512:
                yield b"".join(batch)
                batch.clear()
                if req.stopping.is_set():
                    return
        yield b"".join(batch)
        yield b" " * padding + tail

    return Reply(200, b"", "text/html; charset=utf-8", {}, body(), HUGE_BYTES)
