"""Crawl throughput with full evidence capture, against bare baselines measured in the same run.

    .venv/bin/python bench/crawl_static.py [--pages 5000] [--runs 5] [--browser-pages 120] [--recrawl-pages 1000 --page-kb 60]

Static: a bare Scrapy spider (no pipelines) and `mimamori crawl` (WARC + SHA-256 + database
+ detection + hash chain) crawl the same generated local site, in turn, `--runs` times; the
ratio is timed to the last response, to the end of end-of-run judging (target >= 0.85) and
to process exit, with CPU per page beside it.
Browser: a plain scrapy-playwright spider taking full-page screenshots, 4 pages at a time,
and mimamori with rendering, blurred screenshots, DOM and network capture.
Re-crawl: storage added by crawling an unchanged site again, with pages of a realistic
weight (bench/recrawl.py measures the same on the tiny pages of the demo world).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
from static_site import crawl_profile  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_site(pages: int, pad_kb: int = 0) -> tuple[subprocess.Popen[str], str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "static_site.py"), str(port), str(pages), str(pad_kb)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    return proc, f"http://127.0.0.1:{port}"


def timed(
    command: list[str], **kwargs: object
) -> tuple[subprocess.CompletedProcess[str], float, float]:
    """Run a child process: its result, its wall seconds to exit and its CPU seconds (user +
    system, from the kernel's accounting of finished children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.monotonic()
    out = subprocess.run(command, capture_output=True, text=True, **kwargs)  # type: ignore[call-overload]
    wall = time.monotonic() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return out, wall, cpu


def bare(mode: str, start: str) -> dict[str, float]:
    out, wall, cpu = timed([sys.executable, str(HERE / "bare_spiders.py"), mode, start], check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    # Bare Scrapy has no judging: its crawl ends when its engine stops.
    return {**result, "judged_seconds": result["seconds"], "exit_seconds": wall, "cpu_s": cpu}


def mimamori(name: str, base: str, *, render: bool, concurrency: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="mimamori-bench-") as tmp:
        profile = Path(tmp) / f"{name}.yaml"
        profile.write_text(
            crawl_profile(base, name=f"bench-{name}", render=render, concurrency=concurrency)
        )
        data = Path(tmp) / "data"
        out, wall, cpu = timed(
            [
                sys.executable,
                "-m",
                "crawler.cli.main",
                "--data-dir",
                str(data),
                "crawl",
                str(profile),
                "--json",
                "--no-progress",
            ],
            cwd=REPO,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        if out.returncode not in (0, 1):
            raise SystemExit(f"mimamori crawl failed:\n{out.stderr[-3000:]}")
        summary = json.loads(out.stdout)[0]["summary"]
        size = sum(f.stat().st_size for f in data.rglob("*") if f.is_file())
        # ru_maxrss of children: the largest child so far, and the crawl is the largest one.
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        return {
            "pages": summary["responses"],
            "seconds": summary["duration_s"],
            "judged_seconds": summary["judged_s"],
            "exit_seconds": wall,
            "cpu_s": cpu,
            "bytes_on_disk": size,
            "db_bytes": database_bytes(data),
            "peak_rss_mb": peak_mb,
        }


def database_bytes(data: Path) -> int:
    """The SQLite store's size with its write-ahead log folded in."""
    db = data / "mimamori.sqlite3"
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return db.stat().st_size


def recrawl_growth(pages: int, pad_kb: int) -> None:
    """Storage added by re-crawling an unchanged site whose pages weigh `pad_kb` KB."""
    site, base = start_site(pages, pad_kb)
    try:
        with tempfile.TemporaryDirectory(prefix="mimamori-bench-") as tmp:
            profile = Path(tmp) / "recrawl.yaml"
            profile.write_text(crawl_profile(base, name="bench-recrawl"))
            data = Path(tmp) / "data"
            sizes = []
            for _ in range(2):
                subprocess.run(
                    [
                        sys.executable,
                        "-m",
                        "crawler.cli.main",
                        "--data-dir",
                        str(data),
                        "crawl",
                        str(profile),
                        "--no-progress",
                    ],
                    capture_output=True,
                    cwd=REPO,
                    check=False,
                )
                # Fold SQLite's WAL into the main file before measuring.
                subprocess.run(
                    [
                        sys.executable,
                        "-c",
                        f"import sqlite3; sqlite3.connect({str(data / 'mimamori.sqlite3')!r}).execute('PRAGMA wal_checkpoint(TRUNCATE)')",
                    ],
                    check=True,
                )
                sizes.append(sum(f.stat().st_size for f in data.rglob("*") if f.is_file()))
    finally:
        site.terminate()
    print(f"unchanged re-crawl, {pages} pages of ~{pad_kb} KB")
    print(f"  data dir after crawl 1: {sizes[0]:,} bytes, after crawl 2: {sizes[1]:,} bytes")
    print(f"  growth: {(sizes[1] - sizes[0]) / sizes[0]:.1%}   (target < 5%)")


def rate(result: dict[str, float], key: str = "seconds") -> float:
    return result["pages"] / result[key]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument(
        "--runs",
        type=int,
        default=5,
        help="interleaved runs of the static pair and of the browser pair",
    )
    parser.add_argument("--browser-pages", type=int, default=120)
    parser.add_argument(
        "--recrawl-pages", type=int, default=1000, help="0 to skip the re-crawl growth part"
    )
    parser.add_argument(
        "--page-kb", type=int, default=60, help="page weight for the re-crawl growth part"
    )
    args = parser.parse_args()

    if args.pages:
        static_ratio(args.pages, args.runs)
    if args.browser_pages:
        browser_ratio(args.browser_pages, args.runs)
    if args.recrawl_pages:
        recrawl_growth(args.recrawl_pages, args.page_kb)
    print(
        textwrap.dedent("""\
        (pages = responses received. "to last response": crawl start to the engine's stop;
        "to end of judging": crawl start to the end of end-of-run judging and flagging
        (bare Scrapy has none: its engine stop); "to process exit": the whole process from
        outside, interpreter start-up included. The ratio is mimamori's pages/s over bare's.)""")
    )


def static_ratio(pages: int, runs: int) -> None:
    """Bare Scrapy and mimamori in turn (B A B A ...), so machine drift hits both alike; the
    ratio is taken pair by pair and the median quoted."""
    site, base = start_site(pages)
    pairs = []
    try:
        for _ in range(runs):
            baseline = bare("static", f"{base}/list/0")
            full = mimamori("static", base, render=False, concurrency=16)
            pairs.append((baseline, full))
    finally:
        site.terminate()
    print(f"static site, {pages} pages, {runs} interleaved runs (median [min-max])")
    for label, key in (
        ("to last response", "seconds"),
        ("to end of judging", "judged_seconds"),
        ("to process exit", "exit_seconds"),
    ):
        ratios = [rate(f, key) / rate(b, key) for b, f in pairs]
        print(
            f"  ratio mimamori/bare {label:18}: {spread(ratios)}"
            f"   mimamori {spread([f[key] for _, f in pairs], 's')}, bare {spread([b[key] for b, _ in pairs], 's')}"
        )
    for name, index in (("bare Scrapy", 0), ("mimamori", 1)):
        cpu = [pair[index]["cpu_s"] * 1000 / pair[index]["pages"] for pair in pairs]
        print(f"  CPU per page {name:11}: {spread(cpu, ' ms')} (user + system, whole process)")
    full = pairs[-1][1]
    print("  ratio target to end of judging: >= 0.85")
    print(
        f"  database per page  : {full['db_bytes'] / full['pages'] / 1024:.1f} KB   (target <= 4 KB)"
    )
    print(
        f"  mimamori peak RSS  : {full['peak_rss_mb']:.0f} MB   (target < 300 MB at 50,000 pages)"
    )


def spread(values: list[float], unit: str = "") -> str:
    return f"{statistics.median(values):.2f}{unit} [{min(values):.2f}-{max(values):.2f}]"


def browser_ratio(pages: int, runs: int) -> None:
    """Plain scrapy-playwright and mimamori in turn, like the static pair: a browser's speed
    drifts with the machine's load even more than Scrapy's."""
    site, base = start_site(pages)
    pairs = []
    try:
        for _ in range(runs):
            plain = bare("browser", f"{base}/list/0")
            rendered = mimamori("browser", base, render=True, concurrency=4)
            pairs.append((plain, rendered))
    finally:
        site.terminate()
    print(f"browser-rendered, {pages} pages, 4 at a time, full-page screenshots, {runs} runs")
    for label, index in (("plain scrapy-playwright", 0), ("mimamori (evidence)", 1)):
        print(f"  {label:23}: {spread([rate(p[index]) for p in pairs], ' pages/s')}")
    ratios = [rate(rendered) / rate(plain) for plain, rendered in pairs]
    print(f"  ratio mimamori/plain   : {spread(ratios)}   (median [min-max])")


if __name__ == "__main__":
    main()
