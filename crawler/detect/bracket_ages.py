"""An age in brackets right after a name: 瀬戸口すず（16）, "Suzu Setoguchi (16)".

News and gossip write a person's age so, and sellers copy it. The normalised key drops
brackets, so the signal patterns (signals/minor*.yaml) cannot tell "(16)" from any other
16. Only right after a name found in the text does a bracketed number count as an age: a
bare (12) elsewhere is a count ("コメント(12)", "新作(12)").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from crawler.detect.families import TermSpec
from crawler.detect.name_matcher import NameHit
from crawler.detect.normalize import NormalizedText
from crawler.detect.signals import SignalHit

# After the name: an optional space, an opening bracket, an age under 18, optionally its
# unit, the closing bracket. Ages below 5 are more often something else ("(2)" a part).
# "当時" or "age" may come first (あんにゃ（当時12）, "(age 16)"), and a comma and a few
# more words after ("Yume Hinata (16, national team)").
_AGE = re.compile(
    r"[ \u3000]?[（(][ \u3000]?(?:当時|当时|aged? )?(1[0-7]|[5-9])[ \u3000]?"
    r"(?:歳|才|さい|yo|y/o|yrs?|years? old|세|살|岁|歲|tuổi)?[ \u3000]?"
    r"(?:[,、，;][^)）]{0,40})?[)）]",
    re.IGNORECASE,
)
LABEL = "age in brackets after a name"


def age_spec(counts_as: str) -> TermSpec:
    return TermSpec(family="minor", label=LABEL, weight=1.0, counts_as=counts_as)


def bracket_age_hits(
    norm: NormalizedText, name_hits: Iterable[NameHit], spec: TermSpec
) -> list[SignalHit]:
    """A minor hit on each age in brackets that directly follows a name hit."""
    found: list[SignalHit] = []
    original = norm.original
    for hit in name_hits:
        age = _AGE.match(original, hit.end)
        if age is None:
            continue
        start, end = age.span(1)
        # The key characters of the digits (the key keeps digits, one per character).
        key_start = bisect.bisect_left(norm.starts, start)
        key_end = bisect.bisect_left(norm.starts, end)
        if key_start < key_end:
            found.append(SignalHit(spec, key_start, key_end, start, end))
    return found
