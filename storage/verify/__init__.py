"""Verification: of exported bundles (shared with the standalone verifier) and of the store."""
