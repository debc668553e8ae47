"""The tool's version, recorded in every WARC, capture and bundle (the lowest layer owns it)."""

__version__ = "0.1.0"
