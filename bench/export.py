"""Benchmark: export a bundle of N captures (default 10,000); wall time and peak memory.

    .venv/bin/python bench/export.py [--captures 10000] [--accounts 10] [--workdir DIR]
                                     [--tsa-pairs 3]

Builds a synthetic store with the real WARC writer, hash chain and database (fictional
accounts, ~4 KB HTML pages, a blurred screenshot every 20 captures), then runs
`mimamori export` in a child process and reads the child's peak RSS, so the number is
the export's own footprint. Run it at two sizes to see that memory stays flat.

Then the cost of trusted time: `--tsa-pairs` exports without an authority and with a
local RFC 3161 authority (openssl ts on 127.0.0.1, tests/timestamp_authority.py),
interleaved, and the median ratio with/without (one token for the bundle and one for the
checkpoint that pins its audit entry).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from timestamp_authority import LocalAuthority  # noqa: E402

from storage import chain  # noqa: E402
from storage.blobs import BlobStore  # noqa: E402
from storage.config import AppConfig  # noqa: E402
from storage.db import Database, open_database  # noqa: E402
from storage.models import (  # noqa: E402
    Account,
    Capture,
    CrawlRun,
    Detection,
    EvidenceLink,
    Flag,
    Plan,
    Platform,
)
from storage.timestamps.client import request_token  # noqa: E402
from storage.warc.writer import EvidenceWarcWriter  # noqa: E402

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def screenshot(seed: int) -> bytes:
    image = Image.new("RGB", (400, 300), (seed % 256, 120, 200))
    ImageDraw.Draw(image).rectangle((50, 50, 50 + seed % 200, 250), fill=(240, 220, 90))
    out = io.BytesIO()
    image.filter(ImageFilter.GaussianBlur(8)).save(out, "PNG")
    return out.getvalue()


def build_store(data_dir: Path, captures: int, accounts: int) -> AppConfig:
    cfg = AppConfig.resolve(data_dir)
    db = open_database(cfg)
    account_ids = _seed_accounts(db, accounts)
    _write_captures(cfg, db, account_ids, captures)
    db.dispose()
    return cfg


def _seed_accounts(db: Database, accounts: int) -> list[int]:
    """Confirmed, flagged accounts on one platform, each with a plan and a detection."""
    with db.session() as s:
        platform = Platform(key="fanclub", display_name="Bench Fanclub")
        s.add(platform)
        s.flush()
        run = CrawlRun(profile="bench", platform="fanclub", tool_version="0.1.0")
        s.add(run)
        s.flush()
        account_ids = []
        for a in range(accounts):
            acc = Account(
                platform_id=platform.id,
                account_key=f"{a}",
                handle=f"seller{a}",
                display_name=f"売り手{a}",
                profile_url=f"http://127.0.0.1:9/u/{a}",
                bio="リクエスト受付 酷似",
            )
            s.add(acc)
            s.flush()
            account_ids.append(acc.id)
            s.add(Plan(account_id=acc.id, name="top", price=Decimal("5000"), currency="JPY"))
            det = Detection(
                account_id=acc.id,
                subject="account",
                flagged=True,
                score=0.9,
                minor_risk=False,
                reasons=[{"family": "request", "matched": "リクエスト"}],
                detector_version="bench",
                text_sha256="0" * 64,
            )
            s.add(det)
            s.flush()
            s.add(Flag(account_id=acc.id, status="confirmed", score=0.9, detection_id=det.id))
    return account_ids


def _write_captures(cfg: AppConfig, db: Database, account_ids: list[int], captures: int) -> None:
    """WARC records, chained capture rows and evidence links, a thousand per transaction."""
    blobs = BlobStore(cfg.blob_dir)
    writer = EvidenceWarcWriter(cfg.warc_dir, "bench", warcinfo={"software": "bench"})
    filler = ("似せた画像のリクエスト受付中 月額プラン " * 60).strip()
    accounts = len(account_ids)
    batch: list[tuple[Capture, int]] = []
    for i in range(captures):
        account_id = account_ids[i % accounts]
        when = T0 + timedelta(seconds=i)
        url = f"http://127.0.0.1:9/u/{account_id}/posts?page={i}"
        body = f"<html><head><title>{i}</title></head><body><p>{filler} #{i}</p></body></html>".encode()
        resp, _ = writer.write_exchange(
            url=url,
            method="GET",
            request_headers=[("User-Agent", "bench")],
            request_body=b"",
            status=200,
            response_headers=[("Content-Type", "text/html; charset=utf-8")],
            body=body,
            captured_at=when,
        )
        shot_sha = blobs.put(screenshot(i)) if i % 20 == 0 else None
        batch.append(
            (
                Capture(
                    run_id=1,
                    kind="response",
                    method="GET",
                    url=url,
                    status=200,
                    content_type="text/html",
                    captured_at=when,
                    sha256=hashlib.sha256(body).hexdigest(),
                    body_length=len(body),
                    warc_file=resp.warc_file,
                    warc_offset=resp.offset,
                    warc_length=resp.length,
                    warc_record_id=resp.record_id,
                    blob_sha256=shot_sha,
                    tool_version="0.1.0",
                ),
                account_id,
            )
        )
        if len(batch) == 1000 or i == captures - 1:
            with db.session() as s:
                chain.append(s, [c for c, _ in batch])
                s.flush()  # ids for the evidence links
                s.add_all(EvidenceLink(capture_id=c.id, account_id=a) for c, a in batch)
            batch = []
    writer.close()


def _mimamori(cfg: AppConfig, *args: str, env: dict[str, str] | None = None) -> float:
    command = [str(Path(sys.executable).parent / "mimamori"), "--data-dir", str(cfg.data_dir)]
    started = time.perf_counter()
    subprocess.run(
        [*command, *args], check=True, stdout=subprocess.DEVNULL, env={**os.environ, **(env or {})}
    )
    return time.perf_counter() - started


def timestamping_cost(cfg: AppConfig, workdir: Path, pairs: int, no_pdf: bool) -> None:
    """Exports without and with a local authority, interleaved; prints the median ratio."""
    authority = LocalAuthority(workdir / "tsa", name="Bench").start()
    with_tsa = {"MIMAMORI_TSA_URLS": authority.url, "MIMAMORI_TSA_CERTS": str(authority.ca_file)}
    without = {"MIMAMORI_TSA_URLS": "", "MIMAMORI_TSA_CERTS": ""}
    extra = ["--no-pdf"] if no_pdf else []
    plain, stamped = [], []
    try:
        for pair in range(pairs):
            for env, times in ((without, plain), (with_tsa, stamped)):
                out = workdir / f"tsa-{pair}-{len(times)}-{bool(env['MIMAMORI_TSA_URLS'])}.wacz"
                args = ["export", "--status", "confirmed", "--out", str(out), *extra]
                times.append(_mimamori(cfg, *args, env=env))
                out.unlink()
        one_token = []
        for n in range(10):
            started = time.perf_counter()
            request_token(authority.url, hashlib.sha256(str(n).encode()).hexdigest())
            one_token.append(time.perf_counter() - started)
    finally:
        authority.stop()
    print(f"one token from the local authority: {statistics.median(one_token) * 1000:.0f} ms")
    ratios = sorted(s / p for s, p in zip(stamped, plain, strict=True))
    print(
        f"timestamping: export {statistics.median(stamped):.2f}s with a local authority vs "
        f"{statistics.median(plain):.2f}s without; ratio {statistics.median(ratios):.3f} "
        f"(pairs: {', '.join(f'{r:.3f}' for r in ratios)}); {authority.requests} tokens issued"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--captures", type=int, default=10_000)
    parser.add_argument("--accounts", type=int, default=10)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--no-pdf", action="store_true")
    parser.add_argument("--tsa-pairs", type=int, default=3, help="0 skips the timestamp cost")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="mimamori-bench-export-"))
    started = time.perf_counter()
    cfg = build_store(workdir / "data", args.captures, args.accounts)
    print(f"store built: {args.captures} captures in {time.perf_counter() - started:.1f}s")
    out = workdir / "bench.wacz"
    command = [
        str(Path(sys.executable).parent / "mimamori"),
        "--data-dir",
        str(cfg.data_dir),
        "export",
        "--status",
        "confirmed",
        "--out",
        str(out),
    ]
    if args.no_pdf:
        command.append("--no-pdf")
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    export_s = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    started = time.perf_counter()
    verify = subprocess.run(
        [
            str(Path(sys.executable).parent / "mimamori"),
            "--data-dir",
            str(cfg.data_dir),
            "verify",
            str(out),
        ],
        capture_output=True,
        text=True,
    )
    verify_s = time.perf_counter() - started
    print(
        f"export: {export_s:.1f}s, {args.captures / export_s:.0f} captures/s, "
        f"peak RSS {peak_mb:.0f} MB, bundle {out.stat().st_size / 1e6:.1f} MB"
    )
    print(f"verify: {verify_s:.1f}s, exit {verify.returncode}")
    if args.tsa_pairs:
        timestamping_cost(cfg, workdir, args.tsa_pairs, args.no_pdf)


if __name__ == "__main__":
    main()
