"""The frontier's side of a run's limits and of its end, on a real Redis
(crawler/distributed/frontier.py): what a pop takes once a limit is reached, and who
finishes a run whose other worker was killed."""

from __future__ import annotations

import redis

from crawler.distributed.frontier import Frontier


def _frontier(url: str, worker: str, *, lease_s: float = 60, max_pages: int = 0) -> Frontier:
    return Frontier(redis.Redis.from_url(url), 7, worker, lease_s, max_pages=max_pages)


def test_max_pages_counts_new_requests_not_requeued_ones(frontier_url: str) -> None:
    a = _frontier(frontier_url, "a", max_pages=2)
    for n in range(4):
        a.push(f"request {n}".encode(), n)
    assert a.pop() is not None and a.pop() is not None
    assert a.stopped() is None
    # A dead worker's request, counted when it was first popped, is still done.
    a.client.rpush(a.keys.key("requeued"), b"a dead worker's request")
    got = a.pop()
    assert got is not None and got[1:] == (b"a dead worker's request", True)
    # The third new request is refused: the run is stopped, for every worker.
    assert a.pop() is None
    assert a.stopped() == "closespider_pagecount"
    assert _frontier(frontier_url, "b").pop() is None
    assert a.waiting() == 0, "the queue reads as empty once stopped"
    assert a.client.zcard(a.keys.queue) == 2, "what is left stays (and goes with the run)"


def test_reaching_the_limit_with_nothing_left_is_a_finished_run(frontier_url: str) -> None:
    a = _frontier(frontier_url, "a", max_pages=1)
    a.push(b"the only request", 0)
    assert a.pop() is not None
    assert a.pop() is None and a.stopped() is None


def test_the_deadline_stops_every_pop(frontier_url: str) -> None:
    client = redis.Redis.from_url(frontier_url)
    Frontier.publish_run(client, "dist", 7, max_runtime_s=3600)
    a = _frontier(frontier_url, "a")
    a.push(b"request", 0)
    a.client.rpush(a.keys.key("requeued"), b"re-queued")
    # The deadline is Redis's time: put it at now rather than wait an hour.
    seconds, micros = client.time()
    client.set(a.keys.key("deadline"), seconds * 1000 + micros // 1000)
    assert a.pop() is None and a.stopped() == "closespider_timeout"


def test_a_worker_left_with_a_killed_one_finishes_the_ended_run(frontier_url: str) -> None:
    a = _frontier(frontier_url, "a")
    b = _frontier(frontier_url, "b", lease_s=0.3)
    a.join()
    b.join()  # then killed: no heartbeat, never leaves
    assert not a.leave(), "b is still in the run"
    assert a.over()
    # b's lease runs out, a reaps it and finishes the run, once.
    assert a.finish_after_others(wait_s=30)
    assert b.workers() == [] and a.dead_workers() == ["b"]
    assert not _frontier(frontier_url, "c").finish_after_others(wait_s=30)
