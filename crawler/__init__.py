"""mimamori: the Scrapy side (settings, items, pipelines, middlewares, CLI, detection, review app)."""

__version__ = "0.1.0"
