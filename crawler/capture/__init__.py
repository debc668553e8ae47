"""Evidence capture (docs/architecture.md, "Capture").

`recorder.Recorder` writes every record of a run's evidence: HTTP exchanges of plain
and browser pages, revisits, DOM snapshots, screenshots and media-fetch metadata.
Around it: `traffic` (a browser page's network traffic), `page_capture` (rendering,
DOM and screenshot of one page), `media_capture` (hashing media, blurred thumbnails,
minor-risk withholding), `browser` (page guards, blurring, scrolling) and `media`
(SHA-256 and PDQ hashing). The Scrapy glue that calls them is in crawler/middlewares.
"""
