"""Signed, verifiable WACZ evidence bundles (see storage.export.bundle.export_bundle)."""
