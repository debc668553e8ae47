"""Opening the database: engine set-up per backend, automatic migrations, sessions."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from storage.config import AppConfig

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_upgrade_lock = threading.Lock()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets the review app read while a crawl writes; busy_timeout rides out short write locks.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


WRITE_LOCK_OPTION = "mimamori_write_lock"


def _begin(conn: Any) -> None:
    # Writers that read-then-append (the capture hash chain) take SQLite's write lock when
    # the transaction starts, so two processes cannot interleave; readers (the review app)
    # begin normally and never wait for a crawl.
    if conn.get_execution_options().get(WRITE_LOCK_OPTION):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


def make_engine(db_url: str) -> Engine:
    if db_url.startswith("sqlite"):
        path = db_url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            db_url,
            connect_args={"check_same_thread": False, "timeout": 30, "isolation_level": None},
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _begin)
        return engine
    return create_engine(db_url, pool_pre_ping=True)


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


def pending_migrations(engine: Engine) -> bool:
    script = ScriptDirectory.from_config(alembic_config(engine))
    with engine.connect() as conn:
        current = set(MigrationContext.configure(conn).get_current_heads())
    return current != set(script.get_heads())


@contextmanager
def _migration_file_lock(engine: Engine) -> Iterator[None]:
    """Two processes opening a brand-new SQLite file at once would both try to create the
    schema; the loser fails with "database is locked". Serialise them on a lock file."""
    path = engine.url.database if engine.dialect.name == "sqlite" else None
    if not path or path == ":memory:":
        yield
        return
    import fcntl

    with open(f"{path}.migrate-lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest revision (every branch head)."""
    with _upgrade_lock:
        if not pending_migrations(engine):
            return
        with _migration_file_lock(engine):
            if pending_migrations(engine):
                command.upgrade(alembic_config(engine), "heads")


class Database:
    """The one handle components share: an engine, and sessions that commit on success."""

    def __init__(self, db_url: str, *, migrate: bool = True) -> None:
        self.url = db_url
        self.engine = make_engine(db_url)
        if migrate:
            upgrade(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._locked_sessions = sessionmaker(
            self.engine.execution_options(**{WRITE_LOCK_OPTION: True}), expire_on_commit=False
        )

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def session(self, *, write_lock: bool = False) -> Iterator[Session]:
        """A session that commits on success. `write_lock`: hold the database's write lock
        from the first statement (SQLite) — for read-then-append writers."""
        session = (self._locked_sessions if write_lock else self._sessions)()
        try:
            yield session
            session.commit()
            # Per-transaction caches (the capture chain head) end with the transaction.
            session.info.clear()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(cfg: AppConfig, *, migrate: bool = True) -> Database:
    cfg.ensure_dirs()
    return Database(cfg.db_url, migrate=migrate)
