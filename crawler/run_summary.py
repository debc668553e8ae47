"""What a finished run reports: its summary numbers and its health problems."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from spiders.account_tally import ACCOUNTS_STAT, accounts_extracted


def run_health(profile: Any, stats: dict[str, Any], finish_reason: str) -> list[str]:
    """Problems that make a run unhealthy, in the spirit of Spidermon's monitors."""
    problems = []
    accounts = accounts_extracted(stats)
    if accounts < profile.health.min_accounts:
        problems.append(
            f"extracted {accounts} accounts (expected at least {profile.health.min_accounts}): "
            "the site or the profile's selectors may have changed"
        )
    # Accounts from posts must not hide account pages whose selectors stopped matching.
    without_key = int(stats.get("mimamori/account_pages_without_key", 0))
    account_pages = int(stats.get(ACCOUNTS_STAT, 0)) + without_key
    coverage = profile.health.min_field_coverage
    if account_pages and (account_pages - without_key) / account_pages < coverage:
        problems.append(
            f"{without_key} of {account_pages} account pages gave no account (fewer than "
            f"{coverage:.0%} did): the account page's key/handle selectors may have changed"
        )
    responses = int(stats.get("downloader/response_count", 0))
    errors = sum(
        int(v)
        for k, v in stats.items()
        if k.startswith("mimamori/errors/") and not k.endswith("robots_forbidden")
    )
    if responses and errors / max(responses, 1) > profile.health.max_error_ratio:
        problems.append(
            f"{errors} errors for {responses} responses (over {profile.health.max_error_ratio:.0%})"
        )
    if finish_reason not in ("finished",):
        problems.append(f"finished early: {finish_reason}")
    return problems


def context_started(stats: dict[str, Any], default: datetime) -> datetime:
    started = stats.get("start_time")
    if isinstance(started, datetime):
        return started if started.tzinfo else started.replace(tzinfo=UTC)
    return default


def run_summary(
    *,
    stats: dict[str, Any],
    counters: dict[str, int],
    errors: dict[str, int],
    outcome: dict[str, Any],
    resumed_from: list[int],
    reason: str,
    finished_at: datetime,
    warc_files: list[str],
    write_failures: list[str],
) -> dict[str, Any]:
    """The numbers stored on the run row and shown by `mimamori crawl`."""
    judge = outcome.get("judge")
    return {
        "pages": int(stats.get("mimamori/pages", 0)),
        "accounts": accounts_extracted(stats),
        "posts": int(stats.get("mimamori/posts", 0)),
        "responses": int(stats.get("downloader/response_count", 0)),
        "captures": counters.get("captures", 0),
        "revisits": counters.get("revisits", 0),
        "screenshots": counters.get("screenshots", 0),
        "media": counters.get("media_fetches", 0),
        "bytes": counters.get("bytes", 0),
        "errors": errors,
        "new_flags": len(judge.new_flags) if judge else 0,
        "requeued_flags": len(judge.requeued) if judge else 0,
        "judged_accounts": judge.judged if judge else 0,
        # Of those, judged by the store process while the crawl ran (crawler/flag/prejudge.py).
        "judged_during_crawl": judge.judged_during_crawl if judge else 0,
        "missing": outcome.get("missing", {}),
        "takedowns": outcome.get("takedowns", {}),
        "links": outcome.get("links", {}),
        "resumed_from_runs": resumed_from,
        "replayed": int(stats.get("mimamori/replayed", 0)),
        "finish_reason": reason,
        "retry_after_waits": int(stats.get("mimamori/retry_after_waits", 0)),
        "duration_s": round((finished_at - context_started(stats, finished_at)).total_seconds(), 2),
        "judged_s": _judged_s(stats, outcome, finished_at),
        "warc_files": list(warc_files),
        "write_failures": list(write_failures),
    }


def _judged_s(stats: dict[str, Any], outcome: dict[str, Any], finished_at: datetime) -> float:
    """Seconds from the crawl's start to the end of its judging and flagging."""
    judged_at = outcome.get("judged_at", finished_at)
    return round((judged_at - context_started(stats, finished_at)).total_seconds(), 2)
