"""Why an export refused to write: every export format raises these, callers catch them."""

from __future__ import annotations

from storage.export.select import SelectionError


class EvidenceDamagedError(RuntimeError):
    """Stored evidence no longer matches its record: nothing is exported from it."""


__all__ = ["EvidenceDamagedError", "SelectionError"]
