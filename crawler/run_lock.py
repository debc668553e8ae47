"""One crawl of a profile at a time, across processes (scheduler triggers, run-now, manual crawls).

An advisory `flock` on a file in the data dir: the kernel drops it when the holder
dies, so a SIGKILLed crawl never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
import re
from pathlib import Path
from typing import IO

from storage.config import AppConfig


class ProfileBusyError(RuntimeError):
    """Another process is crawling this profile right now."""


def lock_path(cfg: AppConfig, profile_name: str) -> Path:
    safe = re.sub(r"[^\w.-]", "_", profile_name)
    return cfg.data_dir / "locks" / f"crawl-{safe}.lock"


class ProfileLock:
    """Held for the whole crawl of one profile. Use as a context manager or acquire/release."""

    def __init__(self, cfg: AppConfig, profile_name: str) -> None:
        self.profile_name = profile_name
        self.path = lock_path(cfg, profile_name)
        self._fh: IO[str] | None = None

    def acquire(self) -> ProfileLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fh = open(self.path, "a+")  # noqa: SIM115 - held until release()
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            fh.close()
            raise ProfileBusyError(
                f"profile {self.profile_name!r} is already being crawled (pid {holder}); "
                "wait for that crawl to finish, or stop it first"
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        self._fh = fh
        return self

    def release(self) -> None:
        if self._fh is not None:
            fcntl.flock(self._fh.fileno(), fcntl.LOCK_UN)
            self._fh.close()
            self._fh = None

    def __enter__(self) -> ProfileLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def is_busy(cfg: AppConfig, profile_name: str) -> bool:
    """True when some process holds the profile's crawl lock right now."""
    try:
        with ProfileLock(cfg, profile_name):
            return False
    except ProfileBusyError:
        return True
