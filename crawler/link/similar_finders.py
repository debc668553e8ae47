"""Edge finders for re-used images, near-duplicate words and close handles.

Each finder has the link step's Finder shape, `(session, account_ids) -> edges`: it compares
the accounts touched in a run with every stored account. Image edges are strong evidence
(kind "image"); text ("text": bio, plan, price_list) and handle ("handle") edges are weak.
A value that many accounts share (a stock banner, a template price list, a generic
handle) makes no edge at all: the caps are in crawler/link/similar.yaml.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from crawler.link.edge import Edge, EdgeSide
from crawler.link.handles import HandleIndex
from crawler.link.image_index import PdqIndex, hashes_from_hex
from crawler.link.similar_config import SimilarConfig, load_config
from crawler.link.similar_evidence import Captures
from crawler.link.similar_text import text_edges_with
from crawler.link.text_near import lsh_bands
from storage.models import Account, Media

_HEX64 = re.compile("[0-9a-fA-F]{64}")


@dataclass(frozen=True)
class _Image:
    media_id: int
    account_id: int
    post_id: int | None
    pdq: str
    url: str


def _usable_hashes(session: Session, min_quality: int) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Media ids, account ids and PDQ hashes of every usable picture: only what the index
    needs, so a million pictures stay a few tens of MB."""
    media_ids: list[int] = []
    accounts: list[int] = []
    pdqs: list[str] = []
    rows = session.execute(
        select(Media.id, Media.account_id, Media.pdq)
        .where(Media.pdq.is_not(None), Media.pdq_quality >= min_quality)
        .order_by(Media.id)
    )
    for media_id, account_id, pdq in rows:
        # A malformed hash (a bug elsewhere, or a hand-edited row) is skipped, not fatal.
        if _HEX64.fullmatch(pdq):
            media_ids.append(media_id)
            accounts.append(account_id)
            pdqs.append(pdq.lower())
    return np.array(media_ids, dtype=np.int64), np.array(accounts, dtype=np.int64), pdqs


def _matched_media(
    session: Session, touched: set[int], cfg: SimilarConfig
) -> list[tuple[int, int, int]]:
    """(distance, media id, media id) for the touched accounts' pictures near another
    account's, leaving out pictures near-identical on more than the cap of accounts."""
    media_ids, account, pdqs = _usable_hashes(session, cfg.image_min_quality)
    query_rows = np.flatnonzero(np.isin(account, np.array(sorted(touched), dtype=np.int64)))
    if len(query_rows) == 0:
        return []
    index = PdqIndex(hashes_from_hex(pdqs))
    matches = index.search(index.hashes[query_rows], cfg.image_max_distance)
    q_rows, found, distance = query_rows[matches.query], matches.found, matches.distance
    other = account[found] != account[q_rows]
    q_rows, found, distance = q_rows[other], found[other], distance[other]
    stock = _stock_queries(q_rows, account[found], cfg.image_max_accounts)
    keep = ~np.isin(q_rows, np.array(sorted(stock), dtype=np.int64))
    return list(
        zip(
            distance[keep].tolist(),
            media_ids[q_rows[keep]].tolist(),
            media_ids[found[keep]].tolist(),
            strict=True,
        )
    )


def _load_images(session: Session, media_ids: set[int]) -> dict[int, _Image]:
    ids = sorted(media_ids)
    images: dict[int, _Image] = {}
    for start in range(0, len(ids), 5000):
        rows = session.execute(
            select(Media.id, Media.account_id, Media.post_id, Media.pdq, Media.url).where(
                Media.id.in_(ids[start : start + 5000])
            )
        )
        for m, a, p, pdq, url in rows:
            images[m] = _Image(m, a, p, pdq.lower(), url)
    return images


def _image_matches(
    session: Session, touched: set[int], cfg: SimilarConfig
) -> dict[tuple[int, int], list[tuple[int, _Image, _Image]]]:
    """(account, account) -> [(distance, image, image)], closest first."""
    matched = _matched_media(session, touched, cfg)
    images = _load_images(session, {m for _, a, b in matched for m in (a, b)})
    by_pair: dict[tuple[int, int], dict[tuple[int, int], tuple[int, _Image, _Image]]] = defaultdict(
        dict
    )
    for d, q, f in matched:
        first, second = sorted((images[q], images[f]), key=lambda i: i.account_id)
        key = (first.account_id, second.account_id)
        by_pair[key][(first.media_id, second.media_id)] = (d, first, second)
    return {pair: sorted(found.values(), key=_by_distance) for pair, found in by_pair.items()}


def _by_distance(match: tuple[int, _Image, _Image]) -> tuple[int, int, int]:
    return match[0], match[1].media_id, match[2].media_id


def _stock_queries(q_rows: np.ndarray, other_accounts: np.ndarray, cap: int) -> set[int]:
    """Query images near-identical on more than `cap` other accounts."""
    if len(q_rows) == 0:
        return set()
    pairs = np.unique(np.stack([q_rows, other_accounts], axis=1), axis=0)
    rows, counts = np.unique(pairs[:, 0], return_counts=True)
    return set(rows[counts > cap].tolist())


def image_edges_with(cfg: SimilarConfig):
    def image_edges(session: Session, account_ids: Sequence[int]) -> Iterable[Edge]:
        """Strong edges between accounts showing the same picture (PDQ distance <= 31)."""
        touched = set(account_ids)
        matched = _image_matches(session, touched, cfg)
        if not matched:
            return []
        captures = Captures.load(session, {a for pair in matched for a in pair})
        edges = []
        for (a, b), found in sorted(matched.items()):
            for distance, first, second in _merge_same_pictures(found)[: cfg.image_max_edges]:
                edges.append(
                    Edge.between(
                        a,
                        b,
                        kind="image",
                        value_kind="pdq",
                        value=f"{first[0].pdq}~{second[0].pdq}",
                        similarity=float(distance),
                        first_side=_image_side(first, captures),
                        second_side=_image_side(second, captures),
                    )
                )
        return edges

    return image_edges


def _merge_same_pictures(
    found: list[tuple[int, _Image, _Image]],
) -> list[tuple[int, list[_Image], list[_Image]]]:
    """One entry per pair of hashes: the same picture in several posts is one piece of
    evidence with several media on a side, not several edges."""
    merged: dict[tuple[str, str], tuple[int, list[_Image], list[_Image]]] = {}
    for distance, first, second in found:
        entry = merged.setdefault((first.pdq, second.pdq), (distance, [], []))
        if first not in entry[1]:
            entry[1].append(first)
        if second not in entry[2]:
            entry[2].append(second)
    return list(merged.values())


def _image_side(images: list[_Image], captures: Captures) -> EdgeSide:
    posts = tuple(sorted({i.post_id for i in images if i.post_id is not None}))
    account = images[0].account_id
    capture_ids: set[int] = set()
    for image in images:
        capture_ids.update(captures.of(account, image.post_id))
    return EdgeSide(
        capture_ids=tuple(sorted(capture_ids)),
        post_ids=posts,
        media_ids=tuple(sorted(i.media_id for i in images)),
        shown=images[0].url,
    )


def handle_edges_with(cfg: SimilarConfig):
    def handle_edges(session: Session, account_ids: Sequence[int]) -> Iterable[Edge]:
        """Weak edges between accounts whose handles are close after normalisation."""
        handles: dict[int, str | None] = {
            account_id: handle
            for account_id, handle in session.execute(select(Account.id, Account.handle))
        }
        index = HandleIndex(
            handles,
            min_ratio=cfg.handle_min_ratio,
            min_length=cfg.handle_min_length,
            max_accounts=cfg.handle_max_accounts,
            generic=cfg.handle_generic,
        )
        found: dict[tuple[int, int], float] = {}
        for account_id in set(account_ids):
            for close in index.close(account_id):
                pair = (min(account_id, close.account_id), max(account_id, close.account_id))
                found[pair] = close.score
        if not found:
            return []
        captures = Captures.load(session, {a for pair in found for a in pair})
        return [
            Edge.between(
                a,
                b,
                kind="handle",
                value_kind="handle",
                value=f"{index.form_of[a]}~{index.form_of[b]}",
                similarity=round(score / 100, 4),
                first_side=EdgeSide(capture_ids=captures.of(a, None), shown=handles[a]),
                second_side=EdgeSide(capture_ids=captures.of(b, None), shown=handles[b]),
            )
            for (a, b), score in sorted(found.items())
        ]

    return handle_edges


_CONFIG = load_config()
image_edges = image_edges_with(_CONFIG)
text_edges = text_edges_with(_CONFIG)
handle_edges = handle_edges_with(_CONFIG)


def prepare_text_finder() -> None:
    """Load what the text finder needs (datasketch and the SciPy it brings, the LSH bands of
    the configured threshold) ahead of the link step: the store process calls this while the
    crawl runs (crawler/run_end.py), so the run's end does not wait for it."""
    lsh_bands(_CONFIG.text_threshold, _CONFIG.text_num_perm)


__all__ = [
    "handle_edges",
    "handle_edges_with",
    "image_edges",
    "image_edges_with",
    "prepare_text_finder",
    "text_edges",
    "text_edges_with",
]
