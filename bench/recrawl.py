"""Storage growth of a nightly re-crawl of an unchanged site (design target: < 5%).

    .venv/bin/python bench/recrawl.py [--profiles demo-fanclub demo-market demo-social-api]

Serves the demo world (day 1) on 127.0.0.1, crawls it into a fresh data dir with
`mimamori crawl` (its own process, as the scheduler runs it), measures the data
dir, crawls the unchanged site again and measures again. Prints the growth of the
whole data dir and of each part (WARC, database, blob store), and what the second
crawl's WARC bytes are made of.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from warcio.archiveiterator import ArchiveIterator  # noqa: E402

from crawler.demo_site import DemoSite  # noqa: E402

DEFAULT_PROFILES = ["demo-fanclub", "demo-market", "demo-social-api"]


def crawl(data_dir: Path, base: str, profiles: list[str]) -> tuple[float, list[dict]]:
    started = time.perf_counter()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "crawler.cli.main",
            "--data-dir",
            str(data_dir),
            "crawl",
            *profiles,
            "--json",
            "--no-progress",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "MIMAMORI_DEMO_URL": base},
        cwd=REPO,
        check=False,
    )
    if result.returncode != 0:
        sys.exit(f"crawl failed:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}")
    return time.perf_counter() - started, json.loads(result.stdout)


def tree_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def sizes(data_dir: Path) -> dict[str, int]:
    db = data_dir / "mimamori.sqlite3"
    # Fold the write-ahead log into the file so the number is the database's real size.
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db_bytes = sum(p.stat().st_size for p in data_dir.glob("mimamori.sqlite3*"))
    parts = {
        "warc": tree_bytes(data_dir / "warc"),
        "database": db_bytes,
        "blobs": tree_bytes(data_dir / "blobs"),
    }
    parts["total"] = sum(parts.values())
    return parts


def warc_breakdown(paths: list[Path]) -> Counter[str]:
    """Compressed bytes per record type (metadata = media fetch facts; media bodies are never kept)."""
    out: Counter[str] = Counter()
    for path in paths:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            iterator = ArchiveIterator(fh)
            records = []
            for record in iterator:
                records.append((record.rec_type, iterator.get_record_offset()))
        for i, (kind, offset) in enumerate(records):
            end = records[i + 1][1] if i + 1 < len(records) else size
            out[kind] += end - offset
    return out


def pct(after: int, before: int) -> str:
    return f"{(after - before) / before * 100:.1f}%" if before else "n/a"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--profiles", nargs="+", default=DEFAULT_PROFILES)
    parser.add_argument(
        "--keep",
        type=Path,
        default=None,
        metavar="DIR",
        help="Crawl into DIR (must not exist) and keep it.",
    )
    args = parser.parse_args()
    if args.keep is not None and args.keep.exists():
        sys.exit(f"{args.keep} exists; give a new folder to --keep")
    with tempfile.TemporaryDirectory(prefix="mimamori-recrawl-") as tmp, DemoSite(day=1) as site:
        data_dir = args.keep or Path(tmp)
        first_s, _first = crawl(data_dir, site.base_url, args.profiles)
        before = sizes(data_dir)
        warcs_before = set((data_dir / "warc").glob("*.warc.gz"))
        second_s, second = crawl(data_dir, site.base_url, args.profiles)
        after = sizes(data_dir)
        new_warcs = sorted(set((data_dir / "warc").glob("*.warc.gz")) - warcs_before)
        breakdown = warc_breakdown(new_warcs)
    pages = sum(r["summary"]["captures"] for r in second)
    revisits = sum(r["summary"]["revisits"] for r in second)
    print(f"profiles: {' '.join(args.profiles)}")
    print(f"first crawl {first_s:.1f}s, unchanged re-crawl {second_s:.1f}s")
    print(f"re-crawl captures: {pages} ({revisits} revisit records, {pages - revisits} full)")
    print(f"{'part':10} {'after crawl 1':>14} {'after crawl 2':>14} {'added':>10} {'growth':>8}")
    for part in ("warc", "database", "blobs", "total"):
        print(
            f"{part:10} {before[part]:>14,} {after[part]:>14,} "
            f"{after[part] - before[part]:>10,} {pct(after[part], before[part]):>8}"
        )
    print(
        "re-crawl WARC bytes by record type: "
        + ", ".join(f"{k} {v:,}" for k, v in breakdown.most_common())
    )
    print(f"RATIO total growth {pct(after['total'], before['total'])} (target < 5%)")


if __name__ == "__main__":
    main()
