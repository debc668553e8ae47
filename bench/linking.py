"""Seller linking at scale: the PDQ index against brute force (and faiss), and the
similarity finders' precision and recall on a generated labelled world.

    .venv/bin/python bench/linking.py [--accounts 100000] [--per-account 10]
        [--sellers 300] [--new 1000] [--seed 15]

Part 1 (arrays only): 1,000,000 PDQ hashes. Index build time, the near-duplicate query
time for one hash and for every hash of a batch of new accounts, peak memory, and the
same for a brute-force numpy scan (timed on a sample of the batch) and for faiss's
IndexBinaryMultiHash when faiss-cpu is installed (`pip install -e .[bench]`). Both indexes
are checked against brute force on the sample.

Part 2 (through the store): the same world written to a SQLite evidence store, then the
finders `image_edges`, `text_edges` and `handle_edges` run for the sellers' accounts, the
decoys and the batch of new accounts, as the link step would after a crawl. Prints each
finder's time, and pairwise precision and recall against the world's ground truth.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from linking_world import World, build  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from crawler.link.image_index import PdqIndex, brute_force, hashes_from_hex  # noqa: E402
from crawler.link.similar_finders import handle_edges, image_edges, text_edges  # noqa: E402
from storage.config import AppConfig  # noqa: E402
from storage.db import open_database  # noqa: E402
from storage.models import Account, Media, Plan, Platform  # noqa: E402

BRUTE_SAMPLE = 100


def _rss_mb() -> float:
    return psutil.Process().memory_info().rss / 2**20


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _pairs(matches) -> set[tuple[int, int]]:
    return set(zip(matches.query.tolist(), matches.found.tolist(), strict=True))


def bench_index(world: World, new: list[int]) -> None:
    hexes = [h for acc in world.accounts for h, q in acc.hashes if q >= 50]
    hashes = hashes_from_hex(hexes)
    per = len(world.accounts[0].hashes)
    batch = hashes_from_hex([h for i in new for h, q in world.accounts[i].hashes if q >= 50])
    print(
        f"\n== PDQ index: {len(hashes):,} hashes, batch of {len(new):,} new accounts "
        f"({len(batch):,} hashes, {per} per account), distance <= 31 =="
    )
    rows = []
    before = _rss_mb()
    t = time.perf_counter()
    index = PdqIndex(hashes)
    build_s, index_mb = time.perf_counter() - t, _rss_mb() - before
    t = time.perf_counter()
    for one in batch[:200]:
        index.search(one[None, :])
    one_ms = (time.perf_counter() - t) / 200 * 1000
    t = time.perf_counter()
    found = index.search(batch)
    batch_s = time.perf_counter() - t
    # The sellers' re-posted samples: queries that do have near neighbours to get right.
    planted = [world.accounts[i].hashes[0][0] for m in world.sellers.values() for i in m]
    sample = hashes_from_hex(planted[:BRUTE_SAMPLE])
    t = time.perf_counter()
    truth = brute_force(hashes, sample)
    brute_ms = (time.perf_counter() - t) / len(sample) * 1000
    exact = _pairs(index.search(sample)) == _pairs(truth)
    rows.append(("numpy multi-index hashing", build_s, index_mb, one_ms, batch_s, exact))
    rows.append(("brute force (numpy)", 0.0, 0.0, brute_ms, brute_ms * len(batch) / 1000, True))
    rows += _bench_faiss(hashes, batch, sample, truth)
    print(f"{'':28} {'build s':>8} {'index MB':>9} {'1 query ms':>11} {'batch s':>9}  exact")
    for name, b, mb, q, s, ok in rows:
        print(f"{name:28} {b:8.2f} {mb:9.0f} {q:11.3f} {s:9.2f}  {ok}")
    print(
        f"numpy index vs brute force: {brute_ms / one_ms:.0f}x faster per query; "
        f"batch {rows[1][4] / batch_s:.0f}x faster (brute force timed on {len(sample)} "
        f"of the sellers' re-posted pictures and scaled to the batch); {len(found):,} pairs in the batch"
    )
    print(f"exactness checked on {len(sample)} queries with {len(truth)} pairs within 31 bits")
    print(f"peak RSS so far: {_peak_mb():.0f} MB")


def _bench_faiss(hashes, batch, sample, truth) -> list[tuple]:
    try:
        import faiss
    except ImportError:
        print("faiss-cpu not installed (pip install -e .[bench]): faiss not measured")
        return []
    faiss.omp_set_num_threads(1)
    rows = []
    for name, make in (
        ("faiss IndexBinaryMultiHash", lambda: faiss.IndexBinaryMultiHash(256, 16, 16)),
        ("faiss IndexBinaryHash", lambda: faiss.IndexBinaryHash(256, 16)),
    ):
        before = _rss_mb()
        t = time.perf_counter()
        index = make()
        index.nflip = 1
        index.add(hashes)
        build_s, index_mb = time.perf_counter() - t, _rss_mb() - before
        t = time.perf_counter()
        for one in batch[:200]:
            index.range_search(one[None, :], 32)  # faiss: distance < radius
        one_ms = (time.perf_counter() - t) / 200 * 1000
        t = time.perf_counter()
        index.range_search(batch, 32)
        batch_s = time.perf_counter() - t
        lims, _d, ids = index.range_search(sample, 32)
        got = {(q, int(ids[j])) for q in range(len(sample)) for j in range(lims[q], lims[q + 1])}
        rows.append((name, build_s, index_mb, one_ms, batch_s, got == _pairs(truth)))
        del index
    return rows


def write_store(world: World, data_dir: Path):
    cfg = AppConfig.resolve(data_dir)
    db = open_database(cfg)
    t = time.perf_counter()
    with db.session() as s:
        platforms = [Platform(key=f"p{n}", display_name=f"Platform {n}") for n in range(3)]
        s.add_all(platforms)
        s.flush()
        ids = [p.id for p in platforms]
        s.execute(
            insert(Account),
            [
                {
                    "id": i + 1,
                    "platform_id": ids[i % 3],
                    "account_key": f"a{i}",
                    "handle": a.handle,
                    "bio": a.bio,
                    "profile_url": f"http://127.0.0.1:9/a{i}",
                }
                for i, a in enumerate(world.accounts)
            ],
        )
        media = [
            {
                "account_id": i + 1,
                "url": f"http://127.0.0.1:9/a{i}/{n}.jpg",
                "pdq": h,
                "pdq_quality": q,
            }
            for i, a in enumerate(world.accounts)
            for n, (h, q) in enumerate(a.hashes)
        ]
        for start in range(0, len(media), 100_000):
            s.execute(insert(Media.__table__), media[start : start + 100_000])
        s.execute(
            insert(Plan),
            [
                {"account_id": i + 1, "name": name, "price_text": price}
                for i, a in enumerate(world.accounts)
                for name, price in a.prices
            ],
        )
    print(f"store written in {time.perf_counter() - t:.1f} s")
    return db


def bench_finders(world: World, new: list[int], db) -> None:
    touched = sorted(
        {i for m in world.sellers.values() for i in m}
        | {i for d in world.decoys.values() for i in d}
        | set(new)
    )
    truth = world.true_pairs()
    print(
        f"\n== Finders through the store: {len(world.accounts):,} accounts, "
        f"{len(touched):,} touched ({len(world.sellers)} sellers, "
        f"{len(truth)} true pairs, decoys: "
        + ", ".join(f"{k} x{len(v)}" for k, v in world.decoys.items())
        + ") =="
    )
    print(
        f"{'finder':14} {'time s':>7} {'edges':>6} {'pairs':>6} {'precision':>9} "
        f"{'recall':>7}  false pairs by decoy"
    )
    for name, finder in (("image", image_edges), ("text", text_edges), ("handle", handle_edges)):
        with db.session() as s:
            t = time.perf_counter()
            edges = list(finder(s, [i + 1 for i in touched]))
            took = time.perf_counter() - t
        pairs = {(e.account_a_id - 1, e.account_b_id - 1) for e in edges}
        hits = pairs & truth
        precision = len(hits) / len(pairs) if pairs else 1.0
        wrong = _false_by_decoy(world, pairs - truth)
        print(
            f"{name:14} {took:7.1f} {len(edges):6} {len(pairs):6} {precision:9.3f} "
            f"{len(hits) / len(truth):7.3f}  {wrong}"
        )
    print(f"peak RSS: {_peak_mb():.0f} MB")


def _false_by_decoy(world: World, pairs: set[tuple[int, int]]) -> str:
    kind_of = {i: k for k, members in world.decoys.items() for i in members}
    counts: dict[str, int] = {}
    for a, b in pairs:
        kind = kind_of.get(a) if kind_of.get(a) == kind_of.get(b) else None
        key = kind or "unrelated"
        counts[key] = counts.get(key, 0) + 1
    return ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "none"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--per-account", type=int, default=10)
    parser.add_argument("--sellers", type=int, default=300)
    parser.add_argument("--new", type=int, default=1000, help="accounts in the new batch")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--skip-store", action="store_true", help="part 1 only")
    args = parser.parse_args()
    t = time.perf_counter()
    world = build(args.accounts, args.per_account, args.sellers, args.seed)
    print(
        f"world generated in {time.perf_counter() - t:.1f} s "
        f"(load average {', '.join(f'{x:.1f}' for x in psutil.getloadavg())})"
    )
    new = random.Random(args.seed).sample(range(args.accounts), args.new)
    bench_index(world, new)
    if not args.skip_store:
        with tempfile.TemporaryDirectory(prefix="mimamori-linking-") as tmp:
            db = write_store(world, Path(tmp) / "data")
            bench_finders(world, new, db)
            db.dispose()


if __name__ == "__main__":
    main()
