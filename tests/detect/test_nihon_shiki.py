"""づ and ぢ typed as du and di (Nihon-shiki, as Japanese keyboards take them): Yuduki for
ゆづき. Fictional people only."""

from __future__ import annotations

from crawler.detect import Detector, WatchlistEntry
from crawler.detect.romaji import romaji_variants

PEOPLE = [WatchlistEntry("J01", "宮ノ内 柚月", "みやのうち ゆづき", (), "actress")]


def test_du_is_a_spelling_only_where_the_kana_has_dzu() -> None:
    assert "yuduki" in romaji_variants("yuzuki", "ゆづき")
    assert "yuduki" not in romaji_variants("yuzuki", "ゆずき")


def test_a_full_name_and_a_part_typed_with_du_name_her() -> None:
    detector = Detector(PEOPLE)
    assert "J01" in detector.classify_text("Yuduki Miyanouchi nude deepfake, $10").people
    assert "J01" in detector.classify_text("Yuduki-chan AI nude set, 5 pics $10").people
