"""Evidence exports: the format registry (storage.export.formats) and the signed WACZ bundle
(storage.export.bundle.export_bundle), built from the shared case loader (storage.cases)."""
