"""The PDQ index is exact: the same pairs as comparing every hash with every other."""

from __future__ import annotations

import numpy as np
import pytest

from crawler.link.image_index import (
    MAX_DISTANCE,
    PdqIndex,
    brute_force,
    hashes_from_hex,
    usable,
)


def _flip(hashes: np.ndarray, row: int, bits: np.ndarray) -> np.ndarray:
    out = hashes[row].copy()
    for bit in bits:
        out[bit // 8] ^= 1 << (bit % 8)
    return out


@pytest.fixture(scope="module")
def planted() -> tuple[np.ndarray, np.ndarray, dict[int, int]]:
    """20,000 random hashes, and queries at known distances 0..40 from chosen rows."""
    rng = np.random.default_rng(15)
    hashes = rng.integers(0, 256, (20_000, 32), dtype=np.uint8)
    queries, distance_of = [], {}
    for q, distance in enumerate(list(range(41)) * 3):
        row = int(rng.integers(len(hashes)))
        bits = rng.choice(256, distance, replace=False)
        if q % 3 == 1:  # as few 16-bit chunks as possible
            bits = np.arange(distance)
        elif q % 3 == 2:  # spread over every chunk: 31 is 2 bits in 15 chunks and 1 in one,
            # found only through the one-bit flips of that last chunk
            bits = np.array([(k % 16) * 16 + k // 16 for k in range(distance)])
        queries.append(_flip(hashes, row, bits))
        distance_of[q] = distance
    return hashes, np.stack(queries), distance_of


def _pairs(matches) -> set[tuple[int, int, int]]:
    return set(
        zip(matches.query.tolist(), matches.found.tolist(), matches.distance.tolist(), strict=True)
    )


def test_index_finds_exactly_the_brute_force_pairs(planted) -> None:
    hashes, queries, _ = planted
    index = PdqIndex(hashes)
    assert _pairs(index.search(queries)) == _pairs(brute_force(hashes, queries))


def test_distance_31_is_found_and_32_is_not(planted) -> None:
    hashes, queries, distance_of = planted
    found = _pairs(PdqIndex(hashes).search(queries))
    found_distance = {(q, d) for q, _row, d in found}
    for q, distance in distance_of.items():
        assert ((q, distance) in found_distance) == (distance <= MAX_DISTANCE), (q, distance)
    assert any(d == 31 for _q, _r, d in found)


def test_a_batch_of_queries_larger_than_one_pass(planted) -> None:
    hashes, _, _ = planted
    queries = hashes[::30]  # 667 queries: two vectorised passes
    matches = PdqIndex(hashes).search(queries)
    assert _pairs(matches) == _pairs(brute_force(hashes, queries))
    assert len(matches) >= len(queries)  # each query finds at least its own row


def test_the_index_refuses_a_radius_it_cannot_search_exactly() -> None:
    index = PdqIndex.from_hex(["0" * 64])
    with pytest.raises(ValueError):
        index.search(hashes_from_hex(["0" * 64]), max_distance=32)


def test_low_quality_and_malformed_hashes_are_not_usable() -> None:
    assert usable("f" * 64, 90)
    assert usable("f" * 64, 50)
    assert not usable("f" * 64, 49)
    assert not usable("f" * 64, None)
    assert not usable(None, 90)
    assert not usable("f" * 63, 90)
    assert not usable("g" * 64, 90)


def test_hex_round_trip_keeps_bit_order() -> None:
    one_bit = "8" + "0" * 63
    hashes = hashes_from_hex(["0" * 64, one_bit])
    index = PdqIndex(hashes)
    matches = index.search(hashes[:1], max_distance=1)
    assert sorted(matches.distance.tolist()) == [0, 1]
