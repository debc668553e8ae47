"""The link factory lives beside the review world it extends (tests/review/link_factory.py);
this module makes it and review_factory importable from tests/links."""

from __future__ import annotations

import sys
from pathlib import Path

REVIEW_TESTS = Path(__file__).resolve().parent.parent / "review"
if str(REVIEW_TESTS) not in sys.path:
    sys.path.insert(0, str(REVIEW_TESTS))

from link_factory import RULE, add_link, add_pair, side  # noqa: E402

__all__ = ["RULE", "add_link", "add_pair", "side"]
