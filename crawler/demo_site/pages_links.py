"""links: the demo's free link-in-bio service (think lit.link / linktr.ee / potofu.me).

/links/ is the service's home page, which many unrelated accounts link to (a decoy for
linking: sharing a free service says nothing about who runs an account); /links/<name> is
one user's page listing their accounts and contacts, which the crawl follows one hop from a
bio (`link_in_bio` in the demo profiles). Classes `lb-*`.
"""

from __future__ import annotations

import re
from html import escape

from crawler.demo_site.responses import Reply, Request, html, not_found
from crawler.demo_site.world_model import LinkPage, World

HOME_PATH = "/links/"


def handle(req: Request, world: World) -> Reply | None:
    path = req.path
    if path in ("/links", HOME_PATH):
        return html(_page("LinkBox", _home()))
    if m := re.fullmatch(r"/links/([A-Za-z0-9_-]+)", path):
        page = world.link_page(m[1])
        return html(_page(page.title, _user_page(req, page))) if page else not_found()
    return None


def _page(title: str, main: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="ja"><head><meta charset="utf-8"><title>{escape(title)} | LinkBox</title>'
        '<meta name="viewport" content="width=device-width">'
        "<style>body{font-family:sans-serif;max-width:480px;margin:0 auto;text-align:center}"
        ".lb-link{display:block;border:1px solid #333;border-radius:8px;margin:8px;padding:8px}</style>"
        f'</head>\n<body class="lb">\n{main}\n'
        f'<footer class="lb-footer"><a class="lb-home" href="{HOME_PATH}">LinkBox で無料でリンクまとめを作る</a></footer>\n'
        "</body></html>\n"
    )


def _home() -> str:
    return (
        '<main class="lb-home-page"><h1>LinkBox</h1>'
        "<p>SNS のプロフィールに貼れるリンクまとめページを無料で作れます。</p></main>"
    )


def _user_page(req: Request, page: LinkPage) -> str:
    items = "".join(
        f'<li><a class="lb-link" href="{escape(req.absolute(link.url))}" rel="nofollow">{escape(link.text)}</a></li>'
        for link in page.links
    )
    bio = "<br>".join(escape(line) for line in page.bio.split("\n"))
    return (
        f'<main class="lb-user" data-name="{escape(page.name)}"><h1 class="lb-user__title">{escape(page.title)}</h1>'
        f'<p class="lb-user__bio">{bio}</p><ul class="lb-links">{items}</ul></main>'
    )
