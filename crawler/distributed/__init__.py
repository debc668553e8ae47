"""Several crawl workers on one run: a Redis frontier (scrapy-redis) and one database."""
