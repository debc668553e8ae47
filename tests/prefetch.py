"""Expensive session results built in one background thread while other tests run.

While a test waits for its crawl child, its own process idles. The few large fixtures that
crawl a whole world (the demo crawl, the platform world's crawl, the change-tracking
nights) only need their own servers and data dirs, so they are started as soon as
collection has shown they will be used, in the order they will be needed, one at a time. A
fixture then waits for its result; if its turn has not come yet it builds the result
itself, as it did before. Nothing about the result changes: the same code runs with the
same arguments, only earlier.

Under pytest-xdist every worker collects every test but runs only those it is sent, so it
cannot know which results it will need. There a job offered as `shared` (a directory on
disk that tests only read) is built once for all workers, under a file lock, in the
workers' common temporary root, and is prefetched; a job holding live state of its own (a
running server) is built only when a test first asks for it, and its tests are sent to one
worker (`ONE_WORKER_FOLDERS` in conftest.py) so that it is built once.

A job's result is handed out once (module-scoped fixtures used by a second module build
theirs anew). Child processes a job started are killed when the session ends early.
"""

from __future__ import annotations

import fcntl
import functools
import os
import shutil
import subprocess
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

_PENDING, _RUNNING, _DONE, _TAKEN = "pending", "running", "done", "taken"


@dataclass
class _Job:
    build: Callable[[], Any]
    state: str = _PENDING
    value: Any = None
    error: BaseException | None = None
    done: threading.Event = field(default_factory=threading.Event)


class Prefetcher:
    def __init__(self) -> None:
        self._offers: dict[str, Callable[[pytest.Config], Any]] = {}
        self._shared: set[str] = set()
        self._jobs: dict[str, _Job] = {}
        self._lock = threading.Lock()
        self._queue: list[str] = []
        self._children: set[subprocess.Popen[str]] = set()
        self._closing = False
        self._thread: threading.Thread | None = None

    def offer(self, name: str, build: Callable[[pytest.Config], Any]) -> None:
        """Say that the fixture `name` is built by `build(config)` and may be prefetched;
        under pytest-xdist it is built in the worker whose test first asks for it."""
        self._offers[name] = build

    def offer_shared(self, name: str, build_into: Callable[[pytest.Config, Path], None]) -> None:
        """Say that the fixture `name` is a directory, filled by `build_into(config, path)`
        and only read by tests: it is prefetched, and built once for all xdist workers."""
        self._offers[name] = functools.partial(_build_shared, name, build_into)
        self._shared.add(name)

    def start(self, session: pytest.Session) -> None:
        """Queue the offered fixtures the collected tests use, in order of first use, and
        start building them in the background."""
        if session.config.option.collectonly or self._thread is not None:
            return
        with self._lock:
            in_worker = is_xdist_worker(session.config)
            for name in fixtures_in_use(session):
                if in_worker and name not in self._shared:
                    continue
                if name in self._offers and name not in self._jobs:
                    self._jobs[name] = _Job(functools.partial(self._offers[name], session.config))
                    self._queue.append(name)
        if self._queue:
            # The session's temporary root is made here, in the main thread: made for the
            # first time by two threads at once, it could become two directories.
            session.config._tmp_path_factory.getbasetemp()  # type: ignore[attr-defined]
            # A daemon thread: a session that ends early must not wait for a crawl.
            self._thread = threading.Thread(target=self._run, name="prefetch", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while True:
            with self._lock:
                if self._closing or not self._queue:
                    return
                job = self._jobs[self._queue.pop(0)]
                if job.state != _PENDING:
                    continue
                job.state = _RUNNING
            try:
                job.value = job.build()
            except BaseException as error:  # handed to the fixture that asks for it
                job.error = error
            job.state = _DONE
            job.done.set()

    def take(self, name: str, config: pytest.Config) -> Any:
        """The prefetched result of `name` (waiting for it), or built here and now."""
        with self._lock:
            job = self._jobs.get(name)
            if job is None or job.state in (_PENDING, _TAKEN):
                if job is not None:
                    job.state = _TAKEN
                job = None
        if job is None:
            return self._offers[name](config)
        job.done.wait()
        with self._lock:
            job.state = _TAKEN
        if job.error is not None:
            raise job.error
        return job.value

    def run(
        self, command: list[str], *, timeout: float, input: str | None = None, **kwargs: Any
    ) -> subprocess.CompletedProcess[str]:
        """subprocess.run(capture_output=True, text=True), with the child remembered so that
        `close` can end it if the session ends while a background job waits for it."""
        stdin = subprocess.PIPE if input is not None else None
        process = subprocess.Popen(
            command,
            stdin=stdin,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            **kwargs,
        )
        with self._lock:
            self._children.add(process)
        try:
            out, err = process.communicate(input, timeout=timeout)
        except BaseException:
            process.kill()
            process.communicate()
            raise
        finally:
            with self._lock:
                self._children.discard(process)
        return subprocess.CompletedProcess(command, process.returncode, out, err)

    def close(self) -> None:
        with self._lock:
            self._closing = True
            children = list(self._children)
        for process in children:
            if process.poll() is None:
                process.kill()
                process.wait(30)


PREFETCH = Prefetcher()


def is_xdist_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def _build_shared(
    name: str, build_into: Callable[[pytest.Config, Path], None], config: pytest.Config
) -> Path:
    """`build_into` run once into a directory that every xdist worker of this run can read:
    the first worker to ask builds it while the others wait on the lock. A build that
    failed leaves no mark, so the next worker to ask tries again and sees the error too."""
    basetemp: Path = config._tmp_path_factory.getbasetemp()  # type: ignore[attr-defined]
    if not is_xdist_worker(config):
        target = Path(config._tmp_path_factory.mktemp(name))  # type: ignore[attr-defined]
        build_into(config, target)
        return target
    root = basetemp.parent  # the run's root; each worker's basetemp is a folder in it
    target, finished = root / f"shared-{name}", root / f"shared-{name}.built"
    with open(root / f"shared-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not finished.exists():
            shutil.rmtree(target, ignore_errors=True)
            target.mkdir()
            build_into(config, target)
            finished.write_text(str(os.getpid()))
    return target


def fixtures_in_use(session: pytest.Session) -> list[str]:
    """Every fixture name the collected tests use, in the order of first use."""
    seen: dict[str, None] = {}
    for item in session.items:
        for name in getattr(item, "fixturenames", ()):
            seen.setdefault(name, None)
    return list(seen)
