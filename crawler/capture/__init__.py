"""Evidence capture: WARC records, blurred screenshots, hashed media."""
