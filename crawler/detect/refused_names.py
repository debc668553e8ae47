"""Names an artist of invented characters turns away: "no real people (no, not even Tessa
Lin)", "niente persone reali: niente Lebrasseur", "Žádní reální lidé – ani Bittencourtová",
"request Nadia Larasati auto tolak", and the lookalikes she will not make either ("geen
lookalikes", "lookalike bhi nahi").

Such an artist, having said she draws no real people, often names the person she will not
draw. In a text that says so at full strength (a fiction or disclaimer word of weight 0.8
or more), a name that a negation opens the clause of, or a refusal closes, belongs to the
refusal: it is reported, but targets no one (detector.py). Without that statement a
negation near a name proves nothing ("no watermark: Tessa Lin set"). A lookalike claim
refused the same way is no claim: it is weighed as a plain real-person word, which the
statement then suppresses (refused_claims_weakened).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from crawler.detect.name_matcher import NameHit
from crawler.detect.signals import SignalHit

_DISCLAIMING = frozenset({"fictional", "disclaimer", "celebrity_refusal"})
_STRONG = 0.8
_WINDOW = 50
_NEGATION = (
    r"(?i)(?:\b(?:not even|not|no|nor|never|neither|don't|dont|do not|niente|nemmeno|neanche|nessuna|né|ani|"
    r"nie|żadnych|inte heller|inga|geen|zelfs geen|niet|ne de|bile|ни|не|нет|ні|навіть не|"
    r"даже не|kahit|walang|hindi|bukan|tidak|termasuk|nahi|nahin)\b|ولا|لا)"
)
# A negation, then at most 30 characters of the same clause, then the name.
_NEGATION_BEFORE = re.compile(_NEGATION + r"[^.!?。\n]{0,30}\Z")
# A lookalike claim is refused only by a negation that governs it ("geen lookalikes"), not
# by one it answers ("no real people, just a lookalike").
_NEGATION_RIGHT_BEFORE = re.compile(_NEGATION + r"[^.!?。\n]{0,12}\Z")
_CONTRAST = re.compile(r"(?i)\b(?:just|only|but|merely|simply|solo|nur|tylko|cuma|bas|sirf)\b")
# The name, then at most 40 characters of the same clause, then a refusal.
_REFUSAL_AFTER = re.compile(
    r"(?i)\A[^.!?。\n]{0,40}?(?:auto tolak|ditolak|tolak|odrzucam|nie rysuję|nerysuji|"
    r"не рисую|не малюю|hindi pwede|bloccat|blocked|refused|declined|rejected|won't|"
    r"will not|reddediyorum|kabul etmiyorum|yapmıyorum|boşuna|geweigerd|nekreslím|bhi nahi|"
    r"nahi karti|nahi karta|也不行|也不接|不接|不畫|不画|無理|むり|お断り|受けません|不可|"
    r"断りました|断った|断ってます|描かない|描きません|作らない|作りません|返信しません|"
    r"la risposta è no|the answer is no|het antwoord is nee|odpowiedź brzmi nie|nekas)"
)


def refused_name_spans(
    text: str, signal_hits: Sequence[SignalHit], name_hits: Sequence[NameHit]
) -> list[tuple[int, int]]:
    """The spans of the names a disclaiming text refuses; none in any other text."""
    if not name_hits or not _disclaims(signal_hits):
        return []
    return [(h.start, h.end) for h in name_hits if _refused(text, h.start, h.end)]


def refused_claims_weakened(text: str, signal_hits: list[SignalHit]) -> list[SignalHit]:
    """The hits, with each lookalike claim a disclaiming text refuses ("no lookalikes")
    made an ordinary real-person word that its statement may suppress."""
    claims = [
        i
        for i, h in enumerate(signal_hits)
        if h.spec.unsuppressible and h.spec.counts_as == "real_person"
    ]
    if not claims or not _disclaims(signal_hits):
        return signal_hits
    weakened = list(signal_hits)
    for i in claims:
        hit = weakened[i]
        if _refused_claim(text, hit.start, hit.end):
            weakened[i] = hit._replace(spec=dataclasses.replace(hit.spec, unsuppressible=False))
    return weakened


def _disclaims(signal_hits: Sequence[SignalHit]) -> bool:
    for hit in signal_hits:  # a loop, not any(): this runs on every text that names someone
        if hit.spec.family in _DISCLAIMING and hit.spec.weight >= _STRONG:
            return True
    return False


def _refused(text: str, start: int, end: int) -> bool:
    return bool(
        _NEGATION_BEFORE.search(text, max(0, start - _WINDOW), start)
        or _REFUSAL_AFTER.match(text[end : end + _WINDOW])
    )


def _refused_claim(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - _WINDOW) : start]
    negation = _NEGATION_RIGHT_BEFORE.search(before)
    if negation and not _CONTRAST.search(before, negation.start()):
        return True
    return bool(_REFUSAL_AFTER.match(text[end : end + _WINDOW]))
