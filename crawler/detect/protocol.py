"""The detector as the crawl, the judge and the CLI use it: a Protocol, so a stand-in (a
test's fake, a future remote detector) is checked against the same contract."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from crawler.detect.results import AccountResult, TextResult
from storage.findings import AccountText


@runtime_checkable
class TextDetector(Protocol):
    """Classifies one text, or one account part by part; never raises on str input."""

    # Changes when the signal files or the learned model change: stored detections carry it.
    digest: str

    def classify_text(self, text: str) -> TextResult: ...

    def classify_account(self, account: AccountText | None = None) -> AccountResult: ...
