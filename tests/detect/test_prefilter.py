"""Pattern prefilters skip work, never matches: the same hits with and without them."""

from __future__ import annotations

from crawler.detect import Detector
from crawler.detect.prefilter import (
    digit_gate,
    first_characters,
    required_characters,
    required_substrings,
)
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
    fast._gates = {}
    fast._index_runnables()
    without = [sorted(fast.find(norm), key=repr) for norm in keys]
    assert len(texts) > 1000
    assert with_prefilter == without


def test_digit_gate_passes_every_key_its_pattern_matches() -> None:
    gate = digit_gate("(1[0-7]|[1-9])(歳|才|さい)")
    assert gate is not None
    assert gate.search("彼女は15歳") and gate.search("5さい")
    assert gate.search("1枚500円") is None  # a price is no age: the pattern is not run
    offer = digit_gate("\\d+(枚|本)?(for|で)")
    assert offer is not None and offer.search("3for") and offer.search("3枚で")
    assert digit_gate("[$¥]0*[1-9]\\d*") is None  # nothing need follow the digits
    assert digit_gate("(1[0-7])(?![0-9])") is None
    assert digit_gate("\\d+.円") is None  # any character may follow: cannot tell
