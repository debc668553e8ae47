"""mimamori: the Scrapy side (settings, items, pipelines, middlewares, CLI, detection, review app)."""

from storage.version import __version__

__all__ = ["__version__"]
