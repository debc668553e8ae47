"""The shared frontier of a distributed run in Redis: which run a profile is on, the leased
request queue, the workers and their heartbeats (docs/architecture.md, "Distributed crawl").

scrapy-redis keeps the queue (a sorted set) and the duplicate filter; a request it pops is
forgotten, so a killed worker would lose it. Here a pop moves the request into the worker's
in-flight hash in the same Lua call, and only an ack (after the page's rows are committed)
removes it. A worker whose heartbeat key expired is dead: any other worker moves its
in-flight requests to the `requeued` list, which is popped before the queue.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import redis

from crawler.distributed.frontier_url import FrontierAuthError, auth_message, with_password

# Requests popped from `requeued` come first, then the sorted set (lowest score first).
# The run's limits are checked here, once for every worker: past the deadline nothing is
# popped; past `max_pages` new requests are not (a re-queued one was counted when it was
# first popped). A refusal marks the run stopped with Scrapy's close reason, so every
# worker closes with it. {2, reason}: stopped; {1|0, data}: re-queued or not.
_POP = """
local stop = redis.call('GET', KEYS[4])
if stop then return {2, stop} end
if redis.call('LLEN', KEYS[1]) + redis.call('ZCARD', KEYS[2]) == 0 then return nil end
local deadline = tonumber(redis.call('GET', KEYS[6]) or '0')
if deadline > 0 then
  local t = redis.call('TIME')
  if t[1] * 1000 + math.floor(t[2] / 1000) >= deadline then
    redis.call('SET', KEYS[4], 'closespider_timeout')
    return {2, 'closespider_timeout'}
  end
end
local data = redis.call('LPOP', KEYS[1])
local requeued = 1
if not data then
  requeued = 0
  local most = tonumber(ARGV[2])
  if most > 0 and tonumber(redis.call('GET', KEYS[5]) or '0') >= most then
    redis.call('SET', KEYS[4], 'closespider_pagecount')
    return {2, 'closespider_pagecount'}
  end
  data = redis.call('ZRANGE', KEYS[2], 0, 0)[1]
  redis.call('ZREM', KEYS[2], data)
  redis.call('INCR', KEYS[5])
end
redis.call('HSET', KEYS[3], ARGV[1], data)
return {requeued, data}
"""
# A dead worker's in-flight requests back to the front, and the worker out of the run.
_REAP = """
local items = redis.call('HVALS', KEYS[1])
for _, d in ipairs(items) do redis.call('RPUSH', KEYS[2], d) end
redis.call('DEL', KEYS[1])
redis.call('SREM', KEYS[3], ARGV[1])
return #items
"""

PROFILE_RUN_KEY = "mimamori:profile:{profile}:run"
ACTIVE_RUNS_KEY = "mimamori:runs"


def connect(url: str) -> redis.Redis:
    """A client of the frontier, with the password from the environment when the URL has
    none (crawler/distributed/frontier_url.py)."""
    client = redis.Redis.from_url(with_password(url))
    try:
        client.ping()
    except redis.AuthenticationError as exc:
        raise FrontierAuthError(auth_message(url, exc)) from None
    except redis.ResponseError as exc:
        if "NOAUTH" not in str(exc):
            raise
        raise FrontierAuthError(auth_message(url, exc)) from None
    return client


@dataclass(frozen=True)
class RunKeys:
    run_id: int

    @property
    def prefix(self) -> str:
        return f"mimamori:run:{self.run_id}"

    def key(self, name: str) -> str:
        return f"{self.prefix}:{name}"

    @property
    def queue(self) -> str:
        return self.key("requests")

    @property
    def dupefilter(self) -> str:
        return self.key("dupefilter")

    def inflight(self, worker: str) -> str:
        return self.key(f"inflight:{worker}")

    def alive(self, worker: str) -> str:
        return self.key(f"alive:{worker}")

    @property
    def stop(self) -> str:
        """Set when a limit cut the run: Scrapy's close reason (closespider_pagecount...)."""
        return self.key("stop")


class Frontier:
    """One run's keys on one Redis connection; every method is a few round trips at most."""

    def __init__(
        self, client: redis.Redis, run_id: int, worker: str, lease_s: float, max_pages: int = 0
    ) -> None:
        self.client = client
        self.keys = RunKeys(run_id)
        self.worker = worker
        self.lease_ms = int(lease_s * 1000)
        # The profile's `limits.max_pages`, for the run as a whole (0: none).
        self.max_pages = max_pages
        self._pop = client.register_script(_POP)
        self._reap = client.register_script(_REAP)

    # -- runs -------------------------------------------------------------------------
    @staticmethod
    def publish_run(
        client: redis.Redis, profile: str, run_id: int, max_runtime_s: float = 0
    ) -> None:
        """Make `run_id` the profile's current distributed run (the seeding worker does).
        `max_runtime_s` (the profile's limit) becomes one deadline on Redis's clock for every
        worker, however late it joins."""
        keys = RunKeys(run_id)
        pipe = client.pipeline()
        if max_runtime_s:
            seconds, micros = client.time()
            deadline_ms = seconds * 1000 + micros // 1000 + int(max_runtime_s * 1000)
            pipe.set(keys.key("deadline"), deadline_ms)
        pipe.set(keys.key("seeding"), 1)
        pipe.set(keys.key("profile"), profile)
        pipe.set(PROFILE_RUN_KEY.format(profile=profile), run_id)
        pipe.sadd(ACTIVE_RUNS_KEY, run_id)
        pipe.execute()

    @staticmethod
    def current_run(client: redis.Redis, profile: str) -> int | None:
        value = client.get(PROFILE_RUN_KEY.format(profile=profile))
        return int(value) if value is not None else None

    @staticmethod
    def active_runs(client: redis.Redis) -> dict[int, str]:
        """Run id -> profile name of every run that is not finished yet."""
        out = {}
        for raw in client.smembers(ACTIVE_RUNS_KEY):
            run_id = int(raw)
            profile = client.get(RunKeys(run_id).key("profile"))
            if profile is not None:
                out[run_id] = profile.decode()
        return out

    def seeded(self) -> None:
        self.client.delete(self.keys.key("seeding"))

    # -- workers ----------------------------------------------------------------------
    def join(self) -> None:
        pipe = self.client.pipeline()
        pipe.sadd(self.keys.key("workers"), self.worker)
        pipe.set(self.keys.alive(self.worker), 1, px=self.lease_ms)
        pipe.execute()

    def heartbeat(self) -> None:
        self.client.set(self.keys.alive(self.worker), 1, px=self.lease_ms)

    def workers(self) -> list[str]:
        return sorted(w.decode() for w in self.client.smembers(self.keys.key("workers")))

    def reap_dead(self) -> dict[str, int]:
        """Re-queue the in-flight requests of every worker whose lease ran out."""
        reaped = {}
        for worker in self.workers():
            if worker == self.worker or self.client.exists(self.keys.alive(worker)):
                continue
            count = self._reap(
                keys=[
                    self.keys.inflight(worker),
                    self.keys.key("requeued"),
                    self.keys.key("workers"),
                ],
                args=[worker],
            )
            self.client.sadd(self.keys.key("dead"), worker)
            reaped[worker] = int(count)
        return reaped

    def requeue_own(self) -> int:
        """Give back this worker's unfinished requests now (a stop, not a kill): the others
        need not wait for the lease to run out. Removes this worker from the run."""
        keys = [
            self.keys.inflight(self.worker),
            self.keys.key("requeued"),
            self.keys.key("workers"),
        ]
        return int(self._reap(keys=keys, args=[self.worker]))

    def dead_workers(self) -> list[str]:
        return sorted(w.decode() for w in self.client.smembers(self.keys.key("dead")))

    # -- requests ---------------------------------------------------------------------
    def push(self, data: bytes, score: float, *, ack: str | None = None) -> None:
        """Queue a request; `ack` hands over the lease of the request it replaces (a retry
        or a redirect) in the same transaction, so it is never in neither place."""
        pipe = self.client.pipeline()
        pipe.zadd(self.keys.queue, {data: score})
        if ack:
            pipe.hdel(self.keys.inflight(self.worker), ack)
        pipe.execute()

    def pop(self) -> tuple[str, bytes, bool] | None:
        """(lease id, encoded request, re-queued?) or None when nothing is waiting."""
        lease = uuid.uuid4().hex
        keys = [self.keys.key("requeued"), self.keys.queue, self.keys.inflight(self.worker)]
        keys += [self.keys.stop, self.keys.key("pages"), self.keys.key("deadline")]
        got = self._pop(keys=keys, args=[lease, self.max_pages])
        if not got or int(got[0]) == 2:
            return None
        requeued, data = got
        return lease, data, bool(int(requeued))

    def stopped(self) -> str | None:
        """The close reason of a limit that cut the run (the same for every worker)."""
        value = self.client.get(self.keys.stop)
        return value.decode() if value is not None else None

    def ack(self, leases: list[str]) -> None:
        if leases:
            self.client.hdel(self.keys.inflight(self.worker), *leases)

    def waiting(self) -> int:
        """Requests a worker may still take: none once a limit stopped the run (what is
        left in the queue is not done, and goes with the run's keys)."""
        pipe = self.client.pipeline()
        pipe.exists(self.keys.stop)
        pipe.zcard(self.keys.queue)
        pipe.llen(self.keys.key("requeued"))
        stopped, *counts = pipe.execute()
        return 0 if stopped else sum(counts)

    def in_flight(self) -> int:
        pipe = self.client.pipeline()
        for worker in self.workers():
            pipe.hlen(self.keys.inflight(worker))
        return sum(pipe.execute())

    def drained(self) -> bool:
        """Nothing waiting, nothing in flight anywhere, and the start URLs all seeded."""
        if self.client.exists(self.keys.key("seeding")):
            return False
        return self.waiting() == 0 and self.in_flight() == 0

    # -- the end of the run -------------------------------------------------------------
    def report(self, stats: dict[str, Any]) -> None:
        self.client.hset(self.keys.key("stats"), self.worker, json.dumps(stats, default=str))

    def leave(self) -> bool:
        """Leave the run; True for exactly one worker: the last one, which finishes the run."""
        pipe = self.client.pipeline()
        pipe.srem(self.keys.key("workers"), self.worker)
        pipe.scard(self.keys.key("workers"))
        remaining = pipe.execute()[-1]
        if remaining or not self.over():
            return False
        return self._take_finish()

    def over(self) -> bool:
        """Nothing more will be done on the run: drained, or stopped by a limit (then the
        seeding may never have ended, and what is still queued stays undone)."""
        return self.stopped() is not None or self.drained()

    def _take_finish(self) -> bool:
        return bool(self.client.set(self.keys.key("finisher"), self.worker, nx=True))

    def finish_after_others(
        self, wait_s: float, reap: Callable[[], object] | None = None, poll_s: float = 0.2
    ) -> bool:
        """After leaving an ended run with others still on it: True when this worker is the
        one to finish it after all. A worker that left finishes it itself; a killed one
        never leaves, so its lease must run out first (then it is reaped here). Gives up
        after `wait_s` (a live worker still on a page finishes the run when it leaves).
        `reap`: how dead workers are reaped (the lifecycle also repairs their WARC files)."""
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            (reap or self.reap_dead)()
            if self.client.exists(self.keys.key("finisher")):
                return False
            if not self.client.scard(self.keys.key("workers")):
                return self._take_finish()
            time.sleep(poll_s)
        return False

    def gone(self) -> None:
        """The heartbeat ends last, after the run is finished: until then a waiting
        seeder (`wait_for_finish`) sees that someone is still on the run."""
        self.client.delete(self.keys.alive(self.worker))

    def anyone_on_it(self) -> bool:
        """A worker of the run, or the one finishing it, is still alive."""
        names = set(self.workers())
        finisher = self.client.get(self.keys.key("finisher"))
        if finisher is not None:
            names.add(finisher.decode())
        return any(self.client.exists(self.keys.alive(name)) for name in names)

    def worker_reports(self) -> dict[str, dict[str, Any]]:
        raw = self.client.hgetall(self.keys.key("stats"))
        return {k.decode(): json.loads(v) for k, v in raw.items()}

    def close_run(self, profile: str) -> None:
        """Forget the finished run: its queue, filter and worker keys (the rows stay)."""
        pipe = self.client.pipeline()
        pipe.srem(ACTIVE_RUNS_KEY, self.keys.run_id)
        current = PROFILE_RUN_KEY.format(profile=profile)
        if self.current_run(self.client, profile) == self.keys.run_id:
            pipe.delete(current)
        for key in self.client.scan_iter(match=f"{self.keys.prefix}:*"):
            pipe.delete(key)
        pipe.execute()
