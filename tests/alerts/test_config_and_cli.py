"""alerts.toml: clear errors for what is wrong, secrets refused in the file; the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from alert_world import Night, Receiver, free_port, write_alerts
from click.testing import CliRunner

from crawler.alerts.config import AlertsConfigError, load_alerts_config
from crawler.cli.main import cli

GOOD_TARGET = '[[targets]]\nname = "hook"\nurl = "json://127.0.0.1:9/x"\n'
REVIEW = 'review_url = "https://review.example.org"\n'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("review_url = [", "not valid TOML"),
        (GOOD_TARGET, "review_url must be the review app's address"),
        (REVIEW, "add at least one [[targets]]"),
        (REVIEW + "colour = 1\n" + GOOD_TARGET, "unknown key(s) colour; valid keys:"),
        (REVIEW + 'languages = ["fr"]\n' + GOOD_TARGET, "languages must be a list of ja, en"),
        (REVIEW + 'send_when = "sometimes"\n' + GOOD_TARGET, "send_when must be one of"),
        (REVIEW + GOOD_TARGET + GOOD_TARGET, "two targets have the same name"),
        (REVIEW + '[[targets]]\nname = "x"\n', "target 'x' needs a url"),
        (
            REVIEW + '[[targets]]\nname = "x"\nurl = "nosuchservice://host/abc"\n',
            "apprise does not understand this URL (scheme 'nosuchservice')",
        ),
        # Secrets belong in the environment, never in the data dir.
        (
            REVIEW + '[[targets]]\nname = "mail"\nurl = "mailtos://me:hunter22@smtp.example.org"\n',
            "has a secret written in alerts.toml",
        ),
        (
            REVIEW + '[[targets]]\nname = "slack"\n'
            'url = "https://hooks.slack.com/services/T1234ABCD/B1234ABCD/abcdefghijklmnopqrstuvwx"\n',
            "has a secret written in alerts.toml",
        ),
    ],
)
def test_wrong_configuration_is_explained(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "alerts.toml"
    path.write_text(text)
    with pytest.raises(AlertsConfigError) as caught:
        load_alerts_config(path)
    assert message in str(caught.value)
    assert str(path) in str(caught.value)
    assert "hunter22" not in str(caught.value)


def test_secrets_as_placeholders_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "alerts.toml"
    path.write_text(
        REVIEW
        + '[[targets]]\nname = "mail"\n'
        + 'url = "mailtos://me:${SMTP_PASSWORD}@smtp.example.org?to=a@example.org"\n'
        + '[[targets]]\nname = "slack"\nurl = "${SLACK_WEBHOOK}"\n'
    )
    config = load_alerts_config(path)
    assert config is not None
    assert [t.variables for t in config.targets] == [("SMTP_PASSWORD",), ("SLACK_WEBHOOK",)]
    assert config.review_url == "https://review.example.org"


def invoke(night: Night, *args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(
        cli,
        ["--data-dir", str(night.cfg.data_dir), "alerts", *args],
        env={"MIMAMORI_DB": None, **(env or {})},
    )


def test_preview_prints_the_digest_and_where_it_would_go(night: Night) -> None:
    write_alerts(
        night.cfg,
        REVIEW + '[[targets]]\nname = "chat"\nurl = "mmost://127.0.0.1:9/${CHAT_TOKEN}"\n',
    )
    result = invoke(night, "preview", "--run", str(night.good_run), env={"CHAT_TOKEN": ""})
    assert result.exit_code == 0, result.output
    assert "Subject: mimamori: 新規フラグ 2 件" in result.output
    assert "New flags: 2 (1 may involve minors" in result.output
    assert "chat  [mmost]  MISSING environment: CHAT_TOKEN" in result.output
    for name in night.names():
        assert name not in result.output
    # Without --run: the newest run that has ended (here the crashed one).
    latest = invoke(night, "preview")
    assert f"Run {night.bad_run} " in latest.output and "Health check: FAILED" in latest.output


def test_cli_errors_are_clear(night: Night) -> None:
    missing = invoke(night, "preview")
    assert missing.exit_code == 1
    assert "no alerts are configured" in missing.output and "[[targets]]" in missing.output
    write_alerts(night.cfg, REVIEW + GOOD_TARGET)
    unknown = invoke(night, "send", "--run", "999")
    assert unknown.exit_code == 1 and "no run with id 999" in unknown.output


def test_send_reports_each_target_and_fails_on_a_dead_one(
    night: Night, webhook_receiver: Receiver
) -> None:
    write_alerts(
        night.cfg,
        REVIEW
        + f'[[targets]]\nname = "hook"\nurl = "json://{webhook_receiver.url}/d"\n'
        + '[[targets]]\nname = "mail"\n'
        + f'url = "mailto://127.0.0.1:{free_port()}?from=a@example.org&to=b@example.org&mode=insecure"\n',
    )
    result = invoke(night, "send", "--run", str(night.good_run))
    assert result.exit_code == 1
    assert "hook: sent" in result.output and "mail: FAILED" in result.output
    assert len(webhook_receiver.posts) == 1
