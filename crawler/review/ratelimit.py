"""Failed-login limiter: a sliding window per client address and per user name.

In memory, per process: the review app runs as one uvicorn process, and a restart
forgetting the counters is an acceptable trade for having no extra service.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque


class LoginRateLimiter:
    def __init__(self, max_failures: int = 5, window_seconds: float = 300.0) -> None:
        self.max_failures = max_failures
        self.window_seconds = window_seconds
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _prune(self, key: str, now: float) -> deque[float]:
        stamps = self._failures[key]
        while stamps and now - stamps[0] > self.window_seconds:
            stamps.popleft()
        return stamps

    def retry_after(self, keys: list[str]) -> int:
        """Seconds until another attempt is allowed for all `keys` (0 = allowed now)."""
        now = time.monotonic()
        wait = 0.0
        with self._lock:
            for key in keys:
                stamps = self._prune(key, now)
                if len(stamps) >= self.max_failures:
                    wait = max(wait, self.window_seconds - (now - stamps[0]))
        return int(wait) + 1 if wait > 0 else 0

    def failed(self, keys: list[str]) -> None:
        now = time.monotonic()
        with self._lock:
            for key in keys:
                self._prune(key, now).append(now)

    def succeeded(self, keys: list[str]) -> None:
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)
