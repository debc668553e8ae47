"""The case loader (storage.cases) on a real SQLite store, in-process: what it reads,
in how many queries, and that what it returns cannot be changed."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from storage import cases
from storage.cases import captures as case_captures
from storage.export import formats, report

from .case_factory import Case, build_case


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Case:
    return build_case(tmp_path_factory.mktemp("cases") / "data", extra_pages=3)


@contextmanager
def counted(session: Session) -> Iterator[list[str]]:
    """The SELECT statements the session runs inside the block."""
    statements: list[str] = []
    engine = session.get_bind()

    def record(conn, cursor, statement, *args) -> None:  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_loads_the_whole_graph_in_a_fixed_number_of_queries(store: Case) -> None:
    seller_id = store.account_ids[0]
    with store.db.session() as s, counted(s) as statements:
        case = cases.load_case(s, seller_id)
    assert case is not None
    assert len(statements) == 8  # account+platform, detections, posts, flags, plans, ...
    assert case.account.handle == "deepseller" and case.platform.key == "fanclub"
    assert [p.name for p in case.plans] == ["リクエストプラン"]
    assert [p.post_key for p in case.posts] == ["p1"]
    assert [d.subject for d in case.detections] == ["account", "post"]
    assert [f.status for f in case.flags] == ["confirmed"]
    assert [(d.decision, d.pseudonym) for d in case.decisions] == [("confirm", "Reviewer-7")]
    assert case.person_names == {"p-001": "山田花子"}
    assert case.detections[0].reasons[0]["family"] == "request"  # reasons as stored
    assert not case.minor_risk and not case.flagged_minor
    assert [case.media_withheld(m) for m in case.media] == [None]


def test_minor_risk_withholds_every_picture_of_the_account(store: Case) -> None:
    with store.db.session() as s:
        case = cases.load_case(s, store.minor_account_id)
    assert case is not None
    assert case.flagged_minor and case.minor_risk
    assert case.minor_posts == {case.posts[0].id}
    assert [case.media_withheld(m) for m in case.media] == [cases.MINOR_RISK] * 2
    assert case.person_names == {}


def test_values_are_read_only(store: Case) -> None:
    with store.db.session() as s:
        case = cases.load_case(s, store.account_ids[0])
    assert case is not None
    with pytest.raises(dataclasses.FrozenInstanceError):
        case.account.bio = "changed"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        case.flags = ()  # type: ignore[misc]


def test_unknown_account_is_none(store: Case) -> None:
    with store.db.session() as s:
        assert cases.load_case(s, 999_999) is None


def test_a_review_scope_reads_flagged_posts_and_their_pictures_only(store: Case) -> None:
    flagged_only = cases.CaseScope(newest_detections=10, recent_posts=0, flagged_posts=5)
    nothing = cases.CaseScope(newest_detections=10, recent_posts=0, flagged_posts=0)
    with store.db.session() as s:
        shown = cases.load_case(s, store.account_ids[0], flagged_only)
        hidden = cases.load_case(s, store.account_ids[0], nothing)
    assert shown is not None and hidden is not None
    assert [p.post_key for p in shown.posts] == ["p1"] and len(shown.media) == 1
    assert hidden.posts == () and hidden.media == ()
    # Newest first: the post verdict was written after the account's.
    latest = cases.newest_by_subject(shown.detections)
    assert set(latest) == {None, shown.posts[0].id}


def test_captures_stream_a_chunk_per_query(store: Case, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(case_captures, "CHUNK", 2)
    ids = sorted(store.capture_ids)
    with store.db.session() as s, counted(s) as statements:
        streamed = list(cases.iter_captures(s, ids))
    assert [c.id for c in streamed] == ids
    assert len(statements) == (len(ids) + 1) // 2
    screenshots = [c for c in streamed if c.kind == "screenshot"]
    assert screenshots and all(c.has_screenshot and c.warc_length for c in screenshots)
    assert all(c.row_hash for c in streamed)


def test_recent_captures_links_and_counts(store: Case) -> None:
    seller = store.account_ids[0]
    with store.db.session() as s:
        recent = cases.recent_captures(s, seller, 3)
        total = cases.count_linked_captures(s, seller)
        links = cases.evidence_links(s, [seller])
    assert len(recent) == 3
    assert [c.captured_at for c in recent] == sorted((c.captured_at for c in recent), reverse=True)
    assert total == len(links) == 2 + 3 + 1  # profile page, screenshot, 3 pages, revisit


def test_decisions_newest_first_or_none(store: Case) -> None:
    with store.db.session() as s:
        assert cases.load_decisions(s, account_id=store.account_ids[0], newest=0) == ()
        newest = cases.load_decisions(s, newest=1)
    assert len(newest) == 1 and newest[0].user_name == "alice"


def test_person_ids_read_plain_ids_and_dicts() -> None:
    assert cases.person_ids(["p-1", {"id": "p-2"}, {"person_id": "p-3"}, None]) == {
        "p-1",
        "p-2",
        "p-3",
    }
    assert cases.reason_person_ids([{"person_id": "p-9"}, {"family": "x"}, "junk"]) == {"p-9"}


def test_the_format_registry_knows_the_signed_wacz() -> None:
    wacz = formats.get(formats.DEFAULT_FORMAT)
    assert wacz.suffix == ".wacz" and formats.names()[0] == "wacz"
    assert formats.all_purposes() == report.PURPOSES
    with pytest.raises(KeyError, match="no export format"):
        formats.get("pdf-only")
    with pytest.raises(ValueError, match="already registered"):
        formats.register(dataclasses.replace(wacz, suffix=".zip"))


def test_a_registered_format_is_listed_without_touching_the_cli(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    extra = formats.Exporter(
        name="zzz-test",
        suffix=".zzz",
        description="test only",
        purposes=("police",),
        export=lambda *args, **kwargs: None,  # type: ignore[arg-type,return-value]
    )
    monkeypatch.setitem(formats._registry, extra.name, extra)
    assert formats.names() == ["wacz", "zzz-test"]
    assert formats.get("zzz-test") is extra
