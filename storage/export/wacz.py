"""Registers the signed WACZ evidence bundle (storage.export.bundle) as the "wacz" format."""

from __future__ import annotations

from storage.export import formats, report
from storage.export.bundle import export_bundle

WACZ = formats.register(
    formats.Exporter(
        name="wacz",
        suffix=".wacz",
        description="signed WACZ bundle: WARC captures, pictures, records, report, verifier",
        purposes=report.PURPOSES,
        export=export_bundle,
    )
)
