"""A thread pasted whole: where each numbered reply starts and ends.

Forum and board pages are often crawled as one text: a title, then "1: …", "2: …" or
">>3 …" replies. A reply that reports the thread ("4: 通報しました") is about the thread, not
part of the offer in reply 3; the minor floor asks each reply on its own (detector.py), so
one reply's warning words do not lift it for another reply's offer.
"""

from __future__ import annotations

import itertools
import re

# A line that starts a reply: "1:", "12：", ">>3", "＞＞3", "[4]", "No.5", "#6 ".
_REPLY_START = re.compile(
    r"^[ \t\u3000]*(?:\d{1,4}[ \t]*[:：]|[>＞]{2}[ \t]*\d{1,4}|\[\d{1,4}\]|No\.\d{1,4}|#\d{1,4}\s)",
    re.MULTILINE,
)
MIN_REPLIES = 2


def reply_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the title and of each reply, or [] when the text is no thread."""
    if "\n" not in text:
        return []
    starts = [m.start() for m in _REPLY_START.finditer(text)]
    if len(starts) < MIN_REPLIES:
        return []
    bounds = ([0] if starts[0] > 0 else []) + starts + [len(text)]
    return [(a, b) for a, b in itertools.pairwise(bounds) if a < b]
