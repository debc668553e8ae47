"""Nightly crawls: the scheduler, cross-process crawl locks, crash-safe resume and takedown tracking."""
