"""The mimamori demo world: a local web server with three fictional platforms (fanclub, social,
market) that the crawler is tested against. Every person and shop in it is fictional and every
image is a synthetic placeholder. See MARKUP.md for URL schemes and selectors."""

from crawler.demo_site.server import DemoSite
from crawler.demo_site.world import build_world
from crawler.demo_site.world_model import DEMO_WATCHLIST_CSV

__all__ = ["DEMO_WATCHLIST_CSV", "DemoSite", "build_world"]
