"""The store process (crawler/store/process.py): data writes applied in another process, in
order, with accounts judged while the crawl runs and the run's end done there; a store process
that dies costs no row, twice or never, and the run says it died."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import func, select

from crawler.detect_runtime import RunDetector
from crawler.flag.judge import judge_accounts
from crawler.flag.verdicts import ReadyDetection
from crawler.items import AccountItem, PostItem
from crawler.run_end import RunEnd, finish_run, store_process_judge
from crawler.store.run_store import RunStore
from crawler.store.writer import StoreWriter
from storage.blobs import BlobStore
from storage.config import AppConfig
from storage.db import Database
from storage.models import Account, Capture, CrawlRun, Detection, EvidenceLink, Flag

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))
from static_site import crawl_profile  # noqa: E402

NOW = datetime(2026, 11, 30, tzinfo=UTC)
OFFER = "元カノの写真をAIで脱がせます。1枚1000円、DMで依頼受付中"
HARMLESS = "オリジナルキャラクターのイラストを描いています。リクエスト受付中"


def _run_id(database: Database) -> int:
    with database.session() as session:
        run = CrawlRun(profile="unit", platform="shop", tool_version="t")
        session.add(run)
        session.flush()
        return run.id


def _write_page(store: RunStore, run_id: int, n: int, bio: str) -> None:
    record_id = f"<urn:uuid:page-{n}>"
    store.write(
        "capture",
        {
            "run_id": run_id,
            "kind": "response",
            "url": f"http://shop.test/u{n}",
            "sha256": f"{n:064x}",
            "tool_version": "t",
            "captured_at": NOW,
            "warc_record_id": record_id,
        },
    )
    store.write(
        "account",
        AccountItem(
            platform="shop",
            account_key=f"u{n}",
            profile_url=f"http://shop.test/u{n}",
            seen_at=NOW,
            bio=bio,
            evidence=[record_id],
        ),
        run_id,
    )
    store.write(
        "post",
        PostItem(
            platform="shop",
            account_key=f"u{n}",
            post_key="p1",
            seen_at=NOW,
            text=bio,
            evidence=[record_id],
        ),
        run_id,
    )
    store.touched_accounts.add(("shop", f"u{n}"))


def _process_store(
    database: Database, cfg: AppConfig, *, min_accounts: int | None = None
) -> RunStore:
    """A run store with a store process that judges as a crawl's does."""
    judge = partial(store_process_judge, data_dir=cfg.data_dir)
    if min_accounts is not None:
        judge = partial(judge, min_accounts=min_accounts)
    return RunStore(database, "shop", process=True, process_helper=judge)


def _chain_is_whole(database: Database) -> None:
    with database.session() as session:
        captures = session.scalars(select(Capture).order_by(Capture.id)).all()
    previous = None
    for capture in captures:
        assert capture.prev_row_hash == previous, capture.id
        previous = capture.row_hash


def _end(run_id: int, store: RunStore, cfg: AppConfig) -> RunEnd:
    return RunEnd(
        run_id=run_id,
        platform="shop",
        touched=tuple(sorted(store.touched_accounts)),
        complete=False,
        finished_at=NOW,
        blob_dir=cfg.blob_dir,
    )


def test_writes_are_applied_in_order_and_accounts_are_judged_during_the_crawl(
    app_cfg: AppConfig, database: Database
) -> None:
    run_id = _run_id(database)
    store = _process_store(database, app_cfg, min_accounts=1)
    for n in range(6):
        _write_page(store, run_id, n, OFFER if n % 2 == 0 else HARMLESS)
    # Quiet for longer than the settle time: the next batch lets the store process judge them.
    time.sleep(2.5)
    _write_page(store, run_id, 6, HARMLESS)
    store.flush()
    outcome = finish_run(
        store, _end(run_id, store, app_cfg), RunDetector(database, app_cfg.data_dir)
    )
    store.close()
    assert store.failures == []
    judged = outcome["judge"]
    assert judged.judged == 7
    assert 6 <= judged.judged_during_crawl <= 7
    with database.session() as session:
        flagged = set(
            session.scalars(
                select(Account.account_key).join(Flag, Flag.account_id == Account.id)
            ).all()
        )
        links = session.scalar(select(func.count(EvidenceLink.id)))
        posts_judged = session.scalar(
            select(func.count(Detection.id)).where(Detection.subject == "post")
        )
    assert flagged == {"u0", "u2", "u4"}
    assert links == 14  # each capture to its account and to its post, once
    assert posts_judged == 7
    _chain_is_whole(database)


def test_a_judgement_made_on_older_text_is_not_used(app_cfg: AppConfig, database: Database) -> None:
    run_id = _run_id(database)
    store = RunStore(database, "shop", StoreWriter(database, max_wait_s=0.01))
    _write_page(store, run_id, 1, HARMLESS)
    store.flush()
    store.close()
    detector = RunDetector(database, app_cfg.data_dir).detector
    offer = detector.classify_account(bio=OFFER, posts=[OFFER])
    assert offer.flagged
    with database.session() as session:
        account_id = session.scalars(select(Account.id)).one()
        outcome = judge_accounts(
            session,
            detector,
            account_ids=[account_id],
            run_id=run_id,
            detector_version="v",
            blobs=BlobStore(app_cfg.blob_dir),
            # Judged while the bio still offered edits; it has changed since.
            prejudged={
                account_id: ReadyDetection(
                    account_id, "0" * 64, offer.flagged, offer.score, False, [], []
                )
            },
        )
        assert session.scalars(select(Flag)).all() == []
    assert outcome.judged == 1 and outcome.judged_during_crawl == 0


@pytest.mark.parametrize("kill_after_s", [0.0, 0.1, 0.3])
def test_when_the_store_process_dies_the_crawl_process_takes_over_without_loss_or_twins(
    app_cfg: AppConfig, database: Database, kill_after_s: float
) -> None:
    run_id = _run_id(database)
    store = _process_store(database, app_cfg)
    assert store.process is not None
    for n in range(10):
        _write_page(store, run_id, n, HARMLESS)
    store.flush()  # these ten are confirmed
    for n in range(10, 20):
        _write_page(store, run_id, n, HARMLESS)
    time.sleep(kill_after_s)  # sent or not, committed or not, confirmed or not
    pid = store.process.pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    for n in range(20, 30):
        _write_page(store, run_id, n, HARMLESS)
    store.flush()
    store.close()
    assert len(store.failures) == 1
    assert "store process stopped" in store.failures[0]
    with database.session() as session:
        records = session.scalars(select(Capture.warc_record_id)).all()
        accounts = session.scalar(select(func.count(Account.id)))
        links = session.execute(
            select(EvidenceLink.capture_id, EvidenceLink.account_id, EvidenceLink.post_id)
        ).all()
    assert sorted(records) == sorted(f"<urn:uuid:page-{n}>" for n in range(30))
    assert accounts == 30
    assert len(links) == len(set(links)) == 60
    _chain_is_whole(database)


def test_a_store_process_killed_at_once_leaves_the_run_to_the_crawl_process(
    app_cfg: AppConfig, database: Database
) -> None:
    """Killed before its first write: everything is written by the crawl process."""
    run_id = _run_id(database)
    store = _process_store(database, app_cfg)
    assert store.process is not None and store.process.pid is not None
    os.kill(store.process.pid, signal.SIGKILL)
    for n in range(3):
        _write_page(store, run_id, n, OFFER)
    outcome = finish_run(
        store, _end(run_id, store, app_cfg), RunDetector(database, app_cfg.data_dir)
    )
    store.close()
    assert outcome["judge"].judged == 3
    assert outcome["judge"].judged_during_crawl == 0
    with database.session() as session:
        assert session.scalar(select(func.count(Flag.id))) == 3
    _chain_is_whole(database)


def test_writes_applied_again_after_a_takeover_make_no_twins(database: Database) -> None:
    """The store process may commit a write and die before it says so: the crawl process then
    applies it again, and the capture and its evidence links must not appear twice."""
    run_id = _run_id(database)
    store = RunStore(database, "shop", StoreWriter(database, max_wait_s=0.01))
    _write_page(store, run_id, 1, HARMLESS)
    store.flush()
    again: list[tuple[object, ...]] = []
    store.process = _Recording(again)  # type: ignore[assignment]
    _write_page(store, run_id, 1, HARMLESS)
    store.process = None
    for write in again:
        store._write_after_takeover(write, True)
    store.flush()
    store.close()
    assert store.failures == []
    with database.session() as session:
        assert session.scalar(select(func.count(Capture.id))) == 1
        assert session.scalar(select(func.count(Account.id))) == 1
        assert session.scalar(select(func.count(EvidenceLink.id))) == 2
    _chain_is_whole(database)


class _Recording:
    """Stands in for a store process that took the writes and died before confirming them."""

    gone = False

    def __init__(self, kept: list[tuple[object, ...]]) -> None:
        self.kept = kept

    def send(self, write: tuple[object, ...]) -> None:
        self.kept.append(write)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _children(pid: int) -> list[tuple[int, str]]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append((int(entry.name), cmdline))
    return found


@pytest.mark.parametrize("kill_at", [300, 1250])
def test_a_crawl_whose_store_process_is_killed_keeps_every_page_once_and_verifies(
    tmp_path: Path, mimamori, kill_at: int
) -> None:  # type: ignore[no-untyped-def]
    """Killed early (before judging during the crawl starts at 100 accounts) and late (when
    it has written post detections, about 800 of the 1,350 on this machine, which the crawl
    process's judging at the end must reuse, not write again)."""
    port = free_port()
    site = subprocess.Popen(
        [sys.executable, str(REPO / "bench" / "static_site.py"), str(port), "1500", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert site.stdout is not None and site.stdout.readline().strip() == "ready"
        profile = tmp_path / "storefront.yaml"
        profile.write_text(
            crawl_profile(f"http://127.0.0.1:{port}", name="storefront", concurrency=8)
        )
        data = tmp_path / "data"
        crawl = subprocess.Popen(
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
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        killed = _kill_store_process_after(crawl, data / "mimamori.sqlite3", captures=kill_at)
        out, err = crawl.communicate(timeout=300)
    finally:
        site.terminate()
        site.wait()
    assert killed, err[-2000:]
    assert crawl.returncode == 1, err[-2000:]  # the health check fails: a write failed
    summary = json.loads(out)[0]["summary"]
    assert any("store process stopped" in f for f in summary["write_failures"])
    assert summary["judged_accounts"] == summary["accounts"] == 150
    with sqlite3.connect(data / "mimamori.sqlite3") as db:
        records = [r for (r,) in db.execute("SELECT warc_record_id FROM captures")]
        pages = db.execute("SELECT count(*) FROM captures WHERE kind = 'response'").fetchone()[0]
        posts = db.execute("SELECT count(*) FROM posts").fetchone()[0]
        judged_posts = db.execute(
            "SELECT count(*), count(DISTINCT post_id) FROM detections WHERE subject = 'post'"
        ).fetchone()
        runs = db.execute("SELECT count(DISTINCT run_id) FROM detections").fetchone()[0]
    assert len(records) == len(set(records))
    # Each post judged once, whoever judged it, all in this run.
    assert judged_posts == (posts, posts) and runs == 1
    assert posts == 1350
    assert pages == summary["responses"]
    verified = mimamori("verify", "--store", data_dir=data)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "VERDICT: OK" in verified.stdout


def _kill_store_process_after(crawl: subprocess.Popen[str], db: Path, *, captures: int) -> bool:
    """SIGKILL the crawl's store process once `captures` pages are stored."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and crawl.poll() is None:
        if db.exists():
            try:
                with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
                    stored = conn.execute("SELECT count(*) FROM captures").fetchone()[0]
            except sqlite3.OperationalError:
                stored = 0
            if stored >= captures:
                for pid, cmdline in _children(crawl.pid):
                    if "spawn_main" in cmdline:
                        os.kill(pid, signal.SIGKILL)
                        return True
        time.sleep(0.05)
    return False


def test_a_write_that_cannot_be_pickled_is_left_to_the_crawl_process_never_dropped(
    app_cfg: AppConfig, database: Database
) -> None:
    run_id = _run_id(database)
    store = RunStore(database, "shop", process=True)
    odd = AccountItem(
        platform="shop", account_key="odd", profile_url="http://shop.test/odd", seen_at=NOW
    )
    odd.links = [lambda: None]  # type: ignore[list-item]  # no pickle for this one
    _write_page(store, run_id, 1, HARMLESS)
    store.write("account", odd, run_id)
    _write_page(store, run_id, 2, HARMLESS)
    store.flush()
    store.close()
    with database.session() as session:
        keys = set(session.scalars(select(Account.account_key)).all())
    assert store.process is not None and not store.process.gone
    assert {"u1", "u2"} <= keys
    # Never silently dropped: this one is not storable at all (a link that is a function),
    # so the crawl process's writer reports it as a failed write.
    assert "odd" not in keys
    assert len(store.failures) == 1 and "TypeError" in store.failures[0]
