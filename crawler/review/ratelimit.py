"""Failed-login limiter: sliding windows per user name and per client address, apart.

In memory, per process: the review app runs as one uvicorn process, and a restart
forgetting the counters is an acceptable trade for having no extra service.

An attempt is counted when it starts (`begin`), under one lock, before the password is
checked: otherwise concurrent attempts all pass the check before any failure is counted,
and many more passwords than the limit get tried (docs/architecture.md, "Review app
transactions"). A successful attempt gives its count back (`succeeded`).

The two limits are separate on purpose: a user name allows few failures from anywhere (one
account cannot be brute-forced from many addresses), an address allows many more (an office
behind one NAT address is not locked out by one person's typos, and other names still work).
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass

DEFAULT_NAME_FAILURES = 5
# Per address: a team of 20 behind one office address can each mistype a few times.
DEFAULT_ADDRESS_FAILURES = 50


@dataclass(frozen=True)
class Attempt:
    """One counted sign-in attempt; hand it back to `succeeded` when the password was right."""

    name_key: str
    addr_key: str
    stamp: float


class LoginRateLimiter:
    def __init__(
        self,
        max_failures: int = DEFAULT_NAME_FAILURES,
        window_seconds: float = 300.0,
        max_failures_per_address: int | None = None,
    ) -> None:
        """`max_failures`: per user name; `max_failures_per_address`: per client address
        (default ten times the name's limit, at least DEFAULT_ADDRESS_FAILURES)."""
        self.max_failures = max_failures
        self.max_failures_per_address = max_failures_per_address or max(
            DEFAULT_ADDRESS_FAILURES, max_failures * 10
        )
        self.window_seconds = window_seconds
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _prune(self, key: str, now: float) -> deque[float]:
        stamps = self._failures[key]
        while stamps and now - stamps[0] > self.window_seconds:
            stamps.popleft()
        return stamps

    def _wait(self, stamps: deque[float], limit: int, now: float) -> float:
        if len(stamps) < limit:
            return 0.0
        return self.window_seconds - (now - stamps[-limit])

    def begin(self, name: str, addr: str | None) -> Attempt | int:
        """Count an attempt for `name` from `addr`, or, when either limit is reached, return
        the seconds until the next attempt is allowed (nothing is counted then)."""
        name_key, addr_key = f"name:{name.lower()}", f"addr:{addr}"
        now = time.monotonic()
        with self._lock:
            by_name, by_addr = self._prune(name_key, now), self._prune(addr_key, now)
            wait = max(
                self._wait(by_name, self.max_failures, now),
                self._wait(by_addr, self.max_failures_per_address, now),
            )
            if wait > 0:
                return int(wait) + 1
            by_name.append(now)
            by_addr.append(now)
        return Attempt(name_key, addr_key, now)

    def succeeded(self, attempt: Attempt) -> None:
        """The attempt was not a failure: give back its count, and clear the name's failures.
        The address keeps its other failures: one valid account must not reset an address."""
        with self._lock:
            self._failures.pop(attempt.name_key, None)
            stamps = self._failures.get(attempt.addr_key)
            if stamps is not None and attempt.stamp in stamps:
                stamps.remove(attempt.stamp)
