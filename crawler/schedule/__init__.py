"""Nightly crawls: the APScheduler service and the jobs it runs (each crawl in its own process)."""
