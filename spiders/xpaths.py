"""Profile selectors as lxml XPath objects, built once per selector and evaluated on the
page's lxml tree directly (docs/architecture.md, "Crawl engine").

parsel caches the compiled XPath too, but each call still rebuilds its namespace map and
wraps every matched node and string in a Selector (Scrapy's, with its reference
tracking) only to serialise it again; for a profile's handful of fields on every page
that wrapping cost more than the matching. The values are the ones parsel gives:
`tests/crawl/test_xpaths.py` compares both on the same pages.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from lxml import etree
from parsel import Selector
from parsel.csstranslator import HTMLTranslator

_CSS = HTMLTranslator()
# parsel's default prefixes are EXSLT extensions, which parsel never caches compiled: a
# query that uses one goes through parsel.
_EXSLT_PREFIXES = ("re:", "set:")
_TEXT = etree.XPath(".//text()", smart_strings=False)


@lru_cache(maxsize=1024)
def compiled(css: str | None, xpath: str | None) -> etree.XPath | None:
    """The selector as an XPath object, or None when parsel must evaluate it."""
    query = _CSS.css_to_xpath(css) if css is not None else (xpath or "")
    if any(prefix in query for prefix in _EXSLT_PREFIXES):
        return None
    try:
        return etree.XPath(query, smart_strings=False)
    except etree.XPathError as exc:
        raise ValueError(f"XPath error: {exc} in {query}") from exc


def _serialise(node: Any) -> str:
    """A matched node as parsel's `get()` writes it."""
    if isinstance(node, etree._Element):
        return etree.tostring(node, method="html", encoding="unicode", with_tail=False)
    if node is True:
        return "1"
    if node is False:
        return "0"
    return str(node)


def _texts(node: Any) -> list[str]:
    """All descendant text of a node; none for a string, number or boolean result, as in
    parsel (their `.xpath()` finds nothing)."""
    return _TEXT(node) if isinstance(node, etree._Element) else []


def select(sel: Selector, css: str | None, xpath: str | None) -> list[Any] | None:
    """The raw lxml results of a selector on a page or block, or None when parsel must
    evaluate it (a non-HTML selector, an EXSLT query)."""
    root = sel.root
    if sel.type != "html" or not isinstance(root, etree._Element):
        return None
    evaluator = compiled(css, xpath)
    if evaluator is None:
        return None
    try:
        found = evaluator(root)
    except etree.XPathError as exc:
        raise ValueError(f"XPath error: {exc} in {evaluator.path}") from exc
    return found if isinstance(found, list) else [found]


def values(nodes: list[Any]) -> list[str]:
    return [_serialise(node) for node in nodes]


def texts(nodes: list[Any]) -> list[list[str]]:
    return [_texts(node) for node in nodes]
