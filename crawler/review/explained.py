"""Refusals that explain themselves in the reader's language.

The message is written in English, the command line's language, so `str(error)` reads the
same as before in a terminal; a page shows `error.translated()`, the same sentence from the
catalogs in the request's language. Raise sites mark the message with `N_()` so it is
extracted for translation, and pass the values separately so the translation can place them.
"""

from __future__ import annotations

from crawler.review.i18n import _


class ExplainedError(ValueError):
    def __init__(self, message: str, **values: object) -> None:
        super().__init__(message % values if values else message)
        self.message = message
        self.values = values

    def translated(self) -> str:
        text = _(self.message)
        return text % self.values if self.values else text
