"""Scrapy downloader middlewares: address guard, Retry-After, evidence recording."""
