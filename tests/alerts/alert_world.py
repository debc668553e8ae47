"""A real SMTP server (aiosmtpd) and a real HTTP webhook receiver on 127.0.0.1, and a small
store with one night's worth of flags, a takedown and a failed health check."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from storage.config import AppConfig
from storage.db import Database, open_database
from storage.models import (
    Account,
    CrawlRun,
    Detection,
    Flag,
    Platform,
    TakedownWatch,
    WatchlistPerson,
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# -- a real SMTP server ------------------------------------------------------------------


@dataclass
class SmtpInbox:
    port: int
    messages: list[EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))  # type: ignore[arg-type]
        return "250 OK"


@pytest.fixture
def smtp_server() -> Iterator[SmtpInbox]:
    inbox = SmtpInbox(port=free_port())
    controller = Controller(inbox, hostname="127.0.0.1", port=inbox.port)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()


def mail_text(message: EmailMessage) -> str:
    """Every text part of a mail, decoded, with its subject."""
    parts = [str(message["Subject"])]
    for part in message.walk():
        if part.get_content_maintype() == "text":
            parts.append(part.get_content())
    return "\n".join(parts)


# -- a real webhook receiver ---------------------------------------------------------------


@dataclass
class Receiver:
    url: str
    port: int
    posts: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


@pytest.fixture
def webhook_receiver() -> Iterator[Receiver]:
    received: list[tuple[str, dict[str, Any]]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            received.append((self.path, json.loads(body)))
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    port = server.server_address[1]
    try:
        yield Receiver(url=f"127.0.0.1:{port}", port=port, posts=received)
    finally:
        server.shutdown()
        server.server_close()


# -- one night in a small store --------------------------------------------------------------

WATCHED_NAME = "佐藤美咲"
WATCHED_ALIAS = "Misaki Sato"
MINOR_HANDLE = "jk_sotsuaru_edits"
MINOR_DISPLAY = "卒アル加工の店"
SELLER_HANDLE = "deepfake_requests"
T0 = datetime(2026, 11, 28, 17, 0, tzinfo=UTC)


@dataclass
class Night:
    cfg: AppConfig
    db: Database
    good_run: int
    bad_run: int
    seller_flag: int
    minor_flag: int
    requeued_flag: int

    def names(self) -> list[str]:
        """Everything a digest must never contain."""
        return [WATCHED_NAME, WATCHED_ALIAS, MINOR_HANDLE, MINOR_DISPLAY, SELLER_HANDLE]


def _account(session: Any, platform: Platform, handle: str, display: str, run_id: int) -> Account:
    account = Account(
        platform_id=platform.id,
        account_key=handle,
        handle=handle,
        display_name=display,
        profile_url=f"http://127.0.0.1/{handle}",
        first_seen_run_id=run_id,
        last_seen_run_id=run_id,
    )
    session.add(account)
    session.flush()
    return account


def _flag(session: Any, account: Account, run_id: int, reason: str, minor: bool) -> int:
    flag = Flag(
        account_id=account.id,
        reason=reason,
        detail=f"new named people: {WATCHED_NAME}",
        score=0.9,
        minor_risk=minor,
        people=[WATCHED_NAME],
        run_id=run_id,
    )
    session.add(flag)
    session.flush()
    return flag.id


def _run(session: Any, status: str, health_ok: bool, messages: list[str]) -> int:
    run = CrawlRun(
        profile="demo-social",
        platform="demo-social",
        started_at=T0,
        finished_at=T0 + timedelta(minutes=5),
        status=status,
        health_ok=health_ok,
        health_messages=messages,
        stats={"pages": 10},
        tool_version="test",
        triggered_by="schedule",
    )
    session.add(run)
    session.flush()
    return run.id


@pytest.fixture
def night(tmp_path: Path) -> Night:
    cfg = AppConfig.resolve(tmp_path / "data", None)
    db = open_database(cfg)
    with db.session() as session:
        session.add(
            WatchlistPerson(
                id="p1", name=WATCHED_NAME, kana="さとうみさき", aliases=[WATCHED_ALIAS]
            )
        )
        platform = Platform(key="demo-social", display_name="Demo Social")
        session.add(platform)
        session.flush()
        good = _run(session, "finished", True, [])
        bad = _run(
            session,
            "crashed",
            False,
            [
                "extracted 0 accounts (expected at least 5): the selectors may have changed",
                f"Traceback: KeyError {SELLER_HANDLE!r}\n  more lines",
                f"crawl process exited with status 1\nthe log tail names {WATCHED_NAME}",
            ],
        )
        seller = _account(session, platform, SELLER_HANDLE, "AI 美女 リクエスト", good)
        minor = _account(session, platform, MINOR_HANDLE, MINOR_DISPLAY, good)
        known = _account(session, platform, "known_shop", "Known shop", good)
        gone = _account(session, platform, "gone_shop", "Gone shop", good)
        ids = {
            "seller": _flag(session, seller, good, "new_account", False),
            "minor": _flag(session, minor, good, "new_account", True),
            "requeued": _flag(session, known, good, "changed", False),
        }
        # The re-queued account once looked like it involved minors: still not linked.
        session.add(
            Detection(
                account_id=known.id,
                subject="account",
                run_id=good,
                flagged=True,
                score=0.9,
                minor_risk=True,
                detector_version="t",
                text_sha256="0" * 64,
            )
        )
        session.add(
            TakedownWatch(
                account_id=gone.id, exported_at=T0 - timedelta(days=3), gone_run_id=good, gone_at=T0
            )
        )
    return Night(cfg, db, good, bad, ids["seller"], ids["minor"], ids["requeued"])


def write_alerts(cfg: AppConfig, text: str) -> Path:
    cfg.data_dir.mkdir(parents=True, exist_ok=True)
    cfg.alerts_file.write_text(text, encoding="utf-8")
    return cfg.alerts_file
