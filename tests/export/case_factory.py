"""A realistic evidence store built with the real WARC writer, hash chain and database
(the `case` the export tests and the case loader's unit tests read).

Fictional people only; pictures are synthetic placeholders drawn with Pillow.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from storage import chain
from storage.blobs import BlobStore
from storage.config import AppConfig
from storage.db import Database, open_database
from storage.models import (
    Account,
    AuditEntry,
    CrawlRun,
    Decision,
    Detection,
    EvidenceLink,
    Flag,
    Media,
    Plan,
    Platform,
    Post,
    User,
    WatchlistPerson,
)
from storage.warc.writer import EvidenceWarcWriter

from .case_captures import (
    BASE,
    PROFILE_TEXT,
    T0,
    extra_page,
    placeholder_jpeg,
    placeholder_png,
    profile_captures,
    revisit,
)

HOSTILE_BIO = (
    '<script>alert("x")</script> 山田花子 に酷似 AI美女 サブスク =HYPERLINK("http://evil")'
)


@dataclass
class Case:
    cfg: AppConfig
    db: Database
    account_ids: list[int] = field(default_factory=list)
    minor_account_id: int = 0
    minor_thumb: str = ""
    minor_original: str = ""
    minor_screenshot: str = ""
    kept_thumb: str = ""
    kept_original: str = ""
    kept_screenshot: str = ""
    capture_ids: list[int] = field(default_factory=list)


def build_case(data_dir: Path, *, extra_pages: int = 0) -> Case:
    cfg = AppConfig.resolve(data_dir)
    db = open_database(cfg)
    blobs = BlobStore(cfg.blob_dir)
    case = Case(cfg=cfg, db=db)
    writer = EvidenceWarcWriter(
        cfg.warc_dir, "crawl-1", warcinfo={"software": "mimamori 0.1.0 (test)"}
    )
    with db.session() as s:
        platform, run, reviewer = _platform_run_and_reviewer(s)
        seller, minor = _accounts(s, platform)
        case.account_ids = [seller.id, minor.id]
        case.minor_account_id = minor.id
        post, minor_post = _posts(s, seller, minor)
        _media(s, case, blobs, (seller, post), (minor, minor_post))
        det, det_minor = _detections(s, (seller, post), (minor, minor_post))
        for acc, d, minor_flag in ((seller, det, False), (minor, det_minor, True)):
            _flag_with_decision(s, acc, d, minor_flag, reviewer)
        captures = profile_captures(writer, blobs, run, (seller, minor), minor_post)
        case.kept_screenshot, case.minor_screenshot = captures[1][0].sha256, captures[3][0].sha256
        captures += [(extra_page(writer, run, i), [(seller.id, None)]) for i in range(extra_pages)]
        chain.append(s, [c for c, _ in captures])
        s.flush()  # ids for the evidence links
        for capture, links in captures:
            for account_id, post_id in links:
                s.add(EvidenceLink(capture_id=capture.id, account_id=account_id, post_id=post_id))
        rv = revisit(s, writer, run, seller, first_page=captures[0][0])
        case.capture_ids = [c.id for c, _ in captures] + [rv.id]
    writer.close()
    return case


def _platform_run_and_reviewer(s: Session) -> tuple[Platform, CrawlRun, User]:
    platform = Platform(key="fanclub", display_name="Demo Fanclub")
    s.add(platform)
    s.flush()
    run = CrawlRun(
        profile="fanclub",
        platform="fanclub",
        tool_version="0.1.0",
        tool_commit="abc1234",
        started_at=T0,
    )
    s.add(run)
    s.add(WatchlistPerson(id="p-001", name="山田花子", kana="やまだはなこ"))
    reviewer = User(name="alice", role="volunteer", password_hash="x", pseudonym="Reviewer-7")
    s.add(reviewer)
    s.flush()
    return platform, run, reviewer


def _accounts(s: Session, platform: Platform) -> list[Account]:
    """The seller, and an account whose bio implies minors."""
    accounts = []
    for n, (handle, bio) in enumerate(
        [("deepseller", HOSTILE_BIO), ("schoolfake", "卒アル 制服 JK リクエスト")]
    ):
        acc = Account(
            platform_id=platform.id,
            account_key=f"10{n}42",
            handle=handle,
            display_name=f"売り手{n}",
            profile_url=f"{BASE}/u/{handle}",
            bio=bio,
            links=[f"https://pay.example/{handle}"],
            first_seen_at=T0,
            last_seen_at=T0 + timedelta(days=3),
        )
        s.add(acc)
        s.flush()
        accounts.append(acc)
        s.add(
            Plan(
                account_id=acc.id,
                name="リクエストプラン",
                price=Decimal("3000"),
                currency="JPY",
                price_text="¥3,000/月",
            )
        )
    return accounts


def _posts(s: Session, seller: Account, minor: Account) -> tuple[Post, Post]:
    post = Post(
        account_id=seller.id,
        post_key="p1",
        url=f"{BASE}/p/1",
        title="新作",
        text=PROFILE_TEXT + " 山田花子",
        first_seen_at=T0,
    )
    minor_post = Post(
        account_id=minor.id,
        post_key="p2",
        url=f"{BASE}/p/2",
        title="卒アル",
        text="卒アル加工 リクエスト",
        first_seen_at=T0,
    )
    s.add_all([post, minor_post])
    s.flush()
    return post, minor_post


def _media(
    s: Session,
    case: Case,
    blobs: BlobStore,
    seller_post: tuple[Account, Post],
    minor_post: tuple[Account, Post],
) -> None:
    (seller, post), (minor, mpost) = seller_post, minor_post
    case.kept_thumb = blobs.put(placeholder_jpeg(1))
    case.kept_original = blobs.put(placeholder_png(2))
    case.minor_thumb = blobs.put(placeholder_jpeg(3))  # must never be exported
    case.minor_original = blobs.put(placeholder_png(4))
    s.add(
        Media(
            account_id=seller.id,
            post_id=post.id,
            url=f"{BASE}/img/1.png",
            sha256="a" * 64,
            pdq="f" * 64,
            pdq_quality=90,
            thumb_blob=case.kept_thumb,
            original_blob=case.kept_original,
            content_type="image/png",
        )
    )
    # A thumbnail that a later detection should have purged: the export must still drop it.
    s.add(
        Media(
            account_id=minor.id,
            post_id=mpost.id,
            url=f"{BASE}/img/2.png",
            sha256="b" * 64,
            pdq="e" * 64,
            thumb_blob=case.minor_thumb,
            original_blob=case.minor_original,
            content_type="image/png",
        )
    )
    s.add(
        Media(
            account_id=minor.id,
            post_id=mpost.id,
            url=f"{BASE}/img/3.png",
            sha256="c" * 64,
            withheld_reason="minor_risk",
        )
    )


def _seller_reasons() -> list[dict[str, object]]:
    return [
        {
            "family": "request",
            "term": "リクエスト",
            "matched": "リクエスト",
            "start": 0,
            "end": 0,
            "part": "bio",
        },
        {
            "family": "lookalike",
            "term": "酷似",
            "matched": "酷似",
            "start": 36,
            "end": 38,
            "part": "bio",
        },
        {
            "family": "person",
            "term": "山田花子",
            "matched": "山田花子",
            "person_id": "p-001",
            "part": "bio",
        },
    ]


def _detections(
    s: Session, seller_post: tuple[Account, Post], minor_post: tuple[Account, Post]
) -> tuple[Detection, Detection]:
    """The seller's account and post verdicts, and the minor-risk post's; returns the
    two that the flags point at."""
    (seller, post), (minor, mpost) = seller_post, minor_post
    det = Detection(
        account_id=seller.id,
        subject="account",
        flagged=True,
        score=0.93,
        minor_risk=False,
        people=["p-001"],
        reasons=_seller_reasons(),
        detector_version="d1",
        text_sha256="0" * 64,
    )
    det_post = Detection(
        account_id=seller.id,
        post_id=post.id,
        subject="post",
        flagged=True,
        score=0.9,
        minor_risk=False,
        people=["p-001"],
        reasons=[{"family": "lookalike", "matched": "似せた", "part": "text"}],
        detector_version="d1",
        text_sha256="1" * 64,
    )
    det_minor = Detection(
        account_id=minor.id,
        post_id=mpost.id,
        subject="post",
        flagged=True,
        score=0.97,
        minor_risk=True,
        people=[],
        reasons=[{"family": "minor", "matched": "卒アル", "part": "text"}],
        detector_version="d1",
        text_sha256="2" * 64,
    )
    s.add_all([det, det_post, det_minor])
    s.flush()
    return det, det_minor


def _flag_with_decision(
    s: Session, acc: Account, d: Detection, minor_flag: bool, reviewer: User
) -> None:
    flag = Flag(
        account_id=acc.id,
        status="confirmed",
        score=d.score,
        minor_risk=minor_flag,
        detection_id=d.id,
        people=d.people,
    )
    s.add(flag)
    s.flush()
    s.add(
        Decision(
            flag_id=flag.id,
            account_id=acc.id,
            user_id=reviewer.id,
            decision="confirm",
            note="販売の告知",
            created_at=T0 + timedelta(days=1),
        )
    )
    s.add(
        AuditEntry(
            user_id=reviewer.id,
            user_name="alice",
            action="decide",
            target_type="flag",
            target_id=str(flag.id),
            detail={"decision": "confirm"},
            remote_addr="127.0.0.1",
        )
    )
