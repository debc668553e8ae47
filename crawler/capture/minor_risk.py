"""Which accounts of this run may involve minors: their media keep no image at all.

The safety rules (docs/architecture.md, "Safety") decide on the text before any
media is kept: an account whose own page implies minors marks all its media, and a
post's own text marks that post's media.
"""

from __future__ import annotations

from collections.abc import Callable


class MinorRiskMap:
    def __init__(self, text_is_minor_risk: Callable[[str], bool]) -> None:
        self._text_is_minor_risk = text_is_minor_risk
        self._accounts: set[str] = set()

    def check_account(self, account_key: str, account_text: str) -> bool:
        """Remember the account as minor-risk if its own text says so."""
        if self._text_is_minor_risk(account_text):
            self._accounts.add(account_key)
            return True
        return False

    def is_minor(self, account_key: str, text: str = "") -> bool:
        """True when the account was marked, or the given text (a post's) implies minors."""
        if account_key in self._accounts:
            return True
        return bool(text) and self._text_is_minor_risk(text)

    def text_is_minor(self, text: str) -> bool:
        return bool(text) and self._text_is_minor_risk(text)
