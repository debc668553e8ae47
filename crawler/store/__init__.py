"""Writing what a crawl found into the database, off the reactor thread."""
