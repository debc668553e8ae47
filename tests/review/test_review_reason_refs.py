"""An account's stored reasons refer to its posts' detections instead of copying them, and
every reader (the item page's evidence, the queue's chips, the case loader behind the export)
still gets the detector's full list."""

from __future__ import annotations

from sqlalchemy import select
from test_review_reason_summary import POST_TEXT, WATCHLIST, _judged_account

from crawler.detect import Detector, load_watchlist_csv
from crawler.flag.judge import account_inputs, account_posts
from crawler.review.evidence import load_account_evidence
from crawler.review.queue_reasons import load_row_reasons
from crawler.review.reasons import top_chips
from storage.cases import load_case
from storage.config import AppConfig
from storage.db import Database
from storage.findings.reason_packing import PLACES_KEY
from storage.findings.reason_refs import REF_KEY
from storage.models import Account, Detection, Flag

SECOND_POST = "水瀬 ひより のディープフェイク販売中"


def _expected_reasons(db, account_id: int) -> list[dict]:
    with db.session() as session:
        account = session.get(Account, account_id)
        inputs = account_inputs(session, account, account_posts(session, account))
    return Detector(load_watchlist_csv(WATCHLIST)).classify_account(inputs).to_dict()["reasons"]


def test_account_reasons_are_stored_as_references_and_read_in_full(tmp_path):
    cfg = AppConfig.resolve(tmp_path)
    cfg.ensure_dirs()
    _check_stored_and_read(Database(cfg.db_url), tmp_path)


def test_the_same_on_postgres(pg_url, tmp_path):
    # The post detections' multi-row INSERT ... RETURNING gives ids in row order there too.
    _check_stored_and_read(Database(pg_url), tmp_path)


def _check_stored_and_read(database: Database, tmp_path) -> None:
    account_id = _judged_account(database, tmp_path, [POST_TEXT, SECOND_POST])
    expected = _expected_reasons(database, account_id)
    assert any(str(r.get("part", "")).startswith("post[") for r in expected)
    with database.session() as session:
        stored = session.scalar(
            select(Detection.reasons).where(
                Detection.account_id == account_id, Detection.subject == "account"
            )
        )
        flag = session.scalar(select(Flag).where(Flag.account_id == account_id))
        assert flag is not None
        # Stored: one reference per post, no post match copied.
        refs = [r for r in stored if REF_KEY in r]
        assert sorted(r["part"] for r in refs) == ["post[0]", "post[1]"]
        assert not [r for r in stored if "family" in r and r.get("part", "").startswith("post")]

        # The post's own detection holds its words packed (each word once, with places)...
        post_stored = session.scalars(
            select(Detection.reasons).where(
                Detection.account_id == account_id, Detection.subject == "post"
            )
        ).all()
        assert all(PLACES_KEY in r for reasons in post_stored for r in reasons)

        evidence = load_account_evidence(session, account_id, flag)
        assert evidence is not None and evidence.account_reasons == expected
        # ...and reads as the detector's list for that post.
        post_zero = [
            {k: v for k, v in r.items() if k != "part"}
            for r in expected
            if r.get("part") == "post[0]"
        ]
        assert post_zero in evidence.reasons_by_post.values()
        case = load_case(session, account_id)
        assert case is not None
        account_detection = next(d for d in case.detections if d.subject == "account")
        assert account_detection.reasons == expected
        rows = load_row_reasons(session, [(flag.id, flag.detection_id, flag.people)])
        assert rows[flag.id].chips == top_chips(expected)
    database.dispose()
