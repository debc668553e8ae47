"""Sending the digest to a real SMTP server and a real webhook receiver on 127.0.0.1."""

from __future__ import annotations

import json
import logging

import pytest
from alert_world import Night, Receiver, SmtpInbox, free_port, mail_text, write_alerts
from sqlalchemy import select

from crawler.alerts.config import load_alerts_config
from crawler.alerts.notify import alert_after_runs, send_digest
from storage.models import CrawlRun

TOKEN = "mmtoken0123456789secret"
PASSWORD = "s3cret-smtp-pass"


def alerts_toml(smtp_port: int, receiver: Receiver, *, smtp_password: bool = False) -> str:
    auth = "alerts:${TEST_SMTP_PASSWORD}@" if smtp_password else ""
    return f"""
review_url = "https://review.example.org/"

[[targets]]
name = "analysts-mail"
url = "mailto://{auth}127.0.0.1:{smtp_port}?from=alerts@example.org&to=analysts@example.org&mode=insecure"

[[targets]]
name = "generic-json"
url = "json://{receiver.url}/digest"

[[targets]]
name = "team-chat"
url = "mmost://{receiver.url}/${{TEST_CHAT_TOKEN}}"
"""


def stored_alerts(night: Night, run_id: int) -> list[dict]:
    with night.db.session() as session:
        run = session.scalar(select(CrawlRun).where(CrawlRun.id == run_id))
        assert run is not None
        return list(run.stats.get("alerts", []))


def test_mail_and_webhooks_carry_the_digest_without_names(
    night: Night, smtp_server: SmtpInbox, webhook_receiver: Receiver, monkeypatch
) -> None:
    monkeypatch.setenv("TEST_CHAT_TOKEN", TOKEN)
    write_alerts(night.cfg, alerts_toml(smtp_server.port, webhook_receiver))
    config = load_alerts_config(night.cfg.alerts_file)
    assert config is not None
    deliveries = send_digest(night.db, config, [night.good_run])
    assert [(d.target, d.ok) for d in deliveries] == [
        ("analysts-mail", True),
        ("generic-json", True),
        ("team-chat", True),
    ]
    [mail] = smtp_server.messages
    assert mail["To"] == "analysts@example.org"
    payloads = {path: body for path, body in webhook_receiver.posts}
    assert set(payloads) == {"/digest", f"/hooks/{TOKEN}"}
    texts = {
        "mail": mail_text(mail),
        "json": payloads["/digest"]["title"] + "\n" + payloads["/digest"]["message"],
        "chat": json.dumps(payloads[f"/hooks/{TOKEN}"], ensure_ascii=False),
    }
    for where, text in texts.items():
        assert "New flags: 2 (1 may involve minors" in text.replace("\\n", "\n"), where
        assert f"https://review.example.org/review/{night.seller_flag}" in text, where
        for name in night.names():
            assert name not in text, (where, name)
    # Recorded on the run, without the token the environment gave.
    recorded = stored_alerts(night, night.good_run)
    assert [r["target"] for r in recorded] == ["analysts-mail", "generic-json", "team-chat"]
    assert TOKEN not in json.dumps(recorded)


def test_a_dead_mail_server_is_recorded_and_the_chat_still_gets_it(
    night: Night, webhook_receiver: Receiver, monkeypatch, caplog
) -> None:
    monkeypatch.setenv("TEST_CHAT_TOKEN", TOKEN)
    monkeypatch.setenv("TEST_SMTP_PASSWORD", PASSWORD)
    dead_port = free_port()  # nothing listens there
    write_alerts(night.cfg, alerts_toml(dead_port, webhook_receiver, smtp_password=True))
    with caplog.at_level(logging.DEBUG):
        deliveries = alert_after_runs(night.cfg, night.db, [night.good_run])
    outcome = {d.target: d for d in deliveries}
    assert not outcome["analysts-mail"].ok and outcome["analysts-mail"].error
    assert outcome["generic-json"].ok and outcome["team-chat"].ok
    assert len(webhook_receiver.posts) == 2
    recorded = stored_alerts(night, night.good_run)
    assert [(r["target"], r["ok"]) for r in recorded] == [
        ("analysts-mail", False),
        ("generic-json", True),
        ("team-chat", True),
    ]
    assert "not delivered to analysts-mail" in caplog.text
    for secret in (PASSWORD, TOKEN):
        assert secret not in caplog.text
        assert secret not in json.dumps(recorded)


def test_a_missing_environment_variable_is_a_recorded_failure(
    night: Night, smtp_server: SmtpInbox, webhook_receiver: Receiver, monkeypatch
) -> None:
    monkeypatch.delenv("TEST_CHAT_TOKEN", raising=False)
    write_alerts(night.cfg, alerts_toml(smtp_server.port, webhook_receiver))
    deliveries = alert_after_runs(night.cfg, night.db, [night.good_run])
    chat = next(d for d in deliveries if d.target == "team-chat")
    assert not chat.ok and "TEST_CHAT_TOKEN" in chat.error
    assert len(smtp_server.messages) == 1  # the others still went out


def test_a_broken_alerts_file_never_raises_and_is_recorded(night: Night) -> None:
    write_alerts(night.cfg, "review_url = [unclosed")
    [failure] = alert_after_runs(night.cfg, night.db, [night.good_run])
    assert not failure.ok and "not valid TOML" in failure.error
    assert stored_alerts(night, night.good_run)[0]["target"] == "alerts.toml"


def test_no_alerts_file_sends_nothing(night: Night) -> None:
    assert alert_after_runs(night.cfg, night.db, [night.good_run]) == []
    assert stored_alerts(night, night.good_run) == []


@pytest.mark.parametrize("news", [True, False])
def test_send_when_news_skips_quiet_nights(
    night: Night, webhook_receiver: Receiver, news: bool
) -> None:
    with night.db.session() as session:
        quiet = CrawlRun(
            profile="demo-social",
            platform="demo-social",
            status="finished",
            health_ok=True,
            tool_version="t",
        )
        session.add(quiet)
        session.flush()
        quiet_id = quiet.id
    when = 'send_when = "news"\n' if news else ""
    write_alerts(
        night.cfg,
        f'review_url = "http://127.0.0.1:8000"\n{when}'
        f'[[targets]]\nname = "hook"\nurl = "json://{webhook_receiver.url}/q"\n',
    )
    alert_after_runs(night.cfg, night.db, [quiet_id])
    assert len(webhook_receiver.posts) == (0 if news else 1)


def test_records_made_while_sending_are_scrubbed_in_every_logger(caplog) -> None:
    from crawler.alerts.delivery import Scrubber, _apprise_log

    secret = "tok-9f8e7d6c"
    urllib3_log = logging.getLogger("urllib3.connectionpool")
    with caplog.at_level(logging.DEBUG):
        with _apprise_log(Scrubber([secret])):
            urllib3_log.debug('"POST /hooks/%s HTTP/1.1" 200', secret)
            try:
                raise ConnectionError("Max retries exceeded with url: /hooks/" + secret)
            except ConnectionError:
                logging.getLogger("apprise").exception("send failed")
        urllib3_log.debug("after sending: /hooks/%s", secret)
    assert caplog.text.count("/hooks/***") == 2
    assert caplog.text.count("/hooks/" + secret) == 1  # only the record made after sending
