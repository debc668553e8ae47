"""After a scheduled run: build the digest, send it, and record how each delivery went.

Alerts never fail a crawl: `alert_after_runs` logs and records every problem (a broken
alerts.toml, a missing environment variable, a dead mail server) and returns.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from crawler.alerts.config import AlertsConfig, AlertsConfigError, load_alerts_config
from crawler.alerts.delivery import Delivery, deliver
from crawler.alerts.digest import build_digest
from crawler.alerts.message import Message, render
from storage.config import AppConfig
from storage.db import Database
from storage.models import CrawlRun

logger = logging.getLogger(__name__)
# The run row keeps the latest deliveries only: a run is re-sent by hand now and then.
KEPT_PER_RUN = 20


def compose(database: Database, config: AlertsConfig, run_ids: list[int]) -> Message | None:
    """The digest for these runs, None when `send_when = "news"` and nothing happened."""
    with database.session() as session:
        digest = build_digest(session, run_ids)
    if config.send_when == "news" and not digest.newsworthy:
        return None
    return render(digest, config)


def send_digest(
    database: Database,
    config: AlertsConfig,
    run_ids: list[int],
    *,
    environ: Mapping[str, str] | None = None,
) -> list[Delivery]:
    message = compose(database, config, run_ids)
    if message is None:
        logger.info("nothing new in runs %s; no digest sent", run_ids)
        return []
    deliveries = deliver(config, message, environ)
    for delivery in deliveries:
        if delivery.ok:
            logger.info("digest for runs %s sent to %s", run_ids, delivery.target)
        else:
            logger.error(
                "digest for runs %s not delivered to %s: %s",
                run_ids,
                delivery.target,
                delivery.error,
            )
    record_deliveries(database, run_ids, deliveries)
    return deliveries


def record_deliveries(database: Database, run_ids: list[int], deliveries: list[Delivery]) -> None:
    """On each run's `stats["alerts"]`, where `mimamori runs --json` shows it."""
    if not deliveries:
        return
    entries = [d.as_dict() for d in deliveries]
    with database.session() as session:
        for run_id in run_ids:
            run = session.get(CrawlRun, run_id)
            if run is None:
                continue
            kept = [*(run.stats or {}).get("alerts", []), *entries][-KEPT_PER_RUN:]
            run.stats = {**(run.stats or {}), "alerts": kept}


def alert_after_runs(cfg: AppConfig, database: Database, run_ids: list[int]) -> list[Delivery]:
    """Send the digest of a scheduled job's runs if alerts are configured. Never raises."""
    if not run_ids:
        return []
    try:
        config = load_alerts_config(cfg.alerts_file)
    except AlertsConfigError as exc:
        logger.error("alerts not sent: %s", exc)
        failure = [Delivery("alerts.toml", False, str(exc))]
        _record_quietly(database, run_ids, failure)
        return failure
    if config is None:
        return []
    try:
        return send_digest(database, config, run_ids)
    except Exception as exc:  # the crawl is done and recorded; an alert bug must not undo that
        logger.exception("alerts for runs %s failed", run_ids)
        failure = [Delivery("digest", False, f"{type(exc).__name__}: {exc}")]
        _record_quietly(database, run_ids, failure)
        return failure


def _record_quietly(database: Database, run_ids: list[int], deliveries: list[Delivery]) -> None:
    try:
        record_deliveries(database, run_ids, deliveries)
    except Exception:
        logger.exception("could not record the alert failure on runs %s", run_ids)
