"""The migration that adds `taught_aliases` marks the names already taught from review (found in
the audit log) so that the next import keeps them; a name taken back is not marked."""

from __future__ import annotations

import json
from pathlib import Path

from alembic import command
from sqlalchemy import text

from storage.config import AppConfig
from storage.db import alembic_config, make_engine


def _taught(name: str, *, added: bool = True) -> str:
    return json.dumps({"flag_id": 1, "name": name, "added": added}, ensure_ascii=False)


def test_upgrade_marks_taught_names_from_the_audit_log(tmp_path: Path) -> None:
    cfg = AppConfig.resolve(tmp_path / "old")
    cfg.ensure_dirs()
    engine = make_engine(cfg.db_url)
    command.upgrade(alembic_config(engine), "0010_seller_links")
    entries = [
        ("watchlist_name_from_review", "p-1", _taught("あおれな")),
        ("watchlist_name_from_review", "p-1", _taught("れなぴ")),
        ("watchlist_name_undone", "p-1", _taught("れなぴ")),
        # Already an alias when taught: the alias is the group's own, not taught.
        ("watchlist_name_from_review", "p-1", _taught("レナ", added=False)),
        ("watchlist_name_from_review", "p-2", _taught("みーちゃん")),
        ("watchlist_name_from_review", "p-gone", _taught("消えた人")),
    ]
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO watchlist_people (id, name, aliases, imported_at) VALUES "
                "('p-1', '青山玲奈', :a1, '2026-11-01'), ('p-2', '星野みらい', '[]', '2026-11-01')"
            ),
            {"a1": json.dumps(["レナ", "あおれな"], ensure_ascii=False)},
        )
        for action, target, detail in entries:
            conn.execute(
                text(
                    "INSERT INTO audit_log (at, action, target_type, target_id, detail) "
                    "VALUES ('2026-11-02', :action, 'watchlist_person', :target, :detail)"
                ),
                {"action": action, "target": target, "detail": detail},
            )
    command.upgrade(alembic_config(engine), "heads")
    with engine.connect() as conn:
        rows = dict(conn.execute(text("SELECT id, taught_aliases FROM watchlist_people")).all())
    engine.dispose()
    # p-2's name was later deleted by hand from the aliases: nothing to keep.
    assert {k: json.loads(v) for k, v in rows.items()} == {"p-1": ["あおれな"], "p-2": []}
