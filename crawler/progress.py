"""A live progress table while crawls run, and the summary table at the end."""

from __future__ import annotations

import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from rich.console import Console
from rich.live import Live
from rich.table import Table


def human_bytes(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"


@dataclass
class _Row:
    started: float = field(default_factory=time.monotonic)
    pages: int = 0
    accounts: int = 0
    posts: int = 0
    errors: int = 0
    bytes: int = 0
    done: bool = False
    summary: dict[str, Any] | None = None
    problems: list[str] = field(default_factory=list)


class ProgressBoard:
    """Shared by every crawl in the process; draws to stderr only when it is a terminal."""

    def __init__(self) -> None:
        self.rows: dict[str, _Row] = {}
        self._lock = threading.Lock()
        self._live: Live | None = None
        self.enabled = True
        self.console = Console(stderr=True)

    def start(self, name: str) -> None:
        with self._lock:
            self.rows[name] = _Row()
            if self.enabled and self._live is None and sys.stderr.isatty():
                self._live = Live(
                    self._table(), console=self.console, refresh_per_second=4, transient=True
                )
                self._live.start()

    def update(self, name: str, **values: int) -> None:
        row = self.rows.get(name)
        if row is None:
            return
        for key, value in values.items():
            setattr(row, key, value)
        if self._live is not None:
            self._live.update(self._table())

    def finish(self, name: str, summary: dict[str, Any], problems: list[str]) -> None:
        row = self.rows.setdefault(name, _Row())
        row.done = True
        row.summary = summary
        row.problems = problems
        if self._live is not None and all(r.done for r in self.rows.values()):
            self._live.stop()
            self._live = None

    def _table(self) -> Table:
        table = Table(title="mimamori crawl", expand=False)
        for col in ("profile", "pages", "accounts", "posts", "errors", "bytes", "time", "status"):
            table.add_column(col, justify="right" if col not in ("profile", "status") else "left")
        for name, row in self.rows.items():
            elapsed = time.monotonic() - row.started
            table.add_row(
                name,
                str(row.pages),
                str(row.accounts),
                str(row.posts),
                str(row.errors),
                human_bytes(row.bytes),
                f"{elapsed:.0f}s",
                "done" if row.done else "crawling…",
            )
        return table


BOARD = ProgressBoard()


def summary_table(results: list[dict[str, Any]]) -> Table:
    """One column per crawl, one row per measure: readable in a narrow terminal."""
    table = Table(title="Crawl summary", show_lines=False)
    table.add_column("", style="bold")
    for result in results:
        table.add_column(
            f"{result['profile']} (run {result['run_id']})", justify="left", overflow="fold"
        )
    rows: list[tuple[str, Any]] = [
        ("pages", lambda s, r: s.get("pages", 0)),
        ("accounts", lambda s, r: s.get("accounts", 0)),
        ("posts", lambda s, r: s.get("posts", 0)),
        (
            "captures (WARC)",
            lambda s, r: f"{s.get('captures', 0)} ({s.get('revisits', 0)} unchanged)",
        ),
        ("screenshots", lambda s, r: s.get("screenshots", 0)),
        ("media hashed", lambda s, r: s.get("media", 0)),
        ("new flags", lambda s, r: s.get("new_flags", 0)),
        ("re-queued flags", lambda s, r: s.get("requeued_flags", 0)),
        (
            "gone since last run",
            lambda s, r: ", ".join(f"{k}: {v}" for k, v in s.get("missing", {}).items()) or "-",
        ),
        (
            "errors by kind",
            lambda s, r: (
                ", ".join(f"{k}: {v}" for k, v in sorted(s.get("errors", {}).items())) or "none"
            ),
        ),
        ("bytes", lambda s, r: human_bytes(s.get("bytes", 0))),
        ("time", lambda s, r: f"{s.get('duration_s', 0):.1f}s"),
        (
            "health",
            lambda s, r: "ok" if not r["problems"] else "FAILED: " + "; ".join(r["problems"]),
        ),
    ]
    for label, getter in rows:
        table.add_row(label, *[str(getter(r["summary"], r)) for r in results])
    return table
