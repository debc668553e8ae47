"""Pattern prefilters skip work, never matches: the same hits with and without them."""

from __future__ import annotations

from crawler.detect import Detector
from crawler.detect.prefilter import first_characters, required_characters, required_substrings
from crawler.detect.training import load_split, training_split_names


def test_prefilters_read_what_every_match_must_hold() -> None:
    assert first_characters(r"[$¥]\d+") == frozenset("$¥")
    assert first_characters(r"a*") is None  # may match the empty string
    assert required_characters(r"(?:when|girls?)(1[0-7])") == frozenset("1")
    assert required_substrings(r"adults?(scene|video)") == ("adult",)
    assert required_substrings(r"(turn|make)\w{0,30}into") == ("turn", "make")
    assert required_substrings(r".{0,12}x") is None


def test_prefilters_change_no_hit_on_any_labelled_post() -> None:
    detector = Detector([], model=None)
    fast = detector.signals
    texts = [row.text for name in training_split_names() for row in load_split(name).rows]
    keys = [detector.normalizer.normalize(text) for text in texts]
    with_prefilter = [sorted(fast.find(norm), key=repr) for norm in keys]
    fast._needs_strings = frozenset()
    fast._always = list(range(len(fast._patterns)))
    fast._pattern_chars = frozenset()
    without = [sorted(fast.find(norm), key=repr) for norm in keys]
    assert len(texts) > 1000
    assert with_prefilter == without
