"""Names an artist of invented characters turns away: "no real people (no, not even Tessa
Lin)", "niente persone reali: niente Lebrasseur", "Žádní reální lidé – ani Bittencourtová",
"request Nadia Larasati auto tolak".

Such an artist, having said she draws no real people, often names the person she will not
draw. In a text that says so at full strength (a fiction or disclaimer word of weight 0.8
or more), a name that a negation opens the clause of, or a refusal closes, belongs to the
refusal: it is reported, but targets no one (detector.py). Without that statement a
negation near a name proves nothing ("no watermark: Tessa Lin set").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from crawler.detect.name_matcher import NameHit
from crawler.detect.signals import SignalHit

_DISCLAIMING = frozenset({"fictional", "disclaimer", "celebrity_refusal"})
_STRONG = 0.8
_WINDOW = 50
# A negation, then at most 30 characters of the same clause, then the name.
_NEGATION_BEFORE = re.compile(
    r"(?i)(?:\b(?:not even|not|no|nor|never|neither|don't|dont|do not|niente|nemmeno|neanche|nessuna|né|ani|"
    r"nie|żadnych|inte heller|inga|geen|zelfs geen|niet|ne de|bile|ни|не|нет|ні|навіть не|"
    r"даже не|kahit|walang|hindi|bukan|tidak|termasuk|nahi|nahin)\b|ولا|لا)"
    r"[^.!?。\n]{0,30}\Z"
)
# The name, then at most 40 characters of the same clause, then a refusal.
_REFUSAL_AFTER = re.compile(
    r"(?i)\A[^.!?。\n]{0,40}?(?:auto tolak|ditolak|tolak|odrzucam|nie rysuję|nerysuji|"
    r"не рисую|не малюю|hindi pwede|bloccat|blocked|refused|declined|rejected|won't|"
    r"will not|reddediyorum|kabul etmiyorum|yapmıyorum|boşuna|geweigerd|nekreslím|bhi nahi|"
    r"nahi karti|nahi karta|也不行|也不接|不接|不畫|不画|無理|むり|お断り|受けません|不可|"
    r"la risposta è no|the answer is no|het antwoord is nee|odpowiedź brzmi nie|nekas)"
)


def refused_name_spans(
    text: str, signal_hits: Sequence[SignalHit], name_hits: Sequence[NameHit]
) -> list[tuple[int, int]]:
    """The spans of the names a disclaiming text refuses; none in any other text."""
    if not name_hits:
        return []
    for hit in signal_hits:  # a loop, not any(): this runs on every text that names someone
        if hit.spec.family in _DISCLAIMING and hit.spec.weight >= _STRONG:
            break
    else:
        return []
    return [
        (h.start, h.end)
        for h in name_hits
        if _NEGATION_BEFORE.search(text, max(0, h.start - _WINDOW), h.start)
        or _REFUSAL_AFTER.match(text[h.end : h.end + _WINDOW])
    ]
