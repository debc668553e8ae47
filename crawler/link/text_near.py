"""Near-duplicate bios, plan descriptions and price lists: MinHash LSH over character n-grams.

Texts are compared after the detector's normalisation (crawler/detect/normalize.py: width,
case and kana folded, separators and decorations dropped), so a bio re-typed with
full-width letters, spaces slipped between characters or katakana for hiragana still
matches. Japanese has no spaces between words, so the shingles are character n-grams of
the normalised key rather than word n-grams. datasketch's LSH only proposes candidates;
each is confirmed on the exact Jaccard similarity of the two shingle sets, so a reported
pair really is at least as similar as the threshold.
"""

from __future__ import annotations

import functools
import hashlib
import zlib
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from crawler.detect.normalize import Normalizer

if TYPE_CHECKING:
    from datasketch import MinHash

_NORMALIZER = Normalizer()


def normal_key(text: str) -> str:
    """The detector's matching key of a text (the form two texts are compared in)."""
    return _NORMALIZER.key(text)


def shingles(key: str, size: int) -> set[str]:
    """Character n-grams of a normalised key; a key shorter than `size` is one shingle."""
    if len(key) <= size:
        return {key} if key else set()
    return {key[i : i + size] for i in range(len(key) - size + 1)}


def digest(key: str) -> str:
    """A short stable name for a normalised text, used in an edge's value."""
    return hashlib.sha256(key.encode()).hexdigest()[:16]


@functools.cache
def lsh_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows per band) of an LSH index for this threshold. datasketch works them out
    by numerical integration on every index it builds (60 ms for the link step's three);
    they depend on these two numbers only."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return lsh.b, lsh.r


@dataclass(frozen=True)
class NearText:
    """A document the index holds that is near the one asked about."""

    doc: Hashable
    jaccard: float


class NearTextIndex:
    """Texts by document id; `near(doc)` gives the other documents at least `threshold`
    similar (Jaccard of the shingle sets). Texts with fewer than `min_chars` normalised
    characters are not indexed: a greeting or a one-word bio is shared by strangers."""

    def __init__(
        self,
        *,
        threshold: float = 0.6,
        num_perm: int = 128,
        ngram: int = 3,
        min_chars: int = 30,
    ) -> None:
        self.threshold, self.num_perm, self.ngram, self.min_chars = (
            threshold,
            num_perm,
            ngram,
            min_chars,
        )
        # Imported here, not at the top: datasketch brings in SciPy and the Redis client
        # (about 60 MB of resident memory). The crawl process imports this module from the
        # start but builds an index only in the end-of-run link step.
        from datasketch import MinHash, MinHashLSH

        self._minhash_type = MinHash

        self._lsh = MinHashLSH(
            threshold=threshold, num_perm=num_perm, params=lsh_bands(threshold, num_perm)
        )
        # One set of permutations for every MinHash: datasketch draws new ones per object
        # otherwise, which costs more than hashing a whole bio. CRC-32 as the shingle hash:
        # the random affine permutations spread it, and it is a C call per shingle.
        template = MinHash(num_perm=num_perm, hashfunc=zlib.crc32)
        self._permutations, self._scheme = template.permutations, template.scheme
        # Only the normalised key is kept per document: shingle sets and MinHash values of
        # 100,000 bios would take hundreds of MB, and are recomputed for the few asked about.
        self.keys: dict[Hashable, str] = {}

    def add(self, doc: Hashable, text: str) -> bool:
        """Index a raw text under `doc`; False (and nothing indexed) when it is too short."""
        key = normal_key(text)
        if len(key) < self.min_chars or doc in self.keys:
            return False
        self._lsh.insert(doc, self._minhash(shingles(key, self.ngram)), check_duplication=False)
        self.keys[doc] = key
        return True

    def _minhash(self, grams: set[str]) -> MinHash:
        minhash = self._minhash_type(
            num_perm=self.num_perm,
            hashfunc=zlib.crc32,
            permutations=self._permutations,
            scheme=self._scheme,
        )
        minhash.update_batch([g.encode() for g in grams])
        return minhash

    def add_all(self, docs: Iterable[tuple[Hashable, str]]) -> int:
        return sum(self.add(doc, text) for doc, text in docs)

    def __contains__(self, doc: Hashable) -> bool:
        return doc in self.keys

    def near(self, doc: Hashable) -> list[NearText]:
        """The other indexed documents at least `threshold` similar to `doc`, closest first."""
        key = self.keys.get(doc)
        if key is None:
            return []
        grams = shingles(key, self.ngram)
        found = []
        for other in self._lsh.query(self._minhash(grams)):
            if other == doc:
                continue
            other_grams = shingles(self.keys[other], self.ngram)
            jaccard = len(grams & other_grams) / len(grams | other_grams)
            if jaccard >= self.threshold:
                found.append(NearText(other, round(jaccard, 4)))
        found.sort(key=lambda n: -n.jaccard)
        return found
