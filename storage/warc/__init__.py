"""Writing evidence as WARC 1.1 (warcio), one file series per crawl run."""

from storage.warc.writer import EvidenceWarcWriter, RecordRef

__all__ = ["EvidenceWarcWriter", "RecordRef"]
