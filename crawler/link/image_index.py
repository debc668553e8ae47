"""Near-duplicate PDQ hashes at millions of images: exact multi-index hashing in numpy.

A PDQ hash is 256 bits; two images are "the same picture" when the Hamming distance of
their hashes is at most 31 (the threshold Meta's PDQ paper recommends). The index cuts
every hash into 16 chunks of 16 bits. By pigeonhole, two hashes within distance 31 differ
in at most one bit in at least one chunk (16 chunks x 2 bits would already be 32), so
looking up each query chunk and its 16 one-bit flips in a per-chunk table finds every true
neighbour; each candidate is then checked on all 256 bits. The search is therefore exact,
not approximate: distance 31 is always found and 32 never returned.

Why our own numpy code and not faiss: bench/linking.py measures both on 1,000,000 random
hashes (docs/benchmarks.md, "Linking"). faiss's IndexBinaryMultiHash with the same 16 x
16-bit tables and one flip is exact too, but took 10x longer to build (12.6 s against
1.2 s), 3x the memory (283 MB against 95 MB) and 1.8x longer for a batch of 10,000
queries (29.6 s against 16.9 s; the same order held on a loaded machine). faiss's
IndexBinaryHash (one table) is fast but misses true pairs: not exact. The numpy index is
28x faster than a brute-force numpy scan on the batch, answers a whole batch in a few
vectorised passes and adds no native dependency; faiss stays a bench-only extra.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

HASH_BITS = 256
CHUNKS = 16
CHUNK_BITS = HASH_BITS // CHUNKS
MAX_DISTANCE = 31
MIN_QUALITY = 50
# Chunk value x flip: the chunk itself and its 16 one-bit neighbours.
_PROBES = np.array([0] + [1 << b for b in range(CHUNK_BITS)], dtype=np.uint32)
# Queries answered per vectorised pass; bounds the candidate arrays to a few tens of MB.
_QUERY_BATCH = 512

if CHUNKS * 2 <= MAX_DISTANCE:  # pragma: no cover - guards the pigeonhole argument above
    raise AssertionError("16 chunks of one flip each cannot cover distance 31")


def hashes_from_hex(values: Sequence[str]) -> np.ndarray:
    """64-hex-digit PDQ strings as an (n, 32) uint8 array (big-endian, as PDQ prints)."""
    if not values:
        return np.zeros((0, HASH_BITS // 8), dtype=np.uint8)
    raw = bytes.fromhex("".join(values))
    if len(raw) != len(values) * (HASH_BITS // 8):
        raise ValueError("every PDQ hash must be 64 hex digits")
    return np.frombuffer(raw, dtype=np.uint8).reshape(len(values), HASH_BITS // 8)


def usable(pdq: str | None, quality: int | None, min_quality: int = MIN_QUALITY) -> bool:
    """PDQ marks flat or tiny images with a low quality; their hashes match noise."""
    if pdq is None or len(pdq) != 64 or quality is None or quality < min_quality:
        return False
    try:
        int(pdq, 16)
    except ValueError:
        return False
    return True


def _chunks(hashes: np.ndarray) -> np.ndarray:
    """(n, 32) bytes -> (n, 16) chunk values in 0..65535."""
    pairs = hashes.reshape(len(hashes), CHUNKS, 2).astype(np.uint32)
    return (pairs[:, :, 0] << 8) | pairs[:, :, 1]


def _words(hashes: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(hashes).view(np.uint64)


def hamming(a_words: np.ndarray, b_words: np.ndarray) -> np.ndarray:
    """Row-wise Hamming distance of two (n, 4) uint64 arrays."""
    return np.bitwise_count(a_words ^ b_words).sum(axis=1, dtype=np.int32)


@dataclass(frozen=True)
class Matches:
    """Pairs (query row, indexed row) within the distance, with their distances."""

    query: np.ndarray
    found: np.ndarray
    distance: np.ndarray

    def __len__(self) -> int:
        return len(self.query)


class PdqIndex:
    """An exact radius index over PDQ hashes; rows are numbered in the order given."""

    def __init__(self, hashes: np.ndarray) -> None:
        if hashes.ndim != 2 or hashes.shape[1] != HASH_BITS // 8:
            raise ValueError("hashes must be an (n, 32) uint8 array")
        self.size = len(hashes)
        self.hashes = hashes
        self._words = _words(hashes)
        chunks = _chunks(hashes)
        # Per chunk: rows sorted by chunk value, and where each value's run starts; chunk c
        # at offset c * 65,537 in the starts and its rows' run positions at c * n.
        width = (1 << CHUNK_BITS) + 1
        self._flat_order = np.empty(CHUNKS * self.size, dtype=np.int32)
        self._flat_starts = np.empty(CHUNKS * width, dtype=np.int64)
        for c in range(CHUNKS):
            column = chunks[:, c].astype(np.uint16)  # stable sort of uint16 is a radix sort
            self._flat_order[c * self.size : (c + 1) * self.size] = np.argsort(
                column, kind="stable"
            )
            counts = np.bincount(column, minlength=1 << CHUNK_BITS)
            starts = self._flat_starts[c * width : (c + 1) * width]
            starts[0] = c * self.size
            np.cumsum(counts, out=starts[1:])
            starts[1:] += c * self.size
        self._chunk_base = np.arange(CHUNKS, dtype=np.uint32) * width

    @classmethod
    def from_hex(cls, values: Sequence[str]) -> PdqIndex:
        return cls(hashes_from_hex(values))

    def search(self, queries: np.ndarray, max_distance: int = MAX_DISTANCE) -> Matches:
        """Every (query, row) pair within `max_distance` (at most 31: the chunking's bound)."""
        if max_distance > MAX_DISTANCE:
            raise ValueError(f"the index is exact up to distance {MAX_DISTANCE}")
        parts = [
            self._search_batch(queries[i : i + _QUERY_BATCH], i, max_distance)
            for i in range(0, len(queries), _QUERY_BATCH)
        ]
        if not parts:
            empty = np.zeros(0, dtype=np.int64)
            return Matches(empty, empty, empty.astype(np.int32))
        return Matches(
            np.concatenate([p[0] for p in parts]),
            np.concatenate([p[1] for p in parts]),
            np.concatenate([p[2] for p in parts]),
        )

    def _search_batch(
        self, queries: np.ndarray, offset: int, max_distance: int
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        # All chunks at once: chunk c's tables sit at offset c in the flattened arrays, so
        # a batch costs a dozen numpy calls however many chunks there are.
        keys = _chunks(queries)[:, :, None] ^ _PROBES[None, None, :]
        keys = (keys + self._chunk_base[None, :, None]).ravel()
        begin = self._flat_starts[keys]
        lengths = self._flat_starts[keys + 1] - begin
        total = int(lengths.sum())
        if total == 0:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty.astype(np.int32)
        # Ragged gather: position j of run r is begin[r] + j.
        run_of = np.repeat(np.arange(len(keys)), lengths)
        within = np.arange(total) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        rows = self._flat_order[begin[run_of] + within]
        q = run_of // (CHUNKS * len(_PROBES))
        # Check every candidate first and de-duplicate only the few survivors: a true
        # neighbour is met in several chunks, a random candidate almost always in one.
        distance = hamming(_words(queries)[q], self._words[rows])
        keep = np.flatnonzero(distance <= max_distance)
        pair = q[keep].astype(np.int64) * self.size + rows[keep]
        order = np.argsort(pair, kind="stable")
        pair = pair[order]
        first = np.ones(len(pair), dtype=bool)
        first[1:] = pair[1:] != pair[:-1]
        q, rows = np.divmod(pair[first], self.size)
        return q + offset, rows, distance[keep][order][first]


def brute_force(
    hashes: np.ndarray, queries: np.ndarray, max_distance: int = MAX_DISTANCE
) -> Matches:
    """Every pair by comparing each query with every row: the reference the index must equal."""
    words = _words(hashes)
    q_all: list[np.ndarray] = []
    rows_all: list[np.ndarray] = []
    dist_all: list[np.ndarray] = []
    for i, query in enumerate(_words(queries)):
        distance = np.bitwise_count(words ^ query).sum(axis=1, dtype=np.int32)
        rows = np.flatnonzero(distance <= max_distance)
        q_all.append(np.full(len(rows), i, dtype=np.int64))
        rows_all.append(rows.astype(np.int64))
        dist_all.append(distance[rows])
    if not q_all:
        empty = np.zeros(0, dtype=np.int64)
        return Matches(empty, empty, empty.astype(np.int32))
    return Matches(np.concatenate(q_all), np.concatenate(rows_all), np.concatenate(dist_all))
